"""Scoring the tagger against the gold standard (SPEC §6–7), and a second annotation against
the first; the library behind ``python -m nlp.evaluate``.

Entities: per-label precision/recall/F1 on exact span + label, and the accuracy of the normalised
value (AMOUNT/PERCENT ``value``, EXP_CODE ``code``) on the matched spans. Paragraph labels: each
gold paragraph takes the label the tagger gives most of its non-space characters, so a different
paragraph segmentation cannot break the score; macro-F1 and per-class F1. Headings: precision/
recall/F1 of the predicted section heading spans (``Section.heading``, trimmed of whitespace at
both ends) against the gold headings on the exact span, and the accuracy of the section-tree
depth (``level``) on the matched ones. Facts (SPEC §9, gold in ``facts/``): P/R/F1 of the table
facts on (table kind, code or item, column, value) anchored by the number's span, span-only P/R/F1
and each attribute's accuracy on the span-matched facts (:func:`nlp.learn.metrics.fact_scores`);
predictions are the table facts inside the tables the gold annotates (the stretch of text from a
gold table's first number to its last), since the gold of a PDF covers some of its tables only.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Mapping, Sequence

from nlp import corpus
from nlp.corpus import GOLD_DIR, load_gold
from nlp.learn.metrics import classification_scores, cohen_kappa, entity_scores, fact_scores, heading_scores
from nlp.model import PARAGRAPH_LABELS


class NoGold(Exception):
    """The gold folder is missing or holds no annotation: nothing to score (one line, exit 2)."""


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end (an empty span stays where it ends)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def predicted_headings(doc_id: str, text: str, sections) -> list[dict]:
    """The tagger's section headings as records comparable with the gold (spans trimmed)."""
    records = []
    for section in sections:
        start, end = trimmed(text, *section.heading)
        records.append({"doc_id": doc_id, "start": start, "end": end, "text": text[start:end],
                        "level": section.level})
    return records


def majority_labels(gold_paragraphs: Sequence[Mapping], text: str,
                    predicted: Sequence[tuple[int, int, str]]) -> list[str | None]:
    """For each gold paragraph, the predicted label covering most of its non-space characters."""
    owner = [None] * len(text)
    for start, end, label in predicted:
        for i in range(start, min(end, len(text))):
            owner[i] = label
    labels = []
    for g in gold_paragraphs:
        votes = Counter(owner[i] for i in range(g["start"], g["end"]) if not text[i].isspace())
        votes.pop(None, None)
        labels.append(min(votes, key=lambda lab: (-votes[lab], PARAGRAPH_LABELS.index(lab))) if votes else None)
    return labels


def predicted_facts(doc_id: str, doc, gold_records: Sequence[Mapping], found=None) -> list[dict]:
    """The document's table facts (``found``, else :func:`~nlp.tables.facts.facts_of`) as
    records comparable with the gold, restricted to the extents of the tables the gold
    annotates; a table of no national kind is ``其他表``."""
    from nlp.tables.facts import facts_of
    from nlp.tables.vocabulary import TABLE_KINDS

    kinds = {kind for kind, _ in TABLE_KINDS}
    extents: dict[str, list[int]] = {}
    for record in gold_records:
        extent = extents.setdefault(str(record.get("title")), [record["start"], record["end"]])
        extent[0], extent[1] = min(extent[0], record["start"]), max(extent[1], record["end"])
    records = []
    for fact in facts_of(doc) if found is None else found:
        if fact.source != "table" or not any(s <= fact.start and fact.end <= e for s, e in extents.values()):
            continue
        records.append({"doc_id": doc_id, "table": fact.table if fact.table in kinds else "其他表",
                        "code": fact.code, "item": fact.item, "column": fact.column, "value": str(fact.value),
                        "written": fact.written, "start": fact.start, "end": fact.end, "inferred": fact.inferred})
    return records


def score_facts(gold: Mapping[str, Sequence[Mapping]], text_of) -> dict:
    """:func:`~nlp.learn.metrics.fact_scores` of the tagger's table facts on fact gold
    (doc_id → records), the texts given by ``text_of(doc_id)``."""
    from nlp.pipeline import tag_text

    gold_records, predicted = [], []
    for doc_id in sorted(gold):
        records = [dict(r, doc_id=doc_id) for r in gold[doc_id]]
        gold_records += records
        predicted += predicted_facts(doc_id, tag_text(text_of(doc_id), doc_id), records)
    return {"documents": sorted(gold), **fact_scores(gold_records, predicted)}


def evaluate_tagger(gold_dir: Path = GOLD_DIR, standoff_dir: Path | None = corpus.STANDOFF_DIR,
                    tables: str = "text") -> dict:
    """Scores on the corpus gold (``entities``, ``paragraphs``, ``headings``, ``facts``) and, where
    the third-party texts are here, on the stand-off gold of ``standoff_dir`` (``standoff``: the
    same, for the documents that have them; all PDF-shaped today). ``tables="geometry"``: the
    facts of a PDF source take their columns from its page geometry, as ``nlp.facts --tables
    geometry`` does (:mod:`nlp.adapters.pdf_geometry`)."""
    gold = {kind: _gold(gold_dir, kind) for kind in _KINDS}
    if not any(gold.values()):
        raise NoGold(f"{gold_dir}: no gold annotations (entities/, paragraphs/, headings/ or facts/ with *.jsonl files)")
    documents = {d.doc_id: d for d in corpus.gold_documents(standoff_dir=standoff_dir or corpus.STANDOFF_DIR)}
    result = _score(gold, lambda doc_id: corpus.text(doc_id))
    if standoff_dir is not None and Path(standoff_dir).is_dir():
        standoff = {kind: _gold(standoff_dir, kind) for kind in _KINDS}
        available = {doc_id for records in standoff.values() for doc_id in records
                     if doc_id in documents and documents[doc_id].source.is_file()}
        if available:
            standoff = {kind: {d: r for d, r in records.items() if d in available} for kind, records in standoff.items()}
            def geometry_route(doc_id: str, doc):
                from dataclasses import replace

                from nlp.adapters.pdf_geometry import facts_with_geometry
                from nlp.read.source import read_source

                path = documents[doc_id].source
                return facts_with_geometry(path, replace(doc, pages=read_source(path, max_pages=None).pages))

            route = geometry_route if tables == "geometry" else None
            scores = _score(standoff, lambda doc_id: corpus.document_text(documents[doc_id]), route)
            result["standoff"] = {"documents": sorted(available), **scores}
            if not standoff["entities"]:
                del result["standoff"]["entities"]
    return result


_KINDS = ("entities", "paragraphs", "headings", "facts")


def _score(gold: Mapping[str, Mapping[str, list[dict]]], text_of, route=None) -> dict:
    """``route(doc_id, doc)``: the document's facts, where they are not :func:`facts_of`'s."""
    from nlp.adapters.writers import entity_record
    from nlp.pipeline import tag_text

    predicted_entities, gold_labels, predicted_labels, headings = [], [], [], []
    fact_gold: list[dict] = []
    predicted_fact_records: list[dict] = []
    facts_by_document: dict[str, dict] = {}
    for doc_id in sorted(set().union(*(records.keys() for records in gold.values()))):
        doc = tag_text(text_of(doc_id), doc_id)
        if gold.get("facts", {}).get(doc_id):
            records = [dict(r, doc_id=doc_id) for r in gold["facts"][doc_id]]
            predicted = predicted_facts(doc_id, doc, records, route(doc_id, doc) if route else None)
            fact_gold += records
            predicted_fact_records += predicted
            facts_by_document[doc_id] = fact_scores(records, predicted)
        if doc_id in gold["entities"]:     # scored only where a document has entity gold
            predicted_entities += [dict(entity_record(e), doc_id=doc_id) for e in doc.entities]
        if doc_id in gold["headings"]:
            headings += predicted_headings(doc_id, doc.text, doc.sections)
        spans = [(p.start, p.end, lab.label) for p, lab in zip(doc.paragraphs, doc.labels)]
        records = gold["paragraphs"].get(doc_id, [])
        gold_labels += [r["label"] for r in records]
        predicted_labels += majority_labels(records, doc.text, spans)
    result = {"entities": entity_scores([r for records in gold["entities"].values() for r in records], predicted_entities),
              "paragraphs": classification_scores(gold_labels, predicted_labels),
              "headings": heading_scores([r for records in gold["headings"].values() for r in records], headings)}
    if fact_gold:
        result["facts"] = fact_scores(fact_gold, predicted_fact_records)
        result["facts"]["documents"] = {doc_id: {k: scores[k] for k in ("precision", "recall", "f1", "support")}
                                        for doc_id, scores in facts_by_document.items()}
    return result


def agreement(second_dir: Path, gold_dir: Path = GOLD_DIR) -> dict:
    """A second annotator against the gold: κ over the paragraphs both labelled, entity F1."""
    first_p, second_p = _gold(gold_dir, "paragraphs"), _gold(second_dir, "paragraphs")
    a, b = [], []
    for doc_id, records in second_p.items():
        gold_by = {(r["start"], r["end"]): r["label"] for r in first_p.get(doc_id, [])}
        for r in records:
            if (r["start"], r["end"]) in gold_by:
                a.append(gold_by[(r["start"], r["end"])])
                b.append(r["label"])
    first_e, second_e = _gold(gold_dir, "entities"), _gold(second_dir, "entities")
    if not (second_p or second_e):
        raise NoGold(f"{second_dir}: no second annotation (paragraphs/ or entities/ with *.jsonl files)")
    docs = sorted(second_e)
    return {"documents": sorted(set(second_p) | set(second_e)),
            "paragraphs": {"n": len(a), "kappa": cohen_kappa(a, b) if a else None,
                           "raw_agreement": sum(x == y for x, y in zip(a, b)) / len(a) if a else None},
            "entities": entity_scores([r for d in docs for r in first_e.get(d, [])],
                                      [r for d in docs for r in second_e[d]])}


def format_table(result: dict) -> str:
    lines = _format(result)
    if "standoff" in result:
        standoff = result["standoff"]
        lines.append(f"\n--- stand-off gold: {len(standoff['documents'])} PDF-extracted documents "
                     f"({', '.join(standoff['documents'])}) ---")
        lines += _format(standoff)
    return "\n".join(lines)


def _format(result: dict) -> list[str]:
    lines = []
    if "entities" in result:
        lines.append(f"{'entity':10} {'P':>6} {'R':>6} {'F1':>6} {'value':>6} {'n':>5}")
        for label, s in result["entities"].items():
            value = f"{s['value_accuracy']:.3f}" if "value_accuracy" in s else "-"
            lines.append(f"{label:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {value:>6} {s['support']:5}")
    p = result.get("paragraphs", {})
    if "per_class" in p:
        lines.append(f"\nparagraphs: macro-F1 {p['macro_f1']:.3f}, accuracy {p['accuracy']:.3f}, n={p['n']} "
                     "(in-sample: the shipped classifier was trained on this gold; "
                     "held-out scores: python -m nlp.compare)")
        for label, s in p["per_class"].items():
            lines.append(f"  {label:6} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} n={s['support']}")
    elif "kappa" in p:
        lines.append(f"\nparagraphs: Cohen's kappa {p['kappa']:.3f}, raw agreement {p['raw_agreement']:.3f}, n={p['n']}")
    h = result.get("headings")
    if h:
        level = "-" if h["level_accuracy"] is None else f"{h['level_accuracy']:.3f}"
        lines.append(f"\n{'heading':10} {'P':>6} {'R':>6} {'F1':>6} {'level':>6} {'n':>5}")
        lines.append(f"{'span':10} {h['precision']:6.3f} {h['recall']:6.3f} {h['f1']:6.3f} {level:>6} {h['support']:5}")
        lines.append(f"  {h['matched']} of {h['support']} gold headings matched, {h['n_predicted']} predicted; "
                     f"level = tree-depth accuracy on the matched ones; misses listed by --json")
    f = result.get("facts")
    if f:
        lines.append(f"\n{'facts':10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
        lines.append(f"{'full':10} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} {f['support']:5}")
        s = f["span"]
        lines.append(f"{'span':10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['support']:5}")
        accuracy = ", ".join(f"{k} {'-' if v is None else f'{v:.3f}'}" for k, v in f["attribute_accuracy"].items())
        lines.append(f"  on matched spans: {accuracy}; full = span, table kind, code or item, column and value "
                     f"all agree ({f['n_predicted']} predicted inside the annotated tables)")
        for doc_id, d in f.get("documents", {}).items():
            lines.append(f"  {doc_id:32} P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} n={d['support']}")
    return lines


def _gold(gold_dir: Path, kind: str) -> dict[str, list[dict]]:
    """:func:`nlp.corpus.load_gold`, with a missing folder and unreadable JSON as :class:`NoGold`."""
    if not Path(gold_dir).is_dir():
        raise NoGold(f"{gold_dir}: no such directory")
    try:
        gold = load_gold(Path(gold_dir), kind)
    except ValueError as error:   # json.JSONDecodeError, UnicodeDecodeError
        raise NoGold(f"{gold_dir}/{kind}: not valid JSON Lines ({error})") from error
    except OSError as error:      # an unreadable file
        raise NoGold(f"{error.filename or gold_dir}: cannot read ({error.strerror or error})") from error
    needed = _REQUIRED[kind]
    for doc_id, records in gold.items():
        for number, record in enumerate(records, 1):
            problem = _record_problem(record, needed)
            if problem:
                raise NoGold(f"{Path(gold_dir) / kind / doc_id}.jsonl: record {number}: {problem}")
    return gold


_REQUIRED = {"entities": {"start": int, "end": int, "label": str},
             "paragraphs": {"start": int, "end": int, "label": str},
             "headings": {"start": int, "end": int, "level": int},
             "facts": {"start": int, "end": int, "table": str, "value": str}}


def _record_problem(record: object, needed: Mapping[str, type]) -> str | None:
    """Why a gold record cannot be scored, or None."""
    if not isinstance(record, dict):
        return f"not a JSON object but {type(record).__name__}"
    for key, kind in needed.items():
        value = record.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"{key!r} missing or not {'an integer' if kind is int else 'a string'}"
    return None

