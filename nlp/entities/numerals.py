"""Numbers as written in budget disclosures, parsed to exact decimals.

Disclosures write money and shares with ASCII or full-width digits (``２０２４``, ``．``),
``,``/``，`` thousands separators (``19,044.27``, ``47,483,458``), or Chinese numerals
(``一千二百``, ``两万``, ``百分之二十``, the formal ``壹贰叁`` of receipts). Sums must add up to
the fen, so every value here is a :class:`decimal.Decimal` — never a float — computed in a
context wide enough that nothing is ever rounded.
"""
from __future__ import annotations

from decimal import Context, Decimal

DIGITS = "0123456789０１２３４５６７８９"
"""The digit characters accepted in written numbers (ASCII and full-width)."""

CHINESE_DIGITS = {
    "零": 0, "〇": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
"""Chinese digit characters, everyday and formal (大写) forms."""

CHINESE_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CHINESE_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CHINESE_DECIMAL_POINT = "点"
CHINESE_DIGIT_CHARS = "".join(CHINESE_DIGITS)
CHINESE_NUMERAL_CHARS = CHINESE_DIGIT_CHARS + "".join(CHINESE_SMALL_UNITS) + "".join(CHINESE_BIG_UNITS)
"""Every character that can appear in the integer part of a Chinese numeral."""

MONEY_UNITS = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
"""Currency units of SPEC §4 and the power of ten that turns them into yuan."""

PERCENT_PREFIX = "百分之"

MINUS_SIGNS = "-\u2212\uff0d"
"""Minus signs that may stand directly before a written number: ASCII ``-``, U+2212 ``−`` and
its full-width form ``－`` (the tagger decides when one is a sign and not a hyphen)."""
EXPONENT_MARKS = "eE"
"""What separates mantissa and exponent in ``1e30``, ``2.5E-3``: such a number is no amount."""

EXACT = Context(prec=200, Emax=999_999, Emin=-999_999)
"""The arithmetic context for values: wide enough that no written number is ever rounded."""

_ONE = Decimal(1)
_MULTIPLIER_CHARS = frozenset(CHINESE_SMALL_UNITS) | frozenset(CHINESE_BIG_UNITS)
_WIDE_TO_ASCII = str.maketrans("０１２３４５６７８９．", "0123456789.", ",，")


def parse_number(written: str) -> Decimal:
    """The value of a number as written: digits (ASCII or full-width, with thousands
    separators and a decimal point), optionally followed by Chinese multipliers
    (``1.5万`` → 15000), or a Chinese numeral (``一千二百`` → 1200).

    Raises :class:`ValueError` when ``written`` is not a number.
    """
    if not written:
        raise ValueError("empty number")
    if written[0] in DIGITS:
        return _parse_digits(written)
    return parse_chinese_numeral(written)


def parse_chinese_numeral(written: str) -> Decimal:
    """The value of a Chinese numeral: ``三十五`` → 35, ``两万`` → 20000, ``一千零五`` → 1005,
    ``三千五`` → 3500 (the colloquial elided unit), ``二〇二四`` → 2024 (digit by digit),
    ``三点五`` → 3.5, ``壹佰贰拾`` → 120."""
    integer_part, point, fraction = written.partition(CHINESE_DECIMAL_POINT)
    if not integer_part and not point:
        raise ValueError("empty Chinese numeral")
    value = Decimal(_chinese_integer(integer_part)) if integer_part else Decimal(0)
    if point:
        if not fraction or any(ch not in CHINESE_DIGITS for ch in fraction):
            raise ValueError(f"not a Chinese decimal fraction: {written!r}")
        value = EXACT.add(value, Decimal("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in fraction)))
    return value


def parse_percent(written: str) -> Decimal:
    """The value in percent points of ``25.19%``, ``100％``, ``100.00(%)``, ``百分之二十``."""
    if written.startswith(PERCENT_PREFIX):
        return canonical(parse_number(written[len(PERCENT_PREFIX):]))
    number = written.rstrip("%％()（） \t\u3000\u00a0\r\n")
    if number == written:
        raise ValueError(f"no percent sign in {written!r}")
    return canonical(parse_number(number))


def amount_in_yuan(number: str, unit: str) -> Decimal:
    """The amount in yuan of ``number`` written with ``unit`` (元/千元/万元/亿元)."""
    try:
        exponent = MONEY_UNITS[unit]
    except KeyError:
        raise ValueError(f"not a currency unit: {unit!r}") from None
    return exact_value(number, exponent)


def exact_value(written: str, exponent: int = 0) -> Decimal:
    """``canonical(parse_number(written) * 10**exponent)``.

    The tagger computes one value per entity, so plain digit strings (``2692.36``,
    ``19,044.27``, ``１２．５``) take a short cut: the decimal point is moved in the string and
    trailing zeros dropped there, which gives the same Decimal without any arithmetic.
    """
    if written.isascii():   # _ascii_digits, inline: this runs once per amount
        plain = written.replace(",", "") if "," in written else written
    else:
        plain = written.translate(_WIDE_TO_ASCII)
    if plain.isascii() and exponent >= 0:
        if plain.isdigit():   # an integer (most table cells): no point to move
            return Decimal(plain + "0" * exponent if exponent else plain)
        integer, point, fraction = plain.partition(".")
        if integer.isdigit() and fraction.isdigit():
            if exponent:
                integer += fraction[:exponent].ljust(exponent, "0")
                fraction = fraction[exponent:]
            fraction = fraction.rstrip("0")
            return Decimal(f"{integer}.{fraction}" if fraction else integer)
    return canonical(parse_number(written).scaleb(exponent, context=EXACT))


def _ascii_digits(written: str) -> str:
    """``written`` with full-width digits and point made ASCII and thousands separators dropped.
    An ASCII text has only the ``,`` to drop: ``str.replace`` does it seven times faster than
    ``str.translate``."""
    if written.isascii():
        return written.replace(",", "") if "," in written else written
    return written.translate(_WIDE_TO_ASCII)


def canonical(value: Decimal) -> Decimal:
    """``value`` without trailing zeros: integral values get exponent 0 (``26923600``, not
    ``26923600.00`` or ``2.69236E+7``), others their shortest exact form (``0.5``)."""
    if value == value.to_integral_value():
        return value.quantize(_ONE, context=EXACT)
    return value.normalize(context=EXACT)


def _parse_digits(written: str) -> Decimal:
    multiplier = 1
    number = written
    while number[-1] in _MULTIPLIER_CHARS:
        multiplier *= CHINESE_SMALL_UNITS.get(number[-1]) or CHINESE_BIG_UNITS[number[-1]]
        number = number[:-1]
    number = _ascii_digits(number)   # full-width digits; drops thousands separators
    if not (number.isascii() and number.replace(".", "", 1).isdigit()):
        raise ValueError(f"not a number: {written!r}")   # also refuses what Decimal() would take: 1e5, NaN, 1_000
    return EXACT.multiply(Decimal(number), multiplier) if multiplier != 1 else Decimal(number)


def _chinese_integer(written: str) -> int:
    if all(ch in CHINESE_DIGITS for ch in written):
        # Read digit by digit, as in years (二〇二四) and single digits (五).
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in written))
    total = 0          # finished parts at or above the last 万/亿
    section = 0        # the part below the next 万/亿
    digit: int | None = None
    unit_before_digit = 0  # value of the unit that directly precedes the pending digit
    previous_unit = 0
    for ch in written:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
            unit_before_digit = previous_unit if digit else 0
            previous_unit = 0
        elif ch in CHINESE_SMALL_UNITS:
            unit = CHINESE_SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, previous_unit, unit_before_digit = None, unit, 0
        elif ch in CHINESE_BIG_UNITS:
            unit = CHINESE_BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1  # a leading 万 or 亿 stands for one of it
            if unit > CHINESE_BIG_UNITS["万"]:
                total = (total + section) * unit
            else:
                total += section * unit
            section, digit, previous_unit, unit_before_digit = 0, None, unit, 0
        else:
            raise ValueError(f"not a Chinese numeral: {written!r}")
    if digit is not None:
        # 三千五 is 3500 and 两万三 is 23000: a final digit right after a unit of 百 or more
        # counts in the next lower place.
        section += digit * (unit_before_digit // 10 if unit_before_digit >= 100 else 1)
    return total + section
