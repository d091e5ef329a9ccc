"""Every module, file and public name the README mentions exists (the README follows the code)."""
import importlib
import re

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOTTED = sorted(set(re.findall(r"`[^`]*?\b(nlp(?:\.\w+)+)", README)) | set(re.findall(r"-m (nlp(?:\.\w+)+)", README)))
PATHS = sorted(set(re.findall(r"\b((?:nlp|tests|annotations|benchmarks|notebooks)/[\w./-]*\w)", README)))
LAYOUT = re.search(r"```\nnlp/\n(.*?)```", README, re.S).group(1)


def test_the_readme_names_modules_and_files():
    assert "nlp.adapters.batch.tag_batch" in DOTTED and "nlp/paragraphs/rules.py" in PATHS


@pytest.mark.parametrize("dotted", DOTTED)
def test_dotted_name_exists(dotted):
    if dotted in ("nlp.add_pipe", "nlp.X"):   # spaCy's ``nlp`` object; the placeholder in ``nlp.X: error:``
        return
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[i:]:
            target = getattr(target, attribute)
        return
    pytest.fail(dotted)


@pytest.mark.parametrize("path", PATHS)
def test_path_exists(path):
    assert (ROOT / path).exists(), path


def test_the_layout_lists_every_module():
    listed = set()
    for line in LAYOUT.splitlines():
        listed.update(word for word in line.split("   ")[0].split() if word.endswith(".py"))
    modules = {str(p.relative_to(ROOT / "nlp")) for p in (ROOT / "nlp").rglob("*.py")
               if p.name != "__init__.py" or p.parent.name == "cli"}
    assert modules == listed


def test_the_readme_examples_are_the_current_output():
    # benchmarks/readme_examples.py regenerates them; a change of the tagger's output makes them stale
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "benchmarks" / "readme_examples.py")
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    assert examples.MARKER.search(README), "no example block is marked"
    _, stale = examples.regenerate(README)
    assert stale == [], "run python benchmarks/readme_examples.py"
