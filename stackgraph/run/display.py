"""What the user sees of a run on stderr: plain lines (CI), a live view (terminal), the final summary.

`PlainDisplay` prints one timestamped line per event ("start api/dev", "done api/dev
(succeeded, 3.2s)", "skip web/dev: cluster/dev failed"). `LiveDisplay` prints the same
lines above a rich Live table of the running stacks (elapsed time, and resource counts
read from a step's Pulumi `--event-log` when it has one). The final summary is a pure
renderer: render/run_summary.py.
Observers are called from the executor's thread; the live table is also read by rich's
refresh thread, hence the lock.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from stackgraph.model import StackId
from stackgraph.results import RunResult, StackResult, Status, failure_reason, fmt_s, resumed_text
from stackgraph.run.executor import Observer
from stackgraph.run.types import RunOptions, Step


def pools_text(options: RunOptions, stacks: list[StackId]) -> str:
    """`, pools aws-prod (2 at a time, 3 stacks)`: the pools of stackgraph.yaml that hold stacks of this run."""
    ids = set(stacks)
    held = [(name, limit, len(members & ids)) for name, limit, members in options.pools if members & ids]
    return ", pools " + ", ".join(f"{n} ({k} at a time, {c} stacks)" for n, k, c in held) if held else ""


class PlainDisplay(Observer):
    """One line per event, prefixed with the local time; for logs and pipes."""

    def __init__(self, stream: IO[str] | None = None, *, root: Path | None = None) -> None:
        self.stream = stream or sys.stderr
        self.root = root
        self.result_of: dict[StackId, StackResult] = {}

    def line(self, text: str) -> None:
        self.stream.write(f"{time.strftime('%H:%M:%S')} {text}\n")
        self.stream.flush()

    def run_started(self, run_id: str, command: str, stacks: list[StackId], options: RunOptions) -> None:
        self.line(
            f"{command}: {len(stacks)} stack(s), parallelism {options.parallelism}, {options.strategy}"
            f"{pools_text(options, stacks)}; run {run_id}"
        )

    def stack_started(self, result: StackResult) -> None:
        self.result_of[result.id] = result
        self.line(f"start {result.id}")

    def retrying(self, sid: StackId, attempt: int, reason: str, delay_s: float) -> None:
        self.line(f"retry {sid} (attempt {attempt}) in {delay_s:g}s: {reason}")

    def pool_waiting(self, sid: StackId, pools: list[tuple[str, int]]) -> None:
        full = ", ".join(f"{name} ({limit} at a time)" for name, limit in pools)
        self.line(f"wait {sid}: pool {full} full")

    def stack_ended(self, result: StackResult) -> None:
        self.result_of[result.id] = result
        self.line(event_line(result, self.result_of))

    def interrupted(self, count: int, running: list[StackId]) -> None:
        self.line(interrupt_line(count, running))

    def close(self) -> None:
        """Release the terminal (a no-op for plain lines); safe to call twice."""


def event_line(result: StackResult, known: dict[StackId, StackResult]) -> str:
    """The line for a stack that ended."""
    if result.resumed is not None:
        return f"skip {result.id}: {resumed_text(result.resumed)}"
    if result.status is Status.SKIPPED:
        cause = known.get(result.cause) if result.cause else None
        verb = "was cancelled" if cause is not None and cause.status is Status.CANCELLED else "failed"
        return f"skip {result.id}: {result.cause} {verb}"
    if result.status is Status.NOT_STARTED:
        return f"not started {result.id}"
    text = f"done {result.id} ({result.status.value}, {fmt_s(result.duration_s)})"
    why = failure_reason(result)
    return f"{text}: {why}" if why else text


def interrupt_line(count: int, running: list[StackId]) -> str:
    names = ", ".join(running) or "none"
    if count == 1:
        return (
            f"interrupted: no new stack will start; sent SIGINT to the running stacks ({names}) and waiting "
            "for them to cancel cleanly; interrupt again to force"
        )
    if count == 2:
        return f"interrupted again: sent SIGTERM to the running stacks ({names}); SIGKILL follows if they stay"
    return f"interrupted {count} times: sent SIGKILL to the running stacks ({names})"


class LiveDisplay(PlainDisplay):
    """The plain lines, printed above a live table of the running stacks; for terminals."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        root: Path | None = None,
        count_events: Callable[[list[dict[str, Any]]], dict[str, int]] | None = None,
    ) -> None:
        from rich.console import Console  # noqa: PLC0415 - keep rich out of `--help`
        from rich.live import Live  # noqa: PLC0415 - rich only for a terminal's live view

        from stackgraph.termstyle import console_style  # noqa: PLC0415 - beside rich, only for a live view

        super().__init__(stream, root=root)
        self.console = Console(file=self.stream, stderr=stream is None, **console_style())
        self._lock = threading.Lock()
        self._running: dict[StackId, tuple[float, str, EventLogTail | None]] = {}
        self._count = count_events or count_pulumi_events
        self._live = Live(console=self.console, get_renderable=self._table, refresh_per_second=4, transient=True)

    def line(self, text: str) -> None:
        from rich.markup import escape  # noqa: PLC0415 - rich only for a terminal's live view

        # Engine output ("[409] Conflict", "[secret]") must not be read as markup.
        self.console.print(f"[dim]{time.strftime('%H:%M:%S')}[/dim] {escape(text)}", markup=True, highlight=False)

    def run_started(self, run_id: str, command: str, stacks: list[StackId], options: RunOptions) -> None:
        super().run_started(run_id, command, stacks, options)
        self._live.start()

    def stack_started(self, result: StackResult) -> None:
        super().stack_started(result)
        with self._lock:
            self._running[result.id] = (time.monotonic(), "", None)

    def step_started(self, sid: StackId, step: Step, attempt: int) -> None:
        follow = step.live_events or step.event_log
        tail = EventLogTail(follow, self._count) if follow else None
        label = step.name if attempt == 1 else f"{step.name} (attempt {attempt})"
        with self._lock:
            began = self._running.get(sid, (time.monotonic(), "", None))[0]
            self._running[sid] = (began, label, tail)

    def stack_ended(self, result: StackResult) -> None:
        with self._lock:
            self._running.pop(result.id, None)
        self._live.refresh()  # the line below is printed above the cached table: drop the ended stack first
        super().stack_ended(result)

    def run_ended(self, result: RunResult) -> None:
        self.close()

    def close(self) -> None:
        self._live.stop()

    def _table(self) -> Any:
        from rich.table import Table  # noqa: PLC0415 - rich only for a terminal's live view

        table = Table(box=None, show_header=False, pad_edge=False)
        now = time.monotonic()
        with self._lock:
            rows = sorted(self._running.items())
        for sid, (began, label, tail) in rows:
            counts = tail.poll() if tail else {}
            res = " ".join(f"{v} {k}" for k, v in counts.items() if v)
            table.add_row("[cyan]running[/cyan]", sid, label, f"{now - began:.0f}s", res)
        return table


def count_pulumi_events(events: list[dict[str, Any]]) -> dict[str, int]:
    """Resource counts from Pulumi engine events (`--event-log` JSON lines)."""
    pre = sum(1 for e in events if "resourcePreEvent" in e)
    done = sum(1 for e in events if "resOutputsEvent" in e)
    failed = sum(1 for e in events if "resOpFailedEvent" in e)
    return {"done": done, "in progress": max(0, pre - done - failed), "failed": failed}


class EventLogTail:
    """Follow a JSON-lines event log as it grows; keep every complete event."""

    def __init__(self, path: Path, count: Callable[[list[dict[str, Any]]], dict[str, int]]) -> None:
        self.path = path
        self.count = count
        self.offset = 0
        self.partial = b""
        self.events: list[dict[str, Any]] = []

    def poll(self) -> dict[str, int]:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except OSError:
            return self.count(self.events)
        self.offset += len(data)
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()
        for raw in lines:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if isinstance(event, dict):
                self.events.append(event)
        return self.count(self.events)


def make_display(*, root: Path | None = None, live: bool | None = None) -> PlainDisplay:
    """A live display when stderr is a terminal (and TERM is not dumb), else plain lines."""
    if live is None:
        live = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    return LiveDisplay(root=root) if live else PlainDisplay(root=root)
