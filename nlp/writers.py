"""Output formats of ``python -m nlp.tag`` (SPEC §5): JSON, a readable outline, CoNLL, HTML.

Each writer turns one :class:`Document` into a string; the JSON record is the contract other
tools rely on (keys may be added, never renamed or dropped).
"""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any, Iterable

from nlp.model import Document, Entity

SCHEMA = "budget-doc/1"


def to_record(doc: Document) -> dict[str, Any]:
    """The ``budget-doc/1`` JSON object of a tagged document."""
    return {
        "schema": SCHEMA,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "encoding": doc.encoding,
        "sha256": hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "length": len(doc.text),
        "sections": [{"id": s.id, "parent": s.parent, "level": s.level, "marker": s.marker,
                      "title": s.title, "start": s.start, "end": s.end, "heading": list(s.heading)}
                     for s in doc.sections],
        "paragraphs": [{"id": p.id, "section": p.section, "kind": p.kind, "start": p.start, "end": p.end,
                        "label": lab.label, "scores": dict(lab.scores), "continues": p.continues}
                       for p, lab in zip(doc.paragraphs, doc.labels)],
        "sentences": [{"paragraph": s.paragraph, "start": s.start, "end": s.end} for s in doc.sentences],
        "entities": [entity_record(e) for e in doc.entities],
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    record = {"label": entity.label, "start": entity.start, "end": entity.end, "text": entity.text}
    record.update({k: json_value(v) for k, v in entity.attrs.items()})
    return record


def json_value(value: Any) -> Any:
    """Decimals become JSON numbers: integers when integral (26923600), else floats."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def to_json(doc: Document, indent: int | None = None) -> str:
    return json.dumps(to_record(doc), ensure_ascii=False, indent=indent)


def to_text(doc: Document, color: bool = False) -> str:
    """A readable outline: sections indented, each paragraph with its label, entities marked."""
    mark = _ansi_mark if color else _bracket_mark
    depth = {s.id: s.level for s in doc.sections}
    events = [(s.heading[0], 0, s) for s in doc.sections] + \
             [(p.start, 1, (p, lab)) for p, lab in zip(doc.paragraphs, doc.labels)]
    out = [f"# {doc.doc_id}  ({doc.source or '-'}, {doc.encoding}, {len(doc.text)} characters)"]
    for _, is_paragraph, item in sorted(events, key=lambda e: (e[0], e[1])):
        if not is_paragraph:
            out.append("  " * (item.level - 1) + f"§ {item.marker}{item.title}")
            continue
        paragraph, labelled = item
        indent = "  " * depth.get(paragraph.section, 0)
        body = _marked(doc, paragraph.start, paragraph.end, mark)
        body = " ".join(body.split())
        kind = "" if paragraph.kind == "text" else f" {paragraph.kind}"
        out.append(f"{indent}[{labelled.label}{kind}] {body}")
    return "\n".join(out) + "\n"


def _marked(doc: Document, start: int, end: int, mark) -> str:
    parts, pos = [], start
    for e in doc.entities:
        if e.start < pos or e.end > end or e.start < start:
            continue
        parts.append(doc.text[pos:e.start])
        parts.append(mark(e))
        pos = e.end
    parts.append(doc.text[pos:end])
    return "".join(parts)


def _bracket_mark(e: Entity) -> str:
    return f"【{e.text}|{e.label}】"


_COLORS = {"AMOUNT": "32", "PERCENT": "36", "EXP_CODE": "35"}


def _ansi_mark(e: Entity) -> str:
    return f"\x1b[1;{_COLORS.get(e.label, '33')}m{e.text}\x1b[0m\x1b[2m[{e.label}]\x1b[0m"


def to_conll(doc: Document) -> str:
    """One character per line with its BIO tag, a blank line after each sentence; whitespace
    characters are skipped (the usual MSRA / People's Daily character format)."""
    tags = bio_tags(doc.text, doc.entities)
    lines = [f"# doc_id = {doc.doc_id}"]
    for sentence in doc.sentences:
        for i in range(sentence.start, sentence.end):
            if not doc.text[i].isspace():
                lines.append(f"{doc.text[i]}\t{tags[i]}")
        lines.append("")
    return "\n".join(lines) + "\n"


def bio_tags(text: str, entities: Iterable[Entity]) -> list[str]:
    """BIO tag of every character; where spans overlap the earlier-starting one wins."""
    tags = ["O"] * len(text)
    for e in sorted(entities, key=lambda e: (e.start, -e.end)):
        if any(tags[i] != "O" for i in range(e.start, e.end)):
            continue
        first = True
        for i in range(e.start, e.end):
            if text[i].isspace():
                continue
            tags[i] = ("B-" if first else "I-") + e.label
            first = False
    return tags


def to_html(docs: Iterable[Document]) -> str:
    """A self-contained page rendered with displaCy: each paragraph titled with its label."""
    from spacy import displacy  # an adapter: only the HTML format needs spaCy

    parts = []
    for doc in docs:
        for paragraph, labelled in zip(doc.paragraphs, doc.labels):
            ents = [{"start": e.start - paragraph.start, "end": e.end - paragraph.start, "label": e.label}
                    for e in doc.entities if paragraph.start <= e.start and e.end <= paragraph.end]
            parts.append({"text": doc.text[paragraph.start:paragraph.end], "ents": ents,
                          "title": f"{doc.doc_id} · p{paragraph.id} · {labelled.label} · {paragraph.kind}"})
    options = {"colors": {"AMOUNT": "#b5e7a0", "PERCENT": "#9fd8ef", "EXP_CODE": "#f7c6e0"}}
    return displacy.render(parts, style="ent", manual=True, page=True, minify=True, options=options)
