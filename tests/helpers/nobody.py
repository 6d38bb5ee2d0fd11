"""Run the console script as an unprivileged user, so that a file without read permission cannot be read.

Root reads every file whatever its mode, and CI runs as root: there the command runs as `nobody` through
`setpriv` (util-linux), in a folder `nobody` may enter (pytest's tmp_path is private to root).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def as_nobody() -> tuple[str, ...]:
    """The prefix that runs a command as an unprivileged user: none when not root; the test is skipped when root
    has no setpriv (never reported as passed without having run)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    return (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")


@contextmanager
def public_folder() -> Iterator[Path]:
    """A temporary folder an unprivileged user can enter and read; removed after, whatever modes were set in it."""
    path = Path(tempfile.mkdtemp(prefix="stackgraph-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in path.rglob("*"):
            if not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(path)


def readable(root: Path) -> None:
    """Make every folder below `root` enterable and every file readable by anyone (as a checkout is)."""
    for p in [root, *root.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
