"""The files of a past commit, written into a folder to be scanned like a checkout.

`git archive <commit>` streams the commit's tree (no working tree, index or HEAD of the
repository is touched, no hook or filter runs); `tarfile` writes it with the `data` filter
(no absolute paths, no links or files leaving the folder, no device files). Nothing in it is
executed: the scanner only reads files.

The tree of a commit never changes, so it is kept in the cache (`<cache>/base/<commit>`, the
KEEP newest) and scanned from the same folder next time: the scan's own caches then find it
again (a preview's markdown summary and `stackgraph diff` of one CI job read the base once).
With caching off (`STACKGRAPH_CACHE_DIR=off`) it goes to a temporary folder, removed after use.
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

from stackgraph.cache.store import cache_dir
from stackgraph.discovery.changes import MergeBase
from stackgraph.errors import ToolMissingError, UsageError

KEEP = 3
_DONE = ".stackgraph-complete"


@contextlib.contextmanager
def checkout_of(found: MergeBase) -> Iterator[Path]:
    """Yield the folder that holds, at commit `found.commit`, what the scanned folder holds now.

    When the scanned folder did not exist at that commit the yielded folder exists and is empty
    (everything in it is new). Raises `UsageError` when git cannot write the archive.
    """
    cache = cache_dir("base")
    if cache is None:
        tmp = Path(tempfile.mkdtemp(prefix="stackgraph-base-"))
        try:
            _extract(found.top, found.commit, tmp)
            yield _inside(tmp, found.prefix)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    yield _inside(_cached(cache, found.top, found.commit), found.prefix)


def _inside(tree: Path, prefix: str) -> Path:
    folder = tree / prefix if prefix else tree
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cached(cache: Path, top: Path, commit: str) -> Path:
    """`<cache>/<commit>`, written once (into a temporary sibling, then renamed); the oldest pruned."""
    folder = cache / commit
    marker = folder / _DONE
    if marker.is_file():
        marker.touch()
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache))
    try:
        _extract(top, commit, tmp)
        (tmp / _DONE).touch()
        shutil.rmtree(folder, ignore_errors=True)  # a torn earlier attempt
        try:
            tmp.rename(folder)
        except OSError:  # another process wrote it first: use theirs
            if not marker.is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(cache, keep=KEEP, current=commit)
    return folder


def _prune(cache: Path, *, keep: int, current: str) -> None:
    """Remove all but the `keep` most recently used trees (never `current`); never raises."""
    found = []
    for entry in cache.iterdir():
        marker = entry / _DONE
        with contextlib.suppress(OSError):
            found.append((marker.stat().st_mtime, entry))
    for _, entry in sorted(found, reverse=True)[keep:]:
        if entry.name != current:
            shutil.rmtree(entry, ignore_errors=True)


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
