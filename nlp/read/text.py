"""Decoding disclosure files into the exact text every offset refers to (SPEC §1–2).

Only a leading byte-order mark is removed; line ends, widths and spaces are kept as they are,
so that ``text[start:end]`` of any span is what the file says.
"""
from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import regex

from nlp.errors import BadInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("utf-8", "gb18030")

# C0 controls other than tab, line feed, vertical tab, form feed and carriage return: a text
# extracted from a PDF may carry the odd one, a binary file carries many.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`BadInput` for empty, binary or undecodable data."""
    if not data:
        raise BadInput(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig" and b"\x00" in data:
                raise BadInput(source, "binary data (NUL bytes) in a file without a UTF-16 byte-order mark")
            text = _strict(data, encoding, source, offset=len(bom) if encoding == "utf-8-sig" else 0)
            break
    else:
        if b"\x00" in data:
            raise BadInput(source, "binary data (NUL bytes) in a file without a UTF-16 byte-order mark")
        for encoding in _FALLBACKS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError as exc:
                if encoding == "utf-8" and _cut_inside_a_character(data, exc):
                    raise BadInput(source, f"undecodable: truncated UTF-8, the file ends inside a character "
                                           f"(byte {exc.start} of {len(data)})") from None
                continue
        else:
            raise BadInput(source, "undecodable: neither UTF-8, GB18030 nor UTF-16 with a byte-order mark")
        if encoding == "utf-8" and _looks_misread(text, data):
            try:
                candidate = data.decode("gb18030")
            except UnicodeDecodeError:
                candidate = ""
            if _CJK.search(candidate):
                text, encoding = candidate, "gb18030"
        if encoding == "gb18030" and _not_simplified_chinese(text):
            raise BadInput(source, "not a Chinese encoding we read (it looks like Big5 or Shift-JIS); "
                                   "convert it to UTF-8 or GB18030")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput(source, "empty file (no text)")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BadInput(source, f"binary data ({controls} control characters)")
    return text, encoding


_CJK = regex.compile(r"[\u00a0\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")


_LATIN_WORD = regex.compile(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]")
_NON_ASCII_RUN = regex.compile(rb"[\x80-\xff]+")
_GB2312_RUN = regex.compile(rb"(?:[\xa1-\xfe]{2})+")


def _looks_misread(text: str, data: bytes) -> bool:
    """Valid UTF-8 is read as UTF-8, with one exception: a short GB2312 text can be valid UTF-8
    too ("目录" → "Ŀ¼", "元" → "Ԫ"). It is taken for GB18030 only when its UTF-8 reading has no
    Chinese character or punctuation, no accented letter inside a Latin word ("Müller"), and its
    bytes are GB2312 pairs (both bytes 0xA1–0xFE, which emoji, Cyrillic or Greek in UTF-8 are
    not: their second byte is mostly below 0xA1)."""
    return (bool(_NON_ASCII.search(text)) and not _CJK.search(text) and not _LATIN_WORD.search(text)
            and all(_GB2312_RUN.fullmatch(run) for run in _NON_ASCII_RUN.findall(data)))


_MAX_OUTSIDE_GB2312 = 0.2


def _not_simplified_chinese(text: str) -> bool:
    """Big5 and Shift-JIS bytes decode as GB18030 too, into rare characters: a budget disclosure
    in GB18030 is nearly all GB2312 (the 6,763 common simplified characters and the usual
    symbols), Big5 or Shift-JIS read as GB18030 is largely outside it."""
    counts: dict[str, int] = {}
    for char in _NON_ASCII.findall(text):
        counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    outside = sum(n for char, n in counts.items() if not _in_gb2312(char))
    return outside >= 2 and outside > _MAX_OUTSIDE_GB2312 * total


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _cut_inside_a_character(data: bytes, error: UnicodeDecodeError) -> bool:
    """UTF-8 text that is valid up to an incomplete last character, and has multi-byte
    characters before it, is UTF-8 cut short -- not GB18030, which would read it as mojibake."""
    return (error.reason == "unexpected end of data" and error.end == len(data)
            and bool(_NON_ASCII.search(data[:error.start].decode("utf-8"))))


def read_path(path: str | Path, max_bytes: int | None = None) -> tuple[str, str]:
    """Read and decode a file; errors name the file."""
    return decode(read_bytes(path, max_bytes), str(path))


class TooLarge(BadInput):
    """A file over the size limit; ``size`` is its size in bytes when known (a regular file)."""

    def __init__(self, source: str, limit: int, size: int | None = None):
        measured = "" if size is None else f"{size / 1e6:.1f} MB, "
        super().__init__(source, f"too large: {measured}over the {limit / 1e6:g} MB limit")
        self.limit, self.size = limit, size

    def __reduce__(self):
        return TooLarge, (self.source, self.limit, self.size)


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, or of a pipe (``<(command)``, a FIFO), at most ``max_bytes``
    of them (:class:`TooLarge` beyond): the limit is counted while reading, since a pipe or a
    device has no size to check first. A device or a socket is refused; a FIFO waits for its
    writer at most :data:`FIFO_WAIT_SECONDS`, instead of for ever."""
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise BadInput(source, "no such file") from None
    except IsADirectoryError:
        raise BadInput(source, "is a directory") from None
    except OSError as exc:
        raise BadInput(source, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput(source, "is a directory")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise BadInput(source, "not a regular file (a device or a socket)")
        if max_bytes is not None and stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise TooLarge(source, max_bytes, info.st_size)
        if stat.S_ISFIFO(info.st_mode):
            _wait_for_a_writer(fd, source)
        data = _read_at_most(fd, None if max_bytes is None else max_bytes + 1)
    except OSError as exc:
        raise BadInput(source, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(source, max_bytes)
    return data


FIFO_WAIT_SECONDS = 60.0
"""How long a FIFO may go without a writer (``mkfifo p; nlp.tag p`` and nothing writes)."""


def _wait_for_a_writer(fd: int, source: str) -> None:
    """Wait until the FIFO has data or its writer has come and gone, at most
    :data:`FIFO_WAIT_SECONDS`; then reading may block (the writer is there)."""
    import select

    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(FIFO_WAIT_SECONDS * 1000):
            raise BadInput(source, f"a FIFO that nothing wrote to within {FIFO_WAIT_SECONDS:g} s")
    os.set_blocking(fd, True)


def _read_at_most(fd: int, limit: int | None) -> bytes:
    chunks, total = [], 0
    while limit is None or total < limit:
        chunk = os.read(fd, 1 << 20 if limit is None else min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _strict(data: bytes, encoding: str, source: str, offset: int = 0) -> str:
    """Decode; ``offset``: bytes the codec skips before counting (utf-8-sig's byte-order mark),
    so that the error names the byte of the file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BadInput(source, f"undecodable as {encoding} at byte {exc.start + offset}") from None
