"""Learning and evaluation (scikit-learn, spaCy textcat): classifier candidates, grouped
cross-validation, training and export, metrics, evaluation against the gold. Never imported by
the tag path."""
