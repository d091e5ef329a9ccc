"""Titles under the unit line, header cells as written, spanning header cells (nlp.tables.header); made-up tables,
expectations written by reading them."""
from nlp.tables import find_tables, table_kind

UNIT_ABOVE_TITLE = (
    "单位名称：某某局 单位：万元\n"
    "表3\n"
    "本年支出总体情况表\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "201 一般公共服务支出 12.00 10.00 2.00\n"
    "注：无。\n"
    "单位名称：某某局 单位：万元\n"
    "表4\n"
    "一般公共预算基本支出情况表（按经济分类科目）\n"
    "经济科目 预算\n"
    "301 工资福利支出 10.00\n"
    "注：无。\n"
)


def test_a_title_under_the_unit_line_and_its_note():
    first, second = find_tables(UNIT_ABOVE_TITLE)
    assert first.title == "本年支出总体情况表"
    assert first.kind == "支出总表"
    assert first.columns == ("合计", "基本支出", "项目支出")
    assert second.title == "一般公共预算基本支出情况表（按经济分类科目）"
    assert second.kind == "基本支出经济分类表"
    assert second.columns == ("预算",)
    assert [r.code for r in second.rows] == ["301"]


def test_kinds_of_titles():
    assert table_kind("收支总体情况表") == "收支总表"
    assert table_kind("财政拨款收支总体情况表") == "财政拨款收支总表"
    assert table_kind("一般公共预算支出表（按经济分类）") == "基本支出经济分类表"
    assert table_kind("一般公共预算项目支出情况表（按经济分类科目）") is None
    assert table_kind("一般公共预算机关运行经费支出预算表") == "机关运行经费表"


YEAR_AND_GLUED = (
    "收支总表\n"
    "部门名称：某某局 单位：万元\n"
    "收 入 支 出\n"
    "项 目 2026 年预算数 项 目 2026 年预算数\n"
    "一、财政拨款 8.00 一、一般公共服务支出 8.00\n"
    "收入总计 8.00 支出总计 8.00\n"
    "注：无。\n"
    "收入预算总表\n"
    "编制单位：某某单位 单位：元\n"
    "科目编码 科目名称 合计 财政拨款收入事业收入事业单位\n"
    "经营收入其他收入\n"
    "201 一般公共服务支出 900 700 100 0 100\n"
)


def test_header_cells_as_written_year_kept_and_glued_cells_split():
    totals, income = find_tables(YEAR_AND_GLUED)
    assert totals.columns == ("收入/2026年预算数", "支出/2026年预算数")
    assert income.columns == ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")


BASIC_OVER_PARTS = (
    "财政拨款支出表（功能科目）\n"
    "部门：某某局 单位：万元\n"
    "基本支出\n"
    "科目编码 科目名称 合计\n"
    "小计 人员经费 公用经费\n"
    "项目支出\n"
    "201 一般公共服务支出 15.00 10.00 8.00 2.00 5.00\n"
    "注：无。\n"
    "公开 06 表\n"
    "财政拨款基本支出表（经济科目）\n"
    "部门：某某局 单位：万元\n"
    "科目编码 科目名称 合计 人员经费 公用经费\n"
    "301 工资福利支出 8.00 8.00 0.00\n"
)


def test_basic_spending_spans_its_parts_and_a_table_number_is_no_row():
    spending, economic = find_tables(BASIC_OVER_PARTS)
    assert spending.columns == ("合计", "基本支出/小计", "基本支出/人员经费", "基本支出/公用经费", "项目支出")
    assert [r.item for r in spending.rows] == ["一般公共服务支出"]
    assert economic.title == "财政拨款基本支出表（经济科目）"


def _columns_of(text):
    [table] = find_tables(text)
    return table.columns


def test_a_budget_year_cell_over_the_columns():
    text = ("一般公共预算基本支出表\n单位：万元\n部门预算支出经济分类科目 2026 年基本支出\n"
            "科目编码 科目名称 合计 人员经费 公用经费\n301 工资福利支出 5.00 5.00 0.00\n")
    assert _columns_of(text) == ("2026年基本支出/合计", "2026年基本支出/人员经费", "2026年基本支出/公用经费")


def test_parent_cells_over_sub_columns_on_the_next_line():
    # the extraction writes the upper line's cells first, then the lower line's
    text = ("部门预算基本支出预算表\n单位：万元\n"
            "支出项目类别 总计 财政拨款 财政专户拨款 其他资金 合计 一般公共预算 政府性基金预算 国有资本经营预算\n"
            "合计 7.00 5.00 5.00 0.00 0.00 1.00 1.00\n")
    assert _columns_of(text) == ("总计", "财政拨款/合计", "财政拨款/一般公共预算", "财政拨款/政府性基金预算",
                                 "财政拨款/国有资本经营预算", "财政专户拨款", "其他资金")


def test_a_total_extracted_after_the_parents_goes_first():
    text = ("项目支出总表\n单位：万元\n2026 年预算\n支出项目类别 财政拨款 单位资金\n"
            "总计 一般公共预算拨款 政府性基金预算拨款 事业收入 其他收入\n"
            "某某项目 6.00 5.00 0.00 0.00 1.00\n")
    assert _columns_of(text) == ("2026年预算/总计", "2026年预算/财政拨款/一般公共预算拨款",
                                 "2026年预算/财政拨款/政府性基金预算拨款", "2026年预算/单位资金/事业收入",
                                 "2026年预算/单位资金/其他收入")


def test_header_cells_wrapped_inside_their_columns():
    text = ("财政拨款收入支出决算总表\n单位：万元\n收入 支出\n"
            "一般公共 政府性基\n"
            "项目 决算数 项目 合计 预算财政 金预算财\n"
            "拨款 政拨款\n"
            "一、一般公共预算财政拨款 9.00 一、一般公共服务支出 9.00 9.00 0.00\n")
    assert _columns_of(text) == ("收入/决算数", "支出/合计", "支出/一般公共预算财政拨款", "支出/政府性基金预算财政拨款")


def test_carry_over_columns_of_a_government_fund_table():
    text = ("政府性基金预算财政拨款收入支出决算表\n单位：万元\n"
            "项目 年初结转和结余 本年收入 本年支出 年末结转和结余\n"
            "科目编码 科目名称 小计 基本支出 项目支出\n"
            "合计 1.00 2.00 2.00 0.00 2.00 1.00\n")
    [table] = find_tables(text)
    assert table.kind == "政府性基金支出表"
    assert table.columns == ("年初结转和结余", "本年收入", "本年支出/小计", "本年支出/基本支出",
                             "本年支出/项目支出", "年末结转和结余")


def test_three_public_vehicle_columns_where_the_sums_put_them():
    # national order (vehicle after 因公出国), its cell extracted on a line above the others
    national = ("“三公”经费支出表\n单位：万元\n公务用车购置及运行维护费\n"
                "“三公”经费合计 因公出国（境）费\n小计 公务用车购置费 公务用车运行维护费\n公务接待费\n"
                "5.00 1.00 3.00 0.00 3.00 1.00\n")
    assert _columns_of(national) == ("“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费/小计",
                                     "公务用车购置及运行维护费/公务用车购置费",
                                     "公务用车购置及运行维护费/公务用车运行维护费", "公务接待费")
    # a template with 公务接待费 before the vehicle: the sums keep the written order
    reception_first = ("“三公”经费预算表\n单位：万元\n合计 因公出国(境)费 公务接待费\n"
                       "公务用车购置及运行费\n小计 购置费 运行费\n6.00 0.00 2.00 4.00 1.00 3.00\n")
    assert _columns_of(reception_first) == ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费/小计",
                                            "公务用车购置及运行费/购置费", "公务用车购置及运行费/运行费")


def test_the_central_template_comparison_table_with_percentage_cells():
    text = ("一般公共预算支出表\n单位：万元\n功能分类科目 2025 年执行数 2026 年预算数\n"
            "2026 年预算数比\n2025 年执行数\n"
            "科目编码 科目名称 执行数 年初预算数 增减额 增减(%)\n小计 基本支出 项目支出\n"
            "201 一般公共服务支出 10.00 12.00 8.00 4.00 2.00 20.00%\n"
            "2010101 行政运行 10.00 12.00 8.00 4.00 2.00 20.00%\n")
    from nlp.pipeline import tag_text
    from nlp.tables.facts import facts_of

    [table] = find_tables(text)
    assert table.columns == ("执行数", "年初预算数/小计", "年初预算数/基本支出", "年初预算数/项目支出", "增减额", "增减(%)")
    percent = [f for f in facts_of(tag_text(text)) if f.column == "增减(%)"]
    assert [(f.written, f.value, f.unit) for f in percent] == [("20.00", 20, "%"), ("20.00", 20, "%")]
    assert text[percent[0].start:percent[0].end + 1] == "20.00%"


def test_a_final_accounts_three_public_table_budget_and_actual_per_column():
    # the roles written under every column; 因公出国 and 购置费 empty, so 8 numbers for 12 columns
    text = ("财政拨款“三公”经费支出决算表\n单位：万元\n财政拨款“三公”经费\n公务用车购置及运行维护费\n"
            "因公出国\n合计 公务用车 公务用车 公务接待费\n（境）费 小计\n购置费 运行维护费\n"
            + "预算数 决算数 " * 6 + "\n"
            "12.00 9.00 10.00 8.00 10.00 8.00 2.00 1.00\n")
    [table] = find_tables(text)
    [row] = table.rows
    cells = {table.columns[c.column]: c.written for c in row.cells}
    assert cells == {"合计/预算数": "12.00", "合计/决算数": "9.00",
                     "公务用车购置及运行维护费/小计/预算数": "10.00", "公务用车购置及运行维护费/小计/决算数": "8.00",
                     "公务用车购置及运行维护费/运行维护费/预算数": "10.00",
                     "公务用车购置及运行维护费/运行维护费/决算数": "8.00",
                     "公务接待费/预算数": "2.00", "公务接待费/决算数": "1.00"}


def test_budget_and_actual_halves_and_the_column_number_row():
    text = ("“三公”经费支出决算表\n单位：万元\n预算数 决算数\n"
            "合计 因公出国（境）费 公务用车购置及运行费 公务接待费 合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n"
            "小计 购置费 运行费 小计 购置费 运行费\n"
            "1 2 3 4 5 6 7 8 9 10 11 12\n"
            "3.00 1.00 2.00 0.00 2.00 0.00 2.50 0.50 2.00 0.00 2.00 0.00\n")
    [table] = find_tables(text)
    [row] = table.rows          # the 1 … 12 row numbers the columns: no row of its own
    cells = {table.columns[c.column]: c.written for c in row.cells}
    assert cells["预算数/合计"] == "3.00" and cells["决算数/合计"] == "2.50"
    assert cells["决算数/公务用车购置及运行费/运行费"] == "2.00"
    assert len(cells) == 12


def test_a_last_header_cell_wrapped_onto_the_next_line():
    text = ("支出决算表\n单位：万元\n项目\n本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助\n"
            "功能分类 支出\n科目编码 科目名称\n合计 3.00 2.00 1.00 0.00 0.00 0.00\n")
    assert _columns_of(text) == ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


def test_a_three_public_table_split_by_fund_with_the_vehicle_cell_on_a_line_above():
    funds = "一般公共预算 政府性基金预算 国有资本经营预算 "
    text = ("财政拨款“三公”经费支出表\n单位：万元\n公务用车购置及运行维护费\n总计 因公出国(境)费 公务接待费\n"
            "预算单位 年度 小计 公务用车购置费 公务用车运行维护费\n" + funds * 6 + "\n"
            "某某局 2026 年 " + "6.00 0.00 0.00 1.00 0.00 0.00 2.00 0.00 0.00 3.00 0.00 0.00 "
            "0.00 0.00 0.00 3.00 0.00 0.00\n")
    [table] = find_tables(text)
    [row] = table.rows
    cells = {table.columns[c.column]: c.written for c in row.cells}
    assert row.item == "某某局 2026 年"          # the year is a word of the row's name, not a value
    assert cells["总计/一般公共预算"] == "6.00" and cells["公务接待费/一般公共预算"] == "2.00"
    assert cells["公务用车购置及运行维护费/小计/一般公共预算"] == "3.00"
    assert cells["公务用车购置及运行维护费/公务用车运行维护费/一般公共预算"] == "3.00"
    assert len(cells) == 18
