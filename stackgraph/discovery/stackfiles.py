"""The files that determine a stack, with their digests; and where the scanned folder sits in git.

A stack is determined by (`stack_files`):
1. its project's files: as the scan listed them when the caller gives them (app/inputs.py
   `project_files`, shared with `--resume`: the walk's files of the folder and the files
   inference read above it, such as a tsconfig.json it extends); else every file below the
   project folder that git tracks or would track (untracked files that no ignore rule hides),
   or outside git every file below it less `.git`, `.stackgraph`, `node_modules`,
   `__pycache__` and virtualenvs; either way less the folders of projects nested in it and
   the stack files of the project's other stacks, and never stackgraph's own `.stackgraph/`;
2. its stack file (also when `stackConfigDir` puts it elsewhere);
3. the files inference read for it outside the project folder: the program files holding
   its StackReferences (a shared module) and the files named by the evidence of its edges.

Digests are SHA-256 of the bytes; a file that cannot be read is recorded as `missing`.
Paths are relative to the scanned root, POSIX, sorted. git runs without a shell.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from stackgraph.model import EdgeKind, Repo, StackId

MISSING = "missing"
_SKIP_DIRS = frozenset({".git", ".stackgraph", "node_modules", "__pycache__", ".venv", "venv"})


@dataclass(frozen=True)
class GitFacts:
    """The git repository holding the scanned folder: None fields outside git."""

    commit: str | None = None
    dirty: bool | None = None  # uncommitted or untracked (not ignored) files below the scanned folder
    root_commit: str | None = None  # the first commit: the repository's identity (shared by its clones)


def _git(root: Path, *args: str) -> str | None:
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=False)
    except OSError:
        return None
    return proc.stdout.decode("utf-8", "surrogateescape") if proc.returncode == 0 else None


def git_facts(root: Path, ignore: Iterable[str] = ()) -> GitFacts:
    """HEAD, the dirty flag (paths under `ignore`, relative to `root`, do not count) and the first commit."""
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head is None:
        return GitFacts()
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".") or ""
    skip = tuple(p.rstrip("/") + "/" for p in (".stackgraph", *ignore))
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    dirty = False
    for entry in status.split("\0"):
        path = entry[3:]
        if len(entry) > 3 and not path.removeprefix(prefix).startswith(skip):
            dirty = True
            break
    roots = (_git(root, "rev-list", "--max-parents=0", "HEAD") or "").split()
    return GitFacts(head.strip(), dirty, sorted(roots)[0] if roots else None)


def listed_files(root: Path) -> list[str] | None:
    """Files git tracks or would track below `root` (relative POSIX paths), or None outside git."""
    out = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
    if out is None:
        return None
    return sorted({p for p in out.split("\0") if p})


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        base = Path(folder).relative_to(root)
        found.extend((base / n).as_posix() for n in names)
    return sorted(found)


def file_digest(path: Path) -> str:
    """`sha256:<hex>` of a file's bytes, or `missing` when it cannot be read."""
    try:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return MISSING


def _inside(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder.rstrip("/") + "/")


def stack_files(
    repo: Repo,
    ids: Iterable[StackId],
    *,
    ignore: Iterable[str] = (),
    projects: Mapping[str, Iterable[str]] | None = None,
) -> dict[StackId, dict[str, str]]:
    """For each stack in `ids`: path -> digest of every file that determines it (see the module doc).

    `ignore`: folders (relative to the root) whose files never count, e.g. a saved plan written
    inside the repository. `projects`: project folder -> its files, as the scan listed them
    (app/inputs.py `project_files`: the walk's files and those inference read above the folder);
    without it, git's listing (else a walk) of the project folder, as rule 1 says.
    """
    root = Path(repo.root)
    files: list[str] = []
    if projects is None:
        listed = listed_files(root)
        files = _walk(root) if listed is None else listed
    skipped = tuple(p.rstrip("/") for p in (".stackgraph", *ignore))
    digests: dict[str, str] = {}
    out: dict[StackId, dict[str, str]] = {}
    for sid in sorted(set(ids)):
        stack = repo.stack_by_id()[sid]
        own = set(projects.get(stack.project_path, ())) if projects is not None else _project_part(repo, sid, files)
        own.add(stack.file)
        own.update(_read_for(repo, sid, stack.name, stack.project_path))
        chosen = sorted(f for f in own if f == stack.file or not any(_inside(f, s) for s in skipped))
        for f in chosen:
            if f not in digests:
                digests[f] = file_digest(root / f)
        out[sid] = {f: digests[f] for f in chosen}
    return out


def _project_part(repo: Repo, sid: StackId, files: list[str]) -> set[str]:
    """Rule 1 from a listing of the whole repository."""
    folder = repo.stack_by_id()[sid].project_path
    nested = [p.path for p in repo.projects if p.path != folder and _inside(p.path, folder)]
    others = {s.file for s in repo.stacks if s.project_path == folder and s.id != sid}
    return {f for f in files if _inside(f, folder) and f not in others and not any(_inside(f, n) for n in nested)}


def _read_for(repo: Repo, sid: StackId, name: str, folder: str) -> set[str]:
    """Files outside the project folder that inference read for the stack (references, edge evidence)."""
    read = {
        r.file
        for r in repo.references
        if r.project_path == folder and r.stack in (None, name) and not _inside(r.file, folder)
    }
    for edge in repo.edges:
        if edge.dependent == sid:
            read.update(
                e.file
                for e in edge.evidence
                if e.file and e.kind is not EdgeKind.TRANSITIVE and not _inside(e.file, folder)
            )
    return read


def changed(recorded: Mapping[str, str], now: Mapping[str, str]) -> list[tuple[str, str]]:
    """(path, what happened) for every file that differs: `changed`, `added`, `removed` (sorted)."""
    out: list[tuple[str, str]] = []
    for path in sorted(set(recorded) | set(now)):
        was, is_ = recorded.get(path), now.get(path)
        if was == is_:
            continue
        if was is None or was == MISSING:
            out.append((path, "added"))
        elif is_ is None or is_ == MISSING:
            out.append((path, "removed"))
        else:
            out.append((path, "changed"))
    return out
