"""The Hugging Face dataset: built once per session, loaded offline, checked against the gold files
read directly (not through nlp.dataset)."""
import json
import os
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import datasets
import huggingface_hub.constants
import pytest
import yaml
from datasets.info import DatasetInfosDict

from conftest import ROOT
from nlp.adapters import hf_dataset as dataset
from nlp.adapters.hf_dataset import build
from nlp.cli.targets import MARKER
from nlp.adapters.hf_schema import CONFIGS, DatasetError
from nlp.dataset import main

GOLD = ROOT / "annotations" / "gold"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build") / "dataset"
    build(folder)
    return folder


@pytest.fixture(scope="session")
def loaded(built, tmp_path_factory) -> dict:
    """Every config as ``datasets.load_dataset`` gives it, with the Hub switched off."""
    cache = tmp_path_factory.mktemp("hf-cache")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"):
            patch.setenv(name, "1")
        patch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
        patch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
        patch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        datasets.disable_progress_bars()
        return {config: datasets.load_dataset(str(built), config, cache_dir=str(cache)) for config in CONFIGS}


def front_matter(folder: Path) -> dict:
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def gold(kind: str) -> dict[str, list[dict]]:
    out = {}
    for path in sorted((GOLD / kind).glob("*.jsonl")):
        out[path.stem] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def corpus_text(doc_id: str) -> str:
    with open(CORPUS / f"{doc_id}.txt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    return text[1:] if text.startswith("\ufeff") else text


def test_card_yaml_parses_and_lists_every_config(built):
    meta = front_matter(built)
    assert [c["config_name"] for c in meta["configs"]] == ["documents", "paragraphs", "entities", "facts"]
    for config in meta["configs"]:
        # the test document (004) has no gold facts: a split without rows has no file
        splits = ["train", "validation"] if config["config_name"] == "facts" else ["train", "validation", "test"]
        assert [f["split"] for f in config["data_files"]] == splits
        for data_file in config["data_files"]:
            assert data_file["path"] == f"{config['config_name']}/{data_file['split']}-00000-of-00001.parquet"
            assert (built / data_file["path"]).is_file()
    assert {info["config_name"] for info in meta["dataset_info"]} == {"documents", "paragraphs", "entities", "facts"}
    assert meta["license"] == "apache-2.0"
    assert meta["language"] == ["zh"]
    assert set(meta["task_categories"]) == {"text-classification", "token-classification"}
    assert set(os.listdir(built)) == {"README.md", "documents", "paragraphs", "entities", "facts", MARKER}


def test_every_config_loads_offline_with_the_declared_features(built, loaded):
    declared = DatasetInfosDict.from_directory(str(built))
    for config, splits in loaded.items():
        assert list(splits) == (["train", "validation"] if config == "facts" else ["train", "validation", "test"])
        for split in splits.values():
            assert split.features == declared[config].features
            assert split.num_rows == declared[config].splits[split.split].num_examples
    assert loaded["paragraphs"]["train"].features["label"].names == ["职能", "重点工作", "三公", "绩效目标", "其他"]
    assert loaded["entities"]["train"].features["ner_tags"].feature.names == [
        "O", "B-AMOUNT", "I-AMOUNT", "B-PERCENT", "I-PERCENT", "B-EXP_CODE", "I-EXP_CODE"]


def test_splits_are_document_disjoint_and_hold_out_whole_provinces(loaded):
    manifest = {row["doc_id"]: row for row in dataset.corpus.manifest_rows()}
    docs_of = {config: {split: set(rows["doc_id"]) for split, rows in splits.items()}
               for config, splits in loaded.items()}
    for config, splits in docs_of.items():
        if config == "facts":       # only the documents with gold facts; checked in test_facts_follow_their_documents_split
            continue
        assert splits == docs_of["documents"], config
        assert set.union(*splits.values()) == set(manifest)
        assert sum(map(len, splits.values())) == len(manifest)
    province = {d: manifest[d]["region"][:3] for d in manifest}
    train_provinces = {province[d] for d in docs_of["documents"]["train"]}
    assert not train_provinces & {province[d] for d in docs_of["documents"]["test"] | docs_of["documents"]["validation"]}


def test_paragraphs_are_the_gold_paragraphs(loaded):
    expected = {(r["doc_id"], r["start"], r["end"], r["label"], r["kind"]) for rs in gold("paragraphs").values() for r in rs}
    got = set()
    for split in loaded["paragraphs"].values():
        names = split.features["label"].names
        for row in split:
            assert row["text"] == corpus_text(row["doc_id"])[row["start"]:row["end"]]
            assert row["id"] == f"{row['doc_id']}-{row['paragraph_index']:03d}"
            got.add((row["doc_id"], row["start"], row["end"], names[row["label"]], row["kind"]))
    assert got == expected


def test_section_path_names_the_heading_above_the_paragraph(loaded):
    rows = [r for split in loaded["paragraphs"].values() for r in split if r["text"].startswith("1．负责上级党委")]
    assert [r["section_path"][-1] for r in rows] == ["部门主要职责"]


def test_bio_tags_round_trip_to_the_gold_spans(loaded):
    decoded, listed = set(), set()
    for split in loaded["entities"].values():
        tag_names = split.features["ner_tags"].feature.names
        for row in split:
            text = corpus_text(row["doc_id"])
            assert "".join(row["tokens"]) == text[row["paragraph_start"]:row["paragraph_start"] + len(row["tokens"])]
            tags = [tag_names[i] for i in row["ner_tags"]] + ["O"]
            start = None
            for i, tag in enumerate(tags):
                if start is not None and not tag == f"I-{tags[start][2:]}":
                    decoded.add((row["doc_id"], tags[start][2:], row["paragraph_start"] + start, row["paragraph_start"] + i))
                    start = None
                if tag.startswith("B-"):
                    start = i
                assert not (tag.startswith("I-") and start is None), (row["id"], i)
            for span in row["spans"]:
                assert row["paragraph_start"] + span["start"] == span["doc_start"]
                assert text[span["doc_start"]:span["doc_end"]] == span["text"]
                listed.add((row["doc_id"], span["label"], span["doc_start"], span["doc_end"]))
    expected = {(r["doc_id"], r["label"], r["start"], r["end"]) for rs in gold("entities").values() for r in rs}
    assert decoded == expected
    assert listed == expected


def test_span_attributes_keep_the_gold_values_exactly(loaded):
    expected = {(r["doc_id"], r["start"]): r for rs in gold("entities").values() for r in rs}
    for split in loaded["entities"].values():
        for row in split:
            for span in row["spans"]:
                g = expected[(row["doc_id"], span["doc_start"])]
                if "value" in g:
                    assert Decimal(span["value"]) == Decimal(repr(g["value"])), span
                    assert "e" not in span["value"].lower()
                else:
                    assert span["value"] is None
                for key in ("unit", "comparator", "code", "scheme", "level", "names"):
                    assert span[key] == g.get(key), (key, span)


def test_facts_are_the_gold_facts_with_exact_values(loaded):
    rows = [row for split in loaded["facts"].values() for row in split]
    expected = [r for rs in gold("facts").values() for r in rs]
    assert len(rows) == len(expected) == 34     # the seeds' two performance tables (002: 2, 003: 32)
    by_place = {(r["doc_id"], r["start"]): r for r in expected}
    for row in rows:
        record = by_place[(row["doc_id"], row["start"])]
        assert corpus_text(row["doc_id"])[row["start"]:row["end"]] == row["text"] == record["text"]
        for name in ("table", "title", "code", "item", "column", "end", "annotator", "method"):
            assert row[name] == record[name], name
        assert isinstance(row["value"], str) and Decimal(row["value"]) == Decimal(str(record["value"]))
    # a value in yuan, exactly: 326.43 written in a 万元 column
    written = [r for r in rows if r["doc_id"].startswith("003") and r["text"] == "326.43"]
    assert written and all(r["value"] == "3264300" and "万元" in r["column"] for r in written)


def test_facts_follow_their_documents_split(loaded):
    split_of = {row["doc_id"]: name for name, split in loaded["documents"].items() for row in split}
    for name, split in loaded["facts"].items():
        assert {split_of[row["doc_id"]] for row in split} == {name}


def test_card_describes_the_facts_config(built):
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "**`facts`**:" in card and "in yuan" in card
    assert "34 gold facts" in card and "performance tables" in card
    assert "The test split has no facts" in card
    assert '"facts")' in card      # the loading example


def test_rebuild_is_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    build(again)
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_card_reports_agreement_statistics_and_missing_baselines(tmp_path):
    folder = tmp_path / "dataset"
    build(folder, baseline_table=tmp_path / "absent.md")
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "Cohen's κ" in card
    assert "Not yet measured" in card
    total = sum(len(rs) for rs in gold("paragraphs").values())
    rows = [line for line in card.splitlines() if line.startswith("| paragraphs |")]
    assert len(rows) == 2 and all(line.endswith(f"| {total} |") for line in rows)


def test_card_quotes_the_baseline_table_when_measured(tmp_path):
    table = tmp_path / "compare.md"
    table.write_text("Intro.\n\n| candidate | macro-F1 |\n|---|---|\n| tfidf_lr | 0.812 |\n", encoding="utf-8")
    build(tmp_path / "dataset", baseline_table=table)
    card = (tmp_path / "dataset" / "README.md").read_text(encoding="utf-8")
    assert "| tfidf_lr | 0.812 |" in card
    assert "Not yet measured" not in card


def test_build_refuses_a_folder_with_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", "--out", str(tmp_path)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and "holds files this command did not write (notes.txt)" in errors[0]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "README.md").exists()


def test_bio_tags_refuse_overlapping_spans():
    assert dataset.bio_tag_ids(4, [(0, 2, "AMOUNT")]) == [1, 2, 0, 0]
    with pytest.raises(DatasetError):
        dataset.bio_tag_ids(4, [(0, 2, "AMOUNT"), (1, 3, "PERCENT")])


def test_push_needs_a_built_folder(tmp_path, capsys):
    assert main(["push", "someone/budget", "--dir", str(tmp_path / "missing")]) == 2
    assert main(["push", "someone/budget", "--dir", str(tmp_path)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2
    assert "no such directory" in errors[0] and "not a built dataset" in errors[1]


def test_push_without_a_token_fails_with_one_line(built, capsys, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    assert main(["push", "someone/budget", "--dir", str(built)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and errors[0].startswith("nlp.dataset: error: HF_TOKEN is not set")


def test_push_without_network_fails_with_one_line(built, tmp_path):
    with socket.socket() as probe:          # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")}
    env.update(HF_TOKEN="hf_not_a_real_token", HF_ENDPOINT=f"http://127.0.0.1:{port}", HF_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "nlp.dataset", "push", "someone/budget", "--dir", str(built)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("nlp.dataset: error: could not push"), result.stderr
