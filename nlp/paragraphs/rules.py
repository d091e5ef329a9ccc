"""The transparent rule baseline for paragraph labels (SPEC §3): headings and keywords.

It stays in the project as the yardstick the trained classifiers are compared against
(``python -m nlp.compare``). Every rule is a named, compiled pattern below; the order of
``label_paragraph`` is the order of precedence.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import regex

from nlp.model import PARAGRAPH_LABELS, Labelled
from nlp.read.fold import fold

GLOSSARY_SECTION = regex.compile(r"名词解释|专业名词|名词")
SANGONG_SECTION = regex.compile(r"三公")
MEETING_SECTION = regex.compile(r"会议费|培训费|差旅费|机关运行")
SANGONG_ITEM = regex.compile(r"因公出国|公务用车购置|公务用车运行|公务接待|公务用车")
DEFINITION = regex.compile(r"[：:]\s*(?:指|是指|反映|是与)|是指")
OTHER_SPENDING = regex.compile(r"主要包括[：:]|公用经费|机关运行经费|共有车辆|车辆\d+辆，其中|会议费|培训费|差旅费")
PERFORMANCE_SECTION = regex.compile(r"绩效|项目情况|项目经费|项目及")
PERFORMANCE_TEXT = regex.compile(r"绩效目标|绩效自评|绩效评价|绩效指标|一级指标|三级指标|指标值|满意度指标|数量指标|质量指标|时效指标|成本指标|项目概述|立项依据|实施主体|实施方案|实施周期")
DUTY_SECTION = regex.compile(r"职能|职责")
DUTY_EXCLUDED_SECTION = regex.compile(r"机构设置|单位构成|人员")
WORK_SECTION = regex.compile(r"重点工作|工作任务|主要工作|完成情况|下一步|工作计划")
WORK_ITEM = regex.compile(r"^[一二三四五六七八九十]+是")
OTHER_TOPIC_SECTION = regex.compile(r"收支|收入|支出|预算表|决算表|财政拨款|政府采购|国有资产|机关运行|结转结余|预算情况说明|决算情况说明")
"""A title that names one of the template's other topics (the budget tables, 收支, 财政拨款,
政府采购, 国有资产 …): it ends the search for a duty/work/performance ancestor, so a table misplaced
under 主要工作任务 by a heading-level slip is still 其他."""
ECONOMIC_ROW = regex.compile(r"^\W*30\d{3}")
"""A row of an economic-classification table (``[30217]公务接待费 8.16``): names a 三公 item as a
budget line, not as the 三公 account."""
TABLE_CAPTION = regex.compile(r"^[^\n]{0,40}表[ \u3000]*$", regex.MULTILINE)
"""A table's own title among its first lines (``政府性基金预算支出情况表``): it says what the table
is, even where the heading above belongs to the table before."""
TABLE_CAPTION_LINES = 3


def label_paragraph(text: str, kind: str, section_path: Sequence[str]) -> Labelled:
    """Label one paragraph from its own text and the titles of the sections above it (PDF
    artefacts folded, :mod:`nlp.read.fold`)."""
    return _labelled(_rule(_matchable(text), kind, tuple(section_path)))


SPACED_OUT = regex.compile(r"(?<=\p{Han}|[（）()])[ \u3000]+(?=\p{Han}|[（）()])")
"""Spaces between Chinese characters: a table cell spaced out in a PDF (``因 公 出 国 （ 境 ） 费``)."""


def _matchable(text: str) -> str:
    """What the keyword rules read: PDF artefacts folded and spaced-out characters closed up."""
    text = fold(text)
    return SPACED_OUT.sub("", text) if " " in text or "\u3000" in text else text   # no space: nothing to close


@lru_cache(maxsize=1024)
def _path_topic(section_path: tuple[str, ...]) -> tuple[bool, str | None]:
    """Whether the titles ``section_path`` (as written) hold a glossary, and their
    :func:`section_topic`: worked out once per section, not once per paragraph in it."""
    titles = tuple(_matchable(title) for title in section_path)
    return bool(GLOSSARY_SECTION.search(" ".join(titles))), section_topic(titles)


def _rule(text: str, kind: str, section_path: tuple[str, ...]) -> str:
    if kind in ("noise", "toc"):
        return "其他"
    glossary, topic = _path_topic(section_path)
    if glossary:
        return "其他"
    if kind == "table":
        caption = TABLE_CAPTION.search("\n".join(text.split("\n", TABLE_CAPTION_LINES)[:TABLE_CAPTION_LINES]))
        if caption:
            topic = section_topic((caption.group(0),)) or topic
        if topic == "三公":
            return "三公"
        if topic == "绩效目标" or (topic is None and PERFORMANCE_TEXT.search(text)):
            return "绩效目标"       # a budget table with a 绩效目标 column stays 其他 (GUIDELINES E.11)
        return "其他" if topic in ("其他", None) else topic
    if topic == "三公" and (SANGONG_SECTION.search(text) or SANGONG_ITEM.search(text) or not MEETING_SECTION.search(text)):
        return "三公"
    if (topic is None and SANGONG_ITEM.search(text) and not DEFINITION.search(text)
            and not OTHER_SPENDING.search(text) and not ECONOMIC_ROW.match(text)):
        return "三公"   # a 三公 item named outside any topical section
    if topic == "绩效目标" or (PERFORMANCE_TEXT.search(text) and topic != "重点工作"):
        return "绩效目标"
    if WORK_ITEM.match(text):
        return "重点工作"
    return topic if topic in ("职能", "重点工作") else "其他"


def section_topic(titles: Sequence[str]) -> str | None:
    """The topic of the nearest section title that names one (walking out from the innermost):
    ``三公``, ``绩效目标``, ``职能``, ``重点工作``, or ``其他`` for the template's other topics; None
    when no title names a topic. Titles that name nothing (a project's name, a line taken for a
    heading) are passed over, so their paragraphs take the topic of the section around them; a
    title naming both duties and work ("基本职能及主要工作") decides nothing and ends the search."""
    for title in reversed(titles):
        if SANGONG_SECTION.search(title):
            return "三公"
        if PERFORMANCE_SECTION.search(title):
            return "绩效目标"
        duty = bool(DUTY_SECTION.search(title)) and not DUTY_EXCLUDED_SECTION.search(title)
        work = bool(WORK_SECTION.search(title))
        if DUTY_EXCLUDED_SECTION.search(title) or (duty and work):
            return None
        if duty or work:
            return "职能" if duty else "重点工作"
        if OTHER_TOPIC_SECTION.search(title) or MEETING_SECTION.search(title):
            return "其他"
    return None


def _labelled(label: str) -> Labelled:
    return Labelled(label, {name: float(name == label) for name in PARAGRAPH_LABELS})
