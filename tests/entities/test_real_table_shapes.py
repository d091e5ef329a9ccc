"""Shapes met on real disclosures (issue 14, item 5; SPEC §4): a unit across a page break,
``余`` amounts, codes beside codes in tables, split code columns, codes before their name in
prose, chains that skip a level marker or wrap over a page break, and chains resolved through
the document's own table rows. Expectations are written from SPEC §4 and the guidelines (Part B)."""
from decimal import Decimal

import pytest

from nlp.entities import find_entities


def codes(text):
    """(span, code, scheme, level, names) of every EXP_CODE."""
    return [(e.text, e.attrs["code"], e.attrs["scheme"], e.attrs["level"], e.attrs["names"])
            for e in find_entities(text) if e.label == "EXP_CODE"]


def amounts(text):
    return [(e.text, e.attrs["value"], e.attrs["unit"], e.attrs.get("approximate", False))
            for e in find_entities(text) if e.label == "AMOUNT"]


# ---- AMOUNT -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the unit went to the next page: one amount over the page break
        ("支出合计 26.50\n\f\n万元，其中", [("26.50\n\f\n万元", Decimal("265000"), "万元", False)]),
        ("增加 3.2\n─ 12 ─\n\f\n万元", [("3.2\n─ 12 ─\n\f\n万元", Decimal("32000"), "万元", False)]),
        ("增加 3.2\n\f\n- 13 -\n万元", [("3.2\n\f\n- 13 -\n万元", Decimal("32000"), "万元", False)]),
        # 余 "more than": the amount as written, approximate
        ("累计投入300余万元。", [("300余万元", Decimal("3000000"), "万元", True)]),
        ("约1,200余元", [("1,200余元", Decimal("1200"), "元", True)]),
        ("节约资金3万余元", [("3万余元", Decimal("30000"), "万元", True)]),
        ("三百余万元", [("三百余万元", Decimal("3000000"), "万元", True)]),
        # 余 before the number is another word (其余, 结余): no approximation
        ("其余100万元", [("100万元", Decimal("1000000"), "万元", False)]),
        ("年末结余5万元", [("5万元", Decimal("50000"), "万元", False)]),
    ],
)
def test_amount_shapes(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "余元",                      # no number
        "第3页\n\f\n元旦",           # a page number and a word that begins with 元
    ],
)
def test_not_amounts(text):
    assert amounts(text) == []
