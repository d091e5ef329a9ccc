"""PDF artefacts folded for matching, never for offsets (SPEC §1, §5).

Text extracted from PDF may carry Kangxi radicals (``⼀ ⼯ ⾼``, U+2F00–U+2FD5), CJK radicals
(``⻓ ⻔``) and CJK compatibility ideographs in place of the ordinary characters: a font's
glyph names said "radical" where the text means the ideograph. They look the same, but no
pattern written with ``一`` matches ``⼀``. :func:`fold` maps each such character to its
ordinary ideograph, **one character to one character**, so that ``fold(text)`` has the length
of ``text`` and every offset found in the folded text indexes the original exactly. The
segmenter, the entity tagger and the paragraph rules match on the folded text, for every input
(a text file with the same artefacts is read the same way); spans keep indexing the text as
decoded.

Full-width forms (``２０２４``, ``（一）``, ``％``) are not folded: the patterns accept them as
written, and a heading's marker is reported as written.
"""
from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement characters that stand for a whole ideograph (simplified forms mostly);
# radicals that are only components (⻌ ⺡ ⻈ …) have no ideograph to stand for and stay.
_RADICALS_SUPPLEMENT = {
    "⺟": "母", "⺠": "民", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻓": "长",
    "⻔": "门", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食",
    "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
}


def _table() -> dict[int, str]:
    """Kangxi radicals and compatibility ideographs → the one character NFKC makes of them,
    plus the radicals supplement above."""
    table = {ord(k): v for k, v in _RADICALS_SUPPLEMENT.items()}
    for first, last in ((0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for code in range(first, last + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    return table


FOLD = _table()
"""``str.translate`` table: code point → one ordinary character."""

_FOLDABLE = re.compile("[\u2e9f-\u2ef3\u2f00-\u2fd5\uf900-\ufaff\U0002f800-\U0002fa1f]")
"""Where a foldable character can be (ranges: one scan of a clean text is fast)."""


def fold(text: str) -> str:
    """``text`` with PDF artefacts replaced one-to-one (same length, same offsets); the very
    same object when there are none (the usual case, checked by one scan)."""
    if _FOLDABLE.search(text) is None:
        return text
    return _FOLDABLE.sub(_folded, text)


def _folded(match: re.Match) -> str:
    character = match.group()
    return FOLD.get(ord(character), character)
