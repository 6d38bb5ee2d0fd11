"""Ask git which files it tracks below a folder: git's rule is that ignore patterns apply to untracked
files only, so a tracked file is read even when a `.gitignore` pattern matches it.

One `git ls-files` per scan, without a shell; it reads no `.gitignore` (a FIFO named `.gitignore` cannot
hang it). Outside a git work tree, or without git, nothing is tracked and the patterns alone decide.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Tracked:
    """The files git tracks below the scanned root, and every folder that holds one (relative POSIX paths)."""

    files: frozenset[str] = frozenset()
    folders: frozenset[str] = field(default_factory=frozenset)


def tracked(root: Path) -> Tracked:
    """Return what git tracks below `root` (its index, not its ignore rules); empty outside git."""
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", "."],
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git: the ignore patterns alone decide, as outside a work tree
        return Tracked()
    if proc.returncode != 0:
        return Tracked()
    files = {p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p}  # relative to `root`
    folders: set[str] = set()
    for f in files:
        parent = f.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return Tracked(frozenset(files), frozenset(folders))
