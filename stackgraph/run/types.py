"""The contract between the scheduler/executor and what it runs (the Pulumi adapter, `run -- CMD`).

A *job* is what happens to one stack: a few *steps* (processes run one after the
other, without a shell, each in its own process group). The executor knows nothing
of Pulumi: the adapter turns a stack into a `Job`; the executor schedules jobs over
the graph, runs their steps, writes each stack's log, and collects `StackResult`s.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stackgraph.model import StackId


class Status(str, enum.Enum):
    """A stack's state in a run. Terminal states never change again."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # a dependency failed (cause names it)
    CANCELLED = "cancelled"  # was running when the run was interrupted or timed out
    NOT_STARTED = "not-started"  # never started: fail-fast or interruption stopped scheduling

    @property
    def terminal(self) -> bool:
        return self not in (Status.PENDING, Status.RUNNING)


@dataclass(frozen=True)
class Step:
    """One process: argv (no shell), working folder, full environment."""

    name: str  # "select", "up", "preview", "command", ...
    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str]
    event_log: Path | None = None  # a Pulumi `--event-log` file the executor may follow for progress


@dataclass(frozen=True)
class Job:
    """Everything to do for one stack, in order; the stack succeeds when every step exits 0."""

    id: StackId
    steps: tuple[Step, ...]
    # Given the text of a failed step's output, return why it is worth retrying (lock held,
    # network error), or None when it is not transient.
    transient: Callable[[str], str | None] | None = None
    # Given the finished job's output folder/log, return a summary for the report (resource counts).
    summarize: Callable[[Path], dict[str, Any]] | None = None
    # Commands (as the user would type them) that clear a lock or pending operations the job may
    # leave when its process is terminated before it could cancel cleanly. Shown in the summary
    # for such stacks only; empty when the job holds no lock (`stackgraph run -- CMD`).
    recovery: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunOptions:
    parallelism: int = 4
    strategy: str = "eager"  # "eager" or "waves"
    fail_fast: bool = False
    timeout_s: float | None = None  # per stack
    retries: int = 0
    retry_backoff_s: float = 2.0  # before retry k (1-based): retry_backoff_s * 2 ** (k - 1)
    kill_grace_s: float = 10.0  # SIGINT -> SIGTERM -> SIGKILL: time a group gets at each signal


@dataclass
class StackResult:
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

    @property
    def duration_s(self) -> float | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at


@dataclass
class RunResult:
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
        return self.ended_at - self.started_at

    @property
    def ok(self) -> bool:
        return not self.interrupted and all(s.status is Status.SUCCEEDED for s in self.stacks)
