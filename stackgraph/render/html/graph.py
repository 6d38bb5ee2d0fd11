"""`graph -f html`: the stack graph laid out by Graphviz in one page that can be explored.

The page pans and zooms (wheel, drag), finds a stack by id, filters by environment,
project and tag, highlights what a clicked stack needs and what needs it, and shows its
evidence, stack file and level. The graph holds ids, files and evidence only (never a
config value), so no secret can reach the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stackgraph.render.html.page import asset, esc, inline_svg, json_script, page

if TYPE_CHECKING:
    from stackgraph.render.graph_view import GraphView

LEGEND = """<div class="sg-legend">
<h3>Legend</h3>
<div><span class="sg-sw"></span>stack in this repository</div>
<div><span class="sg-sw external"></span>external stack (outside the repository, never deployed)</div>
<div><span class="sg-sw dangling"></span>dangling (referenced, but no such stack file)</div>
<div><span class="sg-line"></span>dependency, drawn from it to what deploys after it</div>
<div><span class="sg-line dotted"></span>implied through stacks left out of the selection</div>
<div><span class="sg-sw sel"></span>selected stack</div>
<div><span class="sg-sw up"></span>what it needs (all the way down)</div>
<div><span class="sg-sw down"></span>what needs it (all the way up)</div>
<div><span class="sg-sw hit"></span>search match</div>
</div>"""


def graph_data(view: GraphView, status: Mapping[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """The page's data: nodes (with `status` and `note` when given) and edges by node index."""
    at = {n.id: i for i, n in enumerate(view.nodes)}
    nodes: list[dict[str, Any]] = []
    for n in view.nodes:
        node: dict[str, Any] = {
            "id": n.id,
            "kind": n.kind,
            "project": n.project,
            "env": n.stack,
            "level": n.level,
            "file": n.file,
            "tags": list(n.tags),
        }
        if status is not None:
            node["status"], node["note"] = status.get(n.id, ("not-in-run", ""))
        nodes.append(node)
    edges = [
        {
            "from": at[e.dependent],
            "to": at[e.dependency],
            "kind": "+".join(e.kinds),
            "evidence": [ev.to_json() for ev in e.evidence],
        }
        for e in view.edges
    ]
    return {"nodes": nodes, "edges": edges}


def toolbar(title: str) -> str:
    """The bar above the graph: search, filters, zoom."""
    return f"""<header>
<h1>{esc(title)}</h1>
<label>Search <input id="sg-search" list="sg-ids" placeholder="stack id" autocomplete="off" spellcheck="false"></label>
<datalist id="sg-ids"></datalist><span id="sg-found" class="sg-count"></span>
<label>Environment <select id="sg-filter-env"><option value="">all</option></select></label>
<label>Project <select id="sg-filter-project"><option value="">all</option></select></label>
<label>Tag <select id="sg-filter-tag"><option value="">all</option></select></label>
<span id="sg-shown" class="sg-count"></span>
<button type="button" id="sg-fit" title="Show the whole graph">Fit</button>
<button type="button" id="sg-zoom-in" title="Zoom in (or use the wheel)">+</button>
<button type="button" id="sg-zoom-out" title="Zoom out">&minus;</button>
</header>"""


def viewer(
    view: GraphView, svg: bytes, status: Mapping[str, tuple[str, str]] | None = None, *, extra_legend: str = ""
) -> str:
    """The graph (`svg`: Graphviz's drawing of `dot_source(view, ids=True)`), its side panel, legend, data, script."""
    return (
        f'<main>\n<div id="sg-graph">\n{inline_svg(svg)}\n</div>\n'
        f'<aside>\n<div id="sg-details"></div>\n{LEGEND}\n{extra_legend}</aside>\n</main>\n'
        f"{json_script(graph_data(view, status), 'sg-data')}\n<script>\n{asset('graph.js')}</script>"
    )


def render_page(view: GraphView, svg: bytes) -> str:
    """The whole page for `graph -f html`, around Graphviz's drawing `svg` of `view`."""
    count = sum(1 for n in view.nodes if n.kind == "stack")
    title = f"stackgraph: {count} stack{'s' * (count != 1)}"
    return page(title, f"{toolbar(title)}\n{viewer(view, svg)}")
