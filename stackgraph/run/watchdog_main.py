"""The watchdog, run as a script (`python -I -S watchdog_main.py`) by run/watchdog.py: Linux only.

Its stdin is a pipe whose only writer is stackgraph: a line `+PGID` when stackgraph starts an
engine's process group, `-PGID` when that group is gone. At the end of its input (every writer
closed: stackgraph exited, or was killed, even by SIGKILL, which it cannot catch) it sends SIGINT
once to each group still registered, the signal a Ctrl-C sends, so an engine cancels cleanly and
releases its lock instead of running on, an orphan. After a normal run no group is registered and
it exits quietly. It runs in a session of its own (a terminal's Ctrl-C does not reach it), ignores
SIGINT, and imports the standard library only: it runs isolated (-I), without site (-S).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    groups: set[int] = set()
    for line in sys.stdin.buffer:
        text = line.strip()
        if text[:1] in (b"+", b"-") and text[1:].isdigit():
            (groups.add if text[:1] == b"+" else groups.discard)(int(text[1:]))
    for pgid in sorted(groups):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGINT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
