"""ann-h, guidelines v2: apply the adjudications of GUIDELINES Part D / A.6 rules 12-13 / B.4 to the
paragraph and entity gold. Idempotent; every touched record gets a ``note`` saying why.

    python annotations/worksheets/ann-h/adjudicate_v2.py

1. Paragraph records that are headings (open question b; GUIDELINES D.5) are removed from the
   paragraph gold -- they are in gold/headings/ now:
     002:131 （6）年度预算安排。   004:82 7）绩效目标和指标   004:89 综治专项经费及政务公开经费项目
     004:97 6）绩效目标和指标：
2. Lines that are neither a gold heading nor inside a gold paragraph, and are paragraphs by D.5
   rule 1 (cover / title lines), are added as 其他 paragraphs so that headings + paragraphs cover
   every non-space character (SPEC §2): 000:3, 001:3 (2024年部门预算编制说明), 003:615 (title of
   the attached evaluation report).
3. Open question (a): planned vehicle purchases in the 国有资产 section stay 其他 (A.6 rule 12);
   the four records get a note.
4. Open question (c): EXP_CODE names are kept as written when the 类 name is shortened
   (一般公共服务, 社会保障和就业, 卫生健康, 农林水, 住房保障); codes unchanged (B.4); those records
   get a note.
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "annotations" / "gold"
CORPUS = ROOT / "corpus"

REMOVE = {
    "002_626f1369946c4733": ["（6）年度预算安排。"],
    "004_11ca13e1048fbe42": ["7）绩效目标和指标", "综治专项经费及政务公开经费项目", "6）绩效目标和指标："],
}
ADD = {  # doc -> (line number, note)
    "000_244e0eb8d783b01e": [(3, "document title line (cover), not a heading (GUIDELINES D.5 rule 1) → 其他")],
    "001_95c4e0b3e63e821d": [(3, "document title line (cover), not a heading (GUIDELINES D.5 rule 1) → 其他")],
    "003_f799a21a4929daf1": [(615, "title line of the attached evaluation report under the heading 附件1, "
                                   "a cover line, not a heading (GUIDELINES D.5 rule 1) → 其他")],
}
VEHICLE_NOTE = ("adjudicated v2, open question (a): planned vehicle purchase stated in the 国有资产 section "
                "(asset-acquisition template, with large equipment) → 其他, not 三公 (A.6 rule 12)")
VEHICLE = {
    "000_244e0eb8d783b01e": "2024年单位预算未安排购置车辆及单位价值200万元以上大型设备。",
    "001_95c4e0b3e63e821d": "2024年部门预算未安排购置车辆及单位价值200万元以上大型设备。",
    "002_626f1369946c4733": "2024年杜集区政府办预算安排购置公务用车，购置费0万元；",
    "004_11ca13e1048fbe42": "2024年部门预算安排购置车辆 0辆，",
}
NAMES_NOTE = ("adjudicated v2, open question (c): shortened 类 name kept as written in names; "
              "code resolved from the 类 it unambiguously names (B.4)")


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dump(path, records):
    records.sort(key=lambda r: (r["start"], r["end"]))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def add_note(record, note):
    old = record.get("note", "")
    if note not in old:
        record["note"] = f"{old}; {note}" if old else note


def main():
    for path in sorted((GOLD / "paragraphs").glob("*.jsonl")):
        doc = path.stem
        text = read_text(CORPUS / (doc + ".txt"))
        records = [r for r in load(path) if r["text"] not in REMOVE.get(doc, [])]
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for line, note in ADD.get(doc, []):
            region_end = starts[line] - 1
            raw = text[starts[line - 1]:region_end]
            start = starts[line - 1] + len(raw) - len(raw.lstrip())
            end = starts[line - 1] + len(raw.rstrip())
            if not any(r["start"] == start for r in records):
                records.append({"doc_id": doc, "start": start, "end": end, "kind": "text",
                                "text": text[start:end], "label": "其他", "annotator": "ann-h",
                                "method": "manual", "note": note})
        for r in records:
            if doc in VEHICLE and r["text"].startswith(VEHICLE[doc]):
                assert r["label"] == "其他", r
                add_note(r, VEHICLE_NOTE)
        dump(path, records)
    for path in sorted((GOLD / "entities").glob("*.jsonl")):
        records = load(path)
        for r in records:
            if r["label"] == "EXP_CODE" and r["names"] and r["names"][0] and not r["names"][0].endswith("支出"):
                add_note(r, NAMES_NOTE)
        dump(path, records)


if __name__ == "__main__":
    main()
