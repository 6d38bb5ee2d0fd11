"""stackgraph's own folder in a repository, `.stackgraph/` (run logs, reports, the embedded backend's state).

Whenever stackgraph creates it, it writes a `.gitignore` holding `*` into it, so that nothing in it is ever
committed by accident, and `--changed-since` never sees it as a change (it is skipped there too).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

NAME = ".stackgraph"
GITIGNORE = "# Written by stackgraph: its logs, run reports and state are never committed.\n*\n"


def state_dir(root: Path) -> Path:
    """Return `root/.stackgraph`, creating it (and its `.gitignore`, when missing); raises OSError."""
    folder = root / NAME
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists() and not ignore.is_symlink():
        with contextlib.suppress(FileExistsError), ignore.open("x", encoding="utf-8") as f:  # x: never overwrite
            f.write(GITIGNORE)
    return folder
