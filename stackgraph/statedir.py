"""stackgraph's own folder in a repository, `.stackgraph/` (run logs, reports, the embedded backend's state).

Whenever stackgraph creates it, it writes a `.gitignore` holding `*` into it, so that nothing in it is ever
committed by accident, and `--changed-since` never sees it as a change (it is skipped there too).

`STACKGRAPH_STATE_DIR` moves it (a read-only checkout, a CI runner's temporary folder): every command then
keeps its logs, run reports and the embedded backend's state there instead. A relative value is taken
from the current folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from stackgraph.errors import UsageError

NAME = ".stackgraph"
ENV = "STACKGRAPH_STATE_DIR"
GITIGNORE = "# Written by stackgraph: its logs, run reports and state are never committed.\n*\n"


def location(root: Path) -> Path:
    """Return the state folder of `root` without creating it: `$STACKGRAPH_STATE_DIR`, else `root/.stackgraph`."""
    moved = os.environ.get(ENV, "").strip()
    return Path(moved).absolute() if moved else root / NAME


def state_dir(root: Path) -> Path:
    """Return the state folder of `root`, creating it (and its `.gitignore`, when missing); raises OSError."""
    folder = location(root)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists() and not ignore.is_symlink():
        with contextlib.suppress(FileExistsError), ignore.open("x", encoding="utf-8") as f:  # x: never overwrite
            f.write(GITIGNORE)
    return folder


def writable_state_dir(root: Path) -> Path:
    """Return the state folder of `root` once a file can be written in it; UsageError naming the way out otherwise.

    Called before anything runs, so a read-only checkout (or a file named `.stackgraph`) is one line, exit 2.
    Leaves no trace: folders it had to make for the probe are removed again.
    """
    folder = location(root)
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        what = exc.strerror or type(exc).__name__
        raise UsageError(
            f"{folder}: cannot write stackgraph's state folder ({what}); set {ENV} to a writable folder "
            f"(e.g. {ENV}=/tmp/stackgraph) to keep logs, run reports and state there"
        ) from None
    finally:
        for path in made:  # the innermost first
            with contextlib.suppress(OSError):
                path.rmdir()
    return folder
