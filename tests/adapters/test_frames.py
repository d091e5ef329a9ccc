"""nlp.frames: tidy frames of tagged documents — declared dtypes, joinable ids, text equal to the
source slice, the same frames from paths, records and JSON Lines, streaming to Parquet."""
import json
import subprocess
import sys
import warnings
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from conftest import CORPUS, ROOT  # noqa: E402
from nlp import frames  # noqa: E402
from nlp.adapters.writers import to_json  # noqa: E402
from nlp.pipeline import tag_path, tag_text  # noqa: E402

DOCS = sorted(str(p) for p in CORPUS.glob("*.txt"))[:2]
PDF = ROOT.parent / "shared" / "pdfs" / "putuo_finance_bureau_2024_final.pdf"


@pytest.fixture(scope="module")
def tagged():
    return [tag_path(p) for p in DOCS]


@pytest.fixture(scope="module")
def all_frames(tagged):
    return {name: frames.frame(name, tagged) for name in ("paragraphs", "sentences", "sections", "entities")}


def test_nlp_frames_is_reached_from_the_package_without_importing_pandas_first():
    code = ("import sys, nlp; assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules; "
            "print(nlp.frames.paragraphs is __import__('nlp.adapters.frames').adapters.frames.paragraphs)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize("name", ["paragraphs", "sentences", "sections", "entities"])
def test_dtypes_are_the_declared_schema_whatever_the_input(name, all_frames):
    declared = frames.schema(name)
    frame = all_frames[name]
    assert list(frame.columns) == declared.names
    expected = {field.name: pd.ArrowDtype(field.type) for field in declared}
    assert dict(frame.dtypes) == expected
    # an input with nothing to show (no entity, no section) has the very same dtypes
    empty = frames.frame(name, tag_text("无。"))
    assert dict(empty.dtypes) == expected


def test_key_columns(all_frames):
    p, e = all_frames["paragraphs"], all_frames["entities"]
    assert p["paragraph_id"].dtype == pd.ArrowDtype(pa.int32()) and p["page"].isna().all()   # text files: no page
    assert e["value"].dtype == pd.ArrowDtype(pa.decimal128(38, 6))
    assert {"doc_id", "start", "end", "text", "page", "section_id", "section", "section_path"} <= set(e.columns)


def test_text_equals_the_source_slice(tagged, all_frames):
    texts = {doc.doc_id: doc.text for doc in tagged}
    for name in ("paragraphs", "sentences", "entities"):
        for row in all_frames[name].itertuples():
            assert row.text == texts[row.doc_id][row.start:row.end]
    for row in all_frames["sections"].itertuples():
        assert row.text == texts[row.doc_id][row.heading_start:row.heading_end]


def test_ids_join_every_entity_to_the_paragraph_and_sentence_around_it(tagged, all_frames):
    p, s, e = all_frames["paragraphs"], all_frames["sentences"], all_frames["entities"]
    inside = e.dropna(subset=["paragraph_id"]).merge(p, on=["doc_id", "paragraph_id"], suffixes=("", "_p"),
                                                       validate="many_to_one")
    assert len(inside) == e["paragraph_id"].notna().sum()
    assert ((inside["start_p"] <= inside["start"]) & (inside["end"] <= inside["end_p"])).all()
    assert (inside["paragraph_label"] == inside["label_p"]).all()
    with_sentence = e.dropna(subset=["sentence_id"]).merge(s, on=["doc_id", "sentence_id"], suffixes=("", "_s"))
    assert len(with_sentence) == e["sentence_id"].notna().sum()
    assert ((with_sentence["start_s"] <= with_sentence["start"]) & (with_sentence["end"] <= with_sentence["end_s"])).all()
    assert (with_sentence["paragraph_id_s"] == with_sentence["paragraph_id"]).all()
    # an entity outside every paragraph lies in a heading
    for row in e[e["paragraph_id"].isna()].itertuples():
        doc = next(d for d in tagged if d.doc_id == row.doc_id)
        assert any(a <= row.start and row.end <= b for a, b in (s.heading for s in doc.sections))
    # every paragraph's section exists, with its path
    sections = all_frames["sections"]
    joined = p.dropna(subset=["section_id"]).merge(sections, on=["doc_id", "section_id"], suffixes=("", "_sec"))
    assert len(joined) == p["section_id"].notna().sum()
    assert all(list(a) == list(b) for a, b in zip(joined["section_path"], joined["section_path_sec"]))
    assert all(list(path)[-1] == title for path, title in zip(joined["section_path"], joined["section"]))


def test_values_are_exact_decimals(all_frames, tagged):
    e = all_frames["entities"]
    model = {(d.doc_id, x.start): x.attrs.get("value") for d in tagged for x in d.entities}
    for row in e.itertuples():
        exact = model[(row.doc_id, row.start)]
        if exact is None:
            assert pd.isna(row.value) and pd.isna(row.value_str)
        else:
            assert isinstance(row.value, Decimal) and row.value == exact and Decimal(row.value_str) == exact


def test_a_value_arrow_cannot_hold_exactly_is_null_with_its_string():
    record = frames.document_record(tag_text("预算0.1234567元，合计1元。"))
    assert record["entities"][0]["value"] == Decimal("0.1234567")        # 7 decimal places: too many
    record["entities"][1]["value"] = Decimal("123456789012345678901234567890123")   # 33 integer digits
    e = frames.entities(record)
    assert list(e["value_str"]) == ["0.1234567", "123456789012345678901234567890123"]
    assert e["value"].isna().all()


def test_jsonl_and_paths_give_the_same_frames(tmp_path, tagged, all_frames):
    jsonl = tmp_path / "tagged.jsonl"
    jsonl.write_text("".join(to_json(doc) + "\n" for doc in tagged), encoding="utf-8")
    for name in ("paragraphs", "entities", "sections", "sentences"):
        from_jsonl = frames.frame(name, str(jsonl))
        from_paths = frames.frame(name, DOCS)
        pd.testing.assert_frame_equal(from_jsonl, all_frames[name])
        pd.testing.assert_frame_equal(from_paths, all_frames[name])


def test_a_record_whose_source_changed_is_refused(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("一、主要职能\n负责财政工作，预算10万元。\n", encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(to_json(tag_path(source)) + "\n", encoding="utf-8")
    assert frames.paragraphs(str(jsonl))["text"].tolist() == ["负责财政工作，预算10万元。"]
    source.write_text("一、主要职能\n负责财政工作，预算20万元。\n", encoding="utf-8")
    with pytest.raises(frames.FramesError, match="changed since it was tagged"):
        frames.paragraphs(str(jsonl))


def test_a_folder_with_a_bad_file_warns_and_gives_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("一、主要职能\n负责财政工作。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = frames.paragraphs(tmp_path)
    assert p["doc_id"].tolist() == ["good"]
    assert any("empty.txt" in str(w.message) for w in caught)


def test_streaming_batches_hold_a_chunk_of_documents(tagged):
    many = [tag_text("一、主要职能\n负责财政工作，预算10万元。\n", doc_id=f"d{i}") for i in range(10)]
    sizes = [batch.num_rows for batch in frames.batches("paragraphs", many, chunk=4)]
    assert sizes == [4, 4, 2]


def test_to_parquet_writes_the_four_frames(tmp_path, all_frames, tagged):
    written = frames.to_parquet(tagged, tmp_path / "out", chunk=1)
    assert sorted(written) == ["entities", "paragraphs", "sections", "sentences"]
    for name, path in written.items():
        back = pd.read_parquet(path, dtype_backend="pyarrow")
        pd.testing.assert_frame_equal(back, all_frames[name])


@pytest.mark.skipif(not PDF.exists(), reason="../shared/pdfs is not beside the repository")
def test_a_pdf_gives_pages_and_its_text():
    doc = tag_path(PDF)
    p = frames.paragraphs(doc)
    e = frames.entities(doc)
    assert p["page"].notna().all() and e["page"].notna().all()
    assert list(p["page"]) == [doc.page_of(start) for start in p["start"]]
    assert all(row.text == doc.text[row.start:row.end] for row in p.itertuples())


def test_the_readme_pivot(tagged):
    e = frames.entities(tagged)
    table = e[e.label == "AMOUNT"].pivot_table(index="doc_id", columns="paragraph_label", values="value",
                                               aggfunc="sum")
    amounts = [x for x in tagged[0].entities if x.label == "AMOUNT"]
    labels = {}
    for x in amounts:
        paragraph = next((p for p in tagged[0].paragraphs if p.start <= x.start and x.end <= p.end), None)
        if paragraph is not None:
            label = tagged[0].labels[paragraph.id].label
            labels[label] = labels.get(label, Decimal(0)) + x.attrs["value"]
    row = table.loc[tagged[0].doc_id]
    assert {k: row[k] for k in labels} == labels
