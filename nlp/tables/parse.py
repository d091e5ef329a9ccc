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
``301 …`` | ``302 …`` of an economic table): each part goes to its own column group. The header's
lines become column paths in :mod:`nlp.tables.header`; a short PDF row's numbers are placed by
:mod:`nlp.tables.placement`; performance-target forms come from :mod:`nlp.tables.forms`. Pure
Python (regex only); offsets index the text exactly as given.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

import regex

from nlp.tables.forms import find_forms
from nlp.tables.header import header_columns
from nlp.tables.placement import place
from nlp.tables.structure import Cell, Row, Table
from nlp.tables.vocabulary import (CODE, FUNCTIONAL_KINDS, LEVELS, NOT_TITLE, NUMBER, SKIPPED_ROW_LABELS,
                                   TABLE_KIND_PATTERNS, TITLE, UNIT)

_TOKEN = regex.compile(r"[^\s\u3000\u00a0]+")
_LINE = regex.compile(r"[^\n]*\n?")
_ENDS_TABLE = regex.compile(r"^[\s\u3000]*(?:注[:：\s]|说明[:：]|第[一二三四五六七八九十]+部分)|[。，；]")
_ENDS_PROSE_TABLE = regex.compile(r"^[\s\u3000]*(?:注[:：\s]|说明[:：]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
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
_NAME_CELL = regex.compile(r"(?<!\S)(?:项\s?目|\p{Han}*名\s?称)(?!\S)")
_RUNNING_HEADER = regex.compile(r"\p{Han}.*(?:预算|决算)(?:信息)?(?:公开)?$")
_DEPARTMENT_CODE = regex.compile(r"0\d{2}(?:\d{3})*")
_UNIT_IN_CELL = regex.compile(r"[（(]\s*单位\s*[:：]\s*(?:万元|千元|亿元|元)\s*[)）]")
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
    forms = find_forms(text)
    if UNIT.search(text) is None:
        return forms            # no unit line: no grid table (most prose-only disclosures)
    lines = _lines(text)
    running = _running_headers(lines)
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
        header_size = None
        if _header_with_unit(lines[i].text):
            body, header_size = min(body, i), 1     # 项目 预算数（单位：万元） 绩效目标: the unit line is the header
        j = _table_end(lines, body, i)
        start = min(lines[i].start, title_span[0]) if title_span else lines[i].start
        table = _parse(text, lines[body:j], title, title_span, unit, start, lines[j - 1].end, header_size, running)
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
    return sorted(parsed + forms, key=lambda table: table.start) if forms else parsed


def _running_headers(lines: list[_Line]) -> frozenset[str]:
    """Lines the document prints at the top of three pages or more and that name its budget
    (``某某局 2026 年度部门预算公开``), without whitespace: running headers, no row's name."""
    counts = Counter("".join(line.text.split()) for line in lines)
    return frozenset(words for words, n in counts.items() if n >= 3 and _RUNNING_HEADER.search(words))


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


def _header_with_unit(line: str) -> bool:
    """A unit written inside a header cell (``预算数（单位：万元）``) on a line of other header cells."""
    return bool(_UNIT_IN_CELL.search(line)) and len(line.split()) > 1


def _table_end(lines: list[_Line], first: int, unit_line: int = -1) -> int:
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
        if UNIT.search(line) and k != unit_line:
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
           unit: str, start: int, end: int, header_size: int | None = None,
           running: frozenset[str] = frozenset()) -> Table | None:
    """``header_size``: the header's number of lines, where it is known (a unit written in a
    header cell: that one line); else the header is what comes before the first row of numbers.
    ``running``: the document's running headers (no part of any row)."""
    kind = table_kind(title)
    clean = _is_clean(lines)
    records = list(_clean_rows(lines) if clean else ([line] for line in lines))
    first_data = next((k for k, record in enumerate(records) if _is_data(_tokens(record))), None)
    if first_data is None:
        return None
    opening = _tokens(records[first_data])
    if not clean and first_data > 0 and len(opening) > 1 and _is_code(opening[0].text) and _is_number(opening[1].text):
        first_data -= 1     # the first row's name begins on the line above its code
    if header_size is not None and not clean:
        first_data = min(first_data, header_size)     # the lines after it begin the first row's name
    header_lines = [line for record in records[:first_data] for line in record]
    header_text = {regex.sub(r"\s+", "", line.text) for line in header_lines if line.text.strip()}
    has_codes = any(w in "".join(header_text) for w in ("编码", "科目", "类款项")) or kind in FUNCTIONAL_KINDS
    wrapped_names = kind == "政府采购表" or any("绩效目标" in line for line in header_text)
    rows = _rows(records[first_data:], header_text | running, has_codes, clean, wrapped_names)
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
    columns, groups = header_columns([line.text for line in header_lines], width, kind, values)
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
    numbers = [t for k, t in enumerate(tokens) if _is_number(t.text) and not _number_in_name(tokens, k)
               and not (k + 1 < len(tokens) and tokens[k + 1].text.startswith("年") and _YEAR_NUMBER.fullmatch(t.text))]
    label = "".join(t.text for t in tokens if not _is_number(t.text))
    return bool(numbers) and SKIPPED_ROW_LABELS.match(label) is None and not _YEAR.fullmatch(label)


def _number_in_name(tokens: list[_Token], k: int) -> bool:
    """A whole number before a word of a name, with no number after it on the line
    (``市级 12345 热线办公场所``, ``12345 政府公共服务热线``): a word of the name, not a value —
    unless the words after it open the other side of a summary table (``一、…``) or are its total
    (``…合计``); a line's first number is a name's only when it is no code and no row number."""
    word = tokens[k].text
    if k >= len(tokens) - 1 or not word.isdigit() or k > 0 and _is_number(tokens[k - 1].text) \
            or k == 0 and (_is_code(word) or len(word) < 4):
        return False
    after = tokens[k + 1].text
    if _is_number(after) or _ORDINAL_LABEL.match(after) or after.endswith("计"):
        return False
    return not any(_is_number(t.text) for t in tokens[k + 2:])


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
        if not seg.name and not seg.code and not in_numbers and _DEPARTMENT_CODE.fullmatch(word) \
                and k + 1 < len(tokens) and not _is_number(tokens[k + 1].text):
            continue        # 068001 苏州市数据局: a department's code, neither a value nor its name
        if _YEAR_NUMBER.fullmatch(word) and k + 1 < len(tokens) and tokens[k + 1].text.startswith("年") \
                and not in_numbers or not clean and _number_in_name(tokens, k):
            seg.name.append(token)      # 2025 年, 市级 12345 热线…: words of the row's name
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
          clean: bool, wrapped_names: bool = False) -> list[tuple[list[_Segment], int, int]]:
    """The data rows of a table body, with wrapped item names joined: name lines before a code
    line whose name is missing (and the one line after it), or the lines after a code written
    alone until its numbers; ``wrapped_names`` (procurement tables, tables with a prose column):
    any name lines before a line of numbers begin its name."""
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
            elif (pending or SKIPPED_ROW_LABELS.match(compact) is None) and TITLE.match(raw) is None:
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
                                             and (wrapped_names or pending_indented
                                                  or _unclosed("".join(t.text for t in pending)))):
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
    while len(names) > 1 and (names[0].text in LEVELS.values() or _DEPARTMENT_CODE.fullmatch(names[0].text)):
        names = names[1:]       # the 类 款 项 header cells written on the 合计 row; a department's code
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
