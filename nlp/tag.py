"""``python -m nlp.tag FILE... [--format text|json|jsonl|conll|html] [--output PATH]`` (SPEC §5).

Options beyond the SPEC: ``--jobs N``, ``--quiet``, ``--max-mb MB``, ``--model PATH`` (a paragraph
classifier trained with ``python -m nlp.train`` instead of the shipped one).

Tags each input in turn (``--jobs N``: in N worker processes, still in input order) and streams
the result: memory holds a few documents at a time, never the whole run (except ``html``, one
page of all documents by nature). An input that cannot be tagged — missing, a directory without
text files, empty, binary, undecodable, larger than ``--max-mb`` — gets one line on stderr,
``nlp.tag: error: PATH: reason``, in input order; the other inputs are still tagged and written,
and the exit status is 2.

``--output`` is written atomically: a temporary file beside it is renamed into place when the
run ends. An interrupted or crashed run, or one that tagged nothing at all, leaves an existing
output as it was. A progress bar goes to stderr when stderr is a terminal and the documents do
not (``--quiet`` silences it).
"""
from __future__ import annotations

import argparse
import glob
import math
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, TextIO

from nlp.adapters import writers
from nlp.cli import EXIT_BAD_INPUT, CommandError, exit_with, report, run_command
from nlp.cli.atomic_output import AtomicOutput
from nlp.cli.inputs import Found, expand_glob, walk_files
from nlp.cli.targets import check_output_file
from nlp.adapters.batch import WorkerDied, ordered_map
from nlp.errors import BadInput
from nlp.model import Document
from nlp.paragraphs.linear_model import load
from nlp.pipeline import tag_bytes, tag_path
from nlp.read.text import TooLarge
from nlp.read.pdf import MAX_PAGES

FORMATS = ("text", "json", "jsonl", "conll", "html")
TEXT_SUFFIXES = (".txt", ".text")
INPUT_SUFFIXES = TEXT_SUFFIXES + (".pdf",)
"""What a directory argument stands for: its text files and PDFs."""
MAX_MEGABYTES = 4.0
"""Default input size limit. A disclosure's text is well under that (the seeds are 12–45 kB; a
500-page provincial budget is about 2 MB); a larger file is a concatenation, a dump or the wrong
file. Chosen with the memory rule (README): the densest text needs ≈ 0.3 GB per MB, so 4 MB stays
near 1.2 GB in the worst case."""


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.tag", _tag, argv)


def _tag(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    inputs = expand_inputs(args.files)
    if args.format == "json" and len(inputs) > 1:
        parser.error("--format json writes one document; use --format jsonl for several files")
    max_bytes = int(args.max_mb * 1e6) if args.max_mb > 0 else None
    if args.model is not None:
        try:
            load(args.model)
        except BadInput as error:
            _report(_Failure(error.source, error.reason))
            return EXIT_BAD_INPUT
    if args.output is not None:
        check_output_file(args.output, [i for i in inputs if isinstance(i, str) and i != "-"],
                          [f for f in args.files if f != "-" and os.path.isdir(f)])
    elif sys.stdout is None:
        raise CommandError("standard output is closed; give --output PATH")
    try:
        output = None if args.output is None else AtomicOutput(args.output)
    except OSError as exc:
        _report(_Failure(args.output, f"cannot write the output: {exc.strerror or exc}"))
        return EXIT_BAD_INPUT
    bar = None
    try:
        out = sys.stdout if output is None else output.handle
        tag_one = partial(_tag_and_render, render=_renderer(args.format, args.format == "text" and _isatty(out)),
                          max_bytes=max_bytes, model=args.model, max_pages=args.max_pages or None)
        jobs = min(args.jobs or os.cpu_count() or 1, len(inputs))
        bar = _progress_bar(len(inputs)) if _shows_progress(args) else None
        tagged, failed = _write(ordered_map(tag_one, _tasks(inputs, max_bytes), jobs), out, bar)
        if output is not None:    # inside the try: an interrupted commit leaves no .part behind
            output.commit() if tagged else output.discard()
    except WorkerDied as died:
        if output is not None:
            output.discard()
        raise CommandError(str(died)) from None
    except BaseException:
        if output is not None:
            output.discard()
        raise
    finally:
        if bar is not None:
            bar.close()
    return EXIT_BAD_INPUT if failed else 0


def _isatty(stream: Any) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _write(results: Iterable[Any], out: TextIO, bar: Any) -> tuple[int, int]:
    """Write each rendered document as it arrives (html: one page of all of them at the end) and
    report each failure; return how many documents were written and how many inputs failed."""
    tagged = failed = 0
    documents = []
    for result in results:
        if isinstance(result, _Failure):
            _report(result, bar)
            failed += 1
        else:
            tagged += 1
            if isinstance(result, Document):
                documents.append(result)
            else:
                out.write(result)
                out.flush()
        if bar is not None:
            bar.update()
    if documents:
        out.write(writers.to_html(documents))
    return tagged, failed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nlp.tag",
        description="Segment, tag and classify Chinese budget disclosures (SPEC §5).")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="text files, directories (their text files, sorted), globs, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--output", metavar="PATH", help="write here (atomically) instead of stdout")
    parser.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                        help="tag in N processes, output still in input order (0: one per core; default 1)")
    parser.add_argument("--model", metavar="PATH",
                        help="paragraph classifier written by python -m nlp.train (default: the shipped one)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--max-mb", type=_megabytes, default=MAX_MEGABYTES, metavar="MB",
                        help=f"refuse larger inputs (MB = 10^6 bytes; 0: no limit; default {MAX_MEGABYTES:g})")
    parser.add_argument("--max-pages", type=_count, default=MAX_PAGES, metavar="N",
                        help=f"refuse PDFs with more pages (0: no limit; default {MAX_PAGES})")
    return parser


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number (0: no limit)")
    return int(value)


def _jobs(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is neither 0 (one per core) nor a number of processes")
    return int(value)


def _megabytes(value: str) -> float:
    """A size limit: a finite number of MB from 0 (no limit) to 10^6 (a terabyte)."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 1e6:    # also refuses nan
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB from 0 (no limit) to 1000000")
    return number


def expand_inputs(arguments: list[str]) -> list[str | BadInput]:
    """The inputs of a run, in argument order: a directory stands for its text files (sorted,
    recursively), a glob for the files it matches; an argument that stands for nothing is a
    :class:`BadInput` in its place."""
    inputs: list[str | BadInput] = []
    for arg in arguments:
        path = Path(arg)
        if arg == "-":
            inputs.append(arg)
        elif os.path.isdir(path):
            found = walk_files(path)
            texts = [p for p in found.files if Path(p).suffix.lower() in INPUT_SUFFIXES]
            none = [] if texts or found.unreadable else [BadInput(arg, "directory with no text files (*.txt, *.pdf)")]
            inputs.extend(texts + none + _unreadable(found))
        elif not os.path.lexists(path) and glob.has_magic(arg):
            found = expand_glob(arg)
            none = [] if found.files or found.unreadable else [BadInput(arg, "no file matches this pattern")]
            inputs.extend(found.files + none + _unreadable(found))
        else:
            inputs.append(arg)
    return inputs


def _unreadable(found: Found) -> list[BadInput]:
    return [BadInput(directory, f"cannot read this directory ({reason}); its files are not tagged")
            for directory, reason in found.unreadable]


# --- one input: what runs in a worker process ----------------------------------------------------

class _Failure(NamedTuple):
    """A :class:`BadInput` as a value: workers return failures rather than raise them, so that
    one bad file neither stops the pool nor reorders the output."""

    source: str
    reason: str


class _Stdin(NamedTuple):
    """The bytes of standard input, read by the parent process (workers have no stdin)."""

    data: bytes


def _tasks(inputs: Iterable[str | BadInput], max_bytes: int | None) -> Iterator[str | _Stdin | _Failure]:
    for item in inputs:
        if isinstance(item, BadInput):
            yield _Failure(item.source, item.reason)
        elif item == "-":
            yield _read_stdin(max_bytes)
        else:
            yield item


def _read_stdin(max_bytes: int | None) -> _Stdin | _Failure:
    if sys.stdin is None:
        return _Failure("-", "no standard input")
    data = sys.stdin.buffer.read() if max_bytes is None else sys.stdin.buffer.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        return _Failure("-", _too_large(max_bytes))
    return _Stdin(data)


def _tag_and_render(task: str | _Stdin | _Failure, render: Callable[[Document], Any],
                    max_bytes: int | None, model: str | None, max_pages: int | None = MAX_PAGES) -> Any:
    """Tag one input and render it; failures come back as values."""
    if isinstance(task, _Failure):
        return task
    labeller = load(model) if model else None
    if isinstance(task, _Stdin):
        try:
            return render(tag_bytes(task.data, "stdin", "-", labeller, max_pages))
        except BadInput as error:
            return _Failure(error.source, error.reason)
    try:
        return render(tag_path(task, labeller, max_bytes, max_pages))
    except TooLarge as error:
        return _Failure(error.source, _too_large(error.limit, error.size))
    except BadInput as error:
        return _Failure(error.source, error.reason)


def _too_large(max_bytes: int, size: int | None = None) -> str:
    measured = "" if size is None else f"{size / 1e6:.1f} MB, "
    return (f"too large: {measured}over the {max_bytes / 1e6:g} MB limit (--max-mb); "
            "a disclosure is a few MB at most, split the file")


def _renderer(fmt: str, color: bool) -> Callable[[Document], Any]:
    """What a worker sends back for a document: its rendering, or — for html, one page of all
    the documents — the document itself."""
    if fmt == "html":
        return _unrendered
    if fmt == "text":
        return partial(writers.to_text, color=color)
    return {"json": _json_document, "jsonl": _json_line, "conll": writers.to_conll}[fmt]


def _unrendered(doc: Document) -> Document:
    return doc


def _json_document(doc: Document) -> str:
    return writers.to_json(doc, indent=1) + "\n"


def _json_line(doc: Document) -> str:
    return writers.to_json(doc) + "\n"


# --- reporting and output ------------------------------------------------------------------------

def _report(failure: _Failure, bar: Any = None) -> None:
    report("nlp.tag", f"{failure.source}: {failure.reason}", bar)


def _shows_progress(args: argparse.Namespace) -> bool:
    """A bar only for a person watching a terminal that the documents themselves do not go to."""
    return not args.quiet and _isatty(sys.stderr) and (args.output is not None or not _isatty(sys.stdout))


def _progress_bar(total: int) -> Any:
    from tqdm import tqdm   # only when a bar is shown: start-up stays fast

    tqdm.monitor_interval = 0   # no monitor thread: --jobs forks worker processes after the bar exists
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)


if __name__ == "__main__":
    exit_with(main)
