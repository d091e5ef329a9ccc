"""The bundled corpus: the raw documents exactly as received and their manifest (SPEC §6)."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from nlp.reader import read_path

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"


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
