"""`stackgraph graph`: the stack graph as DOT, Mermaid, JSON, SVG or PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import Selection
from stackgraph.cli.common import emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, OutOpt, PathArg, grouped


@handle_errors
@grouped
def graph(
    path: PathArg = Path(),
    format: Annotated[
        str, typer.Option("--format", "-f", help="dot, mermaid, json, svg, png or html (one interactive page).")
    ] = "dot",
    output: OutOpt = None,
    selection: Selection = SELECTION,
    cluster: Annotated[str, typer.Option("--cluster", help="Group nodes by env, project, or none.")] = "env",
    reduce: Annotated[
        bool, typer.Option("--reduce", help="Draw the transitive reduction (fewest edges, same order).")
    ] = False,
) -> None:
    """Export the stack graph as DOT, Mermaid, JSON, SVG, PNG or an interactive HTML page (to stdout, or -o FILE)."""
    from stackgraph.app.planning import chosen_graph  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.render import graph_formats as gf  # noqa: PLC0415

    try:
        fmt = gf.GraphFormat(format)
    except ValueError:
        raise UsageError(f"--format {format}: choose one of {', '.join(f.value for f in gf.GraphFormat)}") from None
    try:
        grouping = gf.Cluster(cluster)
    except ValueError:
        raise UsageError(f"--cluster {cluster}: choose one of {', '.join(c.value for c in gf.Cluster)}") from None
    if fmt is gf.GraphFormat.PNG and output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: pass -o FILE.png or redirect stdout")
    repo, shown = chosen_graph(path, selection, eprint)
    view = gf.make_view(repo, shown, reduce=reduce, cluster=grouping)
    emit(gf.RENDERERS[fmt](view), output)
