"""Numbers as written → exact decimals (nlp.entities.numerals)."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.entities.numerals import (
    EXACT,
    amount_in_yuan,
    canonical,
    exact_value,
    parse_chinese_numeral,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0", "0"),
        ("2692.36", "2692.36"),
        ("19,044.27", "19044.27"),
        ("47,483,458", "47483458"),
        ("1，234", "1234"),                 # full-width thousands separator
        ("２０２４", "2024"),
        ("１２．５", "12.5"),
        ("０．５", "0.5"),
        ("1.5万", "15000"),
        ("3千", "3000"),
        ("0.015", "0.015"),
    ],
)
def test_digits(written, expected):
    assert parse_number(written) == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("零", 0),
        ("〇", 0),
        ("五", 5),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("三十五", 35),
        ("一百", 100),
        ("百", 100),                        # 百分之百
        ("一百零五", 105),
        ("一千二百", 1200),
        ("一千零五", 1005),
        ("三千五", 3500),                   # elided unit: 三千五百
        ("两万", 20000),
        ("两万三", 23000),
        ("一万零五百", 10500),
        ("十万", 100000),
        ("一亿二千万", 120000000),
        ("两万亿", 2 * 10**12),
        ("二〇二四", 2024),                 # digit by digit, as in years
        ("壹佰贰拾", 120),
        ("叁仟肆佰伍拾陆", 3456),
    ],
)
def test_chinese_integers(written, expected):
    assert parse_chinese_numeral(written) == Decimal(expected)
    assert parse_number(written) == Decimal(expected)


def test_chinese_decimal_fraction():
    assert parse_chinese_numeral("三点五") == Decimal("3.5")
    assert parse_chinese_numeral("二十点零五") == Decimal("20.05")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("25.19%", "25.19"),
        ("100％", "100"),
        ("100.00(%)", "100"),
        ("5.60%", "5.6"),
        ("0.015%", "0.015"),
        ("百分之二十", "20"),
        ("百分之百", "100"),
        ("百分之5", "5"),
    ],
)
def test_percent(written, expected):
    assert parse_percent(written) == Decimal(expected)


@pytest.mark.parametrize(
    ("number", "unit", "expected"),
    [
        ("2692.36", "万元", 26923600),       # SPEC §4 example
        ("0.98", "万元", 9800),
        ("1200", "元", 1200),
        ("0.5", "元", Decimal("0.5")),
        ("0", "万元", 0),
        ("19,044.27", "万元", 190442700),
        ("47,483,458", "元", 47483458),
        ("1.5", "亿元", 150000000),
        ("5", "千元", 5000),
        ("一千二百", "元", 1200),
        ("两", "万元", 20000),
        ("0.000001", "亿元", 100),
    ],
)
def test_amount_in_yuan(number, unit, expected):
    value = amount_in_yuan(number, unit)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


def test_amount_values_are_canonical():
    assert str(amount_in_yuan("2692.36", "万元")) == "26923600"
    assert str(amount_in_yuan("0.50", "元")) == "0.5"
    assert str(canonical(Decimal("100.00"))) == "100"


@pytest.mark.parametrize(
    ("written", "exponent", "expected"),
    [
        ("2692.36", 4, "26923600"),
        ("0.50", 0, "0.5"),
        ("100.00", 0, "100"),
        ("19,044.27", 4, "190442700"),
        ("１２．５", 4, "125000"),
        ("0.000001", 8, "100"),
        ("0.015", 0, "0.015"),
        ("007", 0, "7"),
        ("1.5万", 0, "15000"),        # not plain digits: read as a number first
        ("三千五", 3, "3500000"),
    ],
)
def test_exact_values_are_canonical(written, exponent, expected):
    assert str(exact_value(written, exponent)) == expected


@pytest.mark.parametrize("written", ["", "1.2.3", "12.5.", "abc", "1e5"])
def test_exact_value_refuses_what_is_not_a_number(written):
    with pytest.raises(ValueError):
        exact_value(written)


@given(
    st.decimals(min_value=0, max_value=10**15, places=6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 3, 4, 8]),
    st.booleans(),
)
def test_exact_value_is_the_canonical_scaled_number(value, exponent, grouped):
    # The short cut moves the decimal point in the string; the definition multiplies.
    written = f"{value:,f}" if grouped else f"{value:f}"
    expected = canonical(parse_number(written).scaleb(exponent, context=EXACT))
    assert exact_value(written, exponent).as_tuple() == expected.as_tuple()


def test_no_rounding_of_long_numbers():
    # 25 significant digits: beyond the default 28-digit context once multiplied by 10**8.
    assert amount_in_yuan("1234567890123456.123456789", "亿元") == Decimal("123456789012345612345678.9")
    assert amount_in_yuan("9999999999999999.99999999", "亿元") == Decimal("999999999999999999999999")


@pytest.mark.parametrize("written", ["", "abc", "1e5", "1.2.3", ".", "万万x", "NaN", "Infinity"])
def test_not_numbers(written):
    with pytest.raises(ValueError):
        parse_number(written)


def test_unknown_unit():
    with pytest.raises(ValueError):
        amount_in_yuan("1", "美元")


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_and_full_width(number):
    grouped = f"{number:,}"
    assert parse_number(grouped) == number
    assert parse_number(grouped.replace(",", "，")) == number
    full_width = grouped.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full_width) == number


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(value):
    assert parse_number(f"{value:f}") == value
    assert amount_in_yuan(f"{value:f}", "万元") == value * 10000


_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese_below_10000(n: int) -> str:
    """An independent writer of standard Chinese numerals for the property below."""
    if n == 0:
        return "零"
    parts, zero_pending = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero_pending:
                parts.append("零")
            parts.append(_CHINESE_DIGITS[digit] + unit)
            zero_pending = False
        elif parts:
            zero_pending = True
    return "".join(parts)


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_agree_with_an_independent_writer(number):
    assert parse_chinese_numeral(_chinese_below_10000(number)) == number
