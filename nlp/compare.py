"""``python -m nlp.compare`` — paragraph classifiers under leave-one-document-out cross-validation.

Every candidate of :mod:`nlp.candidates` is trained on all documents but one and scored on the
one left out, for each document in turn (grouped by document: a paragraph is never scored by a
model that saw its document). The section-context variants of the best two trainable
candidates are added. Reported: macro-F1 and accuracy pooled over the held-out predictions,
their mean and spread over folds, per-class F1, fit and predict time. Writes a Markdown and a
CSV table and, as a PNG, the confusion matrix of the best trainable candidate (the one
``nlp.train`` ships; the rule baseline is the yardstick, not a model). Scores are deterministic
(fixed seeds, fixed fold order); times are measured and vary from run to run.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.pipeline import Pipeline

from nlp.candidates import CANDIDATES, candidate
from nlp.model import PARAGRAPH_LABELS
from nlp.training import GoldParagraphs, document_folds, fit, load_gold_paragraphs

RESULTS_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


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
        scores = f1_score(gold, self.predictions, labels=list(PARAGRAPH_LABELS), average=None, zero_division=0)
        return dict(zip(PARAGRAPH_LABELS, map(float, scores)))


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-F1 over the labels present in the gold or the predictions: a document without
    三公 paragraphs should not score 0 on 三公."""
    present = [label for label in PARAGRAPH_LABELS if label in gold or label in predicted]
    return float(f1_score(gold, predicted, labels=present, average="macro"))


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
        scored.fold_accuracy.append(float(accuracy_score(gold, predicted)))
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
               "accuracy": float(accuracy_score(data.labels, r.predictions)),
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


def plot_confusion(result: Scored, data: GoldParagraphs, path: Path) -> None:
    """The pooled confusion matrix of ``result`` as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nlp.plots import label_display

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
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+", metavar="NAME", choices=list(CANDIDATES),
                        help="compare only these (default: all, plus +section variants of the best two)")
    parser.add_argument("--docs", nargs="+", metavar="DOC_ID", help="use only these gold documents")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR,
                        help="where compare.md, compare.csv and confusion.png go (default: %(default)s)")
    args = parser.parse_args(argv)
    data = load_gold_paragraphs()
    if args.docs:
        unknown = sorted(set(args.docs) - set(data.groups))
        if unknown:
            print(f"nlp.compare: error: no gold paragraphs for {', '.join(unknown)}", file=sys.stderr)
            return 2
        data = data.subset(args.docs)
    if len(set(data.groups)) < 2:
        print("nlp.compare: error: leave-one-document-out needs at least two documents", file=sys.stderr)
        return 2
    results = compare(data, args.candidates)
    rows = table_rows(results, data)
    import pandas as pd

    args.out.mkdir(parents=True, exist_ok=True)
    table = markdown(rows, data)
    (args.out / "compare.md").write_text(table, encoding="utf-8")
    pd.DataFrame(rows).to_csv(args.out / "compare.csv", index=False, float_format="%.4f")
    best = next((r for r in results if isinstance(candidate(r.name), Pipeline)), results[0])
    plot_confusion(best, data, args.out / "confusion.png")
    print(table + f"\nbest: {results[0].name}; best trainable (what nlp.train should ship): {best.name}; "
          f"wrote compare.md, compare.csv and confusion.png ({best.name}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
