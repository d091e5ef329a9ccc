"""Reading a PDF's text layer (SPEC §1, §5): the text of each page in reading order, pages
separated by a form feed line, so that the segmenter's page handling applies.

The extracted text is what every offset of a PDF source indexes, and the JSON record carries it
(``"text"``) with the page spans (``"pages"``). It is PDFium's text layer (pypdfium2) with line
ends written ``\\n`` (PDFium writes ``\\r\\n``) and stray control characters as spaces; nothing
else is changed — Kangxi radicals and spaced-out cells stay as the PDF has them, and matching
folds them (:mod:`nlp.read.fold`). pypdfium2 is imported only when a PDF is read: start-up on a
text file is unchanged. Scans (pages without a text layer) are out of scope: no OCR.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from nlp.errors import BadInput

MAGIC = b"%PDF-"
SNIFF_BYTES = 1024
"""PDF readers accept the header anywhere in the first kilobyte, and so do we."""
PAGE_BREAK = "\n\f\n"
"""Between two pages' texts: a form feed on a line of its own."""
MAX_PAGES = 1000
"""Default page limit (``--max-pages``). The longest disclosures run to a few hundred pages (the
shared corpus: 4,516 pages in 123 files, at most 227); a 2,000-page "disclosure" is a
concatenation or the wrong file."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")   # after \r\n → \n: no \n, \t left among them
_NO_TEXT = "no text layer — a scanned PDF? OCR is not part of budget-nlp"
# PDFium's load errors (FPDF_ERR_*) in words
_LOAD_ERRORS = {
    2: "damaged PDF: the file cannot be opened or read",
    3: "damaged PDF: not in PDF format or corrupted (a truncated download?)",
    4: "encrypted PDF: it needs a password; decrypt it first (e.g. qpdf --decrypt)",
    5: "encrypted PDF: unsupported security handler",
    6: "damaged PDF: page not found or content error",
}


class PdfText(NamedTuple):
    text: str
    pages: tuple[tuple[int, int], ...]   # [start, end) of each page's text, page i at index i


def looks_like_pdf(head: bytes) -> bool:
    """Do these first bytes of a file (at least :data:`SNIFF_BYTES` of them, or all) hold a PDF header?"""
    return MAGIC in head[:SNIFF_BYTES]


def not_a_pdf_reason(head: bytes) -> str:
    """Why a file named ``.pdf`` without a PDF header is refused, from what its first bytes are."""
    lowered = head[:SNIFF_BYTES].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "not a PDF: an HTML page saved with a .pdf name (download the document it links to)"
    if not lowered:
        return "empty file"
    return "not a PDF: no %PDF- header"


def read_pdf(pdf: str | Path | bytes, max_pages: int | None = MAX_PAGES, source: str | None = None) -> PdfText:
    """The text layer of a PDF (a file's path, or its bytes); :class:`BadInput` for an
    encrypted, damaged, truncated, text-less or too long PDF, or one PDFium fails on (the
    error is named, never raised raw). ``source`` names the input in errors."""
    import pypdfium2   # here, not at import: start-up on a text file stays light

    source = source or str(pdf)
    if not _ends_like_a_pdf(pdf):
        raise BadInput(source, "damaged PDF: truncated (no %%EOF at the end — an interrupted download?)")
    try:
        document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    except pypdfium2.PdfiumError as error:
        raise BadInput(source, _LOAD_ERRORS.get(getattr(error, "err_code", None), f"damaged PDF: {error}")) from None
    except Exception as error:   # anything else from the library: named, not a traceback
        raise BadInput(source, f"PDF library error: {type(error).__name__}: {error}") from None
    try:
        return _text(document, source, max_pages)
    finally:
        document.close()


def _text(document, source: str, max_pages: int | None) -> PdfText:
    count = len(document)
    if count == 0:
        raise BadInput(source, "damaged PDF: no pages")
    if max_pages is not None and count > max_pages:
        raise BadInput(source, f"too many pages: {count}, over the {max_pages}-page limit (--max-pages); "
                               "a disclosure has a few hundred at most, split the file")
    texts = []
    for index in range(count):
        try:
            page = document[index]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            page.close()
        except Exception as error:   # PdfiumError or worse, inside the library: named, not a traceback
            raise BadInput(source, f"PDF library error on page {index + 1}: {type(error).__name__}: {error}") from None
        texts.append(_CONTROLS.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n")))
    if not any(not t.isspace() and t for t in texts):
        raise BadInput(source, _NO_TEXT)
    pages = []
    position = 0
    for t in texts:
        pages.append((position, position + len(t)))
        position += len(t) + len(PAGE_BREAK)
    return PdfText(PAGE_BREAK.join(texts), tuple(pages))


def _ends_like_a_pdf(path: str | Path | bytes) -> bool:
    """A complete PDF ends with ``%%EOF`` (give or take a line end and some padding); a
    download cut short does not, though PDFium would open it and quietly lose pages."""
    if isinstance(path, bytes):
        return b"%%EOF" in path[-SNIFF_BYTES:]
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - SNIFF_BYTES))
            return b"%%EOF" in handle.read()
    except OSError:
        return True   # let the library report what is wrong with the file
