"""``python -m nlp.tag FILE... [--format text|json|jsonl|conll|html] [--output PATH]`` (SPEC §5).

Tags each file in turn and streams the result. A file that cannot be read (missing, a directory
without text files, empty, binary, undecodable) gets a one-line error on stderr naming it and
the reason; the other files are still tagged and written, and the exit status is 2.
``--output`` is written atomically: a temporary file renamed into place when the run ends.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from nlp import writers
from nlp.errors import BadInput
from nlp.model import Document
from nlp.pipeline import tag_bytes, tag_path

FORMATS = ("text", "json", "jsonl", "conll", "html")
TEXT_SUFFIXES = (".txt", ".text")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    inputs, errors = expand_inputs(args.files)
    if args.format == "json" and len(inputs) + len(errors) > 1:
        _parser().error("--format json writes one document; use --format jsonl for several files")
    failed = False
    for error in errors:
        _report(error)
        failed = True
    with _opened(args.output) as out:
        docs = _tagged(inputs)
        if args.format == "html":
            collected = []
            for doc in docs:
                if isinstance(doc, BadInput):
                    _report(doc)
                    failed = True
                else:
                    collected.append(doc)
            out.write(writers.to_html(collected))
        else:
            color = args.format == "text" and args.output is None and out.isatty()
            for doc in docs:
                if isinstance(doc, BadInput):
                    _report(doc)
                    failed = True
                    continue
                out.write(_render(doc, args.format, color))
                out.flush()
    return 2 if failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nlp.tag",
        description="Segment, tag and classify Chinese budget disclosures (SPEC §5).")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="text files, directories (their text files, sorted), globs, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--output", metavar="PATH", help="write here (atomically) instead of stdout")
    return parser


def expand_inputs(arguments: list[str]) -> tuple[list[str], list[BadInput]]:
    """Files to tag, in order: directories stand for their text files (sorted), globs are expanded."""
    inputs: list[str] = []
    errors: list[BadInput] = []
    for arg in arguments:
        path = Path(arg)
        if arg == "-":
            inputs.append(arg)
        elif path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            if found:
                inputs.extend(found)
            else:
                errors.append(BadInput(arg, "directory with no text files (*.txt)"))
        elif not path.exists() and glob.has_magic(arg):
            found = sorted(glob.glob(arg, recursive=True))
            if found:
                inputs.extend(found)
            else:
                errors.append(BadInput(arg, "no file matches this pattern"))
        else:
            inputs.append(arg)
    return inputs, errors


def _tagged(inputs: list[str]) -> Iterator[Document | BadInput]:
    for item in inputs:
        try:
            if item == "-":
                yield tag_bytes(sys.stdin.buffer.read(), "stdin", "-")
            else:
                yield tag_path(item)
        except BadInput as error:
            yield error


def _render(doc: Document, fmt: str, color: bool) -> str:
    if fmt == "json":
        return writers.to_json(doc, indent=1) + "\n"
    if fmt == "jsonl":
        return writers.to_json(doc) + "\n"
    if fmt == "conll":
        return writers.to_conll(doc)
    return writers.to_text(doc, color=color)


def _report(error: BadInput) -> None:
    print(f"nlp.tag: error: {error}", file=sys.stderr)


@contextmanager
def _opened(output: str | None) -> Iterator[TextIO]:
    """stdout, or a temporary file next to ``output`` that replaces it only when complete."""
    if output is None:
        yield sys.stdout
        return
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
