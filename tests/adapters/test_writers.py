"""The output writers (nlp.adapters.writers): the HTML page, on hand-made documents and on a seed."""
import re
from html.parser import HTMLParser

from conftest import CORPUS_FILES
from nlp.model import Document, Entity, Labelled, Paragraph, Section
from nlp.pipeline import tag_path, tag_text
from nlp.adapters.writers import to_html, to_text

TEXT = (
    "一、主要职能\n"                                   # 0–6 a heading
    "负责全区<财政>&预算工作，比上年增加\n"           # 7–  a paragraph hard-wrapped like PDF text
    "14,206 万\n元。\n"
    "\t项目\n\t\n\t\n\t326.43万元\n"                    # a table flattened to one cell per line
)
AMOUNT_START = TEXT.index("14,206")
CELL_START = TEXT.index("326.43")


def _document():
    paragraph_end = TEXT.index("\t项目") - 1
    return Document(
        doc_id="demo", source="demo.txt", encoding="utf-8", text=TEXT,
        sections=(Section(0, None, 1, "一、", "主要职能", (0, 6), 0, len(TEXT)),),
        paragraphs=(Paragraph(0, 0, "text", 7, paragraph_end), Paragraph(1, 0, "table", paragraph_end + 1, len(TEXT))),
        entities=(
            Entity("AMOUNT", AMOUNT_START, TEXT.index("元。") + 1, TEXT[AMOUNT_START:TEXT.index("元。") + 1],
                   {"value": 142060000, "unit": "万元"}),
            Entity("PERCENT", AMOUNT_START, AMOUNT_START + 2, TEXT[AMOUNT_START:AMOUNT_START + 2], {"value": 14}),
            Entity("AMOUNT", CELL_START, CELL_START + 8, "326.43万元", {"value": 3264300, "unit": "万元"}),
        ),
        labels=(Labelled("职能", {"职能": 1.0}), Labelled("其他", {"其他": 1.0})),
    )


class _Page(HTMLParser):
    """The parts of a page the tests look at: tag names, attribute values, and the text inside
    each element of a class (everything but ``.entity-label``)."""

    def __init__(self, page):
        super().__init__()
        self.tags, self.attribute_values, self.text_by_class, self._open = [], [], {}, []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attribute_values += [value or "" for _, value in attrs]
        classes = dict(attrs).get("class", "").split()
        if tag not in ("meta", "br"):
            self._open.append(classes)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if any("entity-label" in classes for classes in self._open):
            return
        for classes in self._open:
            for name in classes:
                self.text_by_class[name] = self.text_by_class.get(name, "") + data


def test_html_page_declares_utf8_and_chinese_and_fetches_nothing():
    page = to_html([_document()])
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    parsed = _Page(page)
    assert not {"script", "link", "img", "iframe", "object"} & set(parsed.tags)
    assert not [v for v in parsed.attribute_values if re.match(r"(?i)(https?:)?//", v)]
    assert not re.search(r"(?i)@import|url\(", page)


def test_html_shows_headings_paragraph_labels_and_entities():
    page = to_html([_document()])
    parsed = _Page(page)
    assert parsed.text_by_class["heading"] == "一、主要职能"
    assert re.search(r'<span class="label" data-label="职能">职能</span>', page)
    assert re.search(r'<span class="label" data-label="其他">其他<span class="kind">table</span>', page)
    assert re.search(r'<mark class="entity" data-label="AMOUNT" title="value=3264300 unit=&quot;万元&quot;">'
                     r'326\.43万元<span class="entity-label">AMOUNT</span></mark>', page)


def test_html_escapes_the_text():
    page = to_html([_document()])
    assert "负责全区&lt;财政&gt;&amp;预算工作" in page and "<财政>" not in page


def test_html_joins_hard_wrapped_lines_but_shows_tables_line_by_line():
    bodies = _Page(to_html([_document()])).text_by_class["body"]
    assert "比上年增加 14,206 万元。" in bodies      # a wrap between Chinese characters disappears
    assert "\t项目\n\t326.43万元" in bodies            # table cells keep their lines, blank ones collapse


def test_overlapping_entities_mark_the_first_and_leave_the_other_plain():
    page = to_html([_document()])
    assert re.findall(r'data-label="(\w+)" title="value=', page) == ["AMOUNT", "AMOUNT"]
    assert "【14,206 万元|AMOUNT】" in to_text(_document())      # the outline marks the same one, joined as in HTML


def test_html_of_a_seed_keeps_every_heading_and_paragraph():
    doc = tag_path(CORPUS_FILES[2], labeller=lambda text, kind, titles: Labelled("其他", {"其他": 1.0}))
    parsed = _Page(to_html([doc]))
    assert parsed.tags.count("mark") == len(doc.entities) + 3      # + the legend's three
    assert sum(tag in ("h2", "h3", "h4", "h5", "h6") for tag in parsed.tags) == len(doc.sections)
    assert parsed.attribute_values.count("paragraph " + "text") + sum(
        parsed.attribute_values.count("paragraph " + kind) for kind in ("table", "toc", "noise")
    ) == len(doc.paragraphs)


def test_text_outline_joins_wrapped_lines_as_the_html_page_does():
    from nlp.entities import find_entities

    text = "收支总预算一般公\n共预算拨款增加14,206 万\n元，详见 Table 3 of\nthe report；\n表格 行 一"
    end = text.index("；") + 1
    doc = Document("d", "", "utf-8", text,
                   paragraphs=(Paragraph(0, None, "text", 0, end), Paragraph(1, None, "table", end + 1, len(text))),
                   entities=tuple(find_entities(text)),
                   labels=(Labelled("其他", {}), Labelled("其他", {})))
    lines = to_text(doc).splitlines()
    # no space between two Chinese characters (一般公共), one between Latin words (of the)
    assert lines[1] == "[其他] 收支总预算一般公共预算拨款增加【14,206 万元|AMOUNT】，详见 Table 3 of the report；"
    assert lines[2] == "[其他 table] 表格 行 一"


def test_conll_keeps_every_character_and_gives_the_paragraph_label():
    from nlp.adapters.writers import conll_text, to_conll

    for path in CORPUS_FILES:
        doc = tag_path(path)
        conll = to_conll(doc)
        assert conll_text(conll) == doc.text
        rows = [line.split("\t") for line in conll.splitlines()[1:] if line]
        assert all(len(row) == 3 for row in rows) and len(rows) == len(doc.text)
        for p, labelled in zip(doc.paragraphs, doc.labels):
            assert {row[2] for row in rows[p.start:p.end]} == {labelled.label}
        for s in doc.sections:
            assert {row[2] for row in rows[s.heading[0]:s.heading[1]]} == {"HEADING"}


def test_conll_escapes_whitespace_and_backslashes():
    from nlp.adapters.writers import conll_text, to_conll

    text = "一、职能\n负责\\工作 ，收入\u30005万元。\t\r\n"
    doc = tag_text(text)
    conll = to_conll(doc)
    assert conll_text(conll) == text
    lines = conll.splitlines()
    assert "\\\\\tO\t职能" in lines and "\\u0020\tO\t职能" in lines and "\\u3000\tO\t职能" in lines
    assert "\\n\tO\t-" in lines                    # the line break after the heading: outside any paragraph
    # a blank line after the heading and after the sentence, nothing else blank
    assert conll.count("\n\n") == 2


# --- tables as tables ------------------------------------------------------------------------

FUNCTIONAL_TABLE = (
    "2024年部门一般公共预算支出功能分类预算表\n"
    "单位：万元\n"
    "科目编码 科目名称 合计 基本支出 项目支出\n"
    "201 一般公共服务支出 30.00 20.00 10.00\n"
    "20101 人大事务 30.00 20.00 10.00\n"
    "2010101 行政运行 20.00 20.00\n"                 # a PDF row without its empty 项目支出 cell
    "2010102 一般行政管理事务 10.00 10.00\n"         # … and one without its empty 基本支出 cell
    "合计 30.00 20.00 10.00\n"
)


class _Tables(HTMLParser):
    """Every <table> of a page: its header rows and body rows, each cell as (tag, attributes, text)."""

    def __init__(self, page):
        super().__init__()
        self.tables, self._part, self._cell, self.details = [], None, None, []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"thead": [], "tbody": []})
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self.tables[-1][self._part].append([])
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs), ""]
            self.tables[-1][self._part][-1].append(self._cell)
        elif tag == "details":
            self.details.append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        elif self.details:
            self.details[-1] += data


def test_a_parsed_table_paragraph_is_shown_as_a_table():
    doc = tag_text(FUNCTIONAL_TABLE)
    assert [p.kind for p in doc.paragraphs] == ["text", "table"]   # the title line, then the table
    page = to_html([doc])
    parsed = _Tables(page)
    (table,) = parsed.tables
    assert [[text for _, _, text in row] for row in table["thead"]] == [["编码", "项目", "合计", "基本支出", "项目支出"]]
    body = [[text for _, _, text in row] for row in table["tbody"]]
    assert body == [
        ["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
        ["20101", "人大事务", "30.00", "20.00", "10.00"],
        ["2010101", "行政运行", "20.00", "20.00", ""],             # the empty cell stays, empty
        ["2010102", "一般行政管理事务", "10.00", "", "10.00"],
        ["", "合计", "30.00", "20.00", "10.00"],
    ]
    numbers = [cell for row in table["tbody"] for cell in row[2:]]
    assert all("num" in attrs["class"].split() for _, attrs, _ in numbers)
    assert ".num { text-align: right" in page.replace("td.num", ".num")
    # the two short rows were placed by the sums: their written cells say so, the others do not
    inferred = [(row[1][2], text) for row in table["tbody"] for _, attrs, text in row[2:]
                if "inferred" in attrs["class"].split()]
    assert inferred == [("行政运行", "20.00"), ("行政运行", "20.00"), ("一般行政管理事务", "10.00"),
                        ("一般行政管理事务", "10.00")]
    assert all("sums" in attrs["title"] for row in table["tbody"] for _, attrs, _ in row
               if "inferred" in attrs.get("class", ""))
    # the paragraph keeps its label badge, and its lines as written are one click away
    assert '<span class="label" data-label="其他">其他<span class="kind">table</span>' in page
    (raw,) = parsed.details      # entities marked as in any paragraph (the codes are EXP_CODE)
    assert "(7 lines)" in raw and "2010102EXP_CODE 一般行政管理事务 10.00 10.00\n合计" in raw
    assert "<script" not in page


def test_header_paths_become_header_rows_and_side_by_side_tables_share_a_row():
    from nlp.adapters.html_tables import table_html
    from nlp.tables import Cell, Row, Table
    from decimal import Decimal

    def cells(*pairs):
        return tuple(Cell(column, written, Decimal(written), 0, 0) for column, written in pairs)

    line_one, line_two = (0, 10), (11, 20)
    table = Table(
        title="收支总表", kind=None, unit="元",
        columns=("收入/预算数", "支出/合计", "支出/基本支出", "支出/项目支出"),
        groups=((0,), (1, 2, 3)),
        rows=(Row(None, None, None, "财政拨款", 0, cells((0, "5")), *line_one),
              Row(None, None, None, "一般公共服务支出", 1, cells((1, "5"), (3, "5")), *line_one),
              Row(None, None, None, "社会保障和就业支出", 1, cells((1, "0")), *line_two)),
        start=0, end=20)
    parsed = _Tables(table_html(table, list(table.rows)))
    (shown,) = parsed.tables
    header = [[(text, attrs.get("colspan"), attrs.get("rowspan")) for _, attrs, text in row] for row in shown["thead"]]
    assert header == [
        [("项目", None, "2"), ("收入", None, None), ("项目", None, "2"), ("支出", "3", None)],
        [("预算数", None, None), ("合计", None, None), ("基本支出", None, None), ("项目支出", None, None)],
    ]
    # rows read from one line share an HTML row; a line with only the right side leaves the left empty
    assert [[text for _, _, text in row] for row in shown["tbody"]] == [
        ["财政拨款", "5", "一般公共服务支出", "5", "", "5"],
        ["", "", "社会保障和就业支出", "0", "", ""],
    ]
