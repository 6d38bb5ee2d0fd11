"""Fingerprints of a run, and `--resume`: pass over the stacks that succeeded before and are unchanged.

Every run records, per stack, what it ran with (`Inputs`: the digests of its project's files, its
stack file, and each upstream's outputs as they were when it started; app/inputs.py) and, after it
succeeded, the digest of its outputs. `--resume` reads the report of an earlier run of the same
command and passes over a stack when it succeeded there (or was itself passed over) and every one
of those digests is the same now; any other stack runs, in order. Upstream outputs are compared
when the stack is about to start, so a stack runs again when an upstream that ran before it in
this run changed its outputs, and is passed over when the upstream ran again with the same ones.
`destroy` reads no output (the engine does not run the program), and the run it resumes destroyed
upstreams after their dependents: its stacks are compared on their own files only.

An upstream's outputs now: its digest from this run when it succeeded in it; else as the job
factory reads them (`RunContext.outputs`: the Pulumi adapter asks `pulumi stack output --json`,
secrets as "[secret]"), else the newest digest in the run history. Only digests, never values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stackgraph.errors import StackgraphError
from stackgraph.model import StackId
from stackgraph.results import RESUMED, Inputs, RunResult, StackResult, Status

if TYPE_CHECKING:
    from pathlib import Path

    from stackgraph.app.inputs import StackInputs
    from stackgraph.app.settings import Say
    from stackgraph.graph.dag import StackGraph
    from stackgraph.run.types import OutputsSource


@dataclass(frozen=True)
class Recorded:
    """A stack that succeeded in the resumed run (or was passed over in it): what it ran with."""

    origin: str  # the run it succeeded in
    inputs: Mapping[str, Any] | None  # the report's `inputs` (None: the report has none)
    outputs: str | None


@dataclass(frozen=True)
class Previous:
    """The run `--resume` continues."""

    run_id: str
    succeeded: dict[StackId, Recorded]
    stacks: frozenset[StackId]  # every stack of that run
    since: dict[StackId, str] = field(default_factory=dict)  # ran in a later run and did not succeed: how

    @property
    def complete(self) -> bool:
        """Whether every stack of that run succeeded."""
        return self.stacks == frozenset(self.succeeded)


def previous_run(root: Path, command: str, run_id: str | None) -> Previous:
    """The run to resume (`run_id`, or the newest of `command`); raises UsageError (see history.find_run)."""
    from stackgraph.run import history

    found, data = history.find_run(root, command, None if run_id in (None, "last") else run_id)
    succeeded: dict[StackId, Recorded] = {}
    stacks = {sid for sid, _ in _entries(data)}
    for sid, s in _entries(data):
        resumed = s.get("status") == "skipped" and s.get("cause") == RESUMED
        if s.get("status") == "succeeded" or resumed:
            succeeded[sid] = _recorded(s, str(s.get("resumed_from") or found) if resumed else found)
    previous = Previous(found, succeeded, frozenset(stacks))
    for later, report in history.later_runs(root, found):
        _supersede(previous, command, later, report)
    return previous


def _entries(data: Mapping[str, Any]) -> list[tuple[StackId, Mapping[str, Any]]]:
    stacks = data.get("stacks")
    rows = stacks if isinstance(stacks, list) else []
    return [(StackId(s["id"]), s) for s in rows if isinstance(s, dict) and isinstance(s.get("id"), str)]


def _recorded(s: Mapping[str, Any], origin: str) -> Recorded:
    inputs = s.get("inputs") if isinstance(s.get("inputs"), dict) else None
    outputs = s.get("outputs") if isinstance(s.get("outputs"), str) else None
    return Recorded(origin, inputs, outputs)


def _supersede(previous: Previous, command: str, run_id: str, report: Mapping[str, Any]) -> None:
    """A later run that ran a stack decides for it: its success (of the same command) is the one to keep;
    anything else it did (a failure, another command such as destroy) means the stack must run again."""
    other = str(report.get("command"))
    if other == "preview":
        return  # changes nothing
    for sid, s in _entries(report):
        status = s.get("status")
        if status not in ("succeeded", "failed", "cancelled"):
            continue
        if other == command and status == "succeeded":
            previous.succeeded[sid] = _recorded(s, run_id)
            previous.since.pop(sid, None)
        elif sid in previous.succeeded or sid in previous.since:
            previous.succeeded.pop(sid, None)
            previous.since[sid] = f"it ran in the later run {run_id} ({other}: {status})"


class Fingerprints:
    """What each stack of one run starts with, and (with `previous`) whether `--resume` passes over it.

    A stack without `inputs` is neither recorded nor passed over. `passes` is the executor's hook
    (run/executor.py `Passes`), called on its thread; it never raises for a backend that cannot be
    asked (the outputs are then unknown, and an unknown digest that was known before is a change:
    the stack runs).
    """

    def __init__(
        self,
        root: Path,
        full: StackGraph,
        inputs: Mapping[StackId, StackInputs],
        source: OutputsSource,
        previous: Previous | None,
        say: Say,
        *,
        upstreams: bool = True,
    ) -> None:
        self.root = root
        self.upstreams = upstreams  # False for destroy: `pulumi destroy` runs no program, reads no output
        self.full = full
        self.inputs = inputs
        self.source = source
        self.previous = previous
        self.say = say
        self.started: dict[StackId, Inputs] = {}
        self._read: dict[StackId, str | None] = {}
        self._known: dict[StackId, str] | None = None

    def announce(self) -> None:
        """Say which run `--resume` continues and what it passes over (nothing without `--resume`)."""
        previous = self.previous
        if previous is None:
            return
        if previous.complete:
            self.say(
                f"stackgraph: --resume {previous.run_id}: every stack succeeded in that run; only those whose "
                "inputs changed since run again"
            )
            return
        self.say(
            f"stackgraph: --resume {previous.run_id}: {len(previous.succeeded)} of its {len(previous.stacks)} "
            "stack(s) succeeded; those whose inputs are unchanged are skipped, the rest run in order"
        )

    def passes(self, sid: StackId, results: Mapping[StackId, StackResult]) -> str | None:
        """Record what `sid` starts with; the run it succeeded in when `--resume` passes over it, else None."""
        own = self.inputs.get(sid)
        if own is None:
            return None  # not digested (a caller without the scan's files): recorded as nothing, never passed over
        deps = sorted(self.full.dependencies(sid)) if self.upstreams else []
        ups = tuple((u, self.outputs_now(u, results)) for u in deps)
        now = Inputs(own.project, own.stack_file, ups)
        self.started[sid] = now
        if self.previous is None:
            return None
        before = self.previous.succeeded.get(sid)
        if before is None:
            if sid in self.previous.since:
                self.say(f"stackgraph: --resume: {sid} runs again: {self.previous.since[sid]}")
            return None
        why = changed(before, now, upstreams=self.upstreams)
        if why is None:
            return before.origin
        self.say(f"stackgraph: --resume: {sid} runs again: {why} since {before.origin}")
        return None

    def outputs_now(self, sid: StackId, results: Mapping[StackId, StackResult]) -> str | None:
        """The digest of a stack's outputs now (see the module's docstring); each read at most once."""
        result = results.get(sid)
        if result is not None and result.status is Status.SUCCEEDED:
            return result.outputs
        if sid not in self._read:
            self._read[sid] = self._ask(sid) or self._recorded(sid)
        return self._read[sid]

    def _ask(self, sid: StackId) -> str | None:
        if self.source.read is None:
            return None
        try:
            return self.source.read(sid)
        except StackgraphError:
            return None

    def _recorded(self, sid: StackId) -> str | None:
        if self.previous is not None and sid in self.previous.succeeded:
            recorded = self.previous.succeeded[sid].outputs
            if recorded is not None:
                return recorded
        if self._known is None:
            from stackgraph.run import history

            self._known = history.known_outputs(self.root)
        return self._known.get(sid)

    def attach(self, result: RunResult) -> None:
        """Put what each stack started with in its result; a passed-over stack keeps its outputs from before."""
        for s in result.stacks:
            s.inputs = self.started.get(s.id)
            if s.resumed is not None and s.outputs is None:
                s.outputs = self._read.get(s.id) or self._recorded(s.id)
        if self.previous is not None:
            result.resumed_from = self.previous.run_id


def changed(before: Recorded, now: Inputs, *, upstreams: bool = True) -> str | None:
    """Why a stack's inputs are not the ones it succeeded with (one phrase), or None when they are.

    `upstreams` False (destroy): the upstreams' outputs are not compared. A destroy reads none, and the
    run that is resumed destroyed some of them after their dependents: their outputs are gone since.
    """
    if before.inputs is None:
        return "its inputs were not recorded"
    if before.inputs.get("project") != now.project:
        return "its project's files changed"
    if before.inputs.get("stack_file") != now.stack_file:
        return "its stack file changed"
    if not upstreams:
        return None
    ups = before.inputs.get("upstreams")
    was = dict(ups) if isinstance(ups, dict) else {}
    is_ = dict(now.upstreams)
    if set(was) != set(is_):
        return "its upstream stacks changed"
    moved = sorted(u for u in is_ if is_[u] != was[u])
    if moved:
        return f"the outputs of {', '.join(moved)} changed"
    return None
