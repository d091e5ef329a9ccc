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


# ---- EXP_CODE chains ----------------------------------------------------------------------------

def chain(text):
    """The one chain of ``text`` (rows of a table may stand before it)."""
    found = [c for c in codes(text) if "（" in c[0] or "(" in c[0]]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "code", "names"),
    [
        # a skipped marker: the 款 is written with the 类's marker, as real documents do
        ("5.行政事业单位离退休（类）机关事业单位基本养老保险缴费支出（项）12.00 万元",
         "行政事业单位离退休（类）机关事业单位基本养老保险缴费支出（项）", "2080505",
         ["行政事业单位离退休", "机关事业单位基本养老保险缴费支出"]),
        ("住房改革支出（类）住房公积金（项）", "住房改革支出（类）住房公积金（项）", "2210201", ["住房改革支出", "住房公积金"]),
        # …or the 款 is left out: the 项 is found once among the 类's descendants
        ("一般公共服务支出（类）人大会议（项）", "一般公共服务支出（类）人大会议（项）", "2010104", ["一般公共服务支出", "人大会议"]),
        # a name wrapped over a line break, and over a page break with its page number
        ("行政事业单位离退休（类）机关事业单位职业年金缴费\n支出（项）", "行政事业单位离退休（类）机关事业单位职业年金缴费\n支出（项）",
         "2080506", ["行政事业单位离退休", "机关事业单位职业年金缴费\n支出"]),
        ("社会保障和就业（类）\n行政事业单位离退休（类）未归口管理的行政单位离退\n\f\n─ 12 ─\n休支出（项）",
         "行政事业单位离退休（类）未归口管理的行政单位离退\n\f\n─ 12 ─\n休支出（项）", "2080504",
         ["行政事业单位离退休", "未归口管理的行政单位离退\n\f\n─ 12 ─\n休支出"]),
        ("一般公共服务支出（类）人大事务（款）人大\n\f\n3\n会议（项）", "一般公共服务支出（类）人大事务（款）人大\n\f\n3\n会议（项）",
         "2010104", ["一般公共服务支出", "人大事务", "人大\n\f\n3\n会议"]),
    ],
)
def test_chain_shapes(text, span, code, names):
    assert codes(text)[-1] == (span, code, "functional", "项", names)


def test_a_skipped_marker_that_resolves_to_nothing_joins_nothing():
    # 数量（项） is no level of 卫生健康支出: the 类 alone, and no chain over both
    assert codes("卫生健康支出（类）开展项目数量（项）") == [("卫生健康支出（类）", "210", "functional", "类", ["卫生健康支出"])]


ROWS = "\n212 99 01 城乡社区综合整治 100.00\n"
"""A row of the document's own table for a 项 that the national table does not have."""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ROWS + "城乡社区支出（类）其他城乡社区支出（款）城乡社区综合整治（项）", "2129901"),
        # an unknown 款 name is passed over: the row says where the 项 belongs
        ("\n212 13 01 城市公共设施 5.00\n" + "城乡社区支出（类）城市基础设施配套费安排的支出（款）城市公共设施（项）", "2121301"),
        # the example: the row agrees with the national table
        ("\n212 08 04 农村基础设施建设支出 1.00\n城乡社区支出（类）国有土地使用权出让收入安排的支出（款）农村基础设施建设支出（项）",
         "2120804"),
        # without the row: never a guess
        ("城乡社区支出（类）其他城乡社区支出（款）城乡社区综合整治（项）", None),
        ("城乡社区支出（类）城市基础设施配套费安排的支出（款）城市公共设施（项）", None),
        # a row under another 类 does not resolve it
        ("\n201 99 01 城乡社区综合整治 1.00\n城乡社区支出（类）其他城乡社区支出（款）城乡社区综合整治（项）", None),
    ],
)
def test_chains_resolved_through_the_documents_rows(text, code):
    assert chain(text)[1] == code
