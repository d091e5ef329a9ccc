"""Closure of the parsed functional tables (SPEC §9) over the third-party documents in
``../shared``: pdf-text, pdfs and pdf-corpus (grouped by province). For each parent row (类 with
its 款, 款 with its 项, the 合计 row with its 类, a row's 合计 with its 基本 + 项目) it counts
whether the parts add up exactly as written, and — since tables in 万元 are rounded — within
0.01 per part. Rows whose numbers were placed by arithmetic (a PDF row that dropped empty
cells: :mod:`nlp.tables.placement`) are counted apart, and closure is also given on the parent
rows whose check involves no such cell, so closure is never true by construction. Documents are read from ``../shared`` only, never copied.

    python benchmarks/closure_check.py [--details]
"""
from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from nlp.errors import BadInput
from nlp.read import read_source
from nlp.tables.closure import check
from nlp.tables.parse import find_tables
from nlp.tables.vocabulary import FUNCTIONAL_KINDS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def documents() -> list[tuple[str, Path]]:
    found = [("pdf-text (Shanghai)", p) for p in sorted((SHARED / "pdf-text").glob("*.txt"))]
    found += [("pdfs (Shanghai)", p) for p in sorted((SHARED / "pdfs").glob("*.pdf"))]
    corpus = SHARED / "pdf-corpus"
    for province in sorted(p for p in corpus.iterdir() if p.is_dir() and p.name != "bad") if corpus.is_dir() else ():
        found += [(f"pdf-corpus/{province.name}", p) for p in sorted(province.glob("*.pdf"))]
    return found


def main(argv: list[str]) -> int:
    details = "--details" in argv
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 8)   # docs, tables, parents, exact, rounding, docs with a table, inferred, inferred closing
    exceptions: list[str] = []
    for group, path in documents():
        row = totals[group]
        row[0] += 1
        try:
            text, _, _ = read_source(path, 1000, None)
        except BadInput as error:
            exceptions.append(f"{path.name}: unreadable ({error.reason})")
            continue
        tables = [t for t in find_tables(text) if t.kind in FUNCTIONAL_KINDS]
        row[5] += bool(tables)
        for table in tables:
            result = check(table)
            if not result.parents:
                continue
            row[1] += 1
            row[2] += result.parents
            row[3] += result.closing
            rounded = {(g.check, g.row) for g in result.gaps if abs(g.difference) > _rounding(table, g)}
            row[4] += result.parents - len(rounded)
            row[6] += result.inferred
            row[7] += result.inferred_closing
            if details and result.gaps:
                worst = max(result.gaps, key=lambda g: abs(g.difference))
                exceptions.append(f"{path.name} / {table.title}: {result.closing}/{result.parents} close; "
                                  f"largest gap {worst.row} {worst.column}: {worst.written} vs Σ {worst.parts}")
    print("| source | documents | with a functional table | tables checked | parent rows | close exactly "
          "| close within rounding | rows with inferred cells | close exactly, no inferred cell |")
    print("|---|---|---|---|---|---|---|---|---|")
    for group, (docs, tables, parents, exact, rounding, with_table, inferred, inferred_closing) in totals.items():
        share = lambda n, d=parents: f"{n} ({100 * n / d:.1f} %)" if d else "–"
        read = parents - inferred
        print(f"| {group} | {docs} | {with_table} | {tables} | {parents} | {share(exact)} | {share(rounding)} "
              f"| {share(inferred)} | {exact - inferred_closing}/{read}"
              f"{f' ({100 * (exact - inferred_closing) / read:.1f} %)' if read else ''} |")
    for line in exceptions:
        print("  " + line)
    return 0


def _rounding(table, gap) -> Decimal:
    """Rounding allowance of a sum in the table's unit: half a unit of the last written decimal
    place per part (0.01 万元 tables: a few hundredths)."""
    if table.unit == "元":
        return Decimal(0)
    return Decimal("0.01") * 5


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
