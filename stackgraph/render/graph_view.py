"""What a diagram of the stack graph shows: nodes with their levels and clusters, and edges.

Every graph renderer (graph_formats, html/graph, html/report, picture) reads a `GraphView`; it lives
apart from the renderers so that they can share it without importing each other.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from stackgraph.graph.dag import StackGraph
from stackgraph.model import Edge, EdgeKind, Repo, StackId


class Cluster(str, enum.Enum):
    ENV = "env"
    PROJECT = "project"
    NONE = "none"


@dataclass(frozen=True)
class Node:
    id: StackId
    kind: str  # "stack", "external" or "dangling"
    project: str
    stack: str
    level: int
    file: str = ""  # the stack file ("" for external and dangling stacks)
    tags: tuple[str, ...] = ()  # the stack's tags, else its project's


@dataclass(frozen=True)
class GraphView:
    """What a diagram shows: nodes with their levels, and edges `dependent -> dependency`."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    cluster: Cluster
    rankdir: str = "TB"  # Graphviz's direction: TB, LR, BT or RL
    wrap: int | None = None  # at most this many stacks side by side (levels cut into rows); None: no limit

    @property
    def levels(self) -> list[list[StackId]]:
        out: dict[int, list[StackId]] = {}
        for n in self.nodes:
            out.setdefault(n.level, []).append(n.id)
        return [sorted(out[k]) for k in sorted(out)]


def make_view(repo: Repo, graph: StackGraph, *, reduce: bool = False, cluster: Cluster = Cluster.ENV) -> GraphView:
    """Build the view of `graph` (the full graph or a subset of it) of `repo`."""
    if reduce:
        graph = graph.reduced()
    direct = {(e.dependent, e.dependency): e for e in repo.edges}
    edges = tuple(direct.get(p, Edge(p[0], p[1], (EdgeKind.TRANSITIVE,), ())) for p in graph.edges())
    external, dangling = set(repo.external), set(repo.dangling)
    by_id = repo.stack_by_id()
    project_tags = {p.path: p.tags for p in repo.projects}
    nodes = []
    for level, ids in enumerate(graph.levels()):
        for sid in ids:
            kind = "external" if sid in external else "dangling" if sid in dangling else "stack"
            stack = by_id.get(sid)
            if stack is None:
                nodes.append(Node(sid, kind, *_split(sid), level))
                continue
            tags = stack.tags if stack.tags is not None else project_tags.get(stack.project_path, ())
            nodes.append(Node(sid, kind, stack.project, stack.name, level, stack.file, tuple(tags)))
    return GraphView(tuple(sorted(nodes, key=lambda n: n.id)), edges, cluster)


def _split(sid: str) -> tuple[str, str]:
    parts = sid.split("/")
    return (parts[-2], parts[-1]) if len(parts) >= 2 else (sid, "")
