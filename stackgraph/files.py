"""Read a file without ever blocking: a FIFO, socket or device named like a file stackgraph reads is refused.

`open()` on a FIFO waits for a writer forever; this opens with O_NONBLOCK and checks with fstat that the
file is regular before reading a byte.
"""

from __future__ import annotations

import errno
import os
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
