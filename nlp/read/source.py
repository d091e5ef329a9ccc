"""One entry for a file of either kind (SPEC §5): a PDF, recognised by its header, gives its
text layer and pages; anything else is decoded as text."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from nlp.errors import BadInput
from nlp.read import pdf
from nlp.read.text import read_path

PDF_ENCODING = "pdf"
"""The ``encoding`` of a PDF source: its text is the extracted text layer, carried in the record."""


class Source(NamedTuple):
    text: str
    encoding: str
    pages: tuple[tuple[int, int], ...] = ()   # a PDF's page spans; () for a text file


def read_source(path: str | Path, max_pages: int | None = pdf.MAX_PAGES, max_bytes: int | None = None) -> Source:
    """The text of a file and, for a PDF (by its header, whatever its name), its pages. A file
    named ``.pdf`` that is not one is refused, saying what it is. ``max_bytes`` limits a text
    file (a PDF's limit is its pages)."""
    head = sniff(path)
    if head is not None and pdf.looks_like_pdf(head):
        text, pages = pdf.read_pdf(path, max_pages)
        return Source(text, PDF_ENCODING, pages)
    if head is not None and Path(path).suffix.lower() == ".pdf":
        raise BadInput(str(path), pdf.not_a_pdf_reason(head))
    text, encoding = read_path(path, max_bytes)
    return Source(text, encoding)


def sniff(path: str | Path) -> bytes | None:
    """The first bytes of a regular file; None for anything else (a pipe is read once, as text)
    or a file that cannot be read (the text reader says why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            return handle.read(pdf.SNIFF_BYTES)
    except OSError:
        return None


def is_pdf(path: str | Path) -> bool:
    head = sniff(path)
    return head is not None and pdf.looks_like_pdf(head)
