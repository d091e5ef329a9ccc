from nlp import corpus


def test_manifest_matches_the_files():
    frame = corpus.manifest()
    assert list(frame.index) == sorted(p.stem for p in corpus.CORPUS_DIR.glob("*.txt"))
    for doc_id, row in frame.iterrows():
        assert corpus.sha256(doc_id) == row["sha256"]
        assert len(corpus.text(doc_id)) == row["characters"]
        assert row["doc_type"] in ("预算", "决算")
        assert 2000 < row["fiscal_year"] < 2100


def test_corpus_files_are_the_seeds_byte_for_byte():
    seeds = corpus.CORPUS_DIR.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        import pytest
        pytest.skip("../shared/seeds is not beside the repo")
    for doc_id in corpus.doc_ids():
        assert corpus.path(doc_id).read_bytes() == (seeds / f"{doc_id}.txt").read_bytes()
