"""Run jobs over the graph: bounded parallelism, timeouts, retries, signals, and the run's result.

`execute` is the one entry point. It runs in the calling thread (the main thread in
the CLI, so that it can catch SIGINT/SIGTERM), starts one worker thread per running
stack, and waits on one event queue for the workers' reports, the signals, and the
next timer (a timeout or an escalation). Only this thread touches the scheduler,
the results and the observer; so observers need no locking of their own.

Signals: the first SIGINT/SIGTERM stops scheduling (pending stacks become
NOT_STARTED) and sends SIGINT to every running process group, then waits for them:
an engine that cancels cleanly releases its lock. The second sends SIGTERM to every
group and SIGKILL `kill_grace_s` later; a third sends SIGKILL at once. A per-stack
timeout follows the same ladder on its own: SIGINT, SIGTERM after `kill_grace_s`,
SIGKILL after twice that. Stacks that were running end CANCELLED.

Fail-fast: at the first failure the scheduler stops; stacks already running are left
to finish (as Terragrunt does), because cancelling a healthy engine mid-update is what
leaves locks and pending operations behind.

When `execute` returns, no process it started is alive: each step's whole process
group is ended after its leader exits, and an unexpected error on this thread cancels
and then kills every running group before it propagates.
"""

from __future__ import annotations

import secrets
import signal
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Any

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId, path_segment
from stackgraph.results import RunResult, StackResult, Status
from stackgraph.run.scheduler import Change, Scheduler
from stackgraph.run.signals import forward_signals
from stackgraph.run.types import Job, RunOptions, Step
from stackgraph.run.worker import Outcome, Worker

Passes = Callable[[StackId, Mapping[StackId, StackResult]], str | None]
"""Asked about a stack about to start (with the results so far, its upstreams' ended): the id of the run
whose success it keeps (then it does not run), or None to run it."""
_MAX_WAIT_S = 0.5


class Observer:
    """What the executor tells the display. Called from the executor's thread only; all no-ops here."""

    def run_started(self, run_id: str, command: str, stacks: list[StackId], options: RunOptions) -> None:
        """The run begins; `stacks` in the order of the plan."""

    def stack_started(self, result: StackResult) -> None:
        """A stack was handed to a worker."""

    def step_started(self, sid: StackId, step: Step, attempt: int) -> None:
        """A step's process is running (its `event_log` may now be followed)."""

    def retrying(self, sid: StackId, attempt: int, reason: str, delay_s: float) -> None:
        """A transient error: attempt number `attempt` starts after `delay_s`."""

    def pool_waiting(self, sid: StackId, pools: list[tuple[str, int]]) -> None:
        """A stack whose dependencies are done waits for room in `pools` (name, limit): told once per stack."""

    def stack_ended(self, result: StackResult) -> None:
        """A stack reached a terminal status (also skipped and not-started ones)."""

    def interrupted(self, count: int, running: list[StackId]) -> None:
        """The run got its `count`-th SIGINT/SIGTERM while `running` were running."""

    def run_ended(self, result: RunResult) -> None:
        """The run is over; every stack has a terminal status."""


def new_run_id(now: float | None = None) -> str:
    """A sortable, unique run id: UTC time to the millisecond and 4 random hex digits."""
    t = time.time() if now is None else now
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(t))
    return f"{stamp}.{int(t * 1000) % 1000:03d}Z-{secrets.token_hex(2)}"


def log_path(log_dir: Path, sid: StackId) -> Path:
    """`<log_dir>/<project>/<stack>.log`, with characters unsafe in file names replaced."""
    project, _, stack = sid.rpartition("/")
    return log_dir / path_segment(project) / f"{path_segment(stack)}.log"


def execute(
    graph: StackGraph,
    jobs: Mapping[StackId, Job],
    options: RunOptions,
    *,
    command: str,
    log_root: Path,
    observer: Observer | None = None,
    weights: Mapping[StackId, float] | None = None,
    run_id: str | None = None,
    passes: Passes | None = None,
) -> RunResult:
    """Run `jobs` over `graph` (already oriented); logs go to `log_root/<run id>/<project>/<stack>.log`.

    `weights` (seconds per stack, e.g. from the last run) order the ready stacks by their
    longest remaining path; without them every stack weighs 1. `passes` is asked about each
    stack about to start (`--resume`); when it names a run, the stack does not run: it ends
    SKIPPED with `resumed` set to that run, and its dependents go on. Raises ValueError when a
    stack of the graph has no job or an option is out of range; never raises for a stack
    that fails. Must be called from the main thread to catch SIGINT/SIGTERM.
    """
    missing = [s for s in graph.nodes if s not in jobs]
    if missing:
        raise ValueError(f"no job for {', '.join(missing)}")
    if options.parallelism < 1:
        raise ValueError("parallelism must be at least 1")
    run = _Run(graph, jobs, options, command, log_root / (run_id or new_run_id()), observer or Observer(), weights)
    run.passes = passes
    return run.execute()


class _Run:
    """The state of one `execute` call."""

    def __init__(
        self,
        graph: StackGraph,
        jobs: Mapping[StackId, Job],
        options: RunOptions,
        command: str,
        log_dir: Path,
        observer: Observer,
        weights: Mapping[StackId, float] | None,
    ) -> None:
        self.graph = graph
        self.jobs = jobs
        self.options = options
        self.command = command
        self.log_dir = log_dir
        self.observer = observer
        self.sched = Scheduler(
            graph, strategy=options.strategy, fail_fast=options.fail_fast, weights=weights, pools=options.pools
        )
        self.order = graph.topological_order()
        self.results = {s: StackResult(s, log=log_path(log_dir, s)) for s in self.order}
        self.events: SimpleQueue[Any] = SimpleQueue()
        self.workers: dict[StackId, Worker] = {}
        self.deadlines: dict[StackId, float] = {}
        self.timers: list[tuple[float, StackId, signal.Signals]] = []  # (monotonic time, stack, signal)
        self.signals = 0
        self.passes: Passes | None = None
        self.told_waiting: set[StackId] = set()  # the stacks said to wait for a pool

    def execute(self) -> RunResult:
        started = time.time()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.observer.run_started(self.log_dir.name, self.command, self.order, self.options)
        with forward_signals(self.events):
            try:
                self._loop()
            except BaseException:
                self._abandon()
                raise
        result = RunResult(
            command=self.command,
            started_at=started,
            ended_at=time.time(),
            parallelism=self.options.parallelism,
            stacks=[self.results[s] for s in self.order],
            interrupted=self.signals > 0,
            run_id=self.log_dir.name,
            log_dir=self.log_dir,
            critical_path=self._critical_path(),
        )
        self.observer.run_ended(result)
        return result

    def _loop(self) -> None:
        while not self.sched.done:
            self._start_ready()
            if self.sched.done:
                break  # the last stacks were passed over
            if not self.workers:
                raise RuntimeError(f"scheduler stalled with {self.sched.status}")  # a bug, never expected
            try:
                event = self.events.get(timeout=self._wait_s())
            except Empty:
                event = None
            if event is not None:
                self._handle(event)
            self._fire_timers()

    def _start_ready(self) -> None:
        while True:
            free = self.options.parallelism - len(self.workers)
            taken = self.sched.take(free) if free > 0 else []
            if not taken:
                self._tell_waiting()
                return
            for sid in taken:
                if not self._passed_over(sid):
                    self._start(sid)

    def _tell_waiting(self) -> None:
        """Tell the observer of each stack newly held back by a full pool (only when pools are set)."""
        if not self.options.pools:
            return
        limits = {name: limit for name, limit, _ in self.options.pools}
        for sid, pools in self.sched.waiting_for_pools().items():
            if sid not in self.told_waiting:
                self.told_waiting.add(sid)
                self.observer.pool_waiting(sid, [(p, limits[p]) for p in pools])

    def _passed_over(self, sid: StackId) -> bool:
        """Ask `passes` about a stack taken to start; when it names a run, end the stack SKIPPED, resumed."""
        run_id = self.passes(sid, self.results) if self.passes is not None else None
        if run_id is None:
            return False
        result = self.results[sid]
        result.status = Status.SKIPPED
        result.resumed = run_id
        self.sched.pass_over(sid)
        self.observer.stack_ended(result)
        return True

    def _start(self, sid: StackId) -> None:
        result = self.results[sid]
        result.status = Status.RUNNING
        result.started_at = time.time()
        worker = Worker(self.jobs[sid], log_path(self.log_dir, sid), self.options, self.events)
        self.workers[sid] = worker
        if self.options.timeout_s is not None:
            self.deadlines[sid] = time.monotonic() + self.options.timeout_s
        self.observer.stack_started(result)
        worker.start()

    def _wait_s(self) -> float:
        """Time until the next timeout or escalation, at most half a second."""
        soon = [t for t, _, _ in self.timers] + list(self.deadlines.values())
        if not soon:
            return _MAX_WAIT_S
        return max(0.0, min(_MAX_WAIT_S, min(soon) - time.monotonic()))

    def _handle(self, event: tuple[Any, ...]) -> None:
        kind = event[0]
        if kind == "done":
            self._finished(event[1], event[2])
        elif kind == "step":
            self.observer.step_started(event[1], event[2], event[3])
        elif kind == "retry":
            self.observer.retrying(event[1], event[2], event[3], event[4])
        elif kind == "signal":
            self._on_signal()

    def _finished(self, sid: StackId, outcome: Outcome) -> None:
        worker = self.workers.pop(sid)
        worker.join()
        self.deadlines.pop(sid, None)
        self.timers = [t for t in self.timers if t[1] != sid]
        result = self.results[sid]
        result.ended_at = time.time()
        result.status = outcome.status
        result.error = outcome.error
        result.attempts = outcome.attempts
        result.summary = outcome.summary
        result.outputs = outcome.outputs
        if outcome.may_be_locked:
            result.recovery = worker.job.recovery
        changes = self.sched.finish(sid, outcome.status)
        self.observer.stack_ended(result)
        self._apply(changes)

    def _apply(self, changes: list[Change]) -> None:
        for change in changes:
            result = self.results[change.id]
            result.status = change.status
            result.cause = change.cause
            self.observer.stack_ended(result)

    def _on_signal(self) -> None:
        self.signals += 1
        self.observer.interrupted(self.signals, sorted(self.workers))
        if self.signals == 1:
            self._apply(self.sched.stop())
            for worker in self.workers.values():
                worker.interrupt("interrupted")
            self.deadlines.clear()
            self.timers.clear()
        elif self.signals == 2:
            now = time.monotonic()
            self.timers = [(now, s, signal.SIGTERM) for s in self.workers]
            self.timers += [(now + self.options.kill_grace_s, s, signal.SIGKILL) for s in self.workers]
        else:
            self.timers = [(time.monotonic(), s, signal.SIGKILL) for s in self.workers]

    def _fire_timers(self) -> None:
        now = time.monotonic()
        for sid, deadline in sorted(self.deadlines.items()):
            if deadline <= now:
                del self.deadlines[sid]
                self.workers[sid].interrupt(f"timed out after {self.options.timeout_s:g}s")
                grace = self.options.kill_grace_s
                self.timers += [(now + grace, sid, signal.SIGTERM), (now + 2 * grace, sid, signal.SIGKILL)]
        due = [t for t in self.timers if t[0] <= now]
        self.timers = [t for t in self.timers if t[0] > now]
        for _, sid, sig in sorted(due, key=lambda t: (t[0], t[2] == signal.SIGKILL)):
            if sid in self.workers:
                self.workers[sid].escalate(sig)

    def _abandon(self) -> None:
        """After an unexpected error on this thread: cancel every running group, then kill what stays."""
        for worker in self.workers.values():
            worker.interrupt("stackgraph failed")
        deadline = time.monotonic() + self.options.kill_grace_s
        for worker in self.workers.values():
            worker.join(max(0.0, deadline - time.monotonic()))
        for worker in self.workers.values():
            if worker.is_alive():
                worker.escalate(signal.SIGKILL)
                worker.join(5.0)

    def _critical_path(self) -> list[StackId]:
        """The chain of stacks that ran with the longest total duration."""
        ran = {s: r.duration_s for s, r in self.results.items() if r.duration_s is not None}
        if not ran:
            return []
        path = self.graph.subset(ran).critical_path({s: float(d) for s, d in ran.items()})
        return [s for s in path if s in ran]
