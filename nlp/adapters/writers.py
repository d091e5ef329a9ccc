"""Output formats of ``python -m nlp.tag`` (SPEC §5): JSON, a readable outline, CoNLL, HTML.

Each writer turns one :class:`Document` into a string; the JSON record is the contract other
tools rely on (keys may be added, never renamed or dropped).
"""
from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from decimal import Decimal
from html import escape
from typing import Any, Callable, Iterable, Iterator

from nlp.adapters.html_tables import TABLE_STYLE, rows_within, table_html
from nlp.tables.metadata import document_facts
from nlp.tables.parse import find_tables
from nlp.model import PARAGRAPH_LABELS, Document, Entity, Labelled, Paragraph, Section

SCHEMA = "budget-doc/1"


def to_record(doc: Document) -> dict[str, Any]:
    """The ``budget-doc/1`` JSON object of a tagged document."""
    return _with_pages(doc, {
        "schema": SCHEMA,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "encoding": doc.encoding,
        "sha256": hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "length": len(doc.text),
        "sections": [{"id": s.id, "parent": s.parent, "level": s.level, "marker": s.marker,
                      "title": s.title, "start": s.start, "end": s.end, "heading": list(s.heading)}
                     for s in doc.sections],
        "paragraphs": [{"id": p.id, "section": p.section, "kind": p.kind, "start": p.start, "end": p.end,
                        "label": lab.label, "scores": dict(lab.scores), "continues": p.continues}
                       for p, lab in zip(doc.paragraphs, doc.labels)],
        "sentences": [{"paragraph": s.paragraph, "start": s.start, "end": s.end} for s in doc.sentences],
        "entities": _entity_records(doc.entities),
        "metadata": document_facts(doc.text).as_record(),
    })


def _with_pages(doc: Document, record: dict[str, Any]) -> dict[str, Any]:
    """A PDF source's record carries the extracted text its offsets index and the page spans
    (SPEC §5), and each section, paragraph and entity its ``page``: the index of the page that
    holds its start."""
    if not doc.pages:
        return record
    for key in ("sections", "paragraphs", "entities"):
        for item in record[key]:
            item["page"] = doc.page_of(item["start"])
    record["text"] = doc.text
    record["pages"] = [list(page) for page in doc.pages]
    return record


def entity_record(entity: Entity) -> dict[str, Any]:
    record = {"label": entity.label, "start": entity.start, "end": entity.end, "text": entity.text}
    record.update({k: json_value(v) for k, v in entity.attrs.items()})
    return record


def _entity_records(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    """:func:`entity_record` of each entity; the attributes that entities written alike share
    (:func:`nlp.entities.tagger._numeric_entities`) are converted once."""
    converted: dict[int, dict[str, Any]] = {}     # id of an attrs dict (alive in ``entities``) → JSON
    records = []
    for entity in entities:
        attrs = converted.get(id(entity.attrs))
        if attrs is None:
            attrs = converted[id(entity.attrs)] = {k: json_value(v) for k, v in entity.attrs.items()}
        record = {"label": entity.label, "start": entity.start, "end": entity.end, "text": entity.text}
        record.update(attrs)
        records.append(record)
    return records


def json_value(value: Any) -> Any:
    """Decimals become JSON numbers: integers when integral (26923600), else floats."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _holds_unicode_line_break(encoded: str) -> bool:
    """A check first: ``str.translate`` over a whole record is slow, and rarely needed. Three
    ``in`` tests (a fast search each) take a fiftieth of the time of one regex class scan."""
    return "\u2028" in encoded or "\u2029" in encoded or "\x85" in encoded


def to_json(doc: Document, indent: int | None = None) -> str:
    """The document as JSON, UTF-8 characters as they are except the Unicode line breaks
    U+2028, U+2029 and U+0085, which are escaped: readers that split lines on them
    (``str.splitlines``) would break a JSON Lines record. JSON holds them only inside strings,
    where the escape is the same value."""
    encoded = json.dumps(to_record(doc), ensure_ascii=False, indent=indent)
    return encoded.translate(_LINE_BREAKS) if _holds_unicode_line_break(encoded) else encoded


_TERMINAL_CONTROL = {c: 0x2400 + c for c in [*range(0x00, 0x09), *range(0x0b, 0x20)]}
_TERMINAL_CONTROL.update({0x7f: 0x2421, **{c: 0xfffd for c in range(0x80, 0xa0)}})
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to show in a terminal, one character for one: C0 controls other than tab
    and line feed become their Control Pictures (ESC → ␛, CR → ␍), DEL ␡, C1 controls �, so
    that a document's escape sequences are shown, not obeyed."""
    return text.translate(_TERMINAL_CONTROL) if _CONTROL.search(text) else text


def to_text(doc: Document, color: bool = False) -> str:
    """A readable outline: sections indented, each paragraph with its label, entities marked.
    A paragraph is one line: hard-wrapped lines are joined as on the HTML page (no space between
    two Chinese characters, one elsewhere), other whitespace runs made one space."""
    mark = _ansi_mark if color else _bracket_mark
    depth = {s.id: s.level for s in doc.sections}
    entities = _by_start(doc.entities)
    out = [f"# {_escaped(doc.doc_id)}  ({_escaped(doc.source) or '-'}, {doc.encoding}, {len(doc.text)} characters)"]
    for item in _outline(doc):
        if isinstance(item, Section):
            out.append("  " * (item.level - 1) + printable(f"§ {item.marker}{item.title}"))
            continue
        paragraph, labelled = item
        indent = "  " * depth.get(paragraph.section, 0)
        shown = _line_by_line if paragraph.kind in LINE_KINDS else _unwrapped   # as the HTML page
        pieces = _pieces(entities, paragraph.start, paragraph.end)
        body = " ".join("".join(mark(e, shown(doc.text, a, b)) if e else printable(shown(doc.text, a, b))
                                for a, b, e in pieces).split())
        kind = "" if paragraph.kind == "text" else f" {paragraph.kind}"
        out.append(f"{indent}[{labelled.label}{kind}] {body}")
    return "\n".join(out) + "\n"


def _outline(doc: Document) -> list[Section | tuple[Paragraph, Labelled]]:
    """Headings and (paragraph, label) pairs in text order."""
    events = [(s.heading[0], 0, s) for s in doc.sections] + \
             [(p.start, 1, (p, lab)) for p, lab in zip(doc.paragraphs, doc.labels)]
    return [item for _, _, item in sorted(events, key=lambda e: (e[0], e[1]))]


def _by_start(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=_entity_start)


def _entity_start(entity: Entity) -> int:
    return entity.start


def _pieces(entities: list[Entity], start: int, end: int) -> Iterator[tuple[int, int, Entity | None]]:
    """``[start, end)`` cut into plain spans ``(a, b, None)`` and the spans of the ``entities``
    (sorted by start) that lie wholly inside it ``(a, b, entity)``, in order; an entity that
    overlaps an earlier one stays plain."""
    position = start
    for index in range(bisect_left(entities, start, key=_entity_start), len(entities)):
        entity = entities[index]
        if entity.start >= end:
            break
        if entity.start < position or entity.end > end:
            continue
        if entity.start > position:
            yield position, entity.start, None
        yield entity.start, entity.end, entity
        position = entity.end
    if position < end:
        yield position, end, None


def _bracket_mark(e: Entity, shown: str) -> str:
    return f"【{printable(shown)}|{e.label}】"


_COLORS = {"AMOUNT": "32", "PERCENT": "36", "EXP_CODE": "35"}


def _ansi_mark(e: Entity, shown: str) -> str:
    return f"\x1b[1;{_COLORS.get(e.label, '33')}m{printable(shown)}\x1b[0m\x1b[2m[{e.label}]\x1b[0m"


def to_conll(doc: Document) -> str:
    """Every character of the text on a line of its own, in order, with three tab-separated
    columns: the character, its BIO tag (the MSRA / People's Daily character format) and the
    label of the paragraph it lies in (``HEADING`` for a heading's characters, ``-`` for
    whitespace outside every paragraph). A blank line ends each sentence and each heading; the
    whitespace after one goes with it, so nothing of the text is dropped. Whitespace and control
    characters are written as escapes (``\\n``, ``\\t``, ``\\u3000``, a space ``\\u0020``; a
    backslash ``\\\\``), so that every line has three fields and the text can be rebuilt."""
    text = doc.text
    tags = bio_labels(text, doc.entities)
    labels = ["-"] * len(text)
    for paragraph, labelled in zip(doc.paragraphs, doc.labels):
        labels[paragraph.start:paragraph.end] = [labelled.label] * (paragraph.end - paragraph.start)
    starts = sorted({s.start for s in doc.sentences} | {s.heading[0] for s in doc.sections} | {0})
    for section in doc.sections:
        labels[section.heading[0]:section.heading[1]] = ["HEADING"] * (section.heading[1] - section.heading[0])
    lines = [f"# doc_id = {_escaped(doc.doc_id)}"]
    for start, end in zip(starts, starts[1:] + [len(text)]):
        if start == end:
            continue
        lines.extend(f"{_conll_char(text[i])}\t{tags[i]}\t{labels[i]}" for i in range(start, end))
        lines.append("")
    return "\n".join(lines) + "\n"


_CONLL_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\f": "\\f"}


def _conll_char(char: str) -> str:
    """A character as one CoNLL field: itself, or an escape for a backslash, whitespace or a
    control character."""
    if char in _CONLL_ESCAPES:
        return _CONLL_ESCAPES[char]
    if char.isspace() or not char.isprintable():
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


def conll_text(conll: str) -> str:
    """The text a :func:`to_conll` output was written from (its first column, unescaped)."""
    chars = [line.split("\t", 1)[0] for line in conll.splitlines() if line and not line.startswith("# doc_id = ")]
    return "".join(char.encode("latin-1", "backslashreplace").decode("unicode_escape") if char.startswith("\\") else char
                   for char in chars)


def _escaped(name: str) -> str:
    """A name on one line: control characters and Unicode line breaks written as escapes."""
    return "".join(c.encode("unicode_escape").decode("ascii") if c.isspace() and c != " " or not c.isprintable()
                   and c not in "\u3000\u00a0" else c for c in name)


def bio_labels(text: str, entities: Iterable[Entity]) -> list[str]:
    """The BIO tag of every character as a string (``B-AMOUNT``; the dataset's integer ids are
    :func:`nlp.adapters.hf_dataset.bio_tag_ids`); where spans overlap the earlier-starting one wins."""
    tags = ["O"] * len(text)
    for e in sorted(entities, key=lambda e: (e.start, -e.end)):
        if any(tags[i] != "O" for i in range(e.start, e.end)):
            continue
        first = True
        for i in range(e.start, e.end):
            if text[i].isspace():
                continue
            tags[i] = ("B-" if first else "I-") + e.label
            first = False
    return tags


def to_html(docs: Iterable[Document]) -> str:
    """A self-contained page for a browser (SPEC §5): per document its headings as a hierarchy,
    every paragraph with a badge for its label (and its kind when not plain text), entities
    highlighted displaCy-style with their label (hover one for its normalised attributes); a
    table paragraph that :mod:`nlp.tables` parses is shown as a table, its lines as written
    folded below it. UTF-8 and ``lang="zh-CN"`` so that browsers pick a Chinese font; inline CSS, no scripts,
    nothing fetched from the network."""
    docs = list(docs)
    title = docs[0].doc_id if len(docs) == 1 else f"{len(docs)} documents"
    return "".join([
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f"<title>budget-nlp · {escape(title)}</title>\n<style>\n{HTML_STYLE}{TABLE_STYLE}</style>\n</head>\n<body>\n",
        _html_legend(),
        *(_html_document(doc) for doc in docs),
        "</body>\n</html>\n",
    ])


ENTITY_COLORS = {"AMOUNT": "#b5e7a0", "PERCENT": "#9fd8ef", "EXP_CODE": "#f7c6e0"}
"""Highlight of each entity label in the HTML page (displaCy's palette; other labels grey)."""
PARAGRAPH_LABEL_COLORS = {
    "职能": "#1f6feb", "重点工作": "#8250df", "三公": "#cf222e", "绩效目标": "#9a6700", "其他": "#6e7781",
}
"""Badge colour of each paragraph label in the HTML page."""

HTML_STYLE = "\n".join([
    "body { max-width: 62rem; margin: 0 auto; padding: 0 2rem 3rem; color: #1f2328;",
    "  font: 16px/1.9 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; }",
    ".legend { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #d0d7de;",
    "  padding: .4rem 0; font-size: .85rem; }",
    "h1 { font-size: 1.4rem; margin: 1.5rem 0 0; }",
    ".source { color: #6e7781; font-size: .85rem; margin: 0 0 1rem; }",
    ".heading { line-height: 1.5; margin: 1.2rem 0 .3rem; }",
    "h2.heading { font-size: 1.2rem; }",
    "h3.heading { font-size: 1.08rem; }",
    "h4.heading, h5.heading, h6.heading { font-size: 1rem; }",
    ".paragraph { display: flex; gap: .6rem; align-items: baseline; margin: .3rem 0; }",
    ".paragraph.noise { opacity: .5; }",
    ".paragraph.table .body, .paragraph.toc .body { font-size: .9rem; }",
    ".body { flex: 1; min-width: 0; white-space: pre-wrap; tab-size: 2; overflow-wrap: anywhere; }",
    ".label { flex: none; min-width: 4.5em; border-radius: .3em; padding: 0 .4em; color: #fff; background: #6e7781;",
    "  font-size: .8rem; line-height: 1.7; text-align: center; }",
    ".kind { display: block; font-size: .7rem; opacity: .85; }",
    "mark.entity { color: inherit; background: #e0e0e0; border-radius: .3em; padding: .05em .3em; margin: 0 .1em;",
    "  -webkit-box-decoration-break: clone; box-decoration-break: clone; }",
    ".entity-label { margin-left: .35em; font: bold .62em sans-serif; vertical-align: middle; }",
    *(f'mark.entity[data-label="{label}"] {{ background: {color}; }}' for label, color in ENTITY_COLORS.items()),
    *(f'.label[data-label="{label}"] {{ background: {color}; }}' for label, color in PARAGRAPH_LABEL_COLORS.items()),
    "",
])
"""The page's whole style sheet, inline."""


def _html_legend() -> str:
    entities = " ".join(_html_entity(label, label, "") for label in ENTITY_COLORS)
    labels = " ".join(f'<span class="label" data-label="{label}">{label}</span>' for label in PARAGRAPH_LABELS)
    return f'<div class="legend">{entities} &nbsp; {labels}</div>\n'


def _html_document(doc: Document) -> str:
    entities = _by_start(doc.entities)
    tables = find_tables(doc.text) if any(p.kind == "table" for p in doc.paragraphs) else []
    out = [
        f"<article>\n<h1>{escape(doc.doc_id)}</h1>\n",
        f'<p class="source">{escape(doc.source or "-")} · {escape(doc.encoding)} · {len(doc.text)} characters'
        "</p>\n",
    ]
    for item in _outline(doc):
        if isinstance(item, Section):
            tag = f"h{min(item.level + 1, 6)}"
            heading = _html_marked(doc.text, entities, *item.heading, _unwrapped)
            out.append(f'<{tag} class="heading">{heading}</{tag}>\n')
            continue
        paragraph, labelled = item
        label = escape(labelled.label)
        kind = "" if paragraph.kind == "text" else f'<span class="kind">{escape(paragraph.kind)}</span>'
        shown = _line_by_line if paragraph.kind in LINE_KINDS else _unwrapped
        body = _html_marked(doc.text, entities, paragraph.start, paragraph.end, shown)
        parsed = [table_html(table, rows) for table in tables
                  if (rows := rows_within(table, paragraph.start, paragraph.end))] if paragraph.kind == "table" else []
        if parsed:
            lines = body.count("\n") + 1
            body = (f'<div class="parsed">{"".join(parsed)}<details class="raw"><summary>the text as written '
                    f'({lines} lines)</summary><div class="body">{body}</div></details></div>')
        else:
            body = f'<div class="body">{body}</div>'
        out.append(
            f'<div class="paragraph {escape(paragraph.kind)}"><span class="label" data-label="{label}">{label}{kind}'
            f'</span>{body}</div>\n'
        )
    out.append("</article>\n")
    return "".join(out)


LINE_KINDS = frozenset({"table", "toc"})
"""Paragraph kinds shown line by line in the HTML page (a cell or an entry per line); the lines
of other paragraphs are joined, as a PDF's hard wrapping is no break of the text."""
# A match starts at a line break or at the first of the spaces before it, never inside a run of
# spaces (the lookbehind): so a run of spaces without a line break is scanned once, not once
# from each of its characters (40,000 spaces took 7 s, half a megabyte minutes).
LINE_WRAP = re.compile(r"(?:(?<![ \t\u3000])[ \t\u3000]+)?(?:\r\n|\r|\n)[ \t\u3000]*")
BLANK_LINES = re.compile(r"(?:(?<![ \t\u3000])[ \t\u3000]+)?(?:\r\n|\r|\n)(?:[ \t\u3000]*(?:\r\n|\r|\n))+")


def _html_marked(
    text: str, entities: list[Entity], start: int, end: int, shown: Callable[[str, int, int], str],
) -> str:
    return "".join(
        _html_entity(shown(text, a, b), e.label, _attributes_line(e)) if e else escape(shown(text, a, b))
        for a, b, e in _pieces(entities, start, end)
    )


def _line_by_line(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with each run of blank lines made one line break (flattened tables
    leave empty cells as empty lines)."""
    return BLANK_LINES.sub("\n", text[start:end])


def _unwrapped(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its line breaks (and the spaces around them) dropped between two
    non-ASCII characters (Chinese text) and made one space elsewhere:
    ``增加\\n14,206 万\\n元`` → ``增加 14,206 万元``."""
    out, position = [], start
    for wrap in LINE_WRAP.finditer(text, start, end):
        before = text[wrap.start() - 1] if wrap.start() else " "
        after = text[wrap.end()] if wrap.end() < len(text) else " "
        out += [text[position:wrap.start()], "" if not before.isascii() and not after.isascii() else " "]
        position = wrap.end()
    out.append(text[position:end])
    return "".join(out)


def _attributes_line(entity: Entity) -> str:
    """``value=26923600 unit="万元"``: the normalised attributes, shown when hovering an entity."""
    return " ".join(f"{key}={json.dumps(json_value(v), ensure_ascii=False)}" for key, v in entity.attrs.items())


def _html_entity(text: str, label: str, title: str) -> str:
    return (
        f'<mark class="entity" data-label="{escape(label)}" title="{escape(title)}">{escape(text)}'
        f'<span class="entity-label">{escape(label)}</span></mark>'
    )
