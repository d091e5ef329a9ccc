"""Check the gold files against the corpus and print counts per document.

    python -m annotations.check_gold            # from the repository root

Checks, for every record in annotations/gold/entities/*.jsonl:
  * the document exists and text[start:end] == record["text"] (offsets are Python code points
    into the text decoded as UTF-8 with newline="", a leading BOM removed);
  * required keys per label, records sorted by start, no duplicates, no overlapping spans of
    the same label;
  * AMOUNT value recomputed from the span (number x unit, exact decimals), PERCENT value
    recomputed, EXP_CODE code shape and level consistent with the number of names, and the
    names exactly as written (the text between the markers of the chain, GUIDELINES B.4).
For annotations/gold/paragraphs/*.jsonl: keys, offsets, label and kind vocabularies, sorted,
no overlaps. For annotations/gold/headings/*.jsonl: keys, offsets, no whitespace at either end
of the span, the marker opens the span, sorted, no overlaps, level >= 1 and nesting (the first
heading is level 1 and a level-n heading follows a heading of level >= n-1, so every level-n
heading has a level n-1 heading above it). Across the three: every corpus document has
entity, paragraph and heading gold; headings and paragraphs never overlap and together cover
every non-whitespace character of the text (SPEC §2); every entity lies inside one paragraph.
Exit status 1 if any check fails. The vocabularies (entity labels, paragraph labels and kinds,
code schemes) are the package's own (nlp.model, nlp.entities.expenditure_codes): run it where
the package is importable (installed, or ``python -m annotations.check_gold`` from the root).
Values are recomputed here independently of the tagger. tests/test_gold.py runs every check.
"""
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from nlp.entities.expenditure_codes import SCHEMES
from nlp.model import ENTITY_LABELS as LABELS, PARAGRAPH_KINDS, PARAGRAPH_LABELS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD_ROOT = ROOT / "annotations" / "gold"
GOLD = GOLD_ROOT / "entities"
COMMON = {"doc_id", "label", "start", "end", "text", "annotator", "method"}
PARAGRAPH_KEYS = {"doc_id", "start", "end", "kind", "text", "label", "annotator", "method"}
HEADING_KEYS = {"doc_id", "start", "end", "text", "level", "marker", "annotator", "method"}
MARKER = re.compile(r"[（(]([0-9]*)([类款项]?)[）)]")
KEYS = {
    "AMOUNT": {"value", "unit"},
    "PERCENT": {"value"},
    "EXP_CODE": {"code", "scheme", "level", "names"},
}
OPTIONAL = {"PERCENT": {"comparator", "note"}, "AMOUNT": {"note"}, "EXP_CODE": {"note"}}
MULT = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}
FW = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def number(d):
    d = d.normalize()
    return int(d) if d == d.to_integral_value() else float(d)


MINUS = "-\u2212\uff0d"   # a minus before the number is inside the span (GUIDELINES B.4 rule 2)


def amount_value(span):
    m = re.fullmatch(rf"([{MINUS}]?)([0-9０-９,，.．]+)[\s_]*([千万亿]?)\s*元", span)
    if not m:
        return None
    digits = m.group(2).translate(FW).replace(",", "")
    value = Decimal(digits) * MULT[m.group(3) + "元"]
    return number(-value if m.group(1) and value else value)


def percent_value(span):
    m = re.fullmatch(rf"([{MINUS}]?)([0-9０-９.．]+)\s*(?:%|％|\(%\)|（%）)", span)
    if not m:
        return None
    value = Decimal(m.group(2).translate(FW))
    return number(-value if m.group(1) and value else value)


def chain_names(span):
    """The names of an EXP_CODE chain as written: the text before each code/level marker."""
    names, pos = [], 0
    for m in MARKER.finditer(span):
        if m.group(1) or m.group(2):
            names.append(span[pos:m.start()])
            pos = m.end()
    return names


def load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_spans(doc, text, recs, keys, errors, kind):
    """Keys, doc_id, offsets, order, duplicates and overlaps of non-overlapping span records."""
    prev_end = 0
    prev_start = -1
    for n, r in enumerate(recs, 1):
        where = f"{kind} {doc}:{n}"
        missing, extra = keys - set(r), set(r) - keys - {"note"}
        if missing or extra:
            errors.append(f"{where}: missing {sorted(missing)} extra {sorted(extra)}")
            continue
        if r["doc_id"] != doc:
            errors.append(f"{where}: doc_id {r['doc_id']}")
        s, e = r["start"], r["end"]
        if not (0 <= s < e <= len(text)) or text[s:e] != r["text"]:
            errors.append(f"{where}: text mismatch {text[s:e]!r} != {r['text']!r}")
        if s < prev_start:
            errors.append(f"{where}: not sorted by start")
        elif s < prev_end:
            errors.append(f"{where}: overlaps the previous record")
        prev_start, prev_end = s, max(prev_end, e)
        if not r["annotator"] or not r["method"]:
            errors.append(f"{where}: no provenance")


def check_paragraphs(doc, text, recs, errors):
    check_spans(doc, text, recs, PARAGRAPH_KEYS, errors, "paragraph")
    for n, r in enumerate(recs, 1):
        if r.get("label") not in PARAGRAPH_LABELS or r.get("kind") not in PARAGRAPH_KINDS:
            errors.append(f"paragraph {doc}:{n}: label {r.get('label')!r} kind {r.get('kind')!r}")


def check_headings(doc, text, recs, errors):
    check_spans(doc, text, recs, HEADING_KEYS, errors, "heading")
    if not recs:
        errors.append(f"heading {doc}: no headings")
    previous = 0
    for n, r in enumerate(recs, 1):
        where = f"heading {doc}:{n}"
        span, level = r.get("text", ""), r.get("level")
        if span != span.strip():
            errors.append(f"{where}: whitespace at an end of {span!r}")
        if not span.startswith(r.get("marker", "")):
            errors.append(f"{where}: marker {r.get('marker')!r} does not open {span!r}")
        if not isinstance(level, int) or level < 1:
            errors.append(f"{where}: level {level!r}")
            continue
        if level > previous + 1:
            errors.append(f"{where}: level {level} after level {previous} ({span!r} has no level-{level - 1} parent)")
        previous = level


def check_coverage(doc, text, paragraphs, headings, errors):
    """SPEC §2: headings and paragraphs never overlap and cover every non-space character."""
    owner = [None] * len(text)
    for kind, recs in (("paragraph", paragraphs), ("heading", headings)):
        for r in recs:
            for i in range(max(0, r["start"]), min(len(text), r["end"])):
                if owner[i] is not None:
                    errors.append(f"{doc}: {kind} {r['text'][:20]!r} overlaps a {owner[i]} at {i}")
                    break
                owner[i] = kind
    gaps = [i for i, c in enumerate(text) if owner[i] is None and not c.isspace()]
    if gaps:
        line = text.count("\n", 0, gaps[0]) + 1
        errors.append(f"{doc}: {len(gaps)} non-space characters in no heading or paragraph, "
                      f"first at line {line}: {text[gaps[0]:gaps[0] + 20]!r}")


def check_structure(errors):
    """Paragraph and heading gold, and the coverage invariant, for every corpus document."""
    docs = sorted(p.stem for p in CORPUS.glob("*.txt"))
    counts = {}
    for kind in ("entities", "paragraphs", "headings"):
        present = {p.stem for p in (GOLD_ROOT / kind).glob("*.jsonl")}
        for doc in docs:
            if doc not in present:
                errors.append(f"{kind}: no gold for {doc}")
        for doc in sorted(present - set(docs)):
            errors.append(f"{kind}: {doc} is not a corpus document")
    for doc in docs:
        text = read_text(CORPUS / (doc + ".txt"))
        ppath, hpath = GOLD_ROOT / "paragraphs" / (doc + ".jsonl"), GOLD_ROOT / "headings" / (doc + ".jsonl")
        paragraphs = load(ppath) if ppath.exists() else []
        headings = load(hpath) if hpath.exists() else []
        check_paragraphs(doc, text, paragraphs, errors)
        check_headings(doc, text, headings, errors)
        check_coverage(doc, text, paragraphs, headings, errors)
        epath = GOLD / (doc + ".jsonl")
        for r in load(epath) if epath.exists() else []:
            if not any(p["start"] <= r["start"] and r["end"] <= p["end"] for p in paragraphs):
                errors.append(f"{doc}: {r['label']} {r['text']!r} at {r['start']} is not inside one gold paragraph")
        counts[doc] = (Counter(r["label"] for r in paragraphs), Counter(r["level"] for r in headings))
    return counts


def check_entities(errors):
    """Every entity gold file: vocabulary, keys, offsets, order, values, code chains. Returns the
    label counts per document."""
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
                if r["scheme"] not in SCHEMES:
                    errors.append(f"{where}: scheme {r['scheme']}")
                if r["names"] and r["names"] != chain_names(r["text"]):
                    errors.append(f"{where}: names {r['names']} not as written {chain_names(r['text'])}")
    return counts


def main():
    errors = []
    counts = check_entities(errors)
    total = Counter()
    print(f"{'doc_id':<26}" + "".join(f"{lab:>10}" for lab in LABELS) + f"{'total':>8}")
    for doc, c in counts.items():
        total.update(c)
        print(f"{doc:<26}" + "".join(f"{c[lab]:>10}" for lab in LABELS) + f"{sum(c.values()):>8}")
    print(f"{'all':<26}" + "".join(f"{total[lab]:>10}" for lab in LABELS) + f"{sum(total.values()):>8}")
    structure = check_structure(errors)
    print()
    print(f"{'doc_id':<26}" + "".join(f"{lab:>6}" for lab in PARAGRAPH_LABELS) + f"{'paras':>7}"
          + "".join(f"{'L' + str(n):>5}" for n in range(1, 6)) + f"{'heads':>7}")
    ptotal, htotal = Counter(), Counter()
    for doc, (labels, levels) in structure.items():
        ptotal.update(labels)
        htotal.update(levels)
        print(f"{doc:<26}" + "".join(f"{labels[lab]:>6}" for lab in PARAGRAPH_LABELS) + f"{sum(labels.values()):>7}"
              + "".join(f"{levels[n]:>5}" for n in range(1, 6)) + f"{sum(levels.values()):>7}")
    print(f"{'all':<26}" + "".join(f"{ptotal[lab]:>6}" for lab in PARAGRAPH_LABELS) + f"{sum(ptotal.values()):>7}"
          + "".join(f"{htotal[n]:>5}" for n in range(1, 6)) + f"{sum(htotal.values()):>7}")
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
