"""The held-out protocols of SPEC §7, the stand-off gold of third-party documents and what the
shipped classifier must never do on any annotated document."""
import hashlib
import shutil

import pytest
import regex

from nlp import corpus
from nlp.learn.training import PROTOCOLS, RULE_PROTOTYPES, load_gold_paragraphs, protocol_folds
from nlp.paragraphs.linear_model import default_model
from nlp.paragraphs.rules import label_paragraph
from nlp.learn.evaluation import majority_labels
from nlp.pipeline import innermost_section, tag_text

STANDOFF = [d for d in corpus.gold_documents() if d.standoff]
needs_shared = pytest.mark.skipif(not all(d.source.is_file() for d in STANDOFF),
                                  reason="the stand-off documents live in ../shared")
BUDGET_TABLE_TITLE = regex.compile(r"收支|收入|支出|财政拨款|功能分类|经济分类|基本支出|政府性基金|国有资本")


@pytest.fixture(scope="module")
def gold():
    return load_gold_paragraphs()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_no_fold_has_a_group_on_both_sides(gold, protocol):
    key = {"document": "doc_id", "shape": "shape", "province": "province"}[protocol]
    groups = gold.attribute(key)
    seen = []
    for held_out, train, test in protocol_folds(gold, protocol):
        assert {groups[i] for i in test} == {held_out}
        assert held_out not in {groups[i] for i in train}
        # a document is never split either: all its paragraphs are on one side
        assert not {gold.groups[i] for i in train} & {gold.groups[i] for i in test}
        assert len(train) + len(test) == len(gold.labels)
        seen.append(held_out)
    # every group is held out once — none when there is only one (no other side to train on)
    assert sorted(seen) == (sorted(set(groups)) if len(set(groups)) > 1 else [])


@needs_shared
def test_protocols_have_both_shapes_and_four_provinces(gold):
    assert set(gold.attribute("shape")) == {"clean", "pdf"}
    assert {"四川省", "安徽省", "江西省", "上海市"} <= set(gold.attribute("province"))


@needs_shared
def test_standoff_gold_re_anchors_on_its_text():
    for document in STANDOFF:
        text = corpus.document_text(document)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == document.sha256
        records = [r for kind in ("paragraphs", "facts")
                   for r in corpus.load_gold(corpus.STANDOFF_DIR, kind).get(document.doc_id, [])]
        assert records, f"{document.doc_id}: registered without gold"
        assert all("text" not in r and r["sha256"] == document.sha256 for r in records), "no covered text"
        assert all(text[r["start"]:r["end"]].strip() for r in records)


@needs_shared
def test_a_changed_text_fails_loudly(tmp_path):
    document = STANDOFF[0]
    changed = tmp_path / "changed.txt"
    shutil.copyfile(document.source, changed)
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("多出的一行\n")
    moved = corpus.GoldDocument(document.doc_id, document.province, document.shape, True, changed, document.sha256)
    with pytest.raises(corpus.TextChanged):
        corpus.document_text(moved)


def test_an_absent_text_is_unavailable_not_wrong(tmp_path):
    missing = corpus.GoldDocument("x", "上海市", "pdf", True, tmp_path / "absent.txt", "0" * 64)
    with pytest.raises(corpus.TextUnavailable):
        corpus.document_text(missing)


def test_each_rule_prototype_is_what_the_rule_says():
    assert [label_paragraph(*example).label for example, _ in RULE_PROTOTYPES] == [l for _, l in RULE_PROTOTYPES]


def test_a_budget_table_is_never_labelled_performance_on_any_annotated_document():
    """Over every gold paragraph of kind ``table`` whose section title names a budget table
    (and not 三公 / 绩效): the shipped model, run as ``nlp.tag`` runs it, never says 绩效目标. Each
    gold table takes the label the tagger gives most of its characters (the segmenter may join
    the pieces of a table that the gold keeps apart), as ``nlp.evaluate`` reads it."""
    model = default_model()
    checked = 0
    gold = {**corpus.load_gold(corpus.GOLD_DIR, "paragraphs"), **corpus.load_gold(corpus.STANDOFF_DIR, "paragraphs")}
    for document, text in corpus.available_gold_documents():
        doc = tag_text(text, labeller=model)
        tables = [r for r in gold.get(document.doc_id, []) if r["kind"] == "table"]
        spans = [(p.start, p.end, labelled.label) for p, labelled in zip(doc.paragraphs, doc.labels)]
        for record, label in zip(tables, majority_labels(tables, text, spans)):
            section = innermost_section(doc.sections, record["start"])
            title = next((s.title for s in doc.sections if s.id == section), "")
            if BUDGET_TABLE_TITLE.search(title) and not regex.search("三公|绩效|项目", title):
                checked += 1
                assert label != "绩效目标", (document.doc_id, record["start"], title)
    if all(d.source.is_file() for d in STANDOFF):
        assert checked >= 30, "the PDF-shaped gold has dozens of budget tables"


@needs_shared
def test_standoff_headings_and_paragraphs_partition_each_text():
    """SPEC §2 for the gold itself: never overlapping, every non-space character in exactly one."""
    paragraphs = corpus.load_gold(corpus.STANDOFF_DIR, "paragraphs")
    headings = corpus.load_gold(corpus.STANDOFF_DIR, "headings")
    segmented = [d for d in STANDOFF if d.doc_id in paragraphs]     # some documents have fact gold only
    assert len(segmented) >= 19
    for document in segmented:
        text = corpus.document_text(document)
        owner = [0] * len(text)
        for record in paragraphs[document.doc_id] + headings[document.doc_id]:
            for i in range(record["start"], record["end"]):
                owner[i] += 1
        assert max(owner) == 1
        assert all(owner[i] == 1 for i, c in enumerate(text) if not c.isspace()), document.doc_id
        assert {r["label"] for r in paragraphs[document.doc_id]} <= set(default_model().labels)


def test_the_shipped_model_is_the_one_the_protocols_chose_and_not_below_the_rules():
    """``benchmarks/results/compare.csv`` is the last full ``nlp.compare`` run (SPEC §7): the
    shipped model must be its best trainable candidate, and score at least the rule baseline
    on every protocol there."""
    import csv

    from nlp.learn.candidates import candidate
    from sklearn.pipeline import Pipeline

    with open(corpus.REPOSITORY / "benchmarks" / "results" / "compare.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ranked = list(dict.fromkeys(row["candidate"] for row in rows))
    best = next(name for name in ranked if isinstance(candidate(name), Pipeline))
    assert default_model().name == best
    scores = {(row["candidate"], row["scope"]): float(row["macro_f1"]) for row in rows if row["macro_f1"]}
    protocols = {scope for name, scope in scores if name == "rules"}
    assert protocols >= {"leave-one-document-out", "leave-one-province-out"}
    for scope in protocols:
        assert scores[(best, scope)] >= scores[("rules", scope)] - 1e-9, scope
