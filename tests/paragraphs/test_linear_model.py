"""The pure-Python paragraph classifier: features, JSON round trip, and the shipped model."""
import json
import math

import pytest

from nlp import corpus
from nlp.model import PARAGRAPH_LABELS
from nlp.paragraphs.linear_model import (DEFAULT_MODEL, Example, Features, LinearParagraphModel, default_model,
                                 normalise, softmax)
from nlp.pipeline import tag_path


@pytest.mark.parametrize("raw, folded", [
    ("２０２４年　预算", "0年预算"),                 # full-width digits and U+3000
    ("一般公共服务\n支出 19,044.27 万元", "一般公共服务支出0万元"),  # a PDF line wrap and a separator
    ("（一）职能简介", "(一)职能简介"),              # full-width brackets fold to ASCII
])
def test_normalise_folds_width_space_and_digits(raw, folded):
    assert normalise(raw) == folded


def test_features_char_ngrams_kind_and_section():
    features = Features(ngram_range=(1, 2), section=True)
    grams = features(Example("职能 1", "text", ("部门概况",)))
    assert grams == ["职", "能", "0", "职能", "能0",
                     "§部", "§门", "§概", "§况", "§部门", "§门概", "§概况"]
    assert "kind=toc" in features(Example("一、概况……1", "toc", ()))


def test_a_table_is_not_a_feature_of_its_own():
    """No "table ⇒ one label" shortcut: a table and the same words as text have the same features."""
    features = Features(ngram_range=(1, 2), section=True, rule_weight=1)
    as_table = features(Example("项目 金额", "table", ("部门收支总表",)))
    assert as_table == features(Example("项目 金额", "text", ("部门收支总表",)))


def test_rule_weight_repeats_the_rule_baselines_label():
    grams = Features(ngram_range=(1, 1), rule_weight=3)(Example("公务接待费0.5万元", "text", ("“三公”经费",)))
    assert grams.count("rule=三公") == 3


def test_softmax_is_a_distribution_and_shift_invariant():
    p = softmax([1.0, 2.0, 3.0])
    assert math.isclose(sum(p), 1.0)
    assert p == pytest.approx(softmax([101.0, 102.0, 103.0]))
    assert p[2] == pytest.approx(math.exp(3) / (math.exp(1) + math.exp(2) + math.exp(3)))


def test_linear_model_by_hand():
    # one feature "a" with idf 2: tf-idf of "aa" is [4] → normalised [1]; scores = [1*1 + 0, 1*-1 + 0]
    model = LinearParagraphModel("toy", Features(ngram_range=(1, 1)), ("职能", "其他"),
                                 {"a": (2.0, (1.0, -1.0))}, (0.0, 0.0), temperature=2.0)
    assert model.decision(Example("aa", "text", ())) == [1.0, -1.0]
    labelled = model("aa", "text", ())
    assert labelled.label == "职能"
    assert labelled.scores["职能"] == pytest.approx(1 / (1 + math.exp(-1.0)))   # softmax([0.5, -0.5])
    assert labelled.scores["三公"] == 0.0
    # nothing known: the intercepts decide
    assert model.decision(Example("b", "text", ())) == [0.0, 0.0]


def test_json_round_trip_keeps_every_number(tmp_path):
    model = default_model()
    again = LinearParagraphModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model


def test_shipped_model_is_valid_json_with_calibration():
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["format"] == "budget-nlp/linear-paragraph-model/1"
    assert set(data["labels"]) == set(PARAGRAPH_LABELS)
    assert data["temperature"] > 0
    assert DEFAULT_MODEL.with_suffix(".md").exists(), "the shipped model comes with its model card"


def test_tagging_uses_the_shipped_model_with_probabilities():
    doc = tag_path(corpus.path(corpus.doc_ids()[0]))
    for labelled in doc.labels:
        assert math.isclose(sum(labelled.scores.values()), 1.0, rel_tol=1e-9)
        assert labelled.scores[labelled.label] == max(labelled.scores.values())
    assert any(0.0 < s < 1.0 for labelled in doc.labels for s in labelled.scores.values())
