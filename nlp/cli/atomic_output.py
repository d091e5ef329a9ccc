"""Writing a file so that it is never seen half-written: a temporary file beside the target,
renamed into place only when complete (every command that writes a file). The target must be
absent or a regular file (:func:`nlp.cli.targets.check_output_file`); the rename runs with
Ctrl-C and SIGTERM held back, so that an interrupted run leaves either the old file or the new
one, and never its temporary ``.part`` file."""
from __future__ import annotations

import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from nlp.cli.targets import check_output_file

_HELD_BACK = {signal.SIGINT, signal.SIGTERM}


class AtomicOutput:
    """A temporary file beside ``target`` that replaces it only on :meth:`commit`, so that
    ``target`` is never half-written; :meth:`discard` leaves an existing ``target`` as it was."""

    def __init__(self, target: str | os.PathLike):
        self.target = Path(target)
        check_output_file(self.target)
        try:
            fd, self.temporary = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part",
                                                  dir=self.target.parent)
        except OSError as error:   # name the output, not the temporary file
            raise OSError(error.errno, error.strerror, str(self.target)) from None
        self.handle: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.finished = False

    def commit(self) -> None:
        """Close and rename into place; all or nothing, even when a signal arrives meanwhile
        (it takes effect once the rename is done). A failed close (a full disk) discards."""
        with _signals_held_back():
            if self.finished:
                return
            try:
                self.handle.close()
                os.chmod(self.temporary, _mode_for(self.target))
                os.replace(self.temporary, self.target)
            except BaseException:
                self._remove_temporary()
                raise
            finally:
                self.finished = True

    def discard(self) -> None:
        """Remove the temporary file (no effect after :meth:`commit`, or a second time)."""
        with _signals_held_back():
            if self.finished:
                return
            self.finished = True
            self._remove_temporary()

    def _remove_temporary(self) -> None:
        try:
            self.handle.close()
        except OSError:     # the buffered rest could not be written: it is being thrown away
            pass
        try:
            os.unlink(self.temporary)
        except FileNotFoundError:
            pass


@contextmanager
def _signals_held_back() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (then their handlers run as usual)."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_BACK)
    except (AttributeError, OSError, ValueError):   # no pthread_sigmask on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
