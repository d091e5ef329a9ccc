"""Training data, grouped cross-validation, training, calibration and export of paragraph classifiers.

The scikit-learn adapter behind ``nlp.train`` and ``nlp.compare``: gold paragraphs become
:class:`~nlp.paragraphs.linear_model.Example` triples grouped by document; a fitted TF-IDF + linear
pipeline becomes a :class:`~nlp.paragraphs.linear_model.LinearParagraphModel` that predicts without
scikit-learn.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from nlp import corpus
from nlp.corpus import GOLD_DIR, load_gold
from nlp.learn import metrics
from nlp.learn.candidates import candidate
from nlp.learn.metrics import accuracy, macro_f1, per_class
from nlp.model import PARAGRAPH_LABELS
from nlp.paragraphs.linear_model import Example, LinearParagraphModel, softmax
from nlp.pipeline import innermost_section, section_paths
from nlp.segment import segment


@dataclass(frozen=True)
class GoldParagraphs:
    """The gold paragraphs as classifier input: ``examples[i]`` has ``labels[i]`` and comes
    from document ``groups[i]``."""

    examples: list[Example]
    labels: list[str]
    groups: list[str]

    def subset(self, doc_ids: Sequence[str]) -> "GoldParagraphs":
        keep = [i for i, g in enumerate(self.groups) if g in set(doc_ids)]
        return GoldParagraphs([self.examples[i] for i in keep], [self.labels[i] for i in keep],
                              [self.groups[i] for i in keep])


def load_gold_paragraphs(gold_dir: Path = GOLD_DIR, corpus_dir: Path = corpus.CORPUS_DIR) -> GoldParagraphs:
    """Every gold paragraph with the section path the segmenter gives its first character —
    the same path ``nlp.tag`` hands the classifier at prediction time."""
    examples, labels, groups = [], [], []
    for doc_id, records in load_gold(gold_dir, "paragraphs").items():
        sections = segment(corpus.text(doc_id, corpus_dir))[0]
        paths = section_paths(sections)
        for record in records:
            path = paths[innermost_section(sections, record["start"])]
            examples.append(Example(record["text"], record["kind"], path))
            labels.append(record["label"])
            groups.append(doc_id)
    return GoldParagraphs(examples, labels, groups)


def document_folds(data: GoldParagraphs) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Leave-one-document-out: (held-out document, train indices, test indices), in document
    order. No document is ever on both sides."""
    groups = np.asarray(data.groups)
    for train, test in LeaveOneGroupOut().split(data.examples, data.labels, groups):
        yield str(groups[test[0]]), train, test


def fit(estimator: BaseEstimator, data: GoldParagraphs, indices: np.ndarray) -> BaseEstimator:
    """A fresh copy of ``estimator`` fitted on the rows ``indices``. BLAS runs on one thread:
    the matrices are small, and two BLAS thread pools (numpy's and scipy's) contending for two
    cores made L-BFGS twenty times slower."""
    with threadpool_limits(limits=1, user_api="blas"):
        return clone(estimator).fit([data.examples[i] for i in indices], [data.labels[i] for i in indices])


def fit_temperature(scores: np.ndarray, labels: Sequence[str], classes: Sequence[str]) -> float:
    """The temperature T that makes ``softmax(scores / T)`` best calibrated (least log-loss)
    on held-out scores — one parameter, so it cannot change which label wins."""
    truth = np.array([list(classes).index(label) for label in labels])

    def log_loss(log_t: float) -> float:
        z = scores / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(truth)), truth].mean())

    return math.exp(minimize_scalar(log_loss, bounds=(-5.0, 5.0), method="bounded").x)


def export(pipeline: Pipeline, name: str, temperature: float) -> LinearParagraphModel:
    """The fitted TF-IDF + linear pipeline as a :class:`LinearParagraphModel`."""
    vectorizer, classifier = pipeline.named_steps["tfidf"], pipeline.named_steps["classifier"]
    if vectorizer.norm != "l2" or not vectorizer.use_idf or not vectorizer.smooth_idf:
        raise ValueError("export supports l2-normalised, smoothed TF-IDF only")
    weights, intercept = linear_parameters(classifier)
    vocabulary = vectorizer.vocabulary_
    return LinearParagraphModel(
        name=name, features=vectorizer.analyzer, labels=tuple(str(c) for c in classifier.classes_),
        weights={gram: (float(vectorizer.idf_[column]), tuple(float(w) for w in weights[:, column]))
                 for gram, column in vocabulary.items()},
        intercept=tuple(float(b) for b in intercept), temperature=float(temperature),
        sublinear_tf=bool(vectorizer.sublinear_tf))


def linear_parameters(classifier: BaseEstimator) -> tuple[np.ndarray, np.ndarray]:
    """(weights: labels × features, intercept: labels) of a fitted multi-class linear model."""
    if hasattr(classifier, "coef_"):
        return np.asarray(classifier.coef_), np.asarray(classifier.intercept_)
    if hasattr(classifier, "feature_log_prob_"):  # ComplementNB's joint log-likelihood
        return np.asarray(classifier.feature_log_prob_), np.zeros(len(classifier.classes_))
    raise ValueError(f"{type(classifier).__name__} is not a linear model that can be exported")


def decision_scores(pipeline: Pipeline, examples: Sequence[Example]) -> np.ndarray:
    """Per-label linear scores of a fitted pipeline, the quantity the exported model reproduces."""
    classifier = pipeline.named_steps["classifier"]
    features = pipeline.named_steps["tfidf"].transform(examples)
    if hasattr(classifier, "decision_function"):
        return np.asarray(classifier.decision_function(features))
    weights, intercept = linear_parameters(classifier)
    return np.asarray(features @ weights.T) + intercept


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
    stats = {"macro_f1": macro_f1(data.labels, predicted), "accuracy": accuracy(data.labels, predicted),
             "per_class_f1": {label: s["f1"] for label, s in per_class(data.labels, predicted).items()},
             "temperature": temperature,
             "uncalibrated": calibration_at(held_out, data.labels, classes, 1.0),
             "calibrated": calibration_at(held_out, data.labels, classes, temperature)}
    return pipeline, export(pipeline, name, temperature), stats


def calibration_at(scores: np.ndarray, labels: list[str], classes: list[str], temperature: float) -> dict:
    """Log-loss and expected calibration error (10 equal-width confidence bins) of
    ``softmax(scores / temperature)``."""
    probabilities = np.array([softmax(list(row / temperature)) for row in scores])
    return metrics.calibration(probabilities, [classes.index(label) for label in labels])
