"""China's government revenue/expenditure classification (政府收支分类科目), as data.

Disclosures cite expenditure subjects by code (``2010301``, ``208 05 05``, ``30201``) or by a
path of names with level markers (``一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）
行政运行（项）``). This module maps both to the national code so that an EXP_CODE entity can
carry it. The table lives in ``data/expenditure_codes.tsv`` (one row per code: scheme, code,
level, name, parent, aliases — earlier or variant names of the same subject, ``|``-separated)
and is loaded once, on first use. It holds every 类 of the functional classification (支出功能
分类, 2024 edition) with the 款 and 项 that department disclosures use, and the economic
classification for department budgets (部门预算支出经济分类, 类 301–399 and their 款) and for
government budgets (政府预算支出经济分类, 类 501–514 and 599 and their 款), which department tables
print beside the department codes; both are ``scheme`` ``economic``.
Aliases record renamings (行政事业单位离退休 → 行政事业单位养老支出, 扶贫 → 巩固脱贫衔接乡村振兴,
医疗卫生与计划生育支出 → 卫生健康支出, …) so that older documents still resolve.

Name resolution is deliberately conservative: a name path is walked level by level (类 by
name, then 款 among its children, then 项 among the 款's children) and any level that is
unknown or matches more than one subject gives ``None`` — never a guess.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Sequence

LEVELS = ("类", "款", "项")
"""Classification levels, top down."""

CODE_LENGTHS = {"类": 3, "款": 5, "项": 7}
"""Digits of a complete code at each level (economic codes stop at 款)."""

SCHEMES = ("functional", "economic")
"""``functional``: 支出功能分类 (2xx); ``economic``: 部门预算支出经济分类 (3xx) and 政府预算支出经济分类 (5xx)."""

_OPTIONAL_SUFFIX = "支出"


@dataclass(frozen=True, slots=True)
class Subject:
    """One row of the classification: a 类, 款 or 项 of one scheme."""

    scheme: str
    code: str
    level: str
    name: str
    parent: str | None
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class _Table:
    by_code: Mapping[str, Subject]
    by_parent_and_key: Mapping[tuple[str, str | None, str, str], tuple[str, ...]]
    # (scheme, parent code or None for a search over the whole level, level, name key) → codes
    compact_names: Mapping[str, tuple[str, ...]]   # code → its names and aliases, compacted


def name_key(name: str) -> str:
    """The form under which names are compared: whitespace (line breaks of wrapped PDF text)
    removed, full-width parentheses made ASCII (``（室）`` = ``(室)``), a trailing ``支出``
    dropped (``一般公共服务`` = ``一般公共服务支出``, ``…事务`` = ``…事务支出``)."""
    key = name if name.isalpha() else _compact(name)   # letters only: nothing to remove or fold
    if key.endswith(_OPTIONAL_SUFFIX) and len(key) > len(_OPTIONAL_SUFFIX):
        key = key[: -len(_OPTIONAL_SUFFIX)]
    return key


def _compact(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")")


def lookup(code: str) -> Subject | None:
    """The subject with this exact code, or ``None``."""
    return _table().by_code.get(code)


def children(code: str) -> tuple[Subject, ...]:
    """The subjects one level below ``code``, in code order."""
    table = _table()
    return tuple(s for s in table.by_code.values() if s.parent == code)


def subjects() -> tuple[Subject, ...]:
    """Every subject of the table, in table order."""
    return tuple(_table().by_code.values())


@lru_cache(maxsize=4096)
def scheme_of(code: str) -> str | None:
    """``functional`` for 2xx codes, ``economic`` for 3xx codes whose 类 is in the table."""
    subject = lookup(code[:3])
    return subject.scheme if subject else None


def find_by_name(name: str, level: str, *, parent: str | None = None, scheme: str = "functional") -> str | None:
    """The code of the subject named ``name`` (or one of its aliases) at ``level`` — among the
    children of ``parent``, or anywhere at that level when ``parent`` is None — if exactly
    one subject matches; else ``None``."""
    codes = _table().by_parent_and_key.get((scheme, parent, level, name_key(name)), ())
    return codes[0] if len(codes) == 1 else None


def matches_name(code: str, name: str) -> bool:
    """Whether ``name`` is the name (or an alias) of ``code``, up to :func:`name_key`."""
    subject = lookup(code)
    return subject is not None and name_key(name) in {name_key(n) for n in subject.names}


def begins_name(code: str, fragment: str) -> bool:
    """Whether ``fragment`` is the name of ``code`` or its beginning, at least two characters
    long (a table cell cut by a wrap: ``文化旅游体育与传媒支`` for 207)."""
    names = _table().compact_names.get(code)
    key = _compact(fragment)
    if names is None or len(key) < 2:
        return False
    return any(n.startswith(key) for n in names)


@lru_cache(maxsize=None)
def known_name_keys(level: str, scheme: str = "functional") -> frozenset[str]:
    """The :func:`name_key` of every name and alias at ``level`` of ``scheme``."""
    return frozenset(
        key for (key_scheme, parent, key_level, key) in _table().by_parent_and_key
        if key_scheme == scheme and key_level == level and parent is None
    )


@lru_cache(maxsize=None)
def longest_name_key(level: str, scheme: str = "functional") -> int:
    """The length of the longest of :func:`known_name_keys`: no longer text can be a name."""
    return max(map(len, known_name_keys(level, scheme)), default=0)


def resolve_path(
    names: Sequence[str],
    written_codes: Sequence[str | None] | None = None,
    *,
    first_level: str = "类",
    scheme: str = "functional",
) -> str | None:
    """The code of a chain of levels written from ``first_level`` down, or ``None``.

    ``names[i]`` is the name written at level ``i``; ``written_codes[i]`` the digits written
    with it (``201``, ``03``, ``2010301``) or ``None`` for a bare marker. A written code wins
    over the name at its level; a bare level is resolved by name among the children of the
    level above. Any level that cannot be identified makes the whole chain ``None``.
    """
    codes = written_codes if written_codes is not None else [None] * len(names)
    if len(codes) != len(names) or not names:
        raise ValueError("names and written codes must be non-empty and of equal length")
    start = LEVELS.index(first_level)
    if start + len(names) > len(LEVELS):
        return None
    parent: str | None = None
    for level, name, digits in zip(LEVELS[start:], names, codes):
        code = _compose(parent, digits, level) if digits else find_by_name(name, level, parent=parent, scheme=scheme)
        if code is None:
            return None
        parent = code
    return parent


def resolve_chain(
    names: Sequence[str],
    levels: Sequence[str],
    written_codes: Sequence[str | None],
    *,
    scheme: str = "functional",
    rows: "DocumentRows | None" = None,
) -> str | None:
    """The code of a chain whose ``names[i]`` was written with a marker of ``levels[i]``, or ``None``.

    First as :func:`resolve_path` reads it. Then two shapes of real documents:

    * a skipped marker — ``行政事业单位离退休（类）机关事业单位基本养老保险缴费支出（项）`` writes the
      款 with the 类's marker: the names are read as consecutive levels ending at the last marker
      (款, 项 → ``2080505``); else the written levels are kept and the last name is looked for
      among the descendants of the level above (a 项 under its 类, found once);
    * a level the national table does not know: ``rows``, the document's own table rows
      (``212 08 04 农村基础设施建设支出``), are searched for the name under the levels resolved so
      far, and an unknown middle level (no code written) is passed over — the row's code says
      where the last name belongs. Without such a row it stays ``None``: never a guess.
    """
    if len(names) != len(levels) or len(names) != len(written_codes) or not names:
        raise ValueError("names, levels and written codes must be non-empty and of equal length")
    code = _resolve_by_table(tuple(names), tuple(levels), tuple(written_codes), scheme)
    if code is not None:
        return code
    indexes = [LEVELS.index(level) for level in levels]
    consecutive = all(b == a + 1 for a, b in zip(indexes, indexes[1:]))
    parent: str | None = None
    for position, (name, level, digits) in enumerate(zip(names, levels, written_codes)):
        last = position == len(names) - 1
        if digits:
            code = _compose(parent, digits, level)
        else:
            code = find_by_name(name, level, parent=parent, scheme=scheme)
            if code is None and rows is not None:
                code = rows.find(name, level, parent)
            if code is None and last and parent is not None and not consecutive:
                code = _descendant_by_name(name, level, parent, scheme)
        if code is None:
            if last or digits or parent is None:
                return None
            continue      # an unknown middle level: the rows below it say where it is
        parent = code
    return parent


@lru_cache(maxsize=4096)
def _resolve_by_table(
    names: tuple[str, ...], levels: tuple[str, ...], written_codes: tuple[str | None, ...], scheme: str,
) -> str | None:
    """The first reading of :func:`resolve_chain`: the national table alone, so a pure function
    of its arguments, kept for the next chain written alike (documents repeat the same chains)."""
    indexes = [LEVELS.index(level) for level in levels]
    if all(b == a + 1 for a, b in zip(indexes, indexes[1:])):
        return resolve_path(names, written_codes, first_level=levels[0], scheme=scheme)
    if indexes[-1] - len(names) + 1 >= 0 and not any(written_codes):
        return resolve_path(names, written_codes, first_level=LEVELS[indexes[-1] - len(names) + 1], scheme=scheme)
    return None


def _descendant_by_name(name: str, level: str, ancestor: str, scheme: str) -> str | None:
    codes = [c for c in _table().by_parent_and_key.get((scheme, None, level, name_key(name)), ()) if c.startswith(ancestor)]
    return codes[0] if len(codes) == 1 else None


class DocumentRows:
    """The coded rows of one document's tables (``212 08 04 农村基础设施建设支出``): code → name,
    searched by name under a known parent when the national table does not know a name.

    The index is built on first use: most documents never need it (their chains resolve by the
    national table), and keying every row's name costs a few per cent of tagging a table-dense
    text. ``rows`` is read then, so it must not change before."""

    __slots__ = ("_by_key", "_pending")

    def __init__(self, rows: Iterable[tuple[str, str]] = ()) -> None:
        self._by_key: dict[tuple[int, str], set[str]] | None = None
        self._pending = rows

    def _index(self) -> dict[tuple[int, str], set[str]]:
        if self._by_key is None:
            self._by_key = {}
            pending, self._pending = self._pending, ()
            for code, name in pending:
                self.add(code, name)
        return self._by_key

    def add(self, code: str, name: str) -> None:
        key = name_key(name)
        if key:
            self._index().setdefault((len(code), key), set()).add(code)

    def __bool__(self) -> bool:
        return bool(self._index())

    def find(self, name: str, level: str, parent: str | None = None) -> str | None:
        """The one row code at ``level`` named ``name`` under ``parent`` (any ancestor), else ``None``."""
        codes = [c for c in self._index().get((CODE_LENGTHS[level], name_key(name)), ()) if c.startswith(parent or "")]
        return codes[0] if len(codes) == 1 else None


def _compose(parent: str | None, digits: str, level: str) -> str | None:
    full = CODE_LENGTHS[level]
    if len(digits) == full:
        return digits if parent is None or digits.startswith(parent) else None
    if parent is not None and len(parent) + len(digits) == full:
        return parent + digits
    return None


@lru_cache(maxsize=1)
def _table() -> _Table:
    source = resources.files("nlp.entities").joinpath("data", "expenditure_codes.tsv")
    with source.open(encoding="utf-8", newline="") as handle:
        subjects = [_subject(row) for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return _Table(
        by_code={s.code: s for s in subjects},
        by_parent_and_key=_name_index(subjects),
        compact_names={s.code: tuple(_compact(n) for n in s.names) for s in subjects},
    )


def _subject(row: Mapping[str, str]) -> Subject:
    aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
    return Subject(row["scheme"], row["code"], row["level"], row["name"], row["parent"] or None, aliases)


def _name_index(subjects: Iterable[Subject]) -> dict[tuple[str, str | None, str, str], tuple[str, ...]]:
    index: dict[tuple[str, str | None, str, str], list[str]] = {}
    for subject in subjects:
        for key in {name_key(n) for n in subject.names}:
            for parent in (subject.parent, None):
                codes = index.setdefault((subject.scheme, parent, subject.level, key), [])
                if subject.code not in codes:
                    codes.append(subject.code)
    return {k: tuple(v) for k, v in index.items()}
