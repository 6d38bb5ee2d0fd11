"""A run as a timeline: one bar per stack from its start to its end, drawn by Graphviz (`neato -n2`).

`parse_run` reads a `stackgraph.run/v1` document into a `RunView` (pure, no I/O; a document that
is not one is an InputError naming its origin). `timeline_dot` places every mark itself (bars
coloured by status, the critical path outlined, the parallel slots used and idle along the time
axis, a legend) and Graphviz only draws them, so SVG and PNG are the same picture. The report
holds statuses, times, counts and one-line errors, never engine output or configuration values.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stackgraph.errors import InputError
from stackgraph.model import StackId
from stackgraph.results import RESUMED

SCHEMA = "stackgraph.run/v1"
STATUSES = ("succeeded", "failed", "cancelled", "skipped", "not-started")
COLOURS = {
    "succeeded": "#7cc992",
    "failed": "#e8685f",
    "cancelled": "#f2b84b",
    "skipped": "#d3d7de",
    "not-started": "#ffffff",
}
IDLE = "#fde7c4"
BUSY = "#8fa3bf"


@dataclass(frozen=True)
class RunStack:
    """One stack of a run; `start` and `end` are seconds since the run started (None: it never ran)."""

    id: StackId
    status: str
    cause: StackId | None
    start: float | None
    end: float | None
    log: str | None
    changes: str  # resource changes, e.g. "+2 ~1 -0" ("" when the job reported none)
    error: str


@dataclass(frozen=True)
class RunView:
    """A run report ready to draw; `critical` is the critical path (from the graph), first stack first."""

    command: str
    started_at: str
    wall_s: float
    parallelism: int
    stacks: tuple[RunStack, ...]
    critical: tuple[StackId, ...] = ()

    def duration(self, s: RunStack) -> float | None:
        return None if s.start is None or s.end is None else s.end - s.start


def parse_run(data: Any, origin: str) -> RunView:
    """The `stackgraph.run/v1` document `data` (read from `origin`) as a RunView; raises InputError."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(
            f"{origin}: not a stackgraph run report (schema {SCHEMA}); pass a file that `up --report` wrote"
        )
    try:
        t0 = _time(data["started_at"])
        stacks = tuple(_stack(s, t0) for s in data["stacks"])
        wall = float(data["wall_s"])
        return RunView(str(data["command"]), str(data["started_at"]), wall, int(data["parallelism"]), stacks)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"{origin}: a broken run report ({type(exc).__name__}: {exc}); run again to write a new one"
        ) from None


def _time(value: Any) -> float:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def _stack(s: dict[str, Any], t0: float) -> RunStack:
    status = str(s["status"])
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} of {s['id']}")
    start = None if s["started_at"] is None else round(_time(s["started_at"]) - t0, 3)
    end = None if s["ended_at"] is None else round(_time(s["ended_at"]) - t0, 3)
    summary = s.get("summary") or {}
    return RunStack(
        StackId(str(s["id"])),
        status,
        None if s.get("cause") is None else StackId(str(s["cause"])),
        start,
        end if start is not None else None,
        None if s.get("log") is None else str(s["log"]),
        changes(summary),
        str(summary.get("error", "")),
    )


def changes(summary: dict[str, Any]) -> str:
    """Resource change counts of a job summary (its `changes`, as the Pulumi summarizer writes them) as
    `+create ~update -delete` (others named); "" if none."""
    found = summary.get("changes")
    found = found if isinstance(found, dict) else {}
    counts = {k: v for k, v in sorted(found.items()) if isinstance(v, int) and not isinstance(v, bool)}
    if not counts:
        return ""
    signs = {"create": "+", "update": "~", "delete": "-"}
    parts = [f"{signs[k]}{counts.pop(k)}" for k in ("create", "update", "delete") if k in counts]
    parts += [f"{k} {v}" for k, v in counts.items()]
    return " ".join(parts)


def cause_of(view: RunView, s: RunStack) -> str:
    """Why a stack did not run, as `run/report.cause_text` says it."""
    if s.cause == RESUMED:
        return "--resume: it succeeded before and its inputs are unchanged"
    if s.cause is not None:
        cause = next((c for c in view.stacks if c.id == s.cause), None)
        return f"{s.cause} {'was cancelled' if cause is not None and cause.status == 'cancelled' else 'failed'}"
    if s.status == "not-started":
        return "the run was stopped (interrupted or --fail-fast)"
    return ""


def slot_use(view: RunView) -> list[tuple[float, float, int]]:
    """`(from, to, running)` over the run: how many stacks ran at once, between consecutive starts and ends."""
    marks = sorted({0.0, view.wall_s, *(t for s in view.stacks for t in (s.start, s.end) if t is not None)})
    ran = [(s.start, s.end) for s in view.stacks if s.start is not None and s.end is not None]
    out = []
    for a, b in itertools.pairwise(marks):
        if b > a:
            mid = (a + b) / 2
            out.append((a, b, sum(1 for s, e in ran if s <= mid < e)))
    return out


def tick_step(wall: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving 4 to 10 ticks over `wall` seconds."""
    if wall <= 0:
        return 1.0
    raw = wall / 6
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def fmt_s(seconds: float) -> str:
    """Seconds for people: `0.4s`, `12.5s`, `3m05s`."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m{rest:02d}s"


ROW = 20.0
BAR_H = 14.0
PLOT_W = 760.0
SLOT_H = 8.0
MAX_SLOTS = 32  # the band of parallel slots is drawn for at most this many
CHAR = 6.2  # points per character of a 10 pt label, about


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class _Canvas:
    """Marks at fixed places (y down from the top, in points); `source()` flips y for Graphviz."""

    def __init__(self) -> None:
        self.nodes: list[tuple[str, float, float, str]] = []  # name, centre x, centre y (down), attributes
        self.edges: list[str] = []
        self.height = 0.0

    def _name(self) -> str:
        return f"m{len(self.nodes) + 1}"

    def box(self, x: float, y: float, w: float, h: float, **attrs: str) -> None:
        """A rectangle with its top-left corner at (x, y)."""
        attrs = {"shape": "box", "style": "filled", "penwidth": "0.6", **attrs}
        self._node(x + w / 2, y + h / 2, w, h, _q(""), attrs)

    def text(self, x: float, y: float, text: str, *, align: str = "l", size: float = 10, **attrs: str) -> None:
        """A label whose left (align l) or right (r) end, or centre (c), is at x; centred on y."""
        w = max(len(text) * CHAR * size / 10 + 6, 4)
        cx = {"l": x + w / 2, "r": x - w / 2}.get(align, x)
        label = _q(text)[:-1] + {"l": "\\l", "r": "\\r"}.get(align, "") + '"'
        self._node(cx, y, w, size + 4, label, {"shape": "plaintext", "fontsize": f"{size:g}", **attrs})

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str) -> None:
        ends = []
        for x, y in ((x1, y1), (x2, y2)):
            ends.append(self._node(x, y, 0.01, 0.01, _q(""), {"shape": "point", "color": colour}))
        self.edges.append(f"{ends[0]} -> {ends[1]} [dir=none color={_q(colour)}]")

    def _node(self, cx: float, cy: float, w: float, h: float, label: str, attrs: dict[str, str]) -> str:
        name = self._name()
        self.height = max(self.height, cy + h / 2)
        attrs = {"fixedsize": "true", "width": f"{w / 72:.4f}", "height": f"{h / 72:.4f}", **attrs}
        shown = "".join(f" {k}={_q(v)}" for k, v in attrs.items())
        self.nodes.append((name, cx, cy, f"label={label}{shown}"))
        return name

    def source(self) -> str:
        """The DOT document, for `neato -n2`."""
        height = self.height + 10
        lines = [
            "digraph timeline {",
            '  graph [bgcolor="#ffffff" splines=line outputorder=edgesfirst pad=0.15 fontname=Helvetica]',
            "  node [fontname=Helvetica margin=0]",
            "  edge [penwidth=0.8]",
        ]
        lines += [f'  {name} [pos="{x:.1f},{height - y:.1f}!" {attrs}]' for name, x, y, attrs in self.nodes]
        lines += [f"  {e}" for e in self.edges]
        return "\n".join([*lines, "}"]) + "\n"


def timeline_dot(view: RunView) -> str:
    """The timeline as DOT with every mark pinned (draw it with `dot -Kneato -n2`)."""
    c = _Canvas()
    rows = sorted(view.stacks, key=lambda s: (s.start is None, s.start or 0.0, s.id))
    label_w = min(max((len(s.id) for s in rows), default=8) * CHAR + 24, 320)
    x0, scale = label_w + 10, PLOT_W / max(view.wall_s, 0.001)
    top = 56.0
    bottom = top + len(rows) * ROW
    title = f"{view.command}: {len(rows)} stacks in {fmt_s(view.wall_s)}, parallelism {view.parallelism}"
    c.text(4, 14, f"{title}, started {view.started_at}", size=12)
    step = tick_step(view.wall_s)
    for k in range(int(view.wall_s / step + 1e-9) + 1):
        x = x0 + k * step * scale
        c.line(x, top - 6, x, bottom + 4, "#e3e6eb")
        c.text(x, 40, fmt_s(k * step), align="c", size=9, fontcolor="#555555")
    critical = set(view.critical)
    for i, s in enumerate(rows):
        _row(c, view, s, top + i * ROW, x0, scale, label_w, s.id in critical)
    band = _slots(c, view, bottom + 14, x0, scale)
    _legend(c, band + 22, x0)
    return c.source()


def _row(c: _Canvas, view: RunView, s: RunStack, y: float, x0: float, scale: float, label_w: float, crit: bool) -> None:
    mid = y + ROW / 2
    c.text(label_w, mid, s.id, align="r", fontname="Helvetica-Bold" if crit else "Helvetica")
    duration = view.duration(s)
    if s.start is None or duration is None:
        why = cause_of(view, s)
        c.text(x0 + 2, mid, f"{s.status}{': ' + why if why else ''}", size=9, fontcolor="#666666")
        return
    w = max(duration * scale, 2.0)
    tip = "; ".join(p for p in (f"{s.id}: {s.status} in {fmt_s(duration)}", s.changes, s.error) if p)
    attrs = {"fillcolor": COLOURS[s.status], "color": "#1d2433" if crit else "#6b7280", "tooltip": tip}
    if crit:
        attrs["penwidth"] = "2.4"
    c.box(x0 + s.start * scale, mid - BAR_H / 2, w, BAR_H, **attrs)
    note = " ".join(p for p in (fmt_s(duration), s.status if s.status != "succeeded" else "", s.changes) if p)
    c.text(x0 + s.start * scale + w + 4, mid, note, size=9, fontcolor="#444444")


def _slots(c: _Canvas, view: RunView, y: float, x0: float, scale: float) -> float:
    """The parallel slots over time: used ones dark, idle ones light; returns the band's bottom."""
    slots = max(1, min(view.parallelism, MAX_SLOTS))
    height = slots * SLOT_H
    c.text(x0 - 10, y + height / 2, f"slots used of {view.parallelism}", align="r", size=9, fontcolor="#555555")
    for a, b, running in slot_use(view):
        busy = min(running, slots)
        w = (b - a) * scale
        if busy:
            c.box(
                x0 + a * scale,
                y + height - busy * SLOT_H,
                w,
                busy * SLOT_H,
                fillcolor=BUSY,
                color=BUSY,
                tooltip=f"{fmt_s(a)}-{fmt_s(b)}: {running} running",
            )
        if busy < slots:
            c.box(
                x0 + a * scale,
                y,
                w,
                (slots - busy) * SLOT_H,
                fillcolor=IDLE,
                color=IDLE,
                tooltip=f"{fmt_s(a)}-{fmt_s(b)}: {slots - busy} idle",
            )
    return y + height


def _legend(c: _Canvas, y: float, x0: float) -> None:
    x = x0
    for status in STATUSES:
        c.box(x, y - 6, 18, 12, fillcolor=COLOURS[status], color="#6b7280")
        c.text(x + 22, y, status, size=9)
        x += 34 + len(status) * CHAR * 0.9
    c.box(x, y - 6, 18, 12, fillcolor="#ffffff", color="#1d2433", penwidth="2.4")
    c.text(x + 22, y, "critical path", size=9)
    x += 34 + 13 * CHAR * 0.9
    for colour, word in ((BUSY, "slot used"), (IDLE, "slot idle")):
        c.box(x, y - 6, 18, 12, fillcolor=colour, color=colour)
        c.text(x + 22, y, word, size=9)
        x += 34 + len(word) * CHAR * 0.9
