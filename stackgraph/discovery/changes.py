"""What changed since a git ref, and which stacks those files belong to.

Changed files are those between the merge base of REF and HEAD and HEAD (`git diff
--name-status -M -z`), plus uncommitted (staged and unstaged) and untracked files that git
does not ignore (`git status --porcelain -z`). Renames and deletions
count on both sides. A submodule git reports changed stands for the files changed inside it since
the commit the merge base records (found the same way in its repository); when they cannot be found,
a warning names it. Mapping, first rule that applies:

1. a stack file selects its own stack only (a deleted one: a warning, nothing selected);
2. a file inside a project folder selects every stack of that project (the nearest project), also one it
   holds only through a tracked folder link, and every stack of the other projects whose programs the scan
   read it for (as in rule 3: a module of one project that another imports);
3. a file outside every project selects every stack of the projects whose programs the scan read it for
   (it holds their StackReferences or the evidence of their edges, or the program surely imports it: a shared
   module), and what the
   settings' `watch` globs map it to. A program file or a dependency manifest (package-lock.json) that
   neither maps is named in one warning: programs may import it, and nothing is selected for it.

Files in stackgraph's own `.stackgraph/` folder are never a change.

git runs without a shell, from argv lists, with a ref checked by `graph/select.py` and
resolved to a commit before any other command sees it. Problems are `UsageError`s (exit 2),
a missing git a `ToolMissingError`. The scanned folder may be a subfolder of the git
repository: paths are made relative to it (`../lib/x.py` for a file beside it).
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from stackgraph import yamlio
from stackgraph.config import Settings
from stackgraph.discovery import walk
from stackgraph.discovery.projects import DEPLOY_SUFFIX, NAME_RE, STACK_FILE_RE, deployment_settings
from stackgraph.errors import InputError, ToolMissingError, UsageError
from stackgraph.model import EdgeKind, Project, Repo, StackId

PROJECT_FILES = frozenset(walk.PROJECT_FILES)


@dataclass(frozen=True)
class ChangedFile:
    """A path git reports as changed, relative to the scanned root; `deleted` when it is gone now."""

    path: str
    deleted: bool = False
    moved_to: str | None = None  # the new path of a file git reports renamed (a moved project folder)
    linked_as: tuple[str, ...] = ()  # the same file reached through a tracked folder link (`api/lib -> ../lib`)
    was_named: str | None = None  # a deleted project file: the project name it held at the merge base (if valid)
    settings: bool = False  # a deleted `Pulumi.<stack>.deploy.yaml` that held deployment settings, not a stack


@dataclass(frozen=True)
class Impact:
    """The stacks the files changed since `ref` touch, before their dependents are added."""

    ref: str
    base: str  # the merge base commit
    stacks: Mapping[StackId, tuple[str, ...]] = field(default_factory=dict)  # stack -> its changed files
    watched: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # (glob, selectors, files)
    warnings: tuple[str, ...] = ()
    settings_file: str = "stackgraph.yaml"
    watch_lines: Mapping[str, tuple[int | None, ...]] = field(default_factory=dict)  # glob -> its selectors' lines


class GitChanges:
    """Change detection for one scanned repository: call it with `(ref, origin)` for an `Impact`."""

    def __init__(self, repo: Repo, settings: Settings) -> None:
        self.repo = repo
        self.settings = settings

    def __call__(self, ref: str, origin: str) -> Impact:
        found = changed_files(Path(self.repo.root), ref, origin)
        impact = map_changes(self.repo, found.files, self.settings, ref=ref, base=found.base)
        return replace(impact, warnings=found.warnings + impact.warnings)


def _git(cwd: Path, *args: str, ok: Iterable[int] = (0,)) -> tuple[int, str]:
    """Run git (no shell) and return (exit code, stdout); raise on a code not in `ok`."""
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise ToolMissingError("git is not installed; install git to select what changed") from None
    out = proc.stdout.decode("utf-8", errors="surrogateescape")
    if proc.returncode not in ok:
        err = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {err[-1] if err else proc.returncode}; run it in {cwd} to see why")
    return proc.returncode, out


def _git_with_stderr(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run git (no shell) and return (exit code, stdout, stderr), whatever the exit code."""
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise ToolMissingError("git is not installed; install git to select what changed") from None
    return proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"), proc.stderr.decode("utf-8", "replace")


@dataclass(frozen=True)
class MergeBase:
    """Where the scanned folder sits in its git repository, and the merge base of a ref and HEAD."""

    top: Path  # the repository's top-level folder
    prefix: str  # the scanned folder relative to `top` ("" at the top)
    commit: str  # the merge base


def merge_base(root: Path, ref: str, origin: str) -> MergeBase:
    """Resolve the merge base of `ref` and HEAD for the git repository holding `root`.

    Raises `UsageError` (exit 2) naming `origin` (the option or command) when `root` is not in a
    git repository, the repository has no commit, `ref` is unknown, or it shares no history with HEAD.
    """
    top, prefix = _toplevel(root, origin)
    return MergeBase(top, prefix, _merge_base(top, _commit(top, ref, origin), ref, origin))


@dataclass(frozen=True)
class Changes:
    """The merge base, every file changed since (sorted), and what could not be looked into (submodules)."""

    base: str
    files: list[ChangedFile]
    warnings: tuple[str, ...] = ()


def changed_files(root: Path, ref: str, origin: str) -> Changes:
    """Return the merge base of `ref` and HEAD, and every file changed since, sorted.

    A submodule git reports changed is replaced by the files changed inside it since the commit the
    merge base records (looked into the same way, in its own repository); when that cannot be done
    (not checked out, commit not fetched, removed) a warning names it.
    """
    found = merge_base(root, ref, origin)
    top, prefix, base = found.top, found.prefix, found.commit
    moves: dict[str, str] = {}
    warnings: list[str] = []
    paths = _changed_in(top, "", base, moves, warnings)
    links = _folder_links(top) if paths else {}
    changed = [_changed(top, p, prefix, moves.get(p), _linked_as(p, links)) for p in sorted(paths)]
    return Changes(base, _named_removals(top, base, sorted(paths), changed), tuple(warnings))


def in_history(root: Path, commit: str) -> bool | None:
    """Whether `commit` (a full sha) is HEAD or one of its ancestors in the git repository holding `root`; None
    when this clone does not have it (a shallow clone, history rewritten and collected, another repository)."""
    code, _ = _git(root, "cat-file", "-e", f"{commit}^{{commit}}", ok=(0, 1, 128))
    if code != 0:
        return None
    code, _ = _git(root, "merge-base", "--is-ancestor", commit, "HEAD", ok=(0, 1))
    return code == 0


def _named_removals(top: Path, base: str, paths: list[str], changed: list[ChangedFile]) -> list[ChangedFile]:
    """`changed`, each deleted project file with the project name it held at `base` (read from git, never run;
    one `git show` per removed project: removals are rare), so warnings can name the project and its stacks."""
    out: list[ChangedFile] = []
    for path, f in zip(paths, changed, strict=True):
        if f.deleted and f.moved_to is None and posixpath.basename(path) in PROJECT_FILES:
            code, text = _git(top, "show", f"{base}:{path}", ok=(0, 128))
            name = _project_name(text) if code == 0 else None
            f = replace(f, was_named=name) if name is not None and NAME_RE.match(name) else f
        m = STACK_FILE_RE.match(posixpath.basename(path)) if f.deleted and f.moved_to is None else None
        if m and m.group("stack").endswith(DEPLOY_SUFFIX):  # a stack `x.deploy`, or the deployment settings of `x`
            code, text = _git(top, "show", f"{base}:{path}", ok=(0, 128))
            f = replace(f, settings=code == 0 and _settings_file(m.group("stack"), text, path))
        out.append(f)
    return out


def _settings_file(stack: str, text: str, path: str) -> bool:
    """Whether the text a deleted stack file held at the merge base was deployment settings (projects.py)."""
    try:
        return deployment_settings(stack, yamlio.loads(text, path).data)
    except InputError:
        return False


def _project_name(text: str) -> str | None:
    """The `name:` of a project file's text, or None when it cannot be read."""
    try:
        data = yamlio.loads(text, "Pulumi.yaml").data
    except InputError:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def _folder_links(top: Path) -> dict[str, list[str]]:
    """Tracked links to folders inside the repository: the folder -> the links to it (relative to `top`).

    Git reports a change at the file's own path; a project may hold it through such a link only.
    """
    _, out = _git(top, "ls-files", "-s", "-z")
    real_top = os.path.realpath(top)
    found: dict[str, list[str]] = {}
    for meta, path in (r.partition("\t")[::2] for r in out.split("\0") if r.startswith("120000 ")):
        real = os.path.realpath(top / path)
        target = Path(os.path.relpath(real, real_top)).as_posix()
        if meta and Path(real).is_dir() and target != ".." and not target.startswith("../"):
            found.setdefault(target, []).append(path)
    return found


def _linked_as(path: str, links: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The paths `path` (relative to the top) also has through the folder links `links`, sorted."""
    return tuple(
        sorted(
            link + path[len(target) :]
            for target, names in links.items()
            if target == "." or path.startswith(target + "/")
            for link in names
        )
    )


def _changed_in(top: Path, sub: str, base: str, moves: dict[str, str], warnings: list[str]) -> set[str]:
    """Paths changed since `base` in the repository at `top / sub` (HEAD, index, working tree), relative to
    `top`; submodules replaced by the files changed inside them (`moves`: renames, old -> new)."""
    here = top / sub if sub else top
    diff = ("diff", "--name-status", "-M", "-z", "--no-color", "--no-ext-diff", "--no-relative")
    _, out = _git(here, *diff, base, "HEAD", "--")
    found: dict[str, str] = {}
    paths = set(_name_status(out, found))
    # Staged, unstaged and untracked (not ignored) files, in one walk of the working tree.
    _, out = _git(here, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=no")
    paths.update(_porcelain(out, found))
    moves.update({sub + old: sub + new for old, new in found.items()})
    for path, (then, now) in _submodules(here, base, paths).items():
        paths.discard(path)
        paths.update(_submodule_changes(top, sub + path, then, now, moves, warnings))
    return {sub + p for p in paths}


def _submodules(here: Path, base: str, paths: set[str]) -> dict[str, tuple[str | None, bool]]:
    """The changed paths that are submodules: path -> (the commit `base` records or None, one is there now).

    Git reports a submodule as one path: only a folder now (or a path gone) can be one, so an ordinary
    change costs no git command.
    """
    maybe = sorted(p for p in paths if not (here / p).is_symlink() and ((here / p).is_dir() or not (here / p).exists()))
    if not maybe:
        return {}
    literal = ("--literal-pathspecs",)
    _, then = _git(here, *literal, "ls-tree", "-z", base, "--", *maybe)
    _, now = _git(here, *literal, "ls-files", "-s", "-z", "--", *maybe)
    recorded = {path: meta[2] for meta, path in _gitlinks(then)}  # ls-tree: mode type oid
    current = {path for _, path in _gitlinks(now)}  # ls-files -s: mode oid stage
    return {p: (recorded.get(p), p in current) for p in maybe if p in recorded or p in current}


def _gitlinks(out: str) -> Iterable[tuple[list[str], str]]:
    """(fields before the tab, path) of the submodule entries (mode 160000) of `ls-tree -z` or `ls-files -s -z`."""
    for record in out.split("\0"):
        if record.startswith("160000 "):
            meta, _, path = record.partition("\t")
            yield meta.split(), path


def _submodule_changes(
    top: Path, path: str, then: str | None, now: bool, moves: dict[str, str], warnings: list[str]
) -> set[str]:
    """The files changed inside the submodule at `path` since the commit `then` (None: it is new), relative
    to `top`; a warning and nothing when they cannot be known."""
    checkout = top / path
    why = ""
    if not now:
        why = "it was removed or replaced; nothing is selected for the stacks it held"
    elif not (checkout / ".git").exists():
        why = f"it is not checked out (run `git submodule update --init {path}`); nothing is selected for it"
    elif then is None:  # new since the base: every file in it is new
        _, out = _git(checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        return {f"{path}/{p}" for p in out.split("\0") if p}
    elif _git(checkout, "cat-file", "-e", f"{then}^{{commit}}", ok=(0, 1, 128))[0] != 0:
        why = (
            f"the commit the merge base records ({then[:12]}) is not in its repository (fetch it: "
            f"`git -C {path} fetch`); nothing is selected for it"
        )
    else:
        return _changed_in(top, path + "/", then, moves, warnings)
    warnings.append(f"the submodule '{path}' changed, but its files cannot be compared: {why}")
    return set()


def _changed(top: Path, path: str, prefix: str, moved_to: str | None, linked_as: tuple[str, ...]) -> ChangedFile:
    deleted = not os.path.lexists(top / path)
    aliases = tuple(_relative(p, prefix) for p in linked_as)
    if not deleted or moved_to is None or not os.path.lexists(top / moved_to):
        return ChangedFile(_relative(path, prefix), deleted, linked_as=aliases)
    return ChangedFile(_relative(path, prefix), deleted, _relative(moved_to, prefix), aliases)


def _toplevel(root: Path, origin: str) -> tuple[Path, str]:
    code, out, err = _git_with_stderr(root, "rev-parse", "--show-toplevel", "--show-prefix")
    owned = re.search(r"dubious ownership in repository at '(.*)'", err)
    if code != 0 and owned:  # safe.directory: git refuses a repository another user owns
        raise UsageError(
            f"{origin}: git refuses the repository at {owned.group(1)}: it is owned by another user (dubious "
            f"ownership); if you trust it, run `git config --global --add safe.directory {owned.group(1)}`"
        )
    if code != 0:
        raise UsageError(
            f"{origin}: {root} is not inside a git repository; change detection needs one (scan a git checkout)"
        )
    top, prefix = [*out.splitlines(), ""][:2]
    if _git(Path(top), "rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1))[0] != 0:
        raise UsageError(f"{origin}: the git repository has no commit yet; commit once, then compare with a ref")
    return Path(top), prefix.rstrip("/")


def _commit(top: Path, ref: str, origin: str) -> str:
    code, out = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", ok=(0, 1))
    if code == 0:
        return out.strip()
    code, out = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", ref, ok=(0, 1))
    if code == 0:  # git knows it, but as a blob or a tree (a tag of one)
        _, kind = _git(top, "cat-file", "-t", out.strip())
        raise UsageError(
            f"{origin}: '{ref}' names a {kind.strip()} ({out.strip()[:12]}), not a commit; name a branch, tag or commit"
        )
    _, names = _git(top, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes")
    known = names.split()
    tail = ref.rsplit("/", maxsplit=1)[-1]  # 'origin/main' when only 'main' is here
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6) or [n for n in known if n == tail]
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    if _git(top, "rev-parse", "--is-shallow-repository")[1].strip() == "true":  # actions/checkout: depth 1
        raise UsageError(
            f"{origin}: git does not know the ref '{ref}'{hint}: this clone is shallow (its history is cut); fetch "
            "the history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0) or the "
            "ref, then run again"
        )
    raise UsageError(
        f"{origin}: git does not know the ref '{ref}'{hint}; name a branch, tag or commit "
        "(fetch it first if it is remote)"
    )


def _merge_base(top: Path, commit: str, ref: str, origin: str) -> str:
    code, out = _git(top, "merge-base", commit, "HEAD", ok=(0, 1))
    if code == 0:
        return out.strip()
    _, shallow = _git(top, "rev-parse", "--is-shallow-repository")
    hint = "fetch the full history (git fetch --unshallow)" if shallow.strip() == "true" else "compare with a ref"
    raise UsageError(f"{origin}: '{ref}' and HEAD have no commit in common; {hint} that HEAD grew from")


def _name_status(out: str, moves: dict[str, str] | None = None) -> Iterable[str]:
    """Paths of `git diff --name-status -z` output; both sides of a rename or copy (`moves`: old -> new path
    of each rename, when given)."""
    fields = out.split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        count = 2 if status[:1] in ("R", "C") else 1
        if status[:1] == "R" and moves is not None:
            moves[fields[i + 1]] = fields[i + 2]
        yield from fields[i + 1 : i + 1 + count]
        i += 1 + count


def _porcelain(out: str, moves: dict[str, str] | None = None) -> Iterable[str]:
    """Paths of `git status --porcelain=v1 -z` output (`XY path`, and the source after a rename or copy;
    `moves`: old -> new path of each staged rename, when given)."""
    fields = out.split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        entry = fields[i]
        yield entry[3:]
        if entry[:1] in ("R", "C"):  # `R  new\0old`: the source follows
            if entry[:1] == "R" and moves is not None:
                moves.setdefault(fields[i + 1], entry[3:])
            yield fields[i + 1]
            i += 1
        i += 1


def _relative(path: str, prefix: str) -> str:
    """A path relative to the git top level, made relative to the scanned folder `prefix`."""
    return posixpath.relpath(path, prefix) if prefix else path


def map_changes(repo: Repo, files: Iterable[ChangedFile], settings: Settings, *, ref: str, base: str) -> Impact:
    """Map changed files to the stacks they select (rules in the module docstring); pure."""
    files = list(files)
    index = _Index(repo, settings)
    index.removed = {posixpath.dirname(f.path) or ".": f.was_named for f in files if f.was_named is not None}
    stacks: dict[StackId, list[str]] = {}
    watched: dict[str, list[str]] = {}
    warnings: list[str] = []
    unmapped: list[str] = []
    for f in files:
        if _own_state(f.path):
            continue
        hit = index.stack_of(f, warnings)
        if hit is None and f.linked_as:  # inside a project through a folder link only
            hit = index.through_links(f, warnings)
        if hit is not None and f.path not in index.stack_file and f.path in index.readers:  # read for others too
            hit = sorted({*hit, *index.readers[f.path]})
        if hit is None:  # outside every project: the programs that read it, and the watch globs
            hit = index.readers.get(f.path, [])
            globs = index.matching_watch(f.path)
            for pattern, _ in globs:
                watched.setdefault(pattern, []).append(f.path)
            if not hit and not globs and not f.deleted and _may_be_imported(f.path):
                unmapped.append(f.path)
        for sid in hit:
            stacks.setdefault(sid, []).append(f.path)
    if unmapped:
        warnings.append(_unmapped(unmapped, settings.file or "stackgraph.yaml"))
    selectors = dict(settings.watch)
    return Impact(
        ref=ref,
        base=base,
        stacks={sid: tuple(sorted(set(paths))) for sid, paths in sorted(stacks.items())},
        watched=tuple((p, selectors[p], tuple(sorted(set(fs)))) for p, fs in sorted(watched.items())),
        warnings=tuple(warnings),
        settings_file=settings.file or "stackgraph.yaml",
        watch_lines={p: tuple(settings.watch_line(p, i) for i in range(len(selectors[p]))) for p in watched},
    )


MANIFESTS = frozenset(
    {
        "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
        "pnpm-workspace.yaml", "tsconfig.json", "requirements.txt", "pyproject.toml", "poetry.lock", "uv.lock",
        "Pipfile", "Pipfile.lock", "setup.py", "setup.cfg", "go.mod", "go.sum", "go.work", "Directory.Build.props",
        "Directory.Packages.props", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
    }
)  # fmt: skip
"""Dependency manifests and lock files: outside every project, they may still decide what programs run."""

PROGRAM_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".py", ".go", ".cs", ".fs", ".java")
"""Source files of the languages inference reads: outside every project, a program may import one."""


def _may_be_imported(path: str) -> bool:
    """A file outside every project that programs may read: a program file or a dependency manifest."""
    name = posixpath.basename(path)
    return not path.startswith("../") and (name in MANIFESTS or name.endswith(PROGRAM_SUFFIXES))


def _unmapped(paths: list[str], settings_file: str) -> str:
    """The one warning naming the changed files outside every project that nothing maps."""
    shown = ", ".join(paths[:3]) + (f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
    it = "it" if len(paths) == 1 else "them"
    return (
        f"changed outside every project: {shown}; no program the scan read is known to import {it} and no `watch` "
        f"glob maps {it}, so nothing is selected for {it}; if programs use {it} (by a path the scan cannot follow, "
        f"a package install), map {it} to the stacks {'it affects' if len(paths) == 1 else 'they affect'} with "
        f"`watch:` in {settings_file}"
    )


def _own_state(path: str) -> bool:
    """A file in stackgraph's own `.stackgraph/` folder (logs, reports, state) is never a change."""
    return path.startswith(".stackgraph/") or "/.stackgraph/" in path


class _Index:
    """Lookups from a path to its stack, project or watch globs."""

    def __init__(self, repo: Repo, settings: Settings) -> None:
        self.stack_file: dict[str, StackId] = {}
        self.stacks_of: dict[str, list[StackId]] = {}
        for s in repo.stacks:
            sid = s.id  # a property that builds the string: read it once
            self.stack_file[s.file] = sid
            self.stacks_of.setdefault(s.project_path, []).append(sid)
        self.ids = frozenset(self.stack_file.values())
        self.projects = {p.path: p for p in repo.projects}
        self.stack_dirs = {_stack_dir(p): p for p in repo.projects}
        self.watch = [(p, watch_glob(p, settings.file)) for p, _ in settings.watch]
        self.readers = _readers(repo, self.stacks_of)
        self.edges = repo.edges
        self.removed: dict[str, str] = {}  # folder -> the name of the project removed from it (ChangedFile.was_named)

    def stack_of(self, f: ChangedFile, warnings: list[str]) -> list[StackId] | None:
        """The stacks `f` selects by rules 1 and 2; None when it belongs to no project."""
        if f.path in self.stack_file:
            return [self.stack_file[f.path]]
        if f.deleted and f.moved_to is not None and self._lives_on(f.path, f.moved_to):
            return self.stack_of(ChangedFile(f.moved_to), warnings)  # a moved or renamed folder: no removal
        folder, name = posixpath.split(f.path)
        folder = folder or "."
        m = STACK_FILE_RE.match(name)
        if f.deleted and m and not f.settings:  # (deployment settings: a file of its project, below)
            project = self.stack_dirs.get(folder)
            sid = StackId(f"{project.name}/{m.group('stack')}") if project else None
            if sid is not None and sid in self.ids:  # the stack lives on in another file (Pulumi.x.yaml -> .yml)
                return [sid]
            named = project.name if project else self.removed.get(folder)
            warnings.append(self._removed_stack(f.path, named, m.group("stack")) + self._still_read(named, m))
            return []
        owner = _owner(folder, self.projects)
        if f.deleted and name in PROJECT_FILES and owner != folder:
            named = f"'{f.was_named}' " if f.was_named else ""
            warnings.append(
                f"the project {named}in '{folder}' was removed ({f.path} deleted); nothing is selected for it "
                "(its stacks stay deployed: destroy them with `pulumi destroy`)"
            )
            return []
        return None if owner is None else sorted(self.stacks_of.get(owner, []))

    def through_links(self, f: ChangedFile, warnings: list[str]) -> list[StackId] | None:
        """The stacks `f` selects at the paths it has through folder links (rules 1 to 3); None when none do."""
        found: set[StackId] = set()
        hit = False
        for alias in f.linked_as:
            stacks = self.stack_of(ChangedFile(alias, f.deleted), warnings)
            stacks = self.readers.get(alias) if stacks is None else stacks
            hit = hit or stacks is not None
            found.update(stacks or ())
        return sorted(found) if hit else None

    def _lives_on(self, old: str, new: str) -> bool:
        """Whether the file git reports renamed from `old` to `new` is the same project file, or the stack file of
        the same stack (project name and stack name: `api/Pulumi.dev.yaml` -> `services/api/Pulumi.dev.yaml`)."""
        folder, name = posixpath.split(new)
        project = self.projects.get(folder or ".")
        if name in PROJECT_FILES:
            return posixpath.basename(old) in PROJECT_FILES and project is not None
        m, was = STACK_FILE_RE.match(name), STACK_FILE_RE.match(posixpath.basename(old))
        sid = self.stack_file.get(new)
        return m is not None and was is not None and sid is not None and sid.split("/")[-1] == was.group("stack")

    def _still_read(self, project: str | None, m: re.Match[str]) -> str:
        """What a removed stack's warning adds when stacks of the repository still reference it (by a name whose
        last two parts are its project and stack: `acme/net/dev`): they read it while it stays deployed."""
        if project is None:
            return ""
        key = f"{project}/{m.group('stack')}"
        readers = sorted({e.dependent for e in self.edges if key in (e.dependency, e.dependency.split("/", 1)[-1])})
        if not readers:
            return ""
        shown = ", ".join(readers[:5]) + (f" (+{len(readers) - 5} more)" if len(readers) > 5 else "")
        verb, whose = ("references", "its") if len(readers) == 1 else ("reference", "their")
        return f"; {shown} still {verb} a stack of that name ({whose} deployments fail once it is destroyed)"

    @staticmethod
    def _removed_stack(path: str, project: str | None, stack: str) -> str:
        name = f"stack '{project}/{stack}'" if project else "a stack"
        return f"{name} was removed ({path} deleted); nothing is selected for it"

    def matching_watch(self, path: str) -> list[tuple[str, Callable[[str], bool]]]:
        return [(p, m) for p, m in self.watch if m(path)]


def _stack_dir(project: Project) -> str:
    if not project.stack_config_dir:
        return project.path
    return posixpath.normpath(posixpath.join(project.path, project.stack_config_dir))


def _owner(folder: str, projects: Mapping[str, Project]) -> str | None:
    """The nearest project folder at or above `folder`; None outside every project."""
    if folder == ".." or folder.startswith("../"):
        return None
    cur = folder
    while True:
        if cur in projects:
            return cur
        if cur == ".":
            return None
        cur = posixpath.dirname(cur) or "."


def watch_glob(pattern: str, settings_file: str | None = None) -> Callable[[str], bool]:
    """Compile a `watch` glob, relative to the scanned root, into a path predicate.

    `*` and `?` stay inside one folder, `**` crosses folders, a glob without '/' matches a name in
    any folder (like .gitignore), a folder matches everything below it, and `../` reaches files
    beside the scanned folder in the same git repository. Raises `InputError` for a broken glob.
    """
    text = pattern.strip().rstrip("/")
    if not text.lstrip("/"):
        raise InputError(f"watch glob {pattern!r} is empty; name the files, e.g. 'lib/shared/**'", file=settings_file)
    anchored = "/" in text
    text = text[1:] if text.startswith("/") else text
    try:
        body = _translate(text)
    except ValueError:
        raise InputError(
            f"watch glob {pattern!r} has a '[' that is not closed; close it ('[abc]') or write '[[]' for a '['",
            file=settings_file,
        ) from None
    try:
        rx = re.compile(f"^{'' if anchored else '(?:.*/)?'}{body}(?:/.*)?$")
    except re.error:
        raise InputError(f"watch glob {pattern!r} is not a valid glob; fix its brackets", file=settings_file) from None
    return lambda path: rx.match(path) is not None


def _translate(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = glob[i]
        close = glob.find("]", i + 2) if c == "[" else -1
        if c == "[" and close < 0:
            raise ValueError(glob)
        if c == "[":
            cls = glob[i + 1 : close].replace("\\", "\\\\")
            out.append("[^" + cls[1:] + "]" if cls.startswith("!") else f"[{cls}]")
            i = close + 1
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c)))
        i += 1
    return "".join(out)


def _readers(repo: Repo, stacks_of: Mapping[str, list[StackId]]) -> dict[str, list[StackId]]:
    """File outside its project -> every stack of the projects whose programs the scan read it for: it
    holds their StackReferences or the evidence of their edges, or the program surely imports it (a shared
    module: `../lib/tags`, a folder on `sys.path`, a Go `replace`; Repo.imports); sorted."""
    folders: dict[str, set[str]] = {}
    for r in repo.references:
        if not _inside(r.file, r.project_path):
            folders.setdefault(r.file, set()).add(r.project_path)
    for file, importer in repo.imports:  # a module the program imports, StackReference or not
        folders.setdefault(file, set()).add(importer)
    path_of = {s.id: s.project_path for s in repo.stacks}
    for edge in repo.edges:
        folder = path_of.get(edge.dependent)
        for e in edge.evidence:
            if folder is not None and e.file and e.kind is not EdgeKind.TRANSITIVE and not _inside(e.file, folder):
                folders.setdefault(e.file, set()).add(folder)
    return {f: sorted(sid for p in ps for sid in stacks_of.get(p, ())) for f, ps in folders.items()}


def _inside(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")
