"""What both notebooks need before their first plot: the dataset folder and readable label names.

The dataset is the folder named by ``BUDGET_NLP_DATASET`` (the test suite sets it), else a fresh
``python -m nlp.dataset build`` into a temporary folder, so a notebook runs on a fresh checkout.
``label_display`` (from :mod:`nlp.plots`) sets matplotlib up for the paragraph labels.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nlp.dataset import build
from nlp.plots import label_display  # noqa: F401  (re-exported for the notebooks)


def dataset_folder() -> Path:
    given = os.environ.get("BUDGET_NLP_DATASET")
    if given:
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="budget-nlp-")) / "dataset"
    build(folder)
    return folder
