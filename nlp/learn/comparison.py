"""Paragraph classifiers under the held-out protocols of SPEC §7 (``python -m nlp.compare``).

Every candidate of :mod:`nlp.learn.candidates` is trained and scored under each protocol of
:data:`~nlp.learn.training.PROTOCOLS`: leave one document out; train on one text shape and score
on the other (both directions, scored apart); leave one province out. A paragraph is never scored
by a model that saw its document, shape or province. The ``+section`` variant of every
TF-IDF candidate is added. Candidates are ranked by their worst cross-shape or
cross-province macro-F1 — the figure SPEC §7 calls honest — and the best trainable one is what
``nlp.train`` should ship (the rule baseline is the yardstick, not a model). Scores are
deterministic (fixed seeds, fixed fold order); times are measured and vary from run to run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sklearn.pipeline import Pipeline

from nlp.learn.candidates import CANDIDATES, candidate
from nlp.learn.metrics import accuracy, macro_f1, per_class
from nlp.learn.silver import silver_shares
from nlp.learn.training import PROTOCOLS, GoldParagraphs, fit, protocol_folds
from nlp.model import PARAGRAPH_LABELS
from nlp.paragraphs.linear_model import Example

Silver = tuple[Sequence[Example], Sequence[tuple[str, str]]]
"""Unannotated paragraphs and (check, expected label) beside each."""


@dataclass
class Scored:
    """One candidate's held-out predictions under one protocol."""

    name: str
    protocol: str
    predictions: list[str | None]               # held-out prediction of every gold paragraph
    folds: list[tuple[str, list[int]]] = field(default_factory=list)   # (held-out group, its rows)
    fit_seconds: float = 0.0
    predict_seconds: float = 0.0


SCOPES = {"leave-one-document-out": ("document", None), "clean→pdf": ("shape", "pdf"),
          "pdf→clean": ("shape", "clean"), "leave-one-province-out": ("province", None)}
"""What the table reports: (protocol, held-out group scored — None: all folds pooled). The two
cross-shape directions are scored apart: each is a model that never saw the other shape."""
SELECTION_SCOPES = ("clean→pdf", "pdf→clean", "leave-one-province-out")
"""The best model is the one whose worst score over these is highest (SPEC §7), not the one
with the best in-sample or leave-one-document-out figure."""


def cross_validate(name: str, data: GoldParagraphs, protocol: str = "document") -> Scored:
    """Held-out predictions of candidate ``name`` under ``protocol`` (see
    :func:`~nlp.learn.training.protocol_folds`)."""
    scored = Scored(name, protocol, [None] * len(data.labels))
    for group, train, test in protocol_folds(data, protocol):
        started = time.perf_counter()
        model = fit(candidate(name), data, train)
        fitted = time.perf_counter()
        predicted = list(model.predict([data.examples[i] for i in test]))
        scored.fit_seconds += fitted - started
        scored.predict_seconds += time.perf_counter() - fitted
        scored.folds.append((group, [int(i) for i in test]))
        for i, label in zip(test, predicted):
            scored.predictions[i] = str(label)
    return scored


def scope_scores(runs: dict[str, Scored], data: GoldParagraphs, scope: str) -> dict | None:
    """macro-F1, accuracy, per-label F1 and n of one scope, or None when the data has no such
    fold (e.g. no PDF-shaped gold)."""
    protocol, group = SCOPES[scope]
    run = runs[protocol]
    rows = [i for g, test in run.folds if group is None or g == group for i in test]
    if not rows:
        return None
    gold = [data.labels[i] for i in rows]
    predicted = [run.predictions[i] for i in rows]
    return {"macro_f1": macro_f1(gold, predicted), "accuracy": accuracy(gold, predicted), "n": len(rows),
            **{f"f1_{label}": s["f1"] if s["support"] or label in predicted else None
               for label, s in per_class(gold, predicted).items()}}


@dataclass
class Compared:
    """A candidate under every protocol, with its selection score, and its gold-free (silver)
    shares on unannotated documents when those were given."""

    name: str
    runs: dict[str, Scored]
    scores: dict[str, dict | None]
    silver: dict[str, dict] | None = None

    @property
    def selection(self) -> float:
        present = [self.scores[s]["macro_f1"] for s in SELECTION_SCOPES if self.scores[s]]
        return min(present) if present else self.scores["leave-one-document-out"]["macro_f1"]

    @property
    def seconds(self) -> tuple[float, float]:
        return (sum(r.fit_seconds for r in self.runs.values()), sum(r.predict_seconds for r in self.runs.values()))


def evaluate_candidate(name: str, data: GoldParagraphs, silver: Silver | None = None) -> Compared:
    """Every protocol for candidate ``name``; with ``silver`` (examples and their expected
    labels, :func:`nlp.learn.silver.silver_examples`), also the shares of the candidate trained
    on all the gold."""
    runs = {protocol: cross_validate(name, data, protocol) for protocol in PROTOCOLS}
    result = Compared(name, runs, {scope: scope_scores(runs, data, scope) for scope in SCOPES})
    if silver is not None:
        model = fit(candidate(name), data, list(range(len(data.labels))))
        result.silver = silver_shares(lambda examples: [str(label) for label in model.predict(examples)], *silver)
    return result


def compare(data: GoldParagraphs, names: Sequence[str] | None = None, silver: Silver | None = None) -> list[Compared]:
    """Every protocol for ``names`` (default: every candidate) and the ``+section`` variant of
    each TF-IDF one; best first (selection score, then leave-one-document-out macro-F1, then name)."""
    names = list(names or CANDIDATES)
    names += [f"{name}+section" for name in names if isinstance(candidate(name), Pipeline) and "+" not in name]
    return _ranked([evaluate_candidate(name, data, silver) for name in names])


def _ranked(results: list[Compared]) -> list[Compared]:
    return sorted(results, key=lambda r: (-round(r.selection, 6),
                                          -round(r.scores["leave-one-document-out"]["macro_f1"], 6), r.name))


def table_rows(results: Sequence[Compared]) -> list[dict]:
    """One row per candidate and scope (long format, for the CSV)."""
    rows = []
    for r in results:
        fit_seconds, predict_seconds = r.seconds
        for scope, scores in r.scores.items():
            if scores is not None:
                rows.append({"candidate": r.name, "scope": scope, "selection": r.selection, **scores,
                             "fit_seconds": fit_seconds, "predict_seconds": predict_seconds})
        for check, share in (r.silver or {}).items():
            rows.append({"candidate": r.name, "scope": f"silver: {check}", "selection": r.selection,
                         "accuracy": share["share"], "n": share["total"]})
    return rows


def markdown(results: Sequence[Compared], data: GoldParagraphs) -> str:
    shapes = sorted(set(data.attribute("shape")))
    provinces = sorted(set(data.attribute("province")))
    scopes = [s for s in SCOPES if results and results[0].scores[s] is not None]
    checks = list(results[0].silver) if results and results[0].silver else []
    head = ("| candidate | selection (worst of cross-shape, cross-province) | " + " | ".join(scopes)
            + "".join(f" | silver: {c}" for c in checks) + " | fit s |")
    lines = [f"{len(data.labels)} gold paragraphs from {len(set(data.groups))} documents, shapes "
             f"{', '.join(shapes)}, provinces {', '.join(provinces)} (`python -m nlp.compare`). "
             "macro-F1 over the held-out predictions of each protocol; the candidates are ranked by "
             "their worst cross-shape / cross-province figure (SPEC §7). Times are totals over all folds.",
             "", head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        lines.append(f"| {r.name} | {r.selection:.3f} | "
                     + " | ".join(f"{r.scores[s]['macro_f1']:.3f}" for s in scopes)
                     + "".join(f" | {_share(r.silver[c])}" for c in checks) + f" | {r.seconds[0]:.2f} |")
    for scope in scopes:
        lines += ["", f"Per-label F1, {scope} (n = {results[0].scores[scope]['n']}; – : label absent from "
                      "both gold and predictions of this scope):", "",
                  "| candidate | macro-F1 | accuracy | " + " | ".join(PARAGRAPH_LABELS) + " |",
                  "|---|---|---|" + "---|" * len(PARAGRAPH_LABELS)]
        for r in results:
            s = r.scores[scope]
            lines.append(f"| {r.name} | {s['macro_f1']:.3f} | {s['accuracy']:.3f} | "
                         + " | ".join("–" if s[f"f1_{label}"] is None else f"{s[f'f1_{label}']:.3f}"
                                      for label in PARAGRAPH_LABELS) + " |")
    if checks:
        sizes = ", ".join(f"{c}: n = {results[0].silver[c]['total']}" for c in checks)
        lines += ["", f"Silver columns: share of the paragraphs of the unannotated documents that each gold-free check "
                      f"covers ({sizes}) labelled as the check expects, by the candidate trained on all the gold "
                      "(`nlp.learn.silver`)."]
    return "\n".join(lines) + "\n"


def _share(share: dict) -> str:
    return "–" if share["share"] is None else f"{share['share']:.3f}"


def plot_confusion(result: Scored, data: GoldParagraphs) -> bytes:
    """The confusion matrix of ``result``'s held-out predictions as PNG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklearn.metrics import confusion_matrix

    from nlp.adapters.plots import label_display

    show = label_display()
    names = [show(label) for label in PARAGRAPH_LABELS]
    rows = [i for _, test in result.folds for i in test]
    matrix = confusion_matrix([data.labels[i] for i in rows], [result.predictions[i] for i in rows],
                              labels=list(PARAGRAPH_LABELS))
    figure, axes = plt.subplots(figsize=(6, 5), dpi=120)
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(names)), names, rotation=30, ha="right")
    axes.set_yticks(range(len(names)), names)
    for (row, column), count in np.ndenumerate(matrix):
        axes.text(column, row, str(count), ha="center", va="center",
                  color="white" if count > matrix.max() / 2 else "black")
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title(f"{result.name}: held out by {result.protocol}")
    figure.tight_layout()
    png = io.BytesIO()
    figure.savefig(png, format="png", metadata={"Software": None})
    plt.close(figure)
    return png.getvalue()
