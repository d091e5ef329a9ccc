"""budget-nlp: segment, tag and classify Chinese government budget disclosures."""
__version__ = "0.1.0"
