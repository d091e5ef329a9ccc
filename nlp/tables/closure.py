"""The closure check of SPEC §9: budget tables add up. For a table with functional codes,
per column: 类 = Σ款 and 款 = Σ项 (over the children the table lists), 合计 = Σ类; per row:
合计 = 基本支出 + 项目支出 (+ 单位预留机动经费, Jiangsu's third part; the 决算 parts 上缴上级支出, 经营支出 … are
left out: templates disagree on whether 合计 includes them); percentage columns are not summed. A check compares exact decimals as written; where the document itself
does not add up, the result says which row, which column and by how much."""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from nlp.tables.structure import Row, Table, code_blocks
from nlp.tables.vocabulary import TOTAL_COLUMNS, TOTAL_ITEMS



class Gap(NamedTuple):
    """A sum that does not hold: the parent row (code or item), the column, what the parent
    says, what its parts add up to."""

    check: str            # "children" (类 = Σ款, 款 = Σ项), "total" (合计 = Σ类), "row" (合计 = 基本 + 项目)
    row: str
    column: str
    written: Decimal
    parts: Decimal
    inferred: bool = False   # a cell of the check was placed by arithmetic (nlp.tables.placement)

    @property
    def difference(self) -> Decimal:
        return self.written - self.parts


class Closure(NamedTuple):
    """The result for one table: how many parent rows were checked, and the gaps found."""

    title: str
    parents: int
    closing: int
    gaps: tuple[Gap, ...]
    inferred: int = 0          # parent rows whose check involves an inferred cell …
    inferred_closing: int = 0  # … and how many of them close: closure on read cells only is
                               # (parents - inferred, closing - inferred_closing)

    @property
    def closes(self) -> bool:
        return not self.gaps


def check(table: Table) -> Closure:
    rows = [r for r in table.rows if r.group == 0]
    blocks = code_blocks(rows)
    gaps: list[Gap] = []
    counts = [0, 0, 0, 0]      # parents, closing, inferred parents, inferred closing

    def count(own: list[Gap], involved: list[Row]) -> None:
        inferred = any(c.inferred for r in involved for c in r.cells)
        counts[0] += 1
        counts[1] += not own
        counts[2] += inferred
        counts[3] += inferred and not own
        gaps.extend(g._replace(inferred=inferred) for g in own)

    for block in blocks:
        coded = [r for r in block if r.code and r.scheme == "functional"]
        for parent in coded:
            children = [r for r in coded if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)]
            if children:
                count(_sum_gaps("children", parent, children, table), [parent] + children)
    total = next((r for r in rows if not r.code and r.item.replace(" ", "") in TOTAL_ITEMS), None)
    top = [r for r in rows if r.code and r.scheme == "functional" and len(r.code) == 3]
    if total is not None and top and len(blocks) == 1:
        count(_sum_gaps("total", total, top, table), [total] + top)
    split = _split_columns(table)
    if split is not None:
        whole, parts = split
        for row in rows:
            written = row.value(whole)
            values = [row.value(c) for c in parts]
            if written is None or all(v is None for v in values):
                continue
            added = sum((v for v in values if v is not None), Decimal(0))
            own = [] if added == written else [Gap("row", row.code or row.item, table.columns[whole], written, added)]
            count(own, [row])
    return Closure(table.title, counts[0], counts[1], tuple(gaps), counts[2], counts[3])


def _sum_gaps(check_name: str, parent: Row, children: list[Row], table: Table) -> list[Gap]:
    gaps = []
    for cell in parent.cells:
        if "%" in table.columns[cell.column]:
            continue        # a percentage does not add up
        parts = sum((c.value(cell.column) or Decimal(0) for c in children), Decimal(0))
        if parts != cell.value:
            gaps.append(Gap(check_name, parent.code or parent.item, table.columns[cell.column], cell.value, parts))
    return gaps


def _split_columns(table: Table) -> tuple[int, list[int]] | None:
    """(合计 column, [基本支出, 项目支出, …] columns) where the table has them, else None."""
    names = {name.rsplit("/", 1)[-1]: k for k, name in enumerate(table.columns) if k in table.groups[0]}
    whole = next((names[n] for n in TOTAL_COLUMNS if n in names), None)
    if whole is None or "基本支出" not in names or "项目支出" not in names:
        return None
    return whole, [names[n] for n in ("基本支出", "项目支出", "单位预留机动经费") if n in names]
