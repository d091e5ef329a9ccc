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


# ---- EXP_CODE in tables and prose ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the right-hand code of a two-column economic table, spaced like the left one
        ("\n301 01 基本工资 512.30 302 01 办公费 88.40\n",
         [("301 01", "30101", "economic", "款", ["基本工资"]), ("302 01", "30201", "economic", "款", ["办公费"])]),
        # government-level economic codes beside the department ones
        ("\n301 01 基本工资 501 01 工资奖金津补贴 10.00\n",
         [("301 01", "30101", "economic", "款", ["基本工资"]), ("501 01", "50101", "economic", "款", ["工资奖金津补贴"])]),
        ("\n30201 办公费 50201 办公经费 3.00\n",
         [("30201", "30201", "economic", "款", ["办公费"]), ("50201", "50201", "economic", "款", ["办公经费"])]),
        ("\n502 机关商品和服务支出 12.00\n", [("502", "502", "economic", "类", ["机关商品和服务支出"])]),
        # a code whose name wrapped onto the line above: known, or not in the national table
        ("\n其他城乡社区管理事务支\n2120199 1,234.00\n出\n", [("2120199", "2120199", "functional", "项", [])]),
        ("\n城乡社区综合整治支\n2129901 1,234.00\n出\n", [("2129901", "2129901", "functional", "项", [])]),
        # a split code column: each row writes its own level only
        ("\n201 一般公共服务支出 30.00\n08 审计事务 30.00\n01 行政运行 20.00\n04 审计业务 10.00\n",
         [("201", "201", "functional", "类", ["一般公共服务支出"]), ("08", "20108", "functional", "款", ["审计事务"]),
          ("01", "2010801", "functional", "项", ["行政运行"]), ("04", "2010804", "functional", "项", ["审计业务"])]),
        # under a 项 the name tells a new 款 from a sibling 项
        ("\n201 一般公共服务支出 30.00\n08 审计事务 30.00\n01 行政运行 20.00\n03 政府办公厅（室）及相关机构事务 10.00\n"
         "02 一般行政管理事务 10.00\n",
         [("201", "201", "functional", "类", ["一般公共服务支出"]), ("08", "20108", "functional", "款", ["审计事务"]),
          ("01", "2010801", "functional", "项", ["行政运行"]),
          ("03", "20103", "functional", "款", ["政府办公厅（室）及相关机构事务"]),
          ("02", "2010302", "functional", "项", ["一般行政管理事务"])]),
        # economic split columns stop at 款
        ("\n301 工资福利支出 5.00\n01 基本工资 3.00\n02 津贴补贴 2.00\n",
         [("301", "301", "economic", "类", ["工资福利支出"]), ("01", "30101", "economic", "款", ["基本工资"]),
          ("02", "30102", "economic", "款", ["津贴补贴"])]),
        # nothing decides between 2010899 and 20199: the span, code null
        ("\n201 一般公共服务支出 3.00\n08 审计事务 3.00\n01 行政运行 2.00\n99 某某 1.00\n",
         [("201", "201", "functional", "类", ["一般公共服务支出"]), ("08", "20108", "functional", "款", ["审计事务"]),
          ("01", "2010801", "functional", "项", ["行政运行"]), ("99", None, "functional", "项", ["某某"])]),
        # a code before its name in prose
        ("（一）2011301-行政运行 2163.74 万元", [("2011301", "2011301", "functional", "项", ["行政运行"])]),
        ("2、2010505专项统计业务：", [("2010505", "2010505", "functional", "项", ["专项统计业务"])]),
        ("其中30201－办公费", [("30201", "30201", "economic", "款", ["办公费"])]),
    ],
)
def test_code_shapes(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "\n全年共计，\n2129901 1,234.00\n",          # the line above is prose, the code unknown
        "\n2129901 1,234.00\n",                     # an unknown code with no name anywhere
        "\n01 行政运行 10.00\n",                    # a two-digit row with no 类 above it
        "项目编号2024001-档案数字化",               # a serial whose first digits only look like a 类
        "说明：2010505统计抽样调查",                # no dash, and not the code's own name
        "电话12345-便民热线",                       # no such 类
        "增长2.2010505万元",                        # digits of a number
    ],
)
def test_not_code_shapes(text):
    assert codes(text) == []


def test_a_two_digit_row_far_below_its_class_is_no_code():
    text = "\n201 一般公共服务支出 1.00\n说明\n说明\n说明\n说明\n说明\n08 审计事务 1.00\n"
    assert [c[0] for c in codes(text)] == ["201"]


def test_a_bracketed_code_cell_is_a_code_and_its_span_is_the_digits():
    """Guangdong's tables write the code in brackets before the name (``[2010501]行政运行``)."""
    text = "科目编码 科目名称 合计\n[201]一般公共服务支出 9.00\n\u3000\u3000[2010501]行政运行 9.00\n[30101]基本工资 2.00\n"
    codes = [(text[e.start:e.end], dict(e.attrs)["code"], dict(e.attrs)["scheme"])
             for e in find_entities(text) if e.label == "EXP_CODE"]
    assert codes == [("201", "201", "functional"), ("2010501", "2010501", "functional"), ("30101", "30101", "economic")]
