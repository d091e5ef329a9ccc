"""Adapters at the edges: output formats (JSON, text outline, CoNLL, HTML), Arrow batches and the
worker pool, the spaCy components, the Hugging Face dataset and its card, plots."""
