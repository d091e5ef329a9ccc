"""``python -m nlp.evaluate`` — score the tagger against the gold standard (SPEC §6–7).

A thin face over :mod:`nlp.learn.evaluation`, which says how entities, paragraph labels and
headings are scored. ``--agreement DIR`` compares a second annotation with the gold instead
(Cohen's κ, entity F1).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from nlp.cli import CommandError, exit_with, run_command
from nlp.corpus import GOLD_DIR
from nlp.adapters.pdf_geometry import pdfplumber_missing
from nlp.learn.evaluation import NoGold, agreement, evaluate_tagger, format_table


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.evaluate", _evaluate, argv)


def _evaluate(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR,
                        help="gold directory (entities/, paragraphs/, headings/)")
    parser.add_argument("--agreement", type=Path, metavar="DIR",
                        help="score a second annotation in DIR against the gold instead of the tagger")
    parser.add_argument("--tables", choices=("text", "geometry"), default="text",
                        help="geometry: score the facts of PDF sources with their columns from the page "
                             "geometry, as nlp.facts --tables geometry gives them (pdfplumber; slow)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    if args.tables == "geometry" and (missing := pdfplumber_missing()):
        raise CommandError(missing)
    try:
        result = agreement(args.agreement, args.gold) if args.agreement \
            else evaluate_tagger(args.gold, tables=args.tables)
    except NoGold as error:
        raise CommandError(str(error)) from error
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    exit_with(main)
