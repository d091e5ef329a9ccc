"""The scores the project reports, defined once: precision/recall/F1, macro-F1, accuracy,
Cohen's κ, entity and heading matching, and calibration (log-loss, expected calibration error).
Used by ``nlp.evaluate``, ``nlp.compare``, ``nlp.train`` and the notebooks. Pure Python (numpy
only for calibration), so that evaluation needs no scikit-learn."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping, Sequence

from nlp.model import ENTITY_LABELS, PARAGRAPH_LABELS

VALUE_KEY = {"AMOUNT": "value", "PERCENT": "value", "EXP_CODE": "code"}
"""The normalised attribute whose accuracy is scored on matched entity spans."""


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0 where a denominator is 0), with the gold support."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "support": n_gold}


def per_class(gold: Sequence[str], predicted: Sequence[str | None],
              labels: Sequence[str] = PARAGRAPH_LABELS) -> dict[str, dict[str, float]]:
    """:func:`prf` of each label."""
    return {label: prf(sum(g == label and p == label for g, p in zip(gold, predicted)),
                       sum(p == label for p in predicted), sum(g == label for g in gold))
            for label in labels}


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None],
             labels: Sequence[str] = PARAGRAPH_LABELS) -> float:
    """Mean F1 over the labels present in the gold or the predictions: a document without 三公
    paragraphs does not score 0 on 三公, but predicting 三公 there costs."""
    scores = per_class(gold, predicted, labels)
    present = [label for label in labels if scores[label]["support"] or label in predicted]
    return sum(scores[label]["f1"] for label in present) / len(present) if present else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


def classification_scores(gold: Sequence[str], predicted: Sequence[str | None]) -> dict:
    """macro-F1, accuracy, per-class P/R/F1 and n of paragraph labels."""
    return {"macro_f1": macro_f1(gold, predicted), "accuracy": accuracy(gold, predicted),
            "per_class": per_class(gold, predicted), "n": len(gold)}


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


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


def calibration(probabilities, truth) -> dict[str, float]:
    """Log-loss and expected calibration error (10 equal-width confidence bins) of predicted
    probabilities (rows × classes, numpy) against the true class indices."""
    import numpy as np

    probabilities, truth = np.asarray(probabilities), np.asarray(truth)
    confidence, guess = probabilities.max(axis=1), probabilities.argmax(axis=1)
    bins = np.minimum((confidence * 10).astype(int), 9)
    ece = sum(abs(float(np.mean(guess[bins == b] == truth[bins == b])) - float(np.mean(confidence[bins == b])))
              * float(np.mean(bins == b)) for b in range(10) if np.any(bins == b))
    log_loss = -float(np.mean(np.log(np.maximum(probabilities[np.arange(len(truth)), truth], 1e-15))))
    return {"log_loss": log_loss, "ece": ece}


def _miss(record: Mapping) -> dict:
    return {key: record[key] for key in ("doc_id", "start", "end", "text", "level") if key in record}


def _same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


FACT_ATTRIBUTES = ("table", "row", "column", "value")
"""The attributes of a fact compared on a matched span: table kind, row (code, or the item name
where the gold has no code), column (last segment of the header path), value (exact decimal)."""


def fact_key(record: Mapping) -> tuple:
    """(table kind, row, column, value) of a fact record, normalised for comparison: the row is
    the code, or — when there is none — the item's name key; the column is the name key of the
    last segment of its header path (:func:`nlp.corpus.fact_name_key`: whitespace removed, width
    folded, hashed — how stand-off gold names rows and columns, as ``item_key``/``column_key``);
    the value a :class:`~decimal.Decimal` (``'1990000'`` equals ``'1990000.00'``)."""
    from nlp.corpus import fact_name_key as name_key

    code = record.get("code")
    row = code or record.get("item_key") or name_key(record.get("item") or "")
    column = record.get("column_key") or name_key(str(record.get("column") or "").rsplit("/", 1)[-1])
    return (record.get("table"), row, column, _decimal(record.get("value")))


def _decimal(value: object):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def fact_scores(gold: Iterable[Mapping], predicted: Iterable[Mapping]) -> dict:
    """Facts (SPEC §9) anchored by the span of their number: a predicted fact matches a gold one
    when ``(doc_id, start, end)`` are equal and table kind, row, column and value all agree
    (:func:`fact_key`; when the gold has no code, the prediction's item is compared, whatever
    code it has). Returns P/R/F1 of full matches, span-only P/R/F1 (``span``), and the accuracy
    of each attribute over the span-matched facts (``attribute_accuracy``)."""
    gold_by = {(g["doc_id"], g["start"], g["end"]): g for g in gold}
    pred_by = {(p["doc_id"], p["start"], p["end"]): p for p in predicted}
    spans = gold_by.keys() & pred_by.keys()
    same = Counter()
    full = 0
    for span in spans:
        g, p = gold_by[span], pred_by[span]
        if not g.get("code"):
            p = dict(p, code=None)
        agree = [a == b for a, b in zip(fact_key(g), fact_key(p))]
        for name, ok in zip(FACT_ATTRIBUTES, agree):
            same[name] += ok
        full += all(agree)
    scores = prf(full, len(pred_by), len(gold_by))
    scores["n_predicted"] = len(pred_by)
    scores["span"] = prf(len(spans), len(pred_by), len(gold_by))
    scores["attribute_accuracy"] = {name: same[name] / len(spans) if spans else None for name in FACT_ATTRIBUTES}
    return scores
