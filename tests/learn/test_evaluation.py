"""The evaluator on hand-made cases whose scores were computed by hand."""
from nlp.learn.evaluation import majority_labels
from nlp.learn.metrics import classification_scores, cohen_kappa, entity_scores


def test_entity_scores_by_hand():
    gold = [{"doc_id": "d", "label": "AMOUNT", "start": 0, "end": 5, "value": 100},
            {"doc_id": "d", "label": "AMOUNT", "start": 10, "end": 15, "value": 200}]
    pred = [{"doc_id": "d", "label": "AMOUNT", "start": 0, "end": 5, "value": 100},
            {"doc_id": "d", "label": "AMOUNT", "start": 10, "end": 14, "value": 200},
            {"doc_id": "d", "label": "AMOUNT", "start": 20, "end": 25, "value": 1}]
    s = entity_scores(gold, pred)["AMOUNT"]
    assert (s["precision"], s["recall"]) == (1 / 3, 1 / 2)       # one exact match of 3 and of 2
    assert abs(s["f1"] - 0.4) < 1e-12 and s["value_accuracy"] == 1.0


def test_majority_label_survives_a_different_segmentation():
    text = "aaaa bbbb"
    gold = [{"start": 0, "end": 9}]
    predicted = [(0, 3, "职能"), (3, 9, "其他")]      # 3 non-space characters vs 5
    assert majority_labels(gold, text, predicted) == ["其他"]


def test_classification_scores_and_kappa_by_hand():
    gold = ["职能", "职能", "其他", "其他"]
    pred = ["职能", "其他", "其他", "其他"]
    s = classification_scores(gold, pred)
    assert s["accuracy"] == 0.75
    assert abs(s["per_class"]["职能"]["f1"] - 2 / 3) < 1e-12 and abs(s["per_class"]["其他"]["f1"] - 0.8) < 1e-12
    assert abs(s["macro_f1"] - (2 / 3 + 0.8) / 2) < 1e-12
    # observed 0.75; expected (2*1 + 2*3)/16 = 0.5; kappa = 0.25/0.5
    assert abs(cohen_kappa(gold, pred) - 0.5) < 1e-12


def test_heading_scores_by_hand():
    from nlp.learn.metrics import heading_scores

    gold = [{"doc_id": "d", "start": 0, "end": 4, "level": 1},
            {"doc_id": "d", "start": 10, "end": 16, "level": 2},
            {"doc_id": "d", "start": 20, "end": 25, "level": 2},
            {"doc_id": "e", "start": 0, "end": 3, "level": 1}]
    pred = [{"doc_id": "d", "start": 0, "end": 4, "level": 1},     # hit, same level
            {"doc_id": "d", "start": 10, "end": 16, "level": 3},   # hit, wrong level
            {"doc_id": "d", "start": 20, "end": 24, "level": 2},   # one character short: FP and FN
            {"doc_id": "e", "start": 0, "end": 3, "level": 1},     # hit in the other document
            {"doc_id": "d", "start": 30, "end": 35, "level": 1}]   # not a heading: FP
    s = heading_scores(gold, pred)
    # 3 hits of 5 predicted and of 4 gold: P 0.6, R 0.75, F1 2*0.45/1.35 = 2/3; levels 2 of 3
    assert (s["precision"], s["recall"], s["support"], s["n_predicted"], s["matched"]) == (0.6, 0.75, 4, 5, 3)
    assert abs(s["f1"] - 2 / 3) < 1e-12 and abs(s["level_accuracy"] - 2 / 3) < 1e-12
    assert [(m["doc_id"], m["start"], m["end"]) for m in s["false_positives"]] == [("d", 20, 24), ("d", 30, 35)]
    assert [(m["doc_id"], m["start"], m["end"]) for m in s["false_negatives"]] == [("d", 20, 25)]
    assert [(m["start"], m["level"], m["predicted_level"]) for m in s["level_errors"]] == [(10, 2, 3)]


def test_heading_predicted_twice_is_one_hit_and_one_false_positive():
    from nlp.learn.metrics import heading_scores

    gold = [{"doc_id": "d", "start": 0, "end": 4, "level": 1}]
    s = heading_scores(gold, [dict(gold[0]), dict(gold[0])])
    assert (s["precision"], s["recall"]) == (0.5, 1.0) and abs(s["f1"] - 2 / 3) < 1e-12


def test_no_predicted_headings_scores_zero_not_an_error():
    from nlp.learn.metrics import heading_scores

    s = heading_scores([{"doc_id": "d", "start": 0, "end": 4, "level": 1}], [])
    assert (s["precision"], s["recall"], s["f1"], s["level_accuracy"]) == (0.0, 0.0, 0.0, None)


def test_predicted_heading_spans_are_trimmed_before_matching():
    from nlp.learn.evaluation import predicted_headings, trimmed
    from nlp.model import Section

    text = " 一、总则 \n正文。\n\u3000（一）细则\n"
    sections = [Section(0, None, 1, "一、", "总则", (0, 7), 0, 11),
                Section(1, 0, 2, "（一）", "细则", (11, 18), 11, 19)]
    records = predicted_headings("d", text, sections)
    assert [(r["start"], r["end"], r["text"], r["level"]) for r in records] == [
        (1, 5, "一、总则", 1), (12, 17, "（一）细则", 2)]
    assert trimmed(text, 5, 7) == (7, 7)          # whitespace only: empty, no crash


def test_evaluate_tagger_scores_headings_from_a_gold_directory(tmp_path, capsys):
    import json

    from nlp import corpus
    from nlp.evaluate import main
    from nlp.learn.evaluation import evaluate_tagger
    from nlp.pipeline import tag_path

    doc_id = "002_626f1369946c4733"
    text = corpus.text(doc_id)
    start = text.index("负责区政府会议的准备工作")            # mid-sentence: never a heading
    (tmp_path / "headings").mkdir()
    (tmp_path / "headings" / f"{doc_id}.jsonl").write_text(json.dumps(
        {"doc_id": doc_id, "start": start, "end": start + 5, "text": text[start:start + 5], "level": 1,
         "marker": "", "annotator": "test", "method": "manual"}, ensure_ascii=False) + "\n", encoding="utf-8")
    n_sections = len(tag_path(corpus.path(doc_id)).sections)
    h = evaluate_tagger(tmp_path)["headings"]
    assert (h["support"], h["matched"], h["recall"], h["n_predicted"]) == (1, 0, 0.0, n_sections)
    assert len(h["false_positives"]) == n_sections and h["false_negatives"][0]["start"] == start
    assert main(["--gold", str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "level_accuracy", "support"} <= set(out["headings"])
    assert main(["--gold", str(tmp_path)]) == 0
    assert "heading" in capsys.readouterr().out
