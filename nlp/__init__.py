"""budget-nlp: segment, tag and classify Chinese government budget disclosures."""
__version__ = "0.1.0"


def __getattr__(name: str):
    """``nlp.frames`` on first use, so that ``import nlp`` stays free of pandas and pyarrow."""
    if name == "frames":
        import importlib

        return importlib.import_module("nlp.frames")
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
