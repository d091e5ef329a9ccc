"""Fact scoring (SPEC §9) on small gold written by hand."""
import json

from nlp.evaluate import main
from nlp.learn.evaluation import evaluate_tagger, score_facts
from nlp.learn.metrics import fact_scores


def _fact(start, end, table="一般公共预算支出功能分类表", code="2080799", item="其他就业补助支出",
          column="项目支出", value="1990000", doc_id="d"):
    return {"doc_id": doc_id, "table": table, "code": code, "item": item, "column": column,
            "value": value, "start": start, "end": end}


def test_fact_scores_by_hand():
    gold = [_fact(10, 19),
            _fact(30, 39, column="基本支出"),
            _fact(50, 55, code=None, item="本年支出合计", column="合计", value="5000000"),
            _fact(60, 65, column="因公出国（境）费", value="120.5")]
    predicted = [
        _fact(10, 19, column="本年支出/项目支出", value="1990000.00"),   # same: last path segment, Decimal
        _fact(30, 39, column="项目支出"),                                # span matches, column wrong
        _fact(50, 55, code="999", item="本年支出 合计", column="合计", value="5000000"),  # gold has no code: item
        _fact(60, 65, column="因公出国(境)费", value="120.50"),           # parentheses folded
        _fact(70, 79),                                                  # no gold there
    ]
    scores = fact_scores(gold, predicted)
    assert (scores["precision"], scores["recall"]) == (3 / 5, 3 / 4)
    assert (scores["span"]["precision"], scores["span"]["recall"]) == (4 / 5, 1.0)
    assert scores["attribute_accuracy"] == {"table": 1.0, "row": 1.0, "column": 3 / 4, "value": 1.0}


def test_a_wrong_value_or_table_kind_is_a_miss():
    gold = [_fact(0, 9), _fact(20, 29)]
    predicted = [_fact(0, 9, value="1990001"), _fact(20, 29, table="支出总表")]
    scores = fact_scores(gold, predicted)
    assert scores["f1"] == 0.0 and scores["span"]["f1"] == 1.0
    assert scores["attribute_accuracy"]["value"] == 0.5
    assert scores["attribute_accuracy"]["table"] == 0.5


TEXT = (
    "一般公共预算支出功能分类预算表\n"
    "单位：元\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "208 社会保障和就业支出 2,500,000 510,000 1,990,000\n"
    "20805 行政事业单位养老支出 510,000 510,000\n"
    "2080501 行政单位离退休 510,000 510,000\n"
    "20807 就业补助 1,990,000 1,990,000\n"
    "2080799 其他就业补助支出 1,990,000 1,990,000\n"
    "注：本表反映部门支出。\n"
    "政府采购预算表\n"
    "单位：元\n"
    "项目 金额\n"
    "办公设备 8,000\n"
)


def test_score_facts_from_a_text_by_reading():
    # gold written by reading the table: 208's 基本支出 is all 20805's, so 20807's second number
    # is 项目支出, and so is its 项's
    first = TEXT.index("就业补助 1,990,000") + 5
    second = first + 10
    first_child = TEXT.index("1,990,000", TEXT.index("其他就业补助支出"))
    gold = {"d": [
        _fact(first, first + 9, code="20807", item="就业补助", column="合计"),
        _fact(second, second + 9, code="20807", item="就业补助"),
        _fact(first_child, first_child + 9, column="合计"),
        _fact(first_child + 10, first_child + 19),
    ]}
    for record in gold["d"]:
        assert TEXT[record["start"]:record["end"]] == "1,990,000"
    scores = score_facts(gold, lambda doc_id: TEXT)
    # predictions are limited to the annotated table: the 政府采购 table's 8,000 is not counted
    assert scores["n_predicted"] == 4
    assert scores["recall"] == 1.0 and scores["precision"] == 1.0


def test_evaluate_reports_facts_from_a_gold_directory(tmp_path, capsys):
    (tmp_path / "facts").mkdir()
    record = {"table": "其他表", "title": "某表", "code": None, "item": "某项", "column": "金额",
              "value": "1", "start": 0, "end": 1}
    (tmp_path / "facts" / "003_f799a21a4929daf1.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                                                   encoding="utf-8")
    facts = evaluate_tagger(tmp_path, standoff_dir=None)["facts"]
    assert facts["support"] == 1 and set(facts["attribute_accuracy"]) == {"table", "row", "column", "value"}
    assert main(["--gold", str(tmp_path)]) == 0
    assert "facts" in capsys.readouterr().out


def test_a_fact_record_without_a_value_is_refused(tmp_path, capsys):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.jsonl").write_text('{"table": "其他表", "column": "金额", "start": 0, "end": 1}\n',
                                                encoding="utf-8")
    assert main(["--gold", str(tmp_path)]) == 2
    assert "'value' missing" in capsys.readouterr().err
