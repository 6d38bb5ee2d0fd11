"""Walk a repository once, skipping what is never a project of the user's own.

Skipped: `.git` and other hidden folders, `node_modules`, virtualenvs (a folder
holding `pyvenv.cfg`, or a `site-packages` folder), `vendor`, build output, and
whatever `.gitignore` files ignore. Directory symlinks are followed once; a symlink
that leads back into its own ancestry is an `InputError`.

Deterministic: entries are visited in sorted order.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from stackgraph.errors import InputError

SKIP_DIRS = frozenset(
    {
        "node_modules",
        "vendor",
        "site-packages",
        "__pycache__",
        "venv",
        "build",
        "dist",
        "target",
        "bin",
        "obj",
        "out",
        "third_party",
    }
)
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")
PULUMI_FILE_RE = re.compile(r"^Pulumi(\..+)?\.ya?ml$")
"""A project or stack file name: one that must be a readable regular file."""


@dataclass
class Tree:
    """The files of the repository, folder by folder (relative POSIX paths, sorted)."""

    root: Path
    files: dict[str, list[str]] = field(default_factory=dict)  # folder -> file names
    project_dirs: list[str] = field(default_factory=list)
    stats: dict[str, os.stat_result] = field(default_factory=dict)
    """Stat data (links followed) of every listed file, taken by the walk: the result cache's
    fingerprint uses it rather than asking the system again."""
    started_ns: int = 0
    """time.time_ns() when the walk began: nothing it saw was modified later than this by the walk's reckoning."""

    def files_by_project(self) -> dict[str, list[str]]:
        """Map each project folder to the files below it that no nested project owns (sorted)."""
        projects = set(self.project_dirs)
        out: dict[str, list[str]] = {p: [] for p in self.project_dirs}
        for d, names in self.files.items():
            owner = _owner(d, projects)
            if owner is None:
                continue
            base = "" if d == "." else d + "/"
            out[owner].extend(base + n for n in names)
        for files in out.values():
            files.sort()
        return out


def _owner(d: str, projects: set[str]) -> str | None:
    """Return the nearest project folder at or above `d`."""
    cur = d
    while True:
        if cur in projects:
            return cur
        if cur == ".":
            return None
        cur = cur.rpartition("/")[0] or "."


Matcher = Callable[[str], bool]
"""Whether a path (relative to the folder of its .gitignore; folders end with '/') is ignored."""


def _gitignore(path: Path) -> Matcher | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return _matcher(text.splitlines())


def _matcher(lines: list[str] | tuple[str, ...]) -> Matcher:
    """Compile gitignore lines; without negations (the usual case), into one regex (5x faster per path)."""
    import pathspec  # noqa: PLC0415 - only repos with .gitignore files pay for it

    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    patterns = [p for p in spec.patterns if p.include is not None]
    regexes = [p.regex.pattern for p in patterns if p.include and p.regex is not None]
    if len(regexes) != len(patterns):  # a negation (`!keep.log`): pathspec's own rules
        return lambda sub: bool(spec.match_file(sub))
    if not regexes:
        return lambda sub: False
    # Without negations, a path is ignored when any pattern matches. The group names pathspec uses
    # to mark folders repeat across patterns, which one regex cannot hold: make them plain groups.
    combined = re.compile("|".join(f"(?:{r.replace('(?P<ps_d>', '(?:')})" for r in regexes))
    return lambda sub: combined.search(sub) is not None


def _ignored(specs: list[tuple[str, Matcher]], rel: str, is_dir: bool) -> bool:
    for base, match in specs:
        if base == ".":
            sub = rel
        elif rel.startswith(base + "/"):
            sub = rel[len(base) + 1 :]
        else:
            continue
        if match(sub + "/" if is_dir else sub):
            return True
    return False


def walk(root: Path, exclude: tuple[str, ...] = ()) -> Tree:
    """Return the tree below `root`; raises `InputError` on a symlink loop or an unreadable folder.

    `exclude` holds gitignore-style patterns (relative to `root`) to skip as well.
    """
    tree = Tree(root=root, started_ns=time.time_ns())
    ancestry: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    specs: list[tuple[str, Matcher]] = []
    if exclude:
        specs.append((".", _matcher(exclude)))
    _visit(tree, root, ".", specs, ancestry, seen)
    tree.project_dirs.sort()
    return tree


def _visit(
    tree: Tree,
    path: Path,
    rel: str,
    specs: list[tuple[str, Matcher]],
    ancestry: list[tuple[int, int]],
    seen: set[tuple[int, int]],
) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError("symlink loop; remove or fix the link", file=rel) from None
        raise InputError(f"cannot read the folder: {exc.strerror}", file=rel) from None
    key = (st.st_dev, st.st_ino)
    if key in ancestry:
        raise InputError("symlink loop: this folder links back to one of its parents; fix the link", file=rel)
    if key in seen:
        return  # the same real folder reached twice through links: read it once
    seen.add(key)
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list the folder: {exc.strerror}; check its permissions", file=rel) from None
    names = {e.name for e in entries}
    if "pyvenv.cfg" in names:
        return  # a virtualenv
    if ".gitignore" in names:
        spec = _gitignore(path / ".gitignore")
        if spec is not None:
            specs = [*specs, (rel, spec)]
    files: list[str] = []
    subdirs: list[tuple[str, Path]] = []
    for entry in entries:
        name = entry.name
        child_rel = name if rel == "." else f"{rel}/{name}"
        is_dir = _is_dir(entry, child_rel)
        if is_dir is None:
            if PULUMI_FILE_RE.match(name) and not _ignored(specs, child_rel, False):
                raise InputError("cannot read: a broken link or not a regular file; fix or remove it", file=child_rel)
            continue
        if is_dir:
            if name.startswith(".") or name in SKIP_DIRS or _ignored(specs, child_rel, True):
                continue
            if PULUMI_FILE_RE.match(name):
                raise InputError("a folder named like a Pulumi file; rename or remove it", file=child_rel)
            subdirs.append((child_rel, Path(entry.path)))
        elif not _ignored(specs, child_rel, False):
            files.append(name)
            tree.stats[child_rel] = entry.stat()  # cached by the DirEntry: no second system call
    tree.files[rel] = files
    if any(f in files for f in PROJECT_FILES):
        tree.project_dirs.append(rel)
    ancestry.append(key)
    for child_rel, child in subdirs:
        _visit(tree, child, child_rel, specs, ancestry, seen)
    ancestry.pop()


def _is_dir(entry: os.DirEntry[str], rel: str) -> bool | None:
    """True for a folder (following links), False for a file, None for anything else or a broken link."""
    try:
        mode = entry.stat(follow_symlinks=True).st_mode
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError("symlink loop; remove or fix the link", file=rel) from None
        return None  # a broken link: nothing to read
    if stat.S_ISDIR(mode):
        return True
    return False if stat.S_ISREG(mode) else None
