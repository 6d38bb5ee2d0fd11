"""Build the `StackGraph` of a scanned repository and check that it can be ordered."""

from __future__ import annotations

import itertools

from stackgraph.errors import GraphError
from stackgraph.graph.dag import StackGraph
from stackgraph.model import Edge, EdgeKind, Repo, StackId


def graph_of(repo: Repo) -> StackGraph:
    """Return the graph of every stack, external and dangling node of `repo`, unchecked (no networkx)."""
    nodes = [s.id for s in repo.stacks] + list(repo.external) + list(repo.dangling)
    return StackGraph(nodes, ((e.dependent, e.dependency) for e in repo.edges))


def build_graph(repo: Repo) -> StackGraph:
    """Return the graph of every stack, external and dangling node; raises `GraphError` on a cycle."""
    graph = graph_of(repo)
    cycle = graph.find_cycle()
    if cycle is not None:
        raise GraphError(cycle_message(cycle, repo.edges))
    return graph


def check_acyclic(repo: Repo) -> StackGraph:
    """Return the graph of `repo`, raising `GraphError` on a cycle, without importing networkx.

    For commands that list rather than order (scan, why): `StackGraph.is_acyclic` is Kahn's
    algorithm over plain dicts, a few milliseconds for thousands of stacks where importing
    networkx alone takes a tenth of a second. Only a cycle finds it, for the same message
    `build_graph` gives.
    """
    graph = graph_of(repo)
    if not graph.is_acyclic():
        build_graph(repo)  # raises with the cycle and its evidence
    return graph


def cycle_message(cycle: list[StackId], edges: tuple[Edge, ...]) -> str:
    """Say which stacks form a cycle and the evidence of each edge, on one line."""
    by_pair = {(e.dependent, e.dependency): e for e in edges}
    reasons = []
    from_state = False
    for a, b in itertools.pairwise(cycle):
        edge = by_pair.get((a, b))
        where = ", ".join(ev.location() for ev in edge.evidence) if edge else "?"
        reasons.append(f"{a} depends on {b} ({where})")
        from_state = from_state or (edge is not None and edge.kinds == (EdgeKind.STATE,))
    fix = "remove one of these dependencies"
    if from_state:  # --with-state: a reference the code no longer makes stays in state until the next up
        fix += (
            " (one known only from deployed state, state:<stack>, goes away with that stack's next up; or run "
            "without --with-state)"
        )
    return f"dependency cycle: {' -> '.join(cycle)}; " + "; ".join(reasons) + f"; {fix}"
