"""One step as one process: spawned without a shell in its own process group, signalled deliberately.

Each process leads a new session (`start_new_session=True`), so a terminal's Ctrl-C
does not reach it directly: stackgraph forwards signals to the whole group on purpose
(SIGINT first, so a Pulumi engine cancels cleanly and releases its lock; SIGTERM and
SIGKILL only to escalate). When the leader exits, whatever is left in its session (other
groups included: Pulumi's language hosts and plugins) is ended. Output (stdout and
stderr together) goes straight to the stack's log file, so nothing is read through a
pipe and a chatty process never blocks.

On Linux each group is also told to the watchdog (`popen`, run/watchdog.py): should stackgraph
itself be killed (SIGKILL from a CI runner's hard cancel, the OOM killer), the group gets the SIGINT
a Ctrl-C would have sent, so an engine cancels cleanly instead of running on, an orphan holding its lock.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from stackgraph.run import watchdog
from stackgraph.run.types import Step


class SpawnError(Exception):
    """The step's program could not be started (not found, not executable, bad folder)."""


def spawn(step: Step, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start `step` with its output appended to `log`; raises SpawnError with a one-line reason."""
    try:
        return popen(step.argv, cwd=step.cwd, env=step.env, stdout=log, stderr=subprocess.STDOUT)
    except FileNotFoundError as exc:
        if not Path(step.cwd).is_dir():
            raise SpawnError(f"cannot run {step.argv[0]}: the folder {step.cwd} does not exist") from None
        raise SpawnError(f"cannot run {step.argv[0]}: {exc.strerror}") from None
    except OSError as exc:
        raise SpawnError(f"cannot run {step.argv[0]}: {exc.strerror}") from None


def popen(
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdout: Any, stderr: Any, text: bool = False
) -> subprocess.Popen[Any]:
    """Start `argv` (no shell) in a new session, stdin from /dev/null; the watchdog signals its group
    should stackgraph die (run/watchdog.py): call `watchdog.forget(proc.pid)` once the group is gone.

    Raises OSError as `subprocess.Popen` does.
    """
    proc = subprocess.Popen(  # argv list, never a shell
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
        close_fds=True,
        text=text,
    )
    watchdog.watch(proc.pid)
    return proc


def signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to a process group; False when the group no longer exists."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    except PermissionError:
        # A member changed user (setuid helper): nothing we may signal is left.
        return False
    return True


def leftovers(leader: int) -> list[int] | None:
    """Live processes still in the step's session (the leader's own group and any other).

    Each step leads a new session, so its session id is the leader's pid; a Pulumi engine
    starts every language host and plugin in a process group of its own inside that
    session, and those outlive a killed engine. Zombies do not count: an orphan that died
    waits for init, and an init that never reaps (a bare container entry point) would
    otherwise keep them forever. None where there is no /proc to read (then only the
    leader's group can be reached, through killpg).
    """
    try:
        names = os.listdir("/proc")
    except OSError:
        return None
    out = []
    for name in names:
        if not name.isdigit():
            continue
        try:  # raw os calls: this runs after every step, and pathlib costs 4x as much here
            fd = os.open(f"/proc/{name}/stat", os.O_RDONLY)
            try:
                data = os.read(fd, 1024)
            finally:
                os.close(fd)
        except OSError:
            continue
        # After "(command name) ": state, ppid, pgrp, session, ...
        fields = data[data.rfind(b")") + 2 :].split(b" ", 4)
        if fields[0] not in (b"Z", b"X") and leader in (int(fields[2]), int(fields[3])):
            out.append(int(name))
    return sorted(out)


def reap(leader: int, grace_s: float) -> str | None:
    """End what is left of a step whose leader has exited: SIGTERM, then SIGKILL after `grace_s`.

    Returns a note for the log when something had to be ended, else None.
    """
    if not _alive(leader):
        return None
    _signal_all(leader, signal.SIGTERM)
    if _wait_gone(leader, grace_s):
        return "ended leftover processes of the step with SIGTERM"
    _signal_all(leader, signal.SIGKILL)
    _wait_gone(leader, 2.0)
    return f"leftover processes of the step ignored SIGTERM for {grace_s:g}s; killed them"


def _alive(leader: int) -> bool:
    members = leftovers(leader)
    if members is None:
        return signal_group(leader, 0)
    return bool(members)


def _signal_all(leader: int, sig: int) -> None:
    signal_group(leader, sig)
    for pid in leftovers(leader) or []:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _wait_gone(leader: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while _alive(leader):
        if time.monotonic() >= deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    return True
