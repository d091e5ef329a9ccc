"""The evaluator on hand-made cases whose scores were computed by hand."""
from nlp.evaluate import classification_scores, cohen_kappa, entity_scores, majority_labels


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
