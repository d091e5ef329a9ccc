"""Segmentation: SPEC §2 invariants on generated documents, the section trees of the seeds
(expectations written by reading them), and sentences."""
import sys

import pytest
import regex
from hypothesis import given, settings, strategies as st

from conftest import CORPUS
from invariants import assert_invariants
from nlp.model import PARAGRAPH_KINDS
from nlp.segment import rules as layout_rules
from nlp.read import decode
from nlp.segment import segment

HEADINGS = ["第一部分 部门概况", "一、基本职能及主要工作", "（二）2024年重点工作", "3.项目概述",
            "(1)绩效目标", "名词解释", "目 录", "（一）项目及绩效目标情况。"]
PARAGRAPHS = ["党政办公室2024年收入预算２６９２．３６万元，占100%；", "1.负责目标管理、督查督办和绩效考核工作；",
              "一是做好以文辅政。围绕中心大局。", "“三公”经费财政拨款预算数46万元。其中：公务接待费4万元。",
              "（一）因公出国（境）经费较2023年预算持平。主要原因是无计划。", "- 3 -", "12",
              "MERGEFIELD ${page.ds215_XMZCQK}项目支出 48.5    万元", "编制人数小计 35   人,其中：",
              "201 \t05 \t07 \t专项普查活动 \t257,700", "2010507 专项普查活动 39.99 39.99", "合计 20323.21"]
CELLS = ["\t项目名称", "\t调研活动经费", "\t≥500人次", "（万元）", "\t", "目标"]
ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7f)] + list("一二三四五六七八九十部门预算支出万元类款项目录说明情况。，；：、（）“”％．０１２３４５６７８９…！？\t\u3000\u00a0"))
LINE_ENDS = ["\n", "\r\n", "\n\n", "\r\n\r\n", "\n\f\n", "\n\u3000\u3000", "\n  "]


@st.composite
def documents(draw):
    pieces = draw(st.lists(st.one_of(st.sampled_from(HEADINGS), st.sampled_from(PARAGRAPHS),
                                     st.sampled_from(CELLS), st.text(ALPHABET, min_size=1, max_size=30)),
                           min_size=1, max_size=40))
    ends = draw(st.lists(st.sampled_from(LINE_ENDS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + e for p, e in zip(pieces, ends))


@settings(max_examples=150, deadline=None)
@given(documents(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_invariants_hold_for_generated_documents(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return                         # surrogates and the like cannot be written in that encoding
    try:
        decoded, _ = decode(data)
    except Exception:
        return                         # refused input is the reader's business (test_reader)
    assert decoded == text.removeprefix("\ufeff")
    result = segment(decoded)
    assert_invariants(decoded, *result)
    assert segment(decoded) == result  # deterministic


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_invariants_hold_on_the_corpus(path):
    text = path.read_text(encoding="utf-8")
    assert_invariants(text, *segment(text))


# Top-level headings of each seed, written by reading the documents. The title line of 000 and
# 001 ("2024年部门预算编制说明") is a cover line, not a heading (annotations/GUIDELINES.md, Part D).
TOP_LEVEL = {
    "000": ["一、基本职能及主要工作", "二、部门预算单位构成", "三、收支预算情况说明", "四、财政拨款收支预算情况说明",
            "五、一般公共预算当年拨款情况说明", "六、一般公共预算基本支出情况说明", "七、“三公”经费财政拨款预算安排情况说明",
            "八、“会议费”、“培训费”、“差旅费”财政拨款预算安排情况说明", "九、政府性基金预算支出情况说明",
            "十、国有资本经营预算支出情况说明", "十一、其他重要事项的情况说明", "十二、名词解释"],
    "001": ["一、基本职能及主要工作", "二、部门预算单位构成", "三、收支预算情况说明", "四、财政拨款收支预算情况说明",
            "五、一般公共预算当年拨款情况说明", "六、一般公共预算基本支出情况说明", "七、“三公”经费财政拨款预算安排情况说明",
            "八、“会议费”“培训费”“差旅费”财政拨款预算安排情况说明", "九、政府性基金预算支出情况说明",
            "十、国有资本经营预算支出情况说明", "十一、其他重要事项的情况说明", "十二、名词解释"],
    "002": ["第一部分杜集区政府办概况", "第二部分2024年部门预算表", "第三部分2024年部门预算情况说明",
            "第四部分名词解释"],
    "003": ["目录", "第一部分部门概况", "第二部分2020年度部门决算情况说明", "名词解释", "第四部分附件",
            "第五部分附表"],
    "004": ["第一部分青云谱区政府办公室概况", "第三部分青云谱区政府办单位2024年部门预算情况说明",
            "第四部分名词解释"],
}


def _headings(sections, parent):
    return ["".join((s.marker + s.title).split()) for s in sections if s.parent == parent]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_section_tree_of_each_seed(path):
    sections, _, _ = segment(path.read_text(encoding="utf-8"))
    assert _headings(sections, None) == TOP_LEVEL[path.stem[:3]]


def test_document_title_is_a_cover_line_at_the_start_and_a_heading_further_in():
    cover = "2024年部门预算编制说明\n一、基本职能\n正文内容在这里。\n"
    sections, paragraphs, _ = segment(cover)
    assert [s.title for s in sections] == ["基本职能"]
    assert (paragraphs[0].start, paragraphs[0].end) == (0, 13)
    part = "目录\n名词解释\n正文。\n2024年部门预算编制说明\n一、基本职能\n正文内容在这里。\n"
    assert "2024年部门预算编制说明" in [s.title for s in segment(part)[0]]


def test_numbered_title_introducing_unnumbered_lines_is_a_heading():
    text = "6）年度预算安排：2024年安排财政拨款40万元\n7）绩效目标和指标\n数量指标：按时完成任务。\n质量指标：完成率=100%。\n"
    sections, _, _ = segment(text)
    assert [(s.marker, s.title) for s in sections] == [("7）", "绩效目标和指标")]
    listed = "1、因公出国（境）费支出0万元。\n2、公务接待费支出1万元，较上年减少。\n"
    assert segment(listed)[0] == ()


@pytest.mark.parametrize("line, is_heading", [
    ("（一）因公出国（境）经费较2023年预算与2024年预算持平。主要原因是2024年无计划因公出国（境）事项。", False),
    ("（二）公务接待费较2023年预算持平。", False),
    ("（一）项目及绩效目标情况。", True),
    ("1.“调研活动经费”项目。", True),
    ("一、财政拨款收入：指部门或单位从同级财政部门取得的财政预算资金。", False),
    ("1.党政办负责党工委（管委会）日常工作处理和重大活动统筹协调；", False),
    ("一、强化政治引领，锤炼过硬队伍", True),
    ("（1）项目概述。通过区政府领导同志调研重点项目。", False),
    ("名词解释", True),
    ("2024年部门预算编制说明", False),   # a cover line (see below)
    ("部门预算编制说明", True),
    ("一是做好以文辅政。围绕中心大局。", False),
])
def test_heading_or_paragraph(line, is_heading):
    text = f"{line}\n正文内容在这里。\n"
    sections, paragraphs, _ = segment(text)
    assert (len(sections) == 1 and sections[0].heading == (0, len(line))) is is_heading


@pytest.mark.parametrize("text, sentences", [
    ("收入2692.36万元。支出“三公”经费46万元。”", ["收入2692.36万元。", "支出“三公”经费46万元。”"]),
    ("他说：“好！”然后离开。", ["他说：“好！”", "然后离开。"]),
    ("1.负责目标管理；2.负责督查督办。", ["1.负责目标管理；2.负责督查督办。"]),
    ("占25.19%；项目支出占74.81%", ["占25.19%；项目支出占74.81%"]),
    ("等等……然后", ["等等……", "然后"]),
])
def test_sentences(text, sentences):
    _, paragraphs, found = segment(text)
    assert [text[s.start:s.end] for s in found] == sentences


def test_template_junk_is_noise_and_the_rest_is_kept():
    text = "MERGEFIELD ${page4.ds2_REP}项目支出 48.5    万元,较上年减少。\n"
    _, paragraphs, _ = segment(text)
    assert [(p.kind, text[p.start:p.end]) for p in paragraphs] == [
        ("noise", "MERGEFIELD ${page4.ds2_REP}"), ("text", "项目支出 48.5    万元,较上年减少。")]


def test_a_table_of_contents_is_a_toc_paragraph_of_the_model_vocabulary():
    text = "目录\n第一部分 部门概况……………………1\n第二部分 部门决算表……………………5\n第一部分 部门概况\n一、主要职能\n负责全区政务工作。\n"
    _, paragraphs, _ = segment(text)
    tocs = [text[p.start:p.end] for p in paragraphs if p.kind == "toc"]
    assert tocs and all("……" in t for t in tocs)
    assert "toc" in PARAGRAPH_KINDS


def test_a_flattened_table_is_one_paragraph():
    text = "（7）绩效目标。推动发展。\n\t项目名称\n\n\t调研活动经费\n（万元）\n\t74万元\n（二）机关运行经费。\n"
    _, paragraphs, _ = segment(text)
    assert [p.kind for p in paragraphs] == ["text", "table"]
    table = paragraphs[1]
    assert text[table.start:table.end] == "\t项目名称\n\n\t调研活动经费\n（万元）\n\t74万元".strip()


def _traced_steps(text):
    """Python lines and calls executed by ``segment(text)``: a count of work that, unlike a
    timing, does not depend on the machine or on what else runs on it."""
    steps = 0

    def trace(frame, event, arg):
        nonlocal steps
        steps += 1
        return trace

    previous = sys.gettrace()          # e.g. a coverage tool's tracer
    sys.settrace(trace)
    try:
        segment(text)
    finally:
        sys.settrace(previous)
    return steps


def test_segmenting_is_linear_in_the_size_of_the_text():
    """Four times the text is four times the work, not sixteen: a pass that scans the blocks or
    sections after each one (it took 7 s for 4 MB) shows up as a ratio far above 4 (7.4 then)."""
    text = (CORPUS / "003_f799a21a4929daf1.txt").read_text(encoding="utf-8")   # the most sections
    ratio = _traced_steps(text * 8) / _traced_steps(text * 2)
    assert ratio < 4.5, ratio


def test_first_character_sets_cover_their_patterns():
    """The segmenter only runs these patterns on a line that opens with one of their first
    characters (a regex call costs ~1 µs whatever the line): no match may open with another."""
    checks = [(layout_rules.MARKER, layout_rules.MARKER_START),
              (layout_rules.PAGE_NUMBER, layout_rules.PAGE_NUMBER_START),
              (layout_rules.KNOWN_TITLES, layout_rules.KNOWN_TITLE_START)]
    chars = {chr(c) for c in [*range(0x20, 0x7f), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                              *range(0xff00, 0xfff0)]}
    chars |= {c for path in CORPUS.glob("*.txt") for c in path.read_text(encoding="utf-8")}
    chars |= {c for pattern, _ in checks for c in pattern.pattern}
    tails = ["", "1", "一", "、", ".", "）", ")", "1）", "一）", "一部分", "部分", " 1", "1 页", "1 -", "/2",
             "录", " 录", "词解释", "件", "件1", "表"]
    for pattern, first in checks:
        bad = sorted(c + tail for c in chars - first for tail in tails if pattern.match(c + tail))
        assert not bad, (pattern.pattern, bad[:10])


def _written_in_chinese(n):
    """The everyday way of writing 1–999 as an ordinal (十一, 二十, 一百零五, 一百一十)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    head = digits[hundreds] + "百" if hundreds else ""
    if tens:
        middle = ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    else:
        middle = "零" if hundreds and ones else ""
    return head + middle + (digits[ones] if ones else "")


@pytest.mark.parametrize("n", range(1, 1000))
def test_marker_ordinals_are_read_by_the_numeral_parser(n):
    from nlp.segment.segmenter import _marker_number
    written = _written_in_chinese(n)
    wide = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    markers = [f"{written}、", f"（{written}）", f"( {written} )", f"第{written}部分"]
    if n < 100:
        markers += [f"{n}.", f"{wide}．", f"{n}、", f"（{n}）", f"{wide}）", f"第{n}部分"]
    assert [_marker_number(m) for m in markers] == [n] * len(markers)


def test_marker_without_an_ordinal_has_no_number():
    from nlp.segment.segmenter import _marker_number
    assert _marker_number("、") is None
    assert _marker_number("第部分") is None


def test_page_number_characters_cover_the_pattern():
    """A line is tested against PAGE_NUMBER only if every character of it is one a page number
    can hold: the set must hold every whitespace character of the pattern's \\s, and every
    other character the pattern names."""
    whitespace = {chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c))}
    assert whitespace == set(layout_rules.WHITESPACE)
    for number in ["12", "- 12 -", "— 3 —", "第 12 页", "第12页", "12/40", "12 / 40", "·３·", "12\u3000页"]:
        assert layout_rules.PAGE_NUMBER.fullmatch(number), number
        assert layout_rules.is_page_number(number), number
    assert not layout_rules.is_page_number("2010101 行政运行 12.00")
    others = {chr(c) for c in [*range(0x20, 0x7f), *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xff00, 0xfff0)]}
    others |= {c for c in layout_rules.PAGE_NUMBER.pattern} | {"页", "第"}
    others -= set(layout_rules.PAGE_NUMBER_CHARACTERS)
    shapes = ["{}12", "12{}", "1{}2", "第{}1页", "第1{}页", "- 1 {}", "{} 1 -", "1{}/2", "1/{}2"]
    bad = [shape.format(c) for c in others for shape in shapes if layout_rules.PAGE_NUMBER.fullmatch(shape.format(c))]
    assert not bad, bad[:10]


TOC_PIECES = ["目录", "一、部门概况", " ", "\t", "\u3000", "…", "……", ".", "..", "....", "·", "··", "-", "--", "---",
              "1", "12", "123", "1234", "页", "表"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOC_PIECES), min_size=1, max_size=12))
def test_toc_tail_is_taken_off_as_the_pattern_does(pieces):
    """without_toc_tail skips the regex for a line that has no leader and no final digit: it
    must give what TOC_ENTRY_TAIL.sub gives on every line."""
    text = "".join(pieces)
    assert layout_rules.without_toc_tail(text) == layout_rules.TOC_ENTRY_TAIL.sub("", text)


def test_row_cell_guards_are_in_their_patterns():
    """A cell is tried as a "cn" marker only if it holds 、 and as a total only if it holds 计:
    every match of those patterns holds them."""
    assert "[、]" in layout_rules.MARKERS["cn"].pattern
    for cell in ["合计", "总 计", "本年收入合计", "小\u3000计"]:
        assert layout_rules.TOTAL_CELL.fullmatch(cell) and "计" in cell
    assert layout_rules.TOTAL_CELL.pattern.count("计") == layout_rules.TOTAL_CELL.pattern.count("|") + 1
