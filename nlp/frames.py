"""``nlp.frames``: tidy pandas DataFrames of tagged documents (paragraphs, sentences, sections,
entities). The home of the code is :mod:`nlp.adapters.frames`; this name is the short one users
type (``from nlp import frames``)."""
from nlp.adapters.frames import (  # noqa: F401
    FRAMES, FramesError, batches, document_record, entities, exact_decimal, frame, paragraphs,
    records, register_frame, schema, sections, sentences, to_parquet,
)
