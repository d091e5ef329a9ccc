"""``python -m nlp.evaluate`` — score the tagger against the gold standard (SPEC §6–7).

A thin face over :mod:`nlp.learn.evaluation`.

Entities: per-label precision/recall/F1 on exact span + label, and the accuracy of the normalised
value (AMOUNT/PERCENT ``value``, EXP_CODE ``code``) on the matched spans. Paragraph labels: each
gold paragraph takes the label the tagger gives most of its non-space characters, so a different
paragraph segmentation cannot break the score; macro-F1 and per-class F1. Headings: precision/
recall/F1 of the predicted section heading spans (``Section.heading``, trimmed of whitespace at
both ends) against the gold headings on the exact span, and the accuracy of the section-tree
depth (``level``) on the matched ones. ``--agreement DIR`` compares a second annotation with the
gold instead (Cohen's κ, entity F1).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from nlp.cli import CommandError, exit_with, run_command
from nlp.corpus import GOLD_DIR
from nlp.learn.evaluation import NoGold, agreement, evaluate_tagger, format_table


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.evaluate", _evaluate, argv)


def _evaluate(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR,
                        help="gold directory (entities/, paragraphs/, headings/)")
    parser.add_argument("--agreement", type=Path, metavar="DIR",
                        help="score a second annotation in DIR against the gold instead of the tagger")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    try:
        result = agreement(args.agreement, args.gold) if args.agreement else evaluate_tagger(args.gold)
    except NoGold as error:
        raise CommandError(str(error)) from error
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    exit_with(main)
