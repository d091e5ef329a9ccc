"""The paragraph classifiers that ``nlp.compare`` compares and ``nlp.train`` trains.

A candidate is a name and a function returning a fresh scikit-learn estimator that maps
:class:`nlp.paragraphs.linear_model.Example` triples to labels. Adding one is one line::

    CANDIDATES["char-ridge"] = lambda: tfidf(Features(), RidgeClassifier())

The rule baseline and spaCy's ``textcat`` are wrapped as estimators, so that every candidate
goes through the same grouped cross-validation.
"""
from __future__ import annotations

import dataclasses
import random
from typing import Callable, Sequence

from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from nlp.model import PARAGRAPH_LABELS
from nlp.paragraphs.linear_model import Example, Features
from nlp.paragraphs.rules import label_paragraph


def tfidf(features: Features, classifier: BaseEstimator) -> Pipeline:
    """TF-IDF over ``features`` (min_df=2: an n-gram seen once says nothing about a class)."""
    return Pipeline([("tfidf", TfidfVectorizer(analyzer=features, min_df=2, lowercase=False)),
                     ("classifier", classifier)])


def logistic_regression() -> LogisticRegression:
    return LogisticRegression(C=20.0, max_iter=2000, class_weight="balanced")


def linear_svc() -> LinearSVC:
    return LinearSVC(C=1.0, class_weight="balanced", random_state=0)


class RuleBaseline(ClassifierMixin, BaseEstimator):
    """:func:`nlp.paragraphs.rules.label_paragraph` as an estimator; ``fit`` learns nothing."""

    def fit(self, X: Sequence[Example], y: Sequence[str]) -> "RuleBaseline":
        self.classes_ = list(PARAGRAPH_LABELS)
        return self

    def predict(self, X: Sequence[Example]) -> list[str]:
        return [label_paragraph(*example).label for example in X]


class SpacyTextcat(ClassifierMixin, BaseEstimator):
    """spaCy's exclusive-class ``textcat`` (bag of character n-grams) on a blank Chinese
    pipeline, trained from scratch with a fixed seed so that a run is repeatable."""

    def __init__(self, epochs: int = 12, ngram_size: int = 3, seed: int = 0):
        self.epochs = epochs
        self.ngram_size = ngram_size
        self.seed = seed

    def fit(self, X: Sequence[Example], y: Sequence[str]) -> "SpacyTextcat":
        import spacy
        from spacy.training import Example as SpacyExample
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(self.seed)
        nlp = spacy.blank("zh")  # character segmentation: no dictionary to load
        textcat = nlp.add_pipe("textcat", config={"model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
            "ngram_size": self.ngram_size, "no_output_layer": False}})
        self.classes_ = sorted(set(y), key=PARAGRAPH_LABELS.index)
        for label in self.classes_:
            textcat.add_label(label)
        examples = [SpacyExample.from_dict(nlp.make_doc(x.text),
                                           {"cats": {lab: float(lab == label) for lab in self.classes_}})
                    for x, label in zip(X, y)]
        optimizer = nlp.initialize(lambda: examples)
        shuffler = random.Random(self.seed)
        for _ in range(self.epochs):
            shuffler.shuffle(examples)
            for batch in minibatch(examples, size=16):
                nlp.update(batch, sgd=optimizer, drop=0.1)
        self.nlp_ = nlp
        return self

    def predict(self, X: Sequence[Example]) -> list[str]:
        docs = self.nlp_.pipe(x.text for x in X)
        return [max(self.classes_, key=lambda lab: doc.cats[lab]) for doc in docs]


CANDIDATES: dict[str, Callable[[], BaseEstimator]] = {
    "rules": RuleBaseline,
    "char-logreg": lambda: tfidf(Features(), logistic_regression()),
    "char-svc": lambda: tfidf(Features(), linear_svc()),
    "char-cnb": lambda: tfidf(Features(), ComplementNB(alpha=0.3)),
    "word-logreg": lambda: tfidf(Features(unit="word", ngram_range=(1, 2)), logistic_regression()),
    "spacy-textcat": SpacyTextcat,
    "rules-logreg": lambda: tfidf(Features(unit="none", rule_weight=1), logistic_regression()),
    "rules-calibrated": lambda: tfidf(Features(unit="none", rule_weight=1),
                                      LogisticRegression(C=20.0, max_iter=2000)),
    "rules-char-logreg": lambda: tfidf(Features(rule_weight=10), logistic_regression()),
    "rules-char-svc": lambda: tfidf(Features(rule_weight=10), linear_svc()),
}
"""Candidates that read the paragraph alone (the ``rules-`` ones also hear the rule baseline's
verdict, which looks at section titles). ``nlp.compare`` adds the section-context variant
(``+section``) of the best two of the trainable ones."""


def with_section(name: str) -> Callable[[], BaseEstimator]:
    """The same candidate with the section titles among its features."""
    def build() -> BaseEstimator:
        estimator = CANDIDATES[name]()
        if not isinstance(estimator, Pipeline):
            raise ValueError(f"{name}: only TF-IDF candidates take section context")
        features = estimator.named_steps["tfidf"].analyzer
        estimator.named_steps["tfidf"].set_params(analyzer=dataclasses.replace(features, section=True))
        return estimator
    return build


def candidate(name: str) -> BaseEstimator:
    """A fresh estimator for ``name`` (``NAME`` or ``NAME+section``)."""
    base = name.removesuffix("+section")
    if base not in CANDIDATES:
        raise KeyError(name)
    return with_section(base)() if base != name else CANDIDATES[base]()
