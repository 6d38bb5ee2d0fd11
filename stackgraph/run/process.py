"""One step as one process: spawned without a shell in its own process group, signalled deliberately.

Each process leads a new session (`start_new_session=True`), so a terminal's Ctrl-C
does not reach it directly: stackgraph forwards signals to the whole group on purpose
(SIGINT first, so a Pulumi engine cancels cleanly and releases its lock; SIGTERM and
SIGKILL only to escalate). Output (stdout and stderr together) goes straight to the
stack's log file, so nothing is read through a pipe and a chatty process never blocks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from stackgraph.run.types import Step


class SpawnError(Exception):
    """The step's program could not be started (not found, not executable, bad folder)."""


def spawn(step: Step, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start `step` with its output appended to `log`; raises SpawnError with a one-line reason."""
    try:
        return subprocess.Popen(  # argv list, never a shell
            list(step.argv),
            cwd=step.cwd,
            env=dict(step.env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    except FileNotFoundError as exc:
        if not Path(step.cwd).is_dir():
            raise SpawnError(f"cannot run {step.argv[0]}: the folder {step.cwd} does not exist") from None
        raise SpawnError(f"cannot run {step.argv[0]}: {exc.strerror}") from None
    except OSError as exc:
        raise SpawnError(f"cannot run {step.argv[0]}: {exc.strerror}") from None


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


def group_alive(pgid: int) -> bool:
    """True while a process of the group runs.

    Zombies do not count: an orphan that died waits for init to reap it, and an init
    that never reaps (a bare container entry point) would otherwise keep the group alive.
    """
    if not signal_group(pgid, 0):
        return False
    members = _members(pgid)
    return members is None or bool(members)


def _members(pgid: int) -> list[int] | None:
    """Pids of the group's live (non-zombie) processes from /proc; None where there is no /proc."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    out = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            out.append(int(entry.name))
    return out


def reap_group(pgid: int, grace_s: float) -> str | None:
    """End what is left of a group whose leader has exited: SIGTERM, then SIGKILL after `grace_s`.

    Returns a note for the log when something had to be ended, else None. A group of
    only zombies disappears when their parent (the leader, already gone) is reaped by init.
    """
    if not group_alive(pgid):
        return None
    signal_group(pgid, signal.SIGTERM)
    if _wait_gone(pgid, grace_s):
        return "ended leftover processes of the step with SIGTERM"
    signal_group(pgid, signal.SIGKILL)
    _wait_gone(pgid, 2.0)
    return f"leftover processes of the step ignored SIGTERM for {grace_s:g}s; killed them"


def _wait_gone(pgid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    delay = 0.005
    while group_alive(pgid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    return True
