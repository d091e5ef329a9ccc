"""What both notebooks need first: the dataset folder.

The dataset is the folder named by ``BUDGET_NLP_DATASET`` (the test suite sets it), else a fresh
``python -m nlp.dataset build`` into a temporary folder, so a notebook runs on a fresh checkout.
Plot labels: :func:`nlp.adapters.plots.label_display`.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nlp.adapters.hf_dataset import build


def dataset_folder() -> Path:
    given = os.environ.get("BUDGET_NLP_DATASET")
    if given:
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="budget-nlp-")) / "dataset"
    build(folder)
    return folder
