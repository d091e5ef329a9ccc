"""Hostile inputs for the core (issue #16, items 5–8 and 16): structures that nest or chain
without bound, long runs of spaces, entity-dense text, signs and exponents next to numbers.
Linear behaviour is checked by counting work or comparing sizes, never by timing."""
import pytest

from nlp.adapters.writers import to_text
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
