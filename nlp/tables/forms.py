"""Performance-target forms in clean text (SPEC §9): a project's 绩效目标表 is no grid of
columns but a form of label–value cells, one cell per tab-indented line, rows between blank
lines, and no unit line — the unit is in a cell (``项目资金（万元）``) or on the number itself::

    	预算执行情况(万元)
    	预算数:
    	326.43万元
    	执行数:
    	308万元

    	(an empty first cell: the same group)
    	其中-财政拨款:
    	326.43万元
    	…

A number is a fact where its whole cell is the number (with 元/万元 or without) and the cell
before it is its label, in a group whose label speaks of money (资金, 预算, 万元); the column is
the group's label, and where a row holds two label–value pairs, the group's first labels name
the sides (``预算执行情况(万元)/预算数`` and ``…/执行数``). Indicator values (``≥50次``, ``95%``)
and dates are no facts. Forms become :class:`~nlp.tables.structure.Table` records, so facts,
HTML and frames treat them as any table.
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import regex

from nlp.tables.structure import Cell, Row, Table
from nlp.tables.vocabulary import NUMBER

_TITLE = regex.compile(r"^\t[ \t\u3000]*(?P<title>\S*绩效\S*表)[ \t\u3000\r]*$", regex.M)
_VALUE = regex.compile(r"[ \t\u3000]*(?P<number>" + NUMBER.pattern + r")[ \t\u3000]*(?P<unit>万元|元)?[ \t\u3000]*")
_MONEY_GROUP = regex.compile(r"资金|预算|万元")
_GROUP_UNIT = regex.compile(r"[（(]\s*(?P<unit>万元|元)\s*[)）]")
_LINE = regex.compile(r"[^\n]*\n?")
_FRAGMENT = regex.compile(r"[（(]?[\p{Han}A-Za-z0-9]{0,8}[)）]?")
"""A short line without the tab of a cell: the rest of the cell above it (``（万元）``, ``目标``)."""


def find_forms(text: str) -> list[Table]:
    """The performance-target forms of a clean text, in document order."""
    forms = []
    for title in _TITLE.finditer(text):
        form = _form(title.group("title"), title.span("title"), _rows(text, title.end()))
        if form is not None:
            forms.append(form)
    return forms


class _Cell(NamedTuple):
    words: str          # the cell as written, spaces around it removed (and a wrapped rest joined)
    start: int          # where the cell's line begins, after its tab
    end: int
    raw: str | None     # the line after its tab, None once a wrapped rest was joined to it


def _rows(text: str, start: int) -> list[list[_Cell]]:
    """The form's rows as lists of cells, up to the first line of prose."""
    rows: list[list[_Cell]] = [[]]
    for line in _LINE.finditer(text, start):
        if not line.group():
            break
        body = line.group().rstrip("\r\n")
        if body.startswith("\t"):
            rows[-1].append(_Cell(body[1:].strip(), line.start() + 1, line.start() + len(body), body[1:]))
        elif not body.strip():
            if rows[-1]:
                rows.append([])
        elif _FRAGMENT.fullmatch(body.strip()):
            if not (rows[-1] or len(rows) > 1):
                continue        # the title's own year line: （2024年度）
            row = rows[-1] if rows[-1] else rows[-2]
            last = row[-1]
            row[-1] = _Cell(last.words + body.strip(), last.start, line.start() + len(body), None)
        else:
            break
    return [row for row in rows if row]


def _value(cell: _Cell):
    return _VALUE.fullmatch(cell.raw) if cell.raw is not None else None


def _form(title: str, title_span: tuple[int, int], rows: list[list[_Cell]]) -> Table | None:
    columns: list[str] = []
    parsed: list[Row] = []
    group = ""
    sides: list[str] = []
    units: list[str] = []
    for cells in rows:
        if cells[0].words and not _value(cells[0]) and (len(cells) == 1 or not _value(cells[1])):
            group, sides = cells[0].words, []      # a row opening a group: its first cell names it
        slots = [(cells[k - 1], cells[k], _value(cells[k])) for k in range(1, len(cells))
                 if (_value(cells[k]) or not cells[k].words) and cells[k - 1].words and not _value(cells[k - 1])]
        if not _MONEY_GROUP.search(group) or not any(match for _, _, match in slots):
            continue
        sides = sides or ([_label(label.words) for label, _, _ in slots] if len(slots) > 1 else [])
        for side, (label, value, match) in enumerate(slots):
            if match is None:
                continue        # an empty cell is no fact
            column = f"{group}/{sides[side]}" if len(sides) == len(slots) > 1 else group
            if column not in columns:
                columns.append(column)
            unit = match.group("unit") or _group_unit(group)
            if unit:
                units.append(unit)
            number = match.group("number")
            at = value.start + match.start("number")
            cell = Cell(columns.index(column), number, Decimal(number.replace(",", "")), at, at + len(number))
            parsed.append(Row(None, None, None, _label(label.words), 0, (cell,), label.start, value.end))
    if not parsed:
        return None
    return Table(title, None, units[0] if units else None, tuple(columns), (tuple(range(len(columns))),),
                 tuple(parsed), title_span[0], parsed[-1].end, title_span)


def _label(words: str) -> str:
    return "".join(words.split()).rstrip(":：")


def _group_unit(group: str) -> str | None:
    m = _GROUP_UNIT.search(group)
    return m.group("unit") if m else None
