"""Tagging many documents: in worker processes, in input order (``python -m nlp.tag --jobs``),
and as a batched map over a table of texts (``datasets.Dataset.map``, Ray Data, Spark).

Import-light like the tag path: :mod:`concurrent.futures` is imported only when more than one
process is asked for, :mod:`pyarrow` only when :func:`tag_batch` runs.
"""
from __future__ import annotations

import re
import signal
from collections import deque
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, TypeVar

from nlp.pipeline import section_paths, tag_text

if TYPE_CHECKING:
    import pyarrow

Item = TypeVar("Item")
Result = TypeVar("Result")

AHEAD_PER_JOB = 2
"""Tasks handed out per worker before the oldest result is taken: enough to keep every worker
busy, few enough that waiting results (one rendered document each) stay a handful."""


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory): the run cannot finish."""


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], jobs: int) -> Iterator[Result]:
    """``map(function, items)`` over ``jobs`` processes, yielding in input order.

    At most ``AHEAD_PER_JOB × jobs`` items are in flight, so memory does not grow with the
    number of items however slow one of them is. ``function`` must be picklable (a module-level
    function or a :func:`functools.partial` of one) and should return its failures as values:
    an exception whose constructor takes other arguments than its message cannot travel back
    from a worker. A worker that dies (killed from outside, out of memory) raises
    :class:`WorkerDied` instead of leaving the run waiting. When the consumer stops early or is
    interrupted, the tasks not yet started are cancelled and the workers are sent SIGTERM,
    which ends them (they keep its default handling, see :func:`_worker_signals`).
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    earlier = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(jobs, initializer=_worker_signals)
    pending: deque = deque()
    finished = False
    try:
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= AHEAD_PER_JOB * jobs:
                yield _result(pending.popleft(), pool)
        while pending:
            yield _result(pending.popleft(), pool)
        finished = True
    except BrokenProcessPool:
        raise WorkerDied("a worker process died (killed, or out of memory); nothing was written") from None
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool, pending, earlier)


def _result(future: Any, pool: Any) -> Any:
    """The future's result; :class:`WorkerDied` when a worker is found dead meanwhile (the
    pool's own detection can wait for ever on the rest of a message the worker was writing)."""
    while True:
        try:
            return future.result(timeout=0.5)
        except TimeoutError:
            if any(p.exitcode is not None for p in list((getattr(pool, "_processes", None) or {}).values())):
                raise WorkerDied("a worker process died (killed, or out of memory); nothing was written") from None


def _stop(pool: Any, pending: deque, earlier: set) -> None:
    """End a pool early without waiting for the tasks in flight: cancel the queued ones and
    terminate the workers (which keep SIGTERM's default action, so they end at once). The
    workers are the processes started since the pool was made, not only those the pool has
    recorded: an interrupt can arrive between a worker's start and its recording, and
    multiprocessing joins every child at exit, so that a worker left waiting for work would
    keep the run from ending."""
    import multiprocessing

    for future in pending:
        future.cancel()
    workers = set((getattr(pool, "_processes", None) or {}).values())
    workers |= set(multiprocessing.active_children()) - earlier
    for process in workers:
        try:
            process.terminate()
        except (OSError, AttributeError, ValueError):
            pass
    for process in workers:
        try:
            process.join(5)
            if process.exitcode is None:
                process.kill()
                process.join()
        except (OSError, AttributeError, ValueError, AssertionError):
            pass
    # A worker terminated while sending a result leaves half a message in the result pipe, and
    # the pool's thread waits for the rest for ever; with every worker gone, closing the
    # parent's (unused) writing end turns that wait into end-of-file, which the pool handles.
    try:
        pool._result_queue._writer.close()
    except (AttributeError, OSError):
        pass
    pool.shutdown(wait=True, cancel_futures=True)


def _worker_signals() -> None:
    """A worker's signal handling. Ctrl-C reaches the whole process group; the parent alone
    handles it (it stops the pool), so that the workers do not each print a traceback. SIGTERM
    gets back its default action: a forked worker would otherwise inherit the parent's handler
    (``nlp.cli.exit_with`` turns SIGTERM into ``SystemExit``), which a worker may catch or be
    deaf to mid-task, so that stopping it could hang the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# --- a batch of texts → Arrow columns ------------------------------------------------------------

@lru_cache(maxsize=1)
def tag_schema() -> "pyarrow.Schema":
    """The columns :func:`tag_batch` adds. One row per document; the ``paragraph_*`` and
    ``entity_*`` lists are parallel (the layout of token-classification datasets), offsets are
    code points into the row's text. ``paragraph_section`` is the title of the innermost section
    ("" before the first heading). ``entity_value`` is the normalised value — yuan for AMOUNT,
    percent points for PERCENT, null for EXP_CODE — as an exact ``decimal128(38, 6)`` (the
    README's value rule: never a float), and ``entity_value_str`` the same exact decimal as a
    string (the only one where a value has more than 6 decimal places, which ``entity_value``
    then leaves null); ``entity_code`` the classification code of an EXP_CODE (null for the
    others, or when unresolved). ``error`` is null, or why the row was not tagged (its text is
    missing)."""
    import pyarrow as pa

    ints, strings = pa.list_(pa.int64()), pa.list_(pa.string())
    decimals = pa.list_(pa.decimal128(*VALUE_DECIMAL))
    return pa.schema([
        ("length", pa.int64()),
        ("paragraph_start", ints), ("paragraph_end", ints), ("paragraph_kind", strings),
        ("paragraph_label", strings), ("paragraph_section", strings), ("paragraph_text", strings),
        ("entity_label", strings), ("entity_start", ints), ("entity_end", ints), ("entity_text", strings),
        ("entity_value", decimals), ("entity_value_str", strings), ("entity_code", strings),
        ("error", pa.string()),
    ])


def tag_batch(batch: Mapping[str, Any], text_column: str = "text", id_column: str = "id") -> "pyarrow.Table":
    """Tag a batch of documents: ``batch[text_column]`` holds the texts (a list, a pandas
    Series or an Arrow array). Returns an Arrow table of the id column (when the batch has one)
    and the :func:`tag_schema` columns — always the same types, so that batches tagged in
    different processes or machines concatenate (inferred types would not: a batch without a
    single EXP_CODE has no string to type ``entity_code`` by)::

        tagged = dataset.map(tag_batch, batched=True, num_proc=4)   # columns: id + tag columns

    A table returned to ``Dataset.map`` replaces the batch's columns; the text stays in the
    original dataset (``datasets.concatenate_datasets([dataset, tagged.remove_columns("id")], axis=1)``
    puts them side by side).
    """
    import pyarrow as pa

    schema = tag_schema()
    rows = [_tag_row(text) for text in _values(batch[text_column])]
    table = pa.Table.from_pydict({name: [row[name] for row in rows] for name in schema.names}, schema=schema)
    if id_column in getattr(batch, "column_names", batch):    # Arrow batches name their columns there
        table = table.add_column(0, id_column, pa.array(_values(batch[id_column])))
    return table


def _values(column: Any) -> list:
    """A column as a Python list, whether it came as a list, a pandas Series or Arrow data."""
    return column.to_pylist() if hasattr(column, "to_pylist") else list(column)


def _tag_row(text: Any) -> dict[str, Any]:
    if not isinstance(text, str):        # None, or pandas' NaN for a missing value
        empty = {name: [] for name in tag_schema().names}
        return empty | {"length": 0, "error": f"no text (a {type(text).__name__}, not a str)"}
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:       # Arrow strings are UTF-8, which cannot hold one
        empty = {name: [] for name in tag_schema().names}
        return empty | {"length": len(text), "error": f"not valid Unicode: a lone surrogate "
                                                       f"U+{ord(surrogate.group()):04X} at offset {surrogate.start()}"}
    doc = tag_text(text)
    titles = {sid: path[-1] if path else "" for sid, path in section_paths(doc.sections).items()}
    return {
        "length": len(text),
        "paragraph_start": [p.start for p in doc.paragraphs],
        "paragraph_end": [p.end for p in doc.paragraphs],
        "paragraph_kind": [p.kind for p in doc.paragraphs],
        "paragraph_label": [lab.label for lab in doc.labels],
        "paragraph_section": [titles[p.section] for p in doc.paragraphs],
        "paragraph_text": [text[p.start:p.end] for p in doc.paragraphs],
        "entity_label": [e.label for e in doc.entities],
        "entity_start": [e.start for e in doc.entities],
        "entity_end": [e.end for e in doc.entities],
        "entity_text": [e.text for e in doc.entities],
        "entity_value": [_decimal(e.attrs.get("value")) for e in doc.entities],
        "entity_value_str": [_decimal_str(e.attrs.get("value")) for e in doc.entities],
        "entity_code": [e.attrs.get("code") for e in doc.entities],
        "error": None,
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


VALUE_DECIMAL = (38, 6)
"""Precision and scale of ``entity_value``: 32 integer digits, 6 decimal places (as nlp.frames)."""


def _decimal(value: Any) -> Any:
    """The core's exact Decimal, or None where ``decimal128(38, 6)`` cannot hold it exactly
    (its exact string is in ``entity_value_str``)."""
    if value is None:
        return None
    precision, scale = VALUE_DECIMAL
    if abs(value) >= Decimal(10) ** (precision - scale) or value != value.quantize(Decimal(1).scaleb(-scale)):
        return None
    return value


def _decimal_str(value: Any) -> str | None:
    return None if value is None else str(value)
