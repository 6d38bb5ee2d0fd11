"""The contract between the scheduler/executor and what it runs (the Pulumi adapter, `run -- CMD`).

A *job* is what happens to one stack: a few *steps* (processes run one after the
other, without a shell, each in its own process group). The executor knows nothing
of Pulumi: the adapter turns a stack into a `Job`; the executor schedules jobs over
the graph, runs their steps, writes each stack's log, and collects `StackResult`s
(stackgraph/results.py: the model-level types that render/ reads too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.model import StackId

if TYPE_CHECKING:
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo
    from stackgraph.plan import Plan


@dataclass(frozen=True)
class Step:
    """One process: argv (no shell), working folder, full environment."""

    name: str  # "select", "up", "preview", "command", ...
    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str]
    event_log: Path | None = None  # a Pulumi `--event-log` file: its events, once `after` ran
    # Where the process writes its events while it runs, when not `event_log` (the display follows it):
    # a private file that `after` copies, filtered, to `event_log` (see run/private.py).
    live_events: Path | None = None
    # Called after the process exited 0: a one-line reason to stop the job here (it fails, no retry),
    # or None to go on. E.g. a new preview that exceeds what was approved (`up --plan`).
    check: Callable[[], str | None] | None = None
    # Called once the process and what is left of its group have exited, whatever the exit code,
    # before anything reads its files. E.g. drop the engine's debug events from `event_log`.
    after: Callable[[], None] | None = None


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
    # After the job succeeded, the digest of the stack's outputs (app/inputs.outputs_digest), or None
    # when unknown; called on the worker's thread, before the stack's dependents may start.
    outputs: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class RunOptions:
    parallelism: int = 4
    strategy: str = "eager"  # "eager" or "waves"
    fail_fast: bool = False
    timeout_s: float | None = None  # per stack
    retries: int = 0
    retry_backoff_s: float = 2.0  # before retry k (1-based): retry_backoff_s * 2 ** (k - 1)
    kill_grace_s: float = 10.0  # SIGINT -> SIGTERM -> SIGKILL: time a group gets at each signal
    pools: tuple[tuple[str, int, frozenset[StackId]], ...] = ()  # (name, limit, stacks): see config.Pool


@dataclass
class OutputsSource:
    """How to read a stack's outputs now, as a digest: set by a job factory that can (the Pulumi one asks
    `pulumi stack output --json`); `read` None, or a None from it, means unknown. May raise
    `StackgraphError` (the backend cannot be asked)."""

    read: Callable[[StackId], str | None] | None = None


@dataclass(frozen=True)
class RunContext:
    """What a job factory may look at: the whole scan, the plan, and where this run logs."""

    root: Path  # the scanned folder, absolute
    repo: Repo
    full: StackGraph  # every stack, external and dangling node
    plan: Plan  # the selected stacks; plan.levels in the order they run
    graph: StackGraph  # what the executor runs: plan.graph, reversed for destroy
    command: str
    run_id: str
    log_dir: Path  # <root>/.stackgraph/logs/<run id>
    outputs: OutputsSource = field(default_factory=OutputsSource)
    """Where the job factory says how to read any stack's outputs (a digest) as they are now."""


JobFactory = Callable[[RunContext], Mapping[StackId, Job]]
"""Turns the planned stacks into jobs; may refuse with a `StackgraphError` before anything runs."""
