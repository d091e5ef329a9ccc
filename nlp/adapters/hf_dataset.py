"""The annotated corpus as a Hugging Face dataset (SPEC §6), behind ``python -m nlp.dataset build|push``.

An adapter over the corpus, the gold standard and the core segmenter. ``build`` writes a dataset
repository folder that ``datasets.load_dataset(folder, config)`` reads without a loading script:
``<config>/<split>-00000-of-00001.parquet`` files and a ``README.md`` card (:mod:`nlp.adapters.hf_card`)
whose YAML declares the configs, their features and splits. Parquet is written with pyarrow and
fixed options, so the same inputs and library versions give byte-identical files. ``push``
publishes a built folder with huggingface_hub, the token taken from ``HF_TOKEN``.

Configs: ``documents`` (manifest metadata, text, section tree), ``paragraphs`` (gold paragraph
labels, text classification), ``entities`` (per gold paragraph: characters, BIO tags and the
gold spans with their attributes, token classification) and ``facts`` (one row per gold fact of
``annotations/gold/facts``: a number of a table with its table, row, column and exact value). Splits are by document (SPLIT_RULE).
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from nlp import corpus
from nlp.corpus import ANNOTATIONS_README, GOLD_DIR, REPOSITORY, province_of
from nlp.adapters.hf_schema import (CONFIGS, FACT_FIELDS, FEATURES, GOLD_SPAN_ATTRIBUTES, NER_TAGS, PARQUET_OPTIONS, SPLITS,
                                    DatasetError, ParquetFile, Sources, data_file)
from nlp.model import PARAGRAPH_LABELS
from nlp.pipeline import innermost_section, section_paths
from nlp.segment import segment

DEFAULT_DIR = Path("dataset")
"""The default build folder: ``dataset/`` in the working directory (never inside the installed package)."""
BASELINE_TABLE = REPOSITORY / "benchmarks" / "results" / "compare.md"


def load_sources(corpus_dir: Path = corpus.CORPUS_DIR, gold_dir: Path = GOLD_DIR) -> Sources:
    manifest = corpus.manifest_rows(corpus_dir)
    texts, sections, paragraphs, entities, facts = {}, {}, {}, {}, {}
    for row in manifest:
        doc_id = row["doc_id"]
        texts[doc_id] = text = corpus.text(doc_id, corpus_dir)
        sections[doc_id] = segment(text)[0]
        paragraphs[doc_id] = sorted(_gold_records(gold_dir, "paragraphs", doc_id), key=lambda r: r["start"])
        entities[doc_id] = sorted(_gold_records(gold_dir, "entities", doc_id), key=lambda r: (r["start"], r["end"]))
        facts[doc_id] = sorted(_gold_records(gold_dir, "facts", doc_id), key=lambda r: (r["start"], r["end"]))
        for record in paragraphs[doc_id] + entities[doc_id] + facts[doc_id]:
            if text[record["start"]:record["end"]] != record["text"]:
                raise DatasetError(f"{doc_id}: gold text at [{record['start']}, {record['end']}) "
                                   "does not match the corpus text")
        _check_nesting(doc_id, paragraphs[doc_id], entities[doc_id])
    return Sources(manifest, texts, sections, paragraphs, entities, facts)


def _gold_records(gold_dir: Path, kind: str, doc_id: str) -> list[dict]:
    """Gold records with JSON decimals parsed as :class:`Decimal`, so that ``value`` keeps the
    digits written in the gold file."""
    path = gold_dir / kind / f"{doc_id}.jsonl"
    if not path.is_file():
        raise DatasetError(f"{path}: no gold {kind} for corpus document {doc_id}")
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line, parse_float=Decimal) for line in handle if line.strip()]


def _check_nesting(doc_id: str, paragraphs: Sequence[Mapping], entities: Sequence[Mapping]) -> None:
    """The entities config places every entity in its paragraph: an entity outside all gold
    paragraphs (in a heading) or across a paragraph boundary would be lost, so the build stops."""
    for before, after in zip(paragraphs, paragraphs[1:]):
        if before["end"] > after["start"]:
            raise DatasetError(f"{doc_id}: gold paragraphs overlap at {after['start']}")
    for entity in entities:
        if _containing(paragraphs, entity) is None:
            raise DatasetError(f"{doc_id}: gold {entity['label']} at [{entity['start']}, {entity['end']}) "
                               "is not inside one gold paragraph")


def _containing(paragraphs: Sequence[Mapping], entity: Mapping) -> int | None:
    for index, paragraph in enumerate(paragraphs):
        if paragraph["start"] <= entity["start"] and entity["end"] <= paragraph["end"]:
            return index
    return None


# --- splits --------------------------------------------------------------------------------

def assign_splits(sources: Sources) -> dict[str, str]:
    """doc_id → split name, by SPLIT_RULE."""
    province = {row["doc_id"]: province_of(row["region"]) for row in sources.manifest}
    counts = Counter(province.values())
    training = min(counts, key=lambda name: (-counts[name], name))
    held_out = sorted((d for d in province if province[d] != training), key=lambda d: (
        -len({r["label"] for r in sources.paragraphs[d]}), -len({r["label"] for r in sources.entities[d]}),
        -len(sources.paragraphs[d]), d))
    if not held_out:
        raise DatasetError("every corpus document comes from one province: none can be held out for testing")
    return {d: "train" if province[d] == training else "test" if d == held_out[0] else "validation"
            for d in province}


# --- rows ----------------------------------------------------------------------------------

def document_row(sources: Sources, row: Mapping[str, str]) -> dict:
    text = sources.texts[row["doc_id"]]
    sections = [{"id": s.id, "parent": s.parent, "level": s.level, "marker": s.marker, "title": s.title,
                 "heading_start": s.heading[0], "heading_end": s.heading[1], "start": s.start, "end": s.end}
                for s in sources.sections[row["doc_id"]]]
    return {**{key: row[key] for key in ("doc_id", "title", "region", "department", "doc_type",
                                         "source_file", "sha256")},
            "fiscal_year": int(row["fiscal_year"]), "characters": int(row["characters"]),
            "text": text, "sections": sections}


def paragraph_rows(sources: Sources, doc_id: str) -> list[dict]:
    """Gold paragraphs with the path of titles of the (machine-made) section holding their start."""
    sections = sources.sections[doc_id]
    paths = section_paths(sections)
    rows = []
    for index, gold in enumerate(sources.paragraphs[doc_id]):
        rows.append({"id": paragraph_id(doc_id, index), "doc_id": doc_id, "paragraph_index": index,
                     "text": gold["text"], "start": gold["start"], "end": gold["end"],
                     "section_path": list(paths[innermost_section(sections, gold["start"])]), "kind": gold["kind"],
                     "label": PARAGRAPH_LABELS.index(gold["label"]), "annotator": gold["annotator"],
                     "method": gold["method"], "note": gold.get("note")})
    return rows


def entity_rows(sources: Sources, doc_id: str) -> list[dict]:
    """One row per gold paragraph (those without entities too): its characters, their BIO tags
    and its gold spans, offsets relative to the paragraph and to the document."""
    paragraphs = sources.paragraphs[doc_id]
    spans_of: list[list[dict]] = [[] for _ in paragraphs]
    for entity in sources.entities[doc_id]:
        spans_of[_containing(paragraphs, entity)].append(entity)
    rows = []
    for index, (paragraph, entities) in enumerate(zip(paragraphs, spans_of)):
        offset = paragraph["start"]
        rows.append({"id": paragraph_id(doc_id, index), "doc_id": doc_id, "paragraph_index": index,
                     "paragraph_start": offset, "tokens": list(paragraph["text"]),
                     "ner_tags": bio_tag_ids(len(paragraph["text"]),
                                          [(e["start"] - offset, e["end"] - offset, e["label"]) for e in entities]),
                     "spans": [_span(e, offset) for e in entities]})
    return rows


def fact_rows(sources: Sources, doc_id: str) -> list[dict]:
    """The document's gold facts as they are in the gold file (text order), ``value`` the exact
    decimal as a string."""
    return [{**{name: record.get(name) for name in FACT_FIELDS}, "value": str(record["value"])}
            for record in sources.facts[doc_id]]


def paragraph_id(doc_id: str, index: int) -> str:
    """The key shared by the paragraphs and entities configs."""
    return f"{doc_id}-{index:03d}"


def bio_tag_ids(length: int, spans: Sequence[tuple[int, int, str]]) -> list[int]:
    """Character BIO tags (indices into NER_TAGS) for non-overlapping ``[start, end)`` spans."""
    tags = [0] * length
    for start, end, label in spans:
        if any(tags[start:end]):
            raise DatasetError(f"overlapping entity spans at {start}: BIO tags cannot represent them")
        tags[start] = NER_TAGS.index(f"B-{label}")
        tags[start + 1:end] = [NER_TAGS.index(f"I-{label}")] * (end - start - 1)
    return tags


def _span(entity: Mapping, offset: int) -> dict:
    value = entity.get("value")
    return {"label": entity["label"], "start": entity["start"] - offset, "end": entity["end"] - offset,
            "doc_start": entity["start"], "doc_end": entity["end"], "text": entity["text"],
            "value": None if value is None else str(value),
            **{name: entity.get(name) for name in GOLD_SPAN_ATTRIBUTES},
            "names": entity.get("names"), "annotator": entity["annotator"], "method": entity["method"]}


# --- build ---------------------------------------------------------------------------------

def build(out_dir: Path = DEFAULT_DIR, corpus_dir: Path = corpus.CORPUS_DIR, gold_dir: Path = GOLD_DIR,
          annotations_readme: Path = ANNOTATIONS_README, baseline_table: Path = BASELINE_TABLE) -> dict:
    """Write the dataset folder; returns ``{config: {split: rows}}``. A previous build in
    ``out_dir`` is replaced; a folder holding anything else is refused (the folder rule of
    :mod:`nlp.cli.targets`: the build lists what it wrote in a marker file)."""
    from nlp.adapters.hf_card import card_text
    from nlp.cli.targets import claim_folder, write_marker

    out_dir = Path(out_dir)
    if Path.cwd().resolve().is_relative_to(out_dir.resolve()):
        raise DatasetError(f"{out_dir}: is the current folder or one above it; a build replaces "
                           "its folder as a whole, give a new one (e.g. dataset/)")
    claim_folder(out_dir)
    sources = load_sources(corpus_dir, gold_dir)
    split_of = assign_splits(sources)
    makers = {"documents": lambda row: [document_row(sources, row)],
              "paragraphs": lambda row: paragraph_rows(sources, row["doc_id"]),
              "entities": lambda row: entity_rows(sources, row["doc_id"]),
              "facts": lambda row: fact_rows(sources, row["doc_id"])}
    rows = {config: {split: [r for row in sources.manifest if split_of[row["doc_id"]] == split
                             for r in makers[config](row)]
                     for split in SPLITS if split in split_of.values()}
            for config in CONFIGS}
    staging = out_dir.with_name(f".{out_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        # a split without rows gets no file (datasets cannot read an empty Parquet file): the
        # test document has no gold facts, so `facts` has train and validation only
        written = {config: {split: _write_parquet(staging, config, split, split_rows)
                            for split, split_rows in rows[config].items() if split_rows}
                   for config in CONFIGS}
        empty = [config for config in CONFIGS if not written[config]]
        if empty:
            raise DatasetError(f"no rows for config {', '.join(empty)}: the gold has none")
        card = card_text(sources, split_of, rows, written, _read_if_exists(annotations_readme),
                         _read_if_exists(baseline_table))
        (staging / "README.md").write_text(card, encoding="utf-8")
        write_marker(staging, "nlp.dataset build",
                     [p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()])
        claim_folder(out_dir)    # still only what a build wrote: removing it deletes nothing else
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return rows


def _write_parquet(folder: Path, config: str, split: str, rows: list[dict]) -> ParquetFile:
    table = pa.Table.from_pylist(rows, schema=FEATURES[config].arrow_schema)
    path = folder / data_file(config, split)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, **PARQUET_OPTIONS)
    return ParquetFile(data_file(config, split), table.num_rows, table.nbytes, path.stat().st_size)


def _read_if_exists(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


# --- push ----------------------------------------------------------------------------------

def check_built(folder: Path) -> None:
    """A folder is pushable when it has the card and at least one Parquet file per config."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such directory; run `python -m nlp.dataset build` first")
    missing = [name for name in ["README.md"] + [f"{c}/*.parquet" for c in CONFIGS]
               if not any(folder.glob(name))]
    if missing:
        raise DatasetError(f"{folder}: not a built dataset (missing {', '.join(missing)}); "
                           "run `python -m nlp.dataset build` first")


def push(repo_id: str, folder: Path = DEFAULT_DIR, private: bool = False) -> str:
    """Create the dataset repository if needed and upload the build as one commit; returns its URL.
    Remote Parquet files of an earlier build are deleted in the same commit."""
    folder = Path(folder)
    check_built(folder)
    token = os.environ.get("HF_TOKEN")
    if not token:
        raise DatasetError("HF_TOKEN is not set; export a Hugging Face write token to push")
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        commit = api.upload_folder(repo_id=repo_id, repo_type="dataset", folder_path=folder,
                                   allow_patterns=["README.md"] + [f"{c}/*.parquet" for c in CONFIGS],
                                   delete_patterns=[f"{c}/*.parquet" for c in CONFIGS],
                                   commit_message="Build of the budget-nlp dataset")
    # Broad on purpose: huggingface_hub's transport errors change type between releases
    # (requests, httpx, httpx2); every failure is reported on one line and exits 2.
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DatasetError(f"could not push to {api.endpoint} ({repo_id}): {type(error).__name__}: {reason}") from error
    return commit.commit_url
