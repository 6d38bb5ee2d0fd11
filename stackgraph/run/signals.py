"""SIGINT/SIGTERM during a run: count them and wake the executor, nothing more.

The handler runs in the main thread between two bytecodes, possibly while the
executor holds a lock, so it only does what is reentrant: it puts the signal on a
`queue.SimpleQueue` (whose `put` is documented as reentrant). The executor's loop,
which waits on that queue, decides what each signal means: the first stops
scheduling and sends SIGINT to every running process group, the second escalates.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from queue import SimpleQueue
from types import FrameType
from typing import Any

CAUGHT = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def forward_signals(events: SimpleQueue[Any]) -> Iterator[bool]:
    """Put `("signal", signum)` on `events` for every SIGINT/SIGTERM until the block ends.

    Yields False (and installs nothing) outside the main thread, where Python cannot
    install handlers. The previous handlers are restored on exit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield False
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        events.put(("signal", signum))

    previous = {sig: signal.signal(sig, handler) for sig in CAUGHT}
    try:
        yield True
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
