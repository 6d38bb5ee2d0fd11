"""A private scratch folder: what a step writes that must not outlive stackgraph, nor land in its logs.

The engine writes every diagnostic into its `--event-log` file, debug ones included, and those may
hold secrets in clear (the Node.js SDK logs each StackReference's raw response). So the engine
writes its events here, in one folder per process made by `tempfile.mkdtemp` (mode 0700, under
$TMPDIR), and the Pulumi adapter copies them, filtered, into `.stackgraph/logs` once the step's
process exited. The folder is removed when stackgraph exits (atexit: a normal end, an error,
Ctrl-C, SIGTERM) and, should stackgraph be killed (SIGKILL), by the watchdog (Linux; elsewhere it
stays, readable by its owner only).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from stackgraph.run import watchdog

_lock = threading.Lock()


class _State:
    root: Path | None = None


def private_folder() -> Path:
    """A new empty folder (0700) inside this process's private scratch folder, made on first use."""
    with _lock:
        if _State.root is None or not _State.root.is_dir():
            _State.root = Path(tempfile.mkdtemp(prefix="stackgraph-private-"))
            atexit.register(shutil.rmtree, _State.root, True)
            watchdog.remove_at_end(_State.root)
        root = _State.root
    return Path(tempfile.mkdtemp(dir=root))
