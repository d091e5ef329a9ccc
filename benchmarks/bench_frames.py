"""nlp.frames against pd.json_normalize on the same JSON Lines: 5,000 tagged documents.

The PDFs of ../shared/pdf-corpus are tagged once to JSON Lines (cached in the work folder),
the records repeated with new doc_ids up to --documents, and then each way of getting
analysis-ready frames runs in a fresh process whose time and peak RSS
(``resource.getrusage``) are measured:

- ``json_normalize``: every record loaded, ``pd.json_normalize`` of paragraphs and entities
  (what a user does today: no paragraph text, no paragraph id on entities);
- ``frames (DataFrames)``: ``nlp.frames.paragraphs`` and ``nlp.frames.entities`` (with text,
  section paths, the paragraph and sentence of every entity) held in memory;
- ``frames.to_parquet``: all four frames written to Parquet in one streaming pass.

    python benchmarks/bench_frames.py                      # 5,000 documents
    python benchmarks/bench_frames.py --documents 500      # quicker

Nothing is written into the repository: the work folder defaults to ./bench-frames-work.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "pdf-corpus"

MEASURE = r"""
import json, resource, sys, time
started = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows}}))
"""

WAYS = {
    "json_normalize (paragraphs + entities)": """
import pandas as pd
with open(sys.argv[1], encoding="utf-8") as f:
    records = [json.loads(line) for line in f]
paragraphs = pd.json_normalize(records, record_path="paragraphs", meta=["doc_id"])
entities = pd.json_normalize(records, record_path="entities", meta=["doc_id"])
rows = {"paragraphs": len(paragraphs), "entities": len(entities)}
""",
    "nlp.frames paragraphs + entities (DataFrames)": """
from nlp import frames
paragraphs = frames.paragraphs(sys.argv[1])
entities = frames.entities(sys.argv[1])
rows = {"paragraphs": len(paragraphs), "entities": len(entities)}
""",
    "nlp.frames.to_parquet (all four frames, streaming)": """
import pyarrow.parquet as pq
from nlp import frames
paths = frames.to_parquet(sys.argv[1], sys.argv[2])
rows = {name: pq.ParquetFile(path).metadata.num_rows for name, path in paths.items()}
""",
}


def tag_corpus(work: Path) -> Path:
    tagged = work / "pdf-corpus.jsonl"
    if not tagged.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nlp.tag", str(CORPUS), "--format", "jsonl", "--jobs", "0",
                        "--quiet", "--output", str(tagged)], cwd=ROOT, check=False)
        print(f"tagged {CORPUS} in {time.perf_counter() - started:.0f} s → {tagged}", file=sys.stderr)
    return tagged


def repeat(tagged: Path, documents: int, work: Path) -> Path:
    lines = [line for line in tagged.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = work / f"repeated-{documents}.jsonl"
    if not out.exists():
        with open(out, "w", encoding="utf-8") as f:
            for i in range(documents):
                record = json.loads(lines[i % len(lines)])
                record["doc_id"] = f"{record['doc_id']}#{i // len(lines)}"
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def measure(body: str, jsonl: Path, work: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-c", MEASURE.format(body=body), str(jsonl), str(work / "parquet")],
                            capture_output=True, text=True, env=env, cwd=work)
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--work", type=Path, default=Path("bench-frames-work"))
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is not there; this benchmark needs the PDF corpus beside the repository")
    args.work.mkdir(parents=True, exist_ok=True)
    work = args.work.resolve()
    jsonl = repeat(tag_corpus(work), args.documents, work)
    size = jsonl.stat().st_size / 1e6
    print(f"{args.documents} documents, {size:,.0f} MB of JSON Lines ({os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f})\n")
    print("| way | seconds | peak RSS (MB) | rows |\n|---|---:|---:|---|")
    for name, body in WAYS.items():
        m = measure(body, jsonl, work)
        rows = ", ".join(f"{k} {v:,}" for k, v in m["rows"].items())
        print(f"| {name} | {m['seconds']:.1f} | {m['peak_mb']:,.0f} | {rows} |", flush=True)


if __name__ == "__main__":
    main()
