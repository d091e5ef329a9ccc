"""Placing the numbers of a short PDF row (SPEC §9) by what the table itself says.

PDF text drops empty cells, so a row with fewer numbers than its column group has columns does
not say which columns its numbers are in (``20807 就业补助 1,990,000 1,990,000`` under
合计 / 基本支出 / 项目支出). The table's own arithmetic decides where it can:

* per row, 合计 = 基本支出 + 项目支出 (and 基本支出 = 人员经费 + 公用经费, and 合计 = the sum of all
  other columns where every complete row of the table says so): a placement that breaks a
  relation the complete rows keep is dropped;
* per column, a parent row is the sum of its children (类 = Σ款, 款 = Σ项, 合计 = Σ类): the
  placements of a family's short rows must make every column add up.

Numbers keep their order. Every cell of a short row is marked ``inferred`` — its column was
chosen, not read — whether the arithmetic settled it or, where it could not, the numbers were
left to fill the columns from the left. The closure check counts such rows apart, so closure is
never made true by construction.
"""
from __future__ import annotations

from decimal import Decimal
from itertools import combinations, islice, product

import regex

from nlp.tables.structure import Cell, Row, Table, code_blocks
from nlp.tables.vocabulary import SPENDING_PARTS, TOTAL_COLUMNS, TOTAL_ITEMS

_TRAVEL = ("因公出国（境）费", "因公出国(境)费")
_VEHICLE = ("公务用车购置及运行费", "公务用车购置及运行维护费")
_VEHICLE_PURCHASE = ("购置费", "公务用车购置费")
_VEHICLE_PARTS = (*_VEHICLE_PURCHASE, "运行费", "运行维护费", "公务用车运行费", "公务用车运行维护费")
_MAX_CANDIDATES = 4096
_MAX_OPEN = 80
_MAX_PRODUCT = 512
_MAX_SUMS = 4096
"""Bounds on the search: placements of a row tried against its relations, placements kept
open where no relation decides, combinations tried per family, and distinct column sums
followed through a family too large to enumerate."""

_NUMBERED_LINE = regex.compile(r"[一二三四五六七八九十]+、")
Relation = tuple[int, tuple[int, ...]]      # (whole position, part positions) within a group


def place(table: Table) -> Table:
    """The table with the numbers of each short row placed (and marked inferred)."""
    rows = list(table.rows)
    changed = False
    for g, group in enumerate(table.groups):
        width = len(group)
        members = [i for i, r in enumerate(rows) if r.group == g]
        short = [i for i in members if 0 < len(rows[i].cells) < width]
        if not short:
            continue
        names = [table.columns[c].rsplit("/", 1)[-1].replace(" ", "") for c in group]
        position = {c: k for k, c in enumerate(group)}
        values = {i: [cell.value for cell in sorted(rows[i].cells, key=lambda c: c.start)] for i in members}
        full = [[_at(rows[i], c) for c in group] for i in members if len(rows[i].cells) == width]
        by_role = len(set(names)) == 2 and set(names) <= {"预算数", "决算数"}
        if by_role:     # each column twice, 预算数 and 决算数: named by the segment above the role
            names = [table.columns[c].rsplit("/", 2)[-2] for c in group]
        relations = relations_by_role([table.columns[c] for c in group]) if by_role else _relations(names, full)
        options: dict[int, list[tuple[int, ...]]] = {}
        for i in members:
            if i not in short:
                options[i] = [tuple(position[c.column] for c in sorted(rows[i].cells, key=lambda c: c.start))]
                continue
            every = list(islice(combinations(range(width), len(values[i])), _MAX_CANDIDATES))
            kept = [p for p in every if keeps(_vector(values[i], p, width), relations)] if relations else []
            options[i] = kept or every[:_MAX_OPEN]
        additive = ["%" not in name for name in names]       # a percentage column does not add up
        _propagate(_families(rows, members), options, values, width, additive)
        for i in short:
            left = tuple(range(len(values[i])))
            chosen = left if left in options[i] else _likeliest(options[i], names)
            ordered = sorted(rows[i].cells, key=lambda c: c.start)
            cells = tuple(Cell(group[k], c.written, c.value, c.start, c.end, True) for k, c in zip(chosen, ordered))
            rows[i] = Row(rows[i].code, rows[i].scheme, rows[i].level, rows[i].item, g, cells,
                          rows[i].start, rows[i].end)
            changed = True
    if not changed:
        return table
    return Table(table.title, table.kind, table.unit, table.columns, table.groups, tuple(rows),
                 table.start, table.end, table.title_span)


def _likeliest(placements: list[tuple[int, ...]], names: list[str]) -> tuple[int, ...]:
    """Of placements the sums cannot tell apart, one that leaves a vehicle purchase empty: a
    department buys a car in few years, and runs its cars in every one."""
    return min(placements, key=lambda p: sum(names[k] in _VEHICLE_PURCHASE for k in p))


def _at(row: Row, column: int) -> Decimal | None:
    return row.value(column)


def _vector(numbers: list[Decimal], placement: tuple[int, ...], width: int) -> list[Decimal | None]:
    vector: list[Decimal | None] = [None] * width
    for k, value in zip(placement, numbers):
        vector[k] = value
    return vector


def _relations(names: list[str], full: list[list[Decimal | None]]) -> list[Relation]:
    """Row relations of the group: the named ones (合计 = 基本 + 项目 …) that the complete rows do
    not contradict, and 合计 = Σ all other columns where at least two complete rows keep it."""
    where = {name: k for k, name in reversed(list(enumerate(names)))}
    whole = next((where[n] for n in TOTAL_COLUMNS if n in where), None)
    named = named_relations(names)
    kept = [r for r in named if sum(not _holds(v, r) for v in full) * 2 <= len(full)]
    if whole == 0 and len(names) >= 3:
        everything = (0, tuple(range(1, len(names))))
        if len(full) >= 2 and all(_holds(v, everything) for v in full) and everything not in kept:
            kept.append(everything)
    return kept


def relations_by_role(paths: list[str]) -> list[Relation]:
    """Columns named twice, once per role (``合计/预算数`` and ``合计/决算数``): the named
    relations hold within each role."""
    by_role: dict[str, list[int]] = {}
    for k, path in enumerate(paths):
        if path.count("/") == 0:
            continue
        by_role.setdefault(path.rsplit("/", 1)[-1], []).append(k)
    relations = []
    for positions in by_role.values():
        inner = [paths[k].rsplit("/", 1)[0].rsplit("/", 1)[-1] for k in positions]
        if len(set(inner)) == len(inner):
            relations += [(positions[w], tuple(positions[p] for p in parts)) for w, parts in named_relations(inner)]
    return relations


def named_relations(names: list[str]) -> list[Relation]:
    """The relations the column names say a row keeps (合计 = 基本支出 + 项目支出, 基本支出 =
    人员经费 + 公用经费, the 三公 total and the vehicle subtotal), as positions in ``names``
    (the last segments of the column paths)."""
    where = {name: k for k, name in reversed(list(enumerate(names)))}
    whole = next((where[n] for n in TOTAL_COLUMNS if n in where), None)
    named: list[Relation] = []
    if whole is not None:
        parts = tuple(where[n] for n in SPENDING_PARTS if n in where)
        if len(parts) >= 2:
            named.append((whole, parts))
        if "基本支出" not in where and {"人员经费", "公用经费", "项目支出"} <= set(where):
            named.append((whole, (where["人员经费"], where["公用经费"], where["项目支出"])))
    total_last = where.get("总计")
    if total_last == len(names) - 1 and len(names) >= 3:   # sources of funds, their total last
        named.append((total_last, tuple(range(total_last))))
    if {"基本支出", "人员经费", "公用经费"} <= set(where):
        named.append((where["基本支出"], (where["人员经费"], where["公用经费"])))
    travel = next((where[n] for n in _TRAVEL if n in where), None)
    if travel is not None and "公务接待费" in where:       # a 三公 table
        vehicle = next((where[n] for n in ("小计", *_VEHICLE) if n in where), None)
        total = next((where[n] for n in ("合计", "“三公”经费合计", "总计") if n in where), None)
        if total is not None and vehicle is not None:
            named.append((total, (travel, vehicle, where["公务接待费"])))
        parts = tuple(where[n] for n in _VEHICLE_PARTS if n in where)
        if "小计" in where and len(parts) == 2:
            named.append((where["小计"], parts))
    return named


def _holds(vector: list[Decimal | None], relation: Relation) -> bool:
    whole, parts = relation
    present = [vector[p] for p in parts if vector[p] is not None]
    if not present:
        return True
    return vector[whole] is not None and vector[whole] == sum(present, Decimal(0))


def keeps(vector: list[Decimal | None], relations: list[Relation]) -> bool:
    """Whether a row's values (None: an empty cell) keep every relation."""
    return all(_holds(vector, r) for r in relations)


def _families(rows: list[Row], members: list[int]) -> list[tuple[int, list[int]]]:
    """(parent, children) index pairs: a coded row with the rows whose code extends it by one
    level, and the 合计 row with the 类 rows; in a table without codes, the total line with the
    numbered lines (一、…, 二、…)."""
    index = {id(rows[i]): i for i in members}
    blocks = code_blocks([rows[i] for i in members])
    families = []
    for block in blocks:
        by_code = {r.code: index[id(r)] for r in block if r.code}
        for code, i in by_code.items():
            children = [j for c, j in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                families.append((i, children))
    total = next((i for i in members if not rows[i].code and rows[i].item.replace(" ", "") in TOTAL_ITEMS), None)
    top = [i for i in members if rows[i].code and len(rows[i].code) == 3]
    if total is not None and top and len(blocks) == 1:
        families.append((total, top))
    if not any(rows[i].code for i in members):     # a 收支总表's side: the total over the 一、二、… lines
        total = next((i for name in TOTAL_ITEMS for i in members if rows[i].item.replace(" ", "") == name), None)
        numbered = [i for i in members if _NUMBERED_LINE.match(rows[i].item) and rows[i].cells]
        if total is not None and len(numbered) >= 2:
            families.append((total, numbered))
    return families


def _propagate(families: list[tuple[int, list[int]]], options: dict[int, list[tuple[int, ...]]],
               values: dict[int, list[Decimal]], width: int, additive: list[bool]) -> None:
    """Keep, for each row of each family, only the placements some consistent assignment of the
    whole family uses; a family is looked at again when one of its rows lost a placement. A
    family that cannot add up under any assignment (the document's own gap, or rounding)
    constrains nothing. Only the ``additive`` columns are summed."""
    scale = Decimal(1).scaleb(-min((_exponent(v) for vs in values.values() for v in vs), default=0))
    exact = {m: [int(v * scale) for v in values[m]] for m in options}    # integers add up fast
    vectors = {m: {p: [v if additive[k] else None for k, v in enumerate(_vector(exact[m], p, width))]
                   for p in options[m]} for m in options}
    member_of: dict[int, list[int]] = {}
    for f, (parent, children) in enumerate(families):
        for m in [parent] + children:
            member_of.setdefault(m, []).append(f)
    queue = list(range(len(families)))
    queued = set(queue)
    while queue:
        f = queue.pop()
        queued.discard(f)
        parent, children = families[f]
        members = [parent] + children
        if all(len(options[m]) == 1 for m in members):
            continue
        size = 1
        for m in members:
            size *= len(options[m])
        if size > _MAX_PRODUCT:
            used = _consistent_by_sums(members, options, vectors)
            if used is None or not used[0]:
                continue
        else:
            used = _consistent(members, options, vectors, 0)
        if not used[0]:     # rounding: a last-digit unit per child
            step = min((_last_digit(v) for m in members for v in values[m]), default=Decimal(1))
            used = _consistent(members, options, vectors, int(step * scale) * len(children))
        if not used[0]:
            continue
        for k, m in enumerate(members):
            if len(used[k]) < len(options[m]):
                options[m] = [p for p in options[m] if p in used[k]]
                for g in member_of[m]:
                    if g != f and g not in queued:
                        queue.append(g)
                        queued.add(g)


def _consistent(members: list[int], options: dict[int, list[tuple[int, ...]]],
                vectors: dict[int, dict[tuple[int, ...], list[int | None]]],
                tolerance: int) -> list[set[tuple[int, ...]]]:
    """For each member, the placements used by some assignment under which the family adds up;
    the rows already settled are summed once."""
    used: list[set[tuple[int, ...]]] = [set() for _ in members]
    open_ = [k for k, m in enumerate(members) if len(options[m]) > 1]
    fixed = {k: options[members[k]][0] for k in range(len(members)) if k not in open_}
    for choice in product(*(options[members[k]] for k in open_)):
        chosen = dict(fixed)
        chosen.update(zip(open_, choice))
        if _adds_up([vectors[m][chosen[k]] for k, m in enumerate(members)], tolerance):
            for k, p in chosen.items():
                used[k].add(p)
    return used


def _consistent_by_sums(members: list[int], options: dict[int, list[tuple[int, ...]]],
                       vectors: dict[int, dict[tuple[int, ...], list[int | None]]]) -> list[set] | None:
    """:func:`_consistent` for a family too large to enumerate (a 款 with a dozen short 项
    rows), exactly (no rounding): for each placement of the parent, the column sums the
    children can reach, child by child, kept as sets — only the sums from which the children
    still to come can reach the parent's, by the least and the most each of them can add per
    column; a child's placement is used when a reachable sum before it plus the placement can
    still reach the parent. None when the sums grow past :data:`_MAX_SUMS`."""
    parent, children = members[0], members[1:]
    used: list[set[tuple[int, ...]]] = [set() for _ in members]
    dense = {m: {p: tuple(v or 0 for v in vectors[m][p]) for p in options[m]} for m in members}
    width = len(next(iter(dense[parent].values())))
    low, high = [(0,) * width], [(0,) * width]     # what the children from k on add, at least and at most
    for child in reversed(children):
        choices = list(dense[child].values())
        low.append(tuple(a + min(c[k] for c in choices) for k, a in enumerate(low[-1])))
        high.append(tuple(a + max(c[k] for c in choices) for k, a in enumerate(high[-1])))
    low.reverse()
    high.reverse()

    for whole in options[parent]:
        target = dense[parent][whole]
        reached = [{(0,) * width}]
        for k, child in enumerate(children):
            least, most = low[k + 1], high[k + 1]
            sums = {tuple(map(sum, zip(total, vector))) for total in reached[-1] for vector in dense[child].values()}
            sums = {t for t in sums
                    if all(a + lo <= b <= a + hi for a, lo, hi, b in zip(t, least, most, target))}
            if len(sums) > _MAX_SUMS:
                return None
            reached.append(sums)
        if target not in reached[-1]:
            continue
        used[0].add(whole)
        ahead = {target}            # sums from which the parent can still be reached
        for k in range(len(children) - 1, -1, -1):
            child, before = children[k], set()
            for total in reached[k]:
                for p, vector in dense[child].items():
                    if tuple(map(sum, zip(total, vector))) in ahead:
                        before.add(total)
                        used[k + 1].add(p)
            ahead = before
    return used


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return min(int(exponent), 0) if isinstance(exponent, int) else 0


def _last_digit(value: Decimal) -> Decimal:
    return Decimal(1).scaleb(_exponent(value))


def _adds_up(vectors: list[list[int | None]], tolerance: int = 0) -> bool:
    """The parent equals the sum of its children in every column (within ``tolerance``); an
    empty cell counts as 0, but a column the parent fills needs a child that fills it too."""
    parent, children = vectors[0], vectors[1:]
    for k, value in enumerate(parent):
        filled = [c[k] for c in children if c[k] is not None]
        if value is not None and value != 0 and not filled:
            return False
        if value is None and any(filled):
            return False
        if abs((value or 0) - sum(filled)) > tolerance:
            return False
    return True
