"""Headings of the PDF shape: a long title set in a larger font that wraps before the page edge,
the table titles under the part that holds the tables. Texts written here after the 决算
template (第一部分 概况, 第二部分 决算表, 第三部分 情况说明)."""
from nlp.segment import segment

BODY = ("上海市某某区某某局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，\n"
        "下降1.87%。主要原因：基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因\n"
        "减少支付。\n")


def _headings(text):
    sections = segment(text)[0]
    return [(s.level, text[s.heading[0]:s.heading[1]]) for s in sections]


def test_a_bold_part_title_wrapped_before_the_page_edge_is_one_heading():
    text = "第三部分 上海市某某区某某局2024年度部门决算情况\n说明\n一、收入支出决算总体情况说明\n" + BODY
    assert _headings(text) == [(1, "第三部分 上海市某某区某某局2024年度部门决算情况\n说明"),
                               (2, "一、收入支出决算总体情况说明")]


def test_a_short_line_that_is_a_title_of_its_own_is_not_a_tail():
    # "主要职能" is a heading by itself, and no title word straddles the break
    text = "第一部分 上海市某某区某某局部门概况\n主要职能\n" + BODY
    assert [h for _, h in _headings(text)] == ["第一部分 上海市某某区某某局部门概况", "主要职能"]


def test_a_short_numbered_heading_takes_no_tail():
    # too short a line to have wrapped: the line below is its paragraph
    text = "一、部门概况\n无变化\n" + BODY
    assert [h for _, h in _headings(text)] == ["一、部门概况"]


def test_a_tail_on_the_next_page_is_not_joined():
    text = "第三部分 上海市某某区某某局2024年度部门决算情况\n\f\n说明\n" + BODY
    assert [h for _, h in _headings(text)] == ["第三部分 上海市某某区某某局2024年度部门决算情况"]


def test_table_titles_are_children_of_the_part_that_holds_the_tables():
    tables = ("收入支出决算总表\n单位：万元\n项目 决算数\n合计 20.00\n"
              "收入决算表\n单位：万元\n项目 决算数\n合计 20.00\n")
    for part in ("第二部分 上海市某某区某某局2024年度部门决算表", "上海市某某区某某局 2024 年度部门决算表"):
        text = "第一部分 上海市某某区某某局概况\n一、主要职能\n" + BODY + part + "\n" + tables + \
               "第三部分 上海市某某区某某局2024年度部门决算情况说明\n" + BODY
        assert [level for level, _ in _headings(text)] == [1, 2, 1, 2, 2, 1], part
