"""Finding the files a command's arguments stand for: a directory's files, recursively, and the
files a glob matches — without following symbolic links to directories (a link back to a parent
would loop for ever, ``**`` through three such links grows exponentially), each file once, and
with the directories that could not be read returned too, so that they are reported rather than
skipped in silence."""
from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import NamedTuple


class Found(NamedTuple):
    files: list[str]
    """Paths of regular files (or symbolic links to them), sorted, each real file once."""
    unreadable: list[tuple[str, str]]
    """(directory, reason) for each directory that could not be listed."""


def walk_files(directory: str | os.PathLike, hidden: bool = True) -> Found:
    """Every file below ``directory``; symbolic links to directories are not entered."""
    unreadable: list[tuple[str, str]] = []
    files: list[str] = []
    seen: set[str] = set()

    def note(error: OSError) -> None:
        unreadable.append((str(error.filename), error.strerror or str(error)))

    for root, dirs, names in os.walk(directory, onerror=note, followlinks=False):
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        for name in names:
            path = Path(root) / name
            if not os.path.isfile(path):
                continue
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                files.append(str(path))
    return Found(sorted(files), unreadable)


def expand_glob(pattern: str) -> Found:
    """The files ``pattern`` matches (``**``: any number of directories, as ``glob.glob(...,
    recursive=True)``; ``*`` and ``?`` do not match a leading dot unless the pattern has one)."""
    if "**" not in pattern:
        files = sorted({p for p in glob.glob(pattern) if os.path.isfile(p)})
        return Found(_once(files), [])
    parts = pattern.split("/")
    fixed = 0
    while fixed < len(parts) and not glob.has_magic(parts[fixed]):
        fixed += 1
    prefix = "/".join(parts[:fixed])
    root = prefix or ("/" if pattern.startswith("/") else ".")
    if not os.path.isdir(root):
        return Found([], [])
    matcher = re.compile(_regex(parts[fixed:]), re.DOTALL)
    found = walk_files(root, hidden=any(part.startswith(".") for part in parts[fixed:]))
    files = []
    for path in found.files:
        relative = Path(path).relative_to(root).as_posix()
        if matcher.fullmatch(relative):
            files.append(path if prefix else relative)
    return Found(sorted(files), found.unreadable)


def _once(paths: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def _regex(components: list[str]) -> str:
    """A regular expression for relative paths, from the pattern's components after its fixed
    prefix."""
    pieces = []
    for index, component in enumerate(components):
        last = index == len(components) - 1
        if component == "**":
            pieces.append(".*" if last else "(?:[^/]*/)*")
        else:
            pieces.append(_component(component) + ("" if last else "/"))
    return "".join(pieces)


def _component(component: str) -> str:
    out, i = [], 0
    while i < len(component):
        char = component[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and component.find("]", i + 2) != -1:
            end = component.find("]", i + 2)
            body = component[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
