"""The gold standard: every check of annotations/check_gold.py passes (offsets, vocabularies,
values, heading nesting, the SPEC §2 partition), the checks catch what they are for, and the
package's own loader reads the same gold."""
import importlib.util

import pytest

from conftest import ROOT
from nlp import corpus, model
from nlp.corpus import GOLD_DIR, load_gold


def _load_check_gold():
    spec = importlib.util.spec_from_file_location("check_gold", ROOT / "annotations" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_gold = _load_check_gold()
TEXT = "一、职能\n负责全区预算工作，支出100万元。\n"


def test_the_entity_gold_passes_every_check():
    errors = []
    counts = check_gold.check_entities(errors)
    assert errors == []
    assert set(counts) == set(corpus.doc_ids())


def test_the_paragraph_and_heading_gold_pass_every_check():
    errors = []
    structure = check_gold.check_structure(errors)
    assert errors == []
    assert set(structure) == set(corpus.doc_ids())


def test_check_gold_uses_the_package_vocabularies():
    assert check_gold.PARAGRAPH_LABELS is model.PARAGRAPH_LABELS
    assert check_gold.PARAGRAPH_KINDS is model.PARAGRAPH_KINDS
    assert check_gold.LABELS is model.ENTITY_LABELS


def _paragraph(**changes):
    record = {"doc_id": "d", "start": 5, "end": len(TEXT) - 1, "kind": "text", "text": TEXT[5:-1],
              "label": "职能", "annotator": "ann-a", "method": "manual"}
    return record | changes


@pytest.mark.parametrize("changes, complaint", [
    ({}, None),
    ({"kind": "toc"}, None),
    ({"kind": "heading"}, "kind 'heading'"),
    ({"label": "duties"}, "label 'duties'"),
    ({"start": 6}, "text mismatch"),
    ({"annotator": ""}, "no provenance"),
])
def test_paragraph_check_catches_what_it_is_for(changes, complaint):
    errors = []
    check_gold.check_paragraphs("d", TEXT, [_paragraph(**changes)], errors)
    assert (errors == []) if complaint is None else any(complaint in e for e in errors), errors


def test_heading_and_coverage_checks_catch_a_skipped_level_and_a_gap():
    heading = {"doc_id": "d", "start": 0, "end": 4, "text": "一、职能", "level": 2, "marker": "一、",
               "annotator": "ann-h", "method": "manual"}
    errors = []
    check_gold.check_headings("d", TEXT, [heading], errors)
    assert any("level 2 after level 0" in e for e in errors), errors
    errors = []
    check_gold.check_coverage("d", TEXT, [], [heading], errors)
    assert any("non-space characters in no heading or paragraph" in e for e in errors), errors


def test_the_package_loader_reads_the_same_gold():
    for kind in ("entities", "paragraphs", "headings"):
        gold = load_gold(GOLD_DIR, kind)
        assert set(gold) == set(corpus.doc_ids()), kind
        assert all(records for records in gold.values()), kind
