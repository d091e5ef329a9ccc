"""Document facts (SPEC §9): the department, fiscal year, kind (预算 / 决算) and level (部门 /
单位) of a disclosure, as its cover, title or table headers write them; None where the text
does not say."""
from __future__ import annotations

from typing import NamedTuple

import regex

_HEAD = 3000
"""The cover and title are at the top: the first characters are searched first."""

_SPACE = r"[\s\u3000]*"
TITLE = regex.compile(
    rf"(?P<before>[\p{{Han}}（）()]{{2,40}}?)?{_SPACE}(?P<year>20\d{{2}}){_SPACE}年{_SPACE}度?{_SPACE}"
    rf"(?P<after>[\p{{Han}}（）()\s]{{0,40}}?)(?:区级|市级|省级|县级)?(?P<level>部门|单位)?{_SPACE}(?P<kind>预算|决算)")
"""``某市某区人民政府某街道办事处 2024 年区级部门预算`` or ``2026年某市交通委员会部门预算``."""

EDITOR = regex.compile(rf"(?:预算主管部门|主管部门|预算单位|编制部门|编制单位|部门名称|单位名称|部门|单位){_SPACE}[:：]{_SPACE}(?P<name>[\p{{Han}}（）()]{{4,40}})")

_NOT_DEPARTMENT = regex.compile(r"^(?:部门|单位|本部门|本单位|区级|市级)$|^(?:关于|目录|公开|第)")
_ORGANISATION = regex.compile(r"(?:办公室|局|委员会|中心|办事处|政府办|委|厅|院|所|站|队|部|会|馆|校|处|室|政府|（本级）|\(本级\))$")
"""How a department's or unit's name ends: a guard against taking a region or a heading."""


def _organisation(name: str | None) -> str | None:
    if not name:
        return None
    name = regex.sub(r"\s+", "", name)
    return name if _ORGANISATION.search(name) and not _NOT_DEPARTMENT.search(name) else None


class DocumentFacts(NamedTuple):
    department: str | None
    fiscal_year: int | None
    doc_kind: str | None       # 预算 / 决算
    level: str | None          # 部门 / 单位

    def as_record(self) -> dict:
        return self._asdict()


def document_facts(text: str) -> DocumentFacts:
    head = text[:_HEAD]
    title = TITLE.search(head) or TITLE.search(text)
    department = year = kind = level = None
    editor = EDITOR.search(head)
    if editor is not None:
        department = _organisation(editor.group("name"))
    if title is not None:
        year, kind, level = int(title.group("year")), title.group("kind"), title.group("level")
        for candidate in (title.group("before"), title.group("after")):
            department = department or _organisation(candidate)
    if level is None:
        said = regex.search(r"(部门|单位)(预算|决算)", head)
        level = said.group(1) if said else None
    return DocumentFacts(department, year, kind, level)
