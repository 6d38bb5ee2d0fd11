"""The deployment plan: ordered levels of stacks, for `up` or reversed for `destroy`.

Pure: no I/O. Levels are topological generations with ids sorted inside each
level, so the same graph always gives the same plan.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from stackgraph.graph.dag import StackGraph
from stackgraph.model import Repo, StackId


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
