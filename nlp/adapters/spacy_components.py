"""spaCy adapter for the entity tagger: a pipeline component and a DocBin exporter.

The core (:mod:`nlp.entities`) knows nothing about spaCy; this module only maps its character
spans onto spaCy tokens. The component is advertised through the ``spacy_factories`` entry
point of the package, so ``nlp.add_pipe("budget_entities")`` works in a fresh interpreter
without importing this package first. Only this module imports spaCy.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from nlp.entities import find_entities
from nlp.model import Document, Entity

FACTORY_NAME = "budget_entities"
SPANS_KEY = "budget"
ENTITY_ATTRIBUTES = ("value", "unit", "approximate", "comparator", "code", "scheme", "level", "names")
"""Entity attributes (SPEC §4) exposed as ``Span._.<name>``; ``None`` where not applicable."""

CHINESE_JIEBA_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}}
"""A blank Chinese pipeline that segments words with jieba (no model download needed)."""

COMPONENT_DEFAULTS = {"spans_key": SPANS_KEY, "write_ents": True}
"""The component's settings and their defaults (``nlp.add_pipe("budget_entities", config={...})``)."""


@Language.factory(FACTORY_NAME, default_config=COMPONENT_DEFAULTS, assigns=["doc.ents", "doc.spans"])
def make_budget_entities(nlp: Language, name: str, spans_key: str, write_ents: bool) -> "BudgetEntities":
    """Build the ``budget_entities`` component (registered for ``nlp.add_pipe``)."""
    return BudgetEntities(nlp, name, spans_key=spans_key, write_ents=write_ents)


class BudgetEntities:
    """Tags AMOUNT, PERCENT and EXP_CODE (SPEC §4) in a spaCy ``Doc``.

    All entities go to ``doc.spans[spans_key]``; those that do not overlap each other or an
    existing entity also go to ``doc.ents``. Character spans are widened to whole tokens
    (``alignment_mode="expand"``). Attributes are span extensions: ``span._.value`` (a
    :class:`~decimal.Decimal`), ``._.unit``, ``._.comparator``, ``._.code``, ``._.scheme``,
    ``._.level``, ``._.names``.

    Example::

        >>> import spacy
        >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        ...     "@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}})
        >>> _ = nlp.add_pipe("budget_entities")
        >>> doc = nlp("卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）预算13.52万元，占2.1%。")
        >>> [(span.label_, span.text) for span in doc.spans["budget"]]
        [('EXP_CODE', '卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）'), ('AMOUNT', '13.52万元'), ('PERCENT', '2.1%')]
        >>> code, amount, share = doc.spans["budget"]
        >>> code._.code, amount._.value, amount._.unit, share._.value
        ('2101101', Decimal('135200'), '万元', Decimal('2.1'))
    """

    def __init__(self, nlp: Language, name: str = FACTORY_NAME, *, spans_key: str = SPANS_KEY, write_ents: bool = True):
        self.name = name
        self.spans_key = spans_key
        self.write_ents = write_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Span]:
        """The entities of ``doc.text`` as token spans carrying their attributes."""
        return entity_spans(doc, find_entities(doc.text))

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[self.spans_key] = spans
        if self.write_ents:
            add_ents(doc, spans)


def register_extensions() -> None:
    """Register the ``Span._`` attributes once (idempotent)."""
    for attribute in ENTITY_ATTRIBUTES:
        if not Span.has_extension(attribute):
            Span.set_extension(attribute, default=None)


def entity_spans(doc: Doc, entities: Iterable[Entity]) -> list[Span]:
    """Token spans for model entities, labelled and with their attributes set."""
    spans = []
    for entity in entities:
        span = doc.char_span(entity.start, entity.end, label=entity.label, alignment_mode="expand")
        if span is None:   # only possible for a span of whitespace, which the tagger never makes
            continue
        for attribute in ENTITY_ATTRIBUTES:
            value = entity.attrs.get(attribute)
            setattr(span._, attribute, list(value) if isinstance(value, (list, tuple)) else value)
        spans.append(span)
    return spans


def add_ents(doc: Doc, spans: Iterable[Span]) -> None:
    """Add to ``doc.ents`` the spans that overlap neither each other nor an existing entity."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    new = [span for span in filter_spans(spans) if taken.isdisjoint(range(span.start, span.end))]
    doc.set_ents(new, default="unmodified")


def chinese_pipeline() -> Language:
    """A blank Chinese pipeline with the jieba segmenter."""
    return spacy.blank("zh", config=CHINESE_JIEBA_CONFIG)


def to_docbin(documents: Iterable[Document], nlp: Language | None = None) -> DocBin:
    """A spaCy ``DocBin`` of model documents: their text tokenised by ``nlp`` (default:
    :func:`chinese_pipeline`), their entities in ``doc.spans["budget"]`` and ``doc.ents``.

    Span attributes are stored as user data; ``value`` is written as a decimal string
    (``"26923600"``), because msgpack, DocBin's format, has no exact decimal type.
    """
    tokenizer = nlp or chinese_pipeline()
    register_extensions()
    docbin = DocBin(store_user_data=True)
    for document in documents:
        doc = tokenizer.make_doc(document.text)
        spans = entity_spans(doc, document.entities)
        doc.spans[SPANS_KEY] = spans
        add_ents(doc, spans)
        for key, value in doc.user_data.items():
            if isinstance(value, Decimal):
                doc.user_data[key] = str(value)
        docbin.add(doc)
    return docbin
