"""Tables parsed from both text shapes; the expectations are written by reading the tables."""
from decimal import Decimal

from nlp.tables import find_tables
from nlp.tables.closure import check

PDF_SHAPE = (
    "2024年部门支出预算总表\n"
    "编制部门：某某街道办事处 单位：万元\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "合计 30.50 20.00 10.50\n"
    "201 一般公共服务支出 30.50 20.00 10.50\n"
    "20103 政府办公厅（室）及相关机构事务 30.50 20.00 10.50\n"
    "2010301 行政运行 20.00 20.00 0.00\n"
    "其他政府办公厅（室）及相关\n"
    "2010399 10.50 0.00 10.50\n"
    "机构事务支出\n"
    "注：本表反映部门支出。\n"
)


def _cells(row, table):
    return {table.columns[c.column]: c.written for c in row.cells}


def test_pdf_shape_rows_codes_columns_and_wrapped_name():
    [table] = find_tables(PDF_SHAPE)
    assert table.title == "2024年部门支出预算总表"
    assert table.kind == "支出总表"
    assert table.unit == "万元"
    assert table.columns == ("合计", "基本支出", "项目支出")
    rows = [(r.code, r.level, r.item) for r in table.rows]
    assert rows == [(None, None, "合计"), ("201", "类", "一般公共服务支出"),
                    ("20103", "款", "政府办公厅（室）及相关机构事务"), ("2010301", "项", "行政运行"),
                    ("2010399", "项", "其他政府办公厅（室）及相关机构事务支出")]
    assert _cells(table.rows[3], table) == {"合计": "20.00", "基本支出": "20.00", "项目支出": "0.00"}
    for row in table.rows:
        for cell in row.cells:
            assert PDF_SHAPE[cell.start:cell.end] == cell.written


def test_pdf_shape_closes():
    result = check(find_tables(PDF_SHAPE)[0])
    assert result.closes
    # parents: 201 (over 20103), 20103 (over two 项), 合计 (over 201), and 合计 = 基本 + 项目 on 5 rows
    assert result.parents == 3 + 5


def test_a_gap_is_reported_with_its_size():
    broken = PDF_SHAPE.replace("2010301 行政运行 20.00 20.00 0.00", "2010301 行政运行 19.00 19.00 0.00")
    result = check(find_tables(broken)[0])
    assert not result.closes
    gaps = {(g.check, g.row, g.column): g.difference for g in result.gaps}
    assert gaps[("children", "20103", "合计")] == Decimal("1.00")
    assert gaps[("children", "20103", "基本支出")] == Decimal("1.00")


SPACED_CODES = (
    "部门一般公共预算支出功能分类预算表\n"
    "编制部门：某某街道办事处 \t单位：元\n"
    "功能分类科目编码\n"
    "功能分类科目名称 \t合计 \t基本支出 \t项目支出\n"
    "类 \t款 \t项\n"
    "208 \t社会保障和就业支出 \t1,200 \t1,000 \t200\n"
    "208 \t05 \t行政事业单位养老支出 \t1,200 \t1,000 \t200\n"
    "208 \t05 \t05 \t机关事业单位基本养老保险缴费支出 \t1,200 \t1,000 \t200\n"
)


def test_spaced_codes_are_joined():
    [table] = find_tables(SPACED_CODES)
    assert [r.code for r in table.rows] == ["208", "20805", "2080505"]
    assert table.rows[2].value(0) == Decimal("1200")
    assert check(table).closes


CLEAN_SHAPE = (
    "“三公”经费支出表\n"
    "\t单位：万元\n"
    "\n"
    "\t项目\n"
    "\t合计\n"
    "\t因公出国（境）费\n"
    "\t公务接待费\n"
    "\n"
    "\t预算数\n"
    "\t5.20\n"
    "\t\n"
    "\t5.20\n"
)


def test_clean_shape_keeps_empty_cells_in_their_column():
    [table] = find_tables(CLEAN_SHAPE)
    assert table.kind == "三公经费表"
    assert table.columns == ("合计", "因公出国（境）费", "公务接待费")
    [row] = table.rows
    assert row.item == "预算数"
    assert _cells(row, table) == {"合计": "5.20", "公务接待费": "5.20"}


SIDE_BY_SIDE = (
    "收入支出决算总表\n"
    "单位：万元\n"
    "收入 支出\n"
    "项目 决算数 项目 决算数\n"
    "一、一般公共预算财政拨款收入 100.00 一、一般公共服务支出 60.00\n"
    "二、政府性基金预算财政拨款收入 二、外交支出\n"
    "三、国防支出 40.00\n"
    "本年收入合计 100.00 本年支出合计 100.00\n"
)


def test_side_by_side_is_two_column_groups():
    [table] = find_tables(SIDE_BY_SIDE)
    assert table.kind == "收支总表"
    assert table.columns == ("收入/决算数", "支出/决算数")
    by_item = {r.item: (r.group, _cells(r, table)) for r in table.rows}
    assert by_item["一、一般公共预算财政拨款收入"] == (0, {"收入/决算数": "100.00"})
    assert by_item["一、一般公共服务支出"] == (1, {"支出/决算数": "60.00"})
    assert by_item["二、政府性基金预算财政拨款收入"] == (0, {})
    assert by_item["三、国防支出"] == (1, {"支出/决算数": "40.00"})
    assert by_item["本年支出合计"] == (1, {"支出/决算数": "100.00"})


# ---- shapes met on real PDF-extracted tables (made-up numbers; expectations by reading) ---------

TWO_PART_ECONOMIC = (
    "基本支出决算表\n"
    "单位：万元\n"
    "科目编码 科目名称 决算数 科目编码 科目名称 决算数\n"
    "301 工资福利支出 15.00 302 商品和服务支出 4.00\n"
    "301 01基本工资 10.00 302 01 办公费 3.00\n"
    "30102 津贴补贴 5.00 30205 水费 1.00\n"
    "30303 退职（役）费 30206 电费 0.00\n"
    "公务用车运行维\n"
    "30310 个人农业生产补贴 30231 2.50\n"
    "护费\n"
)


def test_the_right_hand_part_of_an_economic_table():
    [table] = find_tables(TWO_PART_ECONOMIC)
    assert table.columns == ("决算数", "决算数")
    rows = {(r.code, r.group): (r.item, [c.written for c in r.cells]) for r in table.rows}
    assert rows[("301", 0)] == ("工资福利支出", ["15.00"])
    assert rows[("302", 1)] == ("商品和服务支出", ["4.00"])
    assert rows[("30101", 0)] == ("基本工资", ["10.00"])        # 301 01基本工资: the part glued to its name
    assert rows[("30201", 1)] == ("办公费", ["3.00"])
    assert rows[("30205", 1)] == ("水费", ["1.00"])
    assert rows[("30303", 0)] == ("退职（役）费", [])             # empty cell: the right part still opens
    assert rows[("30206", 1)] == ("电费", ["0.00"])
    assert rows[("30310", 0)] == ("个人农业生产补贴", [])
    assert rows[("30231", 1)][1] == ["2.50"]                      # its name wrapped around the line


def test_bracketed_codes_and_a_code_row_waiting_for_its_numbers():
    text = ("一般公共预算支出情况表（按功能分类科目）\n单位：万元\n科目 小计 基本支出 项目支出\n"
            "[201]一般公共服务支出 3.00 2.00 1.00\n"
            "208 05 05 机关事业单位基本养老保险\n"
            "缴费支出 1.50 1.50 0.00\n")
    [table] = find_tables(text)
    assert [(r.code, r.item) for r in table.rows] == [("201", "一般公共服务支出"),
                                                     ("2080505", "机关事业单位基本养老保险缴费支出")]
    code = table.rows[0]
    assert text[code.start:code.start + 1] == "["     # the row starts at the bracket; the code cell is the digits
    assert [c.written for c in table.rows[1].cells] == ["1.50", "1.50", "0.00"]


def test_rows_run_together_on_one_line_are_separate_rows():
    text = ("一般公共预算基本支出表\n单位：万元\n科目编码 科目名称 合计 人员经费 公用经费\n"
            "301 工资福利支出 8.00 8.00\n"
            "12 30201 办公费 1.00 1.00 30205 水费 2.00 2.00 合 计 11.00 8.00 3.00\n")
    [table] = find_tables(text)
    assert [(r.code, r.item.replace(" ", ""), r.group) for r in table.rows] == [
        ("301", "工资福利支出", 0), ("30201", "办公费", 0), ("30205", "水费", 0), (None, "合计", 0)]
    assert table.groups == ((0, 1, 2),)


def test_names_wrapped_before_their_numbers_and_prose_cells_skipped():
    text = ("部门预算项目支出及其他支出预算表\n单位：万元\n"
            "支出项目类别 总计 财政拨款 绩效目标\n"
            "合计 9.00 9.00\n"
            "\u3000\u3000某某信息系统运\n"
            "维项目 5.00 5.00\n"
            "保障系统稳定运行，提升数据质量\n"
            "并按期完成\n"
            "各项任务。\n"
            "\u3000\u3000某某监测中心（某某\n"
            "发展中心） 4.00 4.00\n")
    [table] = find_tables(text)
    assert [r.item for r in table.rows] == ["合计", "某某信息系统运维项目", "某某监测中心（某某发展中心）"]


def test_titles_written_after_their_tables():
    text = ("部门：某某厅 单位：万元\n"
            "科目编码 科目名称 合计\n"
            "201 一般公共服务支出 5.00\n"
            "一般公共预算支出预算表（功能科目）\n"
            "\n"
            "部门：某某厅 单位：万元\n"
            "科目编码 科目名称 合计\n"
            "301 工资福利支出 4.00\n"
            "一般公共预算基本支出预算表（经济科目）\n")
    first, second = find_tables(text)
    assert (first.title, first.kind) == ("一般公共预算支出预算表（功能科目）", "一般公共预算支出功能分类表")
    assert (second.title, second.kind) == ("一般公共预算基本支出预算表（经济科目）", "基本支出经济分类表")


def test_a_code_alone_on_its_line_and_an_ordinal_item_wrapped_before_its_numbers():
    coded = ("收入决算表\n单位：万元\n科目编码 科目名称 本年收入合计 财政拨款收入\n合计 3.00 3.00\n"
             "208\n社会保障和就业支\n出\n3.00 3.00\n")
    [table] = find_tables(coded)
    assert [(r.code, r.item) for r in table.rows] == [(None, "合计"), ("208", "社会保障和就业支出")]
    summary = ("财政拨款收入支出决算总表\n单位：万元\n收入 支出\n项目 行次 金额 项目 行次 合计\n"
               "17 十七、援助其他地区支出 44 0.00\n18\n十八、自然资源海洋气象等\n支出 45 2.00\n"
               "本年收入合计 23 2.00 本年支出合计 50 2.00\n")
    items = [r.item for r in find_tables(summary)[0].rows]
    assert "十八、自然资源海洋气象等支出" in items and "本年收入合计" in items


def test_a_unit_inside_a_header_cell_and_project_names_wrapped_around_prose():
    text = ("七、重点项目预算绩效目标情况\n2026年，本部门重点项目绩效目标情况如下：\n"
            "项目 预算数（单位：万元） 绩效目标\n"
            "某某发展专项资\n金（甲事项） 750\n通过某某措施降低经营\n风险，支持企业发展。\n"
            "某某高质量发展行动——租\n赁服务业项目 400\n推动服务业提质增效。\n"
            "八、其他重要事项\n")
    [table] = find_tables(text)
    assert table.unit == "万元" and table.columns == ("预算数（单位：万元）",)
    assert [(r.item, [c.written for c in r.cells]) for r in table.rows] == [
        ("某某发展专项资金（甲事项）", ["750"]), ("某某高质量发展行动——租赁服务业项目", ["400"])]


def test_a_number_inside_a_name_and_a_part_heading_ending_a_table():
    text = ("政府采购支出表\n单位：万元\n采购品目 采购组织形式 一般公共预算资金 其他资金 总计\n"
            "合计 5.00 5.00\n"
            "市级 12345 热线办公场所\n优化整合搬迁费 办公设备购置 集中采购 3.00 3.00\n"
            "12345 政府公共服务热线\n运行经费 分散采购 2.00 2.00\n"
            "第三部分 2026 年度部门预算情况说明\n一、收支预算总体情况说明\n"
            "某某局 2026 年度收入、支出预算总计 64,090.74 万\n")
    [table] = find_tables(text)
    assert [(r.item.replace(" ", ""), [c.written for c in r.cells]) for r in table.rows] == [
        ("合计", ["5.00", "5.00"]),
        ("市级12345热线办公场所优化整合搬迁费办公设备购置集中采购", ["3.00", "3.00"]),
        ("12345政府公共服务热线运行经费分散采购", ["2.00", "2.00"])]


def test_a_running_header_between_a_name_and_its_numbers_is_no_part_of_the_name():
    page = "某某局 2026 年度部门预算公开\n"
    text = (page + "政府采购支出表\n单位：万元\n采购品目 一般公共预算资金 总计\n合计 1.50 1.50\n"
            "办公费 复印纸 集中采购 0.50 0.50\n\f\n" + page + "定额 印刷费 集中采购 0.50 0.50\n\f\n" + page +
            "\f\n" + page + "办公设备购置\n" + page + "三人沙发 集中采购 0.50 0.50\n")
    [table] = find_tables(text)
    assert [r.item.replace(" ", "") for r in table.rows] == ["合计", "办公费复印纸集中采购", "定额印刷费集中采购",
                                                            "办公设备购置三人沙发集中采购"]


def test_department_codes_are_neither_values_nor_names():
    text = ("收入总表\n单位：万元\n部门代码 部门名称 合计 一般公共预算\n合计 9.00 9.00\n"
            "068 某某局 9.00 9.00\n 068001 某某局（本级） 5.00 5.00\n 068004 某某信息中心（某某数字\n城市运营中心） 4.00 4.00\n")
    [table] = find_tables(text)
    assert [(r.item, [c.written for c in r.cells]) for r in table.rows] == [
        ("合计", ["9.00", "9.00"]), ("某某局", ["9.00", "9.00"]), ("某某局（本级）", ["5.00", "5.00"]),
        ("某某信息中心（某某数字城市运营中心）", ["4.00", "4.00"])]
