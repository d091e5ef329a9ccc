"""Hostile inputs for the core (issue #16, items 5–8 and 16): structures that nest or chain
without bound, long runs of spaces, entity-dense text, signs and exponents next to numbers.
Linear behaviour is checked by counting work or comparing sizes, never by timing."""
import gc
import re
import tracemalloc
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from nlp.adapters import writers
from nlp.adapters.writers import to_text
from nlp.entities import find_entities
from nlp.model import Labelled
from nlp.pipeline import tag_text
from nlp.segment import segment

# --- item 5: a list restarting at 一 must not nest one level deeper each time ------------------

PROJECT = "项目名称：X\n一、项目概述\n内容。\n二、立项依据\n内容。\n"


def _depth(text):
    sections, _, _ = segment(text)
    return len(sections), max((s.level for s in sections), default=0)


def test_a_list_restarting_at_its_own_family_is_a_sibling_not_a_child():
    """Each project block restarts 一、 right after the previous block's 二、: the two are
    siblings (one level), however many projects follow (it was one level deeper each time)."""
    sections, _, _ = segment(PROJECT * 3)
    assert [s.marker for s in sections] == ["一、", "二、"] * 3
    assert all(s.title.startswith(("项目概述", "立项依据")) for s in sections)
    assert {s.level for s in sections} == {1}
    assert {s.parent for s in sections} == {None}


@pytest.mark.parametrize("unit", [PROJECT, "一、甲\n（一）乙\n", "一、甲\n（一）乙\n1.丙说明\n"])
def test_section_depth_is_bounded_and_the_outline_linear(unit):
    small, large = unit * 50, unit * 400
    count_small, depth_small = _depth(small)
    count_large, depth_large = _depth(large)
    assert count_large == 8 * count_small           # every heading is still a section
    assert depth_large == depth_small <= 6          # a family nests inside itself once at most
    # the text outline indents by depth: its size grows with the text, not with text × depth
    ratio = len(to_text(tag_text(large))) / len(to_text(tag_text(small)))
    assert ratio < 8.5, ratio


def test_a_list_restarted_inside_a_section_of_another_family_still_opens_a_level():
    """The documented case stays: "（二）重点工作完成情况" followed by a list 一、二、 that is its
    content (text between the items, so they are headings, not a bare list)."""
    text = ("一、部门职责\n（一）主要职能\n负责本部门工作。\n（二）重点工作完成情况\n"
            "一、强化效能\n完成了督查工作。\n二、强化办理\n完成了回访工作。\n")
    sections, _, _ = segment(text)
    by_title = {s.title: s for s in sections}
    assert by_title["强化效能"].parent == by_title["重点工作完成情况"].id
    assert by_title["强化办理"].parent == by_title["重点工作完成情况"].id
    assert by_title["强化效能"].level == 3


# --- item 6: a paragraph continued over many page breaks is joined once, not once per part -------

WIDE_LINE = "本部门围绕中心工作持续推进各项任务落实，加强预算管理和绩效评价工作，"


def _pages(n):
    """One paragraph running over ``n`` page breaks, a page number at the foot of each page."""
    pages = "".join(f"{WIDE_LINE}\n{WIDE_LINE}\n- {i + 1} -\n\f" for i in range(n))
    return "某部门2024年部门预算说明\n" + pages + "完成。\n"


def _labeller_work(text):
    """(calls, characters handed to the labeller, the document) for tagging ``text``."""
    calls, chars = 0, 0

    def labeller(paragraph_text, kind, path):
        nonlocal calls, chars
        calls += 1
        chars += len(paragraph_text)
        return Labelled("其他", {"其他": 1.0})

    doc = tag_text(text, labeller=labeller)
    return calls, chars, doc


def test_a_paragraph_over_many_pages_is_labelled_once_as_a_whole():
    calls, chars, doc = _labeller_work(_pages(200))
    parts = [p for p in doc.paragraphs if p.kind == "text"]
    assert sum(p.continues is not None for p in parts) == 200     # the chain the test is about
    noise = sum(p.kind == "noise" for p in doc.paragraphs)
    # the title, the chain once, each page number once (it was once per part of the chain)
    assert calls == 1 + 1 + noise
    text_chars = sum(p.end - p.start for p in doc.paragraphs)
    assert chars == text_chars            # each character handed over once: linear, not n²/2


def test_every_part_of_a_continued_paragraph_has_the_label_of_the_whole():
    text = _pages(3)
    calls, chars, doc = _labeller_work(text)
    chain = [i for i, p in enumerate(doc.paragraphs) if p.kind == "text"][1:]
    assert len({id(doc.labels[i]) for i in chain}) == 1
    real = tag_text(text)
    assert len({real.labels[i].label for i in chain}) == 1


# --- item 7: the HTML page's line-wrap patterns on long runs of spaces ---------------------------

SPACE_RUN_ALPHABET = st.sampled_from([" ", "\t", "\u3000", "\n", "\r", "\r\n", "a", "中"])
# The patterns as they were: right, but a run of n spaces without a line break cost n²/2 steps.
QUADRATIC_WRAP = re.compile(r"[ \t\u3000]*(?:\r\n|\r|\n)[ \t\u3000]*")
QUADRATIC_BLANK = re.compile(r"(?:[ \t\u3000]*(?:\r\n|\r|\n)){2,}")


@settings(max_examples=400, deadline=None)
@given(st.lists(SPACE_RUN_ALPHABET, max_size=30).map("".join))
def test_line_wrap_patterns_match_what_they_matched_before(text):
    assert ([m.span() for m in writers.LINE_WRAP.finditer(text)]
            == [m.span() for m in QUADRATIC_WRAP.finditer(text)])
    assert ([m.span() for m in writers.BLANK_LINES.finditer(text)]
            == [m.span() for m in QUADRATIC_BLANK.finditer(text)])


@pytest.mark.parametrize("pattern", ["LINE_WRAP", "BLANK_LINES"])
def test_no_match_starts_inside_a_run_of_spaces(pattern):
    """What makes the patterns linear: an attempt that starts inside a run of spaces fails at
    once instead of scanning the rest of the run, so each run is scanned from its first space
    only. (The old patterns matched from every position of the run.)"""
    text = "中" + " " * 50 + "\n\n中"
    compiled = getattr(writers, pattern)
    assert compiled.match(text, 1) is not None
    assert all(compiled.match(text, i) is None for i in range(2, 51))
    assert all(old.match(text, i) for old in (QUADRATIC_WRAP, QUADRATIC_BLANK) for i in range(2, 51))


def test_html_of_a_long_run_of_spaces_keeps_every_space():
    text = "预算说明" + " " * 20_000 + "完成。"
    assert writers._unwrapped(text, 0, len(text)) == text
    assert writers._line_by_line(text, 0, len(text)) == text


# --- item 16: signs and exponents next to numbers -------------------------------------------------

def _numeric(text):
    return [(e.label, e.text, e.attrs["value"]) for e in find_entities(text) if e.label != "EXP_CODE"]


@pytest.mark.parametrize("text, expected", [
    # a minus directly before the number is its sign: in the span and in the value
    ("增加-500万元", [("AMOUNT", "-500万元", -5_000_000)]),
    ("-5元", [("AMOUNT", "-5元", -5)]),
    ("差额为 -1,200.50元", [("AMOUNT", "-1,200.50元", Decimal("-1200.5"))]),
    ("增加－12.5万元", [("AMOUNT", "－12.5万元", -125_000)]),           # full-width minus
    ("同比−3.5％", [("PERCENT", "−3.5％", Decimal("-3.5"))]),            # U+2212
    ("增长-3.5%", [("PERCENT", "-3.5%", Decimal("-3.5"))]),
    ("（-8%）", [("PERCENT", "-8%", -8)]),
    # a decrease written in words keeps a positive value
    ("减少500万元", [("AMOUNT", "500万元", 5_000_000)]),
    # a hyphen after a digit or a Latin letter joins, it does not sign
    ("10-20万元", [("AMOUNT", "20万元", 200_000)]),
    ("A-5元", [("AMOUNT", "5元", 5)]),
    ("3--5元", [("AMOUNT", "5元", 5)]),
    # a number in exponent notation is not split into an amount or a share
    ("1e30元", []),
    ("1E+30元", []),
    ("2.5e-3万元", []),
    ("7e5%", []),
    # a Chinese numeral takes no ASCII sign
    ("增加-五百万元", [("AMOUNT", "五百万元", 5_000_000)]),
])
def test_signs_and_exponents(text, expected):
    assert _numeric(text) == expected
    for e in find_entities(text):
        assert text[e.start:e.end] == e.text


def test_a_hyphen_between_a_code_and_its_name_is_no_sign():
    text = "（一）2011301-行政运行 2163.74 万元"
    amounts = [e for e in find_entities(text) if e.label == "AMOUNT"]
    assert [(e.text, e.attrs["value"]) for e in amounts] == [("2163.74 万元", 21_637_400)]


def test_a_comparator_before_a_signed_percentage_stays_outside():
    (entity,) = find_entities("偏差≥-5%")
    assert (entity.text, entity.attrs["value"], entity.attrs["comparator"]) == ("-5%", -5, "≥")


def test_minus_zero_is_zero():
    (entity,) = find_entities("增加-0万元")
    assert entity.text == "-0万元" and str(entity.attrs["value"]) == "0"


# --- item 8: memory per entity -------------------------------------------------------------------

def test_entities_written_alike_share_their_text_and_attributes():
    entities = find_entities("支出1元，又1元；占5%，≥5%，再5%。")
    one, again, share, at_least, share_again = entities
    assert one.attrs is again.attrs and one.text is again.text
    assert share.attrs is share_again.attrs
    assert at_least.attrs is not share.attrs                  # the comparator differs
    assert dict(at_least.attrs) == {"value": 5, "comparator": "≥"} and dict(share.attrs) == {"value": 5}
    assert [e.start for e in entities] == [2, 6, 10, 14, 18]  # offsets stay each entity's own


def test_different_amounts_keep_their_own_values():
    entities = find_entities("1元2元1万元-1元")
    assert [(e.text, e.attrs["value"], e.attrs["unit"]) for e in entities] == [
        ("1元", 1, "元"), ("2元", 2, "元"), ("1万元", 10_000, "万元"), ("-1元", -1, "元")]


def test_memory_held_per_entity_on_entity_dense_text():
    """4 MB of ``1元`` held 1.2 GB: each entity had its own text, dict and Decimal (≈ 530 bytes,
    measured with tracemalloc). Now what stays per entity is the tuple and its two offsets."""
    text = "1元" * 20_000
    gc.collect()
    tracemalloc.start()
    try:
        entities = find_entities(text)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(entities) == 20_000
    assert held / len(entities) < 250, held / len(entities)
