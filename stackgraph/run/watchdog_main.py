"""The watchdog, run as a script (`python -I -S watchdog_main.py`) by run/watchdog.py: Linux only.

Its stdin is a pipe whose only writer is stackgraph: a line `+PGID` when stackgraph starts an
engine's process group, `-PGID` when that group is gone. At the end of its input (every writer
closed: stackgraph exited, or was killed, even by SIGKILL, which it cannot catch) it sends SIGINT
once to each group still registered, the signal a Ctrl-C sends, so an engine cancels cleanly and
releases its lock instead of running on, an orphan. After a normal run no group is registered and
it exits quietly. A line `dHEX` names a folder (its path's bytes in hex) to remove at that end, after
the signals: the private folder where the engines write what must not outlive stackgraph (their event
logs, debug events included). An engine still writing there writes on into a file no name reaches.
It runs in a session of its own (a terminal's Ctrl-C does not reach it), ignores
SIGINT, and imports the standard library only: it runs isolated (-I), without site (-S).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    groups: set[int] = set()
    folders: list[bytes] = []
    for line in sys.stdin.buffer:
        text = line.strip()
        if text[:1] in (b"+", b"-") and text[1:].isdigit():
            (groups.add if text[:1] == b"+" else groups.discard)(int(text[1:]))
        elif text[:1] == b"d":
            with contextlib.suppress(ValueError):
                folders.append(bytes.fromhex(text[1:].decode("ascii")))
    for pgid in sorted(groups):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGINT)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
