"""spaCy adapter: pipeline components that carry the whole tagged document, and DocBin export.

The core (:mod:`nlp.pipeline`) knows nothing about spaCy; this module maps its character spans
onto spaCy tokens. Three components, each advertised through the package's ``spacy_factories``
entry points, so that ``nlp.add_pipe(NAME)`` works in a fresh interpreter without importing
this package first (only this module imports spaCy):

- ``budget_document`` — the whole document, tagged once: ``doc.sents`` (the tagger's sentences,
  each heading a sentence of its own), ``doc.spans["budget_sections"]``, ``["budget_headings"]``,
  ``["budget_paragraphs"]`` (label = the paragraph label, ``span._.scores`` its probabilities)
  and ``["budget_sentences"]``, the entities in ``doc.spans["budget"]`` and ``doc.ents`` with their
  attributes, and ``doc.cats`` when the Doc is one paragraph.
- ``budget_paragraph`` — a Doc that is one paragraph gets ``doc.cats`` (a text classifier).
- ``budget_entities`` — the entities only.

Spans are exact: a token that straddles a boundary of the tagger (a sentence end inside a
jieba word, say) is split there first, so every span's ``start_char``/``end_char`` are the
tagger's offsets.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span, SpanGroup
from spacy.util import filter_spans

from nlp.entities import find_entities
from nlp.model import PARAGRAPH_LABELS, Document, Entity
from nlp.pipeline import section_paths, tag_text

FACTORY_NAME = "budget_entities"
DOCUMENT_FACTORY = "budget_document"
PARAGRAPH_FACTORY = "budget_paragraph"
SPANS_KEY = "budget"
SECTIONS_KEY, HEADINGS_KEY = "budget_sections", "budget_headings"
PARAGRAPHS_KEY, SENTENCES_KEY = "budget_paragraphs", "budget_sentences"

ENTITY_ATTRIBUTES = ("value", "unit", "approximate", "comparator", "code", "scheme", "level", "names")
"""Entity attributes (SPEC §4) exposed as ``Span._.<name>``; ``None`` where not applicable."""
PARAGRAPH_ATTRIBUTES = ("paragraph_id", "kind", "scores", "continues")
"""Attributes of a paragraph span, besides its label (the paragraph label)."""
SECTION_ATTRIBUTES = ("section_id", "parent_id", "section_level", "marker", "title", "section_path", "page")
"""Attributes of section and heading spans (``section_id`` also on paragraphs, ``page`` on every
span of a PDF source)."""
DECIMAL_ATTRIBUTES = frozenset({"value"})
"""Span attributes holding an exact :class:`~decimal.Decimal` (stored as a string in a DocBin)."""
LIST_ATTRIBUTES = frozenset({"names", "section_path"})
"""Span attributes holding a list (a DocBin gives tuples back; :func:`from_docbin` restores lists)."""

CHINESE_JIEBA_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}}
"""A blank Chinese pipeline that segments words with jieba (no model download needed)."""

COMPONENT_DEFAULTS = {"spans_key": SPANS_KEY, "write_ents": True}
"""The component's settings and their defaults (``nlp.add_pipe("budget_entities", config={...})``)."""


@Language.factory(FACTORY_NAME, default_config=COMPONENT_DEFAULTS, assigns=["doc.ents", "doc.spans"])
def make_budget_entities(nlp: Language, name: str, spans_key: str, write_ents: bool) -> "BudgetEntities":
    """Build the ``budget_entities`` component (registered for ``nlp.add_pipe``)."""
    return BudgetEntities(nlp, name, spans_key=spans_key, write_ents=write_ents)


@Language.factory(DOCUMENT_FACTORY, default_config=COMPONENT_DEFAULTS,
                  assigns=["token.is_sent_start", "doc.spans", "doc.ents", "doc.cats"])
def make_budget_document(nlp: Language, name: str, spans_key: str, write_ents: bool) -> "BudgetDocument":
    """Build the ``budget_document`` component (registered for ``nlp.add_pipe``)."""
    return BudgetDocument(nlp, name, spans_key=spans_key, write_ents=write_ents)


@Language.factory(PARAGRAPH_FACTORY, assigns=["doc.cats"])
def make_budget_paragraph(nlp: Language, name: str) -> "BudgetParagraph":
    """Build the ``budget_paragraph`` component (registered for ``nlp.add_pipe``)."""
    return BudgetParagraph(nlp, name)


class BudgetEntities:
    """Tags AMOUNT, PERCENT and EXP_CODE (SPEC §4) in a spaCy ``Doc``.

    All entities go to ``doc.spans[spans_key]``; those that do not overlap each other or an
    existing entity also go to ``doc.ents``. Character spans are widened to whole tokens
    (``alignment_mode="expand"``; ``budget_document`` splits tokens instead). Attributes are
    span extensions: ``span._.value`` (a :class:`~decimal.Decimal`), ``._.unit``,
    ``._.comparator``, ``._.code``, ``._.scheme``, ``._.level``, ``._.names``.

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


class BudgetDocument:
    """The whole tagged document on a spaCy ``Doc``: sentences, sections, headings, paragraphs
    with their labels and scores, entities with their attributes.

    - ``doc.sents``: the tagger's sentences; each heading is a sentence of its own; whitespace
      between two of them goes with the one before. ``doc.spans["budget_sentences"]`` holds the
      tagger's sentences exactly (without that whitespace).
    - ``doc.spans["budget_sections"]``: one span per section (its heading and body), label
      ``H<level>``, with ``._.section_id``, ``._.parent_id``, ``._.section_level``,
      ``._.marker``, ``._.title``, ``._.section_path``; ``["budget_headings"]``: the headings
      alone, same label and attributes.
    - ``doc.spans["budget_paragraphs"]``: label = the paragraph label (职能 …), ``._.scores``
      (label → probability), ``._.kind``, ``._.paragraph_id``, ``._.section_id``,
      ``._.continues``. The group's ``attrs["labels"]`` lists the five labels.
    - ``doc.spans[spans_key]`` and ``doc.ents``: as ``budget_entities``.
    - ``doc.cats``: the paragraph label's probabilities, when the Doc is one paragraph.

    Example::

        >>> import spacy
        >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        ...     "@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}})
        >>> _ = nlp.add_pipe("budget_document")
        >>> doc = nlp("一、主要职能\\n负责全区财政工作。拟订财政政策。\\n二、“三公”经费\\n因公出国（境）费预算12.5万元。\\n")
        >>> [(s.label_, s._.title) for s in doc.spans["budget_headings"]]
        [('H1', '主要职能'), ('H1', '“三公”经费')]
        >>> [(p.label_, p.text) for p in doc.spans["budget_paragraphs"]]
        [('职能', '负责全区财政工作。拟订财政政策。'), ('三公', '因公出国（境）费预算12.5万元。')]
        >>> [s.text for s in doc.spans["budget_sentences"]]
        ['负责全区财政工作。', '拟订财政政策。', '因公出国（境）费预算12.5万元。']
        >>> [(e.label_, e.text, e._.value) for e in doc.ents]
        [('AMOUNT', '12.5万元', Decimal('125000'))]
    """

    def __init__(self, nlp: Language, name: str = DOCUMENT_FACTORY, *, spans_key: str = SPANS_KEY,
                 write_ents: bool = True):
        self.name = name
        self.spans_key = spans_key
        self.write_ents = write_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, tag_text(doc.text), spans_key=self.spans_key, write_ents=self.write_ents)


class BudgetParagraph:
    """A text classifier: a Doc that is one paragraph gets ``doc.cats``, the shipped
    classifier's probabilities of the five labels (SPEC §3), summing to 1.

    Example::

        >>> import spacy
        >>> nlp = spacy.blank("zh")
        >>> _ = nlp.add_pipe("budget_paragraph")
        >>> doc = nlp("2024年“三公”经费预算数为12.5万元，其中因公出国（境）费0万元。")
        >>> max(doc.cats, key=doc.cats.get)
        '三公'
    """

    def __init__(self, nlp: Language, name: str = PARAGRAPH_FACTORY):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from nlp.paragraphs.linear_model import default_model

        doc.cats = dict(default_model()(doc.text, "text", ()).scores)
        return doc


def register_extensions() -> None:
    """Register the ``Span._`` attributes once (idempotent)."""
    for attribute in (*ENTITY_ATTRIBUTES, *PARAGRAPH_ATTRIBUTES, *SECTION_ATTRIBUTES):
        if not Span.has_extension(attribute):
            Span.set_extension(attribute, default=None)


def annotate(doc: Doc, document: Document, *, spans_key: str = SPANS_KEY, write_ents: bool = True) -> Doc:
    """Write a tagged :class:`Document` (of the same text) onto ``doc``; see :class:`BudgetDocument`."""
    if doc.text != document.text:
        raise ValueError("the Doc's text is not the tagged document's text")
    register_extensions()
    doc = split_tokens(doc, _boundaries(document))
    paths = section_paths(document.sections)
    sections, headings = [], []
    for s in document.sections:
        attributes = {"section_id": s.id, "parent_id": s.parent, "section_level": s.level, "marker": s.marker,
                      "title": s.title, "section_path": list(paths[s.id]), "page": document.page_of(s.start)}
        for spans, (start, end) in ((sections, (s.start, s.end)), (headings, s.heading)):
            span = _exact_span(doc, start, end, f"H{s.level}")
            if span is not None:
                _set(span, attributes)
                spans.append(span)
    paragraphs = []
    for p, labelled in zip(document.paragraphs, document.labels):
        span = _exact_span(doc, p.start, p.end, labelled.label)
        if span is not None:
            _set(span, {"paragraph_id": p.id, "kind": p.kind, "scores": dict(labelled.scores),
                        "continues": p.continues, "section_id": p.section, "page": document.page_of(p.start)})
            paragraphs.append(span)
    sentences = [span for s in document.sentences if (span := _exact_span(doc, s.start, s.end, "SENT")) is not None]
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=sections, attrs={"source": "budget-nlp"})
    doc.spans[HEADINGS_KEY] = SpanGroup(doc, name=HEADINGS_KEY, spans=headings, attrs={"source": "budget-nlp"})
    doc.spans[PARAGRAPHS_KEY] = SpanGroup(doc, name=PARAGRAPHS_KEY, spans=paragraphs,
                                          attrs={"source": "budget-nlp", "labels": list(PARAGRAPH_LABELS)})
    doc.spans[SENTENCES_KEY] = SpanGroup(doc, name=SENTENCES_KEY, spans=sentences, attrs={"source": "budget-nlp"})
    _set_sentence_starts(doc, [s.start for s in document.sentences] + [s.heading[0] for s in document.sections])
    entities = entity_spans(doc, document.entities)
    for span, entity in zip(entities, document.entities):
        if document.pages:
            span._.page = document.page_of(entity.start)
    doc.spans[spans_key] = entities
    if write_ents:
        add_ents(doc, entities)
    text_paragraphs = [p for p in document.paragraphs if p.kind != "noise"]
    if len(text_paragraphs) == 1 and not document.sections:
        doc.cats = dict(document.labels[text_paragraphs[0].id].scores)
    return doc


def _boundaries(document: Document) -> set[int]:
    cuts = set()
    for s in document.sections:
        cuts.update((s.start, s.end, *s.heading))
    for item in (*document.paragraphs, *document.sentences, *document.entities):
        cuts.update((item.start, item.end))
    return cuts


def split_tokens(doc: Doc, offsets: Iterable[int]) -> Doc:
    """Split every token that an offset falls inside of, so that the offsets are token
    boundaries (the Doc is changed in place and returned)."""
    cuts: dict[int, list[int]] = {}
    for offset in offsets:
        token = _token_inside(doc, offset)
        if token is not None:
            cuts.setdefault(token, []).append(offset)
    if not cuts:
        return doc
    with doc.retokenize() as retokenizer:
        for index, inside in cuts.items():
            token = doc[index]
            points = [token.idx, *sorted(set(inside)), token.idx + len(token.text)]
            orths = [doc.text[a:b] for a, b in zip(points, points[1:])]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
    return doc


def _token_inside(doc: Doc, offset: int) -> int | None:
    """The index of the token that ``offset`` falls strictly inside of, or None."""
    if offset <= 0 or offset >= len(doc.text):
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or span.start_char == offset:
        return None
    token = doc[span.start]
    return token.i if token.idx < offset < token.idx + len(token.text) else None


def _exact_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label) if end > start else None


def _set(span: Span, attributes: dict[str, Any]) -> None:
    for name, value in attributes.items():
        setattr(span._, name, value)


def _set_sentence_starts(doc: Doc, starts: Iterable[int]) -> None:
    wanted = set(starts)
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in wanted


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


def to_doc(document: Document, nlp: Language | None = None) -> Doc:
    """A tagged :class:`Document` as a spaCy ``Doc`` (tokenised by ``nlp``, default
    :func:`chinese_pipeline`), annotated as by ``budget_document`` — pages included for a PDF."""
    return annotate((nlp or chinese_pipeline()).make_doc(document.text), document)


def to_docbin(documents: Iterable[Document], nlp: Language | None = None) -> DocBin:
    """A spaCy ``DocBin`` of tagged documents, each annotated as by ``budget_document``.

    Every attribute is kept: span attributes live in ``user_data``, which a DocBin stores
    with msgpack; msgpack has no exact decimal, so a :class:`~decimal.Decimal` ``value`` is
    stored as its decimal string (``"26923600"``, ``"25.19"``) — never a float.
    :func:`from_docbin` gives the Decimals (and the lists) back.
    """
    tokenizer = nlp or chinese_pipeline()
    docbin = DocBin(store_user_data=True)
    for document in documents:
        doc = to_doc(document, tokenizer)
        for key, value in list(doc.user_data.items()):
            if isinstance(value, Decimal):
                doc.user_data[key] = str(value)
        docbin.add(doc)
    return docbin


def from_docbin(docbin: DocBin | bytes, nlp: Language | None = None) -> list[Doc]:
    """The Docs of a :func:`to_docbin` DocBin (or its bytes), every attribute with its type:
    ``value`` a :class:`~decimal.Decimal` again, ``names`` and ``section_path`` lists."""
    if isinstance(docbin, (bytes, bytearray)):
        docbin = DocBin().from_bytes(bytes(docbin))
    register_extensions()
    docs = list(docbin.get_docs((nlp or chinese_pipeline()).vocab))
    for doc in docs:
        for key, value in list(doc.user_data.items()):
            if not (isinstance(key, tuple) and len(key) == 4 and key[0] == "._."):
                continue
            if key[1] in DECIMAL_ATTRIBUTES and isinstance(value, str):
                doc.user_data[key] = Decimal(value)
            elif key[1] in LIST_ATTRIBUTES and isinstance(value, tuple):
                doc.user_data[key] = list(value)
            elif key[1] == "scores" and isinstance(value, dict):
                doc.user_data[key] = dict(value)
    return docs
