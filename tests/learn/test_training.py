"""Training, grouped cross-validation, calibration, export and the two command lines."""
import csv
import math
import os
from pathlib import Path

import numpy as np
import pytest

from nlp import compare, train
from nlp.learn import comparison, metrics, training
from nlp.learn.model_card import model_card
from nlp.learn.candidates import CANDIDATES, candidate
from nlp.paragraphs.linear_model import Example, default_model, load
from nlp.pipeline import section_paths
from nlp.segment import segment
from nlp import corpus
from nlp.learn.training import (GoldParagraphs, decision_scores, document_folds, export, fit, fit_temperature,
                          load_gold_paragraphs)


@pytest.fixture(scope="module")
def gold():
    return load_gold_paragraphs()


@pytest.fixture(scope="module")
def trained(gold):
    """The default candidate trained on the whole gold standard, as ``nlp.train`` does it."""
    return training.train(train.DEFAULT_CANDIDATE, gold)


def test_leave_one_document_out_never_leaks_a_document(gold):
    held_out = []
    for doc_id, train_rows, test_rows in document_folds(gold):
        train_docs = {gold.groups[i] for i in train_rows}
        assert {gold.groups[i] for i in test_rows} == {doc_id}
        assert doc_id not in train_docs
        assert len(train_rows) + len(test_rows) == len(gold.labels)
        held_out.append(doc_id)
    assert held_out == list(dict.fromkeys(gold.groups))   # every document once, in a fixed order


def test_gold_examples_carry_the_section_path_of_their_first_character(gold):
    doc_id = gold.groups[0]
    sections = segment(corpus.text(doc_id))[0]
    paths = section_paths(sections)
    assert any(path for path, g in zip((e.section_path for e in gold.examples), gold.groups) if g == doc_id)
    assert all(e.section_path in paths.values() for e, g in zip(gold.examples, gold.groups) if g == doc_id)


def test_temperature_by_hand():
    # two classes, scores ±2, right 80% of the time: the calibrated probability of the top
    # class must be 0.8, i.e. sigmoid(4 / T) = 0.8, T = 4 / ln 4
    scores = np.array([[2.0, -2.0]] * 10)
    labels = ["a"] * 8 + ["b"] * 2
    assert fit_temperature(scores, labels, ["a", "b"]) == pytest.approx(4 / math.log(4), rel=1e-3)


def test_export_reproduces_the_pipeline(gold):
    pipeline = fit(candidate("char-svc+section"), gold, np.arange(len(gold.labels)))
    model = export(pipeline, "char-svc+section", temperature=1.0)
    assert [model(*e).label for e in gold.examples] == list(pipeline.predict(gold.examples))
    expected = decision_scores(pipeline, gold.examples)
    assert np.allclose([model.decision(e) for e in gold.examples], expected, atol=1e-9)


def test_shipped_model_predicts_what_the_trained_pipeline_predicts(trained):
    """The shipped JSON is the default candidate trained on the current gold: same label and the
    same calibrated probabilities on every paragraph the tagger sees in every annotated document."""
    if len(corpus.available_gold_documents()) < len(corpus.gold_documents()):
        pytest.skip("the shipped model was trained with the stand-off gold of ../shared, which is absent")
    pipeline, fresh, _ = trained
    shipped = default_model()
    examples = []
    for _, text in corpus.available_gold_documents():
        sections, paragraphs, _ = segment(text)
        paths = section_paths(sections)
        examples += [Example(text[p.start:p.end], p.kind, paths[p.section]) for p in paragraphs]
    assert [shipped(*e).label for e in examples] == list(pipeline.predict(examples))
    assert shipped.temperature == pytest.approx(fresh.temperature, rel=1e-6)
    for e in examples:
        assert [shipped(*e).scores[k] for k in shipped.labels] == pytest.approx(
            [fresh(*e).scores[k] for k in fresh.labels], abs=1e-9)


def test_model_card_says_what_was_trained_on_what(trained, gold):
    _, model, stats = trained
    card = model_card(model, gold, stats)
    assert f"{len(gold.labels)} paragraphs" in card and "scikit-learn" in card
    assert f"macro-F1 {stats['macro_f1']:.3f}" in card


def test_train_command_writes_model_and_card(tmp_path):
    out = tmp_path / "m.json"
    assert train.main(["char-cnb", "--out", str(out)]) == 0
    model = load(out)
    assert model.name == "char-cnb" and out.with_suffix(".md").exists()
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask, "written like any file, not private"
    assert model("公务接待费", "text", ("三公经费",)).label in model.labels


@pytest.mark.parametrize("name", ["no-such-model", "rules", "spacy-textcat"])
def test_train_refuses_what_it_cannot_export(name, capsys):
    assert train.main([name]) == 2
    assert capsys.readouterr().err.startswith(f"nlp.train: error: {name}: ")


def test_compare_end_to_end_on_two_documents(tmp_path, gold, capsys):
    docs = sorted(set(gold.groups))[:2]
    assert compare.main(["--docs", *docs, "--no-silver", "--candidates", "rules", "char-svc", "char-cnb",
                         "--out", str(tmp_path)]) == 0
    with open(tmp_path / "compare.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = list(dict.fromkeys(row["candidate"] for row in rows))
    assert sorted(names) == sorted(["rules", "char-svc", "char-cnb", "char-svc+section", "char-cnb+section"])
    # two documents of one province and one shape: only leave-one-document-out can be run,
    # and the ranking (selection) falls back to it
    assert {row["scope"] for row in rows} == {"leave-one-document-out"}
    assert [float(r["selection"]) for r in rows] == [float(r["macro_f1"]) for r in rows]
    assert [float(r["macro_f1"]) for r in rows] == sorted((float(r["macro_f1"]) for r in rows), reverse=True)
    assert all(0.0 <= float(r["macro_f1"]) <= 1.0 for r in rows)
    assert (tmp_path / "confusion.png").read_bytes().startswith(b"\x89PNG")
    table = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert table == capsys.readouterr().out.split("\nbest:")[0]
    assert all(f"| {name} |" in table for name in names)


def test_compare_scores_are_deterministic(gold):
    small = gold.subset(sorted(set(gold.groups))[:3])
    first = comparison.cross_validate("char-svc", small).predictions
    assert comparison.cross_validate("char-svc", small).predictions == first


def test_compare_rejects_unknown_documents(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert compare.main(["--docs", "nope"]) == 2
    assert "nlp.compare: error: no gold paragraphs for nope" in capsys.readouterr().err


def test_rule_baseline_scores_by_hand_on_a_tiny_set():
    data = GoldParagraphs([Example("公务接待费1万元", "text", ("三公经费",)),
                           Example("负责全区外事工作。", "text", ("部门职责",))],
                          ["三公", "职能"], ["a", "b"])
    scored = comparison.cross_validate("rules", data)
    assert scored.predictions == ["三公", "职能"]
    assert metrics.macro_f1(data.labels, scored.predictions) == 1.0   # absent labels are not scored
    assert metrics.macro_f1(["三公", "职能"], ["三公", "三公"]) == pytest.approx((2 / 3 + 0) / 2)


def test_every_candidate_has_a_fresh_estimator():
    for name in CANDIDATES:
        assert candidate(name) is not candidate(name)
    with pytest.raises(KeyError):
        candidate("nope")


def test_default_outputs_are_in_the_working_directory():
    # never the repository's benchmarks/results or a folder inside the installed package
    from nlp.adapters import hf_dataset

    assert compare.RESULTS_DIR == Path("compare-results") and not compare.RESULTS_DIR.is_absolute()
    assert hf_dataset.DEFAULT_DIR == Path("dataset")
