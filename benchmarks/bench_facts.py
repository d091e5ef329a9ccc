"""What facts add to tagging (issue: facts add ≤ 30 % to tagging time).

    python benchmarks/bench_facts.py [--megabytes 0.5] [--repeat 3]

On the text sets of ``bench_suite.py`` (seed corpus, ``../shared/pdf-text`` when present,
synthetic documents of both shapes), each repeated to ``--megabytes``: the time of ``tag_text``
(what ``nlp.tag`` does per document, default labeller) and the time of the facts on top of the
tagged document (``facts_of``: document facts, tables parsed, placed and turned into fact rows,
sentence facts), best of ``--repeat``, one document at a time on one core. Prints one Markdown
table: MB, tag s, facts s, facts / tag.
"""
from __future__ import annotations

import argparse

from bench_suite import seconds, text_sets
from nlp.pipeline import tag_text
from nlp.tables.facts import facts_of

BAR = 0.30


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=0.5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| text set | MB | tag (s) | facts (s) | facts / tag | facts per MB |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for texts in text_sets(args.megabytes):
        tag = seconds(tag_text, texts.texts, args.repeat)
        docs = [tag_text(text) for text in texts.texts]
        count = sum(1 for doc in docs for _ in facts_of(doc))
        facts = seconds(lambda doc: list(facts_of(doc)), docs, args.repeat)
        worst = max(worst, facts / tag)
        print(f"| {texts.name} | {texts.megabytes:.2f} | {tag:.2f} | {facts:.2f} | {100 * facts / tag:.1f} % "
              f"| {count / texts.megabytes:.0f} |")
    print(f"\nfacts add at most {100 * worst:.1f} % to tagging time (bar ≤ {100 * BAR:.0f} %): "
          f"{'met' if worst <= BAR else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
