"""Render the stack graph as DOT, Mermaid, JSON, or (through Graphviz's `dot`) SVG and PNG.

Each renderer is a pure function of a `GraphView`; the same repository gives the
same bytes. External stacks (outside the repository) and dangling ones (a missing
stack of a project in the repository) are drawn apart and never deployed.
"""

from __future__ import annotations

import enum
import itertools
import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import Any

from stackgraph.errors import StackgraphError, ToolMissingError
from stackgraph.files import shown
from stackgraph.model import Edge, EdgeKind, StackId
from stackgraph.render import jsonfmt
from stackgraph.render.graph_view import Cluster, GraphView, Node, make_view

__all__ = ["GRAPH_SCHEMA", "RENDERERS", "Cluster", "GraphFormat", "GraphView", "Node", "make_view"]

GRAPH_SCHEMA = "stackgraph.graph/v1"


class GraphFormat(str, enum.Enum):
    DOT = "dot"
    MERMAID = "mermaid"
    JSON = "json"
    SVG = "svg"
    PNG = "png"
    HTML = "html"


def _group(view: GraphView, node: Node) -> str | None:
    if view.cluster is Cluster.ENV:
        return node.stack
    if view.cluster is Cluster.PROJECT:
        return node.project
    return None


def _groups(view: GraphView) -> dict[str | None, list[Node]]:
    out: dict[str | None, list[Node]] = {}
    for n in view.nodes:
        out.setdefault(_group(view, n) if n.kind == "stack" else None, []).append(n)
    return out


def _tooltip(edge: Edge) -> str:
    text = "; ".join(f"{e.location()} {e.detail}".strip() for e in edge.evidence) or "implied by the full graph"
    return text.replace("\\", "\\\\")  # DOT reads backslashes in attributes as escapes (\\n, \\l)


NODE_STYLE = {
    "stack": {"style": "rounded,filled", "fillcolor": "#eef4ff", "color": "#3a64b0"},
    "external": {"style": "rounded,dashed", "color": "#777777", "fontcolor": "#555555"},
    "dangling": {"style": "rounded,filled,bold", "fillcolor": "#ffe9e6", "color": "#c0392b"},
}


def render_dot(view: GraphView) -> str:
    """DOT source (Graphviz); arrows point from a dependency to what deploys after it."""
    return dot_source(view)


def dot_source(
    view: GraphView,
    *,
    ids: bool = False,
    wrap: int | None = None,
    positions: Mapping[StackId, tuple[float, float]] | None = None,
) -> str:
    """DOT source of `view`.

    `ids` gives node i the SVG id `sg_n<i>` and edge j `sg_e<j>` (for scripts). `wrap` puts at most
    that many stacks side by side: a wider level is drawn as several rows, one below the other
    (chained by invisible edges), so that a graph of many independent stacks is no thin strip.
    `positions` pins every node (points, for `neato -n2`): no clusters and no ranks, straight edges.
    """
    import graphviz  # noqa: PLC0415 - only diagrams need it

    dot = graphviz.Digraph(
        "stackgraph",
        graph_attr={"rankdir": view.rankdir, "newrank": "true", "fontname": "Helvetica", "nodesep": "0.4"},
        node_attr={"shape": "box", "fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"color": "#555555", "arrowsize": "0.7"},
    )
    index = {n.id: i for i, n in enumerate(view.nodes)}
    if positions is not None:
        dot.attr(splines="line", outputorder="edgesfirst")
        for n in view.nodes:
            x, y = positions[n.id]
            _dot_nodes(dot, [n], index if ids else None, pos=f"{x},{y}!")
    for i, (group, nodes) in enumerate(sorted(_groups(view).items(), key=lambda kv: (kv[0] is None, kv[0] or ""))):
        if positions is not None:
            break
        if group is None:
            _dot_nodes(dot, nodes, index if ids else None)
            continue
        with dot.subgraph(name=f"cluster_{i}") as sub:
            sub.attr(label=group, style="rounded", color="#bbbbbb", fontname="Helvetica")
            _dot_nodes(sub, nodes, index if ids else None)
    rows = wrapped_rows(view.levels, wrap if wrap is not None else view.wrap) if positions is None else []
    for row in rows:
        with dot.subgraph() as same:
            same.attr(rank="same")
            for sid in row:
                same.node(sid)
    if rows and len(rows) > len(view.levels):  # keep the rows of a level, and the levels, in order
        for above, below in itertools.pairwise(rows):
            dot.edge(above[0], below[0], style="invis")
    for j, e in enumerate(view.edges):
        attrs = {"tooltip": _tooltip(e)}
        if ids:
            attrs["id"] = f"sg_e{j}"
        if e.kinds == (EdgeKind.TRANSITIVE,):
            attrs["style"] = "dotted"
        elif e.kinds == (EdgeKind.STATE,):  # known from deployed state only (--with-state)
            attrs["style"] = "dashed"
        dot.edge(e.dependency, e.dependent, **attrs)
    return str(dot.source)


def wrapped_rows(levels: list[list[StackId]], wrap: int | None) -> list[list[StackId]]:
    """The levels cut into rows of at most `wrap` stacks each (in their order); unchanged when `wrap` is None."""
    if wrap is None:
        return levels
    if wrap < 1:
        raise ValueError("wrap must be at least 1")
    return [level[i : i + wrap] for level in levels for i in range(0, len(level), wrap)]


def _dot_nodes(dot: Any, nodes: list[Node], index: dict[StackId, int] | None, **extra: str) -> None:
    for n in nodes:
        label = n.id if n.kind == "stack" else f"{n.id}\\n({n.kind})"  # DOT's escaped line break
        if index is not None:
            extra["id"] = f"sg_n{index[n.id]}"
        dot.node(n.id, label=label, **NODE_STYLE[n.kind], **extra)


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;")


_MERMAID_ARROWS: dict[tuple[EdgeKind, ...], str] = {
    (EdgeKind.TRANSITIVE,): "-.->",
    (EdgeKind.STATE,): "-. state .->",  # known from deployed state only (--with-state)
}


def render_mermaid(view: GraphView) -> str:
    """A Mermaid flowchart for GitHub Markdown."""
    ids = {n.id: f"s{i}" for i, n in enumerate(view.nodes)}
    lines = [f"flowchart {'TD' if view.rankdir == 'TB' else view.rankdir}"]
    for i, (group, nodes) in enumerate(sorted(_groups(view).items(), key=lambda kv: (kv[0] is None, kv[0] or ""))):
        indent = "  "
        if group is not None:
            lines.append(f'  subgraph g{i}["{_mermaid_label(group)}"]')
            indent = "    "
        for n in nodes:
            label = n.id if n.kind == "stack" else f"{n.id} ({n.kind})"
            lines.append(f'{indent}{ids[n.id]}["{_mermaid_label(label)}"]')
        if group is not None:
            lines.append("  end")
    for e in view.edges:
        arrow = _MERMAID_ARROWS.get(e.kinds, "-->")
        lines.append(f"  {ids[e.dependency]} {arrow} {ids[e.dependent]}")
    lines.append("  classDef external stroke-dasharray: 5 5,color:#555555")
    lines.append("  classDef dangling fill:#ffe9e6,stroke:#c0392b,stroke-width:2px")
    for kind in ("external", "dangling"):
        members = [ids[n.id] for n in view.nodes if n.kind == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


def graph_to_dict(view: GraphView) -> dict[str, Any]:
    """The `stackgraph.graph/v1` document."""
    return {
        "schema": GRAPH_SCHEMA,
        "levels": view.levels,
        "nodes": [
            {"id": n.id, "kind": n.kind, "project": n.project, "stack": n.stack, "level": n.level} for n in view.nodes
        ],
        "edges": [e.to_json() for e in view.edges],
    }


def render_json(view: GraphView) -> str:
    return jsonfmt.dumps(graph_to_dict(view))


DOT_TIMEOUT_S = 300.0
"""How long Graphviz may take to lay out one diagram before it is stopped."""


def run_dot(source: str, fmt: str, *, args: tuple[str, ...] = ()) -> bytes:
    """Render DOT source with Graphviz's `dot` binary; a missing binary, a failure or a timeout is a one-line error."""
    return run_dot_with_messages(source, fmt, args)[0]


def run_dot_with_messages(source: str, fmt: str, args: tuple[str, ...]) -> tuple[bytes, str]:
    """As run_dot, and also return what Graphviz said on stderr (e.g. that it scaled a bitmap down)."""
    dot = shutil.which("dot")
    if dot is None:
        raise ToolMissingError(
            "Graphviz's `dot` is not installed, so SVG/PNG cannot be drawn; install it "
            "(`apt-get install graphviz` or `brew install graphviz`) or use --format dot"
        )
    try:
        proc = subprocess.run(
            [dot, *args, f"-T{fmt}"],
            input=shown(source).encode(),
            capture_output=True,
            check=False,
            timeout=DOT_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise StackgraphError(
            f"`dot -T{fmt}` did not finish in {DOT_TIMEOUT_S:g} s and was stopped; draw fewer stacks "
            "(--select, --env), or use --format dot or html"
        ) from None
    messages = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        err = messages.strip().splitlines()
        raise StackgraphError(f"`dot -T{fmt}` failed: {err[-1] if err else proc.returncode}")
    return proc.stdout, messages


def render_svg(view: GraphView) -> bytes:
    return run_dot(render_dot(view), "svg")


def render_png(view: GraphView) -> bytes:
    return run_dot(render_dot(view), "png")


def render_html(view: GraphView) -> str:
    """One self-contained interactive page (render/html/graph.py), laid out by Graphviz."""
    from stackgraph.render.html.graph import render_page  # noqa: PLC0415 - only this format needs it

    wrap = html_wrap(view)
    if wrap is None or len(view.nodes) <= DOT_WRAP_LIMIT:
        return render_page(view, run_dot(dot_source(view, ids=True, wrap=wrap), "svg"))
    from stackgraph.render.grid import grid_positions  # noqa: PLC0415 - only large pages need it

    deps: dict[StackId, list[StackId]] = {}
    for e in view.edges:
        deps.setdefault(e.dependent, []).append(e.dependency)
    positions = grid_positions(view.levels, deps, wrap)
    return render_page(view, run_dot(dot_source(view, ids=True, positions=positions), "svg", args=("-Kneato", "-n2")))


DOT_WRAP_LIMIT = 300
"""Up to this many stacks `dot` lays out wrapped levels in seconds; above, stacks are placed on a grid."""


def html_wrap(view: GraphView) -> int | None:
    """How many stacks the interactive page puts side by side: about a screen's shape for the whole graph."""
    fit = max(12, round((0.8 * len(view.nodes)) ** 0.5))
    return fit if any(len(level) > fit for level in view.levels) else None


RENDERERS: dict[GraphFormat, Callable[[GraphView], str | bytes]] = {
    GraphFormat.DOT: render_dot,
    GraphFormat.MERMAID: render_mermaid,
    GraphFormat.JSON: render_json,
    GraphFormat.SVG: render_svg,
    GraphFormat.PNG: render_png,
    GraphFormat.HTML: render_html,
}
