"""Entities: AMOUNT, PERCENT and EXP_CODE spans with normalised values (SPEC §4). Numbers as
written → exact decimals in :mod:`~nlp.entities.numerals`; the 政府收支分类科目 table in
:mod:`~nlp.entities.expenditure_codes`."""
from nlp.entities.tagger import find_entities

__all__ = ["find_entities"]
