"""What a run produced, per stack and in total: data only, no I/O (the model layer).

The executor (run/) fills these in; the renderers (render/: summary, run report,
JUnit) and the application layer (app/) read them. They live beside `model.py`,
below both, so that render/ never imports run/. The few words every view of a run
shares (why a stack did not run, why it failed, seconds, paths) are here too, so the
live lines, the summary and JUnit say the same thing.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stackgraph.model import StackId

REPORT_SCHEMA = "stackgraph.run/v1"
"""The schema of the run report (`--report`, `.stackgraph/runs/*.json`)."""


class Status(str, enum.Enum):
    """A stack's state in a run. Terminal states never change again."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # a dependency failed (cause names it), or --resume passed over it (resumed)
    CANCELLED = "cancelled"  # was running when the run was interrupted or timed out
    NOT_STARTED = "not-started"  # never started: fail-fast or interruption stopped scheduling

    @property
    def terminal(self) -> bool:
        """Whether the state is final."""
        return self not in (Status.PENDING, Status.RUNNING)


@dataclass(frozen=True)
class Inputs:
    """Digests of what a stack ran with (app/inputs.py makes them; never a value, only digests)."""

    project: str  # its project's files
    stack_file: str  # its stack file
    upstreams: tuple[tuple[StackId, str | None], ...] = ()  # each upstream's outputs when it ran (sorted)

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "stack_file": self.stack_file,
            "upstreams": dict(self.upstreams),
        }


@dataclass
class StackResult:
    """One stack's part of a run: status, timing, log, and why it failed or did not run."""

    id: StackId
    status: Status = Status.PENDING
    cause: StackId | None = None  # the failed upstream that made this stack skip
    started_at: float | None = None  # epoch seconds
    ended_at: float | None = None
    log: Path | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # one line: why it failed
    attempts: int = 0
    recovery: tuple[str, ...] = ()  # set when the stack may be left locked: Job.recovery
    resumed: str | None = None  # SKIPPED by --resume: the run it succeeded in, with the same inputs
    inputs: Inputs | None = None  # what it ran with (digests), when it ran or was resumed
    outputs: str | None = None  # the digest of its outputs after it succeeded (None: unknown)

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to end, or None when it did not run to an end."""
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at


@dataclass
class RunResult:
    """A whole run: the command, its wall time, every selected stack in plan order."""

    command: str
    started_at: float
    ended_at: float
    parallelism: int
    stacks: list[StackResult]
    interrupted: bool = False
    run_id: str = ""
    log_dir: Path | None = None
    critical_path: list[StackId] = field(default_factory=list)

    @property
    def wall_s(self) -> float:
        """Seconds from the start of the run to its end."""
        return self.ended_at - self.started_at

    resumed_from: str | None = None  # --resume: the run it resumed

    @property
    def ok(self) -> bool:
        """Whether every stack succeeded (or was resumed: it had) and nobody interrupted the run."""
        return not self.interrupted and all(s.status is Status.SUCCEEDED or s.resumed for s in self.stacks)


def cause_text(result: RunResult, stack: StackResult) -> str:
    """Say why a stack did not run, e.g. 'net/prod failed' or 'the run was interrupted'."""
    if stack.resumed is not None:
        return resumed_text(stack.resumed)
    if stack.cause is not None:
        cause = next((s for s in result.stacks if s.id == stack.cause), None)
        verb = "was cancelled" if cause is not None and cause.status.value == "cancelled" else "failed"
        return f"{stack.cause} {verb}"
    if result.interrupted:
        return "the run was interrupted"
    return "--fail-fast stopped the run"


RESUMED = "resumed"
"""The run report's `cause` of a stack that `--resume` passed over."""


def resumed_text(run_id: str) -> str:
    """Say why `--resume` passed over a stack."""
    return f"--resume: it succeeded in {run_id} and its inputs are unchanged"


def failure_reason(result: StackResult) -> str | None:
    """Say why a stack failed: the engine's own error when the adapter found one, else the last output line.

    Printable text (see `printable`): it comes from a process's output.
    """
    engine_error = result.summary.get("engine_error") if result.status is not Status.SUCCEEDED else None
    reason = str(engine_error) if engine_error else result.error
    return printable(reason) if reason is not None else None


_CONTROL = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC (a title, a hyperlink) up to BEL or ST
    r"|\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, PM, APC, SOS strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b[ -/]*[0-~]"  # any other escape sequence
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # the 8-bit OSC
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"  # C0, DEL, C1, bidi
)


def printable(text: str) -> str:
    """Return `text` without terminal escape sequences (OSC, CSI, ...) and control characters (C0, BEL,
    DEL, C1, bidirectional overrides); tabs and line breaks become spaces. What a process printed can
    then go into a terminal line, a JUnit XML attribute or a report without acting on the reader."""
    return _CONTROL.sub("", text).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def fmt_s(seconds: float | None) -> str:
    """Format seconds as '3.2s', or '-' when unknown."""
    return "-" if seconds is None else f"{seconds:.1f}s"


def rel(path: Path | None, root: Path | None) -> str:
    """Return `path` relative to `root` (POSIX) when inside it, else as given; '-' for None."""
    if path is None:
        return "-"
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
