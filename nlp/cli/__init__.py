"""The conventions every command shares (``nlp.tag``, ``nlp.train``, ``nlp.compare``,
``nlp.evaluate``, ``nlp.dataset``): a problem the user can fix is one line on stderr,
``nlp.X: error: message``, and exit status 2; Ctrl-C exits 130 and SIGTERM 143 with nothing
half-written; a reader that goes away (``| head``) ends the run quietly; an output that cannot be
written (a full disk, a read-only folder) is such a one-line error, never a traceback. Files are
written through :mod:`nlp.cli.atomic_output`."""
from __future__ import annotations

import os
import re
import signal
import sys
from typing import Any, Callable

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A problem the user can fix; its message is the part after ``nlp.X: error:``."""


def report(prog: str, message: str, bar: Any = None) -> None:
    """The error line on stderr (above a progress bar, if one is shown). A closed or broken
    stderr loses the line, never the run."""
    line = f"{prog}: error: {one_line(str(message))}"
    try:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        elif sys.stderr is not None:
            print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(message: str) -> str:
    """``message`` as one line of plain text: control characters (a newline or an escape
    sequence in a file name) shown escaped, as Python writes them (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message)


def run_command(prog: str, body: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Run a command's ``body(argv)`` with the shared ways of ending: :class:`CommandError` and
    unwritable outputs → one line and exit 2, Ctrl-C → 130, broken pipe → quiet."""
    try:
        return body(argv)
    except CommandError as error:
        report(prog, str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say(f"{prog}: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except OSError as error:    # ENOSPC, EACCES, EROFS … on an output
        where = f"{error.filename}: " if error.filename else ""
        report(prog, f"{where}cannot write: {error.strerror or error}")
        _silence_stdout()
        return EXIT_BAD_INPUT


def exit_with(main: Callable[[], int]) -> None:
    """The ``__main__`` entry of a command: SIGTERM ends it like Ctrl-C (exit 143, outputs left
    as they were, since every write is atomic), then ``sys.exit(main())``."""
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
