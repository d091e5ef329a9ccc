"""The 政府收支分类科目 table and name-path resolution (nlp.entities.expenditure_codes)."""

import pytest
import regex

from conftest import PDF_TEXT
from nlp.entities import expenditure_codes
from nlp.entities.expenditure_codes import begins_name, children, find_by_name, lookup, matches_name, name_key, resolve_path



# ---- the table itself -----------------------------------------------------------------------

def test_table_is_consistent():
    subjects = expenditure_codes.subjects()
    codes = [s.code for s in subjects]
    assert len(codes) == len(set(codes))
    for subject in subjects:
        assert subject.scheme in expenditure_codes.SCHEMES
        assert len(subject.code) == expenditure_codes.CODE_LENGTHS[subject.level]
        assert subject.code.isdigit()
        if subject.level == "类":
            assert subject.parent is None
        else:
            assert subject.parent == subject.code[:-2]
            assert lookup(subject.parent).scheme == subject.scheme
        assert subject.code[0] in ({"2"} if subject.scheme == "functional" else {"3", "5"})


def test_no_two_siblings_share_a_name():
    # The department (3xx) and government (5xx) economic classifications are two tables that
    # reuse some 类 names (对企业补助 312 / 507, 其他支出 399 / 599): siblings within each.
    by_parent: dict = {}
    for subject in expenditure_codes.subjects():
        for name in subject.names:
            key = (subject.scheme, subject.parent or subject.code[0], name_key(name))
            assert by_parent.setdefault(key, subject.code) == subject.code, (name, subject.code)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
        ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
        ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
        ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"), ("221", "住房保障支出"),
        ("224", "灾害防治及应急管理支出"), ("229", "其他支出"),
        ("2010301", "行政运行"), ("2010302", "一般行政管理事务"), ("2010303", "机关服务"),
        ("2010350", "事业运行"), ("2010399", "其他政府办公厅（室）及相关机构事务支出"),
        ("2011308", "招商引资"), ("2012699", "其他档案事务支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("2101103", "公务员医疗补助"), ("2130599", "其他巩固脱贫衔接乡村振兴支出"), ("2210202", "提租补贴"),
        ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30201", "办公费"),
        ("30213", "维修（护）费"), ("30217", "公务接待费"), ("30231", "公务用车运行维护费"),
        ("303", "对个人和家庭的补助"), ("30302", "退休费"), ("310", "资本性支出"), ("31002", "办公设备购置"),
        # as printed in yichuan_2025_final (2025 final accounts): table rows and the chain
        # 住房保障支出（类）超长期特别国债安排的支出（款）其他住房保障支出（项）
        ("22198", "超长期特别国债安排的支出"), ("2219899", "其他住房保障支出"),
    ],
)
def test_lookup(code, name):
    assert lookup(code).name == name


def test_levels_and_schemes():
    assert lookup("201").level == "类" and lookup("20103").level == "款" and lookup("2010301").level == "项"
    assert lookup("2010301").scheme == "functional" and lookup("30201").scheme == "economic"
    assert lookup("9999999") is None
    assert [s.code for s in children("21011")] == ["2101101", "2101102", "2101103", "2101199"]


# ---- names ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("一般公共服务", "一般公共服务支出"),                       # 支出 present or not
        ("政府办公厅(室)及相关机构事务", "政府办公厅（室）及相关机构事务"),  # half-width parentheses
        ("政府办公厅（室）及相关机构事务支出", "政府办公厅（室）及相关机构事务"),  # 事务 vs 事务支出
        ("其他公共\n安全支出", "其他公共安全支出"),                   # wrapped by a PDF line break
        ("维修(护)费", "维修（护）费"),
    ],
)
def test_name_variants_share_a_key(written, canonical):
    assert name_key(written) == name_key(canonical)


@pytest.mark.parametrize(
    ("code", "older_or_variant_name"),
    [
        ("20805", "行政事业单位离退休"),          # renamed 行政事业单位养老支出 (2020-era)
        ("21305", "扶贫"),                        # renamed 巩固脱贫衔接乡村振兴
        ("2130599", "其他扶贫支出"),
        ("207", "文化体育与传媒支出"),            # before 文化旅游体育与传媒支出
        ("210", "医疗卫生与计划生育支出"),        # before 卫生健康支出
        ("2010305", "专项业务活动"),
        ("2080505", "机关事业单位基本养老保险支出"),
        ("22198", "其他住房保障支出"),            # as shiquan_unit_2026_budget prints the 款
    ],
)
def test_renamed_subjects(code, older_or_variant_name):
    assert matches_name(code, older_or_variant_name)


def test_begins_name_accepts_a_wrapped_cell_only_at_the_start():
    assert begins_name("207", "文化旅游体育与传媒支")
    assert begins_name("201", "一般公共服务支出")
    assert not begins_name("208", "人次")
    assert not begins_name("201", "一")


# ---- resolution of name paths ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"], "2010301"),
        (["一般公共服务", "政府办公厅（室）及相关机构事务支出", "事业运行"], "2010350"),
        (["一般公共服务支出", "政府办公厅（室）及相关机构事务", "专项业务及机关事务管理"], "2010305"),
        (["一般公共服务支出", "商贸事务", "招商引资"], "2011308"),
        (["社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险缴费支出"], "2080505"),
        (["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休"], "2080501"),
        (["社会保障和就业", "其他社会保障和就业", "其他社会保障和就业支出"], "2089999"),
        (["卫生健康支出", "行政事业单位医疗", "事业单位医疗支出"], "2101102"),
        (["农林水支出", "巩固脱贫衔接乡村振兴", "其他巩固脱贫衔接乡村振兴支出"], "2130599"),
        (["住房保障", "住房改革支出", "住房公积金"], "2210201"),
        (["医疗卫生与计划生育支出", "行政事业单位医疗", "行政单位医疗"], "2101101"),
        (["文化体育与传媒支出", "体育", "群众体育"], "2070308"),
        (["住房保障支出", "其他住房保障支出", "其他住房保障支出"], "2219899"),
        (["住房保障支出", "超长期特别国债安排的支出", "其他住房保障支出"], "2219899"),
        (["卫生健康支出"], "210"),
        (["住房保障"], "221"),
    ],
)
def test_resolve_path(names, expected):
    assert resolve_path(names) == expected


@pytest.mark.parametrize(
    "names",
    [
        ["卫生健康支出", "卫生健康支出", "计划生育事务"],     # a garbled 款: unknown → None
        ["一般公共服务支出", "不存在的款", "行政运行"],
        ["不存在的类"],
        ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "多余的一级"],
    ],
)
def test_unresolvable_paths_give_none(names):
    assert resolve_path(names) is None


def test_ambiguous_names_give_none_never_a_guess():
    # 行政运行 is an item under many 款: without its 款 it cannot be identified.
    assert find_by_name("行政运行", "项") is None
    assert resolve_path(["行政运行"], first_level="项") is None
    assert find_by_name("行政运行", "项", parent="21201") == "2120101"


@pytest.mark.parametrize(
    ("names", "codes", "expected"),
    [
        (["一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行"], ["201", "03", "01"], "2010301"),
        (["一般公共服务", "政府办公厅（室）及相关机构事务支出", "政府办公厅（室）及相关机构事务支出"], ["201", "03", "99"], "2010399"),
        (["农林水支出", "扶贫", ""], ["213", "05", "99"], "2130599"),
        (["社会保障和就业", "行政事业单位离退休", "机关事业单位基本养老保险支出"], ["208", "05", "05"], "2080505"),
        (["一般公共服务", "政府办公厅（室）及相关机构事务", "行政运行"], ["201", None, "01"], "2010301"),
        (["社会保障和就业"], ["208"], "208"),
        (["某某"], ["20103"], None),       # a 款 code needs a 款 level
    ],
)
def test_written_codes_win_over_names(names, codes, expected):
    assert resolve_path(names, codes) == expected


def test_resolve_path_from_a_lower_level():
    assert resolve_path(["行政事业单位医疗", "公务员医疗补助"], first_level="款") == "2101103"


# ---- every code printed in the PDF-extracted disclosures resolves ---------------------------

ROW_CODE = regex.compile(      # a code cell, then a name cell or a figure cell, as in a table row
    r"^(?P<code>\d{7}|\d{5}|\d{3})"
    r"(?:[ \t]*\p{Han}[\p{Han}（）()]*(?:[ \t]|$)|[ \t]+[\d,]*\.\d\d(?:[ \t]|$)|$)"
)
SPACED_ROW = regex.compile(r"^(?P<parts>\d{3}(?:[ \t]+\d{2}){1,2})[ \t]+(?P<name>\p{Han}[^\t\d]*?)[ \t]")
TWO_COLUMN_CODE = regex.compile(r"(?<=[\d.] )(?P<code>\d{5})(?= )")


@pytest.fixture(scope="module")
def pdf_lines():
    if not PDF_TEXT.is_dir():
        pytest.skip("../shared/pdf-text is not available")
    return {
        path.stem: path.read_text(encoding="utf-8").splitlines()
        for path in sorted(PDF_TEXT.glob("*.txt"))
    }


def test_every_code_of_the_pdf_tables_is_in_the_table(pdf_lines):
    seen = set()
    for lines in pdf_lines.values():
        for line in lines:
            row = ROW_CODE.match(line)
            if row:
                seen.add(row.group("code"))
            spaced = SPACED_ROW.match(line)
            if spaced:
                seen.add(regex.sub(r"\s", "", spaced.group("parts")))
            seen.update(m.group("code") for m in TWO_COLUMN_CODE.finditer(line))
    assert len(seen) > 140
    missing = sorted(code for code in seen if lookup(code) is None)
    assert missing == []


def test_names_of_the_pdf_tables_match_the_table(pdf_lines):
    checked = 0
    for lines in pdf_lines.values():
        for line in lines:
            spaced = SPACED_ROW.match(line)
            if spaced:
                code = regex.sub(r"\s", "", spaced.group("parts"))
                assert matches_name(code, spaced.group("name").strip()), line
                checked += 1
    assert checked > 100
