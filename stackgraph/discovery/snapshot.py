"""The files of a past commit, written into a folder to be scanned like a checkout.

`git archive <commit>` streams the commit's tree (no working tree, index or HEAD of the
repository is touched, no hook or filter runs); `tarfile` writes it into a temporary folder
with the `data` filter (no absolute paths, no links or files leaving the folder, no device
files). Nothing in it is executed: the scanner only reads files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from stackgraph.discovery.changes import MergeBase
from stackgraph.errors import ToolMissingError, UsageError


@contextlib.contextmanager
def checkout_of(found: MergeBase) -> Iterator[Path]:
    """Yield the folder that holds, at commit `found.commit`, what the scanned folder holds now.

    The folder is removed afterwards. When the scanned folder did not exist at that commit
    the yielded folder exists and is empty (everything in it is new). Raises `UsageError`
    when git cannot write the archive.
    """
    tmp = Path(tempfile.mkdtemp(prefix="stackgraph-base-"))
    try:
        _extract(found.top, found.commit, tmp)
        folder = tmp / found.prefix if found.prefix else tmp
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _extract(top: Path, commit: str, dest: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    argv = ["git", "archive", "--format=tar", commit]
    try:
        proc = subprocess.Popen(argv, cwd=top, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise ToolMissingError("git is not installed; install git to compare with a ref") from None
    assert proc.stdout is not None and proc.stderr is not None
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
            archive.extractall(dest, filter="data")
    except tarfile.TarError as exc:
        proc.kill()
        proc.wait()
        raise UsageError(f"git archive {commit[:12]}: cannot read the archive ({exc}); run it in {top}") from None
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
    if proc.wait() != 0:
        raise UsageError(f"git archive {commit[:12]} failed: {err[-1] if err else proc.returncode}; run it in {top}")
