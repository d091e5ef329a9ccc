"""Segmentation: lines → noise, table of contents, tables, wrapped lines re-joined → headings
(a section tree) and paragraphs → sentences. Pure functions over the decoded text.

Works on both text shapes of SPEC §1: clean text (one paragraph per line, tables as one
tab-indented cell per line) and text extracted from PDF (hard-wrapped lines, form feeds,
page numbers and running headers, tables as rows of whitespace-separated cells).
Every span indexes the text exactly; nothing is normalised or dropped (SPEC §2).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import regex

from nlp.entities.numerals import parse_number
from nlp.model import Paragraph, Section, Sentence
from nlp.read.fold import fold
from nlp.segment import rules

# Line splitting with the standard library's re: the same matches, twice as fast as regex here.
_LINE = re.compile(r"[^\n\r\f\v\x1c-\x1e\x85\u2028\u2029]+")
_DIGITS = regex.compile(r"[0-9０-９\s]+")
_SPACES = regex.compile(r"\s+")
_ASCII_DIGIT = regex.compile(r"[0-9]")
_NOT_ORDINAL = regex.compile(r"[^0-9０-９零〇一二两三四五六七八九十百]")
_CELL_END = rules.TERMINAL + "：:"         # a cell does not end like a sentence or a lead-in

MAX_TABLE_GAP = 10         # weak lines a table may hold between two of its rows
MAX_TABLE_SPAN = 40        # lines a table may hold between two rows, enumerated items included
MAX_TAIL_CELL = 12         # display width of a cell's wrapped tail below a table's last row
MAX_TAIL_LINES = 12        # lines of such tails
MAX_TABLE_LEAD = 8         # header lines a table may have above its first row
LIST_FAMILIES = ("num", "paren_num", "num_paren")
MIN_UNTITLED_TOC = 4       # entries of a contents page without its 目录 title that recur in the body
MIN_LIST_RUN = 3           # sibling "headings" with nothing between them are a list
MIN_WRAPPED_HEADING = 24  # display width of a heading line long enough to wrap in a larger font
MAX_HEADING_TAIL = 8       # characters of the tail such a heading leaves on its second line
MAX_PART_TITLE_LINES = 4  # lines a part's title may take below a marker that stands alone ("第二部分")
MAX_PART_TITLE_WIDTH = 60  # display width of each of them
MAX_FAMILY_NESTING = 2     # a marker family may be open this often at once (a list restarted inside it)


class _once:
    """A property worked out on first use and then kept on the instance, like
    ``functools.cached_property`` but without the lock that one takes before Python 3.12."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass
class Line:
    """A physical line, trimmed of surrounding whitespace."""

    start: int
    end: int
    text: str
    indent: int
    tab_led: bool
    page_break_before: bool = False
    blank_before: bool = False
    role: str = ""            # noise | toc | toc_title | table | content
    listed: bool = False      # a table title the 目录 lists: a heading (GUIDELINES E.5, E.8)

    # Facts about the line's text that several passes ask for (tables, wrap joins, headings):
    # worked out once per line, on first use.
    @_once
    def width(self) -> int:
        return rules.display_width(self.text)

    @_once
    def marker(self) -> tuple[str, str]:
        return _marker(self.text)

    @_once
    def title_key(self) -> str:
        """The text after the marker, spaces removed (:func:`_title_key`)."""
        return _spaceless(self.text[len(self.marker[1]):])

    @_once
    def family(self) -> str:
        """The heading marker family the line opens with, "" if none."""
        return self.marker[0]

    @_once
    def heading(self) -> tuple[str, str, str] | None:
        if self.listed:
            return "title", "", self.text
        return _heading_of(self.text, self.marker)


@dataclass
class Block:
    """A run of lines that becomes one heading or one paragraph."""

    start: int
    end: int
    kind: str                 # heading | text | table | toc | noise
    lines: list[Line] = field(default_factory=list)
    family: str = ""          # heading marker family, "title" for unnumbered headings
    marker: str = ""
    title: str = ""
    continues: bool = False   # continues the previous text block across a page break


def segment(text: str) -> tuple[tuple[Section, ...], tuple[Paragraph, ...], tuple[Sentence, ...]]:
    """Sections, paragraphs and sentences of a decoded text. Matching sees the text with PDF
    artefacts folded (:mod:`nlp.read.fold`, one character for one: the offsets are the same);
    titles and markers are given folded."""
    text = fold(text)
    lines = _lines(text)
    _mark_noise(lines)
    _mark_toc(lines, text)
    if not any(line.role == "toc_title" for line in lines):
        _mark_untitled_toc(lines)
    _mark_tables(lines)
    listed = _mark_listed_tables(lines)
    wrap = _layout([line for line in lines if not line.role])
    blocks = _blocks(lines, wrap)
    _demote_cover_titles(blocks)
    _demote_unlisted_tables(blocks, listed)
    _demote_lists(blocks, wrap)
    sections, section_of = _section_tree(blocks)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    last_of_kind: dict[str, int] = {}
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            continue
        pid = len(paragraphs)
        continues = last_of_kind.get(block.kind) if block.continues else None
        paragraphs.append(Paragraph(pid, section_of[index], block.kind, block.start, block.end, continues))
        last_of_kind[block.kind] = pid
        sentences += [Sentence(pid, s, e) for s, e in _sentences(text, block)]
    return tuple(sections), tuple(paragraphs), tuple(sentences)


# --- lines ---------------------------------------------------------------------------------

def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    previous_end = 0
    pending_break = pending_blank = False
    for m in _LINE.finditer(text):
        start, end = m.span()
        if start > previous_end:
            gap = text[previous_end:start]
            if gap != "\n":                # the usual single line break: no page break, no blank line
                pending_break |= "\f" in gap
                pending_blank |= _holds_blank_line(gap)
        previous_end = end
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        if lead == len(raw):
            pending_blank = True
            continue
        if rules.TEMPLATE_JUNK_SIGN not in raw:
            trail = len(raw.rstrip())
            lines.append(Line(start + lead, start + trail, raw[lead:trail], lead, raw[0] == "\t",
                              pending_break, pending_blank))
        else:
            for piece_start, piece_end, is_junk in _junk_pieces(raw, start):
                indent = lead if piece_start == start + lead else 0
                line = Line(piece_start, piece_end, text[piece_start:piece_end], indent, raw[0] == "\t",
                            pending_break, pending_blank)
                if is_junk:
                    line.role = "noise"
                lines.append(line)
                pending_break = pending_blank = False     # only the first piece follows the gap
        pending_break = pending_blank = False
    return lines


def _holds_blank_line(gap: str) -> bool:
    """Do the line breaks between two lines hold a blank line: two breaks (CRLF counting as
    one) not separated by a form feed? The gap holds line-break characters only."""
    return any(len(part) - part.count("\r\n") >= 2 for part in gap.split("\f"))


def _junk_pieces(raw: str, offset: int):
    """Split a line at template junk (`MERGEFIELD ${...}`): junk pieces become noise."""
    cuts = [(m.start(), m.end()) for m in rules.TEMPLATE_JUNK.finditer(raw)]
    pos = 0
    pieces = []
    for s, e in cuts + [(len(raw), len(raw))]:
        if s > pos:
            pieces.append((pos, s, False))
        if e > s:
            pieces.append((s, e, True))
        pos = e
    for s, e, junk in pieces:
        piece = raw[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            yield offset + s + lead, offset + s + trail, junk


# --- noise, table of contents, tables ------------------------------------------------------

def _mark_noise(lines: list[Line]) -> None:
    """Page numbers, and running headers that recur next to page breaks."""
    for line in lines:
        if not line.tab_led and rules.is_page_number(line.text):
            line.role = "noise"
    breaks = [i for i, line in enumerate(lines) if line.page_break_before]
    edges = [edge for i in breaks for edge in ((i, i - 1) if i > 0 else (i,))]
    keys = Counter(_header_key(lines[i].text) for i in edges if not lines[i].role)
    recurring = {k for k, n in keys.items() if k and n >= max(3, len(breaks) // 3)}
    for i in edges:
        if not lines[i].role and _header_key(lines[i].text) in recurring:
            lines[i].role = "noise"


def _header_key(text: str) -> str:
    return _DIGITS.sub("", text)


def _mark_toc(lines: list[Line], text: str) -> None:
    """A 目录 line and the entries under it: the entries are neither headings nor body."""
    if not rules.TOC_TITLE.search(text):
        return                             # no 目录 anywhere: no line to test
    for i, line in enumerate(lines):
        if line.role or not rules.TOC_TITLE.fullmatch(line.text):
            continue
        line.role = "toc_title"
        entries = [j for j in range(i + 1, len(lines)) if not lines[j].role]
        if not entries:
            return
        leaders = bool(rules.TOC_LEADER.search(lines[entries[0]].text))
        first_numbered = None
        families: set[str] = set()
        for j in entries:
            entry = lines[j]
            family = entry.family
            key = entry.title_key
            if leaders:
                if not rules.TOC_LEADER.search(entry.text) and not family:
                    break
            else:
                if key == first_numbered or not _toc_entry_like(entry):
                    break
                if entry.page_break_before and (family not in families or not family):
                    break
            if family and first_numbered is None:
                first_numbered = key
            if family:
                families.add(family)
            entry.role = "toc"
        return


def _mark_untitled_toc(lines: list[Line]) -> None:
    """A contents page without its 目录 title: a run of title lines with nothing under any of
    them, most of which stand again further on as the titles of the body. Its entries are not
    headings (GUIDELINES D.5 rules 2 and 8)."""
    body = [i for i, line in enumerate(lines) if not line.role]
    keys: dict[int, str] = {}                  # body line → its title key, worked out on demand
    last_of: dict[str, int] = {}               # title key → the last body line that has it

    def key(i: int) -> str:
        if i not in keys:
            stripped = rules.without_toc_tail(lines[i].text)
            # Most lines have no leaders or page number to take off: their own (cached) key.
            keys[i] = lines[i].title_key if stripped is lines[i].text else _title_key(stripped)
        return keys[i]

    def is_entry(i: int) -> bool:
        stripped = rules.without_toc_tail(lines[i].text)
        heading = lines[i].heading if stripped is lines[i].text else _heading_of(stripped)
        return heading is not None and bool(key(i))

    run: list[int] = []
    listed: set[str] = set()
    for i in body + [None]:
        entry = i is not None and is_entry(i)
        # the run ends where the body starts: a title the run already listed, or a new page
        if entry and run and not lines[i].page_break_before and key(i) not in listed:
            run.append(i)
            listed.add(key(i))
            continue
        if len(run) >= MIN_UNTITLED_TOC:
            if not last_of:                    # only for a run long enough to be a contents page
                for j in body:
                    last_of[key(j)] = j
            repeated = sum(last_of[key(j)] > run[-1] for j in run)
            if repeated >= MIN_UNTITLED_TOC and 2 * repeated >= len(run):
                for j in run:
                    lines[j].role = "toc"
                return
        run = [i] if entry else []
        listed = {key(i)} if entry else set()


def _toc_keys(lines: list[Line]) -> set[str]:
    """The titles the 目录 lists, marker, leaders and page number taken off, spaces removed; an
    entry wrapped onto a second line (one without a marker) also as the two lines together."""
    keys: set[str] = set()
    previous = None
    for line in lines:
        if line.role != "toc":
            previous = None
            continue
        key = _title_key(rules.TOC_ENTRY_NUMBER.sub("", rules.without_toc_tail(line.text), count=1))
        if previous is not None and not line.family:
            keys.add(previous + key)
        keys.add(key)
        previous = key
    return keys


def _mark_listed_tables(lines: list[Line]) -> set[str]:
    """Table titles of the body that the 目录 lists (its numbered item, number dropped) are
    headings, whatever words they end in ("…经费、会议费、培训费支出表"); returns the keys of the
    table titles the 目录 lists."""
    listed = {key for key in _toc_keys(lines) if rules.TABLE_TITLE.search(key)}
    if not listed:
        return listed
    ends = {key[-1] for key in listed}     # a line (trimmed) ends as its key does: most end otherwise
    for line in lines:
        if (line.text[-1] in ends and not line.role and not line.family and line.width <= 2 * rules.MAX_LISTED_TITLE
                and not rules.LISTED_TITLE_PUNCT.search(line.text) and _spaceless(line.text) in listed):
            line.listed = True
            line.__dict__.pop("heading", None)      # worked out before it was known to be listed
    return listed


def _toc_entry_like(line: Line) -> bool:
    return line.width <= 80 and not rules.TOC_ENTRY_PUNCT.search(line.text)


def _title_key(text: str) -> str:
    family, marker = _marker(text)
    return _spaceless(text[len(marker):])


def _spaceless(text: str) -> str:
    """``text`` without whitespace (``\\s``). Every whitespace character but the space is
    unprintable, so a printable text without a space has none: no regex call."""
    if " " not in text and text.isprintable():
        return text
    return _SPACES.sub("", text)


def _mark_tables(lines: list[Line]) -> None:
    """Flattened tables: tab-indented cell lines, and rows of whitespace-separated cells with
    bare numbers, together with the short header and wrapped-cell lines between and above them.

    A table is a run of rows; a weak row (one number cell, or cells without numbers that only a
    table has: "一、…收入 一、…支出", "本年收入合计 本年支出合计") counts only in a run of two
    rows or more. Between two rows a table holds up to :data:`MAX_TABLE_GAP` short cell lines,
    not counting the items of an enumeration that goes on from row to row ("九、卫生健康支出" …
    "二十四、…" down the expenditure column of a 收支总表), up to :data:`MAX_TABLE_SPAN` lines."""
    strength = {i: _row_strength(line) for i, line in enumerate(lines) if not line.role}
    order = [i for i, strong in strength.items() if strong]
    members: set[int] = set()
    run: list[int] = []
    for k, a in enumerate(order):
        b = order[k + 1] if k + 1 < len(order) else None
        run.append(a)
        gap = [] if b is None else [i for i in range(a + 1, b) if not lines[i].role]
        if b is not None and _bridges(lines, gap):
            run += gap
            continue
        rows = [i for i in run if strength[i]]
        if len(rows) >= 2 or strength[rows[0]] == 2:
            members.update(run)
        run = []
    rows = sorted(members)
    for first in rows:
        if first - 1 in members:
            continue
        lead = []
        i = first - 1
        while i >= 0 and len(lead) < MAX_TABLE_LEAD and not lines[i].role:
            line = lines[i]
            if lines[i + 1].blank_before or not _is_cell_like(line, 40) or line.heading:
                break
            lead.append(i)
            i -= 1
        members.update(lead)
    for last in rows:
        if last + 1 in members:
            continue
        i = last + 1                       # wrapped tails of the last row's cells ("…支", "出")
        while (i < len(lines) and not lines[i].role and not lines[i].blank_before
               and i - last <= MAX_TAIL_LINES and lines[i].width <= MAX_TAIL_CELL and _is_cell_like(lines[i], MAX_TAIL_CELL)
               and not lines[i].family and not lines[i].heading):
            members.add(i)
            i += 1
    _mark_header_only_tables(lines, members)
    for i in members:
        lines[i].role = "table"


def _bridges(lines: list[Line], gap: list[int]) -> bool:
    """Can a table run on over the lines ``gap`` between two of its rows?"""
    if len(gap) > MAX_TABLE_SPAN:
        return False
    loose = 0
    for i in gap:
        line = lines[i]
        if not _is_cell_like(line, 60) or _is_title_line(line) or _is_table_title(line) or _is_complete_heading(line):
            return False
        if not (line.family == "cn" and line.width <= 40):
            loose += 1
    return loose <= MAX_TABLE_GAP


def _is_table_title(line: Line) -> bool:
    heading = line.heading
    return heading is not None and rules.TABLE_TITLE.search(heading[2]) is not None


def _mark_header_only_tables(lines: list[Line], members: set[int]) -> None:
    """A table title ("…决算表") followed by header cells only: an empty table is still a table."""
    for i, line in enumerate(lines):
        if line.role or i in members or not line.text.endswith("表"):
            continue
        heading = line.heading
        if not heading or heading[0] != "title":
            continue
        run = []
        for j in range(i + 1, min(len(lines), i + 1 + MAX_TABLE_LEAD + 4)):
            if (lines[j].role or j in members or lines[j].blank_before or not _is_cell_like(lines[j], 40)
                    or _is_title_line(lines[j])):
                break
            run.append(j)
        if len(run) >= 3:
            members.update(run)


def _is_title_line(line: Line) -> bool:
    """A table's title or a part heading: where a table stops, not a cell inside it."""
    heading = line.heading
    return heading is not None and heading[0] in ("title", "part")


def _is_row(line: Line) -> bool:
    return _row_strength(line) == 2


def _row_strength(line: Line) -> int:
    """2 for a table row, 1 for a weak row (a row only beside other rows), 0 for no row."""
    if line.tab_led:
        return 2
    cells = line.text.split()
    if len(cells) < 2:
        return 0                           # one cell (the text is trimmed: a tab would split it)
    if rules.PROSE_PUNCT.search(line.text):
        return 0
    if "\t" in line.text:
        return 2
    bare = len(rules.BARE_NUMBER_CELL.findall(line.text))
    if bare >= 2 or bare == 1 and rules.BARE_NUMBER_CELL.match(line.text) is not None:
        return 2
    if bare == 1:
        return 2 if rules.TOTAL_CELL.fullmatch(cells[0]) else 1
    if line.width > 90:
        return 0
    # A cell without 、 opens with no "cn" marker, and one without 计 is no total: no regex call.
    enumerated = sum(_marker(cell)[0] == "cn" for cell in cells if "、" in cell)
    totals = sum(rules.TOTAL_CELL.fullmatch(cell) is not None for cell in cells if "计" in cell)
    return 1 if enumerated >= 2 or totals >= 2 or totals and len(cells) == 2 and totals == len(cells) else 0


def _is_cell_like(line: Line, max_width: int) -> bool:
    if line.text[-1] in _CELL_END or rules.PROSE_PUNCT.search(line.text):
        return False
    if line.width <= max_width:
        return True
    return line.width <= 90 and len(line.text.split()) >= 3 and not _ASCII_DIGIT.search(line.text)


# --- blocks: wrapped lines re-joined, headings told from paragraphs --------------------------

def _blocks(lines: list[Line], wrap: Wrap | None) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        role = line.role or "content"
        last = blocks[-1] if blocks else None
        if role == "noise":
            blocks.append(Block(line.start, line.end, "noise", [line]))
        elif role == "toc_title":
            blocks.append(Block(line.start, line.end, "heading", [line], "title", "", line.text))
        elif role in ("toc", "table"):
            if last and last.kind == role:
                last.lines.append(line)
                last.end = line.end
            else:
                blocks.append(Block(line.start, line.end, role, [line],
                                    continues=_continues(blocks, role)))
        else:
            joined = last is not None and _joins(last, line, wrap)
            if joined:
                last.lines.append(line)
                last.end = line.end
            elif _noise_splits_wrap(blocks, line, wrap):
                blocks.append(Block(line.start, line.end, "text", [line], continues=True))
            else:
                blocks.append(Block(line.start, line.end, "text", [line]))
    classified: list[Block] = []
    for index, block in enumerate(blocks):
        classified.append(block)
        if block.kind == "text" and not block.continues and not _carried_over(blocks, index):
            rest = _classify_block(block)
            if rest is not None:
                classified.append(rest)
    return classified


def _carried_over(blocks: list[Block], index: int) -> bool:
    """Does the numbered line at ``index`` go on after the page break below it into an amount
    statement (a continuing text block follows, past the page number and running header)? Then
    it is the start of a paragraph, not a heading ("1．…（类）未归口管理的行政单位离退" +
    "休支出（项）271.45万元，…")."""
    for position in range(index + 1, len(blocks)):     # no copy of the blocks after it: linear
        after = blocks[position]
        if after.kind != "noise":
            break
    else:
        return False
    if after.kind != "text" or not after.continues or len(blocks[index].lines) != 1:
        return False
    line = blocks[index].lines[0]
    # Only when the two make an amount line (E.9): a heading may fill the last line of a page
    # above a paragraph that the page's indent does not show ("二、…项目情况及工作要求").
    return (bool(line.family) and not _is_complete_heading(line)
            and rules.AMOUNT_IN_TITLE.search(after.lines[0].text) is not None
            and _heading_of(line.text + after.lines[0].text) is None)


def _continues(blocks: list[Block], kind: str) -> bool:
    """A table or text interrupted only by noise (page number, running header) continues."""
    i = len(blocks) - 1
    saw_noise = False
    while i >= 0 and blocks[i].kind == "noise":
        saw_noise = True
        i -= 1
    return saw_noise and i >= 0 and blocks[i].kind == kind


def _noise_splits_wrap(blocks: list[Block], line: Line, wrap: Wrap | None) -> bool:
    i = len(blocks) - 1
    if i < 0 or blocks[i].kind != "noise":
        return False
    while i >= 0 and blocks[i].kind == "noise":
        i -= 1
    return i >= 0 and blocks[i].kind == "text" and _wraps_into(blocks[i].lines[0], blocks[i].lines[-1], line, wrap)


def _wrap_width(content: list[Line]) -> int | None:
    """The page's line width if the text is hard-wrapped, else None.

    Hard-wrapped text has most of its lines filled to nearly the same width and ending in the
    middle of a sentence; clean text has one paragraph per line of any length."""
    widths = sorted(line.width for line in content)
    if len(widths) < 8:
        return None
    top = widths[int(len(widths) * 0.9)]
    if top > 140:
        return None
    full = [line for line in content
            if line.width >= 0.8 * top and line.text[-1] not in rules.TERMINAL]
    return top if len(full) >= 0.25 * len(content) else None


def _uses_indent(content: list[Line]) -> bool:
    """Does the text mark the first line of a paragraph by indenting it (首行缩进)?"""
    return sum(line.indent >= 2 for line in content) >= 0.15 * max(1, len(content))


@dataclass(frozen=True)
class Wrap:
    """How a hard-wrapped text was laid out: the page width, and whether paragraphs are indented."""

    width: int
    indented: bool


def _layout(content: list[Line]) -> Wrap | None:
    width = _wrap_width(content)
    return None if width is None else Wrap(width, _uses_indent(content))


def _joins(block: Block, line: Line, wrap: Wrap | None) -> bool:
    if block.kind != "text" or line.blank_before and not line.page_break_before:
        return False
    return (_wraps_into(block.lines[0], block.lines[-1], line, wrap) or _heading_tail(block, line)
            or _part_title_line(block, line))


def _part_title_line(block: Block, line: Line) -> bool:
    """Is ``line`` more of the title of a part whose marker stands alone on its line, the title
    set below it in a few short lines ("第二部分" / "2026 年度" / "某某局" / "部门预算表")? The
    lines join until they end in a title word (GUIDELINES D.5 rule 10: one span)."""
    first = block.lines[0]
    if (first.family != "part" or len(first.marker[1]) != len(first.text) or len(block.lines) > MAX_PART_TITLE_LINES
            or line.page_break_before or line.family or line.width > MAX_PART_TITLE_WIDTH
            or rules.TITLE_PUNCT.search(line.text) or rules.CLOSING.match(line.text)):
        return False
    return len(block.lines) == 1 or not rules.ends_in_title_word(block.lines[-1].text)


def _heading_tail(block: Block, line: Line) -> bool:
    """Is ``line`` the short tail of a long numbered heading set in a larger font, which wrapped
    before its line was full ("第三部分 上海市××局2024年度部门决算情况" + "说明")?

    The tail is a few characters on the same page, no marker and no punctuation, and the two
    lines together are a heading. A tail that is a title on its own ("主要职能" under
    "一、部门概况") stays apart unless a title word straddles the break ("情况" + "说明")."""
    first = block.lines[0]
    if (len(block.lines) != 1 or line.page_break_before or line.family or not first.family
            or first.width < MIN_WRAPPED_HEADING or len(line.text) > MAX_HEADING_TAIL
            or rules.TITLE_PUNCT.search(line.text) or rules.CLOSING.match(line.text)
            or rules.HEADING_END_PUNCT.search(first.text) or first.heading is None):
        return False
    joined = _heading_of(first.text + line.text)
    if joined is None or not rules.ends_in_title_word(joined[2]):
        return False
    return line.heading is None or _straddles(joined[2], line.text)


def _straddles(title: str, tail: str) -> bool:
    """Does a title word at the end of ``title`` begin before its last ``tail``?"""
    return any(title.endswith(word) and len(word) > len(tail) for word in rules.TITLE_WORDS)


def _wraps_into(first: Line, previous: Line, line: Line, wrap: Wrap | None) -> bool:
    """Does ``line`` carry on the paragraph that ``previous`` broke off at the page edge?

    Only after a full line, and never into an indented line or one that opens with a heading
    marker or a title. Where paragraphs are indented, that is all it takes; elsewhere a full line
    ending in 。 ends the paragraph, except inside a numbered list item, which runs on until the
    next marker -- but not across a page break."""
    if wrap is None or line.blank_before and not line.page_break_before:
        return False
    if not _fills_line(previous, wrap):
        return False
    if _unclosed(previous.text):
        return True
    if line.indent >= 2 or line.family:
        return False
    if line.heading:
        if first.family:                # a numbered heading wrapped onto a second line
            return (first is previous and not rules.HEADING_END_PUNCT.search(first.text)
                    and not _is_complete_heading(previous))
        # An unnumbered title wrapped in a text that indents paragraphs.
        return wrap.indented and first is previous and bool(_heading_of(first.text + line.text))
    if wrap.indented or previous.text[-1] not in rules.TERMINAL:
        return True
    return first.family in LIST_FAMILIES and not line.page_break_before


def _fills_line(line: Line, wrap: Wrap | None) -> bool:
    """Did the line run to the page edge of a hard-wrapped text (and may go on below)?"""
    return wrap is not None and line.width >= 0.8 * wrap.width


def _unclosed(text: str) -> bool:
    """A line broken inside brackets ("…医疗（1" + "1）…") goes on, whatever the next one looks like."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _is_complete_heading(line: Line) -> bool:
    """A heading line that already ends in a title word does not wrap onto the next line."""
    heading = line.heading
    return heading is not None and rules.ends_in_title_word(heading[2])


def _classify_block(block: Block) -> Block | None:
    """Make a block a heading if it is one. A heading line that filled the page width may have
    been joined with the paragraph below it: split it off and return the rest."""
    heading = (block.lines[0].heading if len(block.lines) == 1
               else _heading_of("".join(line.text for line in block.lines)))
    rest = None
    if not heading and len(block.lines) > 1:
        first = block.lines[0].heading
        if first and first[0] != "title" and rules.ends_in_title_word(first[2]):
            heading = first
            rest = Block(block.lines[1].start, block.end, "text", block.lines[1:])
            block.lines = block.lines[:1]
            block.end = block.lines[0].end
    if heading:
        block.kind = "heading"
        block.family, block.marker, block.title = heading
    return rest


def _marker(text: str) -> tuple[str, str]:
    """(family, marker as written) of the heading marker the text opens with, or ("", "")."""
    if text[:1] not in rules.MARKER_START:
        return "", ""
    m = rules.MARKER.match(text)
    return (m.lastgroup, m.group()) if m else ("", "")


def _heading_of(text: str, marked: tuple[str, str] | None = None) -> tuple[str, str, str] | None:
    """(family, marker, title) if the line is a heading, else None. ``marked``: the text's
    ``_marker`` if already known."""
    family, marker = marked or _marker(text)
    if family:
        rest = text[len(marker):].strip()
        return (family, marker.strip(), rest) if _is_numbered_title(rest) else None
    # Cheapest test first; display_width ≥ len, so a text of over 60 characters is too wide.
    if (rules.ends_in_title_word(text) and 4 <= len(text) <= 60 and rules.display_width(text) <= 60
            and not rules.TITLE_PUNCT.search(text) and not rules.CLOSING.match(text)
            and (not text[0].isdigit() or rules.TITLE_YEAR.match(text))):
        return "title", "", text
    if rules.is_known_title(text):
        return "title", "", text
    return None


def _is_numbered_title(rest: str) -> bool:
    if not rest:
        return False
    # "6）绩效目标和指标：" introduces what follows: the colon is no part of the title.
    stem = rest[:-1] if rest[-1] in "：:" and len(rest) > 1 else rest
    body = stem.rstrip("。.")
    if rules.HEADING_END_PUNCT.search(body) or body[-1:] in "，,、":
        return False                       # content after a sentence end, a colon or a semicolon
    if len(rest.split()) >= 2 and rules.BARE_NUMBER_CELL.search(rest):
        return False                       # a table row
    amount = rules.AMOUNT_IN_TITLE.search(body)
    if amount and (stem[-1] in "。." or rules.TITLE_PUNCT.search(body, amount.end())):
        return False                       # states an amount and ends or goes on: a statement (E.9)
    if stem[-1] in "。.":
        # a verb inside a topic that ends in a title word ("…工作开展情况。") makes no statement
        return len(body) <= 24 and (rules.ends_in_title_word(body) or not rules.PREDICATES.search(body))
    return len(body) <= 80 and rules.display_width(body) <= 80 and body.count("，") <= 1


def _demote_cover_titles(blocks: list[Block]) -> None:
    """The title of the document, or of an attached report, is a cover line, not a heading: an
    unnumbered document title before any heading, or right after an 附件 heading."""
    previous: Block | None = None
    for block in blocks:
        if block.kind != "heading":
            continue
        if (block.family == "title" and rules.DOCUMENT_TITLE.search(block.title)
                and (previous is None or rules.ATTACHMENT.fullmatch(previous.title))):
            block.kind = "text"
            continue
        previous = block


def _demote_unlisted_tables(blocks: list[Block], listed: set[str]) -> None:
    """An unnumbered table title is a heading only where the 目录 lists it, and only once: where
    the 目录 does not list the tables (or there is none) the title is part of its table, and the
    title repeated at the top of a continuation page opens nothing (GUIDELINES E.8)."""
    seen: set[str] = set()
    for block in blocks:
        if (block.kind != "heading" or block.family != "title" or not rules.TABLE_TITLE.search(block.title)
                or rules.TABLES_PART.search(block.title) or rules.is_known_title(block.title)):
            continue
        key = _SPACES.sub("", block.title)
        if key not in listed or key in seen:
            block.kind = "text"
        seen.add(key)


def _demote_lists(blocks: list[Block], wrap: Wrap | None) -> None:
    """Sibling numbered "headings" with nothing between them are a list of items, not sections;
    so is a numbered line among paragraphs of the same numbering ("1、因公出国（境）费支出0.00万元。"
    before "2、公务接待费…"), unless it introduces content below it that is unnumbered ("7）绩效目标和指标"
    above "数量指标：…") or numbered in another family ("二、机构设置" after the items "一、…。" of a
    list of duties, above "1.内设机构…"), and did not run to the page edge of a hard-wrapped text."""
    body = [b for b in blocks if b.kind != "noise" and not b.continues]   # a page break ends no list
    i = 0
    while i < len(body):
        j = i
        while (j < len(body) and body[j].kind == "heading" and body[j].family not in ("", "title")
               and body[j].family == body[i].family):
            j += 1
        if j - i >= MIN_LIST_RUN and body[i].kind == "heading":
            for block in body[i:j]:
                block.kind = "text"
        i = max(j, i + 1)
    for i, block in enumerate(blocks):
        if block.kind != "heading" or block.family in ("", "title"):
            continue
        before = blocks[i - 1] if i else None
        after = next((blocks[j] for j in range(i + 1, len(blocks)) if blocks[j].kind != "noise"), None)
        if not any(b is not None and b.kind == "text" and b.lines[0].family == block.family
                   for b in (before, after)):
            continue
        introduces = (after is not None and after.kind in ("text", "table") and after.lines[0].family != block.family
                      and not _fills_line(block.lines[-1], wrap))
        if not introduces:
            block.kind = "text"


# --- the section tree --------------------------------------------------------------------------

def _section_tree(blocks: list[Block]) -> tuple[list[Section], list[int | None]]:
    """Nest headings by marker family: a family already open closes back to its level,
    a new family opens one level deeper. Unnumbered headings take the family of what follows."""
    stack: list[tuple[str, int]] = []          # (family, index into raw)
    raw: list[dict] = []
    section_of: list[int | None] = []
    ahead = _lookahead(blocks)
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            family = block.family
            if family == "title":
                family = _title_family(block, *ahead[i], stack, raw)
            number = _marker_number(block.marker)
            sibling = _open_sibling(stack, raw, family, number)
            if sibling is not None:
                del stack[sibling:]
            parent = stack[-1][1] if stack else None
            sid = len(raw)
            raw.append({"parent": parent, "level": len(stack) + 1, "block": block, "number": number})
            stack.append((family, sid))
        section_of.append(stack[-1][1] if stack else None)
    ends = _section_ends(raw, blocks)
    sections = [Section(sid, r["parent"], r["level"], r["block"].marker, r["block"].title,
                        (r["block"].start, r["block"].end), r["block"].start, ends[sid])
                for sid, r in enumerate(raw)]
    return sections, section_of


def _open_sibling(stack, raw, family: str, number: int | None) -> int | None:
    """Stack position of the open heading the new one follows in numbering: the innermost open
    heading of the same family with a smaller number. A list that restarts at 一 inside a
    section ("（二）重点工作完成情况" → "一、…") opens a level instead of closing one, but only
    once per family and never directly under a heading of its own family: a restart that
    finds its family innermost ("二、立项依据" → "一、项目概述" of the next project), or
    already nested once, is a sibling of that family's innermost heading. So the depth stays
    bounded by the number of families, however often a list restarts."""
    innermost = None
    opened = 0
    for pos in range(len(stack) - 1, -1, -1):
        open_family, sid = stack[pos]
        if open_family != family:
            continue
        open_number = raw[sid]["number"]
        if number is None or open_number is None or open_number < number:
            return pos
        if innermost is None:
            innermost = pos
        opened += 1
    if innermost is not None and (innermost == len(stack) - 1 or opened >= MAX_FAMILY_NESTING):
        return innermost
    return None


def _marker_number(marker: str) -> int | None:
    """The ordinal a marker writes: "十二、" → 12, "（3）" → 3, "第二部分" → 2; None if it writes
    none that :func:`nlp.entities.numerals.parse_number` can read."""
    digits = _NOT_ORDINAL.sub("", marker.replace("部分", ""))
    if not digits:
        return None
    try:
        return int(parse_number(digits))
    except ValueError:
        return None


def _lookahead(blocks: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """For each block, the next numbered heading and the next block that is not noise after it:
    one pass from the end instead of a scan forward from every unnumbered heading."""
    ahead: list[tuple[Block | None, Block | None]] = [(None, None)] * len(blocks)
    numbered = content = None
    for i in range(len(blocks) - 1, -1, -1):
        ahead[i] = (numbered, content)
        block = blocks[i]
        if block.kind == "heading" and block.family != "title":
            numbered = block
        if block.kind != "noise":
            content = block
    return ahead


def _title_family(block: Block, nxt: Block | None, next_content: Block | None,
                  stack: list[tuple[str, int]], raw: list[dict]) -> str:
    """An unnumbered heading is a sibling of the unnumbered heading already open, else it
    takes the family of the next numbered heading ``nxt``: as its sibling when text comes
    between, as its parent when that heading follows at once. An attachment (附件1) is always
    the parent: what follows it belongs to the attached report. The title of one table
    ("收入支出决算总表") under the part that holds the tables ("第二部分 …部门决算表", or that
    title without its marker) is that part's child."""
    if any(f.startswith("title") for f, _ in stack):
        return next(f for f, _ in stack if f.startswith("title"))
    if stack and rules.TABLE_TITLE.search(block.title) and not rules.TABLES_PART.search(block.title):
        holder = raw[stack[-1][1]]["block"]
        if holder.family == "part" or rules.TABLES_PART.search(holder.title):
            return "title"
    if nxt is None:
        return "title"
    if next_content is nxt or rules.ATTACHMENT.fullmatch(block.title):
        families = [f for f, _ in stack]
        if nxt.family in families:
            del stack[families.index(nxt.family):]
        return "title"
    return nxt.family


def _section_ends(raw: list[dict], blocks: list[Block]) -> list[int]:
    """Where each section ends: at the last block that ends before the next heading of the same
    or a higher level, else at the end of the last block. One pass with a stack of open sections
    finds each closing heading, and a bisect over the block ends the end before it, so that
    the work stays linear in the number of sections (a document of 4 MB has thousands)."""
    block_ends = sorted(b.end for b in blocks)
    last_end = block_ends[-1] if block_ends else 0
    closer: list[dict | None] = [None] * len(raw)
    open_sids: list[int] = []                  # levels strictly increasing
    for sid, r in enumerate(raw):
        while open_sids and raw[open_sids[-1]]["level"] >= r["level"]:
            closer[open_sids.pop()] = r
        open_sids.append(sid)
    ends = []
    for r, later in zip(raw, closer):
        end = last_end
        if later is not None:
            before = bisect_right(block_ends, later["block"].start)
            end = block_ends[before - 1] if before else later["block"].start
        ends.append(max(end, r["block"].end))
    return ends


# --- sentences -------------------------------------------------------------------------------

def _sentences(text: str, block: Block) -> list[tuple[int, int]]:
    """Table rows and noise are one sentence a line; prose splits after 。！？!?… and any
    closing quotes, never at decimal points, list markers or ；."""
    if block.kind in ("table", "noise", "toc"):
        return [(line.start, line.end) for line in block.lines]
    spans = []
    start = block.start
    for m in rules.SENTENCE_END.finditer(text, block.start, block.end):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, block.end))
    out = []
    for s, e in spans:
        if s < e and not text[s].isspace() and not text[e - 1].isspace():
            out.append((s, e))             # nothing to trim (the usual case)
            continue
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append((s + lead, s + trail))
    return out
