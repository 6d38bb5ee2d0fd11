"""How the stack graph changed between two scans (a base commit and the working tree). Pure.

Stacks are the deployable stacks of each scan (stack files, and `--env` stacks); edges are
`(dependent, dependency)` pairs between any nodes (external and dangling ones too), an added
edge with the evidence of the new scan, a removed one with the evidence of the base. A level
is a stack's place in the deploy order of its whole repository (0: depends on nothing), so
a level change is how a stack moved in the order. Everything is sorted by id.
"""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.graph.dag import StackGraph
from stackgraph.model import Edge, Repo, StackId


@dataclass(frozen=True)
class LevelChange:
    id: StackId
    base: int
    head: int


@dataclass(frozen=True)
class GraphDiff:
    """What changed from `base` (a commit) to the working tree."""

    ref: str  # as the user named it
    base: str  # the merge base commit
    stacks_added: tuple[StackId, ...]
    stacks_removed: tuple[StackId, ...]
    edges_added: tuple[Edge, ...]
    edges_removed: tuple[Edge, ...]
    levels_changed: tuple[LevelChange, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.stacks_added or self.stacks_removed or self.edges_added or self.edges_removed or self.levels_changed
        )


def stack_levels(repo: Repo, graph: StackGraph) -> dict[StackId, int]:
    """Each deployable stack's level in the deploy order of the whole repository."""
    deployable = [s.id for s in repo.stacks]
    levels = graph.subset(deployable).levels()
    return {sid: i for i, ids in enumerate(levels) for sid in ids}


def diff_graphs(
    base: tuple[Repo, StackGraph], head: tuple[Repo, StackGraph], *, ref: str, base_commit: str
) -> GraphDiff:
    """Compare the scan of the base commit with the scan of the working tree."""
    (old_repo, old_graph), (new_repo, new_graph) = base, head
    old_ids = {s.id for s in old_repo.stacks}
    new_ids = {s.id for s in new_repo.stacks}
    old_edges = _edges(old_repo, old_graph)
    new_edges = _edges(new_repo, new_graph)
    old_levels = stack_levels(old_repo, old_graph)
    new_levels = stack_levels(new_repo, new_graph)
    moved = tuple(
        LevelChange(sid, old_levels[sid], new_levels[sid])
        for sid in sorted(old_ids & new_ids)
        if old_levels[sid] != new_levels[sid]
    )
    return GraphDiff(
        ref=ref,
        base=base_commit,
        stacks_added=tuple(sorted(new_ids - old_ids)),
        stacks_removed=tuple(sorted(old_ids - new_ids)),
        edges_added=tuple(new_edges[p] for p in sorted(new_edges.keys() - old_edges.keys())),
        edges_removed=tuple(old_edges[p] for p in sorted(old_edges.keys() - new_edges.keys())),
        levels_changed=moved,
    )


def _edges(repo: Repo, graph: StackGraph) -> dict[tuple[StackId, StackId], Edge]:
    """Every edge of the graph, with its evidence from the scan."""
    by_pair = {(e.dependent, e.dependency): e for e in repo.edges}
    return {p: by_pair.get(p, Edge(p[0], p[1], (), ())) for p in graph.edges()}
