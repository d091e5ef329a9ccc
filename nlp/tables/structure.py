"""The parsed form of a budget table (SPEC §9): a title, a unit, column groups and rows of
cells, every cell with its span into the document's text.

Plain frozen records, like :mod:`nlp.model`: the parser (:mod:`nlp.tables.parse`) makes them, the
closure check (:mod:`nlp.tables.closure`) and the fact rows (:mod:`nlp.tables.facts`) read them.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple


class Cell(NamedTuple):
    """One numeric cell: the number as written (``19,044.27``), its exact value in the table's
    unit (``Decimal('19044.27')``) and its span ``[start, end)`` in the text. ``inferred``: the PDF
    row dropped empty cells, so the cell's column was placed by the table's own sums
    (:mod:`nlp.tables.placement`), not read."""

    column: int          # index into Table.columns
    written: str
    value: Decimal
    start: int
    end: int
    inferred: bool = False   # the column was chosen by the table's arithmetic, not read (a short PDF row)


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its code (``2080505``; None for a row without one, such as 合计 or a line of
    a 收支总表), the code's scheme (``functional`` / ``economic``) and level (类/款/项), the item
    name as written (lines of a wrapped name joined without the line breaks), the column group
    it belongs to (side-by-side sub-tables are two groups), and its numeric cells (an empty
    cell has no Cell)."""

    code: str | None
    scheme: str | None
    level: str | None
    item: str
    group: int
    cells: tuple[Cell, ...]
    start: int
    end: int

    def value(self, column: int) -> Decimal | None:
        for cell in self.cells:
            if cell.column == column:
                return cell.value
        return None


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table. ``columns`` are header paths (``本年支出合计``, ``公务用车购置及运行费/小计``,
    ``支出/预算数``); ``groups[i]`` lists the columns of column group *i* (one group unless the
    table is two sub-tables side by side). ``kind`` is the national table it is (a key of
    :data:`nlp.tables.vocabulary.TABLE_KINDS`) or None; ``unit`` is ``元`` / ``万元`` / … as
    written, None when the table does not say."""

    title: str
    kind: str | None
    unit: str | None
    columns: tuple[str, ...]
    groups: tuple[tuple[int, ...], ...]
    rows: tuple[Row, ...]
    start: int
    end: int
    title_span: tuple[int, int] | None = None


def code_blocks(rows: list[Row]) -> list[list[Row]]:
    """The rows split where a code comes again: a table listing several units one after the
    other (the department, then each unit with its own 类/款/项) is one block per unit, so sums
    are checked within a unit. A table whose codes are all distinct is one block."""
    blocks: list[list[Row]] = [[]]
    seen: set[str] = set()
    for row in rows:
        if row.code and row.code in seen:
            blocks.append([])
            seen = set()
        if row.code:
            seen.add(row.code)
        blocks[-1].append(row)
    return blocks
