"""The spaCy adapter (nlp.adapters.spacy_components): entry-point registration, the pipeline
component, and the DocBin export."""
import doctest
import importlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import DocBin  # noqa: E402

from conftest import ROOT  # noqa: E402
from nlp.adapters import spacy_components  # noqa: E402
from nlp.entities import find_entities  # noqa: E402
from nlp.model import Document  # noqa: E402

TEXT = (
    "1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）2024年预算数为432.66万元，"
    "占25.19%；满意度≥95%。\n2080505 机关事业单位基本养老保险缴费支出 54.91\n"
)

FRESH_INTERPRETER = """
import json, sys
import spacy
assert "nlp" not in sys.modules
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}})
nlp.add_pipe("budget_entities")
doc = nlp(sys.stdin.read())
print(sys.modules["nlp.adapters.spacy_components"].__file__)
print(json.dumps([[s.label_, s.text, s._.code, str(s._.value)] for s in doc.spans["budget"]], ensure_ascii=False))
"""


def test_entry_point_works_in_a_fresh_interpreter(tmp_path):
    # No ``import nlp`` in the child: add_pipe must find the factory through the entry point,
    # which loads this tree's package (PYTHONPATH first, whatever is installed).
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", FRESH_INTERPRETER], input=TEXT, capture_output=True, text=True,
        cwd=tmp_path, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    *_, package, line = result.stdout.strip().splitlines()
    assert Path(package).resolve() == ROOT / "nlp" / "adapters" / "spacy_components.py"
    spans = json.loads(line)
    assert spans == [
        ["EXP_CODE", "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）", "2010301", "None"],
        ["AMOUNT", "432.66万元", None, "4326600"],
        ["PERCENT", "25.19%", None, "25.19"],
        ["PERCENT", "95%", None, "95"],
        ["EXP_CODE", "2080505", "2080505", "None"],
    ]


def test_declared_entry_point_is_the_installed_one_and_names_the_factory():
    tomllib = pytest.importorskip("tomllib")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = declared["project"]["entry-points"]["spacy_factories"]["budget_entities"]
    installed = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert installed.get("budget_entities") == target, "reinstall: pip install -e ."
    module, _, attribute = target.partition(":")
    assert getattr(importlib.import_module(module), attribute) is spacy_components.make_budget_entities


@pytest.fixture(scope="module")
def chinese_nlp():
    nlp = spacy_components.chinese_pipeline()
    nlp.add_pipe("budget_entities")
    return nlp


def test_component_writes_spans_ents_and_attributes(chinese_nlp):
    doc = chinese_nlp(TEXT)
    spans = doc.spans["budget"]
    assert [(s.label_, s.text) for s in spans] == [
        ("EXP_CODE", "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）"),
        ("AMOUNT", "432.66万元"),
        ("PERCENT", "25.19%"),
        ("PERCENT", "95%"),
        ("EXP_CODE", "2080505"),
    ]
    chain, amount, share, target, code = spans
    assert (chain._.code, chain._.scheme, chain._.level) == ("2010301", "functional", "项")
    assert chain._.names == ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"]
    assert (amount._.value, amount._.unit) == (Decimal("4326600"), "万元")
    assert (share._.value, share._.comparator) == (Decimal("25.19"), None)
    assert (target._.value, target._.comparator) == (Decimal("95"), "≥")
    assert code._.names == ["机关事业单位基本养老保险缴费支出"]
    assert [(e.label_, e.text) for e in doc.ents] == [(s.label_, s.text) for s in spans]


def test_spans_cover_whole_tokens(chinese_nlp):
    doc = chinese_nlp("预算数为432.66万元")
    for span in doc.spans["budget"]:
        entity = next(e for e in find_entities(doc.text) if e.label == span.label_)
        assert span.start_char <= entity.start and entity.end <= span.end_char


def test_existing_entities_are_kept(chinese_nlp):
    doc = chinese_nlp.make_doc("遂宁市预算数为432.66万元")
    doc.ents = [doc.char_span(0, 3, label="GPE")]
    doc = chinese_nlp.get_pipe("budget_entities")(doc)
    assert [e.label_ for e in doc.ents] == ["GPE", "AMOUNT"]


def test_extensions_register_once():
    spacy_components.register_extensions()
    spacy_components.register_extensions()
    for attribute in spacy_components.ENTITY_ATTRIBUTES:
        assert spacy.tokens.Span.has_extension(attribute)


def test_to_docbin_round_trip():
    text = "其中：基本支出678.22万元，占25.19%。"
    document = Document("seed", "seed.txt", "utf-8", text, entities=tuple(find_entities(text)))
    data = spacy_components.to_docbin([document]).to_bytes()
    nlp = spacy_components.chinese_pipeline()
    (doc,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert doc.text == text
    assert [(s.label_, s.text, s._.value, s._.unit) for s in doc.spans["budget"]] == [
        ("AMOUNT", "678.22万元", "6782200", "万元"),
        ("PERCENT", "25.19%", "25.19", None),
    ]
    assert [e.label_ for e in doc.ents] == ["AMOUNT", "PERCENT"]


def test_class_docstring_example_runs():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(spacy_components.BudgetEntities, "BudgetEntities", globs={}):
        runner.run(test)
    assert runner.tries > 0 and runner.failures == 0
