"""Fact rows (SPEC §9): one row per number of a disclosure, from its tables and from the
sentences of its explanation (``…行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元``
→ two facts, roles 年初预算 and 支出决算). Values are exact :class:`~decimal.Decimal` yuan."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator, NamedTuple

from nlp.model import Document, Entity
from nlp.tables.metadata import DocumentFacts, document_facts
from nlp.tables.parse import find_tables
from nlp.tables.structure import Table
from nlp.tables.vocabulary import AMOUNT_ROLES, NUMBER, UNIT_FACTORS

FACT_FIELDS = ("doc_id", "department", "fiscal_year", "doc_kind", "source", "table", "code", "scheme",
               "level", "item", "column", "value", "unit", "written", "start", "end", "page", "inferred")

_WINDOW = 160
"""How far after a classification chain its amounts are looked for (a sentence or two)."""


class Fact(NamedTuple):
    doc_id: str
    department: str | None
    fiscal_year: int | None
    doc_kind: str | None
    source: str                 # "table" | "text"
    table: str | None           # national table kind, else the title; None for a sentence
    code: str | None
    scheme: str | None
    level: str | None
    item: str | None
    column: str                 # the column's header path, or a sentence's role (年初预算)
    value: Decimal              # in yuan, exact
    unit: str | None            # as written: 元 / 万元 …
    written: str                # the number as written (the span's text, without a sentence's unit)
    start: int
    end: int
    page: int | None
    inferred: bool = False      # the column was placed by the table's sums (a short PDF row), not read


def facts_of(doc: Document, tables: list[Table] | None = None,
             about: DocumentFacts | None = None) -> Iterator[Fact]:
    """The facts of a tagged document: every table cell, then every amount of an explanation
    sentence that follows a classification chain, in document order within each source."""
    about = about or document_facts(doc.text)
    head = (doc.doc_id, about.department, about.fiscal_year, about.doc_kind)
    for table in find_tables(doc.text) if tables is None else tables:
        factor = UNIT_FACTORS.get(table.unit or "元", Decimal(1))
        name = table.kind or table.title or None
        for row in table.rows:
            for cell in row.cells:
                percent = doc.text[cell.end:cell.end + 1] in ("%", "％")     # percentage points, not money
                yield Fact(*head, "table", name, row.code, row.scheme, row.level, row.item or None,
                           table.columns[cell.column], _exact(cell.value if percent else cell.value * factor),
                           "%" if percent else table.unit, cell.written,
                           cell.start, cell.end, doc.page_of(cell.start), cell.inferred)
    yield from _sentence_facts(doc, head)


def _sentence_facts(doc: Document, head: tuple) -> Iterator[Fact]:
    chain: Entity | None = None
    boundary = 0
    for entity in doc.entities:
        if entity.label == "EXP_CODE":
            if "（" in entity.text or "(" in entity.text:     # a chain in prose, not a table's code
                chain, boundary = entity, entity.end
            continue
        if entity.label != "AMOUNT" or chain is None or entity.start - chain.end > _WINDOW:
            continue
        role = AMOUNT_ROLES.search(doc.text, boundary, entity.start)
        boundary = entity.end
        if role is None:
            continue
        attrs = chain.attrs
        number = NUMBER.match(doc.text, entity.start, entity.end)   # the span of the number, not its unit
        start, end = number.span() if number else (entity.start, entity.end)
        names = attrs.get("names") or ()
        yield Fact(*head, "text", None, attrs.get("code"), attrs.get("scheme"), attrs.get("level"),
                   names[-1] if names else None, role.group("role"), _exact(entity.attrs["value"]),
                   entity.attrs.get("unit"), doc.text[start:end], start, end, doc.page_of(start))


def _exact(value: Decimal) -> Decimal:
    """The value without exponent noise (``1.5E+5`` → ``150000``), digits kept exactly."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize() if "E" not in str(value.normalize()) else value


def facts_of_many(docs: Iterable[Document]) -> Iterator[Fact]:
    for doc in docs:
        yield from facts_of(doc)
