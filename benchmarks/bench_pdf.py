"""PDF throughput: pages per second for text extraction (pypdfium2, as nlp.read.pdf does it) and
for PDF → tagged JSON (the whole tag path), against pdfplumber's ``extract_text`` on the same
files in the same run. One process, one core.

    python benchmarks/bench_pdf.py [FOLDER] [--plumber-files N]

FOLDER defaults to ../shared/pdf-corpus (its ``bad/`` files are skipped). pdfplumber is slow,
so it runs on the first N files (default 20; 0 = all) and its rate is per page of those.
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.adapters.writers import to_json  # noqa: E402
from nlp.pipeline import tag_text  # noqa: E402
from nlp.read.pdf import read_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "pdf-corpus"))
    parser.add_argument("--plumber-files", type=int, default=20)
    args = parser.parse_args()
    files = sorted(p for p in Path(args.folder).rglob("*.pdf") if "bad" not in p.parts)
    pages = 0
    started = time.perf_counter()
    texts = []
    for path in files:
        extracted = read_pdf(path, None)
        pages += len(extracted.pages)
        texts.append((path, extracted))
    extraction = time.perf_counter() - started
    started = time.perf_counter()
    for path in files:
        extracted = read_pdf(path, None)
        to_json(tag_text(extracted.text, path.stem, str(path), "pdf", pages=extracted.pages))
    whole = time.perf_counter() - started
    import pdfplumber

    subset = files[:args.plumber_files] if args.plumber_files else files
    plumber_pages = 0
    started = time.perf_counter()
    for path in subset:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                plumber_pages += 1
    plumber = time.perf_counter() - started
    print(f"{len(files)} PDFs, {pages} pages")
    print(f"pypdfium2 text layer (nlp.read.pdf):  {pages / extraction:8.0f} pages/s")
    print(f"PDF -> tagged JSON (nlp.tag path):    {pages / whole:8.0f} pages/s")
    print(f"pdfplumber extract_text ({len(subset)} files, {plumber_pages} pages): {plumber_pages / plumber:8.0f} pages/s")


if __name__ == "__main__":
    main()
