"""The repository's data, in one place: where it lives, the bundled corpus (the raw documents
exactly as received and their manifest, SPEC §6) and the gold annotations."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from nlp.read import read_path

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPOSITORY / "corpus"
GOLD_DIR = REPOSITORY / "annotations" / "gold"
ANNOTATIONS_README = REPOSITORY / "annotations" / "README.md"


def manifest_rows(corpus_dir: Path = CORPUS_DIR) -> list[dict[str, str]]:
    with open(corpus_dir / "manifest.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def manifest(corpus_dir: Path = CORPUS_DIR):
    """The manifest as a pandas DataFrame indexed by ``doc_id`` (pandas is imported here only)."""
    import pandas as pd

    frame = pd.read_csv(corpus_dir / "manifest.csv", dtype={"doc_id": str, "sha256": str})
    return frame.set_index("doc_id")


def doc_ids(corpus_dir: Path = CORPUS_DIR) -> list[str]:
    return [row["doc_id"] for row in manifest_rows(corpus_dir)]


def path(doc_id: str, corpus_dir: Path = CORPUS_DIR) -> Path:
    return corpus_dir / f"{doc_id}.txt"


def text(doc_id: str, corpus_dir: Path = CORPUS_DIR) -> str:
    """The decoded text every offset of the annotations refers to."""
    return read_path(path(doc_id, corpus_dir))[0]


def sha256(doc_id: str, corpus_dir: Path = CORPUS_DIR) -> str:
    return hashlib.sha256(path(doc_id, corpus_dir).read_bytes()).hexdigest()


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_gold(gold_dir: Path, kind: str) -> dict[str, list[dict]]:
    """doc_id → records of ``kind`` ("entities", "paragraphs" or "headings")."""
    return {p.stem: load_jsonl(p) for p in sorted((gold_dir / kind).glob("*.jsonl"))}
