"""Reading: bytes or a file → the decoded text that every offset indexes (SPEC §2, §5); a PDF
→ its text layer and pages (:mod:`nlp.read.pdf`, imported lazily)."""
from nlp.read.source import Source, read_source
from nlp.read.text import decode, read_path

__all__ = ["Source", "decode", "read_path", "read_source"]
