"""The gold standard loads, is anchored to the corpus text, and covers every document."""
import re

from nlp import corpus
from nlp.corpus import GOLD_DIR, load_gold
from nlp.model import ENTITY_LABELS, PARAGRAPH_LABELS

MARKER = re.compile(r"[（(]([0-9]*)([类款项]?)[）)]")


def test_every_document_has_gold_anchored_by_offsets():
    entities, paragraphs = load_gold(GOLD_DIR, "entities"), load_gold(GOLD_DIR, "paragraphs")
    headings = load_gold(GOLD_DIR, "headings")
    assert set(entities) == set(paragraphs) == set(headings) == set(corpus.doc_ids())
    for doc_id in corpus.doc_ids():
        text = corpus.text(doc_id)
        for r in entities[doc_id]:
            assert text[r["start"]:r["end"]] == r["text"] and r["label"] in ENTITY_LABELS
            assert r["annotator"] and r["method"]
        for r in paragraphs[doc_id]:
            assert text[r["start"]:r["end"]] == r["text"] and r["label"] in PARAGRAPH_LABELS
            assert r["annotator"] and r["method"]
        for r in headings[doc_id]:
            assert text[r["start"]:r["end"]] == r["text"] == r["text"].strip() != ""
            assert r["text"].startswith(r["marker"]) and r["annotator"] and r["method"]


def test_heading_levels_nest():
    """Level >= 1; the first heading is level 1 and no heading skips a level below its parent."""
    for doc_id, records in load_gold(GOLD_DIR, "headings").items():
        assert records, f"{doc_id} has no headings"
        assert [r["start"] for r in records] == sorted(r["start"] for r in records)
        previous = 0
        for r in records:
            assert isinstance(r["level"], int) and 1 <= r["level"] <= previous + 1, (doc_id, r["text"])
            previous = r["level"]


def test_headings_and_paragraphs_partition_the_text():
    """SPEC §2 on the gold itself: no overlap, every non-space character in exactly one of them."""
    paragraphs, headings = load_gold(GOLD_DIR, "paragraphs"), load_gold(GOLD_DIR, "headings")
    for doc_id in corpus.doc_ids():
        text = corpus.text(doc_id)
        owner = [0] * len(text)
        for r in paragraphs[doc_id] + headings[doc_id]:
            for i in range(r["start"], r["end"]):
                owner[i] += 1
        assert max(owner) == 1, doc_id
        missing = [i for i, c in enumerate(text) if not owner[i] and not c.isspace()]
        assert not missing, (doc_id, text[missing[0]:missing[0] + 20])


def test_exp_code_names_are_as_written():
    """GUIDELINES B.4: names are the chain's text before each marker, shortened 类 names included."""
    for records in load_gold(GOLD_DIR, "entities").values():
        for r in records:
            if r["label"] == "EXP_CODE" and r["names"]:
                names, pos = [], 0
                for m in MARKER.finditer(r["text"]):
                    if m.group(1) or m.group(2):
                        names.append(r["text"][pos:m.start()])
                        pos = m.end()
                assert r["names"] == names, r
