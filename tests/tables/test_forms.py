"""Performance-target forms of clean text (label–value cells, no unit line); made-up forms,
expectations written by reading them."""
from decimal import Decimal

from nlp.pipeline import tag_text
from nlp.tables import find_tables
from nlp.tables.facts import facts_of

FORM = ("（三）项目绩效。\n"
        "\t项目绩效目标完成情况表\n(2023年度)\n\n"
        "\t项目名称\n\t某某运行经费\n\n"
        "\t预算执行情况(万元)\n\t预算数:\n\t12.50万元\n\t执行数:\n\t10万元\n\n"
        "\t\n\t其中-财政拨款:\n\t12.50万元\n\t其中-财政拨款:\n\t10万元\n\n"
        "\t\n\t其它资金:\n\t0\n\t其它资金:\n\t\n\n"
        "\t绩效指标完成情况\n\t一级指标\n\t指标值\n\n"
        "\t\n\t数量指标\n\t维护次数\n\t≥50次\n\t80次\n\n"
        "（四）其他事项。本单位无其他事项需要说明。\n")

WRAPPED_GROUP = ("\t项目支出绩效目标表\n\n\t （2024年度）\n\n"
                 "\t项目资金\n\n（万元）\n\t 年度资金总额：\n\t7万元\n\n"
                 "\t\n\t   其中：财政拨款\n\t7万元\n\n\t\n\t   上年结转\n\t\n\n")


def _facts(text):
    return [(f.item, f.column, f.value, f.written) for f in facts_of(tag_text(text)) if f.source == "table"]


def test_a_two_sided_form_gives_budget_and_actual_for_each_label():
    assert _facts(FORM) == [
        ("预算数", "预算执行情况(万元)/预算数", Decimal("125000"), "12.50"),
        ("执行数", "预算执行情况(万元)/执行数", Decimal("100000"), "10"),
        ("其中-财政拨款", "预算执行情况(万元)/预算数", Decimal("125000"), "12.50"),
        ("其中-财政拨款", "预算执行情况(万元)/执行数", Decimal("100000"), "10"),
        ("其它资金", "预算执行情况(万元)/预算数", Decimal("0"), "0")]      # an empty cell is no fact


def test_indicator_values_are_no_facts_and_spans_are_the_numbers():
    [form] = find_tables(FORM)
    assert form.kind is None and form.unit == "万元" and form.title == "项目绩效目标完成情况表"
    for row in form.rows:
        for cell in row.cells:
            assert FORM[cell.start:cell.end] == cell.written


def test_a_group_label_wrapped_over_a_blank_line():
    assert _facts(WRAPPED_GROUP) == [("年度资金总额", "项目资金（万元）", Decimal("70000"), "7"),
                                     ("其中：财政拨款", "项目资金（万元）", Decimal("70000"), "7")]


def test_a_form_with_crlf_line_ends_gives_the_same_facts():
    assert _facts(FORM.replace("\n", "\r\n")) == _facts(FORM)
