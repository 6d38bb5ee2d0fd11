"""SVG and PNG pictures of the graph that can be read: a layout chosen by the graph's shape, and a warning
when Graphviz has to shrink a raster (past 32,767 pixels a side) or the picture is a thin strip.

`arrange` fills in the direction and the row width (render/fit.py) that the user left open; `draw`
renders with `dot`, or above DOT_WRAP_LIMIT stacks with cut levels on stackgraph's grid (`neato -n2`,
as the HTML page does); `warning` says what is wrong with the result and what to do instead.
"""

from __future__ import annotations

import dataclasses
import re
import struct

from stackgraph.render.fit import choose
from stackgraph.render.graph_formats import DOT_WRAP_LIMIT, GraphView, dot_source, run_dot_with_messages
from stackgraph.render.grid import grid_positions

LIMIT_PX = 32767  # Graphviz's cairo bitmaps
STRIP = 8.0  # a picture this many times longer than wide is a strip
_SCALED = re.compile(r"Scaling by ([0-9.]+) to fit")


@dataclasses.dataclass(frozen=True)
class Picture:
    data: bytes
    width: int  # pixels (PNG) or points (SVG), as written
    height: int
    scale: float = 1.0  # < 1 when Graphviz shrank a raster to its limit


def arrange(view: GraphView, *, rankdir: str | None, wrap: int | None, auto: bool) -> GraphView:
    """The view with the direction and row width given; where None, chosen by the graph's shape when `auto`
    (else TB and no limit)."""
    if auto:
        rankdir, wrap = choose(view.levels, rankdir=rankdir, wrap=wrap)
    return dataclasses.replace(view, rankdir=rankdir or "TB", wrap=wrap)


def draw(view: GraphView, fmt: str) -> Picture:
    """Render `view` as `svg` or `png`; large wrapped graphs are placed on a grid first."""
    if view.wrap is not None and len(view.nodes) > DOT_WRAP_LIMIT:
        deps: dict[str, list[str]] = {}
        for e in view.edges:
            deps.setdefault(e.dependent, []).append(e.dependency)
        positions = grid_positions(view.levels, deps, view.wrap)  # type: ignore[arg-type]  # ids are str
        data, messages = run_dot_with_messages(dot_source(view, positions=positions), fmt, ("-Kneato", "-n2"))
    else:
        data, messages = run_dot_with_messages(dot_source(view), fmt, ())
    found = _SCALED.search(messages)
    width, height = _size(data, fmt)
    return Picture(data, width, height, float(found.group(1)) if found else 1.0)


def _size(data: bytes, fmt: str) -> tuple[int, int]:
    if fmt == "png" and data[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    found = re.search(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"', data[:2000])
    return (round(float(found.group(1))), round(float(found.group(2)))) if found else (0, 0)


def warning(p: Picture, fmt: str) -> str | None:
    """One line when the picture cannot be read as it is, saying what to do; None when it is fine."""
    unit = "pixels" if fmt == "png" else "points"
    advice = (
        "draw fewer stacks (--select, --env), cut levels into rows (--max-width N), or use -f html (pan, zoom, search)"
    )
    if p.scale < 1.0:
        full = f"{round(p.width / p.scale):,} x {round(p.height / p.scale):,}"
        return (
            f"stackgraph: warning: the picture would be {full} pixels, more than Graphviz's {LIMIT_PX:,}: "
            f"it was shrunk to {p.width:,} x {p.height:,} and its labels cannot be read; {advice}"
        )
    long, short = max(p.width, p.height), max(1, min(p.width, p.height))
    if long / short > STRIP and long > 4000:
        return f"stackgraph: warning: the picture is {p.width:,} x {p.height:,} {unit}, a strip hard to read; {advice}"
    return None
