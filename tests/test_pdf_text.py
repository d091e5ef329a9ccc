"""The real PDF-extracted disclosures in ../shared/pdf-text (read from there, never copied)."""
import pytest

from conftest import PDF_TEXT
from invariants import assert_invariants
from nlp.corpus import fact_name_key
from nlp.read import read_path
from nlp.segment import segment

TERMINAL = "。！？!?"


def test_invariants(pdf_text_path):
    text, _ = read_path(pdf_text_path)
    assert_invariants(text, *segment(text))


def test_no_paragraph_joins_across_a_page_break_after_a_sentence_end(pdf_text_path):
    text, _ = read_path(pdf_text_path)
    _, paragraphs, _ = segment(text)
    for p in paragraphs:
        if p.kind != "text":
            continue
        body = text[p.start:p.end]
        for i, ch in enumerate(body):
            if ch == "\f":
                before = body[:i].rstrip()
                assert before[-1] not in TERMINAL, f"joined after a sentence end: {before[-20:]!r}"


def test_page_numbers_are_noise(pdf_text_path):
    """The files carry no page numbers; put one at the foot of every page and they must come
    out as noise, leaving every other paragraph as it was."""
    text, _ = read_path(pdf_text_path)
    numbered = text.replace("\f", "\n- 7 -\n\f")
    _, paragraphs, _ = segment(numbered)
    noise = [numbered[p.start:p.end] for p in paragraphs if p.kind == "noise"]
    assert noise.count("- 7 -") == text.count("\f")
    before = [text[p.start:p.end].split() for p in segment(text)[1]]
    after = [numbered[p.start:p.end].split() for p in paragraphs if p.kind != "noise"]
    assert len(after) >= len(before) - 2


# The 24 numbered headings of yichuan_2025_final.txt after its table of contents, by reading it —
# stored as the first 12 hex digits of nlp.corpus.fact_name_key (sha1 of the heading without
# whitespace), so that no words of the third-party document are kept here.
YICHUAN_HEADINGS = [
    "d9cb731f27af", "79685fa1d8dd", "3f6a1d315b2d", "84181c46c5b6", "513ec6130b25", "1280cfe78bff",
    "57a5a553f69f", "12fb470e11eb", "e1dadb877874", "04632ce2dd16", "1110b09dd010", "bc7306ce19f9",
    "2cd9a59fcf01", "f933fb95ced4", "0297081c3d12", "c5903957251a", "804921e04f1a", "be6d5965d047",
    "d88707bb99fe", "6c01916383f3", "8063364d0aa8", "6c9d5bbd2503", "d6e1e66fb61d", "29bdbd77da22",
]


def test_numbered_headings_of_yichuan():
    path = PDF_TEXT / "yichuan_2025_final.txt"
    if not path.exists():
        pytest.skip("../shared/pdf-text is not beside the repo")
    text, _ = read_path(path)
    sections, _, _ = segment(text)
    found = [fact_name_key(s.marker + s.title)[:12] for s in sections if s.marker]
    assert found == YICHUAN_HEADINGS
