"""`stackgraph report`: a run as one page (timeline, summary table, links to logs, graph coloured by status)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from stackgraph.render.html.graph import toolbar, viewer
from stackgraph.render.html.page import esc, inline_svg, page
from stackgraph.render.timeline import STATUSES, RunStack, RunView, cause_of, fmt_s

if TYPE_CHECKING:
    from stackgraph.render.graph_view import GraphView

STATUS_LEGEND = (
    '<div class="sg-legend">\n<h3>Status in this run</h3>\n'
    + "".join(f'<div><span class="sg-sw st-{s}"></span>{s}</div>\n' for s in STATUSES)
    + '<div><span class="sg-sw" style="opacity:.45"></span>not in this run</div>\n</div>\n'
)


def counts(view: RunView) -> str:
    """`6 succeeded, 1 failed, 1 skipped` (statuses in a fixed order, those with none left out)."""
    n = {st: sum(1 for s in view.stacks if s.status == st) for st in STATUSES}
    return ", ".join(f"{n[st]} {st.replace('-', ' ')}" for st in STATUSES if n[st]) or "no stacks"


def render_report_page(
    view: RunView,
    timeline_svg: bytes,
    logs: Mapping[str, str],
    graph: tuple[GraphView, bytes] | None,
    *,
    source: str,
) -> str:
    """The page. `logs`: stack id -> link to its log (relative to the page); `graph`: the view and its drawing."""
    title = f"stackgraph {view.command}: {counts(view)} in {fmt_s(view.wall_s)}"
    head = (
        f'<header><h1>{esc(title)}</h1><span class="sg-count">parallelism {view.parallelism}, '
        f"started {esc(view.started_at)}, report {esc(source)}</span></header>"
    )
    parts = [head, _timeline(view, timeline_svg), _table(view, logs)]
    if graph is not None:
        status: dict[str, tuple[str, str]] = {s.id: (s.status, _note(view, s)) for s in view.stacks}
        drawing = viewer(graph[0], graph[1], status, extra_legend=STATUS_LEGEND)
        parts.append(
            '<section><h2>Graph, coloured by status</h2>\n<div class="sg-viewer">\n'
            f"{toolbar('Stacks of this run')}\n{drawing}\n</div></section>"
        )
    else:
        parts.append(
            "<section><h2>Graph</h2><p>The repository could not be scanned, so no graph is drawn.</p></section>"
        )
    return page(title, "\n".join(parts), body_class="sg-report")


def _timeline(view: RunView, svg: bytes) -> str:
    crit = " &rarr; ".join(esc(s) for s in view.critical) or "none (no stack ran)"
    return (
        '<section class="sg-timeline"><h2>Timeline</h2>\n'
        f"<p>Critical path (the chain of dependent stacks that took longest): {crit}</p>\n"
        f"{inline_svg(svg)}\n</section>"
    )


def _note(view: RunView, s: RunStack) -> str:
    if s.status in ("skipped", "not-started"):
        return cause_of(view, s)
    return s.error


def _table(view: RunView, logs: Mapping[str, str]) -> str:
    rows = []
    for s in view.stacks:
        duration = view.duration(s)
        log = f'<a href="{esc(logs[s.id])}">log</a>' if s.id in logs else ""
        rows.append(
            f'<tr><td>{esc(s.id)}</td><td><span class="sg-pill st-{esc(s.status)}">{esc(s.status)}</span></td>'
            f'<td class="sg-num">{"" if s.start is None else fmt_s(s.start)}</td>'
            f'<td class="sg-num">{"" if duration is None else fmt_s(duration)}</td>'
            f"<td>{esc(s.changes)}</td><td>{esc(_note(view, s))}</td><td>{log}</td></tr>"
        )
    return (
        '<section><h2>Stacks</h2>\n<table class="sg-runs">\n<thead><tr><th>stack</th><th>status</th>'
        "<th>start</th><th>duration</th><th>resource changes</th><th>error, or why it did not run</th>"
        "<th>log</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</section>"
    )
