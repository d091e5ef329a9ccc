"""The entity tagger of SPEC §4: AMOUNT, PERCENT and EXP_CODE spans with normalised attributes.

``find_entities(text)`` is a pure function of the decoded text: spans index it exactly
(``text[e.start:e.end] == e.text``) whatever its shape — clean lines, hard-wrapped PDF text,
CRLF, full-width digits, template fill-ins. All patterns are module constants below, compiled
once at import (rules as data). Every repetition in them is possessive or bounded, and names
are read backwards only within a short window, so matching stays linear: a 1 MB single line
or a 100 MB file cannot make it backtrack.

How each label is found:

* AMOUNT and PERCENT — read backwards from each 元 and ``%`` to the number before it (digits
  with separators, or Chinese numerals: :data:`AMOUNT_BACKWARDS`, :data:`PERCENT_BACKWARDS`),
  in forward scans of the reversed text (:data:`AMOUNT_REVERSED`, :data:`PERCENT_REVERSED`), plus ``百分之…``
  (:data:`PERCENT_IN_WORDS`); values are exact :class:`~decimal.Decimal` (:mod:`nlp.entities.numerals`).
* EXP_CODE chains — a scan for level markers (:data:`LEVEL_MARKERS`: ``（类）``, ``（201）``,
  ``（03款）``); consecutive markers joined by a bare name (:data:`CHAIN_CONTINUATION`) form
  one chain; the first name is read backwards from its marker (:data:`FIRST_NAME_BACKWARDS`)
  and trimmed to the longest known classification name.
* EXP_CODE in tables — a scan for codes at the start of a line (:data:`TABLE_ROWS`:
  ``2010505``, ``208 05 05``, ``301 01基本工资``) whose row goes on like a table row
  (:data:`ROW_REST`), plus further known codes on the same row (two-column tables of
  economic codes, spaced or not, department 3xx or government 5xx), the 款/项 rows of split code
  columns (:data:`SPLIT_LEVEL_ROWS`) and codes before their name in prose (:data:`PROSE_CODE`).
  The coded rows found also resolve bare chains whose names the national table lacks
  (:class:`~nlp.entities.expenditure_codes.DocumentRows`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from operator import attrgetter, methodcaller
from typing import Iterator

import re
import regex

from nlp.entities import expenditure_codes
from nlp.model import Entity
from nlp.read.fold import fold
from nlp.entities.numerals import (
    CHINESE_BIG_UNITS,
    CHINESE_DIGIT_CHARS,
    CHINESE_NUMERAL_CHARS,
    CHINESE_SMALL_UNITS,
    DIGITS,
    EXPONENT_MARKS,
    MINUS_SIGNS,
    MONEY_UNITS,
    canonical,
    exact_value,
    parse_number,
)

# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------

_SPACE = r"[\x20\t\u3000\u00a0]"
_SPACE_CHARACTERS = "\x20\t\u3000\u00a0"   # the characters of _SPACE
_LINE_BREAK = r"(?:\r\n|\r|\n)"
_DIGIT = r"[0-9０-９]"
_NUMBER_END = r"(?![0-9０-９.．,，%％])"
_CHINESE_DIGITS = CHINESE_DIGIT_CHARS
_CHINESE_NUMERAL = CHINESE_NUMERAL_CHARS
HAN_RANGES = (
    r"\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6\U00020000-\U0002a6df"
    r"\U0002a700-\U0002b81e\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d"
    r"\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479"
)
"""The characters of ``regex``'s ``\\p{Han}`` as ranges of a character class, for the patterns
that run on the standard library's engine (which has no Unicode scripts); a test checks them
against ``regex`` over every code point."""


def _for_re(pattern: str) -> str:
    """``pattern`` with ``\\p{Han}`` written out as :data:`HAN_RANGES`, for ``re``."""
    return pattern.replace(r"[\p{Han}", f"[{HAN_RANGES}").replace(r"\p{Han}", f"[{HAN_RANGES}]")


def _one_per_first_character(
    first_characters: tuple[str, ...], rest: str, flags: int = 0, engine=regex,
) -> tuple[regex.Pattern, ...]:
    """``rest`` after any of ``first_characters``, compiled once per character.

    regex jumps to a literal first character with a fast string search, but tries a class such
    as ``[（(]`` at every position: on Chinese text one scan per character is 2–3× faster. Only
    for patterns whose matches never contain another of the first characters, so that the scans
    find exactly what one scan with the class would.
    """
    return tuple(engine.compile(first + rest, flags) for first in first_characters)


DIGIT_NUMBER = (
    rf"(?:{_DIGIT}{{1,3}}+(?:[,，]{_DIGIT}{{3}}(?!{_DIGIT})){{1,5}}|{_DIGIT}{{1,16}}+)(?:[.．]{_DIGIT}{{1,8}}+)?"
)
"""Digits, optionally grouped by ``,``/``，`` in threes, optionally with a decimal part. Bounded
(16 integer digits, 8 decimals): a longer digit run is not a sum of money, and a bounded match
starting inside it fails the left-boundary check. The groups may backtrack (at most five): read
backwards, ``，100,000`` must give the clause comma back."""
CHINESE_NUMBER = rf"[{_CHINESE_NUMERAL}]{{1,24}}+"
"""A Chinese numeral (bounded like :data:`DIGIT_NUMBER`)."""

DECORATED_PAGE_NUMBER = rf"(?:[-－—─–]{_SPACE}*+[0-9]{{1,4}}{_SPACE}*+[-－—─–]|第{_SPACE}*+[0-9]{{1,4}}{_SPACE}*+页)"
"""A page number as PDF footers and headers write it: ``─ 12 ─``, ``- 3 -``, ``第 3 页``."""
PAGE_BREAK = (
    rf"{_SPACE}*+(?:{_LINE_BREAK}{_SPACE}*+{DECORATED_PAGE_NUMBER}{_SPACE}*+)?{_LINE_BREAK}\f"
    rf"(?:{_LINE_BREAK}{_SPACE}*+{DECORATED_PAGE_NUMBER})?{_SPACE}*+{_LINE_BREAK}"
)
"""A page break of PDF-extracted text (``\\n\\f\\n``, SPEC §1), with the page number written
before or after it, if decorated (a bare number there could be read as the number before a unit)."""

AMOUNT_GAP = rf"[\x20\t\u3000\u00a0_]*+(?:(?:{_LINE_BREAK}|{PAGE_BREAK})[\x20\t\u3000\u00a0_]*+)?"
"""What may stand between a number and its unit: spaces, fill-in underscores, one line break
or one page break (``26.50⏎\\f⏎万元``)."""
APPROXIMATE = "余"
"""``300余万元``, ``3万余元``: "more than" — the amount as written, with ``approximate: true``."""

UNIT_GAP = rf"{_SPACE}*+(?:{_LINE_BREAK}{_SPACE}*+)?"
"""What may split a unit (``万\\n元``) or stand before a percent sign."""

_NUMBER = rf"(?: (?P<digits>{DIGIT_NUMBER}) | (?P<chinese>{CHINESE_NUMBER}) )"
AMOUNT_BACKWARDS = (
    rf"(?r) {_NUMBER} (?P<about>{APPROXIMATE})? {AMOUNT_GAP} (?P<prefix>[千万亿])? (?P<about>{APPROXIMATE})? {UNIT_GAP} 元"
)
"""An AMOUNT (number, gap, optional 千/万/亿, 元), as read backwards from its 元 (a verbose
pattern). It runs as its mirror image, :data:`AMOUNT_REVERSED`."""
PERCENT_BACKWARDS = rf"(?r) {_NUMBER} {UNIT_GAP} (?P<sign>[%％]|[(（][%％][)）])"
"""A PERCENT with a sign (``25.19%``, ``100％``, ``100.00(%)``), as read backwards from its sign
(a verbose pattern; it runs as :data:`PERCENT_REVERSED`)."""

# The same rules mirrored: each piece written right to left, to run forwards on the reversed text.
_LINE_BREAK_MIRRORED = r"(?:\n\r|\r|\n)"
_DECORATED_PAGE_NUMBER_MIRRORED = (
    rf"(?:[-－—─–]{_SPACE}*+[0-9]{{1,4}}{_SPACE}*+[-－—─–]|页{_SPACE}*+[0-9]{{1,4}}{_SPACE}*+第)"
)
_PAGE_BREAK_MIRRORED = (
    rf"{_LINE_BREAK_MIRRORED}{_SPACE}*+(?:{_DECORATED_PAGE_NUMBER_MIRRORED}{_SPACE}*+{_LINE_BREAK_MIRRORED})?\f"
    rf"{_LINE_BREAK_MIRRORED}(?:{_SPACE}*+{_DECORATED_PAGE_NUMBER_MIRRORED}{_SPACE}*+{_LINE_BREAK_MIRRORED})?{_SPACE}*+"
)
_AMOUNT_GAP_MIRRORED = (
    rf"(?:[\x20\t\u3000\u00a0_]*+(?:{_LINE_BREAK_MIRRORED}|{_PAGE_BREAK_MIRRORED}))?[\x20\t\u3000\u00a0_]*+"
)
_UNIT_GAP_MIRRORED = rf"(?:{_SPACE}*+{_LINE_BREAK_MIRRORED})?{_SPACE}*+"
_DIGIT_NUMBER_MIRRORED = (
    rf"(?:{_DIGIT}{{1,8}}+[.．])?"
    rf"(?:(?:(?<!{_DIGIT}){_DIGIT}{{3}}[,，]){{1,5}}{_DIGIT}{{1,3}}+|{_DIGIT}{{1,16}}+)"
)
_NUMBER_MIRRORED = rf"(?:(?P<digits>{_DIGIT_NUMBER_MIRRORED})|(?P<chinese>[{_CHINESE_NUMERAL}]{{1,24}}+))"
AMOUNT_REVERSED = (
    re.compile(
        rf"元{_UNIT_GAP_MIRRORED}(?P<about>{APPROXIMATE})?(?P<prefix>[千万亿])?{_AMOUNT_GAP_MIRRORED}"
        rf"(?P<about_number>{APPROXIMATE})?{_NUMBER_MIRRORED}"
    ),
)
PERCENT_REVERSED = _one_per_first_character(
    ("%", "％"), rf"{_UNIT_GAP_MIRRORED}{_NUMBER_MIRRORED}", engine=re,
) + _one_per_first_character((r"\)", "）"), rf"[%％][(（]{_UNIT_GAP_MIRRORED}{_NUMBER_MIRRORED}", engine=re)
""":data:`AMOUNT_BACKWARDS` and :data:`PERCENT_BACKWARDS` mirrored, for the reversed text: one
forward scan per first character (a fast string search each) finds every AMOUNT and PERCENT,
last first, each starting where the previous one (read backwards) left off — what matching
backwards from each 元 and sign in turn found, without a call per sign. An AMOUNT holds no sign
and a PERCENT no 元, so the scans cannot overlap. (A test checks the mirror against the backward
rules on random text.) They hold no Unicode property, so they run on the standard library's
engine, which finds and builds these matches twice as fast as ``regex``; ``about`` (余 after
千/万/亿) and ``about_number`` (余 after the number) are one ``about`` group of the backward rule."""

PERCENT_IN_WORDS = regex.compile(
    rf"百分之(?P<number>[{_CHINESE_DIGITS}十百千拾佰仟]{{1,12}}+(?:点[{_CHINESE_DIGITS}]{{1,8}}+)?|{DIGIT_NUMBER})"
)
"""A percentage in words: ``百分之二十``, ``百分之二十点五``, ``百分之5``."""

NUMBER_CHARACTERS = frozenset(DIGITS + ".．")
"""A number read backwards must not have one of these just before it (it would be a tail)."""
THOUSANDS_SEPARATORS = frozenset(",，")
NOT_BEFORE_SIGN = frozenset(
    DIGITS + ".．" + MINUS_SIGNS
    + "".join(chr(c) for r in ((0x41, 0x5A), (0x61, 0x7A), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1))
)
"""A minus just before a number is its sign (``增加-500万元``, ``−3.5％``) unless one of these
stands before the minus: then it is a hyphen joining a range (``10-20万元``), a code, a date
or a Latin word (``Z01-1``, ``1e-5``). A Chinese character, a space, punctuation or the start
of the text before it leave it a sign."""
EXPONENT_SIGNS = frozenset("+" + MINUS_SIGNS)
UNITS_BY_PREFIX = {None: "元", "千": "千元", "万": "万元", "亿": "亿元"}
CHINESE_NUMBER_STARTS = frozenset(_CHINESE_DIGITS + "十拾")
NOT_BEFORE_CHINESE_NUMBER = frozenset(_CHINESE_NUMERAL + "数几上成多余")
"""A Chinese numeral after 数/几/上/成/多/余 is vague (数十万元, 上千万元), not an amount."""

COMPARATORS = (
    "大于等于", "小于等于", "不低于", "不高于", "不超过", "不少于", "不多于", "低于", "高于", "大于", "小于", "等于",
    ">=", "<=", "＞＝", "＜＝", "≥", "≤", "≧", "≦", "＞", "＜", "＝", ">", "<", "=",
)
"""Relational operators that may stand before a percentage, longer ones before their tails."""
COMPARATOR_BEFORE = regex.compile(rf"(?r)(?P<operator>{'|'.join(map(regex.escape, COMPARATORS))}){_SPACE}*+")
"""A relational operator directly before a percentage (``≥95%``, ``低于90%``), matched
backwards from the number."""
COMPARATOR_ENDS = frozenset(operator[-1] for operator in COMPARATORS) | frozenset(_SPACE_CHARACTERS)
"""What must stand just before a number that has a comparator: most percentages have none."""
COMPARATOR_WINDOW = 8

LEVEL_MARKERS = _one_per_first_character(
    ("（", r"\("), r"(?:(?P<digits>[0-9]{2,7})(?P<level>[类款项])?|(?P<level>[类款项]))[）)]"
)
"""A classification level marker: ``（类）``, ``（201）``, ``（03款）``, ``(项）``."""

NAME_PARENTHESIS = r"[（(](?![类款项][）)])(?![一二三四五六七八九十]+[）)])\p{Han}{1,4}[）)]"
"""A parenthesis inside a subject name (``（室）``, ``（境）``) — not a marker, not ``（一）``."""

_NOT_FORM_FEED = r"[^\S\f]"
PAGE_BREAK_IN_NAME = (
    rf"{_NOT_FORM_FEED}*+(?:{DECORATED_PAGE_NUMBER}{_NOT_FORM_FEED}*+)?\f"
    rf"{_NOT_FORM_FEED}*+(?:(?:{DECORATED_PAGE_NUMBER}|[0-9]{{1,4}}){_NOT_FORM_FEED}*+)?(?=\p{{Han}})"
)
"""A page break inside a name (``…离退⏎\\f⏎─ 12 ─⏎休支出``), with the page number beside it."""
NAME_PAGE_BREAK = regex.compile(PAGE_BREAK_IN_NAME)

CHAIN_CONTINUATION = regex.compile(
    rf"(?P<separator>[\s\-－—–]*+)"
    rf"(?P<name>(?:[\p{{Han}}、]++|{NAME_PARENTHESIS}|{PAGE_BREAK_IN_NAME}|\s++(?=\p{{Han}}|[（(]))*+)\s*+"
)
"""What lies between two markers of one chain: a separator (``-``, a line break) and the
next level's name (possibly empty when the marker has a code: ``扶贫（05）（99）``), which
may wrap over a line or a page break."""
CHAIN_CONTINUATION_MAX = 80
BARE_NAME = re.compile(f"[{HAN_RANGES}、]+")
"""The gap between two markers that holds only a name (most do): :data:`CHAIN_CONTINUATION`
reads it as that name, and ``re`` checks it several times faster than ``regex`` runs the whole
pattern."""

FIRST_NAME_BACKWARDS = regex.compile(
    rf"(?r)(?:\p{{Han}}++|{NAME_PARENTHESIS}|{_LINE_BREAK}(?=\p{{Han}})|{_SPACE}++(?=\p{{Han}}))++"
)
"""The first name of a chain, read backwards from its marker (may be wrapped over lines)."""
FIRST_NAME_WINDOW = 48

ROW_CODE_CELL = rf"""
    {_SPACE}*+
    [\[【]?+                                                       # Guangdong's [2010501]行政运行
    (?P<code>
        [0-9]{{3}}                                                 # the 类, then
        (?: (?:{_SPACE}++[0-9]{{1,2}}{_NUMBER_END}){{1,2}}+      # spaced parts (201 05 07, 301 \t2)
          | [0-9]{{4}} | [0-9]{{2}} | )                           # or the rest of 7, 5 or 3 digits
    )
    {_NUMBER_END}
    [\]】]?+
"""
"""A code cell: ``2010505``, ``201 \\t05 \\t07``, ``301 01``, ``301 \\t2``, ``[2010501]`` (the span is the
digits)."""

_LINE_END_AHEAD = r"(?=[\n\r\f]|\Z)"
ROW_REST = rf"""
    {_SPACE}*+
    (?:
        (?P<name>(?:[\p{{Han}}、]++|[（(]\p{{Han}}{{1,6}}[）)])++)(?:{_SPACE}++|{_LINE_END_AHEAD})
      | (?P<number>{_DIGIT}[0-9０-９,，.．]*+)(?![%％])(?:{_SPACE}|{_LINE_END_AHEAD})
      | {_LINE_END_AHEAD}
    )
"""
"""How a table row goes on after its code: a name cell, a number cell, or nothing."""

TABLE_ROW = rf"(?>{ROW_CODE_CELL}){ROW_REST}"
"""A table row that starts with a code. The code cell is atomic: it is read as a code first, and
the rest of the row must fit after that reading (``208 05 05 .7`` is no row, not ``208`` + ``05``)."""
TABLE_ROWS = (
    _one_per_first_character((r"\n",), _for_re(TABLE_ROW), re.VERBOSE, engine=re)
    + _one_per_first_character((r"\r", r"\f"), TABLE_ROW, regex.VERBOSE)
)
""":data:`TABLE_ROW` at the start of a line. After ``\n`` (nearly every line) it runs on the
standard library's engine: the pattern holds no Unicode script but Han (:data:`HAN_RANGES`),
and ``re`` tries it at each line break about twice as fast as ``regex`` does (the same
matches). ``re`` compiles such a class slowly (a few ms, in Python), so the rarer breaks keep
``regex``: the import stays light."""
TEXT_START_ROW = regex.compile(TABLE_ROW, regex.VERBOSE)
"""The same at the very start of the text."""
TABLE_ROW_REST = regex.compile(ROW_REST, regex.VERBOSE)
"""The same, after a further code in a row."""

ROW_CODE = re.compile(
    rf"{_SPACE}(?P<code>[0-9]{{3}}(?:{_SPACE}++[0-9]{{2}}{_NUMBER_END}){{1,2}}+|[0-9]{{7}}|[0-9]{{5}}|[0-9]{{3}}){_NUMBER_END}"
)
"""A further code in a row that began with one (two-column economic tables: ``302 01 办公费``
after ``301 01 基本工资 512.30``; government-level ``501 01`` beside department ``301 01``)."""

WRAPPED_NAME_LINE = regex.compile(r"(?r)(?:^|[\n\r\f])[\x20\t\u3000]*+[\p{Han}、（）()]{2,40}+[\x20\t\u3000]*+\r?\n[\x20\t\u3000]*+")
"""The line just before a code row that holds only a name cut by a wrap (``其他城乡社区管理事务支``)."""


SPLIT_LEVEL_ROW = rf"""
    {_SPACE}*+ (?P<code>[0-9]{{2}}) {_NUMBER_END} {_SPACE}*+
    (?P<name>(?:[\p{{Han}}、]++|[（(]\p{{Han}}{{1,6}}[）)])++)(?:{_SPACE}++|{_LINE_END_AHEAD})
"""
"""A row of a table whose code column is split into 类 / 款 / 项 columns, each row writing only
its own level: ``08 纪检监察事务 …`` under ``201 一般公共服务支出 …``."""
SPLIT_LEVEL_ROWS = (
    _one_per_first_character((r"\n",), _for_re(SPLIT_LEVEL_ROW), re.VERBOSE, engine=re)
    + _one_per_first_character((r"\r", r"\f"), SPLIT_LEVEL_ROW, regex.VERBOSE)
)
""":data:`SPLIT_LEVEL_ROW` at the start of a line (on ``re`` after ``\n``, as :data:`TABLE_ROWS`)."""
SPLIT_LEVEL_LINES = 4
"""A split-level row belongs to the rows above it when at most this many line breaks lie between."""

PROSE_CODE = regex.compile(
    rf"(?P<code>[0-9](?<![0-9０-９.．,，A-Za-z\-－—–_][0-9])(?:[0-9]{{6}}|[0-9]{{4}}))(?P<dash>{_SPACE}?[\-－—–]{_SPACE}?)?"
    rf"(?P<name>(?:[\p{{Han}}、]++|{NAME_PARENTHESIS})++)"
)
"""A code written before its name in prose: ``（一）2011301-行政运行 2163.74 万元``. It counts when a
dash joins it to its name, or when the name that follows is the code's own. The pattern opens with
a digit (the look-behind comes after it) so that the engine skips to digits instead of trying the
look-behind at every character: three times faster, the same matches."""
PROSE_CODE_CANDIDATES = regex.compile(
    r"[0-9]{5}(?:[0-9]{2})?+(?![0-9])(?:[\x20\t\u3000\u00a0]?[\-－—–]|[、(（\u2e80-\U0010ffff])"
)
"""Where a :data:`PROSE_CODE` may open: a prose code is the whole of a run of five or seven ASCII
digits (a character that is no digit before it), then a dash or its name — a Han character (all
at U+2E80 or above) or a parenthesis. Candidates that open after a digit are the tail of a longer
run and are skipped; PROSE_CODE is tried at the others only. One scan for this pattern is several
times faster than one for PROSE_CODE, whose look-behind is tried on every digit of every table
cell, and most runs of digits (table cells: a space, then a figure) are no candidates."""

# --------------------------------------------------------------------------------------------
# Tagger
# --------------------------------------------------------------------------------------------

_LEVELS = expenditure_codes.LEVELS
_ASCII_DIGITS = frozenset("0123456789")


def _group_numbers(pattern: regex.Pattern | re.Pattern, *names: str) -> tuple[int, ...]:
    """Group numbers for ``names`` (access by number is several times faster than by name)."""
    return tuple(pattern.groupindex[name] for name in names)


_AMOUNT_PARTS = _group_numbers(AMOUNT_REVERSED[0], "digits", "chinese", "prefix", "about", "about_number")
_PERCENT_PARTS = _group_numbers(PERCENT_REVERSED[0], "digits", "chinese")
(_WORDS_NUMBER,) = _group_numbers(PERCENT_IN_WORDS, "number")
(_COMPARATOR_OPERATOR,) = _group_numbers(COMPARATOR_BEFORE, "operator")
_MARKER_PARTS = _group_numbers(LEVEL_MARKERS[0], "digits", "level")
(_CONTINUATION_NAME,) = _group_numbers(CHAIN_CONTINUATION, "name")
_ROW_PARTS = _group_numbers(TEXT_START_ROW, "code", "name", "number")
(_REST_NAME,) = _group_numbers(TABLE_ROW_REST, "name")
(_FURTHER_CODE,) = _group_numbers(ROW_CODE, "code")
_PROSE_PARTS = _group_numbers(PROSE_CODE, "code", "dash", "name")
_SPLIT_PARTS = _group_numbers(SPLIT_LEVEL_ROWS[0], "code", "name")
_LEVEL_BY_LENGTH = {3: 0, 5: 1, 7: 2}
_LEVEL_OF_CODE = {length: _LEVELS[index] for length, index in _LEVEL_BY_LENGTH.items()}
_LEVEL_BY_CHARACTER = {level: index for index, level in enumerate(_LEVELS)}
_CHINESE_MULTIPLIERS = frozenset(CHINESE_SMALL_UNITS) | frozenset(CHINESE_BIG_UNITS)


_ENTITY_ORDER = attrgetter("start", "end", "label")
_new_entity = partial(tuple.__new__, Entity)
"""``Entity`` from one tuple of its fields, without the Python-level ``__new__`` of a NamedTuple
(for the loops that make one per AMOUNT or table row)."""
_MATCH_START = methodcaller("start")


def find_entities(text: str) -> list[Entity]:
    """Every AMOUNT, PERCENT and EXP_CODE in ``text``, sorted by (start, end). Matching sees
    the text with PDF artefacts folded (:mod:`nlp.read.fold`: same offsets); each entity's
    ``text`` is the original's."""
    folded = fold(text)
    numeric = _numeric_entities(folded)
    table_codes = _not_overlapping(_table_code_entities(folded), numeric)
    rows = expenditure_codes.DocumentRows(   # indexed only if a chain needs it
        (e.attrs["code"], e.attrs["names"][0]) for e in table_codes if e.attrs["code"] and e.attrs["names"])
    entities = sorted(numeric + _chain_entities(folded, rows) + table_codes, key=_ENTITY_ORDER)
    prose_codes = _not_overlapping(_prose_code_entities(folded), entities)
    if prose_codes:
        entities = sorted(entities + prose_codes, key=_ENTITY_ORDER)
    if folded is not text:
        entities = [e._replace(text=text[e.start:e.end]) for e in entities]
    return entities


def _matches(patterns: tuple[regex.Pattern, ...], text: str, pos: int = 0) -> list[regex.Match]:
    """The matches of :func:`_one_per_first_character` patterns, in text order (from ``pos``)."""
    found = [matches for pattern in patterns if (matches := list(pattern.finditer(text, pos)))]
    if len(found) == 1:
        return found[0]
    merged = [match for matches in found for match in matches]
    merged.sort(key=_MATCH_START)
    return merged


def _not_overlapping(entities: list[Entity], others: list[Entity]) -> list[Entity]:
    """The ``entities`` that overlap none of ``others`` (both sorted and non-overlapping)."""
    kept = []
    index, count = 0, len(others)
    for entity in entities:
        while index < count and others[index].end <= entity.start:
            index += 1
        if index == count or others[index].start >= entity.end:
            kept.append(entity)
    return kept


# ---- AMOUNT and PERCENT ---------------------------------------------------------------------

def _numeric_entities(text: str) -> list[Entity]:
    """AMOUNT and PERCENT entities, sorted by start.

    Entities written alike share their ``text`` string and ``attrs`` dict (``shared``: span
    text, and comparator for a PERCENT → the two), so that text dense with the same few amounts
    (a table of ``0.00万元``, or 4 MB of ``1元``) holds one small tuple per entity, not a string,
    a dict and a Decimal each; the value is worked out once per distinct span."""
    entities = []
    shared: dict = {}
    reversed_text = text[::-1]
    length = len(text)
    amounts = _matches(AMOUNT_REVERSED, reversed_text)
    percents = _matches(PERCENT_REVERSED, reversed_text)
    if amounts and percents:
        matches = amounts + percents
        matches.sort(key=_MATCH_START)
    else:
        matches = amounts or percents
    amount_pattern = AMOUNT_REVERSED[0]
    for match in matches:
        start, end = length - match.end(), length - match.start()
        amount = match.re is amount_pattern
        if amount:
            digits, chinese, prefix, about, about_number = match.group(*_AMOUNT_PARTS)
        else:
            digits, chinese = match.group(*_PERCENT_PARTS)
        unsigned = start
        if digits is not None:
            number = digits[::-1]
            if start and text[start - 1] in _CHECKED_BEFORE_DIGITS:   # rarely: most numbers follow a word
                if not _starts_number(text, start):
                    continue
                start = _signed_start(text, start)
        else:
            number = chinese[::-1]
            if not _starts_chinese_number(text, start, number):
                continue
            if amount and prefix == "千":
                number, prefix = number + prefix, None   # 三千元: 千 is part of the numeral, as in 一千二百元
            if (not amount or prefix is None) and not _CHINESE_MULTIPLIERS.intersection(number):
                continue   # 一元化, 二元结构, 三%: a lone Chinese digit is not a sum, nor a share
        if not amount:
            entities.append(_percent(text, start, end, number, shared, negative=start != unsigned))
            continue
        span = text[start:end]
        known = shared.get(span)
        if known is None:
            unit = UNITS_BY_PREFIX[prefix]
            value = exact_value(number, MONEY_UNITS[unit])
            if start != unsigned and value:
                value = -value
            attrs: dict[str, object] = {"value": value, "unit": unit}
            if about is not None or about_number is not None:
                attrs["approximate"] = True
            known = shared[span] = (span, attrs)
        entities.append(_new_entity(("AMOUNT", start, end, *known)))
    entities.reverse()
    in_words = [
        _percent(text, match.start(), match.end(), canonical(parse_number(match.group(_WORDS_NUMBER))), shared)
        for match in PERCENT_IN_WORDS.finditer(text)
    ]
    if in_words:
        # 百分之5% says it twice: keep the reading that starts at 百分之.
        kept = [e for e in entities if not any(w.start < e.end and e.start < w.end for w in in_words)]
        entities = sorted(kept + in_words, key=lambda e: e.start)
    return entities


_CHECKED_BEFORE_DIGITS = NUMBER_CHARACTERS | EXPONENT_SIGNS | frozenset(EXPONENT_MARKS) | THOUSANDS_SEPARATORS
"""What :func:`_starts_number` and :func:`_signed_start` look at just before a number: after
anything else it starts there and has no sign."""


def _starts_number(text: str, start: int) -> bool:
    """Whether a number read backwards really starts at ``start`` (not inside 1,234 or 3.5, nor
    the exponent of 1e30 or 2.5E-3)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in NUMBER_CHARACTERS:
        return False
    if before in EXPONENT_SIGNS and start > 1:
        start, before = start - 1, text[start - 2]
    if before in EXPONENT_MARKS and start > 1 and text[start - 2] in NUMBER_CHARACTERS:
        return False
    return not (before in THOUSANDS_SEPARATORS and start > 1 and text[start - 2] in NUMBER_CHARACTERS)


def _signed_start(text: str, start: int) -> int:
    """``start`` moved onto the minus sign written directly before the number, if there is one
    (see :data:`NOT_BEFORE_SIGN`)."""
    if start and text[start - 1] in MINUS_SIGNS and (start == 1 or text[start - 2] not in NOT_BEFORE_SIGN):
        return start - 1
    return start


def _starts_chinese_number(text: str, start: int, number: str) -> bool:
    """Whether a Chinese numeral read backwards starts at ``start`` and is not a vague one."""
    return number[0] in CHINESE_NUMBER_STARTS and not (start and text[start - 1] in NOT_BEFORE_CHINESE_NUMBER)


def _percent(text: str, start: int, end: int, value: Decimal | str, shared: dict, negative: bool = False) -> Entity:
    """A PERCENT of ``value`` (canonical, or the number as written), with the comparator
    written before it if any; ``text`` and ``attrs`` shared with the same percentage written
    alike (see :func:`_numeric_entities`)."""
    operator = None
    if start and text[start - 1] in COMPARATOR_ENDS:
        comparator = COMPARATOR_BEFORE.match(text, max(0, start - COMPARATOR_WINDOW), start)
        if comparator:
            operator = comparator.group(_COMPARATOR_OPERATOR)
    span = text[start:end]
    known = shared.get((span, operator))
    if known is None:
        if isinstance(value, str):
            value = exact_value(value)
        if negative and value:
            value = -value
        attrs: dict[str, object] = {"value": value}
        if operator is not None:
            attrs["comparator"] = operator
        known = shared[span, operator] = (span, attrs)
    return Entity("PERCENT", start, end, *known)


# ---- EXP_CODE chains ------------------------------------------------------------------------

@dataclass(slots=True)
class _Chain:
    """Consecutive levels read so far: what each level wrote, from the first name to the last marker."""

    start: int                  # where the first level's name begins
    end: int                    # after the last marker
    levels: list[int]           # the level of each marker: 0 类, 1 款, 2 项 (one may be skipped)
    names: list[str]
    digits: list[str | None]    # the code written in each marker, or None for a bare (类)/(款)/(项)


def _chain_entities(text: str, rows: expenditure_codes.DocumentRows) -> list[Entity]:
    """The chains of ``text``; ``rows`` (the document's coded table rows) resolve names that the
    national table does not know."""
    entities: list[Entity] = []
    chain: _Chain | None = None
    for marker in _matches(LEVEL_MARKERS, text):
        digits, level_char = marker.group(*_MARKER_PARTS)
        if digits is not None and len(digits) not in (2, 3, 5, 7):
            continue
        start, end = marker.span()
        if chain is not None:
            near = start - chain.end <= CHAIN_CONTINUATION_MAX
            if near and _continue_chain(text, chain, start, end, digits, level_char, rows):
                continue
            if (entity := _chain_entity(text, chain, rows)) is not None:
                entities.append(entity)
        chain = _start_chain(text, start, end, digits, level_char)
    if chain is not None and (entity := _chain_entity(text, chain, rows)) is not None:
        entities.append(entity)
    return entities


def _continue_chain(
    text: str, chain: _Chain, start: int, end: int, digits: str | None, level_char: str | None,
    rows: expenditure_codes.DocumentRows,
) -> bool:
    """Whether the marker at ``[start, end)`` is the next level of ``chain`` (extended if so).

    A bare marker may skip a level after a bare one (``行政事业单位离退休（类）…缴费支出（项）``,
    as real documents write it) — only when the chain so read resolves to a code."""
    expected = chain.levels[-1] + 1
    if level_char:
        index = _LEVEL_BY_CHARACTER[level_char]
    elif digits is not None and len(digits) == 2:
        index = expected
    elif digits is not None:
        index = _LEVEL_BY_LENGTH[len(digits)]
    else:
        return False
    skips = index == expected + 1 and digits is None and chain.digits == [None]
    if (index != expected and not skips) or index >= len(_LEVELS):
        return False
    if BARE_NAME.fullmatch(text, chain.end, start) is not None:
        name_start, name_end = chain.end, start   # the usual gap: the next name and nothing else
    else:
        gap = CHAIN_CONTINUATION.fullmatch(text, chain.end, start)
        if gap is None:
            return False
        name_start, name_end = gap.span(_CONTINUATION_NAME)
    if name_start == name_end and digits is None:
        return False
    chain.names.append(text[name_start:name_end])
    chain.digits.append(digits)
    chain.levels.append(index)
    if skips and _resolve(chain, "functional", rows) is None:
        chain.names.pop()
        chain.digits.pop()
        chain.levels.pop()
        return False
    chain.end = end
    return True


def _start_chain(text: str, start: int, end: int, digits: str | None, level_char: str | None) -> _Chain | None:
    if level_char:
        index = _LEVEL_BY_CHARACTER[level_char]
    elif digits is not None and len(digits) in _LEVEL_BY_LENGTH:
        index = _LEVEL_BY_LENGTH[len(digits)]
    else:
        return None
    run = FIRST_NAME_BACKWARDS.match(text, max(0, start - FIRST_NAME_WINDOW), start)
    if run is None:
        return None
    scheme = (expenditure_codes.scheme_of(digits) if digits and len(digits) >= 3 else None) or "functional"
    levels = (_LEVELS[index], _LEVELS[1]) if digits is None and index == 0 else (_LEVELS[index],)
    # (a bare 类 marker may stand for a 款 written with it: see _continue_chain)
    name_start = run.start() + _known_name_offset(run.group(), levels, scheme)
    return _Chain(name_start, end, [index], [text[name_start:start]], [digits])


@lru_cache(maxsize=4096)
def _known_name_offset(run: str, levels: tuple[str, ...], scheme: str) -> int:
    """Where the name in ``run`` begins: at the longest tail that is a known subject name at
    the first of ``levels`` that has one (``…方面一般公共服务支出`` → ``一般公共服务支出``), else
    after the last line break. A pure function of its arguments, kept for the same run again."""
    compact = "".join(run.split())
    key = expenditure_codes.name_key(compact)   # a prefix of ``compact``: cuts map back unchanged
    positions = range(len(run)) if len(compact) == len(run) else [i for i, ch in enumerate(run) if not ch.isspace()]
    for level in levels:
        known = expenditure_codes.known_name_keys(level, scheme)
        for cut in range(max(0, len(key) - expenditure_codes.longest_name_key(level, scheme)), len(key)):
            if key[cut:] in known:
                return positions[cut]
    offset = max(run.rfind("\n"), run.rfind("\r")) + 1
    while offset < len(run) and run[offset].isspace():
        offset += 1
    return offset


def _resolve(chain: _Chain, scheme: str, rows: expenditure_codes.DocumentRows) -> str | None:
    names = [NAME_PAGE_BREAK.sub("", name) if "\f" in name else name for name in chain.names]
    levels = [_LEVELS[index] for index in chain.levels]
    return expenditure_codes.resolve_chain(names, levels, chain.digits, scheme=scheme, rows=rows)


def _chain_entity(text: str, chain: _Chain, rows: expenditure_codes.DocumentRows) -> Entity | None:
    names, digits = chain.names, chain.digits
    if not names[0]:
        return None
    scheme = "functional"
    if digits[0] is not None:
        scheme = expenditure_codes.scheme_of(digits[0]) if len(digits[0]) >= 3 else None
        if scheme is None:
            return None   # （12）, （100）: not a subject code
    code = _resolve(chain, scheme, rows)
    if len(names) == 1 and digits[0] is None and code is None:
        return None       # 数量（项）: a lone bare marker counts only after a known subject name
    return Entity(
        "EXP_CODE", chain.start, chain.end, text[chain.start:chain.end],
        {"code": code, "scheme": scheme, "level": _LEVELS[chain.levels[-1]], "names": names},
    )


# ---- EXP_CODE in tables ---------------------------------------------------------------------

def _table_code_entities(text: str) -> list[Entity]:
    entities: list[Entity] = []
    decided: dict[tuple[str, str | None, bool], dict | None] = {}
    # (code cell, name cell, whether a figure follows) → the attrs of its entity, or None for no
    # entity: rows written alike decide alike (and share their attrs), bar one case (see _row_attrs).
    first = TEXT_START_ROW.match(text)
    code_group = _ROW_PARTS[0]
    for row in ([first] if first else []) + _matches(TABLE_ROWS, text):
        cell, name, number = row.group(*_ROW_PARTS)
        key = (cell, name, number is None)
        if key in decided:
            attrs = decided[key]
        else:
            attrs, alike = _row_attrs(text, row.start(code_group), cell, name, number)
            if alike:
                decided[key] = attrs
        if attrs is None:
            continue
        end = row.end(code_group)
        entities.append(_new_entity(("EXP_CODE", end - len(cell), end, cell, attrs)))
        if attrs["scheme"] == "economic":
            # 基本支出 tables set 人员经费 and 公用经费 side by side: two codes per row.
            entities.extend(_further_row_codes(text, end, _line_end(text, end)))
    split = _split_level_codes(text, entities)
    return sorted(entities + split, key=_ENTITY_ORDER) if split else entities


def _split_level_codes(text: str, entities: list[Entity]) -> list[Entity]:
    """The 款 and 项 rows of a split code column (``201``, then ``08``, then ``01`` → 2010801).

    A two-digit row counts only just below a 类 row written alone (``201 一般公共服务支出``) or
    another such row. Under a 款 the row is a 项 of it or the next 款: the name decides (the
    national table's name of either code), else the code that exists, else — under a 款 — its
    first 项; where nothing decides, the span is kept with ``code`` null."""
    classes = [e for e in entities if e.attrs["level"] == "类" and e.attrs["code"] and e.text.isdigit()]
    if not classes:
        return []
    # Rows above the first 类 row count for nothing: the scan starts there (a row holds no line
    # break after its first character, so the rows found from there are the same).
    rows = _matches(SPLIT_LEVEL_ROWS, text, min(e.start for e in classes))
    if not rows:
        return []
    events = sorted([(e.start, e) for e in classes] + [(row.start(), row) for row in rows], key=lambda pair: pair[0])
    found: list[Entity] = []
    class_code = kuan = None
    scheme, last_level, last_end = "functional", 0, 0
    for _, event in events:
        if isinstance(event, Entity):
            class_code, kuan, scheme, last_level, last_end = event.attrs["code"], None, event.attrs["scheme"], 0, event.end
            continue
        digits, name = event.group(*_SPLIT_PARTS)
        start, end = event.span(_SPLIT_PARTS[0])
        if class_code is None or text.count("\n", last_end, start) > SPLIT_LEVEL_LINES or digits == "00":
            continue
        candidates = [(class_code + digits, 1)]
        if scheme == "functional" and last_level >= 1 and kuan is not None:
            candidates.insert(0, (kuan + digits, 2))
        chosen = _choose_split_code(candidates, name, last_level)
        if chosen is None:
            found.append(_code_entity(text, start, end, None, scheme, name, level=_LEVELS[2]))
        else:
            code, last_level = chosen
            if last_level == 1:
                kuan = code
            found.append(_code_entity(text, start, end, code, scheme, name))
        last_end = end
    return found


def _choose_split_code(candidates: list[tuple[str, int]], name: str, last_level: int) -> tuple[str, int] | None:
    if len(candidates) == 1:
        return candidates[0]
    named = [c for c in candidates if expenditure_codes.matches_name(c[0], name)]
    if len(named) == 1:
        return named[0]
    known = [c for c in candidates if expenditure_codes.lookup(c[0]) is not None]
    if len(known) == 1:
        return known[0]
    if last_level == 1:
        return candidates[0]   # the first row under a 款 is its 项
    return None


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    if end < 0:
        end = len(text)
    for line_break in "\r\f":
        found = text.find(line_break, position, end)
        if found >= 0:
            end = found
    return end


def _row_attrs(text: str, start: int, cell: str, name: str | None, number: str | None) -> tuple[dict | None, bool]:
    """The attrs of the EXP_CODE of a row whose code cell ``cell`` starts at ``start`` (None if the
    row holds none), and whether every row written alike decides alike: all do but a row with
    an unknown code, no name and figures, which counts only below a wrapped name."""
    if not cell.isdigit():
        return _spaced_code(cell.split(), name), True
    scheme = _code_scheme(cell)
    if scheme is None:
        return None, True
    if name is not None:
        if len(cell) == 3 and not expenditure_codes.begins_name(cell, name):
            return None, True   # 208 人次: a 类 code stands before its own name
    elif len(cell) == 3 and (number is None or expenditure_codes.lookup(cell) is None):
        return None, True       # a 类 code without a name needs figures after it
    elif expenditure_codes.lookup(cell) is None:
        # Without a name only a known code counts, or one whose name wrapped onto the line above.
        if number is not None and _after_name_line(text, start):
            return _code_attrs(cell, scheme, name), False
        return None, number is None
    return _code_attrs(cell, scheme, name), True


def _after_name_line(text: str, start: int) -> bool:
    """Whether the line before ``start`` holds only the beginning of a name (the row's name
    wrapped onto the line above its code: ``其他城乡社区管理事务支⏎2120199 1,234.00``)."""
    return WRAPPED_NAME_LINE.match(text, max(0, start - 48), start) is not None


def _spaced_code(parts: list[str], name: str | None) -> dict | None:
    """``208 05 05`` → 2080505; a garbled part (``301 \t2 \t津贴补贴``) is resolved by the name."""
    code = "".join(parts)
    if len(code) == 2 * len(parts) + 1:   # a 3-digit 类 and 2-digit parts
        scheme = _code_scheme(code)
        if scheme is None or (name is None and expenditure_codes.lookup(code) is None):
            return None
        return _code_attrs(code, scheme, name)
    scheme = expenditure_codes.scheme_of(parts[0])
    if name is None or scheme is None:
        return None       # 205 \t0 \t0: a one-digit cell is a code part only before a name
    level = _LEVELS[len(parts) - 1]
    parent = parts[0] + (parts[1] if len(parts) == 3 and len(parts[1]) == 2 else "")
    code = None
    if len(parent) == expenditure_codes.CODE_LENGTHS[_LEVELS[len(parts) - 2]]:
        code = expenditure_codes.find_by_name(name, level, parent=parent, scheme=scheme)
    return _code_attrs(code, scheme, name, level=level)


def _code_scheme(code: str) -> str | None:
    """The scheme of a code whose 类 is known and whose 款/项 parts are not 00, else None."""
    if code[3:5] == "00" or code[5:7] == "00":
        return None
    return expenditure_codes.scheme_of(code)


def _code_entity(
    text: str, start: int, end: int, code: str | None, scheme: str, name: str | None, *, level: str | None = None,
) -> Entity:
    return Entity("EXP_CODE", start, end, text[start:end], _code_attrs(code, scheme, name, level=level))


def _code_attrs(code: str | None, scheme: str, name: str | None, *, level: str | None = None) -> dict:
    return {
        "code": code,
        "scheme": scheme,
        "level": level or _LEVEL_OF_CODE[len(code)],
        "names": [name] if name else [],
    }


def _further_row_codes(text: str, start: int, line_end: int) -> Iterator[Entity]:
    for match in ROW_CODE.finditer(text, start, line_end):
        code = "".join(match.group(_FURTHER_CODE).split())
        subject = expenditure_codes.lookup(code)
        if subject is None or subject.scheme != "economic":
            continue
        rest = TABLE_ROW_REST.match(text, match.end(), line_end)
        if rest is None:
            continue
        name = rest.group(_REST_NAME)
        if len(code) == 3 and (name is None or not expenditure_codes.begins_name(code, name)):
            continue
        yield _code_entity(text, *match.span(_FURTHER_CODE), code, "economic", name)


def _prose_code_entities(text: str) -> list[Entity]:
    """Codes written before their name in running text (:data:`PROSE_CODE`)."""
    entities = []
    for match in _prose_code_matches(text):
        code, dash, name = match.group(*_PROSE_PARTS)
        scheme = _code_scheme(code)
        if scheme is None or expenditure_codes.lookup(code[:-2]) is None:
            continue      # 2024001-…: a serial whose first digits only look like a 类
        if not (dash or expenditure_codes.matches_name(code, name)):
            continue
        entities.append(_code_entity(text, *match.span(_PROSE_PARTS[0]), code, scheme, name))
    return entities


def _prose_code_matches(text: str) -> list[regex.Match]:
    """The matches of :data:`PROSE_CODE`, as its ``finditer`` gives them: no match holds a
    digit after its code, so matches at different runs of digits never overlap, and
    :data:`PROSE_CODE_CANDIDATES` finds the start of every run that can hold one."""
    matches = []
    for candidate in PROSE_CODE_CANDIDATES.finditer(text):
        start = candidate.start()
        if start and text[start - 1] in _ASCII_DIGITS:
            continue                       # the tail of a longer run
        match = PROSE_CODE.match(text, start)
        if match is not None:
            matches.append(match)
    return matches
