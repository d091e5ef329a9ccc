"""The document model: immutable spans with exact offsets into the decoded text (SPEC §2).

Every span is ``[start, end)`` in Python code points into ``Document.text`` exactly as decoded
(a leading BOM removed, nothing else normalised). The objects are plain immutable records so
that the core stays import-light and the adapters (JSON, spaCy, datasets, pandas) can read
them without knowing how they were made.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Mapping, NamedTuple

PARAGRAPH_LABELS = ("职能", "重点工作", "三公", "绩效目标", "其他")
"""The classifier's labels (SPEC §3), in a fixed order used for score vectors and ClassLabels."""

PARAGRAPH_LABELS_EN = {"职能": "duties", "重点工作": "key work", "三公": "three public",
                       "绩效目标": "performance", "其他": "other"}
"""English names of the labels, for plots on machines without a CJK font and for readers."""

PARAGRAPH_KINDS = ("text", "table", "toc", "noise")
"""``text``: prose or a list item; ``table``: a flattened table; ``toc``: table-of-contents
entries; ``noise``: page numbers, running headers, form feeds' neighbours and template junk kept
so that nothing is dropped."""

ENTITY_LABELS = ("AMOUNT", "PERCENT", "EXP_CODE")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it until the next heading of the same or a higher level."""

    id: int
    parent: int | None
    level: int
    marker: str          # the numbering as written ("一、", "（二）", "1.") or "" if unnumbered
    title: str           # the heading text without its marker, whitespace-joined if wrapped
    heading: tuple[int, int]
    start: int           # the section covers [start, end): its heading and its body
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: int
    section: int | None
    kind: str
    start: int
    end: int
    continues: int | None = None   # the paragraph this one carries on across a page break


@dataclass(frozen=True, slots=True)
class Sentence:
    paragraph: int
    start: int
    end: int


class Entity(NamedTuple):
    """A labelled span; ``attrs`` holds the normalised attributes of SPEC §4 (value, unit, code…).

    A NamedTuple rather than a frozen dataclass like its neighbours: entity creation is the
    tagger's hot path, and a tuple is built three times faster. ``attrs`` is read-only: entities
    written alike (the same amount twice) share their ``text`` and ``attrs`` objects, which keeps
    entity-dense text small in memory (copy it with ``dict(e.attrs)`` to change it)."""

    label: str
    start: int
    end: int
    text: str
    attrs: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Labelled:
    """A paragraph label with its per-label probabilities."""

    label: str
    scores: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded text and everything found in it."""

    doc_id: str
    source: str
    encoding: str
    text: str
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    labels: tuple[Labelled, ...] = ()   # parallel to ``paragraphs``
    pages: tuple[tuple[int, int], ...] = ()
    """A PDF source's pages: ``[start, end)`` of page *i*'s text at index *i* (form feed lines
    between them belong to none); empty for a text file."""

    def page_of(self, offset: int) -> int | None:
        """The index of the page an offset lies on (a page break counts with the page before
        it); None for a text file."""
        if not self.pages:
            return None
        return max(0, bisect_right(self.pages, offset, key=itemgetter(0)) - 1)
