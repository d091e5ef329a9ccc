"""The one rule for where a command may write (every command that writes goes through it).

A file output (``nlp.tag --output``, ``nlp.train --output``) replaces only a regular file or
nothing: never one of the run's inputs, a symbolic link, a directory, a FIFO, a device or a
socket, and never a path inside an input directory (the next run would tag it as a document).

A folder output (``nlp.dataset build --output``, ``nlp.compare --output``) goes only into a
folder that does not exist, an empty folder, or a folder the command made itself: a command
that writes a folder leaves a marker file, :data:`MARKER`, listing what it wrote, and a later
run may replace exactly those files. Anything else in the folder — a file the user put there —
makes the command refuse, so that nothing it did not write is ever replaced or deleted.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from nlp.cli import CommandError

MARKER = ".budget-nlp-output"
_MARKER_HEADER = "# written by budget-nlp ({command}); the files it wrote, one a line, which a later run may replace\n"


def check_output_file(target: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                      input_dirs: Iterable[str | os.PathLike] = ()) -> None:
    """Raise :class:`CommandError` unless ``target`` may be replaced by a regular file: it is
    absent or a regular file, not one of ``inputs`` and not inside one of ``input_dirs``."""
    path = Path(target)
    if path.is_symlink():
        raise CommandError(f"{path}: is a symbolic link; refusing to replace it "
                           "(give the file it points to, or another name)")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise CommandError(f"{path}: cannot write the output: {error.strerror or error}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise CommandError(f"{path}: cannot write the output: is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise CommandError(f"{path}: not a regular file (a FIFO, device or socket); "
                           "--output replaces only regular files (use the shell to write elsewhere)")
    if mode is not None:
        for source in inputs:
            try:
                same = os.path.samefile(path, source)
            except OSError:
                same = False
            if same:
                raise CommandError(f"{path}: is also an input of this run; refusing to overwrite it")
    resolved = path.resolve()
    for directory in input_dirs:
        if resolved.is_relative_to(Path(directory).resolve()):
            raise CommandError(f"{path}: is inside the input directory {directory}; "
                               "the next run would read it as a document — write it elsewhere")


def claim_folder(folder: str | os.PathLike) -> list[str]:
    """Check that ``folder`` may be written: it does not exist, is empty, or holds only the
    files its :data:`MARKER` lists (a previous run of a command wrote them). Returns those
    files (relative, ``/``-separated); raises :class:`CommandError` otherwise."""
    folder = Path(folder)
    if folder.is_symlink():
        raise CommandError(f"{folder}: is a symbolic link; give a folder")
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise CommandError(f"{folder}: exists and is not a folder")
    written = _listed(folder)
    foreign = sorted(set(_files(folder)) - set(written) - {MARKER})
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise CommandError(f"{folder}: holds files this command did not write ({shown}); "
                           "give a new or empty folder as --output")
    return written


def write_marker(folder: str | os.PathLike, command: str, files: Iterable[str]) -> None:
    """Record in ``folder`` which files ``command`` wrote there (see :func:`claim_folder`)."""
    from nlp.cli.atomic_output import write_atomically

    text = _MARKER_HEADER.format(command=command) + "".join(f"{name}\n" for name in sorted(set(files)))
    write_atomically(Path(folder) / MARKER, text)


def _listed(folder: Path) -> list[str]:
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{folder / MARKER}: unreadable ({error})") from None
    return [line for line in lines if line and not line.startswith("#")]


def _files(folder: Path) -> list[str]:
    """Everything in ``folder`` that is not a directory (symbolic links included, not followed)."""
    found = []

    def unreadable(error: OSError) -> None:
        raise CommandError(f"{error.filename}: cannot read ({error.strerror}); give a new or empty folder")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        relative = Path(root).relative_to(folder)
        found += [(relative / name).as_posix() for name in files]
        found += [(relative / name).as_posix() for name in dirs if (Path(root) / name).is_symlink()]
    return found
