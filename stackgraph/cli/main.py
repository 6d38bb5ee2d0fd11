"""Entry point of the `stackgraph` console script and `python -m stackgraph`."""

from __future__ import annotations

import contextlib
import errno
import gc
import sys

WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""What a failed write of stdout raises (a full disk, `> /dev/full`, a quota, an I/O error)."""


def main() -> None:
    """Run the CLI; every command handles its own errors (see cli/handler.py).

    What click prints itself before or instead of a command (`--help`, `--version`, the completion
    script) and the final flush of stdout are guarded here: a full disk on stdout is one line, exit 2,
    and a closed pipe (`| head`) ends quietly, as inside the commands.
    """
    # A scan allocates hundreds of thousands of long-lived objects and few garbage cycles: with the
    # default thresholds (700, 10, 10) the cyclic collector ran ~670 times during `plan` on 6,000
    # stacks (10-20% of its CPU time), with these 7 times (see bench/bench_plan.py).
    gc.set_threshold(50_000, 20, 100)
    from stackgraph.cli.app import app
    from stackgraph.cli.common import SEND_ELSEWHERE, drop_stdout, eprint, stdout_failed

    try:
        try:
            app(prog_name="stackgraph")
        finally:
            if sys.stdout is not None:  # None when stackgraph was started with fd 1 closed
                sys.stdout.flush()  # here, not at exit, where a failure is Python's "Exception ignored", exit 120
    except BrokenPipeError:
        drop_stdout()
        sys.exit(0)
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS or exc.filename is not None:  # not stdout: unexpected, as before
            raise
        error = stdout_failed(exc, SEND_ELSEWHERE)
        with contextlib.suppress(OSError):  # stderr is full too: the exit code is all that is left
            eprint(f"stackgraph: error: {error}")
        sys.exit(error.exit_code)
