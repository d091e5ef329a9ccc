"""Check the gold entity files against the corpus and print counts per document and label.

    python annotations/check_gold.py            # from the repository root

Checks, for every record in annotations/gold/entities/*.jsonl:
  * the document exists and text[start:end] == record["text"] (offsets are Python code points
    into the text decoded as UTF-8 with newline="", a leading BOM removed);
  * required keys per label, records sorted by start, no duplicates, no overlapping spans of
    the same label;
  * AMOUNT value recomputed from the span (number x unit, exact decimals), PERCENT value
    recomputed, EXP_CODE code shape and level consistent with the number of names.
Exit status 1 if any check fails. Standard library only.
"""
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "annotations" / "gold" / "entities"
LABELS = ("AMOUNT", "PERCENT", "EXP_CODE")
COMMON = {"doc_id", "label", "start", "end", "text", "annotator", "method"}
KEYS = {
    "AMOUNT": {"value", "unit"},
    "PERCENT": {"value"},
    "EXP_CODE": {"code", "scheme", "level", "names"},
}
OPTIONAL = {"PERCENT": {"comparator"}}
MULT = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}
FW = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def number(d):
    d = d.normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def amount_value(span):
    m = re.fullmatch(r"([0-9０-９,，.．]+)[\s_]*([千万亿]?)\s*元", span)
    if not m:
        return None
    digits = m.group(1).translate(FW).replace(",", "")
    return number(Decimal(digits) * MULT[m.group(2) + "元"])


def percent_value(span):
    m = re.fullmatch(r"([0-9０-９.．]+)\s*(?:%|％|\(%\)|（%）)", span)
    return number(Decimal(m.group(1).translate(FW))) if m else None


def main():
    errors = []
    counts = {}
    for path in sorted(GOLD.glob("*.jsonl")):
        doc = path.stem
        src = CORPUS / (doc + ".txt")
        if not src.exists():
            errors.append(f"{doc}: no corpus document")
            continue
        text = read_text(src)
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts[doc] = Counter(r["label"] for r in recs)
        seen = set()
        last = {}
        prev_start = -1
        for n, r in enumerate(recs, 1):
            where = f"{doc}:{n}"
            lab = r.get("label")
            if lab not in LABELS:
                errors.append(f"{where}: unknown label {lab}")
                continue
            keys = set(r)
            missing = (COMMON | KEYS[lab]) - keys
            extra = keys - COMMON - KEYS[lab] - OPTIONAL.get(lab, set())
            if missing or extra:
                errors.append(f"{where}: missing {sorted(missing)} extra {sorted(extra)}")
            if r["doc_id"] != doc:
                errors.append(f"{where}: doc_id {r['doc_id']}")
            s, e = r["start"], r["end"]
            if text[s:e] != r["text"]:
                errors.append(f"{where}: text mismatch {text[s:e]!r} != {r['text']!r}")
            if s < prev_start:
                errors.append(f"{where}: not sorted by start")
            prev_start = s
            key = (lab, s, e)
            if key in seen:
                errors.append(f"{where}: duplicate {key}")
            seen.add(key)
            if lab in last and s < last[lab]:
                errors.append(f"{where}: overlaps previous {lab}")
            last[lab] = max(last.get(lab, 0), e)
            if lab == "AMOUNT" and amount_value(r["text"]) != r["value"]:
                errors.append(f"{where}: value {r['value']} != {amount_value(r['text'])}")
            if lab == "PERCENT" and percent_value(r["text"]) != r["value"]:
                errors.append(f"{where}: value {r['value']} != {percent_value(r['text'])}")
            if lab == "EXP_CODE":
                depth = len(r["names"])
                if r["level"] != "类款项"[max(depth, 1) - 1] and depth:
                    errors.append(f"{where}: level {r['level']} vs {depth} names")
                if r["code"] is not None and len(r["code"]) != {"类": 3, "款": 5, "项": 7}[r["level"]]:
                    errors.append(f"{where}: code {r['code']} vs level {r['level']}")
                if r["scheme"] not in ("functional", "economic"):
                    errors.append(f"{where}: scheme {r['scheme']}")
    total = Counter()
    print(f"{'doc_id':<26}" + "".join(f"{lab:>10}" for lab in LABELS) + f"{'total':>8}")
    for doc, c in counts.items():
        total.update(c)
        print(f"{doc:<26}" + "".join(f"{c[lab]:>10}" for lab in LABELS) + f"{sum(c.values()):>8}")
    print(f"{'all':<26}" + "".join(f"{total[lab]:>10}" for lab in LABELS) + f"{sum(total.values()):>8}")
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
