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


CONTENTS = ("目 录\n第一部分 上海市某某区某某局概况\n一、主要职能\n第二部分 上海市某某区某某局2024年度部门决算表\n"
            "一、收入支出决算总表\n二、收入决算表\n第三部分 上海市某某区某某局2024年度部门决算情况说明\n")
TABLES = ("收入支出决算总表\n单位：万元\n项目 决算数\n合计 20.00\n"
          "收入决算表\n单位：万元\n项目 决算数\n合计 20.00\n")


def _report(contents, part, tables=TABLES):
    return (contents + "第一部分 上海市某某区某某局概况\n一、主要职能\n" + BODY + part + "\n" + tables
            + "第三部分 上海市某某区某某局2024年度部门决算情况说明\n" + BODY)


def test_table_titles_the_contents_lists_are_children_of_the_part_that_holds_the_tables():
    # GUIDELINES E.5/E.8: a table title on a line of its own is a heading when the 目录 lists it
    for part in ("第二部分 上海市某某区某某局2024年度部门决算表", "上海市某某区某某局 2024 年度部门决算表"):
        assert [level for level, _ in _headings(_report(CONTENTS, part))] == [1, 1, 2, 1, 2, 2, 1], part


def test_table_titles_are_part_of_their_table_where_no_contents_lists_them():
    # GUIDELINES E.8: no 目录 listing the tables -> the title belongs to its table
    headings = _headings(_report("", "第二部分 上海市某某区某某局2024年度部门决算表"))
    assert [h for _, h in headings] == ["第一部分 上海市某某区某某局概况", "一、主要职能",
                                        "第二部分 上海市某某区某某局2024年度部门决算表",
                                        "第三部分 上海市某某区某某局2024年度部门决算情况说明"]


def test_a_table_title_repeated_on_its_continuation_page_is_not_a_heading():
    # GUIDELINES E.8: the title again at the top of the next page opens nothing
    tables = ("收入支出决算总表\n单位：万元\n项目 决算数\n合计 20.00\n\f"
              "收入支出决算总表\n单位：万元\n项目 决算数\n小计 10.00\n\f"
              "收入决算表\n单位：万元\n项目 决算数\n合计 20.00\n")
    headings = _headings(_report(CONTENTS, "第二部分 上海市某某区某某局2024年度部门决算表", tables))
    assert [h for _, h in headings].count("收入支出决算总表") == 1
    assert [h for _, h in headings][4:6] == ["收入支出决算总表", "收入决算表"]


def test_a_listed_table_title_ending_in_any_words_is_a_heading():
    # the 目录 lists it, so the title words do not matter: a qualifier in brackets, an enumeration
    contents = ("目 录\n第一部分 某某局概况\n第二部分 2026年部门预算表\n一、一般公共预算支出情况表（按经济分类科目）\n"
                "二、一般公共预算“三公”经费、会议费、培训费支出表\n第三部分 2026年部门预算情况说明\n")
    # (each title set apart from its table by a blank line: a title the table's header lines run
    # into stays in the table, as the annotators kept it -- see the README)
    tables = ("一般公共预算支出情况表（按经济分类科目）\n\n单位：万元\n项目 预算数\n合计 20.00\n\f"
              "一般公共预算“三公”经费、会议费、培训费支出表\n\n单位：万元\n项目 预算数\n合计 20.00\n")
    text = contents + "第一部分 某某局概况\n" + BODY + "第二部分 2026年部门预算表\n" + tables + "第三部分 2026年部门预算情况说明\n" + BODY
    assert _headings(text)[2:] == [(1, "第二部分 2026年部门预算表"),
                                   (2, "一般公共预算支出情况表（按经济分类科目）"),
                                   (2, "一般公共预算“三公”经费、会议费、培训费支出表"),
                                   (1, "第三部分 2026年部门预算情况说明")]


def test_a_contents_entry_numbered_without_a_space_before_its_year_still_lists_its_table():
    contents = ("目 录\n一、部门主要职能\n二、部门预算表\n1．2025年部门收入预算总表……………12\n"
                "2．2025年部门“三公”经费和机关运行经费预算表……………13\n三、其他相关情况说明……………14\n")
    tables = ("2025年部门“三公”经费和机关运行经费预算表\n\n单位：万元\n项目 预算数\n合计 20.00\n")
    text = contents + "一、部门主要职能\n" + BODY + "二、部门预算表\n" + tables + "三、其他相关情况说明\n" + BODY
    # level 1 beside the parts: E.5 puts table titles at level 2 only under a 第X部分 heading
    assert (1, "2025年部门“三公”经费和机关运行经费预算表") in _headings(text)


def test_numbered_amount_lines_are_paragraphs_not_headings():
    # GUIDELINES E.9: "1．本年收入合计 X 万元。" states a figure; so does a numbered line that
    # names an amount and goes on ("（1）…支出 X 万元，主要用于" broken at the page edge)
    text = ("三、收支预算总体情况说明\n某某局2026年度收入、支出预算总计120.00万元。其中：\n"
            "（一）收入预算总计 120.00 万元。包括：\n1．本年收入合计 120.00 万元。\n"
            "（1）一般公共预算拨款收入 120.00 万元，与上年相比增加2.00万元。\n2．上年结转结余为 0 万元。\n"
            "（二）支出预算总计 120.00 万元。包括：\n1．本年支出合计 120.00 万元。\n"
            "（1）一般公共服务支出（类）支出 100.00 万元，主要用于\n机关日常运转。\n2．年终结转结余为 0 万元。\n"
            "四、财政拨款收支预算总体情况说明\n" + BODY)
    assert [h for _, h in _headings(text)] == ["三、收支预算总体情况说明", "四、财政拨款收支预算总体情况说明"]


def test_a_numbered_title_naming_an_amount_without_a_sentence_end_stays_a_heading():
    # only a statement is demoted: a title that names a figure and says nothing more is a title
    text = "一、收入预算情况\n（一）本年收入 120.00 万元\n" + BODY + "（二）上年结转\n" + BODY
    assert [h for _, h in _headings(text)] == ["一、收入预算情况", "（一）本年收入 120.00 万元", "（二）上年结转"]


def test_a_part_marker_alone_on_its_line_takes_the_title_set_below_it():
    # GUIDELINES D.5 rule 10 / E.5: "第二部分" over "2026 年度" / "某某局" / "部门预算表" is one
    # heading, and the table titles below are its children
    contents = ("目 录\n第一部分 部门概况\n第二部分 2026 年度部门预算表\n一、收支总表\n二、收入总表\n"
                "第三部分 2026 年度部门预算情况说明\n")
    part = "第二部分\n2026 年度\n某某市某某局\n部门预算表\n"
    tables = "收支总表\n\n单位：万元\n项目 预算数\n合计 20.00\n\f收入总表\n\n单位：万元\n项目 预算数\n合计 20.00\n"
    text = contents + "第一部分 部门概况\n" + BODY + part + tables + "第三部分 2026 年度部门预算情况说明\n" + BODY
    assert _headings(text)[2:] == [(1, "第二部分\n2026 年度\n某某市某某局\n部门预算表"), (2, "收支总表"),
                                   (2, "收入总表"), (1, "第三部分 2026 年度部门预算情况说明")]


def test_a_numbered_heading_after_a_list_of_duties_in_its_own_family_stays_a_heading():
    # "二、机构设置" follows the duties "一、…。" (paragraphs numbered 一、) and opens "1.…" below it
    text = ("第一部分 部门概况\n一、主要职能\n某某市某某局的主要职能是：\n一、负责全市审计工作，组织实施审计监督。\n"
            "二、负责审计结果的公告，指导内部审计工作。\n二、部门机构设置及预算单位构成情况\n"
            "1.根据部门职责分工，本部门内设机构包括办公室、综合处等7个处室。\n"
            "2.从预算单位构成看，本部门的部门预算仅包括部门本级预算。\n")
    assert [h for _, h in _headings(text)] == ["第一部分 部门概况", "一、主要职能", "二、部门机构设置及预算单位构成情况"]


def test_a_numbered_topic_ending_in_a_title_word_is_a_title_despite_its_verb():
    # "（四）预算绩效管理工作开展情况。" names a topic (…情况); "（二）公务接待费较上年持平。" states
    text = ("四、其他重要事项的情况说明\n（三）国有资产占用情况\n" + BODY + "（四）预算绩效管理工作开展情况。\n" + BODY
            + "（五）公务接待费较上年持平。\n")
    assert [h for _, h in _headings(text)] == ["四、其他重要事项的情况说明", "（三）国有资产占用情况",
                                                "（四）预算绩效管理工作开展情况。"]


WIDE_BODY = ("某某局2026年一般公共预算财政拨款支出预算为一百二十万元，主要用于保障机关日常运转和\n"
             "履行职能的各项支出，与上年预算相比增加二万元，主要原因是人员经费有所增加所致，特此\n"
             "说明。本部门将进一步加强预算管理，严格执行预算，提高资金使用效益，确保各项工作任\n"
             "务顺利完成，并按规定做好预算公开工作，接受社会监督，切实提高财政资金的使用效益。\n") * 3


def test_a_numbered_line_that_goes_on_overleaf_into_an_amount_is_a_paragraph():
    # the line breaks off at the page edge mid-word; overleaf it carries on into "…万元，…"
    text = ("五、财政拨款支出预算情况说明\n" + WIDE_BODY + "（二）社会保障和就业（类）\n"
            "1．行政事业单位离退休（类）未归口管理的行政单位离退休人员管理机构支出离\n\f- 12 -\n"
            "休支出（项）20.00万元，与上年相比增加1.00万元，主要原因是离休人员增加。\n" + WIDE_BODY
            + "六、财政拨款基本支出预算情况说明\n" + WIDE_BODY)
    assert [h for _, h in _headings(text)] == ["五、财政拨款支出预算情况说明", "（二）社会保障和就业（类）",
                                                "六、财政拨款基本支出预算情况说明"]


def test_a_contents_page_without_its_title_lists_no_headings():
    # the 目录 title was lost (an image, a header the reader dropped): the entries, titles with
    # nothing under any of them that stand again in the body, are still not headings
    contents = ("第一部分 某某局概况\n一、主要职能\n二、机构设置\n第二部分 2026年部门预算情况说明\n"
                "一、收支预算总体情况说明\n第三部分 名词解释\n\f")
    body = ("第一部分 某某局概况\n一、主要职能\n" + BODY + "二、机构设置\n" + BODY
            + "第二部分 2026年部门预算情况说明\n一、收支预算总体情况说明\n" + BODY + "第三部分 名词解释\n" + BODY)
    titles = [h for _, h in _headings(body)]
    assert titles == ["第一部分 某某局概况", "一、主要职能", "二、机构设置", "第二部分 2026年部门预算情况说明",
                      "一、收支预算总体情况说明", "第三部分 名词解释"]
    assert _headings(contents + body) == [(level, text) for level, text in _headings(body)]


def test_a_run_of_titles_that_do_not_recur_is_not_taken_for_contents():
    text = "第一部分 某某局概况\n一、主要职能\n（一）机构设置\n1.内设机构\n" + BODY + "第二部分 名词解释\n" + BODY
    assert len(_headings(text)) == 5
