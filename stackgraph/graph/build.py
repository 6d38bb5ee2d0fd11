"""Build the `StackGraph` of a scanned repository and check that it can be ordered."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from stackgraph.errors import GraphError
from stackgraph.model import Edge, Repo, StackId

if TYPE_CHECKING:
    from stackgraph.graph.dag import StackGraph


def build_graph(repo: Repo) -> StackGraph:
    """Return the graph of every stack, external and dangling node; raises `GraphError` on a cycle."""
    from stackgraph.graph.dag import StackGraph  # noqa: PLC0415 - networkx only for commands that order

    nodes = [s.id for s in repo.stacks] + list(repo.external) + list(repo.dangling)
    graph = StackGraph(nodes, ((e.dependent, e.dependency) for e in repo.edges))
    cycle = graph.find_cycle()
    if cycle is not None:
        raise GraphError(cycle_message(cycle, repo.edges))
    return graph


def check_acyclic(repo: Repo) -> None:
    """Raise `GraphError` when the edges of `repo` hold a cycle, without building a `StackGraph`.

    For commands that list rather than order (scan, why): Kahn's algorithm over plain dicts, a
    few milliseconds for thousands of stacks where importing networkx alone takes a tenth of a
    second. Only a cycle builds the graph, for the same message `build_graph` gives.
    """
    waiting: dict[StackId, int] = {}
    dependents: dict[StackId, list[StackId]] = {}
    for dependent, dependency in {(e.dependent, e.dependency) for e in repo.edges}:
        waiting[dependent] = waiting.get(dependent, 0) + 1
        waiting.setdefault(dependency, 0)
        dependents.setdefault(dependency, []).append(dependent)
    ready = [node for node, n in waiting.items() if n == 0]
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for after in dependents.get(node, ()):
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    if done != len(waiting):
        build_graph(repo)  # raises with the cycle and its evidence


def cycle_message(cycle: list[StackId], edges: tuple[Edge, ...]) -> str:
    """Say which stacks form a cycle and the evidence of each edge, on one line."""
    by_pair = {(e.dependent, e.dependency): e for e in edges}
    reasons = []
    for a, b in itertools.pairwise(cycle):
        edge = by_pair.get((a, b))
        where = ", ".join(ev.location() for ev in edge.evidence) if edge else "?"
        reasons.append(f"{a} depends on {b} ({where})")
    return f"dependency cycle: {' -> '.join(cycle)}; " + "; ".join(reasons) + "; remove one of these dependencies"
