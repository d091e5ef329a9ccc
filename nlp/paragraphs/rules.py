"""The transparent rule baseline for paragraph labels (SPEC §3): headings and keywords.

It stays in the project as the yardstick the trained classifiers are compared against
(``python -m nlp.compare``). Every rule is a named, compiled pattern below; the order of
``label_paragraph`` is the order of precedence.
"""
from __future__ import annotations

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


def label_paragraph(text: str, kind: str, section_path: Sequence[str]) -> Labelled:
    """Label one paragraph from its own text and the titles of the sections above it (PDF
    artefacts folded, :mod:`nlp.read.fold`)."""
    return _labelled(_rule(_matchable(text), kind, tuple(_matchable(title) for title in section_path)))


SPACED_OUT = regex.compile(r"(?<=\p{Han}|[（）()])[ \u3000]+(?=\p{Han}|[（）()])")
"""Spaces between Chinese characters: a table cell spaced out in a PDF (``因 公 出 国 （ 境 ） 费``)."""


def _matchable(text: str) -> str:
    """What the keyword rules read: PDF artefacts folded and spaced-out characters closed up."""
    return SPACED_OUT.sub("", fold(text))


def _rule(text: str, kind: str, titles: tuple[str, ...]) -> str:
    path = " ".join(titles)
    innermost = titles[-1] if titles else ""
    if kind in ("noise", "toc"):
        return "其他"
    if GLOSSARY_SECTION.search(path):
        return "其他"
    if SANGONG_SECTION.search(innermost) and not MEETING_SECTION.search(innermost):
        return "三公"
    if (SANGONG_ITEM.search(text) and not DEFINITION.search(text) and not OTHER_SPENDING.search(text)
            and not WORK_SECTION.search(path)):
        return "三公"
    if PERFORMANCE_SECTION.search(innermost) or (kind == "table" and PERFORMANCE_TEXT.search(text)):
        return "绩效目标"
    if PERFORMANCE_TEXT.search(text) and not WORK_SECTION.search(path):
        return "绩效目标"
    if WORK_ITEM.match(text):
        return "重点工作"
    return _duty_or_work(titles) or "其他"


def _duty_or_work(titles: tuple[str, ...]) -> str | None:
    """The nearest section title that speaks of duties or of work decides; a title naming
    both ("基本职能及主要工作") decides nothing."""
    for title in reversed(titles):
        duty = bool(DUTY_SECTION.search(title)) and not DUTY_EXCLUDED_SECTION.search(title)
        work = bool(WORK_SECTION.search(title))
        if DUTY_EXCLUDED_SECTION.search(title):
            return None
        if duty != work:
            return "职能" if duty else "重点工作"
    return None


def _labelled(label: str) -> Labelled:
    return Labelled(label, {name: float(name == label) for name in PARAGRAPH_LABELS})
