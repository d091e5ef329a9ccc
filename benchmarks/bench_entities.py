"""Throughput and AMOUNT accuracy of the entity tagger, side by side with JioNLP.

    python benchmarks/bench_entities.py [--megabytes 5] [--repeat 3] [--source corpus]

Throughput: the documents are repeated until they make ``--megabytes`` of UTF-8 and each
candidate tags them one document at a time, the same texts for both (JioNLP slows down on one
multi-megabyte string, so per-document timing is the fair one); best of ``--repeat`` rounds,
the candidates taking turns in each. budget-nlp extracts all three labels (AMOUNT, PERCENT,
EXP_CODE) with values; JioNLP's ``extract_money`` only money, with parsing. The last lines
judge the two targets: SPEC §7's ≥ 20 MB/s for entity extraction alone, and issue #3's ≥ 10×
JioNLP at equal or better AMOUNT F1. Wall-clock timing: on a shared machine raise ``--repeat``.

Accuracy: AMOUNT precision/recall/F1 against ``annotations/gold/entities/<doc_id>.jsonl``
(exact character spans), and the share of matched spans whose value equals the gold value.
JioNLP's spans are mapped to ours before comparing: its span is cut to run from the first
digit or Chinese numeral to the last 元 inside it (JioNLP includes comparators such as
``不超过``, and sometimes the ``元，`` of a previous amount); its parsed ``num`` is the value.

JioNLP is optional: ``pip install -e '.[bench]'`` (extra ``bench = ["jionlp>=1.5.31,<2"]``).
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import regex

from nlp.entities import find_entities

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "annotations" / "gold" / "entities"
JIONLP_REQUIREMENT = "jionlp>=1.5.31,<2"
JIONLP_SPAN = regex.compile(r"[0-9０-９零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾].*元", regex.DOTALL)
"""The part of a JioNLP money span that SPEC §4 calls the amount: first numeral to last 元."""

AmountSpans = list[tuple[int, int, Decimal | None]]

SPEC_MEGABYTES_PER_SECOND = 20.0
"""SPEC §7: entity extraction alone."""
TARGET_RATIO = 10.0
"""Issue #3: this many times JioNLP's throughput, at equal or better AMOUNT F1."""


@dataclass(frozen=True)
class Candidate:
    name: str
    extract: Callable[[str], object]          # what is timed
    amounts: Callable[[str], AmountSpans]     # what is scored


def budget_nlp() -> Candidate:
    def amounts(text: str) -> AmountSpans:
        return [(e.start, e.end, e.attrs["value"]) for e in find_entities(text) if e.label == "AMOUNT"]

    return Candidate("budget-nlp find_entities", find_entities, amounts)


def jionlp() -> Candidate | None:
    try:
        import jionlp as jio
    except ImportError:
        return None

    def extract(text: str) -> list[dict]:
        return jio.ner.extract_money(text, with_parsing=True)

    def amounts(text: str) -> AmountSpans:
        found = []
        for item in extract(text):
            start, end = item["offset"]
            amount = JIONLP_SPAN.search(text, start, end)
            if amount is not None:
                number = item["detail"]["num"]   # a [low, high] pair for a range: no single value
                found.append((amount.start(), amount.end(), Decimal(number) if isinstance(number, str) else None))
        return found

    return Candidate("JioNLP extract_money", extract, amounts)


def read_documents(source: Path) -> dict[str, str]:
    """doc_id → text decoded as SPEC §2 says (BOM removed, line ends kept)."""
    documents = {}
    for path in sorted(source.glob("*.txt")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            documents[path.stem] = handle.read()
    return documents


def repeated(documents: dict[str, str], megabytes: float) -> list[str]:
    """The documents, repeated in order until they make ``megabytes`` of UTF-8."""
    size = sum(len(text.encode("utf-8")) for text in documents.values())
    copies = max(1, -(-int(megabytes * 1e6) // size))
    return list(documents.values()) * copies


def throughputs(candidates: list[Candidate], texts: list[str], repeat: int) -> dict[str, float]:
    """MB/s of UTF-8 text per candidate, tagging one document at a time: the best of ``repeat``
    rounds, each round timing every candidate once in turn, so that a busy moment of a shared
    machine slows all candidates alike rather than one of them."""
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best = {candidate.name: float("inf") for candidate in candidates}
    for _ in range(repeat):
        for candidate in candidates:
            started = time.perf_counter()
            for text in texts:
                candidate.extract(text)
            best[candidate.name] = min(best[candidate.name], time.perf_counter() - started)
    return {name: megabytes / seconds for name, seconds in best.items()}


def gold_amounts(doc_id: str) -> AmountSpans | None:
    path = GOLD / f"{doc_id}.jsonl"
    if not path.exists():
        return None
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["start"], r["end"], Decimal(str(r["value"]))) for r in records if r["label"] == "AMOUNT"]


def scores(candidate: Candidate, documents: dict[str, str]) -> dict[str, float] | None:
    """Micro precision, recall, F1 on exact spans, and the share of exact values among matches."""
    true_positives = predicted = expected = exact_values = 0
    for doc_id, text in documents.items():
        gold = gold_amounts(doc_id)
        if gold is None:
            continue
        gold_values = {(start, end): value for start, end, value in gold}
        found = {(start, end): value for start, end, value in candidate.amounts(text)}
        matched = set(found) & set(gold_values)
        true_positives += len(matched)
        predicted += len(found)
        expected += len(gold_values)
        exact_values += sum(found[span] == gold_values[span] for span in matched)
    if expected == 0:
        return None
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / expected
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    values = exact_values / true_positives if true_positives else 0.0
    return {"P": precision, "R": recall, "F1": f1, "values": values, "gold": expected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=5.0, help="size of the timed text (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per candidate, best kept (default 3)")
    parser.add_argument("--source", type=Path, default=REPO / "corpus", help="directory of .txt documents")
    args = parser.parse_args()

    documents = read_documents(args.source)
    texts = repeated(documents, args.megabytes)
    candidates = [budget_nlp()]
    other = jionlp()
    if other is None:
        print(f"JioNLP is not installed; for the comparison: pip install '{JIONLP_REQUIREMENT}'"
              " (or pip install -e '.[bench]')\n")
    else:
        candidates.append(other)

    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    print(f"{len(documents)} documents from {args.source}, repeated to {len(texts)} texts, {megabytes:.1f} MB")
    print(f"{'candidate':28s} {'MB/s':>7s} {'P':>6s} {'R':>6s} {'F1':>6s} {'values':>7s}")
    speeds, f1 = throughputs(candidates, texts, args.repeat), {}
    for candidate in candidates:
        score = scores(candidate, documents)
        f1[candidate.name] = score["F1"] if score else None
        accuracy = (
            f"{score['P']:6.3f} {score['R']:6.3f} {score['F1']:6.3f} {score['values']:7.3f}" if score
            else f"{'(no gold)':>28s}"
        )
        print(f"{candidate.name:28s} {speeds[candidate.name]:7.1f} {accuracy}")
    ours = speeds[candidates[0].name]
    met = "met" if ours >= SPEC_MEGABYTES_PER_SECOND else "missed"
    print(f"\nSPEC §7, entity extraction ≥ {SPEC_MEGABYTES_PER_SECOND:g} MB/s: {met} ({ours:.1f} MB/s)")
    if len(speeds) == 2:
        ratio = ours / speeds[candidates[1].name]
        ours_f1, theirs_f1 = f1.values()
        if ours_f1 is None or theirs_f1 is None:
            verdict = "not judged here (no gold for these documents)"
        else:
            met = ratio >= TARGET_RATIO and ours_f1 >= theirs_f1
            verdict = f"{'met' if met else 'missed'} ({ours_f1:.3f} vs {theirs_f1:.3f})"
        print(f"throughput ratio budget-nlp / JioNLP: {ratio:.1f}x; "
              f"≥ {TARGET_RATIO:g}x at equal or better AMOUNT F1: {verdict}")
    gold_docs = sum(gold_amounts(doc_id) is not None for doc_id in documents)
    print(f"AMOUNT scores over {gold_docs} gold documents (exact spans; 'values' = exact values among matches)")


if __name__ == "__main__":
    main()
