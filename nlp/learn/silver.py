"""Gold-free ("silver") checks of paragraph labels over many unannotated documents (issue #12):
cheap shares that catch a classifier which learned a shortcut ("a table is always 绩效目标").

Each check picks paragraphs by the innermost section title the segmenter gives them and says
which label they should have: a table under a title naming a budget table (收支, 收入, 支出,
财政拨款, 功能分类, 经济分类, 基本支出, 政府性基金, 国有资本; not 三公 or 绩效) → 其他; a table under a
三公 title → 三公; text under a 职能/职责 title (not 机构, 人员, 单位构成, 设置) → 职能 — the same
definitions as the team's ``silver_check.py``. Silver, not gold: titles can mislead, so the
shares are read beside the gold protocols, never instead of them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

import regex

from nlp.paragraphs.linear_model import Example

BUDGET_TABLE = regex.compile(r"收支|收入|支出|财政拨款|功能分类|经济分类|基本支出|政府性基金|国有资本")
NOT_BUDGET = regex.compile(r"三公|绩效")
SANGONG = regex.compile(r"三公")
DUTY = regex.compile(r"职能|职责")
NOT_DUTY = regex.compile(r"机构|人员|单位构成|设置")
CHECKS = ("budget tables → 其他", "三公 tables → 三公", "duty text → 职能")


def expected_label(kind: str, title: str) -> tuple[str, str] | None:
    """(check, label it should have) for a paragraph of ``kind`` under ``title``, or None."""
    if kind == "table":
        if SANGONG.search(title):
            return CHECKS[1], "三公"
        if BUDGET_TABLE.search(title) and not NOT_BUDGET.search(title):
            return CHECKS[0], "其他"
    elif kind == "text" and DUTY.search(title) and not NOT_DUTY.search(title):
        return CHECKS[2], "职能"
    return None


def silver_examples(paths: Iterable[str | Path]) -> tuple[list[Example], list[tuple[str, str]]]:
    """The paragraphs of ``paths`` that a check covers, as classifier input, with (check,
    expected label) beside each. Files that cannot be read are skipped."""
    from nlp.errors import BadInput
    from nlp.pipeline import section_paths
    from nlp.read import read_source
    from nlp.segment import segment

    examples, expected = [], []
    for path in paths:
        try:
            text = read_source(path).text
        except BadInput:
            continue
        sections, paragraphs, _ = segment(text)
        titles = section_paths(sections)
        for paragraph in paragraphs:
            path_titles = titles[paragraph.section]
            check = expected_label(paragraph.kind, path_titles[-1] if path_titles else "")
            if check:
                examples.append(Example(text[paragraph.start:paragraph.end], paragraph.kind, path_titles))
                expected.append(check)
    return examples, expected


def silver_shares(predict: Callable[[Sequence[Example]], Sequence[str]], examples: Sequence[Example],
                  expected: Sequence[tuple[str, str]]) -> dict[str, dict]:
    """Per check: how many of its paragraphs ``predict`` labels as expected, of how many."""
    predicted = list(predict(examples)) if examples else []
    shares = {check: {"right": 0, "total": 0} for check in CHECKS}
    for (check, want), got in zip(expected, predicted):
        shares[check]["total"] += 1
        shares[check]["right"] += got == want
    for share in shares.values():
        share["share"] = share["right"] / share["total"] if share["total"] else None
    return shares
