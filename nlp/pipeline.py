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
from nlp.model import Document, Labelled, Paragraph, Section
from nlp.read import decode, read_source
from nlp.read.pdf import MAX_PAGES, looks_like_pdf, read_pdf
from nlp.read.source import PDF_ENCODING
from nlp.paragraphs.linear_model import default_model
from nlp.segment import segment

Labeller = Callable[[str, str, Sequence[str]], Labelled]
"""(paragraph text, kind, section titles from the top) → label with scores."""


def tag_text(text: str, doc_id: str = "doc", source: str = "", encoding: str = "utf-8",
             labeller: Labeller | None = None, pages: tuple[tuple[int, int], ...] = ()) -> Document:
    labeller = labeller or default_model()
    sections, paragraphs, sentences = segment(text)
    paths = section_paths(sections)
    labels = tuple(labeller(_paragraph_text(text, p, paragraphs), p.kind, paths.get(p.section, ()))
                   for p in paragraphs)
    return Document(doc_id, source, encoding, text, sections, paragraphs, sentences,
                    tuple(find_entities(text)), labels, pages)


def tag_path(path: str | Path, labeller: Labeller | None = None, max_pages: int | None = MAX_PAGES) -> Document:
    """Tag a text file, or a PDF's text layer (its pages kept on the document)."""
    text, encoding, pages = read_source(path, max_pages)
    path = Path(path)
    return tag_text(text, path.stem, str(path), encoding, labeller, pages)


def tag_bytes(data: bytes, doc_id: str, source: str, labeller: Labeller | None = None,
              max_pages: int | None = MAX_PAGES) -> Document:
    """Tag the bytes of a text file or of a PDF (by its header)."""
    if looks_like_pdf(data):
        text, pages = read_pdf(data, max_pages, source)
        return tag_text(text, doc_id, source, PDF_ENCODING, labeller, pages)
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
