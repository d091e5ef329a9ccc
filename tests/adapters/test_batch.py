"""Tagging at scale: ordered parallel map, the Arrow batch function (datasets, pandas, Arrow
batches), and the benchmark tools run at a tiny size."""
import importlib
import sys
import time
from decimal import Decimal

import datasets
import pandas as pd
import pyarrow as pa
import pytest

from conftest import CORPUS_FILES, ROOT
from invariants import assert_invariants
from nlp.adapters.batch import AHEAD_PER_JOB, ordered_map, tag_batch, tag_schema
from nlp.entities import find_entities
from nlp.pipeline import tag_text
from nlp.read import read_path
from nlp.segment import segment


def square_slowly(x):
    """Early items take longest, so that results arrive out of order."""
    time.sleep(0.01 * (5 - x % 5))
    return x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_keeps_input_order(jobs):
    assert list(ordered_map(square_slowly, range(12), jobs)) == [x * x for x in range(12)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_takes_only_a_few_items_ahead(jobs):
    """Memory stays flat: a slow first item does not let the rest pile up as results."""
    pulled = []

    def items():
        for i in range(1000):
            pulled.append(i)
            yield i

    results = ordered_map(square_slowly, items(), jobs)
    assert next(results) == 0
    assert len(pulled) <= AHEAD_PER_JOB * jobs
    results.close()


def corpus_texts():
    return [read_path(path)[0] for path in CORPUS_FILES]


def test_tag_batch_in_dataset_map_with_two_processes():
    texts = corpus_texts()
    dataset = datasets.Dataset.from_dict({"id": [p.stem for p in CORPUS_FILES] + ["blank", "missing"],
                                          "text": texts + ["", None]})
    # batch_size=1: batches with no entities or a missing text must still agree on the types
    tagged = dataset.map(tag_batch, batched=True, batch_size=1, num_proc=2)
    assert tagged.column_names == ["id", *tag_schema().names]
    assert tagged.features["entity_value"] == datasets.List(datasets.Value("decimal128(38, 6)"))
    assert tagged.features["entity_value_str"] == datasets.List(datasets.Value("string"))
    assert tagged.features["entity_code"] == datasets.List(datasets.Value("string"))
    for row, text in zip(tagged, texts):
        doc = tag_text(text)
        assert row["length"] == len(text) and row["error"] is None
        assert row["paragraph_label"] == [lab.label for lab in doc.labels]
        assert row["paragraph_text"] == [text[p.start:p.end] for p in doc.paragraphs]
        assert list(zip(row["entity_label"], row["entity_start"], row["entity_end"])) == \
            [(e.label, e.start, e.end) for e in doc.entities]
        assert row["entity_text"] == [text[s:e] for s, e in zip(row["entity_start"], row["entity_end"])]
    amounts = {(r["id"], s): v for r in tagged for lab, s, v in zip(r["entity_label"], r["entity_start"],
                                                                    r["entity_value"]) if lab == "AMOUNT"}
    exact = {(p.stem, e.start): e.attrs["value"] for p, text in zip(CORPUS_FILES, texts)
             for e in tag_text(text).entities if e.label == "AMOUNT"}
    assert amounts == exact and all(isinstance(v, Decimal) for v in amounts.values())
    blank, missing = tagged[-2], tagged[-1]
    assert blank["error"] is None and blank["paragraph_text"] == [] and blank["length"] == 0
    assert missing["error"] == "no text (a NoneType, not a str)" and missing["entity_label"] == []


def test_tag_batch_reads_pandas_and_arrow_batches_as_spark_and_ray_give_them():
    text = "三、“三公”经费\n公务接待费1.1万元，一般公共服务（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）。\n"
    from_pandas = tag_batch(pd.DataFrame({"doc": ["a", "b"], "text": [text, text]}), id_column="doc")
    from_arrow = tag_batch(pa.table({"id": [7, 8], "text": [text, text]}))
    assert from_pandas.column_names[0] == "doc" and from_pandas["doc"].to_pylist() == ["a", "b"]
    assert from_arrow["id"].to_pylist() == [7, 8]
    assert from_pandas.drop_columns("doc").equals(from_arrow.drop_columns("id"))
    row = from_arrow.slice(0, 1).to_pylist()[0]
    assert row["entity_label"] == ["AMOUNT", "EXP_CODE"]
    assert row["entity_value"] == [Decimal("11000"), None] and row["entity_code"] == [None, "2010301"]
    assert row["entity_value_str"] == ["11000", None]
    assert row["paragraph_section"] == ["“三公”经费"]


# --- the benchmark tools, at a tiny size ---------------------------------------------------------

def load_benchmark(name):
    """A module of benchmarks/ (scripts beside each other, not a package)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def synthetic():
    return load_benchmark("synthetic")


def amounts(text):
    return [e.attrs["value"] for e in find_entities(text) if e.label == "AMOUNT"]


def test_synthetic_documents_are_deterministic_and_keep_the_invariants(synthetic):
    assert synthetic.document(7, "pdf") == synthetic.document(7, "pdf")
    assert synthetic.document(7, "clean") != synthetic.document(8, "clean")
    for seed in range(4):
        for shape in synthetic.SHAPES:
            text = synthetic.document(seed, shape)
            sections, paragraphs, sentences = segment(text)
            assert_invariants(text, sections, paragraphs, sentences, find_entities(text))


def test_synthetic_figures_agree_and_survive_the_pdf_shape(synthetic):
    for seed in range(10):
        clean, pdf = synthetic.document(seed, "clean"), synthetic.document(seed, "pdf")
        items = clean[clean.index("二、一般公共预算支出情况"):clean.index("\t科目编码")]
        total, *parts = amounts(items)
        assert total == sum(parts)
        assert amounts(pdf) == amounts(clean)        # 19,044.27 万元, 万\n元: the same amounts
        assert "\f" in pdf and " 万元" in pdf and "\f" not in clean and " 万元" not in clean
    assert any("万\n元" in synthetic.document(seed, "pdf") for seed in range(10))


def test_bench_suite_runs_at_a_tiny_size(capsys):
    suite = load_benchmark("bench_suite")
    suite.main(["--quick", "--megabytes", "0.02", "--runs", "1", "--sizes", "1,2"])
    report = capsys.readouterr().out
    for heading in ("### Throughput", "### Whole process", "peak RSS", "### `--jobs` on 2 documents",
                    "### SPEC §7 targets"):
        assert heading in report
    assert "| end to end (decode + tag + JSON) |" in report and "| jieba lcut |" in report
