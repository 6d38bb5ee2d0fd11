"""`stackgraph why A B` as text or JSON: the chain of edges between two stacks, with the evidence of each.

Pure: the chain comes from `StackGraph.shortest_path` (the shortest, through the smallest ids
among ties); the same repository gives the same bytes.
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

from stackgraph.files import shown_json
from stackgraph.graph.dag import StackGraph
from stackgraph.model import Edge, Repo, StackId

WHY_SCHEMA = "stackgraph.why/v1"


class WhyFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True)
class Chain:
    """How `a` and `b` are related: `dependent` needs `dependency` through `edges`; no edges: independent."""

    a: StackId
    b: StackId
    dependent: StackId | None = None
    dependency: StackId | None = None
    edges: tuple[Edge, ...] = ()

    @property
    def related(self) -> bool:
        return bool(self.edges)


def find_chain(repo: Repo, graph: StackGraph, a: StackId, b: StackId) -> Chain:
    """The shortest chain of edges from `a` to `b`, else from `b` to `a`; an empty chain when independent."""
    by_pair: dict[tuple[StackId, StackId], Edge] = {}
    for e in repo.edges:
        by_pair.setdefault((e.dependent, e.dependency), e)
    for first, second in ((a, b), (b, a)):
        path = graph.shortest_path(first, second)
        if path is not None:
            return Chain(a, b, first, second, tuple(by_pair[pair] for pair in itertools.pairwise(path)))
    return Chain(a, b)


def render_text(chain: Chain) -> str:
    """The chain as lines: the verdict, then each edge with its evidence indented."""
    if not chain.related:
        return f"{chain.a} and {chain.b} are independent: neither depends on the other\n"
    hops = "directly" if len(chain.edges) == 1 else f"through {len(chain.edges)} edges"
    lines = [f"{chain.dependent} depends on {chain.dependency} {hops} (deploy {chain.dependency} first)"]
    for edge in chain.edges:
        lines.append(f"{edge.dependent} -> {edge.dependency}")
        lines.extend(f"    {ev.kind}: {ev.location()} {ev.detail}".rstrip() for ev in edge.evidence)
    return "\n".join(lines) + "\n"


def render_json(chain: Chain) -> str:
    """The `stackgraph.why/v1` document: the two stacks asked about, which needs which, and the edges between."""
    doc = {
        "schema": WHY_SCHEMA,
        "a": chain.a,
        "b": chain.b,
        "related": chain.related,
        "dependent": chain.dependent,
        "dependency": chain.dependency,
        "edges": [e.to_json() for e in chain.edges],
    }
    return shown_json(json.dumps(doc, indent=2)) + "\n"


RENDERERS: dict[WhyFormat, Callable[[Chain], str]] = {WhyFormat.TEXT: render_text, WhyFormat.JSON: render_json}


def render_why(repo: Repo, graph: StackGraph, a: StackId, b: StackId) -> tuple[str, bool]:
    """Explain how `a` and `b` are related as text: (text, whether one depends on the other)."""
    chain = find_chain(repo, graph, a, b)
    return render_text(chain), chain.related
