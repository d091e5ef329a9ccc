"""Tidy pandas frames of tagged documents: one row per paragraph, sentence, section or entity.

``nlp.frames`` (this module, re-exported) turns a folder of disclosures, or the JSON Lines that
``python -m nlp.tag --format jsonl`` wrote, into DataFrames for analysis::

    from nlp import frames
    paragraphs = frames.paragraphs("disclosures/")          # text and PDF files, folders, globs
    entities = frames.entities("tagged.jsonl")               # or records tagged earlier

Every row carries ``doc_id``, its span (``start``, ``end``: code points into the document's text),
its ``text`` (that slice of the text), its ``page`` (PDF sources; null for text files) and its
section (``section_id``, the innermost ``section`` title and the ``section_path`` from the top).
Entities carry the ``paragraph_id`` and ``sentence_id`` they lie in (null for an entity in a
heading) and that paragraph's ``paragraph_label``, so that amounts per label are one pivot.

Types are declared, never inferred (:func:`schema`): the same columns and dtypes for one
document or 5,000, with or without a PDF among them. Frames are Arrow-backed
(``pd.ArrowDtype``): integers that may be missing stay integers, and an entity's ``value`` is
an exact ``decimal128(38, 6)`` (money in yuan, percent points), never a float — see the value
rule in the README; ``value_str`` holds the exact decimal as a string too (and is the only
value when a number has more than 6 decimal places or 32 integer digits, which no
``decimal128(38, 6)`` holds exactly).

Memory: documents are read and converted a chunk at a time (:func:`batches`); the frame
functions concatenate the chunks (Arrow, about the size of the text for ``paragraphs``);
:func:`to_parquet` writes all four frames in one pass without ever holding more than a chunk,
for runs that should not be in memory at all. pandas and pyarrow are imported when a frame is
built, not when ``nlp`` is.

Hook for facts: :data:`FRAMES` maps a frame's name to its schema and row builder; the facts
frame of SPEC §9 registers itself there (``register_frame``) when ``nlp.facts`` exists.
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from nlp.model import PARAGRAPH_LABELS, Document

if TYPE_CHECKING:
    import pandas
    import pyarrow

Source = "str | os.PathLike | Document | Mapping[str, Any] | Iterable[...]"
"""What the frame functions take: a path (a text or PDF file, a folder of them, a glob, or a
``.jsonl`` file of tagged records), a :class:`Document`, a ``budget-doc/1`` record, or an
iterable of any of these."""

CHUNK_DOCUMENTS = 16
"""Documents converted per Arrow batch: large enough for Arrow to be efficient, small enough
that a chunk of 5,000 documents' worth of text never has to be held at once."""

VALUE_TYPE = ("decimal128", 38, 6)
"""The Arrow type of an entity's ``value``: exact, 32 integer digits and 6 decimal places."""


class FramesError(ValueError):
    """A record that cannot be made into rows: its source text is gone or changed."""


# --- schemas -------------------------------------------------------------------------------------

def _common(pa: Any) -> list:
    return [pa.field("doc_id", pa.string(), nullable=False)]


def _section_fields(pa: Any) -> list:
    return [pa.field("section_id", pa.int32()), pa.field("section", pa.string()),
            pa.field("section_path", pa.list_(pa.string()))]


@lru_cache(maxsize=None)
def schema(frame: str) -> "pyarrow.Schema":
    """The declared Arrow schema of a frame: ``paragraphs``, ``sentences``, ``sections`` or
    ``entities`` (or a frame registered later, such as ``facts``)."""
    import pyarrow as pa

    span = [pa.field("start", pa.int64(), nullable=False), pa.field("end", pa.int64(), nullable=False),
            pa.field("page", pa.int32())]
    text = [pa.field("text", pa.string())]
    fields = {
        "paragraphs": [*_common(pa), pa.field("paragraph_id", pa.int32(), nullable=False), *span,
                       *_section_fields(pa), pa.field("kind", pa.string()), pa.field("label", pa.string()),
                       pa.field("score", pa.float64()),
                       *(pa.field(f"score_{label}", pa.float64()) for label in PARAGRAPH_LABELS),
                       pa.field("continues", pa.int32()), *text],
        "sentences": [*_common(pa), pa.field("sentence_id", pa.int32(), nullable=False),
                      pa.field("paragraph_id", pa.int32()), *span, *_section_fields(pa),
                      pa.field("paragraph_label", pa.string()), *text],
        "sections": [*_common(pa), pa.field("section_id", pa.int32(), nullable=False),
                     pa.field("parent_id", pa.int32()), pa.field("level", pa.int32()),
                     pa.field("marker", pa.string()), pa.field("title", pa.string()), *span,
                     pa.field("heading_start", pa.int64()), pa.field("heading_end", pa.int64()),
                     pa.field("section_path", pa.list_(pa.string())), *text],
        "entities": [*_common(pa), pa.field("entity_id", pa.int32(), nullable=False),
                     pa.field("label", pa.string()), *span, *text,
                     pa.field("value", pa.decimal128(VALUE_TYPE[1], VALUE_TYPE[2])),
                     pa.field("value_str", pa.string()), pa.field("unit", pa.string()),
                     pa.field("comparator", pa.string()), pa.field("code", pa.string()),
                     pa.field("scheme", pa.string()), pa.field("level", pa.string()),
                     pa.field("names", pa.list_(pa.string())),
                     pa.field("paragraph_id", pa.int32()), pa.field("sentence_id", pa.int32()),
                     pa.field("paragraph_label", pa.string()), *_section_fields(pa)],
    }
    if frame in fields:
        return pa.schema(fields[frame])
    if frame in _REGISTERED:
        return _REGISTERED[frame][0]()
    raise ValueError(f"no frame named {frame!r} (frames: {', '.join(FRAMES)})")


# --- public frames -------------------------------------------------------------------------------

def paragraphs(sources: Any, *, jobs: int = 1) -> "pandas.DataFrame":
    """One row per paragraph: its label, the calibrated ``score`` of that label and one
    ``score_<label>`` column per label, its ``kind`` and its text."""
    return frame("paragraphs", sources, jobs=jobs)


def sentences(sources: Any, *, jobs: int = 1) -> "pandas.DataFrame":
    """One row per sentence, with its ``paragraph_id`` and that paragraph's label."""
    return frame("sentences", sources, jobs=jobs)


def sections(sources: Any, *, jobs: int = 1) -> "pandas.DataFrame":
    """One row per section: the span covers the heading and the body up to the next heading
    of the same or a higher level; ``text`` is the heading as written."""
    return frame("sections", sources, jobs=jobs)


def entities(sources: Any, *, jobs: int = 1) -> "pandas.DataFrame":
    """One row per entity (AMOUNT, PERCENT, EXP_CODE) with its attributes, the paragraph and
    sentence it lies in and the paragraph's label."""
    return frame("entities", sources, jobs=jobs)


def frame(name: str, sources: Any, *, jobs: int = 1) -> "pandas.DataFrame":
    """The frame ``name`` of ``sources`` as an Arrow-backed DataFrame (declared dtypes)."""
    import pandas as pd
    import pyarrow as pa

    table = pa.Table.from_batches(list(batches(name, sources, jobs=jobs)), schema=schema(name))
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def batches(name: str, sources: Any, *, chunk: int = CHUNK_DOCUMENTS, jobs: int = 1) -> Iterator["pyarrow.RecordBatch"]:
    """The frame ``name`` as Arrow record batches of ``chunk`` documents each, produced as the
    documents are read: memory holds one chunk, whatever the number of documents."""
    for tables in _chunks(sources, (name,), chunk, jobs):
        yield tables[name]


def to_parquet(sources: Any, folder: str | os.PathLike, *, frames: Iterable[str] = ("paragraphs", "sentences", "sections", "entities"),
               chunk: int = CHUNK_DOCUMENTS, jobs: int = 1) -> dict[str, Path]:
    """Write each frame to ``folder/<frame>.parquet`` in one pass over the documents, a chunk
    at a time (memory stays that of one chunk). Returns the files written. Read them back with
    ``pd.read_parquet(path, dtype_backend="pyarrow")`` for the same dtypes."""
    import pyarrow.parquet as pq

    names = tuple(frames)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.parquet" for name in names}
    writers = {name: pq.ParquetWriter(paths[name], schema(name)) for name in names}
    try:
        for tables in _chunks(sources, names, chunk, jobs):
            for name in names:
                writers[name].write_batch(tables[name])
    finally:
        for writer in writers.values():
            writer.close()
    return paths


# --- the hook for further frames (facts) ---------------------------------------------------------

RowBuilder = Callable[[dict[str, Any], "DocumentView"], Iterator[dict[str, Any]]]
_REGISTERED: dict[str, tuple[Callable[[], "pyarrow.Schema"], RowBuilder]] = {}


def register_frame(name: str, make_schema: Callable[[], "pyarrow.Schema"], rows: RowBuilder) -> None:
    """Add a frame (``facts``, SPEC §9): ``make_schema()`` returns its Arrow schema, and
    ``rows(record, view)`` yields its rows for one ``budget-doc/1`` record, where ``view`` gives
    the text, pages, section paths and the paragraph and sentence of an offset."""
    _REGISTERED[name] = (make_schema, rows)
    FRAMES[name] = rows


# --- records → rows ------------------------------------------------------------------------------

class DocumentView:
    """One record with what its rows need: the text its offsets index, the page and the
    section path of a span, and the paragraph and sentence holding an offset."""

    def __init__(self, record: Mapping[str, Any], text: str):
        self.record = record
        self.text = text
        self.pages = record.get("pages") or []
        self._page_starts = [page[0] for page in self.pages]
        paths: dict[Any, list[str]] = {None: []}
        for section in record.get("sections", ()):
            paths[section["id"]] = paths.get(section["parent"], []) + [section["title"]]
        self.paths = paths
        self.paragraphs = record.get("paragraphs", [])
        self._paragraph_starts = [p["start"] for p in self.paragraphs]
        self.sentences = record.get("sentences", [])
        self._sentence_starts = [s["start"] for s in self.sentences]

    def page(self, offset: int) -> int | None:
        if not self.pages:
            return None
        return max(0, bisect_right(self._page_starts, offset) - 1)

    def section(self, section_id: int | None) -> dict[str, Any]:
        path = self.paths.get(section_id, [])
        return {"section_id": section_id, "section": path[-1] if path else None, "section_path": path}

    def paragraph_at(self, start: int, end: int) -> int | None:
        """The index of the paragraph holding ``[start, end)`` wholly, or None."""
        return _holding(self._paragraph_starts, self.paragraphs, start, end)

    def sentence_at(self, start: int, end: int) -> int | None:
        return _holding(self._sentence_starts, self.sentences, start, end)


def _holding(starts: list[int], spans: list[Mapping[str, Any]], start: int, end: int) -> int | None:
    index = bisect_right(starts, start) - 1
    if index >= 0 and spans[index]["start"] <= start and end <= spans[index]["end"]:
        return index
    return None


def _paragraph_rows(record: dict[str, Any], view: DocumentView) -> Iterator[dict[str, Any]]:
    for p in record.get("paragraphs", ()):
        scores = p.get("scores") or {}
        yield {"doc_id": record["doc_id"], "paragraph_id": p["id"], "start": p["start"], "end": p["end"],
               "page": view.page(p["start"]), **view.section(p["section"]), "kind": p["kind"],
               "label": p["label"], "score": scores.get(p["label"]),
               **{f"score_{label}": scores.get(label) for label in PARAGRAPH_LABELS},
               "continues": p.get("continues"), "text": view.text[p["start"]:p["end"]]}


def _sentence_rows(record: dict[str, Any], view: DocumentView) -> Iterator[dict[str, Any]]:
    paragraphs = view.paragraphs
    for i, s in enumerate(record.get("sentences", ())):
        paragraph = paragraphs[s["paragraph"]] if 0 <= s["paragraph"] < len(paragraphs) else None
        yield {"doc_id": record["doc_id"], "sentence_id": i, "paragraph_id": s["paragraph"],
               "start": s["start"], "end": s["end"], "page": view.page(s["start"]),
               **view.section(paragraph["section"] if paragraph else None),
               "paragraph_label": paragraph["label"] if paragraph else None,
               "text": view.text[s["start"]:s["end"]]}


def _section_rows(record: dict[str, Any], view: DocumentView) -> Iterator[dict[str, Any]]:
    for s in record.get("sections", ()):
        heading_start, heading_end = s["heading"]
        yield {"doc_id": record["doc_id"], "section_id": s["id"], "parent_id": s["parent"], "level": s["level"],
               "marker": s["marker"], "title": s["title"], "start": s["start"], "end": s["end"],
               "page": view.page(s["start"]), "heading_start": heading_start, "heading_end": heading_end,
               "section_path": view.paths[s["id"]], "text": view.text[heading_start:heading_end]}


def _entity_rows(record: dict[str, Any], view: DocumentView) -> Iterator[dict[str, Any]]:
    for i, e in enumerate(record.get("entities", ())):
        paragraph = view.paragraph_at(e["start"], e["end"])
        sentence = view.sentence_at(e["start"], e["end"])
        section = view.paragraphs[paragraph]["section"] if paragraph is not None else _section_of(record, e["start"])
        value = exact_decimal(e.get("value"))
        names = e.get("names")
        yield {"doc_id": record["doc_id"], "entity_id": i, "label": e["label"], "start": e["start"],
               "end": e["end"], "page": view.page(e["start"]), "text": view.text[e["start"]:e["end"]],
               "value": value if _fits(value) else None, "value_str": None if value is None else str(value),
               "unit": e.get("unit"), "comparator": e.get("comparator"), "code": e.get("code"),
               "scheme": e.get("scheme"), "level": e.get("level"),
               "names": None if names is None else [str(n) for n in names],
               "paragraph_id": None if paragraph is None else view.paragraphs[paragraph]["id"],
               "sentence_id": sentence,
               "paragraph_label": None if paragraph is None else view.paragraphs[paragraph]["label"],
               **view.section(section)}


def _section_of(record: Mapping[str, Any], offset: int) -> int | None:
    """The innermost section covering an offset (for an entity in a heading)."""
    covering = [s["id"] for s in record.get("sections", ()) if s["start"] <= offset < s["end"]]
    return covering[-1] if covering else None


FRAMES: dict[str, RowBuilder] = {
    "paragraphs": _paragraph_rows, "sentences": _sentence_rows,
    "sections": _section_rows, "entities": _entity_rows,
}
"""Frame name → its row builder; ``register_frame`` adds more (facts)."""


def exact_decimal(value: Any) -> Decimal | None:
    """A JSON or model value as the exact decimal it was written as: a float read from JSON is
    taken by its shortest repr (what the JSON text says), never by its binary expansion."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise FramesError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise FramesError(f"not a number: {value!r}") from None


_LIMIT = Decimal(10) ** (VALUE_TYPE[1] - VALUE_TYPE[2])


def _fits(value: Decimal | None) -> bool:
    """Whether ``decimal128(38, 6)`` holds ``value`` exactly."""
    if value is None or not value.is_finite() or abs(value) >= _LIMIT:
        return False
    return value == value.quantize(Decimal(1).scaleb(-VALUE_TYPE[2]))


# --- sources → records → chunks ------------------------------------------------------------------

def _chunks(sources: Any, names: tuple[str, ...], chunk: int, jobs: int) -> Iterator[dict[str, "pyarrow.RecordBatch"]]:
    import pyarrow as pa

    builders = {name: FRAMES[name] for name in names}
    schemas = {name: schema(name) for name in names}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    count = 0

    def flush() -> dict[str, Any]:
        out = {name: pa.RecordBatch.from_pylist(rows[name], schema=schemas[name]) for name in names}
        for name in names:
            rows[name] = []
        return out

    for record in records(sources, jobs=jobs):
        view = DocumentView(record, _text_of(record))
        for name in names:
            rows[name].extend(builders[name](record, view))
        count += 1
        if count % chunk == 0:
            yield flush()
    if count % chunk or count == 0:
        yield flush()


def records(sources: Any, *, jobs: int = 1) -> Iterator[dict[str, Any]]:
    """``budget-doc/1`` records of the sources, one at a time, entity values as exact
    :class:`~decimal.Decimal`. Paths are tagged (``jobs`` worker processes, as ``nlp.tag
    --jobs``); ``.jsonl`` files are read line by line. A file that cannot be tagged is skipped
    with a warning naming it and the reason (as ``nlp.tag`` reports it)."""
    paths: list[str] = []
    for item in _flatten(sources):
        if isinstance(item, Document):
            yield from _flush_paths(paths, jobs)
            yield document_record(item)
        elif isinstance(item, Mapping):
            yield from _flush_paths(paths, jobs)
            yield dict(item)
        elif str(item).endswith(".jsonl"):
            yield from _flush_paths(paths, jobs)
            yield from _read_jsonl(item)
        else:
            paths.append(os.fspath(item))
    yield from _flush_paths(paths, jobs)


def _flatten(sources: Any) -> Iterator[Any]:
    if isinstance(sources, (str, os.PathLike, Document, Mapping)):
        yield sources
        return
    for item in sources:
        yield from _flatten(item) if isinstance(item, (list, tuple)) else (item,)


def _flush_paths(paths: list[str], jobs: int) -> Iterator[dict[str, Any]]:
    if not paths:
        return
    from nlp.adapters.batch import ordered_map
    from nlp.errors import BadInput
    from nlp.tag import expand_inputs

    inputs = expand_inputs(list(paths))
    paths.clear()
    files = []
    for item in inputs:
        if isinstance(item, BadInput):
            warnings.warn(str(item), stacklevel=3)
        else:
            files.append(item)
    for result in ordered_map(_tagged_record, files, jobs):
        if isinstance(result, str):
            warnings.warn(result, stacklevel=3)
        else:
            yield result


def _tagged_record(path: str) -> dict[str, Any] | str:
    """A path's record, or the reason it could not be tagged (a value, for worker processes)."""
    from nlp.errors import BadInput
    from nlp.pipeline import tag_path

    try:
        return document_record(tag_path(path))
    except BadInput as error:
        return str(error)


def document_record(doc: Document) -> dict[str, Any]:
    """The ``budget-doc/1`` record of a tagged document, with ``text`` always present and entity
    values kept as the model's exact Decimals (the JSON writer makes them JSON numbers)."""
    from nlp.adapters.writers import to_record

    record = to_record(doc)
    record["text"] = doc.text
    for row, entity in zip(record["entities"], doc.entities):
        if "value" in entity.attrs:
            row["value"] = entity.attrs["value"]
    return record


def _read_jsonl(path: Any) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise FramesError(f"{path}: line {number}: not a JSON record ({error.msg})") from None


def _text_of(record: Mapping[str, Any]) -> str:
    """The text a record's offsets index: its ``text`` (PDF sources, or records made here), else
    its source file read again and checked against the record's ``sha256``."""
    if "text" in record:
        return record["text"]
    source = record.get("source")
    if not source or source == "-" or not os.path.exists(source):
        raise FramesError(f"{record.get('doc_id')}: the record has no text and its source {source!r} "
                          "cannot be read (tag the files again, or keep them where they were tagged)")
    from nlp.read import read_source

    text = read_source(source, None, None)[0]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if record.get("sha256") not in (None, digest):
        raise FramesError(f"{source}: the file changed since it was tagged (sha256 differs); tag it again")
    return text
