"""Tables and facts: budget tables parsed from a disclosure's text, their closure check, the
document's own facts (department, year, 预算/决算) and one fact row per number (SPEC §9)."""
from nlp.tables.parse import find_tables, table_kind
from nlp.tables.structure import Cell, Row, Table

__all__ = ["Cell", "Row", "Table", "find_tables", "table_kind"]
