"""Budget tables of a disclosure's text → :class:`~nlp.tables.structure.Table` records (SPEC §9).

Tables are found by their unit line (``单位：元`` / ``单位：万元``) with the title line just above
it, and read line by line until a note (``注：``), a sentence or the next table. Both text shapes
of SPEC §1 are read:

* clean text — one cell per line, tab-indented, a blank line between rows: every cell is kept,
  empty ones too, so each number lands in its own column;
* PDF text — one row per line, cells separated by tabs or spaces, empty cells dropped by the
  extraction: numbers fill the columns from the left, and a wrapped item name is joined again
  (the name's lines before and after a code line, as PDF extractors centre it vertically, or the
  lines after a code written alone).

A row is: an optional code (``2080505`` or the spaced ``208 05 05``), an item name, numbers. A
row with a second name after its numbers is two sub-tables side by side (收入 | 支出 of a 收支总表,
``301 …`` | ``302 …`` of an economic table): each part goes to its own column group. Pure Python
(regex only); offsets index the text exactly as given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

import regex

from nlp.tables.forms import find_forms
from nlp.tables.placement import keeps, named_relations, place, relations_by_role
from nlp.tables.structure import Cell, Row, Table
from nlp.tables.vocabulary import (CODE, COLUMN_PATTERN, FUNCTIONAL_KINDS, GROUP_COLUMNS, LEVELS, YEAR_PREFIX,
                                   NOT_TITLE, NUMBER, PARENT_COLUMNS, SKIPPED_ROW_LABELS, TABLE_KIND_PATTERNS, TITLE, UNIT)

_TOKEN = regex.compile(r"[^\s\u3000\u00a0]+")
_LINE = regex.compile(r"[^\n]*\n?")
_BLANK = regex.compile(r"[\s\u3000\u00a0]*")
_ENDS_TABLE = regex.compile(r"^[\s\u3000]*(?:注[:：\s]|说明[:：])|[。，；]")
_ENDS_PROSE_TABLE = regex.compile(r"^[\s\u3000]*(?:注[:：\s]|说明[:：])")
_PROSE = regex.compile(r"[。，；]")
_ORDINAL = regex.compile(r"^[\s\u3000]*([一二三四五六七八九十]+)、")
_RIGHT_SIDE = regex.compile(r"支出|年末|结余分配")
_PAGE_NUMBER = regex.compile(r"\d{1,3}|-\s*\d{1,3}\s*-|第\s*\d+\s*页")
_YEAR = regex.compile(r"\d{4}\s*年度?")
_ROW_NUMBER_HEADER = regex.compile(r"行次")
_ROW_NUMBER = regex.compile(r"\d{1,3}")
_YEAR_NUMBER = regex.compile(r"(?:19|20)\d{2}")
_SPLIT_CODE_PART = regex.compile(r"\d{1,2}")
_ORDINAL_LABEL = regex.compile(r"[一二三四五六七八九十]+、")
_GLUED_CODE = regex.compile(r"(\d{3}|\d{5}|\d{7})(?=[\p{Han}])")
_BRACKETED_CODE = regex.compile(r"[\[【［](\d{3}|\d{5}|\d{7})[\]】］]")
_GLUED_PART = regex.compile(r"(\d{2})(?=[\p{Han}])")
_HEADER_SIDE = regex.compile(r"项\s*目(?!\s*支\s*出)|科\s*目\s*名\s*称")
_YEAR_CELL = regex.compile(r"(?:19|20)\d{2}年")
_SPANNING_BUDGET = regex.compile(r"(?:19|20)\d{2}年度?(?:预算|决算)")
_NAME_CELL = regex.compile(r"(?<!\S)(?:项\s?目|\p{Han}*名\s?称)(?!\S)")
_TABLE_NUMBER = regex.compile(r"(?:公开|附)?表\s*[\d\-一二三四五六七八九十]+|(?:公开|附)\s*[\d\-]+\s*表")


class _Token(tuple):
    """(text, start, end) of one cell as written; text is '' for an empty clean-text cell."""

    __slots__ = ()

    def __new__(cls, text: str, start: int, end: int) -> "_Token":
        return tuple.__new__(cls, (text, start, end))

    text = property(lambda self: self[0])
    start = property(lambda self: self[1])
    end = property(lambda self: self[2])


@dataclass
class _Segment:
    """One sub-table's part of a row: code tokens, name tokens, numeric cells (None: empty)."""

    code: list[_Token] = field(default_factory=list)
    name: list[_Token] = field(default_factory=list)
    numbers: list[_Token | None] = field(default_factory=list)
    group: int | None = None     # set when the position says it (clean text)


class _Line:
    """One line of the text: its span, its text and its cells (``tokens``, split only when a
    table reader asks: most lines of a disclosure are prose no table reaches)."""

    __slots__ = ("start", "end", "text", "_tokens", "_source")

    def __init__(self, tokens: list[_Token] | None, start: int, end: int, text: str, source: str = "") -> None:
        self.start, self.end, self.text = start, end, text
        self._tokens, self._source = tokens, source

    @property
    def tokens(self) -> list[_Token]:
        if self._tokens is None:
            self._tokens = _unglued([_Token(t.group(), t.start(), t.end())
                                     for t in _TOKEN.finditer(self._source, self.start, self.end)])
        return self._tokens


def find_tables(text: str) -> list[Table]:
    """Every table with a unit line in ``text``, and every performance-target form
    (:mod:`nlp.tables.forms`), in document order; a table continued after a page break under
    the same title (the title and header repeated) is one table."""
    lines = _lines(text)
    found = []          # (unit line, unit, title, title span, first body line)
    for i, line in enumerate(lines):
        unit = UNIT.search(line.text)
        if unit is None:
            continue
        title, title_span = _title(lines, i, text)
        body = i + 1
        if title_span is None:      # the unit line above the title (表1 / 收支总体情况表 below it)
            title, title_span, body = _title_below(lines, i)
        found.append((i, unit.group("unit"), title, title_span, body))
    if _titles_after_tables(lines, found):
        found = [(i, unit, *(_title_after(lines, found, k)), i + 1) for k, (i, unit, _, _, _) in enumerate(found)]
    tables: list[Table] = []
    clean: list[bool] = []
    after = -1
    for i, unit, title, title_span, body in found:
        if i < after:
            continue
        j = _table_end(lines, body)
        start = min(lines[i].start, title_span[0]) if title_span else lines[i].start
        table = _parse(text, lines[body:j], title, title_span, unit, start, lines[j - 1].end)
        if table is not None:
            shape = _is_clean(lines[i + 1:j])
            previous = tables[-1] if tables else None
            if previous is not None and previous.title == table.title and previous.unit == table.unit \
                    and previous.columns == table.columns:
                tables[-1] = _joined(previous, table)
                clean[-1] = clean[-1] and shape
            else:
                tables.append(table)
                clean.append(shape)
        after = max(j, i + 1)
    parsed = [table if shape else place(table) for table, shape in zip(tables, clean)]
    forms = find_forms(text)
    return sorted(parsed + forms, key=lambda table: table.start) if forms else parsed


def _titles_after_tables(lines: list[_Line], found: list[tuple]) -> bool:
    """Some extractions write each table's title after its body (Jiangsu's 2019 table files): the
    first table has no title above it, and the last one has a title line after its body."""
    if len(found) < 2 or found[0][3] is not None:
        return False
    return _title_after(lines, found, len(found) - 1)[1] is not None


def _title_after(lines: list[_Line], found: list[tuple], k: int) -> tuple[str, tuple[int, int] | None]:
    """The last title line between table ``k``'s unit line and the next table's."""
    first = found[k][0] + 1
    last = found[k + 1][0] if k + 1 < len(found) else len(lines)
    for t in range(last - 1, first - 1, -1):
        m = TITLE.match(lines[t].text)
        if m and not _is_data(lines[t].tokens) and not NOT_TITLE.search(regex.sub(r"\s+", "", m.group("title"))):
            return regex.sub(r"\s+", "", m.group("title")), (lines[t].start + m.start("title"), lines[t].start + m.end("title"))
    return "", None


def _lines(text: str) -> list[_Line]:
    lines = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        content_end = m.end() - (1 if m.group().endswith("\n") else 0)
        if content_end > m.start() and text[content_end - 1] == "\r":
            content_end -= 1
        lines.append(_Line(None, m.start(), content_end, text[m.start():content_end], text))
    return lines


def _unglued(tokens: list[_Token]) -> list[_Token]:
    """A code written against its name is two cells: ``2080501行政单位离退休``, ``[2010501]行政运行``
    (the brackets in no cell), and the last part of a spaced code, ``301 01基本工资`` (a two-digit
    part after a three- or five-digit code). A percentage cell (``-60.86%``) is its number, the
    sign left outside (:func:`nlp.tables.facts.facts_of` reads it as a percentage)."""
    out: list[_Token] = []
    for token in tokens:
        if token.text[-1:] in "%％" and _is_number(token.text[:-1]):     # a percentage cell: its number
            out.append(_Token(token.text[:-1], token.start, token.end - 1))
            continue
        bracketed = _BRACKETED_CODE.match(token.text)
        if bracketed and _is_code(bracketed.group(1)):     # [2010501]行政运行 (Guangdong)
            out.append(_Token(bracketed.group(1), token.start + 1, token.start + bracketed.end(1)))
            if bracketed.end() < len(token.text):
                out.append(_Token(token.text[bracketed.end():], token.start + bracketed.end(), token.end))
            continue
        glued = _GLUED_CODE.match(token.text)
        if glued and _is_code(glued.group(1)) and (not out or _is_number(out[-1].text)):
            cut = glued.end(1)
        elif out and _is_code(out[-1].text) and len(out[-1].text) in (3, 5) \
                and (part := _GLUED_PART.match(token.text)):
            cut = part.end(1)
        else:
            out.append(token)
            continue
        out += [_Token(token.text[:cut], token.start, token.start + cut),
                _Token(token.text[cut:], token.start + cut, token.end)]
    return out


def _title(lines: list[_Line], unit_line: int, text: str) -> tuple[str, tuple[int, int] | None]:
    """The nearest title line above the unit line (or the unit line itself, when the title is
    written on it); '' when none is found within four lines."""
    for k in range(unit_line, max(-1, unit_line - 5), -1):
        line = lines[k].text
        if k < unit_line and _ENDS_TABLE.search(line):
            break       # the end of the table before: its title is not this one's
        before_unit = UNIT.split(line)[0] if k == unit_line else line
        m = TITLE.match(before_unit)
        if m and not line.lstrip().startswith(("编制", "部门：", "部门:", "单位：")) \
                and not NOT_TITLE.search(regex.sub(r"\s+", "", m.group("title"))):
            start = lines[k].start + m.start("title")
            return regex.sub(r"\s+", "", m.group("title")), (start, lines[k].start + m.end("title"))
    return "", None


def _title_below(lines: list[_Line], unit_line: int) -> tuple[str, tuple[int, int] | None, int]:
    """A title written under the unit line, after at most a table number or a part heading:
    (title, its span, the index of the table's first line after it); no title: ('', None, the
    line after the unit line)."""
    for k in range(unit_line + 1, min(len(lines), unit_line + 4)):
        compact = regex.sub(r"\s+", "", lines[k].text)
        m = TITLE.match(lines[k].text)
        if m and not NOT_TITLE.search(regex.sub(r"\s+", "", m.group("title"))):
            title = regex.sub(r"\s+", "", m.group("title"))
            return title, (lines[k].start + m.start("title"), lines[k].start + m.end("title")), k + 1
        if not (NOT_TITLE.search(compact) or _TABLE_NUMBER.fullmatch(compact)):
            break
    return "", None, unit_line + 1


def _table_end(lines: list[_Line], first: int) -> int:
    """The index after the table's last line: a note, a sentence, or the next table's title. A
    table with a column of prose (绩效目标, in its header) ends only at a note or the next table."""
    ends = _ENDS_TABLE
    for k in range(first, min(len(lines), first + 12)):
        if _is_data(lines[k].tokens):
            break
        if "绩效目标" in regex.sub(r"\s+", "", lines[k].text):
            ends = _ENDS_PROSE_TABLE
    for k in range(first, len(lines)):
        line = lines[k].text
        if ends.search(line):
            return k
        if UNIT.search(line):
            # the next table: its title is up to four lines above its unit line
            for t in range(max(first, k - 4), k + 1):
                if TITLE.match(UNIT.split(lines[t].text)[0]) and not _is_data(lines[t].tokens):
                    while t > first and _TABLE_NUMBER.fullmatch(regex.sub(r"\s+", "", lines[t - 1].text)):
                        t -= 1      # 公开06表 / 表 7 above the title
                    return t
            return k
    return len(lines)


def table_kind(title: str) -> str | None:
    compact = regex.sub(r"\s+", "", title)
    for kind, pattern in TABLE_KIND_PATTERNS:
        if pattern.search(compact):
            return kind or None
    return None


# ---- one table ---------------------------------------------------------------------------------

def _parse(text: str, lines: list[_Line], title: str, title_span: tuple[int, int] | None,
           unit: str, start: int, end: int) -> Table | None:
    kind = table_kind(title)
    clean = _is_clean(lines)
    records = list(_clean_rows(lines) if clean else ([line] for line in lines))
    first_data = next((k for k, record in enumerate(records) if _is_data(_tokens(record))), None)
    if first_data is None:
        return None
    opening = _tokens(records[first_data])
    if not clean and first_data > 0 and len(opening) > 1 and _is_code(opening[0].text) and _is_number(opening[1].text):
        first_data -= 1     # the first row's name begins on the line above its code
    header_lines = [line for record in records[:first_data] for line in record]
    header_text = {regex.sub(r"\s+", "", line.text) for line in header_lines if line.text.strip()}
    has_codes = any(w in "".join(header_text) for w in ("编码", "科目", "类款项")) or kind in FUNCTIONAL_KINDS
    rows = _rows(records[first_data:], header_text, has_codes, clean)
    if not clean and has_codes and len(_NAME_CELL.findall("\n".join(line.text for line in header_lines))) == 1:
        rows = _one_row_per_part(rows)
    if _ROW_NUMBER_HEADER.search("".join(header_text)):
        for segs, _, _ in rows:
            for seg in segs:        # the 行次 cell: a row number, not a value
                if seg.numbers and seg.numbers[0] is not None and _ROW_NUMBER.fullmatch(seg.numbers[0].text):
                    del seg.numbers[0]
    group_count = max((len(segs) for segs, _, _ in rows), default=1)
    placed: list[tuple[_Segment, int, int, int]] = []     # (part, its group, row start, row end)
    sides: list[int] = []     # the last ordinal seen on each side of a side-by-side table
    for segs, s, e in rows:
        for g, seg in enumerate(segs):
            if len(segs) == 1 and group_count > 1 and seg.group is None:
                g = _side(seg, text, sides)
            g = seg.group if seg.group is not None else g
            placed.append((seg, g, s, e))
            if group_count > 1:
                _note_ordinal(seg, g, text, sides)
    width = [0] * group_count
    for seg, g, _, _ in placed:
        width[g] = max(width[g], len(seg.numbers))
    values = [[Decimal(t.text.replace(",", "")) for t in seg.numbers if t is not None]
              for seg, g, _, _ in placed if group_count == 1 and seg.numbers]
    columns, groups = _columns(text, header_lines, width, kind, values)
    parsed = [row for seg, g, s, e in placed if (row := _row(text, seg, g, groups[g], kind, s, e)) is not None]
    parsed = _without_repeats(parsed)
    if not parsed:
        return None
    return Table(title, kind, unit, tuple(columns), tuple(tuple(g) for g in groups), tuple(parsed),
                 start, end, title_span)


def _is_clean(lines: list[_Line]) -> bool:
    filled = [line for line in lines if line.tokens]
    return bool(filled) and sum(line.text.startswith("\t") for line in filled) * 2 > len(filled)


def _clean_rows(lines: list[_Line]) -> Iterator[list[_Line]]:
    """Clean text: a row is the run of tab-indented lines between blank lines."""
    record: list[_Line] = []
    for line in lines:
        if not line.tokens and not line.text.startswith("\t"):
            if record:
                yield record
            record = []
        else:
            record.append(line)
    if record:
        yield record


def _tokens(record: list[_Line]) -> list[_Token]:
    return [t for line in record for t in line.tokens]


def _cells(record: list[_Line]) -> list[_Token]:
    """Clean text: one cell per line, empty ones kept (as an empty token at the line's end)."""
    cells = []
    for line in record:
        if line.tokens:
            cells.append(_Token(line.text[line.tokens[0].start - line.start:line.tokens[-1].end - line.start],
                                line.tokens[0].start, line.tokens[-1].end))
        else:
            cells.append(_Token("", line.end, line.end))
    return cells


def _is_number(token: str) -> bool:
    return NUMBER.fullmatch(token) is not None


def _is_code(token: str) -> bool:
    if CODE.fullmatch(token) is None:
        return False
    head = int(token[:3])
    return 101 <= head <= 110 or 201 <= head <= 234 or 301 <= head <= 313 or 501 <= head <= 599


def _is_data(tokens: list[_Token]) -> bool:
    if not tokens:
        return False
    if _is_code(tokens[0].text) and (len(tokens) == 1 or not _is_number(tokens[1].text) or "," not in tokens[0].text):
        return True
    # a year before 年 (``2026 年政府采购项目``, a header cell) is not a number of the row
    numbers = [t for k, t in enumerate(tokens) if _is_number(t.text)
               and not (k + 1 < len(tokens) and tokens[k + 1].text.startswith("年") and _YEAR_NUMBER.fullmatch(t.text))]
    label = "".join(t.text for t in tokens if not _is_number(t.text))
    return bool(numbers) and SKIPPED_ROW_LABELS.match(label) is None and not _YEAR.fullmatch(label)


def _segments(tokens: list[_Token], has_codes: bool, clean: bool) -> list[_Segment]:
    """Split a row's cells into sub-table parts: a name after numbers starts a new part."""
    segments = [_Segment()]
    in_numbers = False
    for k, token in enumerate(tokens):
        seg = segments[-1]
        word = token.text
        if word == "":                       # an empty clean-text cell
            if in_numbers or seg.name or seg.code:
                seg.numbers.append(None)
            in_numbers = True
            continue
        if _YEAR_NUMBER.fullmatch(word) and k + 1 < len(tokens) and tokens[k + 1].text.startswith("年") \
                and not in_numbers:
            seg.name.append(token)      # 2025 年: a row's year, a word of its name
            continue
        opens = has_codes and (in_numbers or bool(seg.code and seg.name)) and _opens_part(tokens, k)
        if _is_number(word) and not (not seg.name and not in_numbers and _starts_code(tokens, k, seg, has_codes)) \
                and not opens:
            seg.numbers.append(token)
            in_numbers = True
            continue
        if in_numbers or opens or (seg.name and _ORDINAL_LABEL.match(word)):
            seg = _Segment()
            segments.append(seg)
            in_numbers = False
        if not seg.name and _starts_code(tokens, k, seg, has_codes):
            seg.code.append(token)
        else:
            seg.name.append(token)
    if clean:
        for g, seg in enumerate(segments):
            seg.group = g
    return segments


def _opens_part(tokens: list[_Token], k: int) -> bool:
    """After a row's numbers (or its code and name, when its cells are empty), a code followed
    by its name opens the right-hand sub-table (``… 11,860.23 302 商品和服务支出 …``,
    ``… 262.33 302 01 办公费 …``), not one more number."""
    if not _is_code(tokens[k].text):
        return False
    k += 1
    while k < len(tokens) and len(tokens[k - 1].text) in (3, 5) and _SPLIT_CODE_PART.fullmatch(tokens[k].text) \
            and k + 1 < len(tokens) and not _is_number(tokens[k + 1].text):
        k += 1
    if k >= len(tokens):
        return False
    after = tokens[k].text
    if _is_number(after):   # its name wrapped around the line: a code, when no amount is written so
        return "," not in tokens[k - 1].text and "." not in tokens[k - 1].text and ("." in after or "," in after)
    return not _ORDINAL_LABEL.match(after)


def _starts_code(tokens: list[_Token], k: int, seg: _Segment, has_codes: bool) -> bool:
    word = tokens[k].text
    if not seg.code:
        if not _is_code(word):
            return False
        following = tokens[k + 1].text if k + 1 < len(tokens) else ""
        return has_codes or (following != "" and not _is_number(following))
    if len(seg.code) < 3 and len(seg.code[0].text) == 3 and _SPLIT_CODE_PART.fullmatch(word):
        rest = tokens[k + 1:]
        return bool(rest) and (not _is_number(rest[0].text) or _SPLIT_CODE_PART.fullmatch(rest[0].text) is not None)
    return False


def _rows(records: list[list[_Line]], header: set[str], has_codes: bool,
          clean: bool) -> list[tuple[list[_Segment], int, int]]:
    """The data rows of a table body, with wrapped item names joined: name lines before a code
    line whose name is missing (and the one line after it), or the lines after a code written
    alone until its numbers."""
    rows: list[tuple[list[_Segment], int, int]] = []
    pending: list[_Token] = []          # name lines not yet given to a row
    open_row: tuple[list[_Segment], int] | None = None   # a code still waiting for its numbers
    tail_for: _Segment | None = None    # a row that took its name from the line before it
    pending_indented = False            # the pending name began indented: a row's first line
    unnumbered = None                   # the last row's parts, when its last part is a name without numbers
    for k, record in enumerate(records):
        raw = record[0].text if len(record) == 1 else ""
        compact = "".join(regex.sub(r"\s+", "", line.text) for line in record)
        if not compact or compact.startswith("\f") or compact in header or _column_numbers(record) \
                or _PAGE_NUMBER.fullmatch(compact) and not _code_alone(compact, records[k + 1:k + 2], has_codes):
            continue
        tokens = _cells(record) if clean else _tokens(record)
        if not clean and not _is_data(tokens) and (open_row is not None or not _ORDINAL.match(raw)):
            # a line of words only: a piece of an item name
            if open_row is not None:
                open_row[0][0].name.extend(tokens)
            elif tail_for is not None:
                tail_for.name.extend(tokens)
                tail_for = None
            elif _PROSE.search(compact):
                pending = []    # prose (a 绩效目标 column's text), with the lines before it
            elif SKIPPED_ROW_LABELS.match(compact) is None and TITLE.match(raw) is None:
                if raw[:1].isspace():
                    pending = []    # an indented line begins a row's name
                pending_indented = pending_indented if pending else raw[:1].isspace()
                pending.extend(tokens)
            continue
        segs = _segments(tokens, has_codes, clean)
        first = segs[0]
        label = "".join(t.text for t in first.name)
        if SKIPPED_ROW_LABELS.match(label) and not first.code:
            continue
        tail_for = None
        if open_row is not None and not first.code:
            # the numbers (and the end of the name) of a code written on a line of its own
            target = open_row[0][0]
            target.name.extend(first.name)
            target.numbers.extend(first.numbers)
            rows.append((open_row[0][:1] + segs[1:], open_row[1], record[-1].end))
            open_row = None
            pending = []
            continue
        if open_row is not None:
            rows.append((open_row[0], open_row[1], open_row[0][0].code[-1].end))
            open_row = None
        if first.code and not first.numbers and len(segs) == 1 and not clean:
            open_row = (segs, record[0].start)     # its numbers (and the rest of its name) follow
            pending = []
            continue
        if not clean and rows and rows[-1][0] is unnumbered and not first.code and first.name \
                and len(rest := "".join(t.text for t in first.name)) <= 4 and not rest.endswith("计"):
            # the end of an ordinal item's wrapped name, with its numbers (十八、…等⏎支出 45 0.00)
            opened = rows[-1][0]
            opened[-1].name.extend(first.name)
            opened[-1].numbers.extend(first.numbers)
            rows[-1] = (opened + segs[1:], rows[-1][1], record[-1].end)
            unnumbered = None
            pending = []
            continue
        if first.code and not first.name and pending:
            first.name = pending
            tail_for = first
        elif not first.code and pending and (not first.name or not raw[:1].isspace()
                                             and (pending_indented or _unclosed("".join(t.text for t in pending)))):
            first.name = pending + first.name      # a name wrapped before the line of its numbers
        pending = []
        rows.append((segs, record[0].start, record[-1].end))
        unnumbered = segs if len(segs) == 1 and not first.numbers and not first.code and first.name \
            and _ORDINAL_LABEL.match(first.name[0].text) else None
    if open_row is not None:
        rows.append((open_row[0], open_row[1], open_row[0][0].code[-1].end))
    return rows


def _code_alone(compact: str, following: list[list[_Line]], has_codes: bool) -> bool:
    """A 类 code on a line of its own, its name on the next line — not a page number."""
    return has_codes and _is_code(compact) and bool(following) and not _is_data(_tokens(following[0]))


def _column_numbers(record: list[_Line]) -> bool:
    """The header's row of column numbers, ``1 2 3 … 12`` (its 栏次 label lost)."""
    words = [t.text for t in _tokens(record)]
    return len(words) >= 3 and words == [str(k) for k in range(1, len(words) + 1)]


def _unclosed(name: str) -> bool:
    return name.count("（") + name.count("(") > name.count("）") + name.count(")")


def _one_row_per_part(rows: list[tuple[list[_Segment], int, int]]) -> list[tuple[list[_Segment], int, int]]:
    """A table whose header names one item column has no side-by-side parts: a line with several
    coded parts is several rows run together by the extraction (a whole page on one line), and
    a bare number before the first of them is the page number."""
    split = []
    for segs, start, end in rows:
        if len(segs) > 1 and not segs[0].code and not segs[0].name and len(segs[0].numbers) == 1 \
                and segs[0].numbers[0] is not None and _ROW_NUMBER.fullmatch(segs[0].numbers[0].text):
            segs = segs[1:]
        split += [([seg], start, end) for seg in segs]
    return split


def _side(seg: _Segment, text: str, sides: list[int]) -> int:
    """The side of a side-by-side table a lone part belongs to: the right (支出) side when its
    name says 支出 or its ordinal carries on the right side's numbering, else the left."""
    name = "".join(t.text for t in seg.name)
    if _RIGHT_SIDE.search(name) and "收入" not in name:
        return 1
    m = _ORDINAL.match(name)
    if m and len(sides) > 1 and _chinese_number(m.group(1)) == sides[1] + 1:
        return 1
    if m and sides and _chinese_number(m.group(1)) == sides[0] + 1:
        return 0
    return 1 if not seg.name and sides else 0


def _note_ordinal(seg: _Segment, group: int, text: str, sides: list[int]) -> None:
    m = _ORDINAL.match("".join(t.text for t in seg.name))
    while len(sides) <= group:
        sides.append(0)
    if m:
        sides[group] = _chinese_number(m.group(1))


def _chinese_number(numeral: str) -> int:
    digits = "一二三四五六七八九"
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(numeral) + 1 if numeral in digits else 0


def _row(text: str, seg: _Segment, group: int, columns: list[int], kind: str | None,
         start: int, end: int) -> Row | None:
    if not seg.code and not seg.name and not any(seg.numbers):
        return None
    code = scheme = level = None
    if seg.code:
        code = seg.code[0].text + "".join(t.text.zfill(2) for t in seg.code[1:])
        level = LEVELS.get(len(code))
        economic = code[0] in "35" or kind == "基本支出经济分类表"
        scheme = "economic" if economic else "functional"
    names = seg.name
    while names and names[0].text in LEVELS.values() and len(names) > 1:
        names = names[1:]       # the 类 款 项 header cells written on the 合计 row
    item = _name(text, names)
    cells = []
    for k, token in enumerate(seg.numbers):
        if token is None or k >= len(columns):
            continue
        cells.append(Cell(columns[k], token.text, Decimal(token.text.replace(",", "")), token.start, token.end))
    return Row(code, scheme, level, item, group, tuple(cells), start, end)


def _name(text: str, tokens: list[_Token]) -> str:
    """An item name as written, the line breaks of a wrapped name removed."""
    if not tokens:
        return ""
    parts = [tokens[0].text]
    for before, token in zip(tokens, tokens[1:]):
        gap = text[before.end:token.start]
        parts.append(("" if "\n" in gap or "\r" in gap else " ") + token.text)
    return "".join(parts).strip()


def _without_repeats(rows: list[Row]) -> list[Row]:
    """Drop a row repeated after a page break (the 合计 row some templates print on every page)."""
    seen: set[tuple] = set()
    kept = []
    for row in rows:
        key = (row.code, row.item, row.group, tuple((c.column, c.written) for c in row.cells))
        if key in seen and row.code is None:
            continue
        seen.add(key)
        kept.append(row)
    return kept


def _joined(first: Table, then: Table) -> Table:
    return Table(first.title, first.kind, first.unit, first.columns, first.groups,
                 tuple(_without_repeats(list(first.rows + then.rows))), first.start, then.end, first.title_span)


# ---- the header ----------------------------------------------------------------------------------

def _columns(text: str, header: list[_Line], width: list[int], kind: str | None,
             values: list[list[Decimal]]) -> tuple[list[str], list[list[int]]]:
    """Column paths for each column group, from the names recognised in the header; a column
    the header does not name is ``列N``. ``values``: the numbers of each row (of a one-group
    table), to choose between readings of a header."""
    header = _rewrapped(header)
    names = _header_names(header)
    if kind not in _CARRY_OVER_KINDS:     # elsewhere a cell over others, named by its sub-columns
        names = [n for n in names if n not in ("本年收入", "本年支出")]
    if kind == "三公经费表":
        roles = [YEAR_PREFIX.sub("", n) for n in names if YEAR_PREFIX.sub("", n) in _ROLES]
        funds = [n for n in names if n in _FUNDS]
        if len(funds) < 2 * len(_FUNDS):
            funds = []          # a table of 三公 rows with fund columns (Guangdong): funds are its columns
        names = [n for n in names if YEAR_PREFIX.sub("", n) not in _ROLES and (n not in _FUNDS or not funds)]
        running = [n for n in names if YEAR_PREFIX.sub("", n).startswith("机关运行经费")]
        names = [n for n in names if n not in running] + running
        if len(set(roles)) == 2:
            names = _budget_and_actual(_paths(names), roles)
        else:
            names = _three_public_order(names, len(funds), [row for row in values if len(row) == width[0]])
    else:
        names = _paths(names)
    if len(width) == 1:
        per_group = [names]
    else:
        per_group = _split_sides(header, width)
    per_group = [_spanning(names, width[g]) if g < len(width) else names for g, names in enumerate(per_group)]
    width = [max(count, len(per_group[g]) if g < len(per_group) else 0) for g, count in enumerate(width)]
    columns: list[str] = []
    groups: list[list[int]] = []
    for g, count in enumerate(width):
        own = per_group[g] if g < len(per_group) else []
        group = []
        for k in range(count):
            name = own[k] if k < len(own) else f"列{k + 1}"
            group.append(len(columns))
            columns.append(name)
        groups.append(group)
    return columns, groups


_CARRY_OVER_KINDS = ("政府性基金支出表", "国有资本经营支出表")
"""Tables whose columns are 年初结转和结余 | 本年收入 | 本年支出 (小计, 基本, 项目) | 年末结转和结余."""


def _rewrapped(header: list[_Line]) -> list[_Line]:
    """Header cells wrapped inside their columns come out as lines of pieces, the n-th piece of
    each line in the n-th cell (``一般公共 政府性基`` / ``… 预算财政 金预算财`` / ``拨款 政拨款``):
    where the last pieces of two or three adjacent lines join into known column names, the
    names take the place of the pieces on the longest of those lines."""
    lines = list(header)
    k = 0
    while k < len(lines):
        n = len(lines[k].tokens)
        for span in (3, 2):
            window = lines[k:k + span]
            if n < 2 or len(window) < span or any(len(line.tokens) < n for line in window):
                continue
            joined = ["".join(line.tokens[len(line.tokens) - n + c].text for line in window) for c in range(n)]
            if all(COLUMN_PATTERN.fullmatch(name) for name in joined):
                longest = max(window, key=lambda line: len(line.tokens))
                kept = [t.text for t in longest.tokens[:len(longest.tokens) - n]]
                text = " ".join(kept + joined)
                lines[k:k + span] = [_Line([], longest.start, longest.end, text)]
                break
        else:
            _rejoin_last_cell(lines, k)
        k += 1
    return lines


def _rejoin_last_cell(lines: list[_Line], k: int) -> None:
    """The last cell of a header line wrapped onto the end of the next line (``… 对附属单位补助`` /
    ``功能分类 支出``): joined on the first line, taken off the second."""
    if k + 1 >= len(lines):
        return
    first, second = lines[k].text.split(), lines[k + 1].text.split()
    if len(first) < 2 or not second or COLUMN_PATTERN.fullmatch(first[-1]) \
            or not COLUMN_PATTERN.fullmatch(first[-1] + second[-1]):
        return
    lines[k] = _Line([], lines[k].start, lines[k].end, " ".join(first[:-1] + [first[-1] + second[-1]]))
    lines[k + 1] = _Line([], lines[k + 1].start, lines[k + 1].end, " ".join(second[:-1]))


def _spanning(names: list[str], width: int) -> list[str]:
    """More names than the rows have numbers: the header's spanning cells are written as paths.

    * a parent cell (:data:`PARENT_COLUMNS`) takes the place of its sub-columns written after it,
      and a total (总计/合计) extracted after such parents goes back before them, where every
      template prints it;
    * a first cell of a year and a budget (``2026年预算``) spans all the others; several year
      cells before the others span columns the text does not say, and are left out;
    * a name written just before a 合计/小计 is a cell over the columns that follow it
      (``2026年基本支出`` over 合计 / 人员经费 / 公用经费)."""
    first_parent = None
    for parent, parts in PARENT_COLUMNS.items():
        if len(names) <= width or parent not in names:
            continue
        at = names.index(parent)
        children = [k for k in range(at + 1, len(names)) if names[k] in parts]
        if children:
            names = names[:at] + [f"{parent}/{names[k]}" for k in children] \
                + [n for k, n in enumerate(names) if k > at and k not in children]
            first_parent = at if first_parent is None else min(first_parent, at)
    if first_parent is not None:
        late = [k for k in range(first_parent + 1, len(names)) if names[k] in _WHOLE_COLUMNS]
        if late and not any(n in _WHOLE_COLUMNS for n in names[:first_parent]):
            names.insert(first_parent, names.pop(late[0]))
    years = 0
    while years < len(names) and _YEAR_CELL.match(names[years]):
        years += 1
    if len(names) > width and years == 1 and _SPANNING_BUDGET.fullmatch(names[0]):
        names = [f"{names[0]}/{n}" for n in names[1:]]
    elif len(names) > width and years > 1:
        names = names[min(years, len(names) - width):]     # year cells over columns the text does not say
    while len(names) > width:
        k = next((k for k in range(len(names) - 1) if names[k + 1].rsplit("/", 1)[-1] in ("合计", "小计")
                  and names[k].count("/") == names[k + 1].count("/") == _side_depth(names[k])), None)
        if k is None:
            break
        side = names[k].rsplit("/", 1)[0] + "/" if "/" in names[k] else ""    # 支出/ of a 收支总表's side
        names = names[:k] + [f"{names[k]}/{n.removeprefix(side)}" for n in names[k + 1:]]
    return names


def _side_depth(name: str) -> int:
    """1 for a name under a side of a side-by-side table (``支出/预算数``), else 0; anything
    deeper is already a path and spans nothing more."""
    return 1 if name.split("/", 1)[0] in ("收入", "支出") else 0


def _header_names(header: list[_Line]) -> list[str]:
    """Known column names in the header, in order, each starting and ending at a cell border
    (whitespace, a line end or a year prefix)."""
    chars: list[str] = []
    border: list[bool] = []
    after_space = True
    for line in header:
        for ch in line.text:
            if ch.isspace() or ch in "\u3000\u00a0":
                after_space = True
                continue
            chars.append(ch)
            border.append(after_space)
            after_space = False
        after_space = True
    compact = "".join(chars)
    border.append(True)
    names = []
    pos = 0
    last_end = -1
    while True:
        m = COLUMN_PATTERN.search(compact, pos)
        if m is None:
            break
        # a cell starts and ends at a border, or where a known cell written without a space
        # before it ends (``财政拨款收入事业收入``) or after it starts
        starts = border[m.start()] or (m.start() == last_end and _glues(names[-1], m.group()))
        after = COLUMN_PATTERN.match(compact, m.end())
        ends = border[m.end()] or (after is not None and _glues(m.group(), after.group()))
        if starts and ends:
            names.append(m.group())
            pos = last_end = m.end()
        else:
            pos = m.start() + 1
    return _basic_parent(names)


def _glues(left: str, right: str) -> bool:
    """Two known cells written without a space between them are two cells — except a bare
    预算 (``支出预算``: a word of a spanning cell) and a budget before a spending kind
    (``一般公共预算基本支出``: one cell over others)."""
    return "预算" not in (left, right) and not (left.endswith("预算") and right.endswith("支出"))


_BASIC_PARTS = ("人员经费", "公用经费")
_WHOLE_COLUMNS = ("合计", "总计", "本年支出合计", "支出总计")


def _basic_parent(names: list[str]) -> list[str]:
    """基本支出 over its sub-columns (小计,) 人员经费, 公用经费: a header cell spanning them, not
    a column of its own. The sub-columns take its place, after the whole (合计) where the header
    writes it, before 项目支出."""
    if "基本支出" not in names or not all(part in names for part in _BASIC_PARTS) \
            or names.index("基本支出") > names.index(_BASIC_PARTS[0]):
        return names
    first = names.index(_BASIC_PARTS[0])
    block = (["小计"] if first > 0 and names[first - 1] == "小计" else []) + list(_BASIC_PARTS)
    rest = [n for k, n in enumerate(names) if n != "基本支出"
            and not (n in _BASIC_PARTS or (n == "小计" and block[0] == "小计" and k == first - 1))]
    whole = next((k for k, n in enumerate(rest) if n in _WHOLE_COLUMNS), None)
    at = whole + 1 if whole is not None else names.index("基本支出")
    return rest[:at] + [f"基本支出/{n}" for n in block] + rest[at:]


_ROLES = ("预算数", "决算数")
_THREE_PUBLIC = (("合计", "“三公”经费合计", "总计"), ("因公出国（境）费", "因公出国(境)费"), ("小计",),
                 ("购置费", "公务用车购置费"), ("运行费", "运行维护费", "公务用车运行费", "公务用车运行维护费"),
                 ("公务接待费",))
"""The national 三公 table's columns in order (total, travel, vehicle subtotal, purchase, running,
reception), each as the headers may write it; the first spelling stands for a cell the header
lost in extraction."""


def _budget_and_actual(names: list[str], roles: list[str]) -> list[str]:
    """A final account's 三公 table gives every column twice, 预算数 and 决算数: either each
    column split in two (the roles written under every column) or two halves (the roles written
    once, over the columns). Its cells are wrapped and interleaved past reading, so the columns
    are the national table's, in its order."""
    vehicle = next((n.split("/", 1)[0] for n in names if n.split("/", 1)[0] in GROUP_COLUMNS), "公务用车购置及运行费")
    leaves = []
    for spellings in _THREE_PUBLIC:
        written = next((n.rsplit("/", 1)[-1] for n in names if n.rsplit("/", 1)[-1] in spellings), spellings[0])
        leaves.append(f"{vehicle}/{written}" if spellings[0] in ("小计", "购置费", "运行费") else written)
    if len(roles) == 2:
        return [f"{role}/{leaf}" for role in roles for leaf in leaves]
    return [f"{leaf}/{role}" for leaf in leaves for role in _ROLES]


_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算")


def _three_public_order(names: list[str], funds: int, complete: list[list[Decimal]]) -> list[str]:
    """A 三公 header's columns. The vehicle cell is often extracted on a line of its own, away
    from its place, so three orders are tried — its columns where the cell was written, where
    its sub-columns were written, or where the national template has them (after
    因公出国（境）费) — and the first under which the table's complete rows add up is taken (the
    first, where no row is complete). Where every column is split by fund (一般公共预算 |
    政府性基金预算 | 国有资本经营预算, Shenzhen), each column is three, the sums holding per fund."""
    written = _paths(names)
    orders = [written, _paths(names, where_written=True), _vehicle_after_travel(written)]
    split = funds >= 2 * len(_FUNDS) and funds == len(_FUNDS) * len(written)

    def columns(order: list[str]) -> list[str]:
        return [f"{leaf}/{fund}" for leaf in order for fund in _FUNDS] if split else order

    def fits(order: list[str]) -> bool:
        paths = columns(order)
        relations = relations_by_role(paths) if split else named_relations([n.rsplit("/", 1)[-1] for n in paths])
        return all(keeps(list(row), relations) for row in complete if len(row) == len(paths))

    return columns(next((order for order in orders if fits(order)), written))


def _vehicle_after_travel(names: list[str]) -> list[str]:
    vehicle = [n for n in names if n.split("/", 1)[0] in GROUP_COLUMNS]
    rest = [n for n in names if n not in vehicle]
    at = next((k + 1 for k, n in enumerate(rest) if n.startswith("因公出国")), None)
    if at is None:
        at = next((k + 1 for k, n in enumerate(rest) if "合计" in n or "总计" in n), 0)
    return rest[:at] + vehicle + rest[at:]


def _paths(names: list[str], where_written: bool = False) -> list[str]:
    """Sub-columns written as paths under their header cell (:data:`GROUP_COLUMNS`), in the
    cell's place — also when the extraction wrote another cell of the upper header line between
    the parent and its sub-columns (``公务用车购置及运行费 公务接待费 小计 购置费 运行费``);
    ``where_written``: in the place of the first sub-column instead."""
    paths: list[str | None] = list(names)
    for k, name in enumerate(names):
        if name not in GROUP_COLUMNS:
            continue
        children: list[int] = []
        for j in range(k + 1, len(names)):
            if names[j] in GROUP_COLUMNS:
                break
            if names[j] in GROUP_COLUMNS[name] and names[j] not in [names[c] for c in children]:
                children.append(j)
        if not children:
            continue
        for j in children:
            paths[j] = None
        at = children[0] if where_written else k
        paths[k] = None
        paths[at] = [f"{name}/{names[j]}" for j in children]
    flat: list[str] = []
    for path in paths:
        if isinstance(path, list):
            flat += path
        elif path is not None:
            flat.append(path)
    return flat


def _split_sides(header: list[_Line], width: list[int]) -> list[list[str]]:
    """Side-by-side sub-tables: each side's names come after its own ``项目`` cell; the sides
    are named 收入 / 支出 when the header says so."""
    text = "\n".join(line.text for line in header)
    marks = [m.end() for m in _HEADER_SIDE.finditer(text)]
    if len(marks) >= 2:
        left = _header_names([_Line([], 0, 0, text[marks[0]:marks[1]])])
        right = _header_names([_Line([], 0, 0, text[marks[1]:])])
        parts = [left, right]
    else:
        names = _paths(_header_names(header))
        parts = [names[:width[0]], names[width[0]:]]
    compact = regex.sub(r"\s+", "", text[:marks[0]] if marks else text)
    if "收入" in compact and "支出" in compact:
        parts = [[f"收入/{n}" for n in parts[0]], [f"支出/{n}" for n in parts[1]]]
        for g, label in enumerate(("收入", "支出")):
            parts[g] += [f"{label}/列{k + 1}" for k in range(len(parts[g]), width[g] if g < len(width) else 0)]
    return parts + [[] for _ in range(len(width) - len(parts))]
