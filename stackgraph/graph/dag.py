"""The one owner of networkx: a DAG of stack ids with deterministic answers.

Edges point from a dependency to its dependent (the direction of deployment).
Every method returns plain Python types (lists, frozensets of `StackId`) sorted
lexicographically where order is free, so callers never see networkx and output
never depends on insertion order. Not thread-safe for mutation; read-only use is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from stackgraph.model import StackId


class StackGraph:
    """A directed graph of stacks; `dependency -> dependent`."""

    def __init__(self, nodes: Iterable[StackId], edges: Iterable[tuple[StackId, StackId]]) -> None:
        """Build from nodes and `(dependent, dependency)` pairs; sorted, so insertion order never matters."""
        g: nx.DiGraph[StackId] = nx.DiGraph()
        node_list = sorted(set(nodes))
        edge_list = sorted(set(edges))
        g.add_nodes_from(node_list)
        g.add_nodes_from(sorted({n for e in edge_list for n in e}))
        g.add_edges_from((dependency, dependent) for dependent, dependency in edge_list)
        self._g = g

    @property
    def nodes(self) -> list[StackId]:
        return sorted(self._g.nodes)

    def edges(self) -> list[tuple[StackId, StackId]]:
        """Return `(dependent, dependency)` pairs, sorted."""
        return sorted((b, a) for a, b in self._g.edges)

    def __contains__(self, node: object) -> bool:
        return node in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def dependencies(self, node: StackId) -> list[StackId]:
        """Return what `node` depends on directly."""
        return sorted(self._g.predecessors(node))

    def dependents(self, node: StackId) -> list[StackId]:
        """Return what depends on `node` directly."""
        return sorted(self._g.successors(node))

    def ancestors(self, node: StackId) -> frozenset[StackId]:
        """Everything `node` depends on, transitively."""
        return frozenset(nx.ancestors(self._g, node))

    def descendants(self, node: StackId) -> frozenset[StackId]:
        """Everything that depends on `node`, transitively."""
        return frozenset(nx.descendants(self._g, node))

    def find_cycle(self) -> list[StackId] | None:
        """Return one cycle as `[a, b, ..., a]` where each depends on the next, or None.

        Deterministic: the cycle through the smallest node id of the smallest cyclic component.
        """
        cyclic = [sorted(c) for c in nx.strongly_connected_components(self._g) if len(c) > 1]
        cyclic += [[n] for n in self._g.nodes if self._g.has_edge(n, n)]
        if not cyclic:
            return None
        component = min(cyclic)
        start = component[0]
        sub = self._g.subgraph(component)
        path = _cycle_from(sub, start)
        # networkx walks dependency -> dependent; print it as "depends on" chains.
        path.reverse()
        return path

    def levels(self) -> list[list[StackId]]:
        """Return topological generations: level 0 has no dependencies. Raises ValueError on a cycle."""
        try:
            return [sorted(gen) for gen in nx.topological_generations(self._g)]
        except nx.NetworkXUnfeasible as exc:
            raise ValueError("the graph has a cycle") from exc

    def topological_order(self) -> list[StackId]:
        """Return one order where every stack comes after its dependencies (lexicographic among ties)."""
        return list(nx.lexicographical_topological_sort(self._g))

    def critical_path(self, weights: Mapping[StackId, float] | None = None) -> list[StackId]:
        """Return the longest chain by total weight (1 per stack by default), first dependency first."""
        if not self._g:
            return []
        w = weights or {}
        # (-weight, path): the smallest is the heaviest chain, ties going to the lexicographically smallest path.
        # Any topological order will do (the tie-break is on whole paths), and this one needs no heap.
        best: dict[StackId, tuple[float, tuple[StackId, ...]]] = {}
        preds = self._g.predecessors
        for node in nx.topological_sort(self._g):
            base = min(map(best.__getitem__, preds(node)), default=(0.0, ()))
            best[node] = (base[0] - w.get(node, 1.0), (*base[1], node))
        return list(min(best.values())[1])

    def remaining_path_lengths(self, weights: Mapping[StackId, float] | None = None) -> dict[StackId, float]:
        """For each stack, the heaviest chain from it to the end of the graph (itself included)."""
        w = weights or {}
        out: dict[StackId, float] = {}
        for node in reversed(list(nx.topological_sort(self._g))):
            tail = max((out[s] for s in self._g.successors(node)), default=0.0)
            out[node] = tail + w.get(node, 1.0)
        return out

    def subset(self, keep: Iterable[StackId]) -> StackGraph:
        """Return the graph on `keep`, with an edge wherever the full graph orders two kept stacks.

        If a -> b -> c and only a and c are kept, c still depends on a.
        """
        nodes = frozenset(self._g.nodes)
        kept = frozenset(keep) & nodes
        if kept == nodes:
            return self  # read-only: nothing to copy
        edges: set[tuple[StackId, StackId]] = set()
        try:
            order = list(nx.topological_sort(self._g))
        except nx.NetworkXUnfeasible:  # a cycle: search from every kept stack (quadratic, but correct)
            for node in kept:
                edges.update((node, dep) for dep in self._reachable_kept(node, kept))
            return StackGraph(kept, edges)
        # One pass in dependency order: for each stack left out, the nearest kept stacks it depends on.
        through: dict[StackId, frozenset[StackId]] = {}
        for node in order:
            found: set[StackId] = set()
            for dep in self._g.predecessors(node):
                if dep in kept:
                    found.add(dep)
                else:
                    found |= through[dep]
            if node in kept:
                edges.update((node, dep) for dep in found)
            else:
                through[node] = frozenset(found)
        return StackGraph(kept, edges)

    def _reachable_kept(self, node: StackId, kept: frozenset[StackId]) -> set[StackId]:
        """Kept dependencies of `node`, looking through stacks that are not kept."""
        found: set[StackId] = set()
        stack = list(self._g.predecessors(node))
        seen: set[StackId] = set()
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            if cur in kept:
                found.add(cur)
            else:
                stack.extend(self._g.predecessors(cur))
        return found

    def reduced(self) -> StackGraph:
        """Return the transitive reduction (same order, fewest edges). Requires a DAG."""
        red = nx.transitive_reduction(self._g)
        return StackGraph(self._g.nodes, ((b, a) for a, b in red.edges))

    def reversed(self) -> StackGraph:
        """Return the graph with every edge turned around (the order of destroy)."""
        return StackGraph(self._g.nodes, ((a, b) for a, b in self._g.edges))


def _cycle_from(sub: nx.DiGraph[StackId], start: StackId) -> list[StackId]:
    """Shortest cycle through `start` inside a strongly connected subgraph, smallest ids first."""
    if sub.has_edge(start, start):
        return [start, start]
    best: list[StackId] | None = None
    for succ in sorted(sub.successors(start)):
        path = nx.shortest_path(sub, succ, start)
        cand = [start, *path]
        if best is None or (len(cand), cand) < (len(best), best):
            best = cand
    assert best is not None  # a strongly connected component of 2+ nodes has a successor
    return best
