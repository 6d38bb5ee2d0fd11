"""The shared runner behind `up`, `preview`, `refresh`, `destroy` and `run`.

scan -> graph -> plan (with the command's selection) -> jobs (from the command's job
factory) -> execute (with the live display or plain lines) -> summary -> run report,
history and JUnit -> exit code. A command only supplies what differs: its name, its
direction, and a `JobFactory` that turns the planned stacks into `Job`s (and may refuse
with a `StackgraphError`, e.g. a stack missing in the backend, before anything runs).

Exit: returns normally when every selected stack succeeded; raises `DeploymentFailed`
(exit 1) when any stack failed, was cancelled by a timeout, or was skipped or not
started because of that; raises `Interrupted` (exit 130) after SIGINT/SIGTERM.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stackgraph.errors import DeploymentFailed, Interrupted, UsageError
from stackgraph.graph.dag import StackGraph
from stackgraph.model import Repo, StackId
from stackgraph.plan import Direction, Plan, make_plan
from stackgraph.run.executor import Observer, execute, new_run_id
from stackgraph.run.scheduler import STRATEGIES
from stackgraph.run.types import Job, RunOptions, RunResult, Status
from stackgraph.statedir import state_dir

STATE_DIR = ".stackgraph"


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


JobFactory = Callable[[RunContext], Mapping[StackId, Job]]


class Selector(Protocol):
    """Chooses the stacks to run (None: every stack); cli/selection.py's StackSelector is one."""

    @property
    def env(self) -> str | None: ...  # also names the stacks made for projects without stack files

    @property
    def changed_since(self) -> str | None: ...

    @property
    def from_changes(self) -> bool: ...  # chosen by change detection: empty means nothing changed

    def __call__(self, repo: Repo, graph: StackGraph) -> frozenset[StackId] | None: ...


@dataclass(frozen=True)
class RunSettings:
    """The shared options of every running command (cli/options.py), validated."""

    options: RunOptions
    report: Path | None = None
    junit: Path | None = None


def run_settings(
    *,
    parallelism: int = 4,
    strategy: str = "eager",
    fail_fast: bool = False,
    timeout: float | None = None,
    retries: int = 0,
    kill_grace: float = 10.0,
    report: Path | None = None,
    junit: Path | None = None,
) -> RunSettings:
    """Check the shared options; raises UsageError with one line naming the option."""
    if parallelism < 1:
        raise UsageError(f"--parallelism {parallelism}: run at least 1 stack at a time")
    if strategy not in STRATEGIES:
        raise UsageError(f"--strategy {strategy}: choose {' or '.join(STRATEGIES)}")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"--timeout {timeout:g}: give a number of seconds above 0")
    if retries < 0:
        raise UsageError(f"--retries {retries}: give 0 or more")
    if kill_grace < 0:
        raise UsageError(f"--kill-grace {kill_grace:g}: give 0 or more seconds")
    for flag, path in (("--report", report), ("--junit", junit)):
        if path is not None and not path.parent.is_dir():
            raise UsageError(f"{flag} {path}: the folder {path.parent} does not exist")
    opts = RunOptions(parallelism, strategy, fail_fast, timeout, retries, kill_grace_s=kill_grace)
    return RunSettings(opts, report, junit)


def run_command(
    path: Path,
    *,
    command: str,
    settings: RunSettings,
    make_jobs: JobFactory,
    direction: Direction = Direction.UP,
    select: Selector | None = None,
    observer: Observer | None = None,
) -> RunResult:
    """Run `command` over the stacks of `path`; print the summary; write reports; raise for exit 1/130."""
    result, _root = run_stacks(
        path,
        command=command,
        settings=settings,
        make_jobs=make_jobs,
        direction=direction,
        select=select,
        observer=observer,
    )
    check(result)
    return result


def run_stacks(
    path: Path,
    *,
    command: str,
    settings: RunSettings,
    make_jobs: JobFactory,
    direction: Direction = Direction.UP,
    select: Selector | None = None,
    observer: Observer | None = None,
) -> tuple[RunResult, Path]:
    """Everything `run_command` does except the exit decision; returns the result and the scanned root."""
    from stackgraph.discovery.scan import scan  # noqa: PLC0415 - the CLI imports this lazily
    from stackgraph.graph.build import build_graph  # noqa: PLC0415
    from stackgraph.run import display, report  # noqa: PLC0415

    repo = scan(path, env=select.env if select else None)
    root = Path(repo.root)
    full = build_graph(repo)
    _warn(repo)
    plan = make_plan(repo, full, select(repo, full) if select else None, direction=direction)
    if not plan.stack_ids:
        if select is not None and select.from_changes:
            return _nothing_changed(command, settings, root, select.changed_since), root
        raise UsageError(f"{path}: no stack to {command}; check the path and the selection")
    graph = plan.graph if direction is Direction.UP else plan.graph.reversed()
    run_id = new_run_id()
    log_root = state_dir(root) / "logs"
    ctx = RunContext(root, repo, full, plan, graph, command, run_id, log_root / run_id)
    jobs = dict(make_jobs(ctx))
    weights = report.weights_for(graph.nodes, report.load_durations(root, command))
    shown = observer or display.make_display(root=root)
    try:
        result = execute(
            graph,
            jobs,
            settings.options,
            command=command,
            log_root=log_root,
            observer=shown,
            weights=weights,
            run_id=run_id,
        )
    finally:
        if isinstance(shown, display.PlainDisplay):
            shown.close()
    sys.stderr.write(display.render_summary(result, root=root))
    _write_reports(result, root, settings)
    return result, root


def _nothing_changed(command: str, settings: RunSettings, root: Path, ref: str | None) -> RunResult:
    """No stack changed since the ref: say so, write the (empty) reports, succeed."""
    since = f" since {ref}" if ref else ""
    _eprint(f"stackgraph: no stack changed{since}; nothing to {command}")
    now = time.time()
    result = RunResult(command, now, now, settings.options.parallelism, [], run_id=new_run_id())
    _write_reports(result, root, settings)
    return result


def _write_reports(result: RunResult, root: Path, settings: RunSettings) -> None:
    from stackgraph.render.junit import render_junit  # noqa: PLC0415
    from stackgraph.run import report  # noqa: PLC0415

    try:
        report.save_history(result, root)
    except OSError as exc:
        _eprint(f"stackgraph: warning: cannot save the run in {root / STATE_DIR / 'runs'}: {exc.strerror}")
    report.prune_runs(root, report.keep_runs(), result.run_id)
    outputs = [(settings.report, report.render_report), (settings.junit, render_junit)]
    for target, render in outputs:
        if target is None:
            continue
        try:
            report.write_atomic(target, render(result, root=root))
        except OSError as exc:
            raise UsageError(f"{target}: cannot write: {exc.strerror}; the run itself is over") from None
        _eprint(f"stackgraph: wrote {target}")


def check(result: RunResult) -> None:
    """Raise `Interrupted` (130) or `DeploymentFailed` (1) unless every stack succeeded."""
    counts = {st: sum(1 for s in result.stacks if s.status is st) for st in Status}
    if result.interrupted:
        raise Interrupted(
            f"interrupted: {counts[Status.CANCELLED]} stack(s) cancelled, {counts[Status.NOT_STARTED]} not started"
        )
    if not result.ok:
        parts = [
            f"{counts[st]} {st.value.replace('-', ' ')}"
            for st in (Status.FAILED, Status.CANCELLED, Status.SKIPPED, Status.NOT_STARTED)
            if counts[st]
        ]
        raise DeploymentFailed(f"{result.command} did not succeed: {', '.join(parts)} (see the summary above)")


def _warn(repo: Repo) -> None:
    from stackgraph.render.diagnostics import diagnostic_lines  # noqa: PLC0415

    for line in diagnostic_lines(repo.diagnostics):
        _eprint(line)


def _eprint(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
