"""The helpers every command shares: print a message, emit machine output.

Messages and progress go to stderr, one line each (`eprint`, also the `say` callback
the application layer gets); machine output goes to stdout or `-o FILE` (`emit`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from stackgraph.errors import UsageError


def eprint(message: str) -> None:
    """Print one line to stderr."""
    print(message, file=sys.stderr, flush=True)


def emit(data: str | bytes, output: Path | None) -> None:
    """Write machine output to `output`, or to stdout; raises UsageError when the file cannot be written."""
    if output is not None:
        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {exc.strerror}; choose another --output") from None
        eprint(f"stackgraph: wrote {output}")
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()
