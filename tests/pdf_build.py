"""PDFs made inside the tests: lines of text drawn on pages with reportlab's built-in Chinese
font (STSong-Light, a CID font that needs no font file), so that the PDF route can be checked
against the text route without any document from outside the repository."""
from pathlib import Path

FONT = "STSong-Light"


def build_pdf(path: Path, pages: list[list[str]], encrypt: str | None = None, size: int = 10) -> Path:
    """Write ``pages`` (each a list of lines, top to bottom) as a PDF; ``encrypt``: a user password."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    sheet = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    for lines in pages:
        sheet.setFont(FONT, size)
        y = height - 50
        for line in lines:
            indent = 2 * size if line.startswith("\t") else 0
            sheet.drawString(50 + indent, y, line.strip("\t"))
            y -= size * 2
        sheet.showPage()
    sheet.save()
    return path


def pages_of(shaped: str) -> list[list[str]]:
    """The pages of a PDF-shaped text (form feeds between pages) as lists of lines."""
    return [[line for line in page.split("\n") if line.strip()] for page in shaped.split("\f")]
