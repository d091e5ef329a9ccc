"""PDF input (SPEC §1, §5): the text layer read page by page, the record that carries it, PDF
artefacts folded for matching only, and every kind of bad PDF as a one-line error.

PDFs are made inside the tests (fpdf2 with a box font made and embedded there, :mod:`pdf_build`) from the
seeds shaped like a PDF extraction (:mod:`pdf_shape`); the real PDFs beside the repository
(``../shared/pdfs``, ``../shared/pdf-corpus/bad``) are used from there and skipped when absent.
"""
import json
import re
import subprocess
import sys

import pytest

from conftest import CORPUS_FILES, ROOT
from invariants import assert_invariants
from nlp.errors import BadInput
from nlp.pipeline import tag_path, tag_text
from nlp.read import read_source
from nlp.read.fold import FOLD, fold
from nlp.read.pdf import PAGE_BREAK, read_pdf
from pdf_build import build_pdf, pages_of
from pdf_shape import simulate

SHARED = ROOT.parent / "shared"
PDFS = SHARED / "pdfs"
BAD = SHARED / "pdf-corpus" / "bad"
SPACE = re.compile(r"\s+")
SEPARATOR = re.compile(r"(?<=\d),(?=\d{3})")
LONE_MARK = re.compile(r"\n([；，。、：）])\n")


def _flat(text):
    return SEPARATOR.sub("", SPACE.sub("", text))


def _view(doc):
    """What must not depend on the route: headings, the label of each non-noise paragraph
    (parts across a page break joined), and the entities — all by their whitespace-free text."""
    text = doc.text
    headings = [(s.marker, _flat(s.title)) for s in doc.sections]
    merged = {}
    for p, labelled in zip(doc.paragraphs, doc.labels):
        if p.kind == "noise":
            continue
        root = p.id
        while doc.paragraphs[root].continues is not None:
            root = doc.paragraphs[root].continues
        body, label = merged.get(root, ("", labelled.label))
        merged[root] = (body + text[p.start:p.end], label)
    paragraphs = [(_flat(body), label) for body, label in merged.values()]
    entities = [(e.label, _flat(e.text), str(e.attrs.get("value")), e.attrs.get("code")) for e in doc.entities]
    return headings, paragraphs, entities


def _pdf_of(tmp_path, text, name="seed.pdf", **shape):
    return build_pdf(tmp_path / name, pages_of(simulate(text, **shape)))


# --- generated PDFs: the PDF route gives what the text route gives ----------------------------

def _seed_pdf(tmp_path, path):
    shaped = simulate(path.read_text(encoding="utf-8"), width=24, page_lines=36)
    return shaped, tag_path(build_pdf(tmp_path / "seed.pdf", pages_of(shaped)))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem[:3])
def test_the_text_layer_of_a_printed_seed_holds_every_character_drawn(tmp_path, path):
    shaped, doc = _seed_pdf(tmp_path, path)
    assert doc.encoding == "pdf" and len(doc.pages) == shaped.count("\f") + 1
    assert_invariants(doc.text, doc.sections, doc.paragraphs, doc.sentences, doc.entities)
    assert _flat(doc.text) == _flat(shaped)


def test_a_repeated_line_and_a_lone_character_stay_in_the_text_layer(tmp_path):
    # PDFium drops text it takes for fake bold (the same string drawn over itself); with a font it
    # cannot load every glyph box is empty, the overlap test is skipped, and these two were lost
    lines = ["\t保障机关各职能部门日常工作正常开展。", "\t保障机关各职能部门日常工作正常开展。",
             "第三部分 某某区某某局2024年度部门预算情况说", "明", "（一）部门职责", "；"]
    text = read_pdf(build_pdf(tmp_path / "twice.pdf", [lines])).text
    assert text.split("\n") == [line.strip("\t") for line in lines]


_CELL_PER_LINE = pytest.mark.xfail(strict=True, reason=(
    "a table of the clean shape is one tab-led cell per line; printed, the tab is gone and cells "
    "without numbers (项目名称, 主管部门及代码 …) are short text lines, not rows of a table"))


@pytest.mark.parametrize("path", [p if p.stem[:3] in ("000", "001", "004") else pytest.param(p, marks=_CELL_PER_LINE)
                                  for p in CORPUS_FILES], ids=lambda p: p.stem[:3])
def test_a_seed_printed_to_pdf_is_tagged_like_its_text(tmp_path, path):
    shaped, doc = _seed_pdf(tmp_path, path)
    headings, paragraphs, entities = _view(doc)
    clean_headings, clean_paragraphs, clean_entities = _view(tag_text(shaped))
    assert headings == clean_headings
    assert paragraphs == clean_paragraphs
    assert entities == clean_entities


def test_a_wrapped_heading_and_a_table_come_through(tmp_path):
    lines = ["第三部分 某某区财政局2024年度部门预算情况说明和有关",
             "附表的编制说明",
             "一、“三公”经费支出预算情况说明",
             "\u3000\u30002024年“三公”经费预算数为12.50万元，比上年减少1.20万元。",
             "项目 预算数 上年数",
             "因公出国（境）费 0.00 0.00",
             "公务接待费 2.50 3.70",
             "公务用车运行维护费 10.00 10.00"]
    doc = tag_path(build_pdf(tmp_path / "t.pdf", [lines]))
    titles = [(s.marker, _flat(s.title)) for s in doc.sections]
    assert titles[0][0] == "第三部分"
    assert titles[-1] == ("一、", "“三公”经费支出预算情况说明")
    kinds = {p.kind for p in doc.paragraphs}
    assert "table" in kinds
    amounts = [e.attrs["value"] for e in doc.entities if e.label == "AMOUNT"]
    assert amounts == [125000, 12000]
    assert {lab.label for lab in doc.labels} == {"三公"}


# --- PDF artefacts: folded for matching, never for offsets ------------------------------------

_TO_RADICAL = {ord(ordinary): chr(code) for code, ordinary in sorted(FOLD.items(), reverse=True)
               if 0x2F00 <= code <= 0x2FD5 or 0x2E80 <= code <= 0x2EFF}


def test_the_fold_is_one_character_for_one():
    assert all(len(value) == 1 for value in FOLD.values())
    assert fold("⼀、⾼校⻓期") == "一、高校长期"
    assert fold("部門") == "部門"          # traditional characters are no artefact
    clean = "一、部门预算"
    assert fold(clean) is clean


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem[:3])
def test_kangxi_radicals_in_a_text_give_the_clean_texts_headings_labels_and_entities(path):
    clean = path.read_text(encoding="utf-8")
    radicals = clean.translate(_TO_RADICAL)
    assert sum(a != b for a, b in zip(clean, radicals)) > 100   # e.g. 一 工 高 人 长 门
    doc, reference = tag_text(radicals), tag_text(clean)
    assert [(s.marker, s.title, s.heading) for s in doc.sections] == \
           [(s.marker, s.title, s.heading) for s in reference.sections]
    assert doc.paragraphs == reference.paragraphs
    assert [lab.label for lab in doc.labels] == [lab.label for lab in reference.labels]
    assert [(e.label, e.start, e.end, dict(e.attrs).get("value")) for e in doc.entities] == \
           [(e.label, e.start, e.end, dict(e.attrs).get("value")) for e in reference.entities]
    assert all(radicals[e.start:e.end] == e.text for e in doc.entities)   # offsets index the text as read


def test_spaced_out_cells_are_read_by_the_keyword_rules():
    from nlp.paragraphs.rules import label_paragraph

    assert label_paragraph("因 公 出 国 （ 境 ） 费 1.20 万元", "text", ()).label == "三公"
    assert label_paragraph("因 公 出 国 （ 境 ） 费 1.20 0.80", "table", ("“三 公”经 费 预 算 表",)).label == "三公"


# --- the record of a PDF source ---------------------------------------------------------------

def test_the_json_record_carries_text_pages_and_the_page_of_every_span(tmp_path):
    pdf = build_pdf(tmp_path / "two.pdf", [["一、部门职责", "负责全区财政工作，支出12.00万元。"],
                                           ["二、三公经费", "公务接待费支出3.00万元。"]])
    result = subprocess.run([sys.executable, "-m", "nlp.tag", str(pdf), "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    text = record["text"]
    assert record["encoding"] == "pdf" and record["length"] == len(text)
    assert record["pages"] == [[0, len("一、部门职责\n负责全区财政工作，支出12.00万元。")],
                               [len("一、部门职责\n负责全区财政工作，支出12.00万元。" + PAGE_BREAK), len(text)]]
    assert [s["page"] for s in record["sections"]] == [0, 1]
    assert [(e["text"], e["page"]) for e in record["entities"]] == [("12.00万元", 0), ("3.00万元", 1)]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in record["entities"])
    assert [p["page"] for p in record["paragraphs"]] == [0, 1]


@pytest.mark.parametrize("fmt", ["text", "conll", "html"])
def test_the_other_formats_work_on_a_pdf(tmp_path, fmt):
    pdf = build_pdf(tmp_path / "a.pdf", [["一、部门职责", "负责全区财政工作，支出12.00万元。"]])
    result = subprocess.run([sys.executable, "-m", "nlp.tag", str(pdf), "--format", fmt],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "万" in result.stdout and "元" in result.stdout


def test_a_directory_stands_for_its_pdfs_and_text_files_also_with_jobs(tmp_path):
    build_pdf(tmp_path / "b.pdf", [["一、部门职责", "负责全区财政工作。"]])
    (tmp_path / "a.txt").write_text("一、部门职责\n负责全区财政工作。\n", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4\n")                     # damaged
    for jobs in ("1", "2"):
        result = subprocess.run([sys.executable, "-m", "nlp.tag", str(tmp_path), "--format", "jsonl",
                                 "--jobs", jobs], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2
        assert [json.loads(line)["encoding"] for line in result.stdout.splitlines()] == ["utf-8", "pdf"]
        assert result.stderr.count("\n") == 1 and "c.pdf: damaged PDF" in result.stderr


# --- bad PDFs ---------------------------------------------------------------------------------

def _encrypted(tmp_path):
    return build_pdf(tmp_path / "locked.pdf", [["一、部门职责"]], encrypt="secret")


def _truncated(tmp_path):
    whole = build_pdf(tmp_path / "whole.pdf", [["一、部门职责", "负责全区财政工作。"]] * 3).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[:len(whole) * 2 // 3])
    return tmp_path / "cut.pdf"


def _no_text(tmp_path):
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(tmp_path / "scan.pdf"))
    sheet.rect(50, 50, 200, 300, fill=1)           # a picture of a page, no text
    sheet.showPage()
    sheet.save()
    return tmp_path / "scan.pdf"


def _html(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_text("<!DOCTYPE html>\n<html><body>部门预算</body></html>", encoding="utf-8")
    return path


def _garbage(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    return path


def _many_pages(tmp_path):
    return build_pdf(tmp_path / "long.pdf", [["第一页"]] * 12)


@pytest.mark.parametrize("make, reason", [
    (_encrypted, "encrypted PDF: it needs a password"),
    (_truncated, "damaged PDF: truncated"),
    (_no_text, "no text layer — a scanned PDF? OCR is not part of budget-nlp"),
    (_html, "not a PDF: an HTML page saved with a .pdf name"),
    (_garbage, "damaged PDF"),
    (_many_pages, "too many pages: 12, over the 10-page limit (--max-pages)"),
], ids=["encrypted", "truncated", "no-text", "html", "garbage", "too-many-pages"])
def test_a_bad_pdf_is_one_line_and_the_other_files_are_still_written(tmp_path, make, reason):
    bad = make(tmp_path)
    good = build_pdf(tmp_path / "good.pdf", [["一、部门职责", "负责全区财政工作。"]])
    result = subprocess.run([sys.executable, "-m", "nlp.tag", str(bad), str(good), "--format", "jsonl",
                             "--max-pages", "10"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.startswith(f"nlp.tag: error: {bad}: {reason}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [str(good)]


def test_max_pages_zero_lifts_the_limit(tmp_path):
    assert len(read_pdf(_many_pages(tmp_path), None).pages) == 12


def test_an_exception_inside_the_library_is_caught_and_named(tmp_path, monkeypatch):
    import pypdfium2

    def explode(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", explode)
    with pytest.raises(BadInput, match=r"PDF library error on page 1: RuntimeError: boom"):
        read_pdf(build_pdf(tmp_path / "a.pdf", [["一、部门职责"]]))


def test_a_pdf_on_standard_input_is_read(tmp_path):
    pdf = build_pdf(tmp_path / "a.pdf", [["一、部门职责", "支出12.00万元。"]])
    result = subprocess.run([sys.executable, "-m", "nlp.tag", "-", "--format", "json"], input=pdf.read_bytes(),
                            capture_output=True, cwd=ROOT)
    assert result.returncode == 0
    assert json.loads(result.stdout)["encoding"] == "pdf"


def test_reading_a_text_file_does_not_import_the_pdf_library():
    code = ("import sys, nlp.tag; from nlp.pipeline import tag_path; "
            f"tag_path({str(CORPUS_FILES[0])!r}); print('pypdfium2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


# --- the real bad files found among published ones -----------------------------------------------

@pytest.mark.skipif(not BAD.is_dir(), reason="../shared/pdf-corpus/bad is not beside the repo")
@pytest.mark.parametrize("name, reason", [
    ("html_saved_as_pdf.pdf", "not a PDF: an HTML page saved with a .pdf name"),
    ("scanned_no_text_layer.pdf", "no text layer — a scanned PDF?"),
])
def test_the_real_bad_files(name, reason):
    with pytest.raises(BadInput, match=re.escape(reason)):
        read_source(BAD / name)


# --- the real PDFs: values written by reading the rendered pages ---------------------------------

def _real(name):
    path = PDFS / name
    if not path.is_file():
        pytest.skip("../shared/pdfs is not beside the repo")
    return tag_path(path)


def test_real_pdfs_keep_the_invariants():
    for name in ("putuo_finance_bureau_2024_final.pdf", "putuo_social_work_dept_2024_final.pdf",
                 "shanghai_final_account_template_2024.pdf"):
        doc = _real(name)
        assert_invariants(doc.text, doc.sections, doc.paragraphs, doc.sentences, doc.entities)
        assert all(doc.text[a:b].count("\f") == 0 for a, b in doc.pages)


def test_finance_bureau_pdf_as_read_on_its_pages():
    doc = _real("putuo_finance_bureau_2024_final.pdf")
    assert len(doc.pages) == 25
    by_page = {}
    for s in doc.sections:
        by_page.setdefault(doc.page_of(s.heading[0]), []).append(s)
    # page 4 (index 3): the first part's heading and 一、主要职能
    assert [(s.marker, s.level) for s in by_page[3]][:2] == [("第一部分", 1), ("一、", 2)]
    # page 21 (index 20): the third part's heading wraps onto a second line; then 一、 … 五、 and （一）…（三）
    assert by_page[20][0].marker == "第三部分"
    assert [s.marker for s in by_page[20][1:]] == ["一、", "二、", "三、", "四、", "五、", "（一）", "（二）", "（三）"]
    # the duties under 一、主要职能: 第一条 … 第三条 and the items （一）…（十二） on pages 4-5; the text
    # layer has （八） right after the last line of （七）, so those two are one paragraph: 14, not 15
    duties = next(s for s in doc.sections if s.marker == "一、" and doc.page_of(s.start) == 3)
    inside = [i for i, p in enumerate(doc.paragraphs) if p.section == duties.id]
    assert len(inside) == 14
    assert {doc.labels[i].label for i in inside} == {"职能"}
    # the amounts and percentages of 一、 and 二、 on page 21, in reading order
    first = [(e.label, str(e.attrs.get("value"))) for e in doc.entities if doc.page_of(e.start) == 20][:8]
    assert first == [("AMOUNT", "29953900"), ("AMOUNT", "569500"), ("PERCENT", "1.87"),
                     ("AMOUNT", "29462500"), ("AMOUNT", "29400500"), ("PERCENT", "99.79"),
                     ("AMOUNT", "62000"), ("PERCENT", "0.21")]


def test_finance_bureau_third_part_heading_wraps_over_two_lines():
    doc = _real("putuo_finance_bureau_2024_final.pdf")
    third = next(s for s in doc.sections if s.marker == "第三部分")
    # the bold title is drawn larger: its line breaks before 说明, far short of the text's width
    assert doc.text[slice(*third.heading)].count("\n") == 1
    assert third.title.replace("\n", "").endswith("部门决算情况说明")


def test_finance_bureau_tables_are_children_of_the_second_part():
    doc = _real("putuo_finance_bureau_2024_final.pdf")
    second = next(s for s in doc.sections if s.marker == "第二部分")
    children = [s.title for s in doc.sections if s.parent == second.id]
    # the nine tables of the 决算 template, in the order of its contents page
    assert children == ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                        "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
                        "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
                        "国有资本经营预算财政拨款收入支出决算表"]
