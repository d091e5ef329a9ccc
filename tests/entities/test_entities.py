"""The entity tagger (nlp.entities): golden phrases per pattern family, the PDF-extracted
disclosures read at run time, and properties that must hold for any text."""
import time
from decimal import Decimal

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, PDF_TEXT
from nlp.entities import find_entities
from nlp.model import ENTITY_LABELS



def found(text, label=None):
    """(label, text, attrs) of every entity, optionally of one label only."""
    return [(e.label, e.text, dict(e.attrs)) for e in find_entities(text) if label in (None, e.label)]


def spans(text, label):
    return [e.text for e in find_entities(text) if e.label == label]


# ---- AMOUNT ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # running text of the seeds
        ("收入包括：一般公共预算拨款收入2692.36万元，总收入2692.36万元；",
         [("2692.36万元", 26923600, "万元"), ("2692.36万元", 26923600, "万元")]),
        ("农林水支出2.05万元、住房保障支出46.37万元。", [("2.05万元", 20500, "万元"), ("46.37万元", 463700, "万元")]),
        ("社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）2024年预算数为0.98万元",
         [("0.98万元", 9800, "万元")]),
        ("其中：因公出国（境）经费0万元，公务接待费4万元", [("0万元", 0, "万元"), ("4万元", 40000, "万元")]),
        ("党支部在国家扶贫日捐款1210元，在抗击“8·18”特大洪涝灾害中捐款1155元。",
         [("1210元", 1210, "元"), ("1155元", 1155, "元")]),
        ("\t预算数:\n\t326.43万元\n", [("326.43万元", 3264300, "万元")]),
        # comparators, thresholds and rates stay outside
        ("\t不超过30万元\n", [("30万元", 300000, "万元")]),
        ("\t不超过6.5万元（由市政府办统一采购）\n", [("6.5万元", 65000, "万元")]),
        ("单位价值200万元以上大型设备0台（套）。", [("200万元", 2000000, "万元")]),
        ("\t每户1000元以上\n", [("1000元", 1000, "元")]),
        ("\t1200元/月\n", [("1200元", 1200, "元")]),
        # template fill-ins (seed 004): gaps inside, leading underscores and spaces outside
        ("收入预算总额为 462.48    万元,较上年预算安排增加  60.02   万元;",
         [("462.48    万元", 4624800, "万元"), ("60.02   万元", 600200, "万元")]),
        ("支出预算总额为_462.48_万元,较上年", [("462.48_万元", 4624800, "万元")]),
        ("对个人和家庭的补助_1.79_万元,资本性支出 1.2万元。", [("1.79_万元", 17900, "万元"), ("1.2万元", 12000, "万元")]),
        ("科学技术支出__0_万元,较上年预算安排增加  0 万元;", [("0_万元", 0, "万元"), ("0 万元", 0, "万元")]),
        ("事业单位经营收入  0万元,较上年预算安排增加_0万元;", [("0万元", 0, "万元"), ("0万元", 0, "万元")]),
        # PDF shapes (SPEC §1): separators, a space before the unit, a unit split by a line break
        ("收入预算19,044.27 万元，", [("19,044.27 万元", 190442700, "万元")]),
        ("比上年增加\n14,206 万\n元，主要", [("14,206 万\n元", 142060000, "万元")]),
        ("财政拨款收入\n0.00\n万元；", [("0.00\n万元", 0, "万元")]),
        ("合计 \t47,483,458 元\r\n", [("47,483,458 元", 47483458, "元")]),
        ("预算1，234.5万元", [("1，234.5万元", 12345000, "万元")]),
        ("收入，100,000.00万元", [("100,000.00万元", 1000000000, "万元")]),   # the clause comma is not a separator
        # other units, full-width digits, Chinese numerals
        ("安排１２．５万元", [("１２．５万元", 125000, "万元")]),
        ("共计1.5亿元", [("1.5亿元", 150000000, "亿元")]),
        ("约5千元", [("5千元", 5000, "千元")]),
        ("奖励一千二百元整", [("一千二百元", 1200, "元")]),
        ("补助两万元", [("两万元", 20000, "万元")]),
        ("投资三十五万元", [("三十五万元", 350000, "万元")]),
        ("零点五元", []),                      # no multiplier: not read as money
        # the unit is found first and the number read backwards from it
        ("元5元", [("5元", 5, "元")]),
        ("1元元", [("1元", 1, "元")]),
        ("5\r\n元", [("5\r\n元", 5, "元")]),
        ("约5\n千元", [("5\n千元", 5000, "千元")]),
    ],
)
def test_amounts(text, expected):
    assert [(t, a["value"], a["unit"]) for _, t, a in found(text, "AMOUNT")] == [
        (t, Decimal(v), u) for t, v, u in expected
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2020年一般公共预算支出决算数为3569.58，完成",     # a number without a unit
        "\t预算执行情况(万元)\n\t其它资金:\n\t0\n",         # the unit alone; bare table cells
        "\t（万元）\n",
        "公开时间：2021年11月22日",
        "\t2024-1-1至2024-12-31\n",
        "全部补助事业编制人数__19__人",
        "部门现有公务用车7辆，涉及项目16个",
        "\t≥500人次\n",
        "扩大种植规模200亩以上",
        "12345热线办理质效",
        "MERGEFIELD ${page400644146.ds215660413_REP_BGT_T_HC1100002019_DXQ02_XMZCQK}项目支出",
        "坚持一元化领导，破解二元结构",
        "数十万元、上千万元",
        "单位：元\n项目",
        "W060701单元",
        "元",
        "单位：元\n元",
    ],
)
def test_not_amounts(text):
    assert spans(text, "AMOUNT") == []


# ---- PERCENT --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("其中：基本支出678.22万元，占25.19%；项目支出2014.15万元，占74.81%。", [("25.19%", "25.19", None), ("74.81%", "74.81", None)]),
        ("一般公共预算拨款收入2692.36万元，占100%；", [("100%", "100", None)]),
        ("下降5.60%，", [("5.60%", "5.6", None)]),
        ("下降0.015%，", [("0.015%", "0.015", None)]),
        ("完成率100％", [("100％", "100", None)]),
        ("完成率100.00(%)", [("100.00(%)", "100", None)]),
        ("较去年提高百分之二十", [("百分之二十", "20", None)]),
        ("百分之5%", [("百分之5", "5", None)]),                   # said twice: one entity
        ("\t调研活动群众满意度≥95%\n", [("95%", "95", "≥")]),
        ("\t≥ 90%\n", [("90%", "90", "≥")]),
        ("质量指标：外事工作完成任务=100%。", [("100%", "100", "=")]),
        ("对满意率低于90%的部门进行扣分处理", [("90%", "90", "低于")]),
        ("增长率不低于 5%", [("5%", "5", "不低于")]),
        ("较去年提高25%", [("25%", "25", None)]),          # a change, not a comparator
        ("增下降23.21%", [("23.21%", "23.21", None)]),
        ("（占5%）", [("5%", "5", None)]),
        ("50%%", [("50%", "50", None)]),
        ("50%)", [("50%", "50", None)]),           # a closing parenthesis alone is not (%)
        ("5\n%", [("5\n%", "5", None)]),
    ],
)
def test_percents(text, expected):
    assert [(t, a["value"], a.get("comparator")) for _, t, a in found(text, "PERCENT")] == [
        (t, Decimal(v), c) for t, v, c in expected
    ]


@pytest.mark.parametrize("text", ["\t≥50次\n", "支出(类)100.00 万元，占 12.50;其余", "%", "(%)", "5(%"])
def test_not_percents(text):
    assert spans(text, "PERCENT") == []


# ---- EXP_CODE: chains ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "span", "code", "level", "names"),
    [
        # (b) bare markers, resolved from the names
        ("1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）2024年预算数为432.66万元",
         "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）", "2010301", "项",
         ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"]),
        ("3.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）专项业务及机关事务管理（项）2024年预算6万元",
         "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）专项业务及机关事务管理（项）", "2010305", "项",
         ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "专项业务及机关事务管理"]),
        ("7社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）：指除上述项目外",
         "社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）", "2089999", "项",
         ["社会保障和就业支出", "其他社会保障和就业支出", "其他社会保障和就业支出"]),
        ("11.住房保障（类）住房改革支出（款）住房公积金（项）：指按照", "住房保障（类）住房改革支出（款）住房公积金（项）",
         "2210201", "项", ["住房保障", "住房改革支出", "住房公积金"]),
        ("10. 社会保障和就业（类）行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）：指",
         "社会保障和就业（类）行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）", "2080505", "项",
         ["社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险缴费支出"]),
        ("15.农林水支出（类）巩固脱贫衔接乡村振兴（款）其他巩固脱贫衔接乡村振兴支出（项）2024年",
         "农林水支出（类）巩固脱贫衔接乡村振兴（款）其他巩固脱贫衔接乡村振兴支出（项）", "2130599", "项",
         ["农林水支出", "巩固脱贫衔接乡村振兴", "其他巩固脱贫衔接乡村振兴支出"]),
        # (a) written codes, with or without the level letter
        ("1. 一般公共服务（201类）政府办公厅（室）及相关机构事务支出（03款）事业运行（50项）2024年预算数为154.41万元",
         "一般公共服务（201类）政府办公厅（室）及相关机构事务支出（03款）事业运行（50项）", "2010350", "项",
         ["一般公共服务", "政府办公厅（室）及相关机构事务支出", "事业运行"]),
        ("2. 一般公共服务（201类）政府办公厅（室）及相关机构事务支出（03款）政府办公厅（室）及相关机构事务支出（99项）：",
         "一般公共服务（201类）政府办公厅（室）及相关机构事务支出（03款）政府办公厅（室）及相关机构事务支出（99项）",
         "2010399", "项",
         ["一般公共服务", "政府办公厅（室）及相关机构事务支出", "政府办公厅（室）及相关机构事务支出"]),
        ("3.社会保障和就业（208类）行政事业单位离退休（05款）机关事业单位基本养老保险支出（05项）：",
         "社会保障和就业（208类）行政事业单位离退休（05款）机关事业单位基本养老保险支出（05项）", "2080505", "项",
         ["社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险支出"]),
        ("1. 一般公共服务（201）政府办公厅（室）及相关机构事务（03）行政运行（01）:支出决算为298.18万元",
         "一般公共服务（201）政府办公厅（室）及相关机构事务（03）行政运行（01）", "2010301", "项",
         ["一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行"]),
        ("14.农林水支出（213）扶贫（05）（99）：指反映", "农林水支出（213）扶贫（05）（99）", "2130599", "项",
         ["农林水支出", "扶贫", ""]),
        # chains of one
        ("主要用于以下方面:一般公共服务（201）支出2952.54万元", "一般公共服务（201）", "201", "类", ["一般公共服务"]),
        ("卫生健康支出（类）", "卫生健康支出（类）", "210", "类", ["卫生健康支出"]),
        ("其中：科学技术支出(类)12.34 万元", "科学技术支出(类)", "206", "类", ["科学技术支出"]),
        # quotes outside, dashes and half-width brackets, names wrapped by a PDF line break
        ("（二）“一般公共服务支出（类）统计信息事务（款）统计抽样调查（项）”预算",
         "一般公共服务支出（类）统计信息事务（款）统计抽样调查（项）", "2010508", "项",
         ["一般公共服务支出", "统计信息事务", "统计抽样调查"]),
        ("“一般公共服务支出(类）-统计信息事务（款）-专项统计业务（项）”", "一般公共服务支出(类）-统计信息事务（款）-专项统计业务（项）",
         "2010505", "项", ["一般公共服务支出", "统计信息事务", "专项统计业务"]),
        ("5、一般公共服务支出（类）市场监督管理事务（款）食品安全\n监管（项）12.00 万元",
         "一般公共服务支出（类）市场监督管理事务（款）食品安全\n监管（项）", "2013816", "项",
         ["一般公共服务支出", "市场监督管理事务", "食品安全\n监管"]),
        ("支出 1.00 万元，占 1%；公共安\n全支出（类）2.00 万元", "公共安\n全支出（类）", "204", "类",
         ["公共安\n全支出"]),
        ("3、社会保障和就业支出（类）行政事业单位养老支出（款）\n离退休人员管理机构（项）1.00 万元",
         "社会保障和就业支出（类）行政事业单位养老支出（款）\n离退休人员管理机构（项）", "2080503", "项",
         ["社会保障和就业支出", "行政事业单位养老支出", "离退休人员管理机构"]),
        # older names of the 2020-era classification
        ("“医疗卫生与计划生育支出(类）-行政事业单位医疗（款）-事业单位医疗（项）”",
         "医疗卫生与计划生育支出(类）-行政事业单位医疗（款）-事业单位医疗（项）", "2101102", "项",
         ["医疗卫生与计划生育支出", "行政事业单位医疗", "事业单位医疗"]),
        # unresolvable: an entity, but code None — never a guess
        ("“卫生健康支出（类）卫生健康支出（款）计划生育服务（项）”", "卫生健康支出（类）卫生健康支出（款）计划生育服务（项）",
         None, "项", ["卫生健康支出", "卫生健康支出", "计划生育服务"]),
    ],
)
def test_chains(text, span, code, level, names):
    chains = found(text, "EXP_CODE")
    assert len(chains) == 1
    _, written, attrs = chains[0]
    assert written == span
    assert attrs == {"code": code, "scheme": "functional", "level": level, "names": names}


def test_several_chains_of_one_in_a_line():
    text = ("主要用于以下方面:一般公共服务（201）支出2952.54万元，占82.71%；社会保障和就业（208）支出245.29万元，"
            "占6.87%；卫生健康（210）支出72.07万元")
    chains = found(text, "EXP_CODE")
    assert [(t, a["code"]) for _, t, a in chains] == [
        ("一般公共服务（201）", "201"), ("社会保障和就业（208）", "208"), ("卫生健康（210）", "210")]


@pytest.mark.parametrize(
    "text",
    [
        "一般公共服务支出2537.69万元、社会保障和就业支出83.35万元",   # names without code or marker
        "（一）行政运行：反映行政单位（包括参公单位）的基本支出。",
        "开展项目数量（项）",                                         # a lone marker after an unknown name
        "（表1-2）（表2）",
        "因公出国（境）费、维修（护）费",
        "文件（100）号",
    ],
)
def test_not_chains(text):
    assert spans(text, "EXP_CODE") == []


# ---- EXP_CODE: codes in table rows ----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n2010505 专项统计业务 12.00\n", [("2010505", "2010505", "functional", "项", ["专项统计业务"])]),
        ("\n208 05 05 机关事业单位基本养老保险缴费支出 1,000\n",
         [("208 05 05", "2080505", "functional", "项", ["机关事业单位基本养老保险缴费支出"])]),
        ("\n201 \t05 \t07 \t专项普查活动 \t100,000 \t100,000 \t0\n", [("201 \t05 \t07", "2010507", "functional", "项", ["专项普查活动"])]),
        ("\n201 \t05 \t统计信息事务 \t100,000\n", [("201 \t05", "20105", "functional", "款", ["统计信息事务"])]),
        ("\n201 \t一般公共服务支出 \t100,000\n", [("201", "201", "functional", "类", ["一般公共服务支出"])]),
        ("\n30201 办公费 12.50\n", [("30201", "30201", "economic", "款", ["办公费"])]),
        ("\n302 \t01 \t办公费 \t1,000 \t0 \t1,000\n", [("302 \t01", "30201", "economic", "款", ["办公费"])]),
        ("\n302 13维修（护）费       2,000       2,000\n", [("302 13", "30213", "economic", "款", ["维修（护）费"])]),
        ("\n2010506统计管理 1,000 1,000\n", [("2010506", "2010506", "functional", "项", ["统计管理"])]),
        # garbled economic rows: the one-digit part is inconsistent, the name decides
        ("\n301 \t2 \t津贴补贴 \t1,000 \t1,000 \t0\n", [("301 \t2", "30102", "economic", "款", ["津贴补贴"])]),
        ("\n301 \t7 \t绩效工资 \t1,000 \t1,000 \t0\n", [("301 \t7", "30107", "economic", "款", ["绩效工资"])]),
        ("\n301 \t2 \t不存在的科目 \t1,000\n", [("301 \t2", None, "economic", "款", ["不存在的科目"])]),
        # a wrapped name cell: the code line carries only figures
        ("\n机关事业单位基本\n2080505 10.00 10.00\n养老保险缴费支出\n", [("2080505", "2080505", "functional", "项", [])]),
        ("\n一般公共\n201 10.00 10.00\n服务支出\n", [("201", "201", "functional", "类", [])]),
        ("\n无形资产\n31022\n购置\n", [("31022", "31022", "economic", "款", [])]),
        # two economic columns side by side
        ("\n30113 住房公积金 12.34 30212 5.60\n",
         [("30113", "30113", "economic", "款", ["住房公积金"]), ("30212", "30212", "economic", "款", [])]),
        ("\n30304 抚恤金 30218 专用材料费 1.00\n",
         [("30304", "30304", "economic", "款", ["抚恤金"]), ("30218", "30218", "economic", "款", ["专用材料费"])]),
        ("301 工资福利支出 100.00 302 商品和服务支出 50.00",
         [("301", "301", "economic", "类", ["工资福利支出"]), ("302", "302", "economic", "类", ["商品和服务支出"])]),
        ("\r\n221 \t02 \t01 \t住房公积金 \t1,000\r\n", [("221 \t02 \t01", "2210201", "functional", "项", ["住房公积金"])]),
    ],
)
def test_table_codes(text, expected):
    assert [(t, a["code"], a["scheme"], a["level"], a["names"]) for _, t, a in found(text, "EXP_CODE")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "\n2024 年度部门预算\n",                             # a year
        "\n1 上海市普陀区某街道办事处（本级）\n",            # a serial number
        "\t杜集区政府办 003001\n",                           # a department code
        "\n208 人次\n",                                      # a 类 code must stand before its own name
        "\n12345 便民热线\n",                                # no such 类
        "\n205\n",                                           # a lone 3-digit line: a page number
        "\n20000 30000\n",                                   # figures
        "\n21000 21000\n",                                   # a known 类 prefix but no such subject
        "\n125.00 万元，主要用于日常运转\n",                  # an amount wrapped to the line start
        "\n20500平方米，其中\n",                              # a known 类 prefix, but prose follows
        "\n208 05 05 .7\n",                                 # read as 208 05 05, the row goes on wrong:
        "\n208 05 05 0（99项）\n",                          # not re-read as 208 + a figure 05
    ],
)
def test_not_table_codes(text):
    assert spans(text, "EXP_CODE") == []


def test_a_code_line_that_is_an_amount_is_an_amount():
    assert [(e.label, e.text) for e in find_entities("\n20105 万元\n")] == [("AMOUNT", "20105 万元")]


# ---- the PDF-extracted disclosures (read at run time, never copied) -------------------------

@pytest.fixture(scope="module")
def pdf_documents():
    if not PDF_TEXT.is_dir():
        pytest.skip("../shared/pdf-text is not available")
    documents = {path.stem: path.read_text(encoding="utf-8") for path in sorted(PDF_TEXT.glob("*.txt"))}
    return {name: (text, find_entities(text)) for name, text in documents.items()}


def _at(entities, start, end=None, label=None):
    return [e for e in entities if e.start == start and (end is None or e.end == end) and label in (None, e.label)]


def test_pdf_spans_are_exact_and_labels_do_not_overlap(pdf_documents):
    for text, entities in pdf_documents.values():
        assert entities == sorted(entities, key=lambda e: (e.start, e.end, e.label))
        for entity in entities:
            assert text[entity.start:entity.end] == entity.text
        for label in ENTITY_LABELS:
            ends = [(e.start, e.end) for e in entities if e.label == label]
            assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))


UNIT_SPLIT = regex.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?P<gap> ?)(?:万\n元|\n万元)")


def test_pdf_numbers_wrapped_across_lines(pdf_documents):
    checked = 0
    for text, entities in pdf_documents.values():
        for match in UNIT_SPLIT.finditer(text):
            expected = Decimal(match.group("number").replace(",", "")) * 10000
            hits = _at(entities, match.start(), match.end(), "AMOUNT")
            assert len(hits) == 1, match.group()
            assert hits[0].attrs["unit"] == "万元" and hits[0].attrs["value"] == expected
            checked += 1
    assert checked >= 10


SPACED_ROW = regex.compile(r"(?m)^(?P<code>\d{3} \t\d{2}(?: \t\d{2})?) \t(?P<name>\p{Han}[^\t]*?) \t[\d,]+")


def test_pdf_spaced_code_rows(pdf_documents):
    checked = 0
    for text, entities in pdf_documents.values():
        for match in SPACED_ROW.finditer(text):
            hits = _at(entities, match.start("code"), match.end("code"), "EXP_CODE")
            assert len(hits) == 1, match.group()
            digits = regex.sub(r"\s", "", match.group("code"))
            assert hits[0].attrs["code"] == digits
            assert hits[0].attrs["level"] == ("项" if len(digits) == 7 else "款")
            assert hits[0].attrs["names"] == [match.group("name")]
            checked += 1
    assert checked >= 100


def test_pdf_garbled_economic_rows(pdf_documents):
    # The national classification: 30102 津贴补贴, 30107 绩效工资.
    codes = {"津贴补贴": "30102", "绩效工资": "30107"}
    garbled = regex.compile(r"(?m)^(?P<code>301 \t\d) \t(?P<name>\p{Han}+) \t")
    checked = 0
    for text, entities in pdf_documents.values():
        for match in garbled.finditer(text):
            hits = _at(entities, match.start("code"), match.end("code"), "EXP_CODE")
            assert len(hits) == 1 and hits[0].attrs["code"] == codes[match.group("name")]
            checked += 1
    assert checked >= 2


def test_pdf_plain_code_rows(pdf_documents):
    plain = regex.compile(r"(?m)^(?P<code>\d{7}|\d{5}|\d{3})(?P<gap> ?)(?P<name>\p{Han}[\p{Han}（）()]*) [\d,]+\.?\d*")
    checked = 0
    for text, entities in pdf_documents.values():
        for match in plain.finditer(text):
            hits = _at(entities, match.start("code"), match.end("code"), "EXP_CODE")
            assert len(hits) == 1, match.group()
            assert hits[0].attrs["code"] == match.group("code")
            assert hits[0].attrs["names"] == [match.group("name")]
            checked += 1
    assert checked >= 150


def test_pdf_code_lines_whose_name_is_wrapped(pdf_documents):
    figures_only = regex.compile(r"(?m)^(?P<code>\d{7}|\d{5}|\d{3})(?: [\d,]+\.\d\d)+$")
    checked = 0
    for text, entities in pdf_documents.values():
        for match in figures_only.finditer(text):
            hits = _at(entities, match.start("code"), match.end("code"), "EXP_CODE")
            assert len(hits) == 1 and hits[0].attrs["code"] == match.group("code") and hits[0].attrs["names"] == []
            checked += 1
    assert checked >= 20


def test_pdf_two_column_economic_rows(pdf_documents):
    two_codes = regex.compile(r"(?m)^(?P<left>3\d{4}) [^\n]*? (?P<right>3\d{4})(?= )")
    checked = 0
    for text, entities in pdf_documents.values():
        for match in two_codes.finditer(text):
            for side in ("left", "right"):
                hits = _at(entities, match.start(side), match.end(side), "EXP_CODE")
                assert len(hits) == 1 and hits[0].attrs["code"] == match.group(side)
                assert hits[0].attrs["scheme"] == "economic"
            checked += 1
    assert checked >= 15


def test_pdf_tables_in_yuan_hold_no_amounts(pdf_documents):
    code_row = regex.compile(   # code cells, a name cell, figure cells — no prose punctuation
        r"(?m)^\d{3}(?:[ \t]+|(?:[ \t]+\d{1,2}){1,2}[ \t]*)\p{Han}[^\n，。；：]*?(?:[ \t]+[\d,]+)+[ \t]*$"
    )
    rows = 0
    for text, entities in pdf_documents.values():
        amounts = [e for e in entities if e.label == "AMOUNT"]
        for row in code_row.finditer(text):
            assert not [a for a in amounts if row.start() <= a.start < row.end()], row.group()
            rows += 1
    assert rows >= 150


def test_pdf_quoted_chains(pdf_documents):
    quoted = regex.compile(r"“(?P<chain>[^”\n]*（项）)”")
    checked = unresolved = 0
    for text, entities in pdf_documents.values():
        for match in quoted.finditer(text):
            hits = _at(entities, match.start("chain"), match.end("chain"), "EXP_CODE")
            assert len(hits) == 1, match.group()
            names = hits[0].attrs["names"]
            assert len(names) == 3 and hits[0].attrs["level"] == "项"
            if names[0] == names[1]:     # a garbled chain repeats the 类 as its 款
                assert hits[0].attrs["code"] is None
                unresolved += 1
            else:
                assert hits[0].attrs["code"] is not None and len(hits[0].attrs["code"]) == 7, match.group()
            checked += 1
    assert checked >= 80 and unresolved == 1


# ---- the seed corpus ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds():
    return {path.stem[:3]: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))}


def test_seed_chains_resolve(seeds):
    for doc_id in ("000", "001", "002", "003"):
        chains = [e for e in find_entities(seeds[doc_id]) if e.label == "EXP_CODE"]
        assert chains, doc_id
        assert all(e.attrs["code"] is not None for e in chains), doc_id


def test_seed_fill_in_amounts_start_at_their_digit(seeds):
    amounts = [e for e in find_entities(seeds["004"]) if e.label == "AMOUNT"]
    assert len(amounts) > 50
    assert all(e.text[0].isdigit() and e.text.endswith("元") for e in amounts)


# ---- properties for any text ----------------------------------------------------------------

TOKENS = [
    "0", "1", "7", "12", "2024", "3569.58", "19,044", ",", "，", ".", "．", "０", "２", "５", "万", "元", "亿", "千",
    "万元", "%", "％", "(%)", "百分之", "二十", "一千二百", "两", "十", "年", " ", "\u3000", "\u00a0", "\t", "_", "\n",
    "\r\n", "\r", "\f", "（", "）", "(", ")", "类", "款", "项", "（类）", "（款）", "（项）", "（201）", "（03）",
    "（99项）", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "201", "208 05 05", "2010301",
    "30201", "301 \t2 \t", "津贴补贴", "≥", "不超过", "“", "”", "-", "支出", "预算", "。", "：",
]


def check_invariants(text):
    entities = find_entities(text)
    assert entities == sorted(entities, key=lambda e: (e.start, e.end, e.label))
    for entity in entities:
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start:entity.end] == entity.text
        assert entity.label in ENTITY_LABELS
        if entity.label == "AMOUNT":
            assert isinstance(entity.attrs["value"], Decimal)
            assert entity.attrs["value"] >= 0 or entity.text[0] in "-−－"   # negative only with its sign (B.4.2)
            assert entity.attrs["unit"] in {"元", "千元", "万元", "亿元"}
        elif entity.label == "PERCENT":
            assert isinstance(entity.attrs["value"], Decimal)
        else:
            assert entity.attrs["scheme"] in {"functional", "economic"}
            assert entity.attrs["level"] in {"类", "款", "项"}
            assert entity.attrs["code"] is None or len(entity.attrs["code"]) in (3, 5, 7)
    for label in ENTITY_LABELS:
        of_label = [e for e in entities if e.label == label]
        assert all(a.end <= b.start for a, b in zip(of_label, of_label[1:]))


@given(st.text())
@settings(max_examples=300)
def test_any_text(text):
    check_invariants(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
@settings(max_examples=400)
def test_any_mix_of_budget_tokens(text):
    check_invariants(text)


GAPS = ["", " ", "  ", "\u3000", "\u00a0", "_", "__", "\n", "\r\n", " \n", "_\n"]
UNITS = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(GAPS),
    st.booleans(),
    st.sampled_from(["", "预算", "增加", "，", "不超过", "约", "\n", "_"]),
    st.sampled_from(["", "，", "。", "以上", "/月", "\n", "（含）"]),
)
def test_generated_amounts(value, unit, gap, grouped, before, after):
    number = f"{value:,f}" if grouped else f"{value:f}"
    written = number + gap + unit
    text = before + written + after
    amounts = [e for e in find_entities(text) if e.label == "AMOUNT"]
    assert [(e.text, e.start) for e in amounts] == [(written, len(before))]
    assert amounts[0].attrs["value"] == value * UNITS[unit]
    assert amounts[0].attrs["unit"] == unit


@given(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["%", "％", "(%)", "（%）"]),
    st.sampled_from(["", "≥", "≤", "=", "低于", "不低于", "不超过", "占", "增长"]),
)
def test_generated_percents(value, sign, before):
    text = "满意度" + before + f"{value:f}" + sign + "。"
    percents = [e for e in find_entities(text) if e.label == "PERCENT"]
    assert len(percents) == 1 and percents[0].text == f"{value:f}" + sign
    assert percents[0].attrs["value"] == value
    comparators = {"≥", "≤", "=", "低于", "不低于", "不超过"}
    assert percents[0].attrs.get("comparator") == (before if before in comparators else None)


# ---- no catastrophic backtracking -----------------------------------------------------------

@pytest.mark.parametrize(
    "build",
    [
        lambda n: "1" * n + "元",
        lambda n: "1," * (n // 2) + "万元",
        lambda n: "一般公共服务支出" * (n // 8) + "（类）",
        lambda n: "（类）" * (n // 3),
        lambda n: "一二三四五六七八九十百千万" * (n // 13) + "元",
        lambda n: "1" + " " * n + "元",
        lambda n: "%" * (n // 2) + "1" * (n // 2) + "%",
        lambda n: "201" + " \t05" * (n // 4),
        lambda n: "元" * n,
        lambda n: "1(%)" * (n // 4),
    ],
    ids=["digits", "separators", "names", "markers", "numerals", "spaces", "percent-signs", "code-parts", "units",
         "percent-in-parentheses"],
)
def test_a_megabyte_on_one_line_is_linear(build):
    """A line four times longer takes about four times as long, not sixteen (quadratic): the
    ratio of two runs in the same process, so a loaded machine slows both alike. The invariants
    are checked on the megabyte line."""
    def seconds(line):
        started = time.perf_counter()
        check_invariants(line)
        return time.perf_counter() - started

    small, large = seconds(build(250_000)), seconds(build(1_000_000))
    assert large < 8 * small + 0.5


# ---- fast paths find what the patterns find ---------------------------------------------------

PROSE_PIECES = ["2011301", "20103", "2080505", "123456", "12345678", "1", "-", "－", "—", " ", "\u3000", "行政运行",
                "一般公共服务支出", "（室）", "(境)", "（一）", "、", ".", "．", ",", "１", "a", "_", "\n", "万元"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=30))
def test_prose_code_candidates_give_the_patterns_matches(pieces):
    """The prose-code scan tries PROSE_CODE only where a run of five digits opens: it must give
    exactly the matches of PROSE_CODE.finditer, look-behind and all."""
    from nlp.entities.tagger import PROSE_CODE, _prose_code_matches
    text = "".join(pieces)
    assert [m.span() for m in _prose_code_matches(text)] == [m.span() for m in PROSE_CODE.finditer(text)]


NUMERIC_PIECES = ["0", "7", "12", "1,234", "３", "．", ".", ",", "，", "元", "万", "千", "亿", "余", "一", "三", "十", "百",
                  "数", "%", "％", "(", "（", ")", "）", "(%)", " ", "\u3000", "_", "\t", "\n", "\r", "\r\n", "\f",
                  "\n\f\n", "─ 12 ─", "第 3 页", "-", "－", "页", "第", "a", "万元"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(NUMERIC_PIECES), max_size=25))
def test_mirrored_numeric_patterns_match_the_backward_rules(pieces):
    """AMOUNT and PERCENT run as their mirror image on the reversed text: at every end, each
    mirror must match what the backward rule matches there — span, number, 千/万/亿, 余."""
    from nlp.entities.tagger import AMOUNT_BACKWARDS, AMOUNT_REVERSED, PERCENT_BACKWARDS, PERCENT_REVERSED
    text = "".join(pieces)
    backwards, length = text[::-1], len(text)

    def read(match, flip):
        if match is None:
            return None
        parts = match.groupdict()
        digits, chinese = parts["digits"], parts["chinese"]
        span = (length - match.end(), length - match.start()) if flip else match.span()
        if flip:
            digits, chinese = digits and digits[::-1], chinese and chinese[::-1]
        return span, digits, chinese, parts.get("prefix"), (parts.get("about") or parts.get("about_number")) is not None

    for rule, mirrors in ((AMOUNT_BACKWARDS, AMOUNT_REVERSED), (PERCENT_BACKWARDS, PERCENT_REVERSED)):
        backward = regex.compile(rule, regex.VERBOSE)
        for end in range(1, length + 1):
            mirrored = [m for p in mirrors if (m := p.match(backwards, length - end)) is not None]
            assert len(mirrored) <= 1
            assert read(backward.match(text, 0, end), False) == read(mirrored[0] if mirrored else None, True)


def test_han_ranges_are_the_han_script_of_regex():
    """The table-row patterns run on ``re`` with Han written out as ranges: they must be exactly
    the characters ``regex`` reads as \\p{Han} (else a row name would be cut differently)."""
    import re
    from nlp.entities.tagger import HAN_RANGES
    ours, theirs = re.compile(f"[{HAN_RANGES}]"), regex.compile(r"\p{Han}")
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert ours.findall(everything) == theirs.findall(everything)
    assert len(ours.findall(everything)) > 90_000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["行政", "运行", "、", "（室）", "(", " ", "\n", "\f", "-", "一", "ａ", "a", "1", "⼀"]),
                min_size=1, max_size=12).map("".join))
def test_a_bare_name_gap_is_read_as_chain_continuation_reads_it(gap):
    """Where the chain scan takes a gap between markers as a bare name without running
    CHAIN_CONTINUATION, that pattern must read the whole gap as the name."""
    from nlp.entities.tagger import BARE_NAME, CHAIN_CONTINUATION
    text = "支出（类）" + gap + "（款）"
    start, end = 5, 5 + len(gap)
    if BARE_NAME.fullmatch(text, start, end):
        match = CHAIN_CONTINUATION.fullmatch(text, start, end)
        assert match is not None and match.span("name") == (start, end)
