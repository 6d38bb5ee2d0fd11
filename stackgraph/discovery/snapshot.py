"""The files of a past commit, written into a folder to be scanned like a checkout.

The commit's tree is listed (`git ls-tree -r -z --full-tree`) and its blobs read (`git cat-file
--batch`): exactly what the commit holds. `git archive` is not used: it leaves out the paths marked
`export-ignore` in `.gitattributes`, rewrites `export-subst` files and leaves out submodules. No working
tree, index or HEAD of the repository is touched, and no hook, filter or attribute applies. Nothing in
it is executed: the scanner only reads files.

What is written: regular files (modes 100644 and 100755); links only when they stay inside the folder
(a link leaving it is left out, with one warning, as the `data` filter of `tarfile` did); a submodule at
the commit the tree records, from its own repository (its git folder under `.git/modules`, or its
checkout) when that commit is there, else left out with a warning naming it and why. A path that is
absolute or has an empty, `.`, `..` or `.git` part is refused (`UsageError`): git never writes one.

The tree of a commit never changes, so it is kept in the cache (`<cache>/base/<commit>`, the
KEEP newest) and scanned from the same folder next time: the scan's own caches then find it
again (a preview's markdown summary and `stackgraph diff` of one CI job read the base once).
A tree that left a submodule out is not kept (the commit may be fetched later). With caching off
(`STACKGRAPH_CACHE_DIR=off`) it goes to a temporary folder, removed after use.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from stackgraph.cache.store import cache_dir
from stackgraph.discovery.changes import MergeBase
from stackgraph.errors import ToolMissingError, UsageError

KEEP = 3
_DONE = ".stackgraph-tree-v2"  # v2: the exact tree (entries written from `git archive` lack export-ignore paths)
_FILE_MODES = {"100644": 0o644, "100755": 0o755}
_LINK = "120000"
_GITLINK = "160000"


@dataclass(frozen=True)
class BaseTree:
    """The folder holding the scanned folder's files at the merge base, and what was left out of it."""

    folder: Path
    warnings: tuple[str, ...] = ()


@contextlib.contextmanager
def checkout_of(found: MergeBase) -> Iterator[BaseTree]:
    """Yield the folder that holds, at commit `found.commit`, what the scanned folder holds now.

    When the scanned folder did not exist at that commit the yielded folder exists and is empty
    (everything in it is new). Raises `UsageError` when git cannot list or read the commit's tree,
    or the tree holds a path that would leave the folder.
    """
    cache = cache_dir("base")
    if cache is not None:
        kept = _reuse(cache, found.commit)
        if kept is not None:
            yield BaseTree(_inside(kept, found.prefix), _notes(kept))
            return
        cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-" if cache is not None else "stackgraph-base-", dir=cache))
    try:
        writer = _Writer(tmp, found.commit)
        writer.write(["git", "-C", str(found.top)], found.commit, "", top=found.top)
        writer.finish()
        warnings = tuple(writer.warnings)
        if cache is not None and not writer.left_out:
            kept = _keep(cache, tmp, found.commit, warnings)
            yield BaseTree(_inside(kept, found.prefix), warnings)
            return
        yield BaseTree(_inside(tmp, found.prefix), warnings)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _inside(tree: Path, prefix: str) -> Path:
    folder = tree / prefix if prefix else tree
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _reuse(cache: Path, commit: str) -> Path | None:
    """`<cache>/<commit>` when it was written completely (marked as just used); else None."""
    marker = cache / commit / _DONE
    if not marker.is_file():
        return None
    marker.touch()
    return cache / commit


def _notes(tree: Path) -> tuple[str, ...]:
    """The warnings recorded when the kept tree was written (links left out), to say them again."""
    with contextlib.suppress(OSError):
        return tuple((tree / _DONE).read_text(encoding="utf-8").splitlines())
    return ()


def _keep(cache: Path, tmp: Path, commit: str, warnings: Sequence[str]) -> Path:
    """Rename the written `tmp` to `<cache>/<commit>` (another process may have won); prune the oldest."""
    folder = cache / commit
    (tmp / _DONE).write_text("".join(f"{w}\n" for w in warnings), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)  # a torn earlier attempt, or a tree of an older layout
    try:
        tmp.rename(folder)
    except OSError:  # another process wrote it first: use theirs
        if not (folder / _DONE).is_file():
            raise
    _prune(cache, keep=KEEP, current=commit)
    return folder


def _prune(cache: Path, *, keep: int, current: str) -> None:
    """Remove all but the `keep` most recently used trees (never `current`); never raises.

    A tree without the current marker (written by an older version) counts as the oldest.
    """
    found = []
    for entry in cache.iterdir():
        if entry.name.startswith(".tmp-"):  # being written by another process
            continue
        try:
            found.append(((entry / _DONE).stat().st_mtime, entry))
        except OSError:
            found.append((0.0, entry))
    for _, entry in sorted(found, reverse=True)[keep:]:
        if entry.name != current:
            shutil.rmtree(entry, ignore_errors=True)


@dataclass(frozen=True)
class _Entry:
    mode: str
    oid: str
    path: str  # relative to the written root


@dataclass
class _Writer:
    """Writes the tree of a commit (and of its submodules) below `root`; links last, checked once all exist."""

    root: Path
    base: str  # the merge base, named in messages
    warnings: list[str] = field(default_factory=list)
    left_out: bool = False  # a submodule was left out: the tree is not kept
    links: list[tuple[str, str]] = field(default_factory=list)  # (path, target)

    def write(self, git: list[str], commit: str, prefix: str, *, top: Path | None = None) -> None:
        """Write `commit` of the repository `git` runs in (`git -C top` or `git --git-dir=D`) at `prefix`."""
        entries = _list_tree(git, commit, prefix, self.base)
        files = [e for e in entries if e.mode in _FILE_MODES or e.mode == _LINK]
        for folder in sorted({e.path.rpartition("/")[0] for e in entries} - {""}):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        for entry, data in zip(files, _blobs(git, [e.oid for e in files], self.base), strict=True):
            if entry.mode == _LINK:
                self.links.append((entry.path, os.fsdecode(data)))
            else:
                _write_file(self.root / entry.path, data, _FILE_MODES[entry.mode])
        submodules = [e for e in entries if e.mode == _GITLINK]
        if submodules:
            names = _submodule_names(git, commit, self.base)
            for sub in submodules:
                self._submodule(git, sub, names.get(sub.path[len(prefix) :]), top)

    def _submodule(self, git: list[str], sub: _Entry, name: str | None, top: Path | None) -> None:
        gitdir, why = _submodule_repo(git, sub, name, top, self.base)
        if gitdir is None:
            self.left_out = True
            self.warnings.append(
                f"the submodule '{sub.path}' is left out of the tree of the merge base {self.base[:12]}: {why}; "
                "any stack in it shows as new"
            )
            return
        (self.root / sub.path).mkdir(parents=True, exist_ok=True)
        self.write(["git", f"--git-dir={gitdir}"], sub.oid, sub.path + "/")

    def finish(self) -> None:
        """Create the links, then remove (until none is left) each whose target resolves outside the root."""
        real_root = os.path.realpath(self.root)
        made = []
        for path, target in self.links:
            if target.startswith("/"):
                continue
            with contextlib.suppress(FileExistsError):  # a name a case-insensitive file system already holds
                (self.root / path).symlink_to(target)
                made.append(path)
        removed = True
        while removed:
            removed = False
            for path in list(made):
                real = os.path.realpath(self.root / path)
                if real != real_root and not real.startswith(real_root + os.sep):
                    (self.root / path).unlink()
                    made.remove(path)
                    removed = True
        out = sorted({p for p, _ in self.links} - set(made))
        if out:
            shown = ", ".join(out[:3]) + (f" (+{len(out) - 3} more)" if len(out) > 3 else "")
            self.warnings.append(
                f"in the tree of the merge base {self.base[:12]}, links that lead outside the repository are left "
                f"out: {shown}"
            )


def _run(argv: list[str], base: str, *, ok: Sequence[int] = (0,)) -> tuple[int, bytes]:
    """Run git (no shell); return (exit code, stdout); a code not in `ok` is a `UsageError` naming the base."""
    try:
        proc = subprocess.run(argv, env=_env(), capture_output=True, check=False)
    except FileNotFoundError:
        raise ToolMissingError("git is not installed; install git to compare with a ref") from None
    if proc.returncode not in ok:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = err[-1] if err else f"exit code {proc.returncode}"
        raise UsageError(f"cannot read the tree of the merge base {base[:12]}: {' '.join(argv[1:4])}: {why}")
    return proc.returncode, proc.stdout


def _env() -> dict[str, str]:
    # GIT_NO_LAZY_FETCH: a partial clone must not fetch from a remote while we read (git >= 2.45; ignored before)
    return {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1"}


def _list_tree(git: list[str], commit: str, prefix: str, base: str) -> list[_Entry]:
    """The entries of `commit`'s tree (blobs and submodules, recursively), paths checked and prefixed."""
    _, out = _run([*git, "ls-tree", "-r", "-z", "--full-tree", commit], base)
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw = record.partition(b"\t")
        mode, _, oid = meta.decode("ascii").split(" ")
        path = os.fsdecode(raw)
        if path.startswith("/") or any(p in ("", ".", "..") or p.lower() == ".git" for p in path.split("/")):
            raise UsageError(
                f"the tree of the merge base {base[:12]} holds the path {path!r}, which would leave the folder "
                "it is written to or write into .git; stackgraph refuses to write it (git refuses to check it out)"
            )
        entries.append(_Entry(mode, oid, prefix + path))
    return entries


def _blobs(git: list[str], oids: list[str], base: str) -> Iterator[bytes]:
    """The contents of `oids`, in order, from one `git cat-file --batch` (fed from a thread: no pipe deadlock)."""
    if not oids:
        return
    try:
        proc = subprocess.Popen(
            [*git, "cat-file", "--batch"],
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise ToolMissingError("git is not installed; install git to compare with a ref") from None
    assert proc.stdin is not None and proc.stdout is not None  # both are PIPE: Popen sets them
    feeder = threading.Thread(target=_feed, args=(proc.stdin, oids), daemon=True)
    feeder.start()
    try:
        for oid in oids:
            yield _read_object(proc.stdout, oid, base)
    finally:
        proc.kill()
        proc.wait()
        feeder.join()


def _feed(stdin: IO[bytes], oids: list[str]) -> None:
    with contextlib.suppress(OSError), stdin:  # git stopped early (killed after an error): the reader says why
        for start in range(0, len(oids), 512):
            stdin.write("".join(f"{o}\n" for o in oids[start : start + 512]).encode("ascii"))


def _read_object(out: IO[bytes], oid: str, base: str) -> bytes:
    header = out.readline().decode("ascii", "replace").split()
    if len(header) != 3 or header[0] != oid:
        why = "it is missing (a partial or shallow clone?)" if header[1:] == ["missing"] else "git stopped"
        raise UsageError(f"cannot read the tree of the merge base {base[:12]}: object {oid[:12]}: {why}")
    size = int(header[2])
    data = out.read(size)
    out.read(1)  # the newline after the contents
    if len(data) != size:
        raise UsageError(f"cannot read the tree of the merge base {base[:12]}: object {oid[:12]} is cut short")
    return data


def _write_file(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _submodule_names(git: list[str], commit: str, base: str) -> dict[str, str]:
    """Submodule path -> name, from the `.gitmodules` of `commit` (empty when it has none)."""
    argv = [*git, "config", "-z", "--blob", f"{commit}:.gitmodules", "--get-regexp", r"^submodule\..*\.path$"]
    code, out = _run(argv, base, ok=(0, 1, 128))  # 1: no entry; 128: no .gitmodules file
    names = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0") if code == 0 else ():
        key, _, value = record.partition("\n")
        name = key[len("submodule.") : -len(".path")]
        if key and not any(part in ("", ".", "..") for part in name.split("/")):  # git refuses such names too
            names[value] = name
    return names


def _submodule_repo(
    git: list[str], sub: _Entry, name: str | None, top: Path | None, base: str
) -> tuple[str | None, str]:
    """The git folder holding the submodule's recorded commit, or None and why it cannot be written.

    Looked for in the superproject's `modules/<name>` (of this worktree, then the common one) and, for the
    top repository (`top`), in the submodule's checkout.
    """
    asks: list[tuple[str, ...]] = [("--git-path", f"modules/{name}")] if name is not None else []
    if name is not None and top is not None:
        asks.append(("--git-common-dir",))
    candidates: list[Path | None] = []
    for ask in asks:
        code, out = _run([*git, "rev-parse", *ask], base, ok=(0, 128))
        found = out.decode("utf-8", "surrogateescape").strip()
        if code == 0 and found and name is not None:
            here = Path(found) if ask[0] == "--git-path" else Path(found) / "modules" / name
            candidates.append(here if here.is_absolute() or top is None else top / here)
    if top is not None:  # the submodule's checkout in the working tree
        candidates.append(_checkout_gitdir(top / sub.path))
    present = [c for c in candidates if c is not None and c.is_dir()]
    for gitdir in present:
        code, _ = _run(["git", f"--git-dir={gitdir}", "cat-file", "-e", f"{sub.oid}^{{commit}}"], base, ok=(0, 1, 128))
        if code == 0:
            return str(gitdir), ""
    if not present:
        return None, f"it is not checked out here (run `git submodule update --init {sub.path}`)"
    return None, f"its commit {sub.oid[:12]} is not in its repository (fetch it: `git -C {sub.path} fetch`)"


def _checkout_gitdir(folder: Path) -> Path | None:
    """The git folder of a checkout: `folder/.git`, or the folder its `.git` file names (`gitdir: ...`)."""
    dotgit = folder / ".git"
    if dotgit.is_dir():
        return dotgit
    with contextlib.suppress(OSError, UnicodeDecodeError):
        line = dotgit.read_text(encoding="utf-8").strip()
        if line.startswith("gitdir:"):
            named = Path(line[len("gitdir:") :].strip())
            return named if named.is_absolute() else folder / named
    return None
