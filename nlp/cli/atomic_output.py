"""Writing a file so that it is never seen half-written: a temporary file beside the target,
renamed into place only when complete (every command that writes a file)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO


class AtomicOutput:
    """A temporary file beside ``target`` that replaces it only on :meth:`commit`, so that
    ``target`` is never half-written; :meth:`discard` leaves an existing ``target`` as it was."""

    def __init__(self, target: str | os.PathLike):
        self.target = Path(target)
        if self.target.is_dir():
            raise IsADirectoryError(21, "is a directory", str(self.target))
        fd, self.temporary = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part",
                                              dir=self.target.parent)
        self.handle: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        self.handle.close()
        os.chmod(self.temporary, _mode_for(self.target))
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        self.handle.close()
        os.unlink(self.temporary)


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, else what a plain ``open`` would give
    (``mkstemp`` makes the temporary file private)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """``content`` (text as UTF-8, or bytes) into ``path`` (its folder made if needed), never
    seen half-written."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    output = AtomicOutput(path)
    try:
        if isinstance(content, bytes):
            output.handle.buffer.write(content)
        else:
            output.handle.write(content)
    except BaseException:
        output.discard()
        raise
    output.commit()
