"""`stackgraph report [RUN_REPORT]`: a run as an HTML page, or its timeline as SVG/PNG."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stackgraph.cli.common import check_format, emit
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import OutOpt, format_option


@handle_errors
def report(
    target: Annotated[
        Path | None,
        typer.Argument(
            help="A run report (JSON), or the repository whose newest run to show (its .stackgraph/runs/). "
            "Default: the current folder (inside a project folder: its repository).",
            show_default=False,
        ),
    ] = None,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            metavar="PATH",
            help="The repository the run was in (for the graph, the critical path and the log links); "
            "default: the one holding the report, else the current folder (inside a project folder: its repository).",
        ),
    ] = None,
    format: Annotated[
        str, format_option("html", "svg", "png", note="html: the whole run; svg, png: the timeline")
    ] = "html",
    output: OutOpt = None,
) -> None:
    """Show a run: its timeline (critical path, idle slots), each stack's status, changes, error and log, the graph.

    Reads a `stackgraph.run/v1` report (every run of up, preview, refresh, destroy and run writes one
    to .stackgraph/runs/). The page is one file that works offline; links to logs are relative to it.
    """
    from stackgraph.app.report_page import load, locate, log_links, with_graph
    from stackgraph.errors import UsageError
    from stackgraph.render.graph_formats import dot_source, run_dot
    from stackgraph.render.timeline import timeline_dot

    check_format(format, ("html", "svg", "png"))
    if format == "png" and output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: pass -o FILE.png or redirect stdout")
    file, root = locate(target, repo)
    view, graph = with_graph(load(file), root)
    timeline = timeline_dot(view)
    if format != "html":
        emit(run_dot(timeline, format, args=("-Kneato", "-n2")), output)
        return
    from stackgraph.render.html.report import render_report_page

    drawn = None if graph is None else (graph, run_dot(dot_source(graph, ids=True), "svg"))
    links = log_links(view, root, output.parent if output is not None else Path())
    page = render_report_page(
        view, run_dot(timeline, "svg", args=("-Kneato", "-n2")), links, drawn, source=file.as_posix()
    )
    emit(page, output)
