"""The real PDF-extracted disclosures in ../shared/pdf-text (read from there, never copied)."""
import pytest

from conftest import PDF_TEXT
from invariants import assert_invariants
from nlp.read import read_path
from nlp.segment import segment

TERMINAL = "。！？!?"


def test_invariants(pdf_text_path):
    text, _ = read_path(pdf_text_path)
    assert_invariants(text, *segment(text))


def test_no_paragraph_joins_across_a_page_break_after_a_sentence_end(pdf_text_path):
    text, _ = read_path(pdf_text_path)
    _, paragraphs, _ = segment(text)
    for p in paragraphs:
        if p.kind != "text":
            continue
        body = text[p.start:p.end]
        for i, ch in enumerate(body):
            if ch == "\f":
                before = body[:i].rstrip()
                assert before[-1] not in TERMINAL, f"joined after a sentence end: {before[-20:]!r}"


def test_page_numbers_are_noise(pdf_text_path):
    """The files carry no page numbers; put one at the foot of every page and they must come
    out as noise, leaving every other paragraph as it was."""
    text, _ = read_path(pdf_text_path)
    numbered = text.replace("\f", "\n- 7 -\n\f")
    _, paragraphs, _ = segment(numbered)
    noise = [numbered[p.start:p.end] for p in paragraphs if p.kind == "noise"]
    assert noise.count("- 7 -") == text.count("\f")
    before = [text[p.start:p.end].split() for p in segment(text)[1]]
    after = [numbered[p.start:p.end].split() for p in paragraphs if p.kind != "noise"]
    assert len(after) >= len(before) - 2


# The numbered headings of yichuan_2025_final.txt after its table of contents, by reading it.
YICHUAN_HEADINGS = [
    "第一部分上海市普陀区人民政府宜川路街道办事处概况", "一、主要职能", "二、部门决算单位构成",
    "第三部分上海市普陀区人民政府宜川路街道办事处2025年度部门决算情况说明",
    "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明", "五、一般公共预算财政拨款支出决算情况说明",
    "（一）一般公共预算财政拨款支出决算总体情况", "（二）一般公共预算财政拨款支出决算结构情况",
    "（三）一般公共预算财政拨款支出决算具体情况", "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明", "（一）“三公”经费财政拨款支出决算总体情况说明。",
    "（二）“三公”经费财政拨款支出决算具体情况说明。", "八、政府性基金预算财政拨款收入支出决算情况说明",
    "九、国有资本经营预算财政拨款收入支出决算情况说明", "十、预算绩效管理情况", "十一、其他重要事项的情况说明",
    "（一）机关运行经费支出情况", "（二）政府采购支出情况", "（三）国有资产占有使用情况说明", "第四部分名词解释",
]


def test_numbered_headings_of_yichuan():
    path = PDF_TEXT / "yichuan_2025_final.txt"
    if not path.exists():
        pytest.skip("../shared/pdf-text is not beside the repo")
    text, _ = read_path(path)
    sections, _, _ = segment(text)
    found = ["".join((s.marker + s.title).split()) for s in sections if s.marker]
    assert found == YICHUAN_HEADINGS
