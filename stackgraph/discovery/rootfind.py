"""Find the repository a folder belongs to, when stackgraph runs from inside a project folder.

`cd examples/api && stackgraph plan` must order `api/dev` after the stacks it reads, which live outside
`examples/api`. When the given folder is a project folder or inside one (a `Pulumi.yaml` at it or above
it), the repository root is the nearest folder above it holding `stackgraph.yaml` (or
`.stackgraph.yaml`), else the top of its git work tree (a `.git` entry), else the folder itself; the
scope is the given folder, relative to that root. A folder in no project is its own root, as ever.
Pure file-system lookups: no git command runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stackgraph.config import SETTINGS_FILES
from stackgraph.discovery.walk import PROJECT_FILES


@dataclass(frozen=True)
class Located:
    """The root to scan, the given folder relative to it (None: the root itself), and how it was found."""

    root: Path
    scope: str | None = None
    how: str = ""


def locate(path: Path) -> Located:
    """Return the repository root of `path` (an existing folder) and the scope to select in it."""
    folder = path.resolve()
    top = _git_top(folder)
    chain = [folder, *folder.parents]
    if top is not None:
        chain = chain[: chain.index(top) + 1]  # never above the git work tree
    if not any((d / name).is_file() for d in chain for name in PROJECT_FILES):
        return Located(folder)
    root, how = top, "the top of the git work tree"
    for d in chain:
        found = [name for name in SETTINGS_FILES if (d / name).is_file()]
        if found:
            root, how = d, f"the nearest {found[0]}"
            break
    if root is None or root == folder:
        return Located(folder)
    return Located(root, folder.relative_to(root).as_posix(), how)


def settings_above(path: Path) -> tuple[Path, str] | None:
    """The nearest folder above `path` (never above its git work tree) holding a settings file, with the
    file's name; None when there is none. For a folder in no project: the repository it most likely
    belongs to, named in the refusal of a folder without stacks (`cd docs && stackgraph plan`)."""
    folder = path.resolve()
    top = _git_top(folder)
    for d in folder.parents:
        found = [name for name in SETTINGS_FILES if (d / name).is_file()]
        if found:
            return d, found[0]
        if d == top:
            break
    return None


def _git_top(folder: Path) -> Path | None:
    for d in (folder, *folder.parents):
        if (d / ".git").exists():
            return d
    return None
