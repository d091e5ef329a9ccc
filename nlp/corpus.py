"""The repository's data, in one place: where it lives, the bundled corpus (the raw documents
exactly as received and their manifest, SPEC §6) and the gold annotations.

Gold comes in two kinds. The corpus documents' gold (``annotations/gold``) carries the covered
text. Third-party documents (``../shared``: PDF-extracted disclosures we may read but not
publish) have stand-off gold (``annotations/standoff``): offsets, labels and the sha256 of the
text, no text. :func:`gold_documents` lists both; :func:`document_text` finds a document's text
and re-anchors it (a changed text fails loudly, an absent ``../shared`` is :class:`TextUnavailable`)."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from nlp.read import read_path, read_source

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPOSITORY / "corpus"
GOLD_DIR = REPOSITORY / "annotations" / "gold"
ANNOTATIONS_README = REPOSITORY / "annotations" / "README.md"
STANDOFF_DIR = REPOSITORY / "annotations" / "standoff"
SHAPES = ("clean", "pdf")
"""The two text shapes of SPEC §1: clean text (one paragraph per line) and PDF-extracted text."""


class TextUnavailable(Exception):
    """A stand-off document whose text is not on this machine (``../shared`` absent)."""


class TextChanged(Exception):
    """A stand-off document whose text no longer has the sha256 its gold was made on."""


@dataclass(frozen=True)
class GoldDocument:
    """A document with gold annotations: where it comes from, its province and its text shape
    (the groups of the cross-province and cross-shape protocols, SPEC §7)."""

    doc_id: str
    province: str
    shape: str
    standoff: bool
    source: Path
    sha256: str


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
    """doc_id → records of ``kind`` ("entities", "paragraphs", "headings" or "facts")."""
    return {p.stem: load_jsonl(p) for p in sorted((gold_dir / kind).glob("*.jsonl"))}


def province_of(region: str) -> str:
    """The province-level unit a region starts with (四川省…, 北京市…, 广西壮族自治区…)."""
    match = re.match(r".*?(?:省|自治区|市)", region)
    return match.group(0) if match else region


def gold_documents(corpus_dir: Path = CORPUS_DIR, standoff_dir: Path = STANDOFF_DIR) -> list[GoldDocument]:
    """Every annotated document: the corpus (clean text) first, then the stand-off ones."""
    documents = [GoldDocument(row["doc_id"], province_of(row["region"]), "clean", False,
                              path(row["doc_id"], corpus_dir), row["sha256"])
                 for row in manifest_rows(corpus_dir)]
    registry = standoff_dir / "documents.csv"
    if registry.is_file():
        with open(registry, encoding="utf-8", newline="") as handle:
            documents += [GoldDocument(row["doc_id"], row["province"], row["shape"], True,
                                       (REPOSITORY / row["source"]).resolve(), row["sha256"])
                          for row in csv.DictReader(handle)]
    return documents


def document_text(document: GoldDocument) -> str:
    """The text a document's gold offsets index — for a PDF, the text ``nlp.tag`` extracts —
    checked against the recorded sha256 for a stand-off document (whose gold has no text of its
    own to check against)."""
    if not document.standoff:
        return read_path(document.source)[0]
    if not document.source.is_file():
        raise TextUnavailable(f"{document.source}: not found (stand-off gold needs ../shared beside the repository)")
    text = read_source(document.source, max_pages=None).text   # a .txt as decoded, a PDF as extracted
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != document.sha256:
        raise TextChanged(f"{document.source}: text changed since its gold was made (sha256 differs); "
                          "the stand-off offsets cannot be trusted")
    return text


def available_gold_documents(**dirs) -> list[tuple[GoldDocument, str]]:
    """(document, text) for every annotated document whose text is here; stand-off documents
    are skipped only when their text is absent, never when it changed."""
    found = []
    for document in gold_documents(**dirs):
        try:
            found.append((document, document_text(document)))
        except TextUnavailable:
            continue
    return found


def fact_name_key(name: str) -> str:
    """How a stand-off gold fact names its row or column without the document's words: the sha1
    of the name with whitespace removed and width folded (NFKC). Compare a predicted name by
    its key."""
    folded = unicodedata.normalize("NFKC", "".join(name.split()))
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()
