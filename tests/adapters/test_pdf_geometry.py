"""nlp.adapters.pdf_geometry and ``nlp.facts --tables geometry``: a ruled table drawn in a PDF
made here (a two-row header, a short row whose empty cells the text layer drops, a continuation
on the next page without a header), read back as cells tied to the extracted text's offsets.

The expectations are read off the drawing below, not off the code's output."""
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pdf_build import FONT, _box_font

pytest.importorskip("pdfplumber")

from nlp.adapters.pdf_geometry import GeometryCell, align, geometry, with_geometry  # noqa: E402
from nlp.read.pdf import read_pdf  # noqa: E402

X = [50, 110, 220, 290, 360, 430, 500]   # column edges: 编码 | 名称 | 合计 | 人员经费 | 公用经费 | 项目支出
TOP = 90
ROW = 20


def _draw(pdf, header: bool, rows: list[list[str]]) -> None:
    top = TOP
    if header:
        # row 1: 科目编码, 科目名称, 合计 and 项目支出 span both header rows; 基本支出 spans two columns
        for left, right, name in ((0, 1, "科目编码"), (1, 2, "科目名称"), (2, 3, "合计"), (5, 6, "项目支出")):
            pdf.text(X[left] + 3, top + 24, name)
        pdf.text(X[3] + 3, top + 14, "基本支出")
        pdf.text(X[3] + 3, top + ROW + 14, "人员经费")
        pdf.text(X[4] + 3, top + ROW + 14, "公用经费")
        pdf.line(X[0], top, X[6], top)
        pdf.line(X[3], top + ROW, X[5], top + ROW)        # under 基本支出 only
        for x in (X[0], X[1], X[2], X[3], X[5], X[6]):
            pdf.line(x, top, x, top + 2 * ROW)
        pdf.line(X[4], top + ROW, X[4], top + 2 * ROW)    # between 人员经费 and 公用经费 only
        top += 2 * ROW
    bottom = top + ROW * len(rows)
    for k in range(len(rows) + 1):
        pdf.line(X[0], top + k * ROW, X[6], top + k * ROW)
    for x in X:
        pdf.line(x, top, x, bottom)
    for k, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            if cell:
                pdf.text(X[c] + 3, top + k * ROW + 14, cell)


PAGE_1 = [["201", "一般公共服务支出", "1,500", "1,000", "300", "200"],
          ["20101", "人大事务", "500", "", "", "500"]]
PAGE_2 = [["202", "外交支出", "700", "", "700", ""]]


def ruled_pdf(path: Path) -> Path:
    from fpdf import FPDF

    lines = ["支出预算总表", "单位：元", "科目编码科目名称合计基本支出人员经费公用经费项目支出"]
    characters = {c for text in lines for c in text} | {c for rows in (PAGE_1, PAGE_2) for r in rows for c in "".join(r)}
    font = _box_font(path.with_suffix(".ttf"), characters | {" "})
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=timezone.utc))
    pdf.add_font(FONT, fname=str(font))
    pdf.set_font(FONT, size=9)
    pdf.add_page()
    pdf.text(50, 50, lines[0])
    pdf.text(50, 70, lines[1])
    _draw(pdf, True, PAGE_1)
    pdf.add_page()
    _draw(pdf, False, PAGE_2)
    pdf.output(str(path))
    font.unlink()
    return path


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    path = ruled_pdf(tmp_path_factory.mktemp("geometry") / "ruled.pdf")
    extracted = read_pdf(path)
    return path, extracted, geometry(path, extracted.text, extracted.pages)


def test_every_value_cell_is_tied_to_its_number_in_the_text(drawn):
    _, extracted, found = drawn
    assert found.tables == 2                     # one per page
    # a number alone in its cell, codes included: page 1: 201 + 4 numbers, 20101 + 2; page 2: 202 + 2
    assert found.value_cells == 11
    assert found.unaligned == 0
    assert len(found.cells) == 11
    for (start, end), cell in found.cells.items():
        assert (cell.start, cell.end) == (start, end)
        page_start, page_end = extracted.pages[cell.page - 1]
        assert page_start <= start < end <= page_end
    written = sorted(extracted.text[s:e] for s, e in found.cells)
    assert written == sorted(["201", "1,500", "1,000", "300", "200", "20101", "500", "500", "202", "700", "700"])


def test_the_column_is_the_drawn_header_even_where_the_text_lost_the_empty_cells(drawn):
    _, extracted, found = drawn
    by_place = {(c.page, c.row, c.column): c.header for c in found.cells.values()}
    assert by_place[(1, 2, 2)] == ("合计",)
    assert by_place[(1, 2, 3)] == ("基本支出", "人员经费")
    assert by_place[(1, 2, 4)] == ("基本支出", "公用经费")
    assert by_place[(1, 2, 5)] == ("项目支出",)
    # the short row: 500 under 合计 and 500 under 项目支出, nothing between them
    assert by_place[(1, 3, 2)] == ("合计",) and by_place[(1, 3, 5)] == ("项目支出",)
    # the next page's table has no header rows: it continues the one above, 700 | – | 700 | –
    assert by_place[(2, 0, 2)] == ("合计",)
    assert by_place[(2, 0, 4)] == ("基本支出", "公用经费")


def test_a_cell_without_a_partner_in_the_text_is_counted_and_left_out():
    cell = GeometryCell(0, 0, 1, 0, 0, 2, ("合计",))
    text = "表 12 行 56"
    aligned, unaligned = align([("12", cell), ("34", cell), ("56", None)], text, 0, len(text))
    assert unaligned == 1
    assert list(aligned) == [(2, 4)] and text[2:4] == "12"


def test_with_geometry_renames_table_facts_only(drawn):
    from decimal import Decimal

    from nlp.tables.facts import Fact

    _, _, found = drawn
    (start, end), cell = next((span, c) for span, c in found.cells.items() if (c.page, c.row, c.column) == (1, 3, 5))
    base = Fact("d", None, None, None, "table", "支出总表", "20101", None, None, "人大事务", "基本支出/人员经费",
                Decimal(500), "元", "500", start, end, 1, True)
    sentence = base._replace(source="text", column="年初预算")
    elsewhere = base._replace(start=0, end=1)
    renamed, kept, untouched = with_geometry([base, sentence, elsewhere], found)
    assert (renamed.column, renamed.inferred) == ("项目支出", False)
    assert kept == sentence and untouched == elsewhere


def test_facts_command_reads_columns_from_the_geometry(drawn, tmp_path, capsys):
    import csv
    import io

    from nlp.facts import main

    path, extracted, _ = drawn
    out = tmp_path / "facts.csv"
    assert main([str(path), "--tables", "geometry", "--output", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    table_rows = [r for r in rows if r["source"] == "table"]
    assert table_rows, "the text route finds the table (title and unit line)"
    for r in table_rows:   # every table number sits in the drawn grid: its column is the drawn one
        assert r["inferred"] == "False"
        assert extracted.text[int(r["start"]):int(r["end"])] == r["written"]
    short_row = sorted((int(r["start"]), r["column"]) for r in table_rows if r["code"] == "20101")
    assert [column for _, column in short_row] == ["合计", "项目支出"]


def test_without_pdfplumber_the_option_is_one_error_line(drawn, monkeypatch, capsys):
    import sys

    from nlp.facts import main

    monkeypatch.setitem(sys.modules, "pdfplumber", None)   # import pdfplumber → ImportError
    assert main([str(drawn[0]), "--tables", "geometry"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["nlp.facts: error: --tables geometry needs pdfplumber: pip install 'budget-nlp[geometry]'"]
