"""The deployment plan: ordered levels of stacks, for `up` or reversed for `destroy`.

Pure: no I/O. Levels are topological generations with ids sorted inside each
level, so the same graph always gives the same plan.
"""

from __future__ import annotations

import enum
import posixpath
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stackgraph.discovery.walk import PROJECT_FILES
from stackgraph.graph.dag import StackGraph
from stackgraph.model import SKIP_REASONS, Repo, Skipped, StackId


class Direction(str, enum.Enum):
    UP = "up"
    DESTROY = "destroy"


@dataclass(frozen=True)
class Plan:
    """What runs, in which order: `levels[0]` first; stacks inside one level may run in parallel."""

    repo: Repo
    graph: StackGraph  # the deployable stacks only, ordered as in the full graph
    levels: tuple[tuple[StackId, ...], ...]
    direction: Direction
    critical_path: tuple[StackId, ...]

    @property
    def stack_ids(self) -> list[StackId]:
        return [s for level in self.levels for s in level]


def make_plan(
    repo: Repo,
    full: StackGraph,
    selected: frozenset[StackId] | None = None,
    *,
    direction: Direction = Direction.UP,
) -> Plan:
    """Order the `selected` stacks (default: every stack of the repository) of `full`."""
    deployable = frozenset(s.id for s in repo.stacks)
    keep = deployable if selected is None else selected & deployable
    graph = full.subset(keep)
    ordered = graph if direction is Direction.UP else graph.reversed()
    levels = tuple(tuple(level) for level in ordered.levels())
    return Plan(repo, graph, levels, direction, tuple(ordered.critical_path()))


def select_env(repo: Repo, env: str) -> frozenset[StackId]:
    """Return the stacks named `env` across projects (one environment)."""
    return frozenset(s.id for s in repo.stacks if s.name == env)


def why_empty(repo: Repo, above: tuple[Path, str] | None = None) -> str | None:
    """Why `repo` holds no stack to plan, as the end of a one-line message; None when it holds one.

    `plan` exits 2 with it (bad input: most likely the wrong folder), unlike a selection of what changed
    that selects nothing (exit 0: nothing to do). `above`: the folder above holding a settings file, and
    its name (`rootfind.settings_above`), named as the folder to pass when no project is below.
    """
    if repo.stacks:
        return None
    skipped = len(repo.skipped)
    if not repo.projects:
        found = _skipped_projects(repo.skipped)
        if found:
            return f"no project below this folder; {found}; pass the folder that holds your projects"
        seen = f", and {skipped} project or stack file(s) skipped (see the warning above)" if skipped else ""
        if above is not None:
            return (
                f"no Pulumi project here (no Pulumi.yaml below this folder{seen}); the repository is {above[0]} "
                f"above it (its {above[1]}): pass that folder, or run from inside a project folder"
            )
        return (
            f"no Pulumi project here (no Pulumi.yaml below this folder{seen}); pass the folder that holds your projects"
        )
    n = len(repo.projects)
    return (
        f"{n} project{'s' * (n != 1)} but no stack file (Pulumi.<stack>.yaml); "
        "pass --env NAME to plan a stack NAME for each, or add stack files"
    )


def _skipped_projects(skipped: Iterable[Skipped], shown: int = 3) -> str:
    """`2 project files skipped (ignored by .gitignore: 1, template: 1): a/Pulumi.yaml, b/Pulumi.yaml`: the
    project files the scan skipped (the first `shown` named, sorted), or '' when it skipped none."""
    files = sorted(k for k in skipped if posixpath.basename(k.file) in PROJECT_FILES)
    if not files:
        return ""
    counts = Counter(SKIP_REASONS.get(k.reason, k.reason) for k in files)
    why = next(iter(counts)) if len(counts) == 1 else ", ".join(f"{r}: {n}" for r, n in sorted(counts.items()))
    names = ", ".join(k.file for k in files[:shown]) + (f" and {len(files) - shown} more" if len(files) > shown else "")
    return f"{len(files)} project file{'s' * (len(files) != 1)} skipped ({why}): {names}"
