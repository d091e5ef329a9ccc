"""Shared fixtures: the corpus, and the PDF-extracted documents beside the repo (never copied)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PDF_TEXT = ROOT.parent / "shared" / "pdf-text"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def pdf_text_files():
    return sorted(PDF_TEXT.glob("*.txt")) if PDF_TEXT.is_dir() else []


@pytest.fixture(params=pdf_text_files() or [None], ids=lambda p: p.stem if p else "absent")
def pdf_text_path(request):
    if request.param is None:
        pytest.skip("../shared/pdf-text is not beside the repo")
    return request.param
