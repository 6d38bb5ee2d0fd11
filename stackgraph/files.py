"""Read a file without ever blocking: a FIFO, socket or device named like a file stackgraph reads is refused.

`open()` on a FIFO waits for a writer forever; this opens with O_NONBLOCK and checks with fstat that the
file is regular before reading a byte.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class NotRegular(OSError):
    """The path is a FIFO, socket or device: never read."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


def read_bytes(path: str | Path) -> bytes:
    """Return the content of the regular file at `path` (links followed); raise OSError (NotRegular for a
    FIFO, socket or device, IsADirectoryError for a folder) otherwise."""
    fd = os.open(path, _FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegular(path)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str | Path) -> str:
    """Return the UTF-8 text of the regular file at `path`; raise OSError or UnicodeDecodeError."""
    return read_bytes(path).decode("utf-8")


_LONE_BYTE = re.compile(r"\\\\|\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}|\\udc([89a-f][0-9a-f])")
"""In JSON made with ensure_ascii: an escaped backslash, a surrogate pair (a character beyond the BMP), or the
lone surrogate (U+DC80..U+DCFF) that stands for one byte of a file name that is not UTF-8 (captured)."""


def shown(text: str) -> str:
    """Return `text` with each byte of a name that is not UTF-8 (a lone surrogate, as os.fsdecode gives it)
    written `\\xNN`: `n\\udce9t` -> `n\\xe9t`, valid UTF-8 anywhere (a terminal, a file, a JSON string).
    Any other text is returned as it is; pure."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def shown_json(text: str) -> str:
    """Return JSON text (made with ensure_ascii, as json.dumps does by default) with each lone surrogate
    escape of a byte that is not UTF-8 (`\\udce9`, which strict JSON parsers refuse) written as the
    characters `\\xe9`, as `shown` writes it; any other JSON is returned as it is; pure."""
    if "\\udc" not in text:
        return text
    return _LONE_BYTE.sub(lambda m: "\\\\x" + m[1] if m[1] else m[0], text)
