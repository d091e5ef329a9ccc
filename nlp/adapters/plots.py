"""Plots of paragraph labels with matplotlib (an adapter: imported only by what draws).

Labels are drawn in Chinese when a font with their glyphs is installed, else in English: the
default DejaVu Sans has no CJK glyphs and would draw empty boxes.
"""
from __future__ import annotations

from typing import Callable

from nlp.model import PARAGRAPH_LABELS, PARAGRAPH_LABELS_EN


def cjk_font(sample: str = "".join(PARAGRAPH_LABELS)) -> str | None:
    """The name of an installed font that draws every character of ``sample``: each has a glyph,
    and different characters have different glyphs (a last-resort font such as matplotlib's
    LastResortHE maps every CJK character to one placeholder box)."""
    from matplotlib import font_manager

    for entry in sorted(font_manager.fontManager.ttflist, key=lambda f: (f.name, f.fname)):
        try:
            font = font_manager.get_font(entry.fname)
        except (OSError, RuntimeError):      # a font file matplotlib lists but cannot open
            continue
        glyphs = {font.get_char_index(ord(character)) for character in set(sample)}
        if 0 not in glyphs and len(glyphs) == len(set(sample)):
            return entry.name
    return None


def label_display() -> Callable[[str], str]:
    """Set matplotlib up for the paragraph labels; returns how to write a label in a plot."""
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, *plt.rcParams["font.sans-serif"]]
        return lambda label: label
    return lambda label: PARAGRAPH_LABELS_EN.get(label, label)
