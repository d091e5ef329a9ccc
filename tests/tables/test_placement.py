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
