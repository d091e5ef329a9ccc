"""Paragraph classifiers under leave-one-document-out cross-validation (``python -m nlp.compare``).

Every candidate of :mod:`nlp.learn.candidates` is trained on all documents but one and scored on the
one left out, for each document in turn (grouped by document: a paragraph is never scored by a
model that saw its document). The section-context variants of the best two trainable
candidates are added. Reported: macro-F1 and accuracy pooled over the held-out predictions,
their mean and spread over folds, per-class F1, fit and predict time. Writes a Markdown and a
CSV table and, as a PNG, the confusion matrix of the best trainable candidate (the one
``nlp.train`` ships; the rule baseline is the yardstick, not a model). Scores are deterministic
(fixed seeds, fixed fold order); times are measured and vary from run to run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sklearn.pipeline import Pipeline

from nlp.learn.candidates import CANDIDATES, candidate
from nlp.learn.metrics import accuracy, macro_f1, per_class
from nlp.learn.training import GoldParagraphs, document_folds, fit
from nlp.model import PARAGRAPH_LABELS


@dataclass
class Scored:
    """One candidate's cross-validated result."""

    name: str
    predictions: list[str]                      # held-out prediction for every gold paragraph
    fold_macro_f1: list[float] = field(default_factory=list)
    fold_accuracy: list[float] = field(default_factory=list)
    fit_seconds: float = 0.0
    predict_seconds: float = 0.0

    def macro_f1(self, gold: Sequence[str]) -> float:
        return macro_f1(gold, self.predictions)

    def per_class_f1(self, gold: Sequence[str]) -> dict[str, float]:
        return {label: s["f1"] for label, s in per_class(gold, self.predictions).items()}


def cross_validate(name: str, data: GoldParagraphs) -> Scored:
    """Leave-one-document-out predictions and per-fold scores of candidate ``name``."""
    predictions: list[str | None] = [None] * len(data.labels)
    scored = Scored(name, [])
    for _, train, test in document_folds(data):
        started = time.perf_counter()
        model = fit(candidate(name), data, train)
        fitted = time.perf_counter()
        predicted = list(model.predict([data.examples[i] for i in test]))
        scored.fit_seconds += fitted - started
        scored.predict_seconds += time.perf_counter() - fitted
        gold = [data.labels[i] for i in test]
        scored.fold_macro_f1.append(macro_f1(gold, predicted))
        scored.fold_accuracy.append(accuracy(gold, predicted))
        for i, label in zip(test, predicted):
            predictions[i] = str(label)
    scored.predictions = predictions
    return scored


def compare(data: GoldParagraphs, names: Sequence[str] | None = None, context_variants: int = 2) -> list[Scored]:
    """Cross-validate ``names`` (default: every candidate), then the ``+section`` variants of
    the best ``context_variants`` TF-IDF candidates; best first (pooled macro-F1, then name)."""
    results = [cross_validate(name, data) for name in (names or CANDIDATES)]
    trainable = [r for r in _ranked(results, data) if isinstance(candidate(r.name), Pipeline) and "+" not in r.name]
    results += [cross_validate(f"{r.name}+section", data) for r in trainable[:context_variants]]
    return _ranked(results, data)


def _ranked(results: list[Scored], data: GoldParagraphs) -> list[Scored]:
    return sorted(results, key=lambda r: (-round(r.macro_f1(data.labels), 6), r.name))


def table_rows(results: Sequence[Scored], data: GoldParagraphs) -> list[dict]:
    rows = []
    for r in results:
        row = {"candidate": r.name,
               "macro_f1": r.macro_f1(data.labels),
               "accuracy": accuracy(data.labels, r.predictions),
               "fold_macro_f1_mean": float(np.mean(r.fold_macro_f1)),
               "fold_macro_f1_std": float(np.std(r.fold_macro_f1)),
               "fold_accuracy_mean": float(np.mean(r.fold_accuracy)),
               "fold_accuracy_std": float(np.std(r.fold_accuracy))}
        row.update({f"f1_{label}": score for label, score in r.per_class_f1(data.labels).items()})
        row.update({"fit_seconds": r.fit_seconds, "predict_seconds": r.predict_seconds})
        rows.append(row)
    return rows


def markdown(rows: Sequence[dict], data: GoldParagraphs) -> str:
    documents = len(set(data.groups))
    head = ("| candidate | macro-F1 | accuracy | fold macro-F1 (mean ± sd) | "
            + " | ".join(f"F1 {label}" for label in PARAGRAPH_LABELS) + " | fit s | predict s |")
    lines = [f"Leave-one-document-out over {documents} documents, {len(data.labels)} gold paragraphs "
             "(`python -m nlp.compare`). macro-F1 and accuracy are pooled over the held-out "
             "predictions; times are totals over the folds.", "", head,
             "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        lines.append(f"| {row['candidate']} | {row['macro_f1']:.3f} | {row['accuracy']:.3f} | "
                     f"{row['fold_macro_f1_mean']:.3f} ± {row['fold_macro_f1_std']:.3f} | "
                     + " | ".join(f"{row[f'f1_{label}']:.3f}" for label in PARAGRAPH_LABELS)
                     + f" | {row['fit_seconds']:.2f} | {row['predict_seconds']:.2f} |")
    return "\n".join(lines) + "\n"


def plot_confusion(result: Scored, data: GoldParagraphs) -> bytes:
    """The pooled confusion matrix of ``result`` as PNG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklearn.metrics import confusion_matrix

    from nlp.adapters.plots import label_display

    show = label_display()
    names = [show(label) for label in PARAGRAPH_LABELS]
    matrix = confusion_matrix(data.labels, result.predictions, labels=list(PARAGRAPH_LABELS))
    figure, axes = plt.subplots(figsize=(6, 5), dpi=120)
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(names)), names, rotation=30, ha="right")
    axes.set_yticks(range(len(names)), names)
    for (row, column), count in np.ndenumerate(matrix):
        axes.text(column, row, str(count), ha="center", va="center",
                  color="white" if count > matrix.max() / 2 else "black")
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title(f"{result.name}: leave-one-document-out")
    figure.tight_layout()
    png = io.BytesIO()
    figure.savefig(png, format="png", metadata={"Software": None})
    plt.close(figure)
    return png.getvalue()
