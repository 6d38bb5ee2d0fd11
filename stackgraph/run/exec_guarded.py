"""Run as a script (`python -I -S exec_guarded.py SPEC_FD STATUS_FD PARENT`) by `process.popen` on Linux only.

Sets PR_SET_PDEATHSIG to SIGINT, then execs the program: when stackgraph dies, even by SIGKILL (a
CI runner's hard cancel, the OOM killer), the engine gets the same SIGINT a Ctrl-C sends it, cancels
cleanly and releases its stack lock instead of running on as an orphan. It does this in a process of
its own rather than in `preexec_fn`, which is unsafe when threads run (stackgraph spawns from its
worker threads). The kernel sends the signal when the *thread* that started the process ends, so
each caller waits for its process in the thread that started it (the worker, `run_quick`).

SPEC_FD holds the program's argv and environment (JSON; read whole, then closed): the environment is
passed that way because Python's start-up may change its own (locale coercion adds LC_CTYPE).
STATUS_FD is closed by a successful exec; when the exec fails, "errno:message" is written to it
and the script exits 127, so that the caller raises the OSError `subprocess.Popen` would have.
PARENT is stackgraph's pid: when it died before the signal was set, the program is not started.
Standard library only, no stackgraph import: it runs isolated (-I), without site (-S).
"""

from __future__ import annotations

import json
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> int:
    spec_fd, status_fd, parent = (int(a) for a in argv[1:4])
    with os.fdopen(spec_fd, "rb") as fh:
        spec = json.loads(fh.read())
    # As `subprocess.Popen(restore_signals=True)` leaves them for the program: Python ignores these two.
    for name in ("SIGPIPE", "SIGXFSZ"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a cancel before the exec ends this script quietly
    try:
        import ctypes  # noqa: PLC0415 - a Python built without ctypes still runs the program, unguarded

        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGINT), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    except (ImportError, OSError, AttributeError) as exc:  # said in the step's output, then run it anyway
        print(
            f"stackgraph: warning: no parent-death signal ({exc}): this process keeps running if stackgraph is killed",
            file=sys.stderr,
            flush=True,
        )
    if os.getppid() != parent:  # stackgraph died before the signal was set: start nothing
        return 130
    os.set_inheritable(status_fd, False)
    try:
        os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
    except OSError as exc:
        os.write(status_fd, f"{exc.errno}:{exc.strerror}".encode("utf-8", "replace"))
    return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv))
