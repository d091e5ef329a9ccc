"""Training data, grouped cross-validation, training, calibration and export of paragraph classifiers.

The scikit-learn adapter behind ``nlp.train`` and ``nlp.compare``: gold paragraphs become
:class:`~nlp.paragraphs.linear_model.Example` triples grouped by document; a fitted TF-IDF + linear
pipeline becomes a :class:`~nlp.paragraphs.linear_model.LinearParagraphModel` that predicts without
scikit-learn.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, clone
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
    from document ``groups[i]``, described (province, shape) in ``documents``."""

    examples: list[Example]
    labels: list[str]
    groups: list[str]
    documents: dict[str, corpus.GoldDocument] = field(default_factory=dict)

    def subset(self, doc_ids: Sequence[str]) -> "GoldParagraphs":
        keep = [i for i, g in enumerate(self.groups) if g in set(doc_ids)]
        return GoldParagraphs([self.examples[i] for i in keep], [self.labels[i] for i in keep],
                              [self.groups[i] for i in keep],
                              {d: doc for d, doc in self.documents.items() if d in set(doc_ids)})

    def attribute(self, name: str) -> list[str]:
        """Per paragraph, its document's ``province`` or ``shape`` (or ``doc_id``)."""
        return [getattr(self.documents[g], name) if name != "doc_id" else g for g in self.groups]


def load_gold_paragraphs(gold_dir: Path = GOLD_DIR, corpus_dir: Path = corpus.CORPUS_DIR,
                         standoff_dir: Path = corpus.STANDOFF_DIR) -> GoldParagraphs:
    """Every gold paragraph — of the corpus and, where their text is here, of the stand-off
    documents — with the section path the segmenter gives its first character: the same path
    ``nlp.tag`` hands the classifier at prediction time."""
    examples, labels, groups, documents = [], [], [], {}
    gold = {**load_gold(gold_dir, "paragraphs"), **load_gold(standoff_dir, "paragraphs")}
    for document, text in corpus.available_gold_documents(corpus_dir=corpus_dir, standoff_dir=standoff_dir):
        if document.doc_id not in gold:
            continue
        documents[document.doc_id] = document
        sections = segment(text)[0]
        paths = section_paths(sections)
        for record in gold[document.doc_id]:
            path = paths[innermost_section(sections, record["start"])]
            examples.append(Example(text[record["start"]:record["end"]], record["kind"], path))
            labels.append(record["label"])
            groups.append(document.doc_id)
    return GoldParagraphs(examples, labels, groups, documents)


PROTOCOLS = ("document", "shape", "province")
"""Held-out protocols (SPEC §7): leave one document out; train on one text shape, score on the
other (both directions); leave one province out."""


def protocol_folds(data: GoldParagraphs, protocol: str = "document") -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """(held-out group, train indices, test indices) for ``protocol``, in a fixed order. A fold
    never has a document (``document``), a shape (``shape``) or a province (``province``) on
    both sides."""
    key = {"document": "doc_id", "shape": "shape", "province": "province"}[protocol]
    groups = np.asarray(data.attribute(key))
    for held_out in dict.fromkeys(groups.tolist()):
        test = np.flatnonzero(groups == held_out)
        train = np.flatnonzero(groups != held_out)
        if len(train) and len(test):
            yield str(held_out), train, test


def document_folds(data: GoldParagraphs) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Leave-one-document-out: (held-out document, train indices, test indices), in document
    order. No document is ever on both sides."""
    return protocol_folds(data, "document")


RULE_PROTOTYPES: tuple[tuple[Example, str], ...] = (
    (Example("", "text", ("主要职能",)), "职能"),
    (Example("", "text", ("重点工作",)), "重点工作"),
    (Example("", "text", ("“三公”经费",)), "三公"),
    (Example("", "text", ("绩效目标",)), "绩效目标"),
    (Example("", "text", ("名词解释",)), "其他"),
)
"""One empty paragraph per label under a national-template title whose rule verdict is that
label: the prior "the rule is right" that a candidate with the rule verdict among its features
is fitted with. Without it, a label the training documents lack (no 重点工作 in the Shanghai
disclosures) could never be predicted, however plainly the rule names it; with it, the learned
weights only override the rules where the data disagrees."""


PROTOTYPE_COPIES = 2
"""Each prototype twice, so that its title n-grams pass the vectoriser's ``min_df=2``."""


def uses_rule_prior(estimator: BaseEstimator) -> bool:
    steps = getattr(estimator, "named_steps", {})
    return "tfidf" in steps and getattr(steps["tfidf"].analyzer, "rule_weight", 0) > 0


def fit(estimator: BaseEstimator, data: GoldParagraphs, indices: np.ndarray) -> BaseEstimator:
    """A fresh copy of ``estimator`` fitted on the rows ``indices`` (and the
    :data:`RULE_PROTOTYPES`, for a candidate that uses the rule verdict). BLAS runs on one
    thread: the matrices are small, and two BLAS thread pools (numpy's and scipy's) contending
    for two cores made L-BFGS twenty times slower."""
    examples = [data.examples[i] for i in indices]
    labels = [data.labels[i] for i in indices]
    if uses_rule_prior(estimator):
        examples += [example for example, _ in RULE_PROTOTYPES] * PROTOTYPE_COPIES
        labels += [label for _, label in RULE_PROTOTYPES] * PROTOTYPE_COPIES
    with threadpool_limits(limits=1, user_api="blas"):
        return clone(estimator).fit(examples, labels)


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
