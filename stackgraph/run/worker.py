"""One thread per running stack: its steps in order, retries, and its log file.

The worker blocks in `Popen.wait()` (no polling, so a finished step is noticed at
once) and reports to the executor through the event queue. It never decides to
signal its process on its own: the executor's thread calls `interrupt` (SIGINT, for
Ctrl-C and timeouts) and `escalate` (SIGTERM, SIGKILL); the worker only ends what is
left of a step's session after its leader has exited. Each step's group is told to the
watchdog (run/watchdog.py) while it runs, so that it gets SIGINT should stackgraph be killed.
"""

from __future__ import annotations

import os
import shlex
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue
from typing import IO, Any

from stackgraph.results import Status, printable
from stackgraph.run import watchdog
from stackgraph.run.process import SpawnError, reap, signal_group, spawn
from stackgraph.run.types import Job, RunOptions, Step

TAIL_BYTES = 64 * 1024


@dataclass
class Outcome:
    """How a job ended, as the worker saw it."""

    status: Status
    error: str | None = None
    attempts: int = 0
    may_be_locked: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: str | None = None  # the digest of the stack's outputs, after it succeeded (Job.outputs)


class Worker(threading.Thread):
    """Run one job's steps; post `("step", ...)`, `("retry", ...)` and `("done", id, Outcome)` events."""

    def __init__(self, job: Job, log_path: Path, options: RunOptions, events: SimpleQueue[Any]) -> None:
        super().__init__(name=f"stackgraph-{job.id}", daemon=True)
        self.job = job
        self.log_path = log_path
        self.options = options
        self.events = events
        self._lock = threading.Lock()
        self._proc_pid: int | None = None
        self._cancel = threading.Event()
        self.cancel_reason: str | None = None
        self.escalated = False
        self.attempts = 0

    # Called from the executor's thread.
    def interrupt(self, reason: str) -> None:
        """Ask the job to stop: SIGINT to the running step's group, no further step or retry."""
        with self._lock:
            if self.cancel_reason is None:
                self.cancel_reason = reason
            self._cancel.set()
            pid = self._proc_pid
        if pid is not None:
            signal_group(pid, signal.SIGINT)

    def escalate(self, sig: signal.Signals) -> None:
        """Send SIGTERM or SIGKILL to the running step's group (after `interrupt`)."""
        with self._lock:
            pid = self._proc_pid
            if pid is not None:
                self.escalated = True
        if pid is not None:
            signal_group(pid, sig)

    # The thread.
    def run(self) -> None:
        try:
            outcome = self._run()
        except BaseException as exc:  # a worker must always report back
            self._note(f"internal error: {''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))}")
            outcome = Outcome(Status.FAILED, f"internal error: {type(exc).__name__}: {exc}", self.attempts)
        outcome.summary = self._summarize()
        if outcome.status is Status.SUCCEEDED:
            outcome.outputs = self._outputs()
        self.events.put(("done", self.job.id, outcome))

    def _run(self) -> Outcome:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        retries_left = self.options.retries
        with self.log_path.open("ab", buffering=0) as log:
            for step in self.job.steps:
                while True:
                    if self.cancel_reason is not None:
                        return self._cancelled(None)
                    self.attempts += 1
                    rc, error, tail = self._attempt(step, log)
                    if rc == 0:
                        refused = self._check(step)
                        if refused is not None:
                            return Outcome(Status.FAILED, refused, self.attempts)
                        break
                    if self.cancel_reason is not None:
                        return self._cancelled(rc)
                    reason = self._transient(tail) if retries_left > 0 and rc is not None else None
                    if reason is None:
                        return Outcome(Status.FAILED, error, self.attempts, _killed(rc))
                    retries_left -= 1
                    self._wait_retry(step, error, reason, self.options.retries - retries_left)
        if self.cancel_reason is not None:  # it ignored SIGINT and ended on its own after the timeout
            return self._cancelled(0)
        return Outcome(Status.SUCCEEDED, None, self.attempts)

    def _attempt(self, step: Step, log: IO[bytes]) -> tuple[int | None, str, str]:
        """Run one step once; return (exit code or None if it could not start, one-line error, output)."""
        self._note(f"step {step.name} (attempt {self.attempts}): {shlex.join(step.argv)}")
        start = os.fstat(log.fileno()).st_size
        began = time.monotonic()
        with self._lock:
            if self.cancel_reason is not None:
                return None, self.cancel_reason, ""
            try:
                proc = spawn(step, log)
            except SpawnError as exc:
                self._note(str(exc))
                return None, str(exc), ""
            self._proc_pid = proc.pid
        missing = watchdog.missing()
        if missing is not None:
            self._note(f"warning: {missing}")
        self.events.put(("step", self.job.id, step, self.attempts))
        rc = proc.wait()
        with self._lock:
            self._proc_pid = None
        tail = _read_tail(self.log_path, start)
        self._note(f"step {step.name} {_describe(rc)} after {time.monotonic() - began:.1f}s")
        leftover = reap(proc.pid, self.options.kill_grace_s)
        watchdog.forget(proc.pid)
        if leftover:
            self._note(leftover)
        if step.after is not None:
            try:
                step.after()
            except OSError as exc:  # its files stay as the process left them; the step's result stands
                self._note(f"step {step.name}: after it: {exc}")
        return rc, _error_line(step, rc, tail), tail

    def _check(self, step: Step) -> str | None:
        """The step's own check after it succeeded (see `Step.check`): why the job stops, or None."""
        if step.check is None:
            return None
        reason = step.check()
        if reason is not None:
            self._note(f"step {step.name}: {reason}")
        return reason

    def _transient(self, output: str) -> str | None:
        return self.job.transient(output) if self.job.transient is not None else None

    def _wait_retry(self, step: Step, error: str, reason: str, retry: int) -> None:
        """Wait before the `retry`-th retry (1-based) of the job; a cancel cuts the wait short."""
        delay = self.options.retry_backoff_s * 2 ** (retry - 1)
        self._note(f"{error}; transient ({reason}); retrying step {step.name} in {delay:g}s")
        self.events.put(("retry", self.job.id, self.attempts + 1, reason, delay))
        self._cancel.wait(delay)

    def _cancelled(self, rc: int | None) -> Outcome:
        reason = self.cancel_reason or "cancelled"
        self._note(f"cancelled: {reason}")
        return Outcome(Status.CANCELLED, reason, self.attempts, self.escalated or _killed(rc))

    def _summarize(self) -> dict[str, Any]:
        if self.job.summarize is None:
            return {}
        try:
            return dict(self.job.summarize(self.log_path))
        except Exception as exc:  # a broken summary must not fail the stack
            self._note(f"no summary: {type(exc).__name__}: {exc}")
            return {}

    def _outputs(self) -> str | None:
        if self.job.outputs is None:
            return None
        try:
            return self.job.outputs()
        except Exception as exc:  # unknown outputs only make --resume run its dependents again
            self._note(f"outputs not read: {type(exc).__name__}: {exc}")
            return None

    def _note(self, text: str) -> None:
        """Append a `# stackgraph` line to the stack's log."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        line = f"# stackgraph {stamp}Z {self.job.id}: {text}\n".encode("utf-8", "replace")
        try:
            with self.log_path.open("ab") as fh:
                fh.write(line)
        except OSError:
            pass


def _killed(rc: int | None) -> bool:
    """True when a signal other than SIGINT ended the process: it could not clean up (locks)."""
    return rc is not None and rc < 0 and rc != -signal.SIGINT


def _describe(rc: int) -> str:
    if rc < 0:
        try:
            return f"was killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"was killed by signal {-rc}"
    return f"exited with code {rc}"


def _error_line(step: Step, rc: int | None, tail: str) -> str:
    """One line: what ended the step and the last line it printed."""
    if rc is None:
        return tail or f"{step.name} could not start"
    last = next((text for ln in reversed(tail.split("\n")) if (text := printable(ln).strip())), "")
    if len(last) > 200:
        last = last[:197] + "..."
    head = f"{step.name} {_describe(rc)}"
    return f"{head}: {last}" if last else head


def _read_tail(path: Path, start: int) -> str:
    """The output of one attempt (its last 64 KiB), decoded leniently."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(start, size - TAIL_BYTES))
            data = fh.read()
    except OSError:
        return ""
    return data.decode("utf-8", "replace")
