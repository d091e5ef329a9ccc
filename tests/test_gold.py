"""The gold standard loads, is anchored to the corpus text, and covers every document."""
from nlp import corpus
from nlp.evaluate import GOLD_DIR, load_gold
from nlp.model import ENTITY_LABELS, PARAGRAPH_LABELS


def test_every_document_has_gold_anchored_by_offsets():
    entities, paragraphs = load_gold(GOLD_DIR, "entities"), load_gold(GOLD_DIR, "paragraphs")
    assert set(entities) == set(paragraphs) == set(corpus.doc_ids())
    for doc_id in corpus.doc_ids():
        text = corpus.text(doc_id)
        for r in entities[doc_id]:
            assert text[r["start"]:r["end"]] == r["text"] and r["label"] in ENTITY_LABELS
            assert r["annotator"] and r["method"]
        for r in paragraphs[doc_id]:
            assert text[r["start"]:r["end"]] == r["text"] and r["label"] in PARAGRAPH_LABELS
            assert r["annotator"] and r["method"]
