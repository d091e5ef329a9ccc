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
from nlp.pipeline import tag_text  # noqa: E402

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


# --- the whole document: budget_document, budget_paragraph, DocBin round trip, displacy ----------

FRESH_DOCUMENT_PIPELINE = """
import json, sys
import spacy
assert "nlp" not in sys.modules
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "jieba"}}})
nlp.add_pipe("budget_document")
doc = nlp(sys.stdin.read())
one = spacy.blank("zh")
one.add_pipe("budget_paragraph")
cats = one("“三公”经费预算数为12.5万元，其中公务接待费2万元。").cats
print(json.dumps({
    "sentences": [[s.start_char, s.end_char] for s in doc.spans["budget_sentences"]],
    "sents": [[s.start_char, s.end_char] for s in doc.sents],
    "paragraphs": [[p.start_char, p.end_char, p.label_, p._.kind] for p in doc.spans["budget_paragraphs"]],
    "headings": [[h.start_char, h.end_char, h.label_, h._.title] for h in doc.spans["budget_headings"]],
    "ents": [[e.start_char, e.end_char, e.label_, str(e._.value)] for e in doc.ents],
    "cats": max(cats, key=cats.get),
}, ensure_ascii=False))
"""


def _dist_info(folder: Path) -> Path:
    """A dist-info of this tree's pyproject.toml: its entry points, found before the installed
    package's (which may be another checkout's), so that the child sees what this tree declares."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    info = folder / "budget_nlp-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: budget-nlp\nVersion: 0.1.0\n", encoding="utf-8")
    groups = declared["project"]["entry-points"]
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in entries.items())
        for group, entries in groups.items()), encoding="utf-8")
    return folder


def test_budget_document_with_add_pipe_in_a_fresh_interpreter(tmp_path):
    # The tree's entry points only (its dist-info first on the path); no ``import nlp`` in the child.
    text = (ROOT / "corpus" / "001_95c4e0b3e63e821d.txt").read_text(encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(_dist_info(tmp_path)), str(ROOT)]))
    result = subprocess.run([sys.executable, "-c", FRESH_DOCUMENT_PIPELINE], input=text, capture_output=True,
                            text=True, cwd=tmp_path, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    tagged = tag_text(text)
    assert got["sentences"] == [[s.start, s.end] for s in tagged.sentences]
    assert got["paragraphs"] == [[p.start, p.end, lab.label, p.kind] for p, lab in zip(tagged.paragraphs, tagged.labels)]
    assert got["headings"] == [[*s.heading, f"H{s.level}", s.title] for s in tagged.sections]
    assert [tuple(e[:3]) for e in got["ents"]] == [(e.start, e.end, e.label) for e in tagged.entities]
    assert got["ents"][0][3] == "2211700"        # 221.17万元, the first amount of the document
    assert got["cats"] == "三公"
    # doc.sents: a sentence per tagger sentence and per heading, whitespace between them going
    # with the one before: so every sentence starts where a tagger sentence or a heading starts
    # (and the first at 0: this document's text begins with a line break).
    starts = {s.start for s in tagged.sentences} | {s.heading[0] for s in tagged.sections}
    assert [a for a, _ in got["sents"]] == sorted(starts | {0})


@pytest.fixture(scope="module")
def pdf_like_document():
    text = ("一、主要职能\n负责全区财政收支管理。拟订财\n政政策，编制预算。\n二、“三公”经费\n"
            "2024年“三公”经费预算为12.50万元，较上年减少0.3万元，占1.5%。\n")
    return tag_text(text, doc_id="sample", pages=((0, len(text)),))


def test_sentences_and_spans_equal_the_taggers(pdf_like_document):
    doc = spacy_components.to_doc(pdf_like_document)
    tagged = pdf_like_document
    assert [(s.start_char, s.end_char) for s in doc.spans["budget_sentences"]] == [(s.start, s.end) for s in tagged.sentences]
    assert [s.text for s in doc.spans["budget_sentences"]][0] == "负责全区财政收支管理。"
    assert [(s.start_char, s.end_char) for s in doc.spans["budget_sections"]] == [(s.start, s.end) for s in tagged.sections]
    paragraphs = doc.spans["budget_paragraphs"]
    assert [p.label_ for p in paragraphs][0] == "职能" and paragraphs[-1].label_ == "三公"
    assert paragraphs.attrs["labels"] == ["职能", "重点工作", "三公", "绩效目标", "其他"]
    for span, labelled in zip(paragraphs, tagged.labels):
        assert span._.scores == dict(labelled.scores) and abs(sum(span._.scores.values()) - 1) < 1e-6
        assert span._.page == 0
    assert doc.spans["budget_headings"][1]._.section_path == ["“三公”经费"]


def test_split_tokens_makes_boundaries_exact():
    nlp = spacy_components.chinese_pipeline()
    doc = nlp.make_doc("预算数为432.66万元")
    word = next(t for t in doc if len(t.text) > 1)
    inside = word.idx + 1
    doc = spacy_components.split_tokens(doc, [inside])
    assert doc.text == "预算数为432.66万元"
    assert inside in {t.idx for t in doc}


def test_cats_only_where_the_doc_is_one_paragraph():
    nlp = spacy_components.chinese_pipeline()
    nlp.add_pipe("budget_document")
    one = nlp("2024年“三公”经费预算为12.50万元，其中公务接待费2万元。")
    assert set(one.cats) == {"职能", "重点工作", "三公", "绩效目标", "其他"} and max(one.cats, key=one.cats.get) == "三公"
    assert nlp("一、主要职能\n负责全区财政收支管理。\n").cats == {}


def test_docbin_round_trip_keeps_every_attribute_with_its_type(pdf_like_document):
    doc = spacy_components.to_doc(pdf_like_document)
    data = spacy_components.to_docbin([pdf_like_document]).to_bytes()
    (back,) = spacy_components.from_docbin(data)
    assert back.text == doc.text
    for key in ("budget", "budget_paragraphs", "budget_sections", "budget_headings", "budget_sentences"):
        assert [(s.start_char, s.end_char, s.label_) for s in back.spans[key]] == \
               [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]]
    amount, change, share = back.spans["budget"]
    assert amount._.value == Decimal("125000") and type(amount._.value) is Decimal
    assert change._.value == Decimal("3000") and type(share._.value) is Decimal and share._.value == Decimal("1.5")
    for before, after in zip(doc.spans["budget_paragraphs"], back.spans["budget_paragraphs"]):
        for name in ("scores", "kind", "paragraph_id", "section_id", "page", "continues"):
            assert getattr(after._, name) == getattr(before._, name) and type(getattr(after._, name)) is type(getattr(before._, name))
    for before, after in zip(doc.spans["budget_sections"], back.spans["budget_sections"]):
        for name in spacy_components.SECTION_ATTRIBUTES:
            assert getattr(after._, name) == getattr(before._, name) and type(getattr(after._, name)) is type(getattr(before._, name))
    assert [(s.start_char, s.end_char) for s in back.sents] == [(s.start_char, s.end_char) for s in doc.sents]
    assert [e.label_ for e in back.ents] == ["AMOUNT", "AMOUNT", "PERCENT"]
    assert back.spans["budget_paragraphs"].attrs == doc.spans["budget_paragraphs"].attrs


def test_code_names_come_back_as_a_list():
    text = "2080505 机关事业单位基本养老保险缴费支出 54.91\n"
    document = tag_text(text)
    (back,) = spacy_components.from_docbin(spacy_components.to_docbin([document]))
    code = next(s for s in back.spans["budget"] if s.label_ == "EXP_CODE")
    assert code._.names == ["机关事业单位基本养老保险缴费支出"] and code._.code == "2080505"


def test_displacy_renders_a_tagged_doc(pdf_like_document):
    from spacy import displacy

    (doc,) = spacy_components.from_docbin(spacy_components.to_docbin([pdf_like_document]))
    ents = displacy.render(doc, style="ent", page=False)
    assert "12.50万元" in ents and "AMOUNT" in ents
    spans = displacy.render(doc, style="span", options={"spans_key": "budget_paragraphs"})
    assert "三公" in spans and "职能" in spans


@pytest.mark.parametrize("component", ["BudgetDocument", "BudgetParagraph"])
def test_component_docstring_examples_run(component):
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder().find(getattr(spacy_components, component), component, globs={}):
        runner.run(test)
    assert runner.tries > 0 and runner.failures == 0
