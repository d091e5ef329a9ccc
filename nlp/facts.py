"""``python -m nlp.facts FILE... [--format csv|jsonl|parquet] [--output PATH]`` — every number of
the disclosures as one tidy fact table (SPEC §9), and the library face of it::

    import nlp.facts
    frame = nlp.facts.facts("report.pdf")            # a pandas DataFrame, one row per number
    for fact in nlp.facts.iter_facts(paths): ...     # streaming, one document at a time

Inputs as for ``nlp.tag``: files, directories (their text files and PDFs), globs. A bad input is
one line ``nlp.facts: error: PATH: reason`` on stderr and exit status 2; the other inputs are
still read and written. ``--output`` is written atomically under the output rules of
:mod:`nlp.cli.targets`. Values are exact decimals in yuan (CSV and JSON lines: the decimal
string; Parquet: ``decimal128(38, 4)``).

``--tables geometry`` (``tables="geometry"``): for PDF inputs, the column of each table number
that sits in a ruled table is read from the page geometry (:mod:`nlp.adapters.pdf_geometry`,
pdfplumber, an optional extra) instead of the text; about 30 times slower than the text layer.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Iterable, Iterator

from nlp.cli import EXIT_BAD_INPUT, CommandError, exit_with, report, run_command
from nlp.cli.atomic_output import AtomicOutput
from nlp.cli.targets import check_output_file
from nlp.adapters.pdf_geometry import pdfplumber_missing
from nlp.errors import BadInput
from nlp.model import Document
from nlp.paragraphs.rules import label_paragraph
from nlp.pipeline import tag_path
from nlp.read.pdf import MAX_PAGES
from nlp.tables.facts import Fact, facts_of
from nlp.tag import expand_inputs

FORMATS = ("csv", "jsonl", "parquet")
TABLES = ("text", "geometry")


def read_document(path: str | os.PathLike) -> Document:
    """Tag a file for its facts (the rule labeller: labels are not facts, so the classifier is
    not run)."""
    return tag_path(path, labeller=label_paragraph, max_pages=MAX_PAGES)


def facts_of_file(path: str | os.PathLike, tables: str = "text") -> Iterator[Fact]:
    """The facts of one file; ``tables="geometry"``: a PDF's table columns from its page
    geometry where a ruled table holds the number (:func:`nlp.adapters.pdf_geometry.facts_with_geometry`)."""
    if tables not in TABLES:
        raise ValueError(f"tables must be one of {TABLES}, got {tables!r}")
    doc = read_document(path)
    if tables == "geometry":
        from nlp.adapters.pdf_geometry import facts_with_geometry

        return facts_with_geometry(path, doc)
    return facts_of(doc)


def iter_facts(paths: str | os.PathLike | Iterable[str | os.PathLike], tables: str = "text") -> Iterator[Fact]:
    """The facts of each input in turn (files, directories, globs), one document in memory at a
    time. A bad input raises :class:`nlp.errors.BadInput`. ``tables``: as :func:`facts_of_file`."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for item in expand_inputs([os.fspath(p) for p in paths]):
        if isinstance(item, BadInput):
            raise item
        yield from facts_of_file(item, tables)


def facts(paths: str | os.PathLike | Iterable[str | os.PathLike], tables: str = "text"):
    """All facts of the inputs as a pandas DataFrame (``value``: exact ``Decimal`` yuan)."""
    from nlp.adapters.facts_frame import to_frame

    return to_frame(iter_facts(paths, tables))


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.facts", _facts, argv)


def _facts(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.facts",
                                     description="Every number of budget disclosures as one fact table (SPEC §9).")
    parser.add_argument("files", nargs="+", metavar="FILE", help="text files, PDFs, directories or globs")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--output", metavar="PATH", help="write here (atomically) instead of stdout")
    parser.add_argument("--tables", choices=TABLES, default="text",
                        help="geometry: a PDF's table columns from its ruled tables (pdfplumber; slow)")
    args = parser.parse_args(argv)
    if args.tables == "geometry" and (missing := pdfplumber_missing()):
        raise CommandError(missing)
    inputs = expand_inputs(args.files)
    if args.output is not None:
        check_output_file(args.output, [i for i in inputs if isinstance(i, str)],
                          [f for f in args.files if os.path.isdir(f)])
    elif sys.stdout is None:
        raise CommandError("standard output is closed; give --output PATH")
    elif args.format == "parquet" and sys.stdout.isatty():
        raise CommandError("parquet is binary; give --output PATH or redirect standard output")
    from nlp.adapters import facts_frame

    output = None if args.output is None else AtomicOutput(args.output)
    failed = written = 0
    collected: list[Fact] = []
    try:
        out = sys.stdout if output is None else output.handle
        for item in inputs:
            try:
                if isinstance(item, BadInput):
                    raise item
                found = list(facts_of_file(item, args.tables))
            except BadInput as error:
                report("nlp.facts", f"{error.source}: {error.reason}")
                failed += 1
                continue
            if args.format == "parquet":
                collected += found
            else:
                facts_frame.write_text(found, out, args.format, first=written == 0)
                out.flush()
            written += 1
        if args.format == "parquet" and written:
            out.flush()
            facts_frame.write_parquet(collected, out.buffer)
        if output is not None:
            output.commit() if written else output.discard()
    except BaseException:
        if output is not None:
            output.discard()
        raise
    return EXIT_BAD_INPUT if failed else 0


if __name__ == "__main__":
    exit_with(main)
