"""`stackgraph graph`: the stack graph as DOT, Mermaid, JSON, SVG or PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import Selection
from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, OutOpt, PathArg, format_option, grouped


@handle_errors
@grouped
def graph(
    path: PathArg = Path(),
    format: Annotated[
        str, format_option("dot", "mermaid", "json", "svg", "png", "html", note="html: one interactive page")
    ] = "dot",
    output: OutOpt = None,
    selection: Selection = SELECTION,
    cluster: Annotated[
        str, typer.Option("--cluster", metavar="env|project|none", help="Group nodes by env, project, or none.")
    ] = "env",
    reduce: Annotated[
        bool, typer.Option("--reduce", help="Draw the transitive reduction (fewest edges, same order).")
    ] = False,
    rankdir: Annotated[
        str | None,
        typer.Option(
            "--rankdir",
            metavar="DIR",
            help="Direction: TB, LR, BT, RL or auto (by the graph's shape; default for svg and png, else TB).",
        ),
    ] = None,
    max_width: Annotated[
        int | None,
        typer.Option(
            "--max-width",
            metavar="N",
            help="At most N stacks side by side: wider levels are cut into rows (svg and png choose one when needed).",
        ),
    ] = None,
) -> None:
    """Export the stack graph as DOT, Mermaid, JSON, SVG, PNG or an interactive HTML page (to stdout, or -o FILE)."""
    from stackgraph.app.load import stackless_note
    from stackgraph.app.planning import chosen_graph
    from stackgraph.errors import UsageError
    from stackgraph.render import graph_formats as gf
    from stackgraph.render.fit import DIRECTIONS
    from stackgraph.render.picture import arrange, draw, warning

    fmt = gf.GraphFormat(check_format(format, (f.value for f in gf.GraphFormat)))
    try:
        grouping = gf.Cluster(cluster)
    except ValueError:
        raise UsageError(f"--cluster {cluster}: choose one of {', '.join(c.value for c in gf.Cluster)}") from None
    if fmt is gf.GraphFormat.PNG and output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: pass -o FILE.png or redirect stdout")
    if rankdir is not None and rankdir.upper() not in ("AUTO", *DIRECTIONS):
        raise UsageError(f"--rankdir {rankdir}: choose one of auto, {', '.join(DIRECTIONS)}")
    if max_width is not None and max_width < 1:
        raise UsageError(f"--max-width {max_width}: give a number of stacks, 1 or more")
    repo, shown = chosen_graph(path, selection, eprint)
    stackless_note(repo, eprint)  # the projects it cannot draw, as plan names them
    view = gf.make_view(repo, shown, reduce=reduce, cluster=grouping)
    picture = fmt in (gf.GraphFormat.SVG, gf.GraphFormat.PNG)
    direction = None if rankdir is None or rankdir.upper() == "AUTO" else rankdir.upper()
    auto = picture or (rankdir or "").upper() == "AUTO"  # dot, mermaid and json stay as they were unless asked
    view = arrange(view, rankdir=direction, wrap=max_width, auto=auto)
    if not picture:
        emit(gf.RENDERERS[fmt](view), output)
        return
    drawn = draw(view, fmt.value)
    note = warning(drawn, fmt.value)
    if note is not None:
        eprint(note)
    emit(drawn.data, output)
