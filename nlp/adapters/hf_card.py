"""The dataset card (``README.md``) that ``python -m nlp.dataset build`` writes beside the Parquet files.

The YAML front matter is what the Hub and ``datasets`` read (configs, features, splits, license,
task categories); the body is what researchers read first: provenance, label definitions,
statistics computed from the rows just written, the measured agreement, baseline scores and the
limits of five documents. Everything is derived from the build's inputs, so the card is
byte-identical for identical inputs.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Mapping, Sequence

from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from nlp import __version__
from nlp.adapters.hf_schema import (CONFIGS, DEFAULT_DATASET_CONFIG, FEATURES, NER_TAGS, SPLIT_REASON, SPLIT_RULE, SPLITS,
                         ParquetFile, Sources)
from nlp.corpus import province_of
from nlp.model import ENTITY_LABELS, PARAGRAPH_LABELS

Rows = Mapping[str, Mapping[str, Sequence[dict]]]      # config → split → rows
Written = Mapping[str, Mapping[str, ParquetFile]]       # config → split → file

PRETTY_NAME = "budget-nlp: Chinese government budget disclosures (部门预算/部门决算), annotated"

PARAGRAPH_LABEL_DEFINITIONS = {
    "职能": "(duties): what the department is for, its mandate and responsibilities (主要职能, "
          "部门职责) and each item of such a list. Organisation, units and staffing are 其他.",
    "重点工作": "(key work): the year's tasks and plans or a review of work done (重点工作, 工作完成情况, "
            "下一步打算), each numbered item included, even when an item mentions receptions or cars.",
    "三公": "(the three public expenses): the department's own 因公出国（境）费, 公务用车购置及运行维护费 and "
          "公务接待费, with their amounts, changes and reasons, the vehicles and reception batches behind them, the 三公 "
          "table. Glossary definitions, 机关运行经费, meeting/training/travel costs and asset vehicle counts are 其他.",
    "绩效目标": "(performance): performance targets and their management — target tables and their cells, "
            "project blocks (概述, 立项依据, 实施主体, 年度预算…), counts of projects under target management, "
            "self-assessment and evaluation results.",
    "其他": "(other): everything else — revenue and expenditure, appropriations, basic expenditure, "
          "procurement, state assets, glossary, table of contents, cover lines.",
}

ENTITY_LABEL_DEFINITIONS = {
    "AMOUNT": "a sum of money with its currency unit (元, 千元, 万元, 亿元), from the first digit to the end "
              "of the unit; comparators (不超过, 约, ≥) and rates (/月) stay outside. `value`: the amount in "
              "yuan (`2692.36万元` → `26923600`); `unit`: the unit as written, whitespace removed.",
    "PERCENT": "a percentage (`25.19%`, `100％`, `100.00(%)`, `百分之二十`), number and sign. `value`: "
               "percent points; `comparator`: an operator written directly before the number (`≥`, `=`, "
               "`低于`), verbs of change (提高, 下降, 占) are not comparators.",
    "EXP_CODE": "a reference to the government functional (or economic) classification of revenue and "
                "expenditure (政府收支分类科目): a chain of names with codes (`一般公共服务（201）…（03）…（01）`) "
                "or with bare level markers (`…（类）…（款）…（项）`), or a code in a table's code column. "
                "`code`: 3/5/7 digits (类/款/项) or null when it cannot be resolved; `scheme`, `level` "
                "(deepest level written), `names` (one name per level, as written).",
}


def limitations(sources: Sources, split_of: Mapping[str, str], rows: Rows) -> list[str]:
    """Computed where a figure is involved, so that the card cannot contradict its statistics."""
    provinces = Counter(province_of(r["region"]) for r in sources.manifest)
    years = sorted({f"{r['fiscal_year']} {r['doc_type']}" for r in sources.manifest})
    paragraphs = [r for split_rows in rows["paragraphs"].values() for r in split_rows]
    other_share = sum(PARAGRAPH_LABELS[r["label"]] == "其他" for r in paragraphs) / len(paragraphs)
    test_paragraphs = rows["paragraphs"].get("test", ())
    test_spans = [s for r in rows["entities"].get("test", ()) for s in r["spans"]]
    missing = ([label for i, label in enumerate(PARAGRAPH_LABELS) if all(r["label"] != i for r in test_paragraphs)]
               + [label for label in ENTITY_LABELS if all(s["label"] != label for s in test_spans)])
    no_section = sum(not r["section_path"] for r in paragraphs)
    return [
        f"{len(sources.manifest)} documents, {len(paragraphs)} paragraphs: far too few to train a model "
        "that generalises. Use the dataset to evaluate and compare rules and few-shot methods, and "
        "expect wide confidence intervals on every score.",
        "Narrow coverage: " + ", ".join(f"{name} {count}" for name, count in provinces.most_common())
        + " document(s); fiscal years and types: " + ", ".join(years) + "; offices of local government "
        "and party administration only. Other provinces' templates, other years and other kinds of "
        "departments are not represented.",
        "Clean text only: the documents arrived as plain text with one paragraph per line. Text "
        "extracted from PDF (hard-wrapped lines, running headers, tables as rows of cells), the shape "
        "most published disclosures come in, is not in this dataset.",
        f"Label imbalance: 其他 is {other_share:.0%} of the paragraphs."
        + (f" The test split has no {', '.join(missing)}; score those on the validation split."
           if missing else ""),
        "The annotators are model sessions, not people, all working from the same written guidelines "
        "whose examples come from these documents: the measured agreement is an upper bound on what "
        "two human annotators would reach, and a misreading they share would not show in it.",
        "The section tree and `section_path` come from the toolkit's rule-based segmenter, not from "
        f"gold annotation; {no_section} paragraph(s) lie before the first heading (cover lines) and "
        "have an empty path.",
        "The toolkit's rules were developed on these same documents, so its in-corpus scores (and "
        "those of baselines tuned here) say little about unseen documents.",
        _facts_limitation(rows),
    ]


def _facts_limitation(rows: Rows) -> str:
    facts = [r for split_rows in rows["facts"].values() for r in split_rows]
    tables = sorted({r["title"] for r in facts})
    documents = len({r["doc_id"] for r in facts})
    without = [split for split, split_rows in rows["facts"].items() if not split_rows]
    return (f"Few facts: {len(facts)} gold facts from {len(tables)} table(s) of {documents} document(s) "
            f"({'; '.join(tables)}). The seed documents state their budget figures in prose; their only "
            "tables with numbers are performance tables (绩效目标表 / 绩效目标完成情况表), so the national "
            "budget tables (收支总表, 支出功能分类表, 基本支出经济分类表, 三公 table) have no rows here. "
            "Facts of PDF-extracted disclosures are annotated stand-off in the budget-nlp repository "
            "(`annotations/standoff/facts`), without the third-party texts, and are not in this dataset."
            + (f" The {' and '.join(without)} split{'s have' if len(without) > 1 else ' has'} no facts and no "
               "`facts` file." if without else ""))


def card_text(sources: Sources, split_of: Mapping[str, str], rows: Rows, written: Written,
              annotations_readme: str | None, baseline_table: str | None) -> str:
    return "---\n" + metadata(rows, written).to_yaml() + "\n---\n\n" + body(
        sources, split_of, rows, annotations_readme, baseline_table)


def metadata(rows: Rows, written: Written) -> DatasetCardData:
    largest = max(sum(map(len, splits.values())) for splits in rows.values())
    data = DatasetCardData(
        pretty_name=PRETTY_NAME, language=["zh"], license="apache-2.0",
        annotations_creators=["machine-generated"], language_creators=["found"],
        multilinguality=["monolingual"], size_categories=[size_category(largest)],
        source_datasets=["original"], task_categories=["text-classification", "token-classification"],
        task_ids=["multi-class-classification", "named-entity-recognition"],
        tags=["government", "public-finance", "budget", "chinese"],
        configs=[{"config_name": config,
                  **({"default": True} if config == DEFAULT_DATASET_CONFIG else {}),
                  "data_files": [{"split": split, "path": file.path} for split, file in written[config].items()]}
                 for config in CONFIGS])
    infos = {}
    for config in CONFIGS:
        splits = SplitDict()
        for split, file in written[config].items():
            splits.add(SplitInfo(name=split, num_bytes=file.num_bytes, num_examples=file.num_examples))
        infos[config] = DatasetInfo(features=FEATURES[config], splits=splits,
                                    download_size=sum(f.file_bytes for f in written[config].values()),
                                    dataset_size=sum(f.num_bytes for f in written[config].values()))
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def size_category(n: int) -> str:
    return "n<1K" if n < 1_000 else "1K<n<10K" if n < 10_000 else "10K<n<100K"


def body(sources: Sources, split_of: Mapping[str, str], rows: Rows, annotations_readme: str | None,
         baseline_table: str | None) -> str:
    splits = [s for s in SPLITS if s in split_of.values()]
    parts = [
        f"# {PRETTY_NAME}",
        "Chinese government departments publish their yearly budgets (部门预算) and final accounts "
        "(部门决算) following a national template. This dataset holds "
        f"{len(sources.manifest)} such disclosures with a gold standard made by reading them: a topic "
        "label for every paragraph (text classification) and every sum of money, percentage and "
        "expenditure-classification code with its normalised value (token classification), and "
        "every number of their tables as a fact (table, row, column, exact value). It is "
        "built by `python -m nlp.dataset build` of the budget-nlp toolkit "
        f"(version {__version__}) from the project's `corpus/` and `annotations/gold/`, without a "
        "loading script. All offsets are Python code-point offsets into the document text exactly as "
        "decoded (nothing normalised), `[start, end)`.",
        "## Configurations\n\n" + _configs_table(rows, splits),
        _fields(),
        "## Splits\n\n" + SPLIT_RULE + " No document is in two splits. " + SPLIT_REASON + "\n\n"
        + _split_table(sources, split_of),
        "## Statistics\n\n" + _statistics(rows, splits),
        "## Documents and provenance\n\n" + _provenance(sources),
        "## Labels\n\n" + _labels(),
        "## Annotation\n\n" + _annotation(annotations_readme),
        "## Baseline results\n\n" + _baselines(baseline_table),
        "## Loading\n\n" + _loading(),
        "## Limitations and biases\n\n" + "\n".join(f"- {item}" for item in limitations(sources, split_of, rows)),
        "## License\n\n" + _LICENSE,
        "## Citation\n\n```bibtex\n" + _BIBTEX.replace("VERSION", __version__) + "\n```",
    ]
    return "\n\n".join(parts) + "\n"


def _table(head: Sequence[str], lines: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(cell) for cell in line) + " |" for line in lines]
    return "\n".join(out)


_TASKS = {"documents": ("whole documents, metadata and section tree", "one document"),
          "paragraphs": ("text classification (`label`)", "one gold paragraph"),
          "entities": ("token classification (`tokens`, `ner_tags`)", "one gold paragraph"),
          "facts": ("the numbers of the documents' tables (SPEC §9), gold", "one gold fact")}


def _configs_table(rows: Rows, splits: Sequence[str]) -> str:
    lines = [[f"`{config}`" + (" (default)" if config == DEFAULT_DATASET_CONFIG else ""), *_TASKS[config],
              " / ".join(str(len(rows[config].get(split, ()))) for split in splits)] for config in CONFIGS]
    return _table(["config", "for", "a row is", "rows (" + " / ".join(splits) + ")"], lines)


def _fields() -> str:
    return "\n".join([
        "**`documents`**: `doc_id`; the manifest's `title`, `region`, `department`, `fiscal_year`, "
        "`doc_type` (预算 budget / 决算 final account), `source_file`, `sha256` (of the file bytes), "
        "`characters`; the full `text`; `sections`, the heading tree found by the toolkit's segmenter: "
        "`id`, `parent` (null at the top), `level`, `marker` as written (`一、`, `（二）`, `1.`), `title`, "
        "`heading_start`/`heading_end` (the heading line) and `start`/`end` (heading plus body).",
        "",
        "**`paragraphs`**: `id` (`<doc_id>-<paragraph_index>`, shared with `entities`), `doc_id`, "
        "`paragraph_index` (order in the document), `text`, `start`/`end` in the document, "
        "`section_path` (titles of the innermost section holding the paragraph's start and of its "
        "ancestors, outermost first), `kind` (`text`; `table` for a flattened table, one paragraph "
        "however many cells; `toc`; `noise` for template junk), `label` (ClassLabel: "
        + ", ".join(f"{i} {name}" for i, name in enumerate(PARAGRAPH_LABELS))
        + "), and provenance: `annotator`, `method`, `note` (the annotator's remark on a hard case, or null).",
        "",
        "**`entities`**: `id`, `doc_id`, `paragraph_index`, `paragraph_start` (document offset of the "
        "first character); `tokens`, the paragraph's characters one by one (whitespace included, so "
        "that `tokens[i]` is `text[paragraph_start + i]`); `ner_tags`, character BIO tags (ClassLabel: "
        + ", ".join(NER_TAGS) + "); `spans`, the gold entities of the paragraph: `label`, `start`/`end` "
        "(in the paragraph, `''.join(tokens)[start:end] == text`), `doc_start`/`doc_end` (in the "
        "document), `text`, `value`, `unit`, `comparator`, `code`, `scheme`, `level`, `names`, "
        "`annotator`, `method`. Attributes that do not apply to a label are null.",
        "",
        "`value` is a **string** holding the decimal exactly as in the gold files (`\"26923600\"`, "
        "`\"25.19\"`, `\"0.015\"`): read it with `decimal.Decimal(value)` for exact sums, or `float(value)`. "
        "Every gold entity lies inside one gold paragraph (the build checks it and stops otherwise), so "
        "the `entities` config holds every gold entity once; entities of different labels never overlap.",
        "",
        "**`facts`**: one row per gold fact of `annotations/gold/facts` — a number written in one of "
        "the documents' tables, placed by reading: `doc_id`; `table` (the national table kind, e.g. "
        "收支总表, 一般公共预算支出功能分类表, or `其他表` for a table outside the national set), `title` (the "
        "table's title as written); the row: `code` (the functional or economic classification code, "
        "null for a row without one) and `item` (the row's name as written); `column` (the column's "
        "header path, parts joined by `/`, e.g. `预算执行情况(万元)/预算数`); `value`, the exact decimal "
        "**in yuan** as a string (`\"3264300\"` for `326.43` in a 万元 column); `text`, the number as "
        "written, at `start`/`end` in the document (`text == document[start:end]`); `annotator`, "
        "`method`. Empty cells are not facts; a written 0 is. These are gold facts, not the toolkit's "
        "output (`python -m nlp.facts` gives the predicted ones).",
    ])


def _split_table(sources: Sources, split_of: Mapping[str, str]) -> str:
    lines = [[split_of[row["doc_id"]], f"`{row['doc_id']}`", province_of(row["region"]), row["fiscal_year"],
              row["doc_type"], len(sources.paragraphs[row["doc_id"]]), len(sources.entities[row["doc_id"]]),
              len(sources.facts[row["doc_id"]])]
             for row in sorted(sources.manifest, key=lambda r: (SPLITS.index(split_of[r["doc_id"]]), r["doc_id"]))]
    return _table(["split", "doc_id", "province", "year", "type", "paragraphs", "entities", "facts"], lines)


def _statistics(rows: Rows, splits: Sequence[str]) -> str:
    columns = [*splits, "all"]

    def line(name: str, config: str, count) -> list:
        values = [count(rows[config].get(split, ())) for split in splits]
        return [name, *values, sum(values)]

    documents = [line("documents", "documents", len),
                 line("characters", "documents", lambda rs: sum(r["characters"] for r in rs)),
                 line("sections (segmenter)", "documents", lambda rs: sum(len(r["sections"]) for r in rs))]
    paragraphs = [line("paragraphs", "paragraphs", len)]
    paragraphs += [line(f"label {label}", "paragraphs",
                        lambda rs, i=i: sum(r["label"] == i for r in rs)) for i, label in enumerate(PARAGRAPH_LABELS)]
    kinds = sorted({r["kind"] for rs in rows["paragraphs"].values() for r in rs})
    paragraphs += [line(f"kind {kind}", "paragraphs", lambda rs, k=kind: sum(r["kind"] == k for r in rs))
                   for kind in kinds]
    entities = [line("paragraphs", "entities", len),
                line("characters (tokens)", "entities", lambda rs: sum(len(r["tokens"]) for r in rs)),
                line("paragraphs with entities", "entities", lambda rs: sum(bool(r["spans"]) for r in rs))]
    entities += [line(label, "entities", lambda rs, lab=label: sum(s["label"] == lab for r in rs for s in r["spans"]))
                 for label in ENTITY_LABELS]
    entities.append(line("PERCENT with comparator", "entities", lambda rs: sum(
        s["comparator"] is not None for r in rs for s in r["spans"] if s["label"] == "PERCENT")))
    entities.append(line("EXP_CODE with code null", "entities", lambda rs: sum(
        s["code"] is None for r in rs for s in r["spans"] if s["label"] == "EXP_CODE")))
    facts = [line("facts", "facts", len),
             line("tables", "facts", lambda rs: len({(r["doc_id"], r["title"]) for r in rs})),
             line("documents with facts", "facts", lambda rs: len({r["doc_id"] for r in rs}))]
    facts += [line(f"table kind {kind}", "facts", lambda rs, k=kind: sum(r["table"] == k for r in rs))
              for kind in sorted({r["table"] for rs in rows["facts"].values() for r in rs})]
    return "\n\n".join(f"**`{config}`**\n\n" + _table(["", *columns], table)
                       for config, table in (("documents", documents), ("paragraphs", paragraphs),
                                             ("entities", entities), ("facts", facts)))


def _provenance(sources: Sources) -> str:
    lines = [[f"`{r['doc_id']}`", r["title"], r["region"], r["department"], r["fiscal_year"], r["doc_type"],
              r["characters"]] for r in sources.manifest]
    return "\n\n".join([
        "The documents are department budget and final-account disclosures that the departments "
        "themselves published as public government information (政府信息公开). They were received as "
        "plain text and are included byte for byte (the `sha256` in `documents` is that of the file "
        "as received); their titles, regions, departments, years and types were filled in by reading "
        "each document. The original publication addresses were not recorded with the files.",
        _table(["doc_id", "title", "region", "department", "year", "type", "characters"], lines),
        "The texts are in the clean-text shape: one paragraph per line; some flatten tables to one "
        "tab-indented cell per line, and template left-overs (`MERGEFIELD ${…}`, fill-in underscores "
        "such as `_462.48_万元`) occur.",
    ])


def _labels() -> str:
    return "\n\n".join([
        "Paragraph labels (one per paragraph, by the paragraph's own topic; its section only breaks ties):",
        "\n".join(f"- **{label}** {definition}" for label, definition in PARAGRAPH_LABEL_DEFINITIONS.items()),
        "Headings are not paragraphs (they open sections); a flattened table is one paragraph.",
        "Entity labels:",
        "\n".join(f"- **{label}**: {definition}" for label, definition in ENTITY_LABEL_DEFINITIONS.items()),
        "The full guidelines, with examples and an ordered decision list for hard cases, are "
        "`annotations/GUIDELINES.md` in the budget-nlp repository.",
    ])


def _annotation(annotations_readme: str | None) -> str:
    agreement = agreement_section(annotations_readme or "")
    measured = ("Inter-annotator agreement, quoted from `annotations/README.md`:\n\n"
                + "\n".join(f"> {line}".rstrip() for line in agreement.splitlines())) if agreement else \
        "Inter-annotator agreement: not yet measured."
    return "\n\n".join([
        "Every label and span was decided by reading the text (never copied from the toolkit's "
        "output), following written guidelines; for entities, a checklist of candidates found by "
        "simple patterns was used only so that none was overlooked. The annotators are model sessions (see "
        "Limitations); each record names its `annotator` and `method`.",
        measured,
    ])


def agreement_section(readme: str) -> str:
    """The body of the README's "Inter-annotator agreement" section that reports figures (has a
    table); "" when there is none."""
    for section in re.split(r"^## ", readme, flags=re.M)[1:]:
        heading, _, content = section.partition("\n")
        if heading.strip().lower() == "inter-annotator agreement" and re.search(r"^\|", content, re.M):
            return content.strip()
    return ""


def _baselines(baseline_table: str | None) -> str:
    table = "\n".join(line for line in (baseline_table or "").splitlines() if line.startswith("|"))
    if not table:
        return "Not yet measured (`python -m nlp.compare` writes `benchmarks/results/compare.md`)."
    return ("Paragraph classifiers of the toolkit compared by `python -m nlp.compare`, quoted from "
            "`benchmarks/results/compare.md`. Its protocol is leave-one-document-out over all the "
            "documents (each scored by a model trained on the others), not this dataset's "
            "train/validation/test split; times vary from run to run.\n\n" + table)


def _loading() -> str:
    return "\n".join([
        "```python",
        "from datasets import load_dataset",
        "",
        'paragraphs = load_dataset("path/to/this/folder", "paragraphs")   # or the Hub repo id',
        'label = paragraphs["train"].features["label"]',
        'print(label.int2str(paragraphs["train"][0]["label"]), paragraphs["train"][0]["text"])',
        "",
        'entities = load_dataset("path/to/this/folder", "entities")',
        'tags = entities["train"].features["ner_tags"].feature',
        'row = entities["train"][0]',
        'print([(t, tags.int2str(i)) for t, i in zip(row["tokens"], row["ner_tags"]) if i])',
        "",
        'documents = load_dataset("path/to/this/folder", "documents")',
        "",
        "from decimal import Decimal",
        'facts = load_dataset("path/to/this/folder", "facts")',
        'frame = facts["train"].to_pandas()',
        'frame["value"] = frame["value"].map(Decimal)                     # exact yuan',
        "```",
    ])


_LICENSE = (
    "Apache-2.0, the license of the budget-nlp project, for the annotations, the section trees and "
    "the build. The document texts are public government disclosures published by the departments "
    "named in the manifest; they are redistributed unchanged for research, and whoever reuses the "
    "texts beyond that should check the terms of the publishing authority.")

_BIBTEX = """@software{budget_nlp,
  title   = {budget-nlp: segmentation, entity tagging and paragraph classification of Chinese government budget disclosures, with an annotated corpus},
  author  = {{budget-nlp contributors}},
  version = {VERSION},
  license = {Apache-2.0},
  note    = {Hugging Face dataset built by python -m nlp.dataset build}
}"""
