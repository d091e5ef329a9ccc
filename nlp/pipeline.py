"""The tag path: decoded text → segment → entities → paragraph labels → :class:`Document`.

Pure and import-light (no spaCy, scikit-learn or pandas), so that ``python -m nlp.tag`` starts
fast. The paragraph labeller is a parameter: the shipped classifier
(:func:`nlp.paragraphs.linear_model.default_model`) unless another is given, e.g.
:func:`nlp.paragraphs.rules.label_paragraph` or a model loaded with :func:`nlp.paragraphs.linear_model.load`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from nlp.entities import find_entities
from nlp.errors import NotText
from nlp.model import Document, Labelled, Paragraph, Section
from nlp.read import decode, read_path
from nlp.paragraphs.linear_model import default_model
from nlp.segment import segment

Labeller = Callable[[str, str, Sequence[str]], Labelled]
"""(paragraph text, kind, section titles from the top) → label with scores."""


def tag_text(text: str, doc_id: str = "doc", source: str = "", encoding: str = "utf-8",
             labeller: Labeller | None = None) -> Document:
    if not isinstance(text, str):
        raise NotText(f"text must be str, got {type(text).__name__}"
                      + (" (decode bytes first, or use tag_bytes)" if isinstance(text, (bytes, bytearray)) else ""))
    labeller = labeller or default_model()
    sections, paragraphs, sentences = segment(text)
    paths = section_paths(sections)
    labels = tuple(labeller(_paragraph_text(text, p, paragraphs), p.kind, paths.get(p.section, ()))
                   for p in paragraphs)
    return Document(doc_id, source, encoding, text, sections, paragraphs, sentences,
                    tuple(find_entities(text)), labels)


def tag_path(path: str | Path, labeller: Labeller | None = None, max_bytes: int | None = None) -> Document:
    """Tag a file; ``max_bytes`` (counted while reading) refuses a larger one with
    :class:`nlp.read.text.TooLarge`."""
    text, encoding = read_path(path, max_bytes)
    path = Path(path)
    return tag_text(text, path.stem, str(path), encoding, labeller)


def tag_bytes(data: bytes, doc_id: str, source: str, labeller: Labeller | None = None) -> Document:
    text, encoding = decode(data, source)
    return tag_text(text, doc_id, source, encoding, labeller)


def section_paths(sections: Sequence[Section]) -> dict[int | None, tuple[str, ...]]:
    """Section id → the titles of it and its ancestors, outermost first (parents come first)."""
    paths: dict[int | None, tuple[str, ...]] = {None: ()}
    for s in sections:
        paths[s.id] = paths[s.parent] + (s.title,)
    return paths


def innermost_section(sections: Sequence[Section], offset: int) -> int | None:
    """The deepest section covering ``offset`` (sections come in document order, children after
    their parent), or None before the first heading: how an offset-anchored gold record finds
    the section path the tagger would give it."""
    covering = [s.id for s in sections if s.start <= offset < s.end]
    return covering[-1] if covering else None


def _paragraph_text(text: str, paragraph: Paragraph, paragraphs: Sequence[Paragraph]) -> str:
    """A paragraph split by a page break is labelled as a whole: its text includes the parts
    it continues."""
    parts = [text[paragraph.start:paragraph.end]]
    current = paragraph
    while current.continues is not None:
        current = paragraphs[current.continues]
        parts.append(text[current.start:current.end])
    return "".join(reversed(parts))
