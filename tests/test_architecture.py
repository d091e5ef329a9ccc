"""SPEC §8: the core (document model, reading, segmentation, entities, paragraph classification,
the tag pipeline) imports only the standard library, ``regex`` and other core modules — never
the learning code, the adapters, the command-line modules or a heavy library.

Checked on the source, by walking the import statements with :mod:`ast` (no grep, nothing
imported), transitively through the ``nlp`` modules a core module imports; and in a fresh
process, by the modules that tagging a text file actually loads."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS_FILES, ROOT

PACKAGE = ROOT / "nlp"
CORE = ("nlp", "nlp.model", "nlp.errors", "nlp.pipeline", "nlp.read", "nlp.segment", "nlp.entities",
        "nlp.paragraphs")
"""The core: these modules and every module of these packages."""
THIRD_PARTY_IN_CORE = {"regex"}
HEAVY = {"sklearn", "spacy", "pandas", "datasets", "pyarrow", "matplotlib", "tqdm", "numpy", "scipy",
         "jieba", "thinc", "torch", "huggingface_hub"}
LAZY_IN_CORE = {
    "nlp.read": {"pypdfium2"},             # PDF reading, only when a PDF is read
    "nlp.paragraphs.linear_model": {"jieba"},   # word n-gram models only, never the shipped one
}
"""Libraries a core module may import inside a function (never at import time)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_core(name: str) -> bool:
    return any(name == c or (c != "nlp" and name.startswith(c + ".")) for c in CORE)


CORE_MODULES = sorted(name for name in MODULES if is_core(name))


def imports(name: str) -> tuple[set[str], set[str]]:
    """(modules imported when ``name`` is imported, modules imported only inside functions) as
    absolute dotted names; ``from X import y`` counts as ``X.y`` when that is a module."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    at_import: set[str] = set()
    lazy: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            found: list[str] = []
            if isinstance(child, ast.Import):
                found = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[:len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                found = [base] + [f"{base}.{alias.name}" for alias in child.names
                                  if module_path(f"{base}.{alias.name}") is not None]
            (lazy if inside else at_import).update(found)
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return at_import, lazy


def with_parents(name: str) -> set[str]:
    """Importing ``a.b.c`` runs ``a`` and ``a.b`` first."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def loaded_at_import(name: str) -> dict[str, str]:
    """Every module importing ``name`` loads (walking the ``nlp`` modules transitively), each
    with the ``nlp`` module whose import statement names it."""
    seen: dict[str, str] = {}
    todo = [(n, name) for n in with_parents(name)]
    while todo:
        current, importer = todo.pop()
        if current in seen:
            continue
        seen[current] = importer
        if current in MODULES:
            direct, _ = imports(current)
            todo.extend((m, current) for d in direct for m in with_parents(d))
    return seen


def test_the_walk_finds_the_core_and_its_imports():
    """The walk itself: the core is there, and the imports it knows are found."""
    assert {"nlp.model", "nlp.pipeline", "nlp.read.text", "nlp.segment.segmenter", "nlp.entities.tagger",
            "nlp.paragraphs.linear_model"} <= set(CORE_MODULES)
    assert not any(is_core(n) for n in ("nlp.learn.training", "nlp.adapters.writers", "nlp.cli", "nlp.tag"))
    pipeline = loaded_at_import("nlp.pipeline")
    assert {"nlp.segment.segmenter", "nlp.entities.tagger", "nlp.entities.numerals", "regex"} <= set(pipeline)
    assert "jieba" in imports("nlp.paragraphs.linear_model")[1]
    assert "sklearn" in loaded_at_import("nlp.learn.training")      # the walk would see a violation


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_imports_only_the_standard_library_regex_and_the_core(name):
    wrong = {module: importer for module, importer in loaded_at_import(name).items()
             if not (is_core(module) if module.split(".")[0] == "nlp"
                     else module.split(".")[0] in sys.stdlib_module_names | THIRD_PARTY_IN_CORE)}
    assert not wrong, f"{name} loads (module: imported by) {wrong}"


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_imports_nothing_else_even_inside_functions(name):
    _, lazy = imports(name)
    allowed = set().union(*(libs for owner, libs in LAZY_IN_CORE.items()
                            if name == owner or name.startswith(owner + ".")))
    wrong = {m for m in lazy if (not is_core(m) if m.split(".")[0] == "nlp"
                                 else m.split(".")[0] not in sys.stdlib_module_names | THIRD_PARTY_IN_CORE | allowed)}
    assert not wrong, f"{name} imports {sorted(wrong)} inside a function"


def test_tagging_a_text_file_loads_no_heavy_library(tmp_path):
    """A fresh process: ``python -m nlp.tag`` on a seed, as a user runs it (one input, so no
    worker pool either), then the modules it loaded."""
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['nlp.tag', {str(CORPUS_FILES[0])!r}, '--format', 'jsonl', '--output', {str(tmp_path / 'out.jsonl')!r}]\n"
        "try:\n"
        "    runpy.run_module('nlp.tag', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "import json\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").startswith('{"schema": "budget-doc/1"')
    assert "nlp.pipeline" in loaded and "regex" in loaded
    heavy = {m for m in loaded if m.split(".")[0] in HEAVY | {"pypdfium2", "multiprocessing"}}
    assert not heavy, sorted(heavy)
    assert not {m for m in loaded if m.startswith(("nlp.learn", "nlp.corpus"))}
