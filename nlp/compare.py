"""``python -m nlp.compare`` — paragraph classifiers under the held-out protocols of SPEC §7.

A thin face over :mod:`nlp.learn.comparison`: writes ``compare.md``, ``compare.csv`` and
``confusion.png`` (the best trainable candidate) and prints the table.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from sklearn.pipeline import Pipeline

from nlp.cli import CommandError, exit_with, run_command
from nlp.cli.atomic_output import write_atomically
from nlp.cli.targets import claim_folder, write_marker
from nlp.learn.candidates import CANDIDATES, candidate
from nlp.learn.comparison import compare, markdown, plot_confusion, table_rows
from nlp.corpus import REPOSITORY
from nlp.learn.silver import silver_examples
from nlp.learn.training import load_gold_paragraphs

RESULTS_DIR = Path("compare-results")
SILVER_DIR = REPOSITORY.parent / "shared" / "pdf-corpus"
"""Unannotated disclosures for the gold-free checks, when they are beside the repository."""
"""The default output folder, in the working directory (never the repository or the installed
package); the repository's ``benchmarks/results`` is regenerated with ``--output benchmarks/results``."""
WRITTEN = ("compare.md", "compare.csv", "confusion.png")


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.compare", _compare, argv)


def _compare(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+", metavar="NAME", choices=list(CANDIDATES),
                        help="compare only these (default: all; the +section variant of each TF-IDF one is added)")
    parser.add_argument("--docs", nargs="+", metavar="DOC_ID", help="use only these gold documents")
    parser.add_argument("--output", "--out", type=Path, default=RESULTS_DIR, metavar="DIR",
                        help="where compare.md, compare.csv and confusion.png go (default: ./%(default)s)")
    parser.add_argument("--silver", type=Path, metavar="DIR", default=SILVER_DIR if SILVER_DIR.is_dir() else None,
                        help="unannotated PDFs and text files for the gold-free checks (default: ../shared/pdf-corpus "
                             "when present; its bad/ folder is left out)")
    parser.add_argument("--no-silver", action="store_true", help="skip the gold-free checks")
    args = parser.parse_args(argv)
    if args.silver is not None and not args.no_silver and not args.silver.is_dir():
        raise CommandError(f"{args.silver}: no such directory (--silver)")
    earlier = claim_folder(args.output)   # new, empty, or only what an earlier run wrote
    data = load_gold_paragraphs()
    if args.docs:
        unknown = sorted(set(args.docs) - set(data.groups))
        if unknown:
            raise CommandError(f"no gold paragraphs for {', '.join(unknown)}")
        data = data.subset(args.docs)
    if len(set(data.groups)) < 2:
        raise CommandError("held-out protocols need at least two annotated documents")
    silver = None
    if args.silver is not None and not args.no_silver:
        files = sorted(p for p in args.silver.rglob("*") if p.suffix.lower() in (".pdf", ".txt") and "bad" not in p.parts)
        silver = silver_examples(files)
    results = compare(data, args.candidates, silver)
    import pandas as pd

    table = markdown(results, data)
    best = next((r for r in results if isinstance(candidate(r.name), Pipeline)), results[0])
    worst_protocol = "shape" if "pdf" in set(data.attribute("shape")) else "document"
    write_atomically(args.output / "compare.md", table)
    write_atomically(args.output / "compare.csv", pd.DataFrame(table_rows(results)).to_csv(index=False, float_format="%.4f"))
    write_atomically(args.output / "confusion.png", plot_confusion(best.runs[worst_protocol], data))
    write_marker(args.output, "nlp.compare", earlier + list(WRITTEN))
    print(table + f"\nbest: {results[0].name}; best trainable (what nlp.train should ship): {best.name}; "
          f"wrote compare.md, compare.csv and confusion.png ({best.name}) to {args.output}")
    return 0


if __name__ == "__main__":
    exit_with(main)
