"""Engines end with stackgraph (Linux): one watchdog process per stackgraph process.

Should stackgraph itself be killed (SIGKILL from a CI runner's hard cancel, the OOM killer), the
engines it started, each in a session of its own, would run on: orphans that hold their stack
locks and go on changing resources. So the first process stackgraph starts on Linux is a watchdog
(watchdog_main.py, this Python started again), told the process group of every engine; when
stackgraph is gone, whatever the cause, its pipe ends and it sends each group still running
SIGINT, once, as a Ctrl-C does: the engines cancel cleanly. Then it removes the private folder
(run/private.py) where the engines write their event logs, debug events included.

Not PR_SET_PDEATHSIG: the kernel sends that signal each time the process is handed to another
parent, and a killed stackgraph's threads exit one by one, so an engine started by a worker thread
could get SIGINT twice, which tells Pulumi to stop at once without cleaning up. Not `preexec_fn`
either (unsafe when threads run). A pipe ends only when the whole process is gone, and the watchdog
signals each group once. Elsewhere than Linux nothing is started.

A group started and not yet registered when stackgraph is killed (a few microseconds) is not
signalled; a watchdog that cannot be started is said (`missing`) in each step's log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

_MAIN = Path(__file__).with_name("watchdog_main.py")
_LINUX = sys.platform.startswith("linux")
_lock = threading.Lock()


class _State:
    proc: subprocess.Popen[bytes] | None = None
    missing: str | None = None  # why there is no watchdog


def _started() -> subprocess.Popen[bytes] | None:
    """The watchdog, started on first use (None: not on Linux, or it could not start); call under `_lock`."""
    if not _LINUX or _State.missing is not None or _State.proc is not None:
        return _State.proc
    why = None if sys.executable and os.access(sys.executable, os.X_OK) else "cannot be run again"
    if why is None:
        try:
            _State.proc = subprocess.Popen(  # argv list, never a shell; its stdin's only writer is this process
                [sys.executable, "-I", "-S", str(_MAIN)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
            )
        except OSError as exc:
            why = f"cannot be started ({exc.strerror})"
    if why is not None:
        _State.missing = (
            f"this process keeps running if stackgraph is killed: no watchdog, the Python interpreter "
            f"{sys.executable or '(unknown)'} {why}"
        )
    return _State.proc


def _tell(line: str) -> None:
    with _lock:
        proc = _started()
        if proc is None or proc.stdin is None:
            return
        try:
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
        except OSError:  # the watchdog is gone (killed on its own): said from now on, as when it could not start
            _State.missing = "this process keeps running if stackgraph is killed: the watchdog has ended"
            _State.proc = None


def watch(pgid: int) -> None:
    """Have the watchdog send SIGINT to process group `pgid` if stackgraph dies before `forget(pgid)`."""
    _tell(f"+{pgid}")


def forget(pgid: int) -> None:
    """The group `pgid` is gone: nothing to signal for it any more."""
    _tell(f"-{pgid}")


def remove_at_end(folder: Path) -> None:
    """Have the watchdog remove `folder` (after its signals) once stackgraph is gone, whatever the cause."""
    _tell("d" + os.fsencode(folder).hex())


def missing() -> str | None:
    """On Linux, why the engines would keep running if stackgraph were killed (None: they would not)."""
    with _lock:
        _started()
        return _State.missing


def reset() -> None:
    """Forget the watchdog and why it is missing (tests); a running one ends as its pipe is closed."""
    with _lock:
        proc, _State.proc, _State.missing = _State.proc, None, None
    if proc is not None:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait()
