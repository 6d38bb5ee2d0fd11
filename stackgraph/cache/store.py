"""Where caches live and how they are written: one folder per kind, atomic writes, pruning, code digests.

Every cache is JSON (never pickle: a cache folder someone else can write must not be able to run code),
written to a temporary file of its folder renamed into place (concurrent scans are safe: a reader sees
the old file or the new one), and never fails a command: writers report an OSError to their caller,
which stops writing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """The folder of one kind of cache (`scan`: files read, `result`: whole scans, `parse`: program
    facts): `$STACKGRAPH_CACHE_DIR/<kind>` or `${XDG_CACHE_HOME:-~/.cache}/stackgraph/<kind>`; None
    when caching is switched off (`STACKGRAPH_CACHE_DIR=off`, `0` or `none`)."""
    explicit = os.environ.get("STACKGRAPH_CACHE_DIR")
    if explicit:
        return None if explicit.lower() in ("off", "0", "none") else Path(explicit) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stackgraph" / kind


def write_atomic(path: Path, data: str | bytes, *, own_name: bool = False) -> None:
    """Write `data` to `path` through a temporary file renamed into place; raises OSError (the temporary
    file is removed then).

    `own_name`: a temporary name of this process's own (cheaper than mkstemp, for many small files),
    never followed if it is a link; else a unique one from mkstemp. The folder is created when missing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if own_name:
        tmp = path.parent / f".tmp-{os.getpid()}-{path.name}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    else:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        tmp.replace(path)
    except BaseException:  # a full disk, a quota, a folder in the way: leave no temporary file behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def touch(path: Path) -> None:
    """Mark a cache file as recently used (the last to be pruned); never raises."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, keep: int, *, companions: str | None = None) -> None:
    """Keep the `keep` most recently used `*.json` files of `folder`; with `companions` (a suffix such as
    `.out`), also remove the files `<stem>.<anything><companions>` of the removed ones. Raises OSError."""
    caches = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in caches[keep:]:
        old.unlink(missing_ok=True)
    if companions is None:
        return
    kept = {p.stem for p in caches[:keep]}
    for extra in folder.glob(f"*{companions}"):
        if extra.name.split(".", 1)[0] not in kept and not extra.name.startswith(".tmp-"):
            extra.unlink(missing_ok=True)


def source_digest(paths: Iterable[Path], base: Path, *, seed: str = "", size: int = 16) -> str:
    """A digest of source files (their paths relative to `base`, and contents): entries written by other
    code are never reused."""
    h = hashlib.blake2b(seed.encode(), digest_size=size)
    for path in paths:
        h.update(str(path.relative_to(base)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
