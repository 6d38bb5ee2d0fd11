"""One step as one process: spawned without a shell in its own process group, signalled deliberately.

Each process leads a new session (`start_new_session=True`), so a terminal's Ctrl-C
does not reach it directly: stackgraph forwards signals to the whole group on purpose
(SIGINT first, so a Pulumi engine cancels cleanly and releases its lock; SIGTERM and
SIGKILL only to escalate). When the leader exits, whatever is left in its session (other
groups included: Pulumi's language hosts and plugins) is ended. Output (stdout and
stderr together) goes straight to the stack's log file, so nothing is read through a
pipe and a chatty process never blocks.

On Linux each process also dies with stackgraph (`popen`): should stackgraph itself be killed
(SIGKILL from a CI runner's hard cancel, the OOM killer), the kernel sends the process the SIGINT
a Ctrl-C would have, so an engine cancels cleanly instead of running on, an orphan holding its lock.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

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


_GUARD = Path(__file__).with_name("exec_guarded.py")
_LINUX = sys.platform.startswith("linux")


@functools.cache
def guard_missing() -> str | None:
    """On Linux, why `popen` cannot make its processes die with stackgraph (None: it does); None elsewhere.

    The guard is this Python interpreter started again: a user who may not run it (an interpreter
    under a folder only root may enter, stackgraph run with `setpriv` as another user) gets none.
    """
    if not _LINUX:
        return None
    if sys.executable and os.access(sys.executable, os.X_OK):
        return None
    return (
        f"this process keeps running if stackgraph is killed: the Python interpreter "
        f"{sys.executable or '(unknown)'} cannot be run again to set its parent-death signal"
    )


def popen(
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdout: Any, stderr: Any, text: bool = False
) -> subprocess.Popen[Any]:
    """Start `argv` (no shell) in a new session with stdin from /dev/null, as `subprocess.Popen` would.

    On Linux it is started through exec_guarded.py, which sets PR_SET_PDEATHSIG to SIGINT before the
    exec: the process gets SIGINT when the calling thread ends (stackgraph's death, SIGKILL too), so
    the caller must wait for it in the thread that called this. Raises OSError as Popen does, also
    when the program itself cannot be executed. Returns once the program runs (it was exec'd).
    """
    if not _LINUX or guard_missing() is not None:
        return subprocess.Popen(  # argv list, never a shell
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
    spec_r, spec_w = os.pipe()
    status_r, status_w = os.pipe()
    try:
        proc = subprocess.Popen(  # the guard, which execs argv (no shell)
            [sys.executable, "-I", "-S", str(_GUARD), str(spec_r), str(status_w), str(os.getpid())],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
            close_fds=True,
            pass_fds=(spec_r, status_w),
            text=text,
        )
    except BaseException:
        os.close(spec_w)
        os.close(status_r)
        raise
    finally:
        os.close(spec_r)
        os.close(status_w)
    _hand_over(proc, spec_w, status_r, {"argv": list(argv), "env": dict(env)})
    return proc


def _hand_over(proc: subprocess.Popen[Any], spec_w: int, status_r: int, spec: dict[str, Any]) -> None:
    """Give the guard its spec and wait for its exec; raise the OSError of a failed exec."""
    try:
        with contextlib.suppress(BrokenPipeError), os.fdopen(spec_w, "wb") as out:  # the guard died: it has a code
            out.write(json.dumps(spec).encode())
        with os.fdopen(status_r, "rb") as fh:
            status = fh.read()
    except BaseException:  # Ctrl-C while starting: no process left behind
        signal_group(proc.pid, signal.SIGINT)
        proc.wait()
        raise
    if status:
        proc.wait()
        code, _, message = status.decode("utf-8", "replace").partition(":")
        raise OSError(int(code), message)


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
