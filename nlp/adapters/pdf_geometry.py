"""Table columns from a PDF's page geometry (issue 14): pdfplumber's ruled-table finder gives
each page's grids of cells, every number of a cell is tied to its span in the extracted text (the
text every offset indexes, SPEC §2), and a number's column is named by the header cells drawn
above it — where the text route (:mod:`nlp.tables`) has to infer the column of a short PDF row
and guess multi-row headers.

The optional ``--tables geometry`` path of ``python -m nlp.facts`` (``iter_facts(...,
tables="geometry")``): the text route still finds the tables, rows, items, codes and values; for
a table fact whose number is a value cell of a ruled table, the column becomes the geometry's
header path and ``inferred`` false. Everything else is unchanged. pdfplumber is an optional
extra (``pip install budget-nlp[geometry]``), imported only here, and slow (about 25 pages/s
against pypdfium2's 900): never on the default tag path.

Alignment: per page, the numbers of the cells (row by row, left to right) and the numbers of the
page's slice of the extracted text are two token sequences, matched in order with :mod:`difflib`
on exact string equality; a cell matched to nothing is counted (``unaligned``) and left out, so
a span is only ever one whose text is the cell's number. Header: the rows above a table's first
row that holds a value; a column's path is the non-empty header cells over the centre of its
narrowest cell, top to bottom, whitespace removed (wrapped header cells joined); a table without
header rows (continued from the previous page) takes the previous table's header when it has as
many columns. Tables without ruling lines are not found (pdfplumber's ``lines`` strategy).
"""
from __future__ import annotations

import difflib
import os
import re
from typing import Iterable, Iterator, NamedTuple

from nlp.errors import BadInput

NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?(?!\d)")
"""A number as tables write it: a minus, digits, thousands commas, decimals. Codes and years are
numbers too: they anchor the alignment."""
VALUE = re.compile(NUMBER.pattern + "%?")
"""A value cell's whole text (whitespace removed): a number, or a percentage (the number before ``%``)."""


def pdfplumber_missing() -> str | None:
    """What the page-geometry route's commands say (one line, exit 2) when the optional extra is
    not installed; None when it is."""
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return "--tables geometry needs pdfplumber: pip install 'budget-nlp[geometry]'"
    return None


class GeometryCell(NamedTuple):
    start: int                  # the number's span in the extracted text
    end: int
    page: int                   # 1-based
    table: int                  # the table's index on its page
    row: int                    # grid position in the table
    column: int
    header: tuple[str, ...]     # the column's header cells, top to bottom; () where none is drawn


class Geometry(NamedTuple):
    cells: dict[tuple[int, int], GeometryCell]   # (start, end) → the value cell there
    tables: int                 # ruled tables found
    value_cells: int            # cells holding a number (or percentage) alone, codes included
    unaligned: int              # of those, matched to no number of the page's text


def geometry(pdf: str | os.PathLike, text: str, pages: Iterable[tuple[int, int]]) -> Geometry:
    """The value cells of the ruled tables of ``pdf``, tied to ``text`` (its extracted text, as
    :func:`nlp.read.pdf.read_pdf` gives it) through the page spans ``pages``. :class:`BadInput`
    when pdfplumber fails on the file; ImportError when pdfplumber is not installed."""
    import pdfplumber

    cells: dict[tuple[int, int], GeometryCell] = {}
    tables = value_cells = unaligned = 0
    try:
        with pdfplumber.open(pdf) as document:
            header = None
            for page, (start, end) in zip(document.pages, pages):
                found, tokens, header = page_tokens(page, header)
                tables += found
                value_cells += sum(1 for token in tokens if token[1] is not None)
                aligned, missed = align(tokens, text, start, end)
                unaligned += missed
                cells.update(aligned)
    except Exception as error:   # pdfminer's and pdfplumber's own errors: named, not a traceback
        raise BadInput(os.fspath(pdf), f"pdfplumber failed: {type(error).__name__}: {error}") from None
    return Geometry(cells, tables, value_cells, unaligned)


def facts_with_geometry(pdf: str | os.PathLike, doc) -> Iterator:
    """The facts of ``doc`` (:func:`nlp.tables.facts.facts_of`; the document tagged from the
    text of ``pdf``, its pages kept), the columns of its table numbers taken from the page
    geometry where a ruled table holds them; a document without pages keeps its facts."""
    from nlp.tables.facts import facts_of

    found = facts_of(doc)
    return with_geometry(found, geometry(pdf, doc.text, doc.pages)) if doc.pages else found


def with_geometry(facts: Iterable, found: Geometry) -> Iterator:
    """The facts (:class:`nlp.tables.facts.Fact`), each table fact whose number is a value cell
    with a drawn header given that header's path as its column (and ``inferred`` false)."""
    for fact in facts:
        cell = found.cells.get((fact.start, fact.end)) if fact.source == "table" else None
        if cell is not None and cell.header:
            fact = fact._replace(column="/".join(cell.header), inferred=False)
        yield fact


def page_tokens(page, previous_header):
    """(tables found on a pdfplumber page, the numbers of their cells in reading order as
    ``(number, GeometryCell without span or None, …)``, the header for the next page)."""
    found = page.find_tables()
    tokens = []
    for index, table in enumerate(found):
        rows = table.rows
        texts = table.extract()
        if not texts:
            continue
        first = next((i for i, row in enumerate(texts) if any(is_value(c) for c in row)), len(texts))
        width = len(texts[0])
        centres = _centres(rows, width)
        own = (rows[:first], texts[:first]) if 0 < first < len(texts) else None
        inherited = previous_header if previous_header is not None and len(previous_header[1][0]) == width else None
        paths = [(_header_path(own, centre) if own else ()) or (_header_path(inherited, centre) if inherited else ())
                 for centre in centres]
        if own:
            previous_header = own
        for r, row in enumerate(texts):
            for c, cell in enumerate(row):
                if not cell:
                    continue
                squeezed = "".join(cell.split())
                value = r >= first and is_value(cell)
                for match in NUMBER.finditer(squeezed):
                    place = GeometryCell(0, 0, page.page_number, index, r, c, paths[c]) if value else None
                    tokens.append((match.group(), place))
    return len(found), tokens, previous_header


def is_value(cell: str | None) -> bool:
    return bool(cell) and VALUE.fullmatch("".join(cell.split())) is not None


def align(tokens, text: str, start: int, end: int) -> tuple[dict[tuple[int, int], GeometryCell], int]:
    """The value cells of ``tokens`` matched in order to the numbers of ``text[start:end]``
    (exact equality), keyed by the span; and how many value cells found no partner."""
    spans = [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(text, start, end)]
    matcher = difflib.SequenceMatcher(None, [t[0] for t in tokens], [s[2] for s in spans], autojunk=False)
    aligned: dict[tuple[int, int], GeometryCell] = {}
    matched = set()
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            matched.add(a + k)
            place = tokens[a + k][1]
            if place is not None:
                s, e, _ = spans[b + k]
                aligned[(s, e)] = place._replace(start=s, end=e)
    return aligned, sum(1 for i, t in enumerate(tokens) if t[1] is not None and i not in matched)


def _centres(rows, width: int) -> list[float | None]:
    """The x centre of each grid column: of its narrowest cell (a spanning header cell starts at
    its first column, but its centre lies over another)."""
    widths: list[float | None] = [None] * width
    centres: list[float | None] = [None] * width
    for row in rows:
        for c, bbox in enumerate(row.cells[:width]):
            if bbox is not None and (widths[c] is None or bbox[2] - bbox[0] < widths[c]):
                widths[c], centres[c] = bbox[2] - bbox[0], (bbox[0] + bbox[2]) / 2
    return centres


def _header_path(header, centre: float | None) -> tuple[str, ...]:
    if centre is None:
        return ()
    rows, texts = header
    path = []
    for row, row_texts in zip(rows, texts):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None and bbox[0] <= centre < bbox[2] and text and text.strip():
                name = "".join(text.split())
                if not path or path[-1] != name:
                    path.append(name)
    return tuple(path)
