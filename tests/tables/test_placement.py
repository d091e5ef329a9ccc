"""Short PDF rows (empty cells dropped) placed by the table's own sums; the expected columns are
written by reading the tables below."""
from nlp.tables import find_tables
from nlp.tables.closure import check

# 20807 and its 项 have only 项目支出 (基本支出 empty); 20805 only 基本支出: both rows print two
# equal numbers, so only the sums tell which column the second one is in.
DROPPED = (
    "部门支出预算总表\n"
    "单位：元\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "合计 5,000,000 3,010,000 1,990,000\n"
    "208 社会保障和就业支出 5,000,000 3,010,000 1,990,000\n"
    "20805 行政事业单位养老支出 3,010,000 3,010,000\n"
    "2080501 行政单位离退休 3,010,000 3,010,000\n"
    "20807 就业补助 1,990,000 1,990,000\n"
    "2080799 其他就业补助支出 1,990,000 1,990,000\n"
)


def _placed(table):
    return {(r.code or r.item): {table.columns[c.column]: (c.written, c.inferred) for c in r.cells}
            for r in table.rows}


def test_short_rows_are_placed_by_the_sums_and_marked_inferred():
    [table] = find_tables(DROPPED)
    placed = _placed(table)
    assert placed["20807"] == {"合计": ("1,990,000", True), "项目支出": ("1,990,000", True)}
    assert placed["2080799"] == {"合计": ("1,990,000", True), "项目支出": ("1,990,000", True)}
    assert placed["20805"] == {"合计": ("3,010,000", True), "基本支出": ("3,010,000", True)}
    assert placed["208"] == {"合计": ("5,000,000", False), "基本支出": ("3,010,000", False),
                             "项目支出": ("1,990,000", False)}


def test_closure_counts_rows_with_inferred_cells_apart():
    result = check(find_tables(DROPPED)[0])
    assert result.closes
    # parents: 208 (over 20805, 20807), 20805, 20807, 合计 (over 208) and the 6 rows' 合计 = 基本 + 项目
    assert result.parents == 4 + 6
    # read only: 合计 over 208, and 合计 = 基本 + 项目 on the 合计 and 208 rows; the rest involve a placed cell
    assert result.inferred == result.parents - 3


def test_sums_that_do_not_decide_leave_the_numbers_from_the_left():
    # no parent, no children: nothing says whether 7,000 is 基本支出 or 项目支出
    alone = DROPPED.split("合计 5,000,000")[0] + "2299999 其他支出 7,000 7,000\n"
    [table] = find_tables(alone)
    assert _placed(table)["2299999"] == {"合计": ("7,000", True), "基本支出": ("7,000", True)}


def test_clean_text_cells_are_never_inferred():
    clean = ("部门支出预算总表\n单位：元\n\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
             "\t20807\n\t就业补助\n\t1,990,000\n\t\n\t1,990,000\n")
    [table] = find_tables(clean)
    assert _placed(table)["20807"] == {"合计": ("1,990,000", False), "项目支出": ("1,990,000", False)}


def test_row_number_column_is_not_a_value_and_a_year_header_is_not_a_row():
    text = ("收入支出决算总表\n部门：某局 单位：万元\n2019 年决算\n收入 支出\n"
            "项 目 行次 决算数 项 目 行次 决算数\n"
            "一、一般公共预算财政拨款收入 1 1668.14 一、一般公共服务支出 27 0.00\n"
            "本年收入合计 2 1668.14 本年支出合计 28 1668.14\n")
    [table] = find_tables(text)
    assert table.columns == ("收入/决算数", "支出/决算数")
    values = [(r.item, [c.written for c in r.cells]) for r in table.rows]
    assert values == [("一、一般公共预算财政拨款收入", ["1668.14"]), ("一、一般公共服务支出", ["0.00"]),
                      ("本年收入合计", ["1668.14"]), ("本年支出合计", ["1668.14"])]


def test_a_family_too_large_to_enumerate_is_placed_by_reachable_sums():
    # twelve 302 rows of two equal numbers under 合计 / 人员经费 / 公用经费; only the total row says
    # 302 is 公用经费 (7.00 + 3.00 = 10.00 and 78.00 = 302), and so are all its children
    children = "".join(f"302{k:02d} 某某费{k} {k}.00 {k}.00\n" for k in range(1, 13))
    text = ("一般公共预算基本支出表\n单位：万元\n科目编码 科目名称 合计 人员经费 公用经费\n"
            "301 工资福利支出 7.00 7.00\n30101 基本工资 7.00 7.00\n"
            "302 商品和服务支出 78.00 78.00\n" + children +
            "合计 85.00 7.00 78.00\n")
    [table] = find_tables(text)
    placed = _placed(table)
    assert placed["301"]["人员经费"] == ("7.00", True)
    assert placed["302"]["公用经费"] == ("78.00", True)
    assert all(set(placed[f"302{k:02d}"]) == {"合计", "公用经费"} for k in range(1, 13))


def test_three_public_row_leaves_the_vehicle_purchase_empty_when_the_sums_cannot_tell():
    text = ("财政拨款“三公”经费支出表\n单位：万元\n合计 因公出国（境）费\n公务用车购置及运行费\n公务接待费\n"
            "小计\n公务用车\n购置费\n公务用车\n运行费\n10.00 6.00 3.00 3.00 1.00\n")
    [table] = find_tables(text)
    [row] = table.rows
    assert {table.columns[c.column]: c.written for c in row.cells} == {
        "合计": "10.00", "因公出国（境）费": "6.00", "公务用车购置及运行费/小计": "3.00",
        "公务用车购置及运行费/公务用车运行费": "3.00", "公务接待费": "1.00"}


def test_sources_of_funds_with_their_total_last():
    text = ("政府采购支出表\n单位：万元\n资金来源\n采购品目 一般公共预算资金 政府性基金 其他资金 总计\n"
            "合计 3.00 3.00\n货物 3.00 3.00\n")
    [table] = find_tables(text)
    assert _placed(table)["合计"] == {"一般公共预算资金": ("3.00", True), "总计": ("3.00", True)}


def test_a_summary_tables_lines_placed_by_their_total():
    # 一、 and 二、 print two equal numbers: the 支出总计 line says both are 项目支出
    text = ("部门收支预算总表\n单位：元\n本年收入 本年支出\n项目 预算数 项目 预算数\n合计 基本支出\n项目支出\n"
            "人员经费 公用经费\n"
            "一、财政拨款收入 500 一、一般公共服务支出 300 300\n"
            "二、教育支出 200 200\n"
            "收入总计 500 支出总计 500 0 0 500\n")
    [table] = find_tables(text)
    assert table.columns[1:] == ("支出/预算数/合计", "支出/预算数/基本支出/人员经费", "支出/预算数/基本支出/公用经费",
                                 "支出/预算数/项目支出")
    placed = _placed(table)
    assert placed["一、一般公共服务支出"] == {"支出/预算数/合计": ("300", True), "支出/预算数/项目支出": ("300", True)}
    assert placed["二、教育支出"] == {"支出/预算数/合计": ("200", True), "支出/预算数/项目支出": ("200", True)}
