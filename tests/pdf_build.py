"""PDFs made inside the tests: lines of text drawn on pages in a font made here and embedded in
the PDF, so that the PDF route can be checked against the text route without any document or
font file from outside the repository.

Why a font of our own: reportlab's built-in Chinese font (STSong-Light) is not embedded, and
where no Chinese font is installed PDFium cannot load it: the glyphs have empty boxes, nothing is
drawn, and PDFium's check for text drawn twice (fake bold: the same string over itself) loses its
overlap test, so a line that repeats the line above it, or a lone character under a line ending
in it, is dropped from the text layer. Real disclosures embed their fonts; so does this one: a
TrueType font with one box-shaped glyph per character used (full width for CJK, half for ASCII),
embedded by fpdf2 as a CID font with a ToUnicode map, as word processors embed theirs.
"""
from datetime import datetime, timezone
from pathlib import Path

FONT = "BudgetTestSans"


def build_pdf(path: Path, pages: list[list[str]], encrypt: str | None = None, size: int = 10) -> Path:
    """Write ``pages`` (each a list of lines, top to bottom) as a PDF; ``encrypt``: a user password."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    characters = {c for lines in pages for line in lines for c in line if c not in "\t\r\n\f"} | {" "}
    font_file = _box_font(Path(path).with_suffix(".ttf"), characters)
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=timezone.utc))   # the same bytes every run
    pdf.add_font(FONT, fname=str(font_file))
    pdf.set_font(FONT, size=size)
    for lines in pages:
        pdf.add_page()
        y = 50
        for line in lines:
            indent = 2 * size if line.startswith("\t") else 0
            pdf.text(50 + indent, y, line.strip("\t"))
            y += size * 2
    if encrypt:
        pdf.set_encryption(owner_password=encrypt + "-owner", user_password=encrypt,
                           encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    font_file.unlink()
    return path


def _box_font(path: Path, characters: set[str]) -> Path:
    """A TrueType font mapping each of ``characters`` to a box glyph (a space to an empty one)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    from nlp.segment.rules import display_width

    chars = sorted(characters)
    names = [".notdef"] + [f"u{ord(c):04X}" for c in chars]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): n for c, n in zip(chars, names[1:])})
    glyphs, metrics = {}, {}
    for char, name in zip([None] + chars, names):
        advance = 500 if char is None or display_width(char) == 1 else 1000
        pen = TTGlyphPen(None)
        if char is None or not char.isspace():
            pen.moveTo((50, -80))
            pen.lineTo((50, 800))
            pen.lineTo((advance - 50, 800))
            pen.lineTo((advance - 50, -80))
            pen.closePath()
        glyphs[name] = pen.glyph()
        metrics[name] = (advance, 0 if char is not None and char.isspace() else 50)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": FONT, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def pages_of(shaped: str) -> list[list[str]]:
    """The pages of a PDF-shaped text (form feeds between pages) as lists of lines."""
    return [[line for line in page.split("\n") if line.strip()] for page in shaped.split("\f")]
