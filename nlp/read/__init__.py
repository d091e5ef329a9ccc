"""Reading: bytes or a file → the decoded text that every offset indexes (SPEC §2, §5)."""
from nlp.read.text import decode, read_path

__all__ = ["decode", "read_path"]
