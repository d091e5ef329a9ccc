"""The shipped paragraph classifier, predicted in pure Python (SPEC §3, §7, §8).

A trained model is a linear function of TF-IDF features: ``scores = softmax((x · W + b) / T)``.
``python -m nlp.train`` fits it with scikit-learn and exports the fitted vocabulary, idf,
weights and calibration temperature to JSON; this module reads that JSON and predicts with
dictionaries and floats, so ``nlp.tag`` never imports scikit-learn (start-up stays fast). The
feature function lives here, too, and is the very one the scikit-learn pipeline calls during
training — one definition, so the two cannot drift apart.
"""
from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

import regex

from nlp.errors import BadInput
from nlp.model import PARAGRAPH_LABELS, Labelled
from nlp.paragraphs.rules import label_paragraph

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "paragraph_model.json"
FORMAT = "budget-nlp/linear-paragraph-model/1"

SPACE = regex.compile(r"\s+")
DIGITS = regex.compile(r"\d+(?:[.,]\d+)*")
NON_TEXT_KINDS = ("toc", "noise")


class Example(NamedTuple):
    """What the classifier sees of a paragraph: its text, its kind and the titles of the
    sections above it, outermost first (the same triple as :data:`nlp.pipeline.Labeller`)."""

    text: str
    kind: str
    section_path: tuple[str, ...]


def normalise(text: str) -> str:
    """Fold what varies between documents of the same template and says nothing of the topic:
    width (NFKC), whitespace and line wraps (PDF text is hard-wrapped), and the digits of
    amounts, years and item numbers (each run of digits becomes ``0``)."""
    return DIGITS.sub("0", SPACE.sub("", unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class Features:
    """The feature function of a candidate: character n-grams of the paragraph (``unit="char"``),
    jieba word n-grams (``unit="word"``) or none (``unit="none"``); the kind of a ``toc`` or
    ``noise`` paragraph (not ``table``: a model must not learn "a table is always one label" —
    a table is labelled by its title and topic, which the section features carry); with
    ``section``, the character n-grams of its section titles, marked with ``§`` so that they
    stay apart from the paragraph's own. With ``rule_weight`` > 0 the rule baseline's label is a feature too,
    counted ``rule_weight`` times: the national template's headings and keywords, which the
    rules encode, weigh as much as the wording a few training documents happen to share.

    It is a callable ``analyzer`` for scikit-learn's ``TfidfVectorizer`` and the feature
    function of :class:`LinearParagraphModel`.
    """

    unit: str = "char"
    ngram_range: tuple[int, int] = (1, 3)
    section: bool = False
    rule_weight: int = 0

    def __call__(self, example: Example) -> list[str]:
        """The features as a token list, for scikit-learn (each repeated as often as it occurs)."""
        return list(self.counts(example).elements())

    def counts(self, example: Example) -> Counter[str]:
        """How often each feature occurs, in first-occurrence order of its kind."""
        text, kind, path = example
        counts = self._grams(text)
        if kind in NON_TEXT_KINDS:
            counts[f"kind={kind}"] += 1
        if self.rule_weight:
            counts[f"rule={label_paragraph(text, kind, path).label}"] += self.rule_weight
        if self.section:
            for title in path:
                counts.update(map("§".__add__, _char_ngrams(normalise(title), self.ngram_range)))
        return counts

    def _grams(self, text: str) -> Counter[str]:
        if self.unit == "none":
            return Counter()
        if self.unit == "char":
            return _char_ngrams(normalise(text), self.ngram_range)
        import jieba  # only word-level candidates pay for jieba's dictionary

        words = jieba.lcut(normalise(text))
        low, high = self.ngram_range
        return Counter(" ".join(words[i:i + n]) for n in range(low, high + 1) for i in range(len(words) - n + 1))

    @property
    def grams(self) -> bool:
        """Whether the features hold n-grams of the text or of the section titles."""
        return self.unit != "none" or self.section

    def to_json(self) -> dict:
        return {"unit": self.unit, "ngram_range": list(self.ngram_range), "section": self.section,
                "rule_weight": self.rule_weight}

    @classmethod
    def from_json(cls, data: dict) -> "Features":
        return cls(data["unit"], tuple(data["ngram_range"]), data["section"], data["rule_weight"])


def _char_ngrams(text: str, ngram_range: tuple[int, int]) -> Counter[str]:
    """Character n-gram counts, built by ``zip`` and ``str.join`` so that the loop runs in C:
    this is the classifier's hot path."""
    low, high = ngram_range
    counts: Counter[str] = Counter()
    for n in range(low, high + 1):
        counts.update(text if n == 1 else map("".join, zip(*(text[i:] for i in range(n)))))
    return counts


@dataclass(frozen=True)
class LinearParagraphModel:
    """TF-IDF (raw counts × smoothed idf, L2-normalised, as scikit-learn computes it) followed
    by a linear layer and a temperature-scaled softmax."""

    name: str
    features: Features
    labels: tuple[str, ...]
    weights: dict[str, tuple[float, tuple[float, ...]]]
    """feature → (idf, one weight per label)"""
    intercept: tuple[float, ...]
    temperature: float
    sublinear_tf: bool = False
    _scored: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """feature counts (as items) → label, for a model without text n-grams (see ``__call__``)"""

    def decision(self, example: Example) -> list[float]:
        """The raw linear scores, one per label (scikit-learn's ``decision_function``), summed in
        the order the features first occur so that a paragraph always gives the same floats."""
        return self._decision(self.features.counts(example))

    def _decision(self, counts: Counter[str]) -> list[float]:
        weighted = [0.0] * len(self.intercept)
        squares = 0.0
        for gram, count in counts.items():
            entry = self.weights.get(gram)
            if entry is None:
                continue
            idf, row = entry
            value = (1 + math.log(count) if self.sublinear_tf else count) * idf
            squares += value * value
            for k, weight in enumerate(row):
                weighted[k] += value * weight
        norm = math.sqrt(squares) or 1.0
        return [b + w / norm for b, w in zip(self.intercept, weighted)]

    def __call__(self, text: str, kind: str, section_path: Sequence[str]) -> Labelled:
        """A :data:`nlp.pipeline.Labeller`: the best label and calibrated probabilities."""
        counts = self.features.counts(Example(text, kind, tuple(section_path)))
        if not self.features.grams:
            # Without text n-grams a model sees a handful of feature sets (kind, rule label):
            # each is scored once, and the same features give the very same floats.
            key = tuple(counts.items())
            known = self._scored.get(key)
            if known is None:
                known = self._scored[key] = self._label(self._decision(counts))
            return Labelled(known.label, dict(known.scores))
        return self._label(self._decision(counts))

    def _label(self, scores: list[float]) -> Labelled:
        probabilities = softmax([s / self.temperature for s in scores])
        by_label = dict(zip(self.labels, probabilities))
        best = max(self.labels, key=lambda lab: (by_label[lab], -self.labels.index(lab)))
        return Labelled(best, {lab: by_label.get(lab, 0.0) for lab in PARAGRAPH_LABELS})

    def to_json(self) -> dict:
        return {"format": FORMAT, "name": self.name,
                "features": self.features.to_json(), "labels": list(self.labels),
                "sublinear_tf": self.sublinear_tf, "temperature": self.temperature,
                "intercept": list(self.intercept),
                "weights": {g: [idf, list(row)] for g, (idf, row) in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "LinearParagraphModel":
        return cls(data["name"], Features.from_json(data["features"]), tuple(data["labels"]),
                   {g: (idf, tuple(row)) for g, (idf, row) in data["weights"].items()},
                   tuple(data["intercept"]), data["temperature"], data["sublinear_tf"])


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = math.fsum(exps)
    return [e / total for e in exps]


@lru_cache(maxsize=4)
def load(path: str | Path) -> LinearParagraphModel:
    """A model written by ``python -m nlp.train``, read once per process (``nlp.tag --jobs``
    workers each load it on their first paragraph instead of receiving it with every document)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise ValueError(f"format is {found!r}, not {FORMAT!r}")
        return _checked(LinearParagraphModel.from_json(data))
    except OSError as error:
        raise BadInput(str(path), f"cannot read the model: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadInput(str(path), f"not a paragraph model written by nlp.train ({error})") from None


def _checked(model: LinearParagraphModel) -> LinearParagraphModel:
    """Refuse, at load, a model that would crash mid-run or score outside the contract: labels
    a non-empty subset of the five paragraph labels without repeats, one finite intercept and
    one finite weight per label, finite positive idf, a finite temperature well above zero."""
    labels = model.labels
    if not labels or len(set(labels)) != len(labels) or not all(isinstance(lab, str) for lab in labels):
        raise ValueError(f"labels must be distinct paragraph labels, got {list(labels)!r}")
    unknown = [lab for lab in labels if lab not in PARAGRAPH_LABELS]
    if unknown:
        raise ValueError(f"labels {unknown!r} are not paragraph labels ({', '.join(PARAGRAPH_LABELS)})")
    if not _finite_numbers(model.intercept, len(labels)):
        raise ValueError(f"intercept must be {len(labels)} finite numbers (at most {MAX_PARAMETER:g} in size)")
    temperature = model.temperature
    if not _finite_numbers([temperature], 1) or not temperature >= 1e-6:
        raise ValueError(f"temperature must be a number from 1e-6 to {MAX_PARAMETER:g}, got {temperature!r}")
    features = model.features
    if features.unit not in ("char", "word", "none") or not _ngram_range(features.ngram_range):
        raise ValueError(f"features must be char, word or none n-grams, got {features.to_json()!r}")
    if not isinstance(features.rule_weight, int) or isinstance(features.rule_weight, bool) or features.rule_weight < 0:
        raise ValueError(f"rule_weight must be a whole number ≥ 0, got {features.rule_weight!r}")
    for gram, (idf, row) in model.weights.items():
        if not _finite_numbers([idf], 1) or idf <= 0 or not _finite_numbers(row, len(labels)):
            raise ValueError(f"feature {gram!r}: idf must be a positive finite number and the weights "
                             f"{len(labels)} finite numbers")
    return model


MAX_PARAMETER = 1e6
"""Larger weights than a fitted model ever has; bounding them keeps every score a finite float."""


def _finite_numbers(values, count: int) -> bool:
    return (len(values) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) <= MAX_PARAMETER
                    for v in values))


def _ngram_range(value) -> bool:
    return (len(value) == 2 and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
            and 1 <= value[0] <= value[1] <= 10)


def default_model() -> LinearParagraphModel:
    """The model that ships in the package (``nlp/paragraphs/data/paragraph_model.json``)."""
    return load(DEFAULT_MODEL)
