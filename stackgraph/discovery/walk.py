"""Walk a repository once, skipping what is never a project of the user's own, and saying what it skipped.

Skipped folders: hidden ones (`.git`, ...), package installs (`node_modules`, `site-packages`,
`__pycache__`, `venv`, a virtualenv's own `bin`/`lib`/`include` beside its `pyvenv.cfg`), vendored
code (`vendor`, `third_party`), build output, whatever `.gitignore` files ignore (also those of the folders
above the root up to the top of its git work tree, `_above`; in a git work tree, files git tracks are read all
the same: ignore patterns apply to untracked files only) and the
settings' `exclude` globs. Project and stack files inside a skipped folder are counted (`Tree.skipped`),
except inside package installs and version-control folders, which are never looked into. A `stackConfigDir`
is read wherever it is (`stack_folder`: Pulumi reads it even when hidden or ignored), by the rules below.

Never opened: files that are not regular (FIFOs, sockets, devices) and links that lead outside the
scanned root; both are recorded in `Tree.skipped`. Folder links inside the root are followed once; a
link back into its own ancestry is not followed (recorded in `Tree.skipped`: its folder is read where it
is); a link to itself is an `InputError`. The walk is iterative: any depth works.

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

from stackgraph.discovery import gitfiles
from stackgraph.errors import InputError
from stackgraph.model import Skipped

VENDORED = frozenset({"vendor", "third_party", "@pulumi"})
"""Vendored code: Go's `vendor`, `third_party`, and copies of Pulumi's npm packages (`@pulumi/...`) anywhere."""
PACKAGE_INSTALLS = frozenset({"node_modules", "site-packages", "__pycache__", "venv", ".venv"})
BUILD_OUTPUT = frozenset({"build", "dist", "target", "bin", "obj", "out"})
SKIP_DIRS = VENDORED | PACKAGE_INSTALLS | BUILD_OUTPUT
VENV_DIRS = frozenset({"bin", "lib", "lib64", "include", "Scripts", "Lib", "Include"})
"""The folders `python -m venv` makes beside `pyvenv.cfg`: skipped, while the folder itself is read."""
NEVER_LOOKED_INTO = frozenset({".git", ".hg", ".svn", ".stackgraph"})
PROJECT_FILES = ("Pulumi.json", "Pulumi.yaml", "Pulumi.yml")
"""The names of a project file, in the order Pulumi takes them when a folder holds several (the first by name: it
walks `os.ReadDir`, sorted). Its stack files have the same extension: `Pulumi.<stack>.json` for `Pulumi.json`."""
PULUMI_FILE_RE = re.compile(r"^Pulumi(\..+)?\.(ya?ml|json)$")
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
    skipped: list[Skipped] = field(default_factory=list)
    """Project and stack files in skipped folders, non-regular files, links outside the root (sorted)."""
    excluded: list[str] = field(default_factory=list)
    """The paths the settings' `exclude` skipped (folders end with '/'), for `unused_excludes`."""
    links: dict[str, str] = field(default_factory=dict)
    """Each folder link to a folder read at another path (not read again) -> that path: an import through the link
    names the file there (inference/fileset.py)."""

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
Spec = tuple[str, Matcher, str]
"""(the folder the patterns are relative to, the matcher, the skip reason: 'ignored' or 'excluded')."""


def _gitignore(path: str) -> Matcher | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    return _matcher(text.splitlines())


def _info_exclude(root: Path) -> Matcher | None:
    """The patterns of `.git/info/exclude` (git's ignore rules kept out of the repository) when `root` is the top
    of a git work tree (`.git` a folder, or the file of a linked worktree naming its git folder); they apply as a
    `.gitignore` at the root does. None without such a file (core.excludesFile, the user's own, is not read)."""
    dotgit = root / ".git"
    try:
        if dotgit.is_file():  # a linked worktree: `gitdir: <its folder in the main repository's .git>`
            line = dotgit.read_text(encoding="utf-8", errors="replace").strip()
            if not line.startswith("gitdir:"):
                return None
            gitdir = (root / line.removeprefix("gitdir:").strip()).resolve()
            common = gitdir / "commondir"  # the main repository's .git, relative to gitdir
            if common.is_file():
                gitdir = (gitdir / common.read_text(encoding="utf-8", errors="replace").strip()).resolve()
        elif dotgit.is_dir():
            gitdir = dotgit
        else:
            return None
        exclude = gitdir / "info" / "exclude"
        if not exclude.is_file():  # never opened unless a regular file (a FIFO would hang the walk)
            return None
        lines = exclude.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not any(x.strip() and not x.startswith("#") for x in lines):  # git's template: comments only
        return None
    return _matcher(lines)


def _above(root: Path) -> list[Spec]:
    """The ignore rules git applies to `root` from the folders above it, when `root` is below the top of its git work
    tree: the top's `.git/info/exclude` and the `.gitignore` of each folder from the top down to root's parent (a
    scan of `infra/` skips what a scan of the whole repository skips). Each is a spec at '.' whose paths are seen from
    its folder. None when `root` is the top, outside git, or when these rules ignore `root` itself or a folder
    between it and the top: the user scans a folder git ignores on purpose, so it is read by its own rules."""
    root = root.absolute()
    top, cur = None, root
    while cur.parent != cur:
        cur = cur.parent
        if os.path.lexists(cur / ".git"):  # a folder, or the file of a linked worktree or a submodule
            top = cur
            break
    if top is None:
        return []
    steps = root.relative_to(top).parts
    rules: list[tuple[Matcher, tuple[str, ...]]] = []  # the rules of a folder, and the steps from it to root
    local = _info_exclude(top)
    if local is not None:
        rules.append((local, steps))
    for i in range(len(steps)):
        gitignore = top.joinpath(*steps[:i], ".gitignore")
        if gitignore.is_file():  # never opened unless a regular file (a FIFO would hang the walk)
            match = _gitignore(str(gitignore))
            if match is not None:
                rules.append((match, steps[i:]))
    if any(match("/".join(below[:k]) + "/") for match, below in rules for k in range(1, len(below) + 1)):
        return []
    return [_seen_from(match, "/".join(below)) for match, below in rules]


def _seen_from(match: Matcher, below: str) -> Spec:
    """The spec of `match` (the rules of a folder above the root) for a path below the root, `below` that folder."""
    return ".", lambda sub: match(f"{below}/{sub}"), "ignored"


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


def _ignored(specs: list[Spec], rel: str, is_dir: bool) -> str | None:
    """The reason `rel` is skipped by a pattern ('excluded' before 'ignored'), or None."""
    found = None
    for base, match, reason in specs:
        if base == ".":
            sub = rel
        elif rel.startswith(base + "/"):
            sub = rel[len(base) + 1 :]
        else:
            continue
        if match(sub + "/" if is_dir else sub):
            if reason == "excluded":
                return reason
            found = reason
    return found


@dataclass
class _Folder:
    """A folder waiting to be read: where, the patterns that apply, its ancestry, and whether it is
    inside an ignored folder (then only the files git tracks are read)."""

    path: str
    rel: str
    specs: list[Spec]
    ancestry: tuple[tuple[int, int], ...]
    ignored: str | None = None
    linked: bool = False  # reached through a folder link: read after every folder reached by its own path


def unused_excludes(tree: Tree, exclude: tuple[str, ...]) -> list[int]:
    """The indexes of the `exclude` patterns that matched no folder or file of the walk (a typo, a moved folder).

    A pattern is tried on what the walk skipped because of `exclude`; one that only repeats another
    (`a/**` beside `a/b`) counts as unused too: below a skipped folder nothing is looked at.
    """
    return [i for i, pattern in enumerate(exclude) if not any(map(_matcher([pattern]), tree.excluded))]


def walk(root: Path, exclude: tuple[str, ...] = ()) -> Tree:
    """Return the tree below `root`; raises `InputError` on a symlink loop or an unreadable folder.

    `exclude` holds gitignore-style patterns (relative to `root`) to skip as well. git runs at most
    once, and only when a `.gitignore` pattern matched something.
    """
    return _Walker(root, exclude).run()


class _Walker:
    """One walk: the folders still to read (depth first, sorted), and what was seen."""

    def __init__(self, root: Path, exclude: tuple[str, ...]) -> None:
        self.tree = Tree(root=root, started_ns=time.time_ns())
        self.real_root = os.path.realpath(root)
        self.seen: dict[tuple[int, int], str] = {}  # real folder -> the path it was read at
        self.later: list[_Folder] = []  # folders reached through a link: their own path, when walked, wins
        self.doubles: list[tuple[_Folder, tuple[int, int]]] = []  # linked folders read at another path
        self.tracked: gitfiles.Tracked | None = None
        specs: list[Spec] = [(".", _matcher(exclude), "excluded")] if exclude else []
        local = _info_exclude(root)
        if local is not None:
            specs.append((".", local, "ignored"))
        specs.extend(_above(root))
        self.todo = [_Folder(str(root), ".", specs, ())]

    def run(self) -> Tree:
        while self.todo or self.later:
            if not self.todo:  # every folder reached by its own path is read: now those behind links
                self.todo, self.later = sorted(self.later, key=lambda f: f.rel, reverse=True), []
            self._visit(self.todo.pop())
        self._skip_doubles()
        self.tree.project_dirs.sort()
        self.tree.skipped.sort()
        return self.tree

    def _git(self) -> gitfiles.Tracked:
        if self.tracked is None:
            self.tracked = gitfiles.tracked(self.tree.root)
        return self.tracked

    def _visit(self, folder: _Folder) -> None:
        key = _folder_key(folder)
        if key in folder.ancestry:  # only a link can be its own ancestor: its folder is read where it is
            self._skip(folder.rel, "link-loop", _links_to(folder.path))
            return
        if key in self.seen:  # the same real folder reached twice through links: read it once
            if folder.linked:
                self.doubles.append((folder, key))
                self.tree.links[folder.rel] = self.seen[key]
            return
        self.seen[key] = folder.rel
        try:
            entries = sorted(os.scandir(folder.path), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(
                f"cannot list the folder: {exc.strerror}; check its permissions", file=folder.rel
            ) from None
        by_name = {e.name: e for e in entries}
        venv = "pyvenv.cfg" in by_name
        specs = folder.specs
        gi = by_name.get(".gitignore")
        if gi is not None and folder.ignored is None and _kind(gi, "") == "file":
            spec = _gitignore(gi.path)
            if spec is not None:
                specs = [*specs, (folder.rel, spec, "ignored")]
        files: list[str] = []
        subdirs: list[_Folder] = []
        ancestry = (*folder.ancestry, key)
        for entry in entries:
            child = self._entry(entry, folder, specs, venv, files)
            if child is not None:
                linked = folder.linked or entry.is_symlink()
                queue = self.later if linked else subdirs
                queue.append(_Folder(entry.path, child[0], specs, ancestry, child[1], linked))
        self.tree.files[folder.rel] = files
        if any(f in files for f in PROJECT_FILES):
            self.tree.project_dirs.append(folder.rel)
        self.todo.extend(reversed(subdirs))

    def _skip_doubles(self) -> None:
        """Record each link to a folder read at its own path that holds projects (`linked`): the projects are
        read there, where Pulumi and git name them; a link to any other folder read twice is no news."""
        for folder, key in self.doubles:
            there = self.seen[key]
            below = there + "/"
            if any(d == there or d.startswith(below) or there == "." for d in self.tree.project_dirs):
                self._skip(folder.rel, "linked", f"links to {there}")

    def _entry(
        self, entry: os.DirEntry[str], folder: _Folder, specs: list[Spec], venv: bool, files: list[str]
    ) -> tuple[str, str | None] | None:
        """Take one folder entry: list a file, or return (rel, ignored reason) of a folder to read."""
        name = entry.name
        rel = name if folder.rel == "." else f"{folder.rel}/{name}"
        if entry.is_symlink() and not _inside(self.real_root, entry.path):
            if _skipped_dir(name, venv) != "package":  # a linked node_modules or virtualenv: never read anyway
                self._skip(rel, "outside-root", _links_to(entry.path))
            return None
        kind = _kind(entry, rel)
        if kind == "broken":
            if PULUMI_FILE_RE.match(name) and folder.ignored is None and not _ignored(specs, rel, False):
                raise InputError("cannot read: a broken link; fix or remove it", file=rel)
            return None
        if kind == "other":
            self._skip(rel, "non-regular", _what(entry))
            return None
        if kind == "dir":
            return self._folder(entry, rel, folder, specs, venv)
        reason = folder.ignored or _ignored(specs, rel, False)
        if reason == "excluded":
            self.tree.excluded.append(rel)
        if reason is not None and not (reason == "ignored" and rel in self._git().files):
            if PULUMI_FILE_RE.match(name):
                self._skip(rel, reason)
            return None
        files.append(name)
        self.tree.stats[rel] = entry.stat()  # cached by the DirEntry: no second system call
        return None

    def _folder(
        self, entry: os.DirEntry[str], rel: str, folder: _Folder, specs: list[Spec], venv: bool
    ) -> tuple[str, str | None] | None:
        name = entry.name
        reason = _skipped_dir(name, venv)
        if reason in ("build-output", "hidden") and self._project_tracked(rel):
            reason = None  # a committed project in `infra/build/` or `.deploy/`: source, not output or tooling
        if reason is not None:
            if reason != "package":
                self._count(entry.path, rel, reason)
            return None
        ignored = folder.ignored or _ignored(specs, rel, True)
        if ignored == "excluded":
            self.tree.excluded.append(rel + "/")
        if ignored is not None:
            if ignored == "ignored" and rel in self._git().folders:
                return rel, ignored  # an ignored folder that holds tracked files: read those
            self._count(entry.path, rel, ignored)
            return None
        if PULUMI_FILE_RE.match(name):
            raise InputError("a folder named like a Pulumi file; rename or remove it", file=rel)
        return rel, None

    def _project_tracked(self, rel: str) -> bool:
        """Whether git tracks a project file right in the folder `rel` (build output is never committed; a hidden
        folder holding one on purpose is). Asks git once per scan, only when such a folder holds a project file;
        outside git: False."""
        names = [f"{rel}/{n}" for n in PROJECT_FILES]
        if not any((self.tree.root / n).is_file() for n in names):
            return False
        files = self._git().files
        return any(n in files for n in names)

    def _skip(self, rel: str, reason: str, detail: str = "") -> None:
        self.tree.skipped.append(Skipped(rel, reason, detail))

    def _count(self, path: str, rel: str, reason: str) -> None:
        """Record the project and stack files below a skipped folder (links not followed, names only)."""
        todo = [(path, rel)]
        while todo:
            path, rel = todo.pop()
            try:
                entries = list(os.scandir(path))
            except OSError:
                continue
            if any(e.name == "pyvenv.cfg" for e in entries):
                continue  # a virtualenv: a package install
            for e in entries:
                sub = f"{rel}/{e.name}"
                if PULUMI_FILE_RE.match(e.name) and not e.is_dir(follow_symlinks=False):
                    self._skip(sub, reason)
                elif e.is_dir(follow_symlinks=False) and _skipped_dir(e.name, False) != "package":
                    todo.append((e.path, sub))


def stack_folder(root: Path, rel: str) -> tuple[list[str], list[Skipped]]:
    """List the project and stack file names of folder `rel` (a `stackConfigDir`) by the walk's rules for a file,
    whatever the walk made of the folder: Pulumi reads it even when hidden, ignored or excluded.

    Never opened: a file that is not regular and a link that leads outside `root`; each is returned as skipped.
    A folder that cannot be listed lists nothing (the scan says its project has no stacks). Raises `InputError`
    for a broken link or a folder named like a Pulumi file, as the walk does. Sorted by name.
    """
    real_root = os.path.realpath(root)
    try:
        entries = sorted(os.scandir(root / rel), key=lambda e: e.name)
    except OSError:
        return [], []
    names: list[str] = []
    skipped: list[Skipped] = []
    for entry in entries:
        if not PULUMI_FILE_RE.match(entry.name):
            continue
        sub = entry.name if rel == "." else f"{rel}/{entry.name}"
        if entry.is_symlink() and not _inside(real_root, entry.path):
            skipped.append(Skipped(sub, "outside-root", _links_to(entry.path)))
            continue
        kind = _kind(entry, sub)
        if kind == "broken":
            raise InputError("cannot read: a broken link; fix or remove it", file=sub)
        if kind == "dir":
            raise InputError("a folder named like a Pulumi file; rename or remove it", file=sub)
        if kind == "other":
            skipped.append(Skipped(sub, "non-regular", _what(entry)))
            continue
        names.append(entry.name)
    return names, skipped


def _inside(real_root: str, path: str) -> bool:
    """Whether `path`, its links followed, is `real_root` (a real path) or below it; a link the system will
    not let us follow (/proc/1/cwd for a user: EACCES) is taken as outside, so skipped and named."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return False
    return target == real_root or target.startswith(real_root.rstrip("/") + "/")


def _links_to(path: str) -> str:
    """`links to TARGET`: where the link at `path` leads, or why that cannot be read."""
    try:
        return f"links to {os.readlink(path)}"  # noqa: PTH115 - a str path, as os.scandir gives
    except OSError as exc:
        return f"a link that cannot be read ({exc.strerror})"


def _skipped_dir(name: str, venv: bool) -> str | None:
    """Why a folder of this name is skipped: a reason, 'package' (never looked into), or None."""
    if name in NEVER_LOOKED_INTO or name in PACKAGE_INSTALLS or (venv and name in VENV_DIRS):
        return "package"
    if name.startswith("."):
        return "hidden"
    if name in VENDORED:
        return "vendored"
    if name in BUILD_OUTPUT:
        return "build-output"
    return None


def _folder_key(folder: _Folder) -> tuple[int, int]:
    try:
        st = os.stat(folder.path)  # noqa: PTH116 - a str path: one per folder of the hot walk
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError("symlink loop; remove or fix the link", file=folder.rel) from None
        raise InputError(f"cannot read the folder: {exc.strerror}", file=folder.rel) from None
    return st.st_dev, st.st_ino


def _kind(entry: os.DirEntry[str], rel: str) -> str:
    """'dir' (following links), 'file' (regular), 'other' (FIFO, socket, device) or 'broken' (a dangling link)."""
    try:
        mode = entry.stat(follow_symlinks=True).st_mode
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError("symlink loop; remove or fix the link", file=rel) from None
        return "broken"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def _what(entry: os.DirEntry[str]) -> str:
    mode = entry.stat(follow_symlinks=True).st_mode
    for test, word in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device")):
        if test(mode):
            return word
    return "a device" if stat.S_ISBLK(mode) else "not a regular file"
