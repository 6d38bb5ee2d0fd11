"""The text of `stackgraph why A B`: the chain of edges between two stacks, with the evidence of each.

Pure: the chain comes from `StackGraph.shortest_path` (the shortest, through the smallest ids
among ties); the same repository gives the same text.
"""

from __future__ import annotations

import itertools

from stackgraph.graph.dag import StackGraph
from stackgraph.model import Edge, Repo, StackId


def render_why(repo: Repo, graph: StackGraph, a: StackId, b: StackId) -> tuple[str, bool]:
    """Explain how `a` and `b` are related: (text, whether one depends on the other)."""
    by_pair: dict[tuple[StackId, StackId], Edge] = {}
    for e in repo.edges:
        by_pair.setdefault((e.dependent, e.dependency), e)
    for first, second in ((a, b), (b, a)):
        path = graph.shortest_path(first, second)
        if path is not None:
            chain = [by_pair[pair] for pair in itertools.pairwise(path)]
            hops = "directly" if len(chain) == 1 else f"through {len(chain)} edges"
            lines = [f"{first} depends on {second} {hops} (deploy {second} first)"]
            for edge in chain:
                lines.append(f"{edge.dependent} -> {edge.dependency}")
                lines.extend(f"    {ev.kind}: {ev.location()} {ev.detail}".rstrip() for ev in edge.evidence)
            return "\n".join(lines) + "\n", True
    return f"{a} and {b} are independent: neither depends on the other\n", False
