"""Speed and memory of budget-nlp next to its peers, measured in one run and printed as one report.

    python benchmarks/bench_suite.py [--quick] [--megabytes 1] [--repeat 3] [--runs 7]

1. Throughput, MB/s of UTF-8 text on one core, of each stage — read/decode, segment, entities,
   classify — and end to end (decode, tag, JSON record: the per-document work of
   ``nlp.tag --format jsonl``), on four text sets: the seed corpus, the PDF-extracted texts of
   ``../shared/pdf-text`` (when present), and synthetic documents of both shapes
   (``benchmarks/synthetic.py``). Each set is repeated to ``--megabytes`` and tagged one
   document at a time, best of ``--repeat``. Classify is timed as the tag path's labelling step
   alone (``nlp.pipeline._labels`` with the default labeller, on the segmented text): the
   difference of two whole ``tag_text`` timings is noise now that labels are cheap. The peers
   run on the same texts: JioNLP ``extract_money`` (the optional ``bench`` extra), jieba
   ``lcut``, spaCy's Chinese tokenizer with the jieba segmenter.
2. Whole process: ``python -m nlp.tag`` on the largest seed document against a bare
   ``python -c pass``, median of ``--runs``.
3. Peak memory (max RSS from ``os.wait4``) of ``python -m nlp.tag DOCS --format jsonl --output``
   for 1, 10, 100 and 1,000 synthetic documents, and the wall time of ``--jobs 1`` against
   ``--jobs 2`` on the largest set.
4. The SPEC §7 targets, met or missed.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import synthetic
from nlp.adapters import writers
from nlp.entities import find_entities
from nlp.paragraphs.linear_model import default_model
from nlp.pipeline import _labels, section_paths, tag_text
from nlp.read import decode
from nlp.segment import segment

REPO = Path(__file__).resolve().parents[1]
PDF_TEXT = REPO.parent / "shared" / "pdf-text"
SYNTHETIC_VARIETY = 40
"""At most this many distinct synthetic documents per shape in a throughput set (then repeated)."""


@dataclass(frozen=True)
class TextSet:
    name: str
    files: list[bytes]     # each document's bytes as stored
    texts: list[str]       # the same documents decoded

    @property
    def megabytes(self) -> float:
        return sum(len(text.encode("utf-8")) for text in self.texts) / 1e6


def text_sets(megabytes: float) -> list[TextSet]:
    sets = [_from_files("seeds", sorted((REPO / "corpus").glob("*.txt")), megabytes)]
    if PDF_TEXT.is_dir():
        sets.append(_from_files("pdf-text", sorted(PDF_TEXT.glob("*.txt")), megabytes))
    for shape in synthetic.SHAPES:
        files, size = [], 0
        for _, text in synthetic.documents(SYNTHETIC_VARIETY, shape, seed=1):
            files.append(text.encode("utf-8"))
            size += len(files[-1])
            if size >= megabytes * 1e6:
                break
        sets.append(_repeated(f"synthetic {shape}", files, megabytes))
    return sets


def _from_files(name: str, paths: list[Path], megabytes: float) -> TextSet:
    return _repeated(name, [path.read_bytes() for path in paths], megabytes)


def _repeated(name: str, files: list[bytes], megabytes: float) -> TextSet:
    texts = [decode(data)[0] for data in files]
    size = sum(len(text.encode("utf-8")) for text in texts)
    copies = max(1, round(megabytes * 1e6 / size))
    return TextSet(name, files * copies, texts * copies)


# --- 1. throughput -------------------------------------------------------------------------------

def seconds(function: Callable[[object], object], items: Sequence, repeat: int) -> float:
    """Best wall time of ``repeat`` passes of ``function`` over ``items``, one at a time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - started)
    return best


def end_to_end(data: bytes) -> str:
    text, encoding = decode(data)
    return writers.to_json(tag_text(text, encoding=encoding))


def stage_rates(texts: TextSet, repeat: int) -> dict[str, float]:
    """Stage name → MB/s on ``texts``."""
    size = texts.megabytes
    labeller = default_model()
    segmented = [(text, paragraphs, section_paths(sections)) for text in texts.texts
                 for sections, paragraphs, _ in [segment(text)]]
    labelling = seconds(lambda item: _labels(*item, labeller), segmented, repeat)
    return {
        "read/decode": size / seconds(decode, texts.files, repeat),
        "segment": size / seconds(segment, texts.texts, repeat),
        "entities": size / seconds(find_entities, texts.texts, repeat),
        "classify": size / labelling,
        "end to end (decode + tag + JSON)": size / seconds(end_to_end, texts.files, repeat),
    }


def peers() -> tuple[dict[str, Callable[[str], object]], list[str]]:
    """Name → tokenise/extract function of each installed peer, and notes on the missing ones."""
    found: dict[str, Callable[[str], object]] = {}
    notes = []
    try:
        with contextlib.redirect_stdout(io.StringIO()):     # it greets on import
            import jionlp
        found["JioNLP extract_money"] = lambda text: jionlp.ner.extract_money(text, with_parsing=True)
    except ImportError:
        notes.append("JioNLP not installed (pip install -e '.[bench]'): its row is skipped")
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    found["jieba lcut"] = jieba.lcut
    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer",
                                                          "segmenter": "jieba"}}})
    found["spaCy zh tokenizer (jieba)"] = nlp.make_doc
    return found, notes


# --- 2. and 3. whole processes ------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    status: int
    stderr: str


LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
                  errors.decode(errors="replace")]))
"""
"""Runs one command and reports its wall time, peak RSS and exit status. A child's peak RSS
counts the memory it had before ``exec``, which is a copy of its parent's: spawned from this
benchmark (spaCy, jieba and JioNLP loaded), every child would look 200 MB large. Spawned from
this small launcher, the measured process starts from a bare interpreter's size."""


def run_process(command: list[str]) -> Run:
    """Wall time, peak resident memory (``wait4``'s ``ru_maxrss``, Linux: kB) and exit status."""
    launched = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, cwd=REPO,
                              check=True)
    elapsed, max_rss_kb, status, errors = json.loads(launched.stdout)
    return Run(elapsed, max_rss_kb / 1024, status, errors)


def startup(document: Path, runs: int) -> tuple[float, float]:
    """Median seconds of a bare interpreter and of a whole ``nlp.tag`` process, runs interleaved."""
    bare, tag = [], []
    for _ in range(runs):
        bare.append(run_process([sys.executable, "-c", "pass"]).seconds)
        tag.append(_checked(run_process([sys.executable, "-m", "nlp.tag", str(document)])).seconds)
    return statistics.median(bare), statistics.median(tag)


def tag_files(paths: list[Path], output: Path, jobs: int = 1) -> Run:
    command = [sys.executable, "-m", "nlp.tag", *map(str, paths), "--format", "jsonl", "--output", str(output),
               "--quiet", "--jobs", str(jobs)]
    return _checked(run_process(command))


def _checked(run: Run) -> Run:
    if run.status != 0:
        raise SystemExit(f"a benchmarked process failed (exit {run.status}):\n{run.stderr}")
    return run


def megabytes_of(paths: list[Path]) -> float:
    return sum(len(decode(path.read_bytes())[0].encode("utf-8")) for path in paths) / 1e6


# --- the report ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="up to 100 documents, 0.3 MB sets, fewer repeats")
    parser.add_argument("--megabytes", type=float, help="size of each throughput set (default 1, quick 0.3)")
    parser.add_argument("--repeat", type=int, help="timed passes per stage, best kept (default 3, quick 1)")
    parser.add_argument("--runs", type=int, help="whole-process runs, median kept (default 7, quick 3)")
    parser.add_argument("--sizes", help="document counts for memory, comma-separated (default 1,10,100,1000)")
    args = parser.parse_args(argv)
    megabytes = args.megabytes or (0.3 if args.quick else 1.0)
    repeat = args.repeat or (1 if args.quick else 3)
    runs = args.runs or (3 if args.quick else 7)
    sizes = [int(n) for n in (args.sizes or ("1,10,100" if args.quick else "1,10,100,1000")).split(",")]

    print(f"budget-nlp benchmark suite — {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.2f} at the start\n")
    sets = text_sets(megabytes)
    rates = {s.name: stage_rates(s, repeat) for s in sets}
    peer_functions, notes = peers()
    for name, function in peer_functions.items():
        for s in sets:
            rates[s.name][name] = s.megabytes / seconds(function, s.texts, repeat)
    rows = list(next(iter(rates.values())))
    print(f"### Throughput, MB/s of UTF-8 text (one core, one document at a time, best of {repeat}; "
          f"each set repeated to ~{megabytes:g} MB)\n")
    print("| | " + " | ".join(s.name for s in sets) + " |")
    print("|---|" + "---:|" * len(sets))
    for row in rows:
        print(f"| {row} | " + " | ".join(f"{rates[s.name][row]:.2f}" for s in sets) + " |")
    for note in notes:
        print(f"\n{note}")

    seed = max((REPO / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    bare, tag = startup(seed, runs)
    print(f"\n### Whole process (median of {runs} runs)\n")
    print("| command | seconds |\n|---|---:|")
    print(f"| `python -c pass` | {bare:.3f} |")
    print(f"| `python -m nlp.tag corpus/{seed.name}` ({seed.stat().st_size / 1e3:.0f} kB) | {tag:.3f} |")
    print(f"\n`nlp.tag` takes {tag / bare:.1f}× a bare interpreter start, {tag - bare:.3f} s more.")

    with tempfile.TemporaryDirectory() as scratch:
        paths = synthetic.write(Path(scratch) / "docs", max(sizes))
        output = Path(scratch) / "out.jsonl"
        print("\n### `python -m nlp.tag DOCS --format jsonl --output out.jsonl` "
              "(synthetic documents, clean and pdf shapes alternating)\n")
        print("| documents | MB of text | seconds | MB/s | peak RSS (MB) |\n|---:|---:|---:|---:|---:|")
        memory = {}
        for n in sizes:
            run = tag_files(paths[:n], output)
            size = megabytes_of(paths[:n])
            memory[n] = run.peak_rss_mb
            print(f"| {n} | {size:.2f} | {run.seconds:.2f} | {size / run.seconds:.2f} | {run.peak_rss_mb:.0f} |")
        largest = paths[:max(sizes)]
        size = megabytes_of(largest)
        timed = {1: float("inf"), 2: float("inf")}
        for _ in range(repeat):                            # interleaved: both see the same load
            for jobs in timed:
                timed[jobs] = min(timed[jobs], tag_files(largest, output, jobs).seconds)
        print(f"\n### `--jobs` on {len(largest)} documents ({size:.1f} MB, best of {repeat})\n")
        print("| --jobs | seconds | MB/s | speed-up |\n|---:|---:|---:|---:|")
        for jobs, elapsed in timed.items():
            print(f"| {jobs} | {elapsed:.2f} | {size / elapsed:.2f} | {timed[1] / elapsed:.2f}× |")

    end_to_end_rate = min(r["end to end (decode + tag + JSON)"] for r in rates.values())
    entity_rate = min(r["entities"] for r in rates.values())
    counts = sorted(memory)
    growth = memory[counts[-1]] / memory[counts[1] if len(counts) > 1 else counts[0]]
    print(f"\n### SPEC §7 targets (load average {os.getloadavg()[0]:.2f} at the end)\n")
    for target, value, met in (
        ("end to end ≥ 2 MB/s per core, incl. classification (slowest set)", f"{end_to_end_rate:.2f} MB/s",
         end_to_end_rate >= 2),
        ("entity extraction alone ≥ 20 MB/s (slowest set)", f"{entity_rate:.1f} MB/s", entity_rate >= 20),
        ("whole process on a seed document ≤ 0.5 s", f"{tag:.3f} s", tag <= 0.5),
        (f"memory flat in the number of documents (peak RSS at {counts[-1]} docs within 10% of "
         f"{counts[1] if len(counts) > 1 else counts[0]})", f"×{growth:.2f}", growth <= 1.1),
        ("--jobs 2 faster than --jobs 1", f"×{timed[1] / timed[2]:.2f}", timed[2] < timed[1]),
    ):
        print(f"- {'met   ' if met else 'MISSED'} {target}: {value}")


if __name__ == "__main__":
    main()
