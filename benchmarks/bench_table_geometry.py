"""Page geometry against the text layer for table facts (issue 14): pdfplumber's ruled-table
finder on the PDFs that have stand-off fact gold, measured against the text route
(``nlp.tables`` on the pypdfium2 text, as ``nlp.evaluate`` scores it).

    python benchmarks/bench_table_geometry.py [--details]

Needs ``../shared`` beside the repository and pdfplumber (``pip install -e .[geometry]``).
Documents whose gold indexes a text file (``../shared/pdf-text``, no PDF) are skipped.

Per page, pdfplumber's ``find_tables()`` (default settings: the ``lines`` strategy, i.e. ruled
tables) gives grids of cells. Every number in a cell is aligned to the numbers of that page's
slice of the extracted text (the record's ``pages`` spans, ``nlp.read.pdf``) in reading order
(``difflib`` on the two token sequences, exact string equality); a cell that finds no partner
is counted as unaligned. A cell that is a number alone is a value; its column is named by the
header above it in the grid: the lowest non-empty header cell over the column's centre (header
rows = the rows above the first row holding a value; a table without header rows, continued from
the previous page, takes the previous table's header when it has as many columns). That name's
key (``nlp.corpus.fact_name_key``) is compared with the gold ``column_key`` — the same comparison
``nlp.evaluate`` makes for the text route's facts (``nlp.learn.evaluation.predicted_facts``).

Columns printed per document:
  pages; tables (ruled tables found); cells (value cells) and unaligned (value cells whose number
  found no partner in the page text); gold; text / geom found (gold spans the route has as a
  fact / as an aligned value cell); text / geom column (column accuracy on the gold facts the
  route found); both (gold facts both found) with each route's column accuracy on them;
  geom-only right (of those, geometry right where the text is wrong) and text-only right;
  inferred (gold facts where the text route *placed* the column, ``inferred``) with each
  route's accuracy there; geom consistent (an upper bound for geometry with a perfect header:
  per table-header and grid column, the share of gold facts in its majority gold column);
  pypdfium2 and pdfplumber pages/s (text layer vs find_tables + cell text, same run, one core).
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import corpus  # noqa: E402
from nlp.corpus import fact_name_key  # noqa: E402
from nlp.learn.evaluation import predicted_facts  # noqa: E402
from nlp.learn.metrics import fact_key  # noqa: E402
from nlp.pipeline import tag_text  # noqa: E402
from nlp.read.pdf import read_pdf  # noqa: E402

NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?(?!\d)")
"""A number as the tables write it: a minus, digits, thousands commas, decimals (codes and years
too, as anchors for the alignment)."""
VALUE = re.compile(NUMBER.pattern + "%?")
"""A value cell's whole text: a number, or a percentage (whose fact is the number before ``%``)."""


def page_cells(page, previous_header):
    """The tables of one pdfplumber page: (tables found, [(token, is_value, column name)] in
    row-major order, the last table's header for the next page)."""
    found = page.find_tables()
    tokens = []
    for index, table in enumerate(found):
        rows = table.rows
        texts = table.extract()
        first = next((i for i, row in enumerate(texts) if any(_is_value(c) for c in row)), len(texts))
        width = len(texts[0]) if texts else 0
        centres = _centres(rows, width)
        own = (rows[:first], texts[:first]) if 0 < first < len(texts) else None
        inherited = previous_header if previous_header is not None and len(previous_header[1][0]) == width else None
        names = [(_column_name(own, centre) if own else None)
                 or (_column_name(inherited, centre) if inherited else None) for centre in centres]
        if own and first < len(texts):
            previous_header = own
        for r, row in enumerate(texts):
            for c, cell in enumerate(row):
                if not cell:
                    continue
                squeezed = "".join(cell.split())
                value = r >= first and _is_value(cell)
                for match in NUMBER.finditer(squeezed):
                    tokens.append((match.group(), value, names[c] if value else None, (page.page_number, index, c)))
    return len(found), tokens, previous_header


def _is_value(cell) -> bool:
    return bool(cell) and VALUE.fullmatch("".join(cell.split())) is not None


def _centres(rows, width):
    """The x centre of each grid column: of its narrowest cell (a spanning header cell starts at
    its first column but its centre lies over another)."""
    widths = [None] * width
    centres = [None] * width
    for row in rows:
        for c, bbox in enumerate(row.cells):
            if bbox is not None and (widths[c] is None or bbox[2] - bbox[0] < widths[c]):
                widths[c], centres[c] = bbox[2] - bbox[0], (bbox[0] + bbox[2]) / 2
    return centres


def _column_name(header, centre):
    rows, texts = header
    if centre is None:
        return None
    for row, row_texts in zip(reversed(rows), reversed(texts)):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None and bbox[0] <= centre < bbox[2] and text and text.strip():
                return "".join(text.split())
    return None


def align(cell_tokens, text, start, end):
    """{(start, end) of a text number: cell token} for the cells aligned in order with the
    page's text numbers; and the number of value cells left unaligned."""
    spans = [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(text, start, end)]
    matcher = difflib.SequenceMatcher(None, [t[0] for t in cell_tokens], [s[2] for s in spans], autojunk=False)
    aligned = {}
    matched_cells = set()
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            matched_cells.add(a + k)
            if cell_tokens[a + k][1]:
                aligned[spans[b + k][:2]] = cell_tokens[a + k]
    unaligned = sum(1 for i, t in enumerate(cell_tokens) if t[1] and i not in matched_cells)
    return aligned, unaligned


def measure(document, text, gold_records, pdfplumber):
    started = time.perf_counter()
    extracted = read_pdf(document.source, None)
    pdfium_seconds = time.perf_counter() - started
    assert extracted.text == text
    started = time.perf_counter()
    geometry = {}
    tables = cells = unaligned = 0
    with pdfplumber.open(document.source) as pdf:
        header = None
        for page, (start, end) in zip(pdf.pages, extracted.pages):
            count, tokens, header = page_cells(page, header)
            tables += count
            cells += sum(1 for t in tokens if t[1])
            aligned, missed = align(tokens, text, start, end)
            unaligned += missed
            geometry.update(aligned)
    plumber_seconds = time.perf_counter() - started

    records = [dict(r, doc_id=document.doc_id) for r in gold_records]
    text_facts = {(p["start"], p["end"]): p for p in predicted_facts(document.doc_id, tag_text(text, document.doc_id), records)}
    row = Counter(pages=len(extracted.pages), tables=tables, cells=cells, unaligned=unaligned, gold=len(records))
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for g in records:
        span = (g["start"], g["end"])
        t, c = text_facts.get(span), geometry.get(span)
        text_right = t is not None and fact_key(t)[2] == g["column_key"]
        geom_right = c is not None and c[2] is not None and fact_name_key(c[2]) == g["column_key"]
        row["text found"] += t is not None
        row["text right"] += text_right
        row["geom found"] += c is not None
        row["geom right"] += geom_right
        if c is not None:
            groups[c[3]][g["column_key"]] += 1
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
    return row, pdfium_seconds, plumber_seconds


def share(part, whole):
    return f"{part / whole:.3f}" if whole else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    import pdfplumber

    gold = corpus.load_gold(corpus.STANDOFF_DIR, "facts")
    print("| document | pages | tables | value cells (unaligned) | gold | text found | geom found "
          "| text column | geom column | both | text / geom column on both | geom-only / text-only right "
          "| text-inferred: text / geom | geom consistent | pypdfium2 pages/s | pdfplumber pages/s |")
    print("|" + "---|" * 16)
    total, pdfium_total, plumber_total = Counter(), 0.0, 0.0
    for document, text in corpus.available_gold_documents():
        if not gold.get(document.doc_id) or document.source.suffix.lower() != ".pdf":
            continue
        row, pdfium, plumber = measure(document, text, gold[document.doc_id], pdfplumber)
        total += row
        pdfium_total += pdfium
        plumber_total += plumber
        print(line(document.doc_id, row, pdfium, plumber))
    print(line("**all**", total, pdfium_total, plumber_total))
    return 0


def line(name, r, pdfium, plumber):
    return (f"| {name} | {r['pages']} | {r['tables']} | {r['cells']} ({r['unaligned']}) | {r['gold']} "
            f"| {r['text found']} | {r['geom found']} | {share(r['text right'], r['text found'])} "
            f"| {share(r['geom right'], r['geom found'])} | {r['both']} "
            f"| {share(r['both text right'], r['both'])} / {share(r['both geom right'], r['both'])} "
            f"| {r['geom only']} / {r['text only']} "
            f"| {r['inferred']}: {share(r['inferred text right'], r['inferred'])} / {share(r['inferred geom right'], r['inferred'])} "
            f"| {share(r['consistent'], r['geom found'])} | {r['pages'] / pdfium:.0f} | {r['pages'] / plumber:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
