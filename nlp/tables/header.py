"""A budget table's header → the paths of its columns (SPEC §9).

What PDF extraction does to a header, and how it is read back: known cells are found in the
header text (wrapped cells joined, cells written without a space between them split); a cell
over others becomes the first segment of their paths (``基本支出/人员经费``, ``公务用车购置及运行费/小计``,
``财政拨款/一般公共预算``), also where the extraction wrote the upper line's cells before the lower
line's; cells wrapped inside their columns are joined column by column; side-by-side sub-tables
are two groups (``收入/…`` | ``支出/…``); a 三公 table's columns are ordered where its complete
rows add up. The names are rules as data (:mod:`nlp.tables.vocabulary`).
"""
from __future__ import annotations

from decimal import Decimal

import regex

from nlp.tables.placement import keeps, named_relations, relations_by_role
from nlp.tables.vocabulary import COLUMN_PATTERN, GROUP_COLUMNS, PARENT_COLUMNS, YEAR_PREFIX

_HEADER_SIDE = regex.compile(r"项\s*目(?!\s*支\s*出)|科\s*目\s*名\s*称")
_YEAR_CELL = regex.compile(r"(?:19|20)\d{2}年")
_SPANNING_BUDGET = regex.compile(r"(?:19|20)\d{2}年度?(?:预算|决算)")


def header_columns(header: list[str], width: list[int], kind: str | None,
                   values: list[list[Decimal]]) -> tuple[list[str], list[list[int]]]:
    """Column paths for each column group (``width``: how many numbers each group's rows hold),
    from the names recognised in the header's lines; a column the header does not name is
    ``列N``. ``values``: the numbers of each row (of a one-group table), to choose between
    readings of a header."""
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


def _rewrapped(header: list[str]) -> list[str]:
    """Header cells wrapped inside their columns come out as lines of pieces, the n-th piece of
    each line in the n-th cell (``一般公共 政府性基`` / ``… 预算财政 金预算财`` / ``拨款 政拨款``):
    where the last pieces of two or three adjacent lines join into known column names, the
    names take the place of the pieces on the longest of those lines."""
    lines = [line.split() for line in header]
    k = 0
    while k < len(lines):
        n = len(lines[k])
        for span in (3, 2):
            window = lines[k:k + span]
            if n < 2 or len(window) < span or any(len(cells) < n for cells in window):
                continue
            joined = ["".join(cells[len(cells) - n + c] for cells in window) for c in range(n)]
            if all(COLUMN_PATTERN.fullmatch(name) for name in joined):
                longest = max(window, key=len)
                lines[k:k + span] = [longest[:len(longest) - n] + joined]
                break
        else:
            _rejoin_last_cell(lines, k)
        k += 1
    return [" ".join(cells) for cells in lines]


def _rejoin_last_cell(lines: list[list[str]], k: int) -> None:
    """The last cell of a header line wrapped onto the end of the next line (``… 对附属单位补助`` /
    ``功能分类 支出``): joined on the first line, taken off the second."""
    if k + 1 >= len(lines):
        return
    first, second = lines[k], lines[k + 1]
    if len(first) < 2 or not second or COLUMN_PATTERN.fullmatch(first[-1]) \
            or not COLUMN_PATTERN.fullmatch(first[-1] + second[-1]):
        return
    lines[k] = first[:-1] + [first[-1] + second[-1]]
    lines[k + 1] = second[:-1]


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


def _header_names(header: list[str]) -> list[str]:
    """Known column names in the header, in order, each starting and ending at a cell border
    (whitespace, a line end or a year prefix)."""
    chars: list[str] = []
    border: list[bool] = []
    after_space = True
    for line in header:
        for ch in line:
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


def _split_sides(header: list[str], width: list[int]) -> list[list[str]]:
    """Side-by-side sub-tables: each side's names come after its own ``项目`` cell; the sides
    are named 收入 / 支出 when the header says so."""
    text = "\n".join(header)
    marks = [m.end() for m in _HEADER_SIDE.finditer(text)]
    if len(marks) >= 2:
        left = _header_names([text[marks[0]:marks[1]]])
        right = _header_names([text[marks[1]:]])
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
