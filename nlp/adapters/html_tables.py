"""Parsed budget tables (:mod:`nlp.tables`) as HTML ``<table>`` elements for the page of
:func:`nlp.adapters.writers.to_html`.

A table paragraph shows the rows of its table that start inside it: a caption (title, national
kind, unit), header rows built from the column header paths (``本年支出合计`` /
``基本支出``: a shared first part spans its columns), then one row per table row with its code,
its item name (indented by level) and one cell per column — numbers as written, right-aligned,
an empty cell empty. A cell whose column was placed by the table's own sums (a PDF row that
dropped empty cells, :mod:`nlp.tables.placement`) is marked and says so when hovered. Two
sub-tables written side by side (收入 | 支出) stay side by side: rows read from one line share
an HTML row.
"""
from __future__ import annotations

from html import escape

from nlp.tables.structure import Row, Table

INFERRED_TITLE = "column placed by the table's sums: the PDF row dropped its empty cells"
"""The hover text of an inferred cell."""

TABLE_STYLE = "\n".join([
    ".parsed { flex: 1; min-width: 0; overflow-x: auto; }",
    "table.budget { border-collapse: collapse; font-size: .85rem; line-height: 1.5; margin: .2rem 0 .4rem; }",
    "table.budget caption { caption-side: top; text-align: left; font-weight: 600; padding: .2rem 0; }",
    "table.budget caption .unit, table.budget caption .table-kind { font-weight: normal; color: #6e7781;"
    " margin-left: .8em; white-space: nowrap; }",
    "table.budget th, table.budget td { border: 1px solid #d0d7de; padding: .15rem .5rem; vertical-align: top; }",
    "table.budget th { background: #f6f8fa; font-weight: 600; text-align: center; }",
    "table.budget td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }",
    "table.budget td.code { white-space: nowrap; font-variant-numeric: tabular-nums; color: #57606a; }",
    "table.budget td.inferred, .inferred-key { background: #fffbe6; text-decoration: underline dotted #9a6700; }",
    "table.budget td.item.level-款 { padding-left: 1.5rem; }",
    "table.budget td.item.level-项 { padding-left: 2.5rem; }",
    "table.budget th.side, table.budget td.side { border-left: 3px double #8c959f; }",
    "details.raw { font-size: .8rem; color: #57606a; }",
    "details.raw summary { cursor: pointer; }",
    "",
])
"""The tables' part of the page's style sheet."""


def rows_within(table: Table, start: int, end: int) -> list[Row]:
    """The rows of ``table`` that start inside ``[start, end)`` (a paragraph's span)."""
    return [row for row in table.rows if start <= row.start < end]


def table_html(table: Table, rows: list[Row]) -> str:
    """``rows`` of ``table`` as one ``<table class="budget">``."""
    groups = [group for group in table.groups if group] or [tuple(range(len(table.columns)))]
    coded = [any(row.code for row in rows if row.group == index) for index in range(len(groups))]
    caption = escape(table.title or "表")
    if table.kind and table.kind != table.title:
        caption += f'<span class="table-kind">{escape(table.kind)}</span>'
    if table.unit:
        caption += f'<span class="unit">单位：{escape(table.unit)}</span>'
    inferred = sum(cell.inferred for row in rows for cell in row.cells)
    if inferred:
        caption += (f'<span class="unit"><span class="inferred-key">{inferred}</span> cells placed in their '
                    "column by the table's sums</span>")
    return "".join([
        '<table class="budget">',
        f"<caption>{caption}</caption>",
        "<thead>", *_header_rows(table.columns, groups, coded), "</thead>",
        "<tbody>", *(_body_row(table, groups, coded, line) for line in _lines(rows)), "</tbody>",
        "</table>",
    ])


def _header_rows(columns: tuple[str, ...], groups: list[tuple[int, ...]], coded: list[bool]) -> list[str]:
    """Header rows from the column paths: at depth ``d`` a run of neighbouring columns sharing
    their first ``d + 1`` parts (and having more) is one cell spanning them; a column's last part
    spans the rows below it."""
    paths = {index: [part.strip() for part in columns[index].split("/")] for group in groups for index in group}
    depth = max((len(parts) for parts in paths.values()), default=1)
    rows = []
    for level in range(depth):
        cells = []
        for number, group in enumerate(groups):
            side = ' side' if number else ''
            if level == 0:
                if coded[number]:
                    cells.append(f'<th class="code{side}"{_span("rowspan", depth)}>编码</th>')
                cells.append(f'<th class="item{"" if coded[number] else side}"{_span("rowspan", depth)}>项目</th>')
            position = 0
            while position < len(group):
                parts = paths[group[position]]
                if len(parts) <= level:
                    position += 1
                    continue
                if len(parts) == level + 1:
                    cells.append(f'<th{_span("rowspan", depth - level)}>{escape(parts[level])}</th>')
                    position += 1
                    continue
                span = 1
                while position + span < len(group) and len(paths[group[position + span]]) > level + 1 \
                        and paths[group[position + span]][:level + 1] == parts[:level + 1]:
                    span += 1
                cells.append(f'<th{_span("colspan", span)}>{escape(parts[level])}</th>')
                position += span
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return rows


def _span(name: str, count: int) -> str:
    return f' {name}="{count}"' if count > 1 else ""


def _lines(rows: list[Row]) -> list[dict[int, Row]]:
    """Rows in HTML rows: a row of a later column group read from the same line as the row
    before it (their spans overlap) shares that row's HTML row."""
    lines: list[dict[int, Row]] = []
    for row in rows:
        last = lines[-1] if lines else None
        if last is not None and row.group not in last and max(last) < row.group \
                and any(row.start < other.end and other.start < row.end for other in last.values()):
            last[row.group] = row
        else:
            lines.append({row.group: row})
    return lines


def _body_row(table: Table, groups: list[tuple[int, ...]], coded: list[bool], line: dict[int, Row]) -> str:
    cells = []
    for number, group in enumerate(groups):
        row = line.get(number)
        side = " side" if number else ""
        if coded[number]:
            cells.append(f'<td class="code{side}">{escape(row.code or "") if row else ""}</td>')
            side = ""
        if row is None:
            cells.append(f'<td class="item{side}"></td>' + '<td class="num"></td>' * len(group))
            continue
        level = f" level-{escape(row.level)}" if row.level else ""
        cells.append(f'<td class="item{level}{side}">{escape(row.item)}</td>')
        by_column = {cell.column: cell for cell in row.cells}
        for column in group:
            cell = by_column.get(column)
            if cell is None:
                cells.append('<td class="num"></td>')
            elif cell.inferred:
                cells.append(f'<td class="num inferred" title="{escape(INFERRED_TITLE)}">{escape(cell.written)}</td>')
            else:
                cells.append(f'<td class="num">{escape(cell.written)}</td>')
    return f"<tr>{''.join(cells)}</tr>"
