"""What each stack is deployed from, as digests: its project's files, its stack file, its upstreams' outputs.

A run records these per stack (the run report's `inputs`), so that `--resume` can tell a stack
that succeeded and is unchanged from one whose inputs changed since; a saved plan can use the same
digests to tell whether it is stale. Only digests are kept, never a value: a file's digest is the
blake2b of its bytes (cache/fingerprint.py), a stack's outputs are digested as the engine prints
them without `--show-secrets` (a secret is its placeholder, never decrypted).

The files of a project are those the scan's walk listed in its folder (the files git tracks, and the
untracked ones no `.gitignore` ignores; hidden folders, package installs, vendored code and build
output are not listed, see discovery/walk.py), without the folders of projects nested in it and
without its stack files (each stack has its own digest), plus the files inference read in the
folders above it that belong to no project (a tsconfig.json it extends, a go.mod at the root). Code
imported from outside the project's folder (a shared module, a workspace package) is not part of
the digest; nor is a file above it that inference did not read.

Deterministic: the same files give the same digests on any machine (paths are relative, sorted).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.cache.fingerprint import digest as file_digest
from stackgraph.cache.fingerprint import outputs_digest
from stackgraph.model import Repo, StackId

if TYPE_CHECKING:
    from stackgraph.discovery.scan import ScanInputs

__all__ = ["MISSING", "StackInputs", "fold", "outputs_digest", "project_files", "stack_inputs"]

MISSING = "-"
"""The digest of a file that cannot be read (or of a stack that has no stack file of its own)."""


@dataclass(frozen=True)
class StackInputs:
    """The digests of what one stack is deployed from, besides its upstreams' outputs."""

    project: str  # the project's files (see the module's docstring)
    stack_file: str  # its Pulumi.<stack>.yaml; MISSING for a stack made for --env

    def to_json(self) -> dict[str, str]:
        return {"project": self.project, "stack_file": self.stack_file}


def stack_inputs(repo: Repo, scanned: ScanInputs, ids: Iterable[StackId]) -> dict[StackId, StackInputs]:
    """The inputs of each stack of `ids` (a stack of the repository), each file read once.

    Raises KeyError for an id that is not a stack of `repo`. Never raises for a file that cannot be
    read: its digest is MISSING (reading it again later gives a different digest once it is back).
    """
    root = Path(repo.root)
    stacks = repo.stack_by_id()
    chosen = [stacks[sid] for sid in ids]
    owned = project_files(repo, scanned, {s.project_path for s in chosen})
    digests: dict[str, str] = {}
    out: dict[StackId, StackInputs] = {}
    for s in chosen:
        files = owned[s.project_path]
        for rel in files:
            if rel not in digests:
                digests[rel] = file_digest(f"{root}/{rel}")
        project = fold((rel, digests[rel]) for rel in files)
        out[s.id] = StackInputs(project, MISSING if s.from_env else file_digest(f"{root}/{s.file}"))
    return out


def project_files(repo: Repo, scanned: ScanInputs, paths: Iterable[str]) -> dict[str, list[str]]:
    """The files that make up each project folder of `paths` (sorted; see the module's docstring).

    Linear in the files and the folder depth (each file looks up its ancestors in a set).
    """
    by_project = scanned.tree.files_by_project()
    stack_files = {s.file for s in repo.stacks}
    folders = {p.path for p in repo.projects}
    above: dict[str, list[str]] = {}  # folder -> files read there that belong to no project
    for f in scanned.read:
        folder = posixpath.dirname(f) or "."
        if not folders.intersection(_folders_up(folder)):
            above.setdefault(folder, []).append(f)
    out: dict[str, list[str]] = {}
    for path in paths:
        own = [f for f in by_project.get(path, []) if f not in stack_files]
        shared = [f for folder in _folders_up(path) for f in above.get(folder, ())]
        out[path] = sorted({*own, *shared})
    return out


def _folders_up(folder: str) -> list[str]:
    """`folder` and every folder above it, up to the root "."."""
    out = [folder]
    while folder not in ("", "."):
        folder = posixpath.dirname(folder) or "."
        out.append(folder)
    return out


def fold(pairs: Iterable[tuple[str, str]]) -> str:
    """One digest of (name, digest) pairs, in the order given (callers sort)."""
    h = hashlib.blake2b(digest_size=16)
    for name, value in pairs:
        h.update(f"{name}\0{value}\n".encode())
    return h.hexdigest()
