"""The notebooks are stored executed, and run again here from top to bottom (nbclient) on a fresh
build of the dataset, so that they cannot rot."""

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from nlp.adapters.hf_dataset import build

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = [NOTEBOOK_DIR / "corpus_exploration.ipynb", NOTEBOOK_DIR / "classifier_comparison.ipynb"]


@pytest.fixture(scope="module")
def notebook_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the kernel: the dataset to read, and no Hub."""
    folder = tmp_path_factory.mktemp("notebooks")
    build(folder / "dataset")
    return {"BUDGET_NLP_DATASET": str(folder / "dataset"), "HF_DATASETS_CACHE": str(folder / "cache"),
            "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def images(notebook) -> int:
    return sum("image/png" in output.get("data", {}) for cell in code_cells(notebook) for output in cell.outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed_in_order(path):
    notebook = nbformat.read(path, as_version=4)
    assert [cell.execution_count for cell in code_cells(notebook)] == list(range(1, len(code_cells(notebook)) + 1))
    assert not [o for cell in code_cells(notebook) for o in cell.outputs if o.output_type == "error"]
    assert images(notebook) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_build(path, notebook_env, monkeypatch):
    for name, value in notebook_env.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()   # raises on a failing cell
    assert images(notebook) >= 1
