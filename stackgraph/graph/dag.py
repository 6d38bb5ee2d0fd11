"""The one owner of graph algorithms: a DAG of stack ids with deterministic answers.

Edges point from a dependency to its dependent (the direction of deployment).
Every method returns plain Python types (lists, frozensets of `StackId`) sorted
lexicographically where order is free, so callers never see networkx and output
never depends on insertion order. Not thread-safe for mutation; read-only use is.

Every walk of the stack graph lives here: direct and transitive dependencies and
dependents (`reach` with a depth, as selection's `+x` / `x+N` asks), the nearest
changed root of a dependent (`nearest_roots`), the shortest chain for `why`
(`shortest_path`), acyclicity (`is_acyclic`) and the cycle itself (`find_cycle`),
levels, topological order, critical path, subsets, reduction and reversal.

The trade: networkx is imported only by the methods that need its algorithms (the
cycle itself, transitive reduction), on first use. Everything on the path of
`plan`, `scan`, `why` and the runners (neighbour lists, `reach`, `nearest_roots`,
`shortest_path`, `is_acyclic`, levels, topological orders, critical path, subsets)
walks plain dicts with Kahn's algorithm, so a plan of thousands of stacks never
pays the tenth of a second that importing networkx costs. tests/graph checks these
walks against networkx's own answers on random graphs.
"""

from __future__ import annotations

import heapq
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from stackgraph.model import StackId

if TYPE_CHECKING:
    import networkx as nx

ALL = sys.maxsize
"""A depth without limit for `reach`: every ancestor or descendant."""


class StackGraph:
    """A directed graph of stacks; `dependency -> dependent`."""

    def __init__(self, nodes: Iterable[StackId], edges: Iterable[tuple[StackId, StackId]]) -> None:
        """Build from nodes and `(dependent, dependency)` pairs; sorted, so insertion order never matters."""
        node_list = sorted(set(nodes))
        edge_list = sorted(set(edges))
        order = dict.fromkeys(node_list)
        order.update(dict.fromkeys(sorted({n for e in edge_list for n in e})))
        self._order = list(order)  # the insertion order of the networkx graph, as before it was lazy
        self._edges = edge_list
        up: dict[StackId, list[StackId]] = {n: [] for n in self._order}
        down: dict[StackId, list[StackId]] = {n: [] for n in self._order}
        for dependent, dependency in edge_list:  # sorted pairs: each list comes out sorted
            up[dependent].append(dependency)
        for dependency, dependent in sorted((b, a) for a, b in edge_list):
            down[dependency].append(dependent)
        self._up = up  # what each stack depends on, sorted
        self._down = down  # what depends on each stack, sorted

    @cached_property
    def _g(self) -> nx.DiGraph[StackId]:
        """The networkx graph, built on first use (see the module docstring)."""
        import networkx as nx  # noqa: PLC0415 - only the algorithms below need it

        g: nx.DiGraph[StackId] = nx.DiGraph()
        g.add_nodes_from(self._order)
        g.add_edges_from((dependency, dependent) for dependent, dependency in self._edges)
        return g

    @property
    def nodes(self) -> list[StackId]:
        return sorted(self._order)

    def edges(self) -> list[tuple[StackId, StackId]]:
        """Return `(dependent, dependency)` pairs, sorted."""
        return list(self._edges)

    def __contains__(self, node: object) -> bool:
        return node in self._up

    def __len__(self) -> int:
        return len(self._order)

    def dependencies(self, node: StackId) -> list[StackId]:
        """Return what `node` depends on directly."""
        return list(self._up[node])

    def dependents(self, node: StackId) -> list[StackId]:
        """Return what depends on `node` directly."""
        return list(self._down[node])

    def ancestors(self, node: StackId) -> frozenset[StackId]:
        """Everything `node` depends on, transitively."""
        return self.reach((node,), ALL, up=True) - {node}

    def descendants(self, node: StackId) -> frozenset[StackId]:
        """Everything that depends on `node`, transitively."""
        return self.reach((node,), ALL, up=False) - {node}

    def reach(self, start: Iterable[StackId], depth: int, *, up: bool) -> frozenset[StackId]:
        """`start` plus what it depends on (`up`) or what depends on it, at most `depth` edges away."""
        links = self._up if up else self._down
        seen = set(start)
        frontier = list(seen)
        while frontier and depth > 0:
            depth -= 1
            nxt = [n for node in frontier for n in links[node] if n not in seen]
            seen.update(nxt)
            frontier = nxt
        return frozenset(seen)

    def nearest_roots(self, roots: frozenset[StackId]) -> dict[StackId, StackId]:
        """For every descendant of `roots`, the nearest root it depends on (smallest id among ties)."""
        cause = {r: r for r in roots}
        frontier = sorted(roots)
        while frontier:
            found: dict[StackId, StackId] = {}
            for node in frontier:
                for n in self._down[node]:
                    if n not in cause and (n not in found or cause[node] < found[n]):
                        found[n] = cause[node]
            cause.update(found)
            frontier = sorted(found)
        return {n: r for n, r in cause.items() if n not in roots}

    def shortest_path(self, start: StackId, goal: StackId) -> list[StackId] | None:
        """The shortest chain `[start, ..., goal]` by which `start` depends on `goal`, or None.

        Breadth-first over dependencies in lexicographic order, so among chains of one length the
        one through the smallest ids wins. None when `start == goal` or no chain exists.
        """
        came: dict[StackId, StackId | None] = {start: None}
        todo = deque([start])
        while todo:
            node = todo.popleft()
            if node == goal:
                break
            for dep in self._up.get(node, ()):
                if dep not in came:
                    came[dep] = node
                    todo.append(dep)
        if goal not in came or start == goal:
            return None
        chain = [goal]
        while (prev := came[chain[-1]]) is not None:
            chain.append(prev)
        return chain[::-1]

    def is_acyclic(self) -> bool:
        """Whether the graph has no cycle: Kahn's algorithm over the neighbour lists, no networkx."""
        waiting = {n: len(deps) for n, deps in self._up.items()}
        ready = [n for n, count in waiting.items() if count == 0]
        done = 0
        while ready:
            node = ready.pop()
            done += 1
            for after in self._down[node]:
                waiting[after] -= 1
                if waiting[after] == 0:
                    ready.append(after)
        return done == len(waiting)

    def find_cycle(self) -> list[StackId] | None:
        """Return one cycle as `[a, b, ..., a]` where each depends on the next, or None.

        Deterministic: the cycle through the smallest node id of the smallest cyclic component.
        """
        if self.is_acyclic():
            return None
        import networkx as nx  # noqa: PLC0415 - networkx only where an algorithm needs it (start-up)

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
        return [list(level) for level in self._generations]

    @cached_property
    def _generations(self) -> tuple[tuple[StackId, ...], ...]:
        """Kahn's algorithm one generation at a time, each sorted; raises ValueError on a cycle."""
        waiting = {n: len(deps) for n, deps in self._up.items()}
        level = sorted(n for n, count in waiting.items() if count == 0)
        out: list[tuple[StackId, ...]] = []
        done = 0
        while level:
            out.append(tuple(level))
            done += len(level)
            nxt: list[StackId] = []
            for node in level:
                for after in self._down[node]:
                    waiting[after] -= 1
                    if waiting[after] == 0:
                        nxt.append(after)
            level = sorted(nxt)
        if done != len(waiting):
            raise ValueError("the graph has a cycle")
        return tuple(out)

    def _topo(self) -> list[StackId]:
        """One topological order (generation by generation); raises ValueError on a cycle."""
        return [node for level in self._generations for node in level]

    def topological_order(self) -> list[StackId]:
        """Return one order where every stack comes after its dependencies (lexicographic among ties)."""
        waiting = {n: len(deps) for n, deps in self._up.items()}
        ready = [n for n, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        out: list[StackId] = []
        while ready:
            node = heapq.heappop(ready)
            out.append(node)
            for after in self._down[node]:
                waiting[after] -= 1
                if waiting[after] == 0:
                    heapq.heappush(ready, after)
        if len(out) != len(waiting):
            raise ValueError("the graph has a cycle")
        return out

    def critical_path(self, weights: Mapping[StackId, float] | None = None) -> list[StackId]:
        """Return the longest chain by total weight (1 per stack by default), first dependency first."""
        if not self._order:
            return []
        w = weights or {}
        # (-weight, path): the smallest is the heaviest chain, ties going to the lexicographically smallest path.
        # Any topological order will do (the tie-break is on whole paths), and this one needs no heap.
        best: dict[StackId, tuple[float, tuple[StackId, ...]]] = {}
        for node in self._topo():
            base = min(map(best.__getitem__, self._up[node]), default=(0.0, ()))
            best[node] = (base[0] - w.get(node, 1.0), (*base[1], node))
        return list(min(best.values())[1])

    def remaining_path_lengths(self, weights: Mapping[StackId, float] | None = None) -> dict[StackId, float]:
        """For each stack, the heaviest chain from it to the end of the graph (itself included)."""
        w = weights or {}
        out: dict[StackId, float] = {}
        for node in reversed(self._topo()):
            tail = max((out[s] for s in self._down[node]), default=0.0)
            out[node] = tail + w.get(node, 1.0)
        return out

    def subset(self, keep: Iterable[StackId]) -> StackGraph:
        """Return the graph on `keep`, with an edge wherever the full graph orders two kept stacks.

        If a -> b -> c and only a and c are kept, c still depends on a.
        """
        nodes = frozenset(self._order)
        kept = frozenset(keep) & nodes
        if kept == nodes:
            return self  # read-only: nothing to copy
        edges: set[tuple[StackId, StackId]] = set()
        try:
            order = self._topo()
        except ValueError:  # a cycle: search from every kept stack (quadratic, but correct)
            for node in kept:
                edges.update((node, dep) for dep in self._reachable_kept(node, kept))
            return StackGraph(kept, edges)
        # One pass in dependency order: for each stack left out, the nearest kept stacks it depends on.
        through: dict[StackId, frozenset[StackId]] = {}
        for node in order:
            found: set[StackId] = set()
            for dep in self._up[node]:
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
        stack = list(self._up[node])
        seen: set[StackId] = set()
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            if cur in kept:
                found.add(cur)
            else:
                stack.extend(self._up[cur])
        return found

    def reduced(self) -> StackGraph:
        """Return the transitive reduction (same order, fewest edges). Requires a DAG."""
        import networkx as nx  # noqa: PLC0415 - networkx only where an algorithm needs it (start-up)

        red = nx.transitive_reduction(self._g)
        return StackGraph(self._g.nodes, ((b, a) for a, b in red.edges))

    def reversed(self) -> StackGraph:
        """Return the graph with every edge turned around (the order of destroy)."""
        return StackGraph(self._order, ((b, a) for a, b in self._edges))


def _cycle_from(sub: nx.DiGraph[StackId], start: StackId) -> list[StackId]:
    """Shortest cycle through `start` inside a strongly connected subgraph, smallest ids first."""
    import networkx as nx  # noqa: PLC0415 - networkx only where an algorithm needs it (start-up)

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
