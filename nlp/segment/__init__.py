"""Segmentation: text → sections (heading tree), paragraphs (text, table, toc, noise) and
sentences, with exact offsets. The layout rules are data in :mod:`nlp.segment.rules`."""
from nlp.segment.segmenter import segment

__all__ = ["segment"]
