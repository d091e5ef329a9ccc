"""Fact rows, document facts and the generated-table round trip (hypothesis)."""
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from nlp.paragraphs.rules import label_paragraph
from nlp.pipeline import tag_text
from nlp.tables import find_tables
from nlp.tables.closure import check
from nlp.tables.facts import facts_of
from nlp.tables.metadata import document_facts

TABLE = (
    "上海市某区2024年区级部门预算\n"
    "预算主管部门：上海市某区人民政府某某街道办事处\n\n"
    "部门支出预算总表\n"
    "单位：万元\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "201 一般公共服务支出 12.50 0.00 12.50\n"
    "2010301 行政运行 12.50 0.00 12.50\n"
    "注：本表为示例。\n"
    "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为1560.05万元，"
    "支出决算为1511.89万元。\n"
)


def _facts(text):
    return list(facts_of(tag_text(text, "t", labeller=label_paragraph)))


def test_table_and_sentence_facts_by_reading():
    facts = _facts(TABLE)
    table = [(f.code, f.column, f.value, f.unit) for f in facts if f.source == "table"]
    assert table == [("201", "合计", Decimal("125000"), "万元"), ("201", "基本支出", Decimal("0"), "万元"),
                     ("201", "项目支出", Decimal("125000"), "万元"),
                     ("2010301", "合计", Decimal("125000"), "万元"), ("2010301", "基本支出", Decimal("0"), "万元"),
                     ("2010301", "项目支出", Decimal("125000"), "万元")]
    text = [(f.code, f.level, f.item, f.column, f.value) for f in facts if f.source == "text"]
    assert text == [("2010301", "项", "行政运行", "年初预算", Decimal("15600500")),
                    ("2010301", "项", "行政运行", "支出决算", Decimal("15118900"))]
    for fact in facts:
        assert fact.department == "上海市某区人民政府某某街道办事处"
        assert (fact.fiscal_year, fact.doc_kind) == (2024, "预算")
        assert TABLE[fact.start:fact.end] == fact.written
        assert Decimal(fact.written.replace(",", "")) * (10000 if fact.unit == "万元" else 1) == fact.value


def test_document_facts_null_where_the_text_does_not_say():
    assert document_facts("一、部门主要职能\n负责本区工作。") == (None, None, None, None)
    about = document_facts("2020年度\n乐山高新区党工委办公室\n部门决算\n目录")
    assert about == ("乐山高新区党工委办公室", 2020, "决算", "部门")


# ---- a generated functional table parses back to the same facts and closes --------------------

_amounts = st.integers(min_value=0, max_value=10**8)


@st.composite
def functional_tables(draw):
    """(rows, unit): rows of (code, name, 合计, 基本, 项目) with amounts in cents that add up."""
    rows = []
    for lei in draw(st.lists(st.integers(201, 234), min_size=1, max_size=3, unique=True)):
        kuans = []
        for kuan in draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)):
            xiangs = [(f"{lei}{kuan:02d}{x:02d}", draw(_amounts), draw(_amounts))
                      for x in draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True))]
            kuans.append((f"{lei}{kuan:02d}", xiangs))
        rows.append((str(lei), kuans))
    flat = []
    for lei, kuans in rows:
        sums = [sum(b for _, xs in kuans for _, b, _ in xs), sum(p for _, xs in kuans for _, _, p in xs)]
        flat.append((lei, sums))
        for kuan, xiangs in kuans:
            flat.append((kuan, [sum(b for _, b, _ in xiangs), sum(p for _, _, p in xiangs)]))
            flat += [(code, [b, p]) for code, b, p in xiangs]
    names = draw(st.lists(st.text("款项支出事务管理运行其他服务", min_size=2, max_size=14),
                          min_size=len(flat), max_size=len(flat)))
    wraps = draw(st.lists(st.booleans(), min_size=len(flat), max_size=len(flat)))
    breaks = draw(st.lists(st.booleans(), min_size=len(flat), max_size=len(flat)))
    return [(code, name, b + p, b, p, wrap, page) for (code, (b, p)), name, wrap, page
            in zip(flat, names, wraps, breaks)]


def _money(cents):
    return f"{cents // 100:,}.{cents % 100:02d}"


def _pdf_text(rows):
    lines = ["一般公共预算支出功能分类预算表", "单位：万元", "科目编码 科目名称 合计 基本支出 项目支出"]
    for code, name, total, basic, project, wrap, page in rows:
        numbers = " ".join(_money(v) for v in (total, basic, project))
        if wrap and len(name) > 3:     # the name centred around the code line, as extractors do
            lines += [name[:3], f"{code} {numbers}", name[3:]]
        else:
            lines.append(f"{code} {name} {numbers}")
        if page:
            lines += ["\f", "7"]
    return "\n".join(lines) + "\n"


def _clean_text(rows):
    blocks = ["一般公共预算支出功能分类预算表\n\t单位：万元",
              "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出"]
    for code, name, total, basic, project, _, _ in rows:
        blocks.append("\n".join(f"\t{cell}" for cell in (code, name, _money(total), _money(basic), _money(project))))
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=40, deadline=None)
@given(functional_tables(), st.booleans())
def test_generated_functional_table_round_trips_and_closes(rows, clean):
    text = _clean_text(rows) if clean else _pdf_text(rows)
    [table] = find_tables(text)
    assert table.columns == ("合计", "基本支出", "项目支出")
    expected = [(code, name, tuple(Decimal(v) / 100 for v in (total, basic, project)))
                for code, name, total, basic, project, _, _ in rows]
    got = [(r.code, r.item, tuple(c.value for c in r.cells)) for r in table.rows]
    assert got == expected
    assert check(table).closes
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.start:cell.end] == cell.written
