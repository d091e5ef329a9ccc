"""``python -m nlp.train [NAME] [--out PATH]`` — train a paragraph classifier on the whole gold
standard and save it with a model card.

The model is a TF-IDF + linear candidate of :mod:`nlp.candidates`, exported to the JSON that
:mod:`nlp.paragraph_model` predicts from without scikit-learn; ``python -m nlp.tag --model PATH``
uses it. Its scores are calibrated by temperature scaling: the temperature is fitted on the
held-out scores of a leave-one-document-out run, so it reflects documents the model has not
seen. The default NAME and the shipped model (``nlp/data/paragraph_model.json``) are the best
exportable candidate of ``python -m nlp.compare``.
"""
from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline

from nlp.atomic_output import AtomicOutput
from nlp.candidates import CANDIDATES, candidate
from nlp.model import PARAGRAPH_LABELS
from nlp.paragraph_model import LinearParagraphModel, softmax
from nlp.training import GoldParagraphs, decision_scores, document_folds, export, fit, fit_temperature, load_gold_paragraphs

DEFAULT_CANDIDATE = "rules-logreg"


def train(name: str, data: GoldParagraphs) -> tuple[Pipeline, LinearParagraphModel, dict]:
    """Fit ``name`` on all of ``data``; return the pipeline, its export and held-out statistics
    (leave-one-document-out predictions, calibration before and after)."""
    if not isinstance(candidate(name), Pipeline):
        raise ValueError(f"{name} is not a TF-IDF candidate and cannot be exported")
    classes = sorted(set(data.labels), key=PARAGRAPH_LABELS.index)
    held_out = np.zeros((len(data.labels), len(classes)))
    for _, train_rows, test_rows in document_folds(data):
        fold = fit(candidate(name), data, train_rows)
        columns = [classes.index(str(c)) for c in fold.classes_]
        held_out[np.ix_(test_rows, columns)] = decision_scores(fold, [data.examples[i] for i in test_rows])
    temperature = fit_temperature(held_out, data.labels, classes)
    pipeline = fit(candidate(name), data, np.arange(len(data.labels)))
    predicted = [classes[i] for i in held_out.argmax(axis=1)]
    stats = {"macro_f1": float(f1_score(data.labels, predicted, labels=list(PARAGRAPH_LABELS), average="macro")),
             "accuracy": float(accuracy_score(data.labels, predicted)),
             "per_class_f1": dict(zip(PARAGRAPH_LABELS, map(float, f1_score(
                 data.labels, predicted, labels=list(PARAGRAPH_LABELS), average=None, zero_division=0)))),
             "temperature": temperature,
             "uncalibrated": calibration(held_out, data.labels, classes, 1.0),
             "calibrated": calibration(held_out, data.labels, classes, temperature)}
    return pipeline, export(pipeline, name, temperature), stats


def calibration(scores: np.ndarray, labels: list[str], classes: list[str], temperature: float) -> dict:
    """Log-loss and expected calibration error (10 equal-width confidence bins) of
    ``softmax(scores / temperature)``."""
    probabilities = np.array([softmax(list(row / temperature)) for row in scores])
    truth = np.array([classes.index(label) for label in labels])
    confidence, guess = probabilities.max(axis=1), probabilities.argmax(axis=1)
    bins = np.minimum((confidence * 10).astype(int), 9)
    ece = sum(abs(float(np.mean(guess[bins == b] == truth[bins == b])) - float(np.mean(confidence[bins == b])))
              * float(np.mean(bins == b)) for b in range(10) if np.any(bins == b))
    log_loss = -float(np.mean(np.log(np.maximum(probabilities[np.arange(len(truth)), truth], 1e-15))))
    return {"log_loss": log_loss, "ece": ece}


def model_card(model: LinearParagraphModel, data: GoldParagraphs, stats: dict) -> str:
    counts = {label: data.labels.count(label) for label in PARAGRAPH_LABELS}
    versions = {package: metadata.version(package) for package in ("budget-nlp", "scikit-learn", "numpy", "scipy")}
    per_class = " · ".join(f"{label} {score:.3f}" for label, score in stats["per_class_f1"].items())
    features = model.features
    text_features = ("none of its words" if features.unit == "none" else
                     f"{features.unit} {features.ngram_range[0]}–{features.ngram_range[1]}-grams of the paragraph "
                     "after folding width, whitespace and digits")
    return f"""# Paragraph classifier `{model.name}`

Labels one paragraph of a budget disclosure as {" / ".join(PARAGRAPH_LABELS)} (SPEC §3).

- **Trained:** {datetime.date.today().isoformat()} with `python -m nlp.train {model.name}`
- **Data:** the gold paragraphs of `annotations/gold/paragraphs` — {len(data.labels)} paragraphs from
  {len(set(data.groups))} documents ({", ".join(sorted(set(data.groups)))}); per label: {", ".join(f"{k} {v}" for k, v in counts.items())}.
- **Features:** TF-IDF (raw counts × smoothed idf, L2) over {text_features}; the paragraph kind;
  section-title n-grams: {"yes" if features.section else "no"};
  the rule baseline's label, weight {features.rule_weight}. Vocabulary: {len(model.weights)} features (min_df 2).
- **Classifier:** {candidate(model.name).named_steps["classifier"]!r}
- **Held-out scores** (leave-one-document-out, the model retrained without each document in turn):
  macro-F1 {stats["macro_f1"]:.3f}, accuracy {stats["accuracy"]:.3f}; per-class F1: {per_class}.
- **Calibration:** temperature {stats["temperature"]:.3f}, fitted on the held-out scores. Log-loss
  {stats["uncalibrated"]["log_loss"]:.3f} → {stats["calibrated"]["log_loss"]:.3f}, expected calibration error
  {stats["uncalibrated"]["ece"]:.3f} → {stats["calibrated"]["ece"]:.3f} (measured on the same held-out scores the temperature was fitted on).
- **Versions:** Python {platform.python_version()}, {", ".join(f"{k} {v}" for k, v in versions.items())}.
- **Limits:** five documents from Sichuan, Anhui and Jiangxi, clean text; the rule baseline was written
  while reading the same five documents, so held-out scores of `rules-` features are optimistic.
"""


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    output = AtomicOutput(path)
    try:
        output.handle.write(text)
    except BaseException:
        output.discard()
        raise
    output.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.train", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", default=DEFAULT_CANDIDATE, metavar="NAME",
                        help=f"candidate to train: NAME or NAME+section (default: {DEFAULT_CANDIDATE}); "
                             f"one of {', '.join(CANDIDATES)}")
    parser.add_argument("--out", type=Path, metavar="PATH",
                        help="model JSON to write (default: NAME.json); the card goes beside it as .md")
    args = parser.parse_args(argv)
    try:
        exportable = isinstance(candidate(args.name), Pipeline)
    except KeyError:
        exportable = None
    if not exportable:
        reason = "unknown candidate" if exportable is None else "not a TF-IDF candidate, cannot be exported"
        print(f"nlp.train: error: {args.name}: {reason}", file=sys.stderr)
        return 2
    data = load_gold_paragraphs()
    _, model, stats = train(args.name, data)
    out = args.out or Path(f"{args.name}.json")
    write_atomically(out, json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
    write_atomically(out.with_suffix(".md"), model_card(model, data, stats))
    print(f"{args.name}: held-out macro-F1 {stats['macro_f1']:.3f}, accuracy {stats['accuracy']:.3f}, "
          f"temperature {stats['temperature']:.3f}; wrote {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
