"""Choose how a static picture of the graph is laid out so that it can be read: direction and width.

Graphviz draws every level of the graph on one rank: a level of 400 independent stacks is a strip
tens of thousands of points wide (and a PNG over 32,767 pixels is scaled down to an unreadable
band). From the levels alone (no layout run), estimate the drawing's size top-to-bottom and
left-to-right, keep the one closest to a screen's shape, and when both are strips, cut wide levels
into rows of at most `wrap` stacks. Pure and deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from stackgraph.model import StackId

DIRECTIONS = ("TB", "LR", "BT", "RL")
TARGET = 1.5  # width / height of a screen, about
STRIP = 4.0  # beyond this ratio either way a picture reads as a strip
CHAR_PT = 6.6  # 11 pt Helvetica, per character
NODE_H = 36.0  # a box of one line with Graphviz's margins
NODESEP = 29.0  # nodesep 0.4 in
RANKSEP = 36.0  # Graphviz's default 0.5 in


def rows_of(levels: Sequence[Sequence[StackId]], wrap: int | None) -> list[list[StackId]]:
    """The levels cut into rows of at most `wrap` stacks (in their order); the levels themselves when None."""
    if wrap is None:
        return [list(level) for level in levels]
    return [list(level[i : i + wrap]) for level in levels for i in range(0, len(level), wrap)]


def estimate(levels: Sequence[Sequence[StackId]], rankdir: str, wrap: int | None) -> tuple[float, float]:
    """Width and height in points of the drawing Graphviz would make, roughly (clusters left out)."""
    rows = rows_of(levels, wrap)
    if not rows:
        return (0.0, 0.0)
    widest = max(len(r) for r in rows)
    label = max((len(s) for r in rows for s in r), default=1) * CHAR_PT + 16
    mean = sum(len(s) for r in rows for s in r) / max(1, sum(len(r) for r in rows)) * CHAR_PT + 16
    if rankdir in ("TB", "BT"):
        return (widest * (mean + NODESEP), len(rows) * (NODE_H + RANKSEP))
    return (len(rows) * (label + RANKSEP), widest * (NODE_H + NODESEP))


def _score(size: tuple[float, float]) -> float:
    w, h = size
    return abs(math.log(max(w, 1.0) / max(h, 1.0) / TARGET))


def choose(
    levels: Sequence[Sequence[StackId]], *, rankdir: str | None = None, wrap: int | None = None
) -> tuple[str, int | None]:
    """Return (rankdir, wrap): the given ones, or for each left None the one that reads best.

    Top to bottom stays while its drawing is no strip (within 4:1 either way); else the direction
    closest to a screen's shape wins. When that is still a strip and no wrap was given, levels are
    cut into rows: the width (stacks per row) whose drawing is closest to a screen's shape.
    """
    dirs = [rankdir] if rankdir is not None else ["TB", "LR"]
    fine = math.log(STRIP / TARGET)
    first = dirs[0]  # TB unless told: it stays while it is no strip
    if _score(estimate(levels, first, wrap)) <= fine:
        return first, wrap
    best = min(dirs, key=lambda d: (_score(estimate(levels, d, wrap)), d != "TB"))
    if wrap is not None or _score(estimate(levels, best, None)) <= fine:
        return best, wrap
    widest = max((len(level) for level in levels), default=1)
    tops = [d for d in dirs if d in ("TB", "BT")] or dirs
    candidates = [(d, k) for d in tops for k in range(1, widest)]
    if not candidates:
        return best, None
    d, k = min(candidates, key=lambda c: (_score(estimate(levels, c[0], c[1])), -c[1], c[0] != "TB"))
    if _score(estimate(levels, d, k)) >= _score(estimate(levels, best, None)):
        return best, None
    return d, k
