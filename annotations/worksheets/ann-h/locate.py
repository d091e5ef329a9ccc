"""ann-h worksheet tool: turn my hand-written heading lists (NNN.headings) into gold JSONL.

    python annotations/worksheets/ann-h/locate.py            # all five worksheets

Worksheet line format (one heading per line, in document order):

    <line> <level> <marker|-> | <title as read> [# note]

``line`` is the 1-based line number where the heading starts, ``level`` its depth in the section
tree (decided by reading), ``marker`` the numbering as written (``-`` for an unnumbered heading).
A heading that wraps onto the next line is written ``<line>+1``. What is a heading, its level and
its marker are my decisions; this script only finds the offsets: the span runs from the first to
the last non-space character of the line(s), and the script stops if the text there is not
``marker + title`` (whitespace ignored), so a typo or a wrong line number cannot slip through.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CORPUS = ROOT / "corpus"
OUT = ROOT / "annotations" / "gold" / "headings"
ROW = re.compile(r"(\d+)(\+1)? (\d+) (\S+) \| ([^#]+?)\s*(?:#\s*(.*))?$")


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def squeeze(s):
    return re.sub(r"\s+", "", s)


def build(worksheet):
    doc = next(p.stem for p in CORPUS.glob(worksheet.stem + "_*.txt"))
    text = read_text(CORPUS / (doc + ".txt"))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    records = []
    for raw in worksheet.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        m = ROW.fullmatch(raw)
        assert m, f"bad worksheet line: {raw!r}"
        line, wraps, level, marker, title, note = m.groups()
        line, level = int(line), int(level)
        marker = "" if marker == "-" else marker
        last = line + (1 if wraps else 0)
        region_start = starts[line - 1]
        region_end = starts[last] - 1 if last < len(starts) else len(text)
        region = text[region_start:region_end]
        start = region_start + (len(region) - len(region.lstrip()))
        end = region_start + len(region.rstrip())
        span = text[start:end]
        assert squeeze(span) == squeeze(marker + title), f"{doc}:{line}: {span!r} != {marker + title!r}"
        assert span.startswith(marker), f"{doc}:{line}: marker {marker!r} not at the start of {span!r}"
        rec = {"doc_id": doc, "start": start, "end": end, "text": span, "level": level,
               "marker": marker, "annotator": "ann-h", "method": "manual"}
        if note:
            rec["note"] = note
        records.append(rec)
    return doc, records


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for worksheet in sorted(HERE.glob("*.headings")):
        doc, records = build(worksheet)
        with open(OUT / (doc + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for rec in records:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{doc}: {len(records)} headings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
