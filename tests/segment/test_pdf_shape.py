"""Both text shapes give the same paragraphs: a seed re-wrapped and paged like a PDF extraction is
segmented into the same headings and paragraphs (whitespace and added separators aside)."""
import re

import pytest

from conftest import CORPUS_FILES
from invariants import assert_invariants
from nlp.segment import segment
from pdf_shape import simulate

SPACE = re.compile(r"\s+")
SEPARATOR = re.compile(r"(?<=\d),(?=\d{3})")


def _units(text):
    """Headings and non-noise paragraphs, parts split by a page break joined again."""
    sections, paragraphs, _ = segment(text)
    units = [(s.heading[0], "heading", text[s.heading[0]:s.heading[1]]) for s in sections]
    merged = {}
    for p in paragraphs:
        if p.kind == "noise":
            continue
        root = p.id
        while paragraphs[root].continues is not None:
            root = paragraphs[root].continues
        start, kind, body = merged.get(root, (p.start, p.kind, ""))
        merged[root] = (start, kind, body + text[p.start:p.end])
    units += merged.values()
    return [(kind, SEPARATOR.sub("", SPACE.sub("", body))) for _, kind, body in sorted(units)]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize("width", [20, 28, 40])
def test_pdf_shaped_seed_gives_the_same_paragraphs(path, width):
    clean = path.read_text(encoding="utf-8")
    shaped = simulate(clean, width=width)
    assert "\f" in shaped and "- 1 -" in shaped
    assert_invariants(shaped, *segment(shaped))
    assert _units(shaped) == _units(clean)


def test_simulator_splits_units_and_adds_separators():
    clean = (CORPUS_FILES[0]).read_text(encoding="utf-8")
    shaped = simulate(clean, width=20)
    assert "万\n元" in shaped
    assert "2,692.36万元" in shaped


def test_page_numbers_and_running_headers_are_noise():
    clean = CORPUS_FILES[3].read_text(encoding="utf-8")
    shaped = simulate(clean, width=30, header="乐山高新区党工委办公室2020年度部门决算")
    _, paragraphs, _ = segment(shaped)
    noise = {shaped[p.start:p.end] for p in paragraphs if p.kind == "noise"}
    assert "乐山高新区党工委办公室2020年度部门决算" in noise
    assert {"- 1 -", "- 2 -", "- 3 -"} <= noise
