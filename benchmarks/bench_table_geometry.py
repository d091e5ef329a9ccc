"""Page geometry against the text layer for table facts (issue 14): pdfplumber's ruled-table
finder (:mod:`nlp.adapters.pdf_geometry`) on the PDFs that have stand-off fact gold, measured
against the text route (``nlp.tables`` on the pypdfium2 text, as ``nlp.evaluate`` scores it).

    python benchmarks/bench_table_geometry.py

Needs ``../shared`` beside the repository and pdfplumber (``pip install -e .[geometry]``).
Documents whose gold indexes a text file (``../shared/pdf-text``, no PDF here) are skipped.

A gold fact is *found* by the text route when a predicted table fact
(``nlp.learn.evaluation.predicted_facts``) has its span, by the geometry when a value cell of a
ruled table was aligned to its span; its column is *right* when the name key
(``nlp.corpus.fact_name_key``) of the column's last header segment is the gold ``column_key`` —
the comparison ``nlp.evaluate`` makes. Columns of the table printed, per document:

  pages; tables (ruled tables found); value cells (cells holding a number alone) and, in
  brackets, those aligned to no number of the page's text; gold; text / geom found; text / geom
  column (accuracy on the gold facts each route found); both (found by both) with each route's
  column accuracy on them; geom-only / text-only right (of those); text-inferred (gold facts
  whose column the text route *placed*, ``inferred``) with each route's accuracy there; geom
  consistent (placement alone, an upper bound for a perfect header: per table and grid column,
  the share of its gold facts in their most common gold column); full F1 text → with geometry
  columns (``nlp.evaluate``'s full match: the text route's facts, and the same facts with the
  column from ``with_geometry``, the ``--tables geometry`` path); pypdfium2 and pdfplumber
  pages/s (text layer, against find_tables + cell text + alignment, same run, one core).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import corpus  # noqa: E402
from nlp.adapters.pdf_geometry import geometry, with_geometry  # noqa: E402
from nlp.corpus import fact_name_key  # noqa: E402
from nlp.learn.evaluation import predicted_facts  # noqa: E402
from nlp.learn.metrics import fact_key, fact_scores  # noqa: E402
from nlp.pipeline import tag_text  # noqa: E402
from nlp.read.pdf import read_pdf  # noqa: E402
from nlp.tables.facts import facts_of  # noqa: E402


class Measured:
    def __init__(self):
        self.counts = Counter()
        self.gold, self.text, self.combined = [], [], []
        self.pdfium = self.plumber = 0.0

    def add(self, other: "Measured") -> None:
        self.counts += other.counts
        self.gold += other.gold
        self.text += other.text
        self.combined += other.combined
        self.pdfium += other.pdfium
        self.plumber += other.plumber


def measure(document, text, gold_records) -> Measured:
    m = Measured()
    started = time.perf_counter()
    extracted = read_pdf(document.source, None)
    m.pdfium = time.perf_counter() - started
    assert extracted.text == text
    started = time.perf_counter()
    found = geometry(document.source, text, extracted.pages)
    m.plumber = time.perf_counter() - started

    m.gold = [dict(r, doc_id=document.doc_id) for r in gold_records]
    doc = tag_text(text, document.doc_id)
    m.text = predicted_facts(document.doc_id, doc, m.gold)
    relabelled = {(f.start, f.end): f for f in with_geometry(facts_of(doc), found)}
    m.combined = [dict(p, column=relabelled[(p["start"], p["end"])].column) for p in m.text]
    text_facts = {(p["start"], p["end"]): p for p in m.text}
    row = m.counts
    row.update(pages=len(extracted.pages), tables=found.tables, cells=found.value_cells,
               unaligned=found.unaligned, gold=len(m.gold))
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for g in m.gold:
        span = (g["start"], g["end"])
        t, c = text_facts.get(span), found.cells.get(span)
        text_right = t is not None and fact_key(t)[2] == g["column_key"]
        geom_right = c is not None and bool(c.header) and fact_name_key(c.header[-1]) == g["column_key"]
        row["text found"] += t is not None
        row["text right"] += text_right
        row["geom found"] += c is not None
        row["geom right"] += geom_right
        if c is not None:
            groups[(c.page, c.table, c.column)][g["column_key"]] += 1
        if t is not None and c is not None:
            row["both"] += 1
            row["both text right"] += text_right
            row["both geom right"] += geom_right
            row["geom only"] += geom_right and not text_right
            row["text only"] += text_right and not geom_right
            if t["inferred"]:
                row["inferred"] += 1
                row["inferred text right"] += text_right
                row["inferred geom right"] += geom_right
    row["consistent"] = sum(counter.most_common(1)[0][1] for counter in groups.values())
    return m


def share(part, whole) -> str:
    return f"{part / whole:.3f}" if whole else "–"


def line(name: str, m: Measured) -> str:
    r = m.counts
    text_f1 = fact_scores(m.gold, m.text)["f1"]
    combined_f1 = fact_scores(m.gold, m.combined)["f1"]
    return (f"| {name} | {r['pages']} | {r['tables']} | {r['cells']} ({r['unaligned']}) | {r['gold']} "
            f"| {r['text found']} / {r['geom found']} "
            f"| {share(r['text right'], r['text found'])} / {share(r['geom right'], r['geom found'])} "
            f"| {r['both']}: {share(r['both text right'], r['both'])} / {share(r['both geom right'], r['both'])} "
            f"| {r['geom only']} / {r['text only']} "
            f"| {r['inferred']}: {share(r['inferred text right'], r['inferred'])} / "
            f"{share(r['inferred geom right'], r['inferred'])} "
            f"| {share(r['consistent'], r['geom found'])} | {text_f1:.3f} → {combined_f1:.3f} "
            f"| {r['pages'] / m.pdfium:.0f} | {r['pages'] / m.plumber:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        print("bench_table_geometry: pdfplumber is not installed: pip install -e '.[geometry]'", file=sys.stderr)
        return 2
    gold = corpus.load_gold(corpus.STANDOFF_DIR, "facts")
    print("| document | pages | ruled tables | value cells (unaligned) | gold facts | found: text / geom "
          "| column: text / geom | found by both: text / geom column | geom-only / text-only right "
          "| text-inferred: text / geom column | geom consistent | full F1: text → geometry columns "
          "| pypdfium2 pages/s | pdfplumber pages/s |")
    print("|" + "---|" * 14)
    total = Measured()
    for document, text in corpus.available_gold_documents():
        if not gold.get(document.doc_id) or document.source.suffix.lower() != ".pdf":
            continue
        m = measure(document, text, gold[document.doc_id])
        total.add(m)
        print(line(document.doc_id, m))
    print(line("**all**", total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
