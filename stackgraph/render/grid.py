"""Place the stacks of a large graph on a grid, level by level, for Graphviz to draw as is (`neato -n2`).

`dot` lays out a few hundred stacks well, but a level of 400 independent stacks becomes a strip
tens of thousands of points wide, and cutting levels into rows makes its crossing minimization
take minutes. Here each level is ordered by where its dependencies stand (one barycentre pass,
ties by id), cut into rows of at most `wrap` stacks, and the rows are stacked top to bottom.
Pure and deterministic: the same view gives the same positions.
"""

from __future__ import annotations

from collections.abc import Sequence

from stackgraph.model import StackId

CHAR_PT = 6.6  # the width of one character of an 11 pt Helvetica label, about
ROW_GAP = 64.0
LEVEL_GAP = 120.0


def grid_positions(
    levels: Sequence[Sequence[StackId]], dependencies: dict[StackId, list[StackId]], wrap: int
) -> dict[StackId, tuple[float, float]]:
    """Centre of each stack in points (y grows upwards, as Graphviz's `pos`), level 0 at the top."""
    longest = max((len(s) for level in levels for s in level), default=1)
    cell = longest * CHAR_PT + 40.0
    x_of: dict[StackId, float] = {}
    placed: list[tuple[StackId, float, float]] = []
    y = 0.0
    for level in levels:
        for k, row in enumerate(_rows(_ordered(level, dependencies, x_of), wrap)):
            y -= LEVEL_GAP if k == 0 and placed else ROW_GAP if placed else 0.0
            left = -(len(row) - 1) * cell / 2
            for i, sid in enumerate(row):
                x_of[sid] = left + i * cell
                placed.append((sid, x_of[sid], y))
    width = max((x for _, x, _ in placed), default=0.0)
    return {sid: (round(x + width + cell / 2, 1), round(yy - y + 30.0, 1)) for sid, x, yy in placed}


def _ordered(level: Sequence[StackId], deps: dict[StackId, list[StackId]], x_of: dict[StackId, float]) -> list[StackId]:
    def key(sid: StackId) -> tuple[float, StackId]:
        xs = [x_of[d] for d in deps.get(sid, ()) if d in x_of]
        return (sum(xs) / len(xs) if xs else 0.0, sid)

    return sorted(level, key=key)


def _rows(level: list[StackId], wrap: int) -> list[list[StackId]]:
    return [level[i : i + wrap] for i in range(0, len(level), wrap)]
