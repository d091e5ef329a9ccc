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
from nlp.read import decode, read_source
from nlp.read.pdf import MAX_PAGES, looks_like_pdf, read_pdf
from nlp.read.source import PDF_ENCODING
from nlp.paragraphs.linear_model import default_model
from nlp.segment import segment

Labeller = Callable[[str, str, Sequence[str]], Labelled]
"""(paragraph text, kind, section titles from the top) → label with scores."""


def tag_text(text: str, doc_id: str = "doc", source: str = "", encoding: str = "utf-8",
             labeller: Labeller | None = None, pages: tuple[tuple[int, int], ...] = ()) -> Document:
    if not isinstance(text, str):
        raise NotText(f"text must be str, got {type(text).__name__}"
                      + (" (decode bytes first, or use tag_bytes)" if isinstance(text, (bytes, bytearray)) else ""))
    labeller = labeller or default_model()
    sections, paragraphs, sentences = segment(text)
    paths = section_paths(sections)
    labels = _labels(text, paragraphs, paths, labeller)
    return Document(doc_id, source, encoding, text, sections, paragraphs, sentences,
                    tuple(find_entities(text)), labels, pages)


def tag_path(path: str | Path, labeller: Labeller | None = None, max_bytes: int | None = None,
             max_pages: int | None = MAX_PAGES) -> Document:
    """Tag a text file, or a PDF's text layer (its pages kept on the document). ``max_bytes``
    (counted while reading) refuses a larger text file with :class:`nlp.read.text.TooLarge`;
    ``max_pages`` a longer PDF."""
    text, encoding, pages = read_source(path, max_pages, max_bytes)
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


def _labels(text: str, paragraphs: Sequence[Paragraph], paths: dict[int | None, tuple[str, ...]],
            labeller: Labeller) -> tuple[Labelled, ...]:
    """One label per paragraph. A paragraph split by page breaks is labelled as a whole: its
    parts (linked by ``continues``) are joined once, and the label of the whole chain, with the
    kind and section of its last part, is every part's label. Each chain is built and labelled
    once, so the work stays linear in the text however many pages a paragraph runs over."""
    chain_of: list[int] = []                   # paragraph id → id of the first part of its chain
    chains: dict[int, list[Paragraph]] = {}
    for p in paragraphs:
        first = p.id if p.continues is None else chain_of[p.continues]
        chain_of.append(first)
        chains.setdefault(first, []).append(p)
    labelled: dict[int, Labelled] = {}
    for first, parts in chains.items():
        last = parts[-1]
        whole = "".join(text[part.start:part.end] for part in parts)
        labelled[first] = labeller(whole, last.kind, paths.get(last.section, ()))
    return tuple(labelled[first] for first in chain_of)
