"""``python -m nlp.evaluate`` — score the tagger against the gold standard (SPEC §6–7).

Entities: per-label precision/recall/F1 on exact span + label, and the accuracy of the normalised
value (AMOUNT/PERCENT ``value``, EXP_CODE ``code``) on the matched spans. Paragraph labels: each
gold paragraph takes the label the tagger gives most of its non-space characters, so a different
paragraph segmentation cannot break the score; macro-F1 and per-class F1. Headings: precision/
recall/F1 of the predicted section heading spans (``Section.heading``, trimmed of whitespace at
both ends) against the gold headings on the exact span, and the accuracy of the section-tree
depth (``level``) on the matched ones. ``--agreement DIR`` compares a second annotation with the
gold instead (Cohen's κ, entity F1).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from nlp.model import ENTITY_LABELS, PARAGRAPH_LABELS

GOLD_DIR = Path(__file__).resolve().parents[1] / "annotations" / "gold"
VALUE_KEY = {"AMOUNT": "value", "PERCENT": "value", "EXP_CODE": "code"}


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_gold(gold_dir: Path, kind: str) -> dict[str, list[dict]]:
    """doc_id → records of ``kind`` ("entities", "paragraphs" or "headings")."""
    return {p.stem: load_jsonl(p) for p in sorted((gold_dir / kind).glob("*.jsonl"))}


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "support": n_gold}


def entity_scores(gold: Iterable[Mapping], predicted: Iterable[Mapping]) -> dict[str, dict]:
    """Exact span + label matching per label; value accuracy over the matched spans."""
    gold_by = {(g["doc_id"], g["label"], g["start"], g["end"]): g for g in gold}
    pred_by = {(p["doc_id"], p["label"], p["start"], p["end"]): p for p in predicted}
    out = {}
    for label in sorted({k[1] for k in gold_by} | {k[1] for k in pred_by} | set(ENTITY_LABELS)):
        g = {k for k in gold_by if k[1] == label}
        p = {k for k in pred_by if k[1] == label}
        matched = g & p
        scores = prf(len(matched), len(p), len(g))
        key = VALUE_KEY.get(label)
        if key and matched:
            same = sum(_same_value(gold_by[k].get(key), pred_by[k].get(key)) for k in matched)
            scores["value_accuracy"] = same / len(matched)
        out[label] = scores
    return out


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end (an empty span stays where it ends)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def heading_scores(gold: Iterable[Mapping], predicted: Iterable[Mapping]) -> dict:
    """Exact-span P/R/F1 of headings (records with ``doc_id, start, end, level``), the accuracy of
    ``level`` over the matched spans, and the misses. A span predicted twice counts once as a hit
    and once as a false positive."""
    gold_by = {(g["doc_id"], g["start"], g["end"]): g for g in gold}
    predicted = list(predicted)
    pred_by = {(p["doc_id"], p["start"], p["end"]): p for p in predicted}
    matched = sorted(gold_by.keys() & pred_by.keys())
    wrong_level = [k for k in matched if gold_by[k]["level"] != pred_by[k]["level"]]
    scores = prf(len(matched), len(predicted), len(gold_by))
    scores.update({
        "n_predicted": len(predicted), "matched": len(matched),
        "level_accuracy": 1 - len(wrong_level) / len(matched) if matched else None,
        "false_positives": [_miss(pred_by[k]) for k in sorted(pred_by.keys() - gold_by.keys())],
        "false_negatives": [_miss(gold_by[k]) for k in sorted(gold_by.keys() - pred_by.keys())],
        "level_errors": [dict(_miss(gold_by[k]), predicted_level=pred_by[k]["level"]) for k in wrong_level],
    })
    return scores


def _miss(record: Mapping) -> dict:
    return {key: record[key] for key in ("doc_id", "start", "end", "text", "level") if key in record}


def predicted_headings(doc_id: str, text: str, sections) -> list[dict]:
    """The tagger's section headings as records comparable with the gold (spans trimmed)."""
    records = []
    for section in sections:
        start, end = trimmed(text, *section.heading)
        records.append({"doc_id": doc_id, "start": start, "end": end, "text": text[start:end],
                        "level": section.level})
    return records


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


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


def classification_scores(gold: Sequence[str], predicted: Sequence[str | None]) -> dict:
    per_class = {}
    for label in PARAGRAPH_LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        per_class[label] = prf(tp, sum(p == label for p in predicted), sum(g == label for g in gold))
    present = [lab for lab in PARAGRAPH_LABELS if per_class[lab]["support"]]
    return {"macro_f1": sum(per_class[lab]["f1"] for lab in present) / len(present) if present else 0.0,
            "accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0,
            "per_class": per_class, "n": len(gold)}


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def evaluate_tagger(gold_dir: Path = GOLD_DIR) -> dict:
    from nlp import corpus
    from nlp.pipeline import tag_path
    from nlp.writers import entity_record

    gold_entities = load_gold(gold_dir, "entities")
    gold_paragraphs = load_gold(gold_dir, "paragraphs")
    gold_headings = load_gold(gold_dir, "headings")
    predicted_entities, gold_labels, predicted_labels, headings = [], [], [], []
    for doc_id in sorted(set(gold_entities) | set(gold_paragraphs) | set(gold_headings)):
        doc = tag_path(corpus.path(doc_id))
        predicted_entities += [dict(entity_record(e), doc_id=doc_id) for e in doc.entities]
        if doc_id in gold_headings:
            headings += predicted_headings(doc_id, doc.text, doc.sections)
        spans = [(p.start, p.end, lab.label) for p, lab in zip(doc.paragraphs, doc.labels)]
        records = gold_paragraphs.get(doc_id, [])
        gold_labels += [r["label"] for r in records]
        predicted_labels += majority_labels(records, doc.text, spans)
    gold_flat = [r for records in gold_entities.values() for r in records]
    return {"entities": entity_scores(gold_flat, predicted_entities),
            "paragraphs": classification_scores(gold_labels, predicted_labels),
            "headings": heading_scores([r for records in gold_headings.values() for r in records], headings)}


def agreement(second_dir: Path, gold_dir: Path = GOLD_DIR) -> dict:
    """A second annotator against the gold: κ over the paragraphs both labelled, entity F1."""
    first_p, second_p = load_gold(gold_dir, "paragraphs"), load_gold(second_dir, "paragraphs")
    a, b = [], []
    for doc_id, records in second_p.items():
        gold_by = {(r["start"], r["end"]): r["label"] for r in first_p.get(doc_id, [])}
        for r in records:
            if (r["start"], r["end"]) in gold_by:
                a.append(gold_by[(r["start"], r["end"])])
                b.append(r["label"])
    first_e, second_e = load_gold(gold_dir, "entities"), load_gold(second_dir, "entities")
    docs = sorted(second_e)
    return {"documents": sorted(set(second_p) | set(second_e)),
            "paragraphs": {"n": len(a), "kappa": cohen_kappa(a, b) if a else None,
                           "raw_agreement": sum(x == y for x, y in zip(a, b)) / len(a) if a else None},
            "entities": entity_scores([r for d in docs for r in first_e.get(d, [])],
                                      [r for d in docs for r in second_e[d]])}


def format_table(result: dict) -> str:
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
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR,
                        help="gold directory (entities/, paragraphs/, headings/)")
    parser.add_argument("--agreement", type=Path, metavar="DIR",
                        help="score a second annotation in DIR against the gold instead of the tagger")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    result = agreement(args.agreement, args.gold) if args.agreement else evaluate_tagger(args.gold)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
