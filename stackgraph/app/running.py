"""Run a plan: the flow behind `up`, `preview`, `refresh`, `destroy` and `run`.

scan -> graph -> plan (with the command's selection) -> jobs (from the command's job
factory) -> execute (with the live display or plain lines) -> summary -> run report,
history and JUnit -> exit code. A command only supplies what differs: its name, its
direction, and a `JobFactory` (run/types.py) that turns the planned stacks into
`Job`s (and may refuse with a `StackgraphError`, e.g. a stack missing in the
backend, before anything runs).

Exit: `run_command` returns normally when every selected stack succeeded; raises
`DeploymentFailed` (exit 1) when any stack failed, was cancelled by a timeout, or was
skipped or not started because of that; raises `Interrupted` (exit 130) after
SIGINT/SIGTERM.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.app.choose import choose
from stackgraph.app.contracts import gate
from stackgraph.app.inputs import stack_inputs
from stackgraph.app.load import load_scanned, locate, refuse_without_stacks
from stackgraph.app.reports import check, write_reports
from stackgraph.app.resume import Fingerprints, Previous, previous_run
from stackgraph.app.settings import Say
from stackgraph.errors import Cancelled, UsageError
from stackgraph.results import RunResult
from stackgraph.statedir import location, state_dir, writable_state_dir

if TYPE_CHECKING:
    from stackgraph.app.ci_output import RunFacts
    from stackgraph.app.settings import RunSettings, Selection
    from stackgraph.ci.output import CiSystem
    from stackgraph.discovery.scan import ScanInputs
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo, StackId
    from stackgraph.plan import Plan
    from stackgraph.run.executor import Observer
    from stackgraph.run.types import JobFactory, RunContext, RunOptions

DRY_RUN_ID = "RUN-ID"
"""Stands for the run id in what `--dry-run` shows (a real run gets a new one), so its output is deterministic."""

Confirm = Callable[[str], bool]
"""Ask the user a yes/no question (the CLI's prompt); True to go on. None: never ask."""


def run_command(
    path: Path,
    *,
    command: str,
    settings: RunSettings,
    make_jobs: JobFactory,
    say: Say,
    destroy: bool = False,
    selection: Selection | None = None,
    observer: Observer | None = None,
    confirm: Confirm | None = None,
    show: Say | None = None,
) -> RunResult:
    """Run `command` over the stacks of `path`; say the summary; write reports; raise for exit 1/130."""
    result, _root = run_stacks(
        path,
        command=command,
        settings=settings,
        make_jobs=make_jobs,
        say=say,
        destroy=destroy,
        selection=selection,
        observer=observer,
        confirm=confirm,
        show=show,
    )
    check(result)
    return result


def run_stacks(
    path: Path,
    *,
    command: str,
    settings: RunSettings,
    make_jobs: JobFactory,
    say: Say,
    destroy: bool = False,
    selection: Selection | None = None,
    observer: Observer | None = None,
    confirm: Confirm | None = None,
    show: Say | None = None,
) -> tuple[RunResult, Path]:
    """Everything `run_command` does except the exit decision; return the result and the scanned root."""
    from stackgraph.app.ci_output import RunFacts, after_run, ci_system
    from stackgraph.plan import Direction, make_plan

    settings.validated()
    ci = ci_system(settings)
    root, scope = locate(path, say)
    if not settings.dry_run:  # a dry run writes nothing, so it works in a read-only checkout
        writable_state_dir(root)  # before anything runs: a read-only checkout is one line, exit 2
    previous = _previous(root, command, settings)
    repo, full, scanned = load_scanned(
        root,
        say,
        selection.env if selection else None,
        verbose=bool(selection and selection.verbose),
        deploying=command != "run",
        with_state=selection.state_needed(scope, dependents=command == "destroy") if selection else None,
    )
    if scope is not None:
        from stackgraph.app.settings import Selection

        selection = (selection or Selection()).within(scope)
    root = Path(repo.root)
    chosen = choose(repo, full, selection, say) if selection else None
    contracts = gate(repo, chosen.ids if chosen else None, say, strict=settings.strict_contracts)  # before any run
    plan = make_plan(
        repo, full, chosen.ids if chosen else None, direction=Direction.DESTROY if destroy else Direction.UP
    )
    noted = replace(repo, diagnostics=repo.diagnostics + contracts) if contracts else repo  # CI annotations
    facts = RunFacts(path, root, noted, full, plan.graph.edges(), chosen.why if chosen and chosen.ids else {})
    if not plan.stack_ids:
        if selection is not None and selection.from_changes:
            since = selection.changed_since or ("its last deployment" if selection.since_deployed else None)
            result = _nothing_changed(command, settings, root, since, say)
            after_run(result, facts, ci=ci, settings=settings, selection=selection, say=say)
            return result, root
        refuse_without_stacks(path, repo)  # no stack file at all: names --env, as plan does
        raise UsageError(f"{path}: no stack to {command}; check the path and the selection")
    result = execute_plan(
        root, repo, full, plan, command=command, settings=settings, make_jobs=make_jobs, say=say, destroy=destroy,
        observer=observer, facts=facts, selection=selection, ci=ci, confirm=confirm, show=show,
        scanned=scanned, previous=previous,
    )  # fmt: skip
    return result, root


def execute_plan(
    root: Path,
    repo: Repo,
    full: StackGraph,
    plan: Plan,
    *,
    command: str,
    settings: RunSettings,
    make_jobs: JobFactory,
    say: Say,
    destroy: bool = False,
    observer: Observer | None = None,
    facts: RunFacts | None = None,
    selection: Selection | None = None,
    ci: CiSystem | None = None,
    confirm: Confirm | None = None,
    show: Say | None = None,
    scanned: ScanInputs | None = None,
    previous: Previous | None = None,
) -> RunResult:
    """Run a plan already made (jobs, executor, display, summary, reports, CI output); no exit decision.

    For callers that plan their own stacks (`env up`/`env down`); `run_stacks` plans from a selection.
    With `scanned` (what the scan read), each stack's inputs are recorded in the report; with `previous`
    too, `--resume` passes over the stacks that succeeded there and are unchanged (app/resume.py).
    """
    from stackgraph.app.ci_output import RunFacts, after_run, ci_display, ci_system
    from stackgraph.render.run_summary import render_summary
    from stackgraph.run import display, history
    from stackgraph.run.executor import execute, new_run_id
    from stackgraph.run.types import RunContext

    if previous is None:
        settings.not_resumed(command)  # a caller that resumes passes the run it resumes
    ci = ci_system(settings) if ci is None else ci
    facts = facts or RunFacts(root, root, repo, full, plan.graph.edges(), {})
    graph = plan.graph.reversed() if destroy else plan.graph
    run_id = new_run_id()
    options = replace(settings.options(), pools=_pools(repo, full))  # a wrong pool is refused before anything runs
    if settings.dry_run:
        ctx = RunContext(root, repo, full, plan, graph, command, run_id, location(root) / "logs" / DRY_RUN_ID)
        return _dry_run(ctx, make_jobs, settings, show or say, options)
    _confirm(command, repo, plan.stack_ids, confirm, say)
    log_root = state_dir(root) / "logs"
    ctx = RunContext(root, repo, full, plan, graph, command, run_id, log_root / run_id)
    jobs = dict(make_jobs(ctx))
    inputs = stack_inputs(repo, scanned, plan.stack_ids) if scanned is not None else {}
    prints = Fingerprints(root, full, inputs, ctx.outputs, previous, say, upstreams=command != "destroy")
    prints.announce()
    weights = history.weights_for(graph.nodes, history.load_durations(root, command))
    shown = observer or ci_display(ci, root) or display.make_display(root=root)
    try:
        result = execute(
            graph,
            jobs,
            options,
            command=command,
            log_root=log_root,
            observer=shown,
            weights=weights,
            run_id=run_id,
            passes=prints.passes,
        )
    finally:
        if isinstance(shown, display.PlainDisplay):
            shown.close()
    prints.attach(result)
    say(render_summary(result, root=root).removesuffix("\n"))
    write_reports(result, root, settings, say)
    logs = {sid: step.event_log for sid, job in jobs.items() for step in job.steps if step.event_log is not None}
    after_run(result, replace(facts, event_logs=logs), ci=ci, settings=settings, selection=selection, say=say)
    return result


def _pools(repo: Repo, full: StackGraph) -> tuple[tuple[str, int, frozenset[StackId]], ...]:
    """The pools of the repository's stackgraph.yaml, each with its stacks (InputError: a selector is wrong)."""
    from stackgraph.config import load_settings
    from stackgraph.graph.select import pool_members

    return pool_members(repo, full, load_settings(Path(repo.root)))


def _confirm(command: str, repo: Repo, ids: list[StackId], confirm: Confirm | None, say: Say) -> None:
    """Ask before a destroy or an up of protected stacks, when `confirm` may ask; raise Cancelled on no."""
    from stackgraph.app.safety import needs_confirmation, plan_lines, question

    if confirm is None or not needs_confirmation(command, repo, ids):
        return
    for line in plan_lines(command, repo, ids):
        say(line)
    if not confirm(question(command, len(ids))):
        raise Cancelled(f"cancelled, nothing ran: {command} of {len(ids)} stack(s) not confirmed")


def _dry_run(
    ctx: RunContext, make_jobs: JobFactory, settings: RunSettings, show: Say, options: RunOptions
) -> RunResult:
    """Show what would run, in order, and run nothing: no process, no log, no report."""
    from stackgraph.app.safety import dry_run_text
    from stackgraph.run.executor import new_run_id

    jobs = make_jobs(ctx)
    show(dry_run_text(ctx.command, ctx.root, ctx.plan.stack_ids, jobs).removesuffix("\n"))
    ids = set(ctx.plan.stack_ids)
    for name, limit, members in options.pools:
        if members & ids:
            show(f"pool {name}: at most {limit} at a time of {', '.join(sorted(members & ids))}")
    now = time.time()
    return RunResult(ctx.command, now, now, settings.parallelism, [], run_id=new_run_id())


def check_state_folder(path: Path) -> None:
    """Raise UsageError when the state folder of the repository at `path` cannot be written (see statedir.py).

    For a command that says something before `run_stacks` (preview's caveat): the refusal is then the one line.
    A `path` that is no folder is left to `run_stacks` to refuse.
    """
    from stackgraph.discovery.rootfind import locate as find

    if path.is_dir():
        writable_state_dir(find(path).root)


def _previous(root: Path, command: str, settings: RunSettings) -> Previous | None:
    """The run `--resume` continues (None without it); raises UsageError (preview, bad input: app/resume.py)."""
    if settings.resume is None:
        return None
    if command == "preview":
        raise UsageError("--resume: preview deploys nothing to resume; use it with up, refresh, destroy or run")
    return previous_run(root, command, settings.resume)


def _nothing_changed(command: str, settings: RunSettings, root: Path, ref: str | None, say: Say) -> RunResult:
    """No stack changed since the ref: say so, write the (empty) reports, succeed."""
    from stackgraph.run.executor import new_run_id

    since = f" since {ref}" if ref else ""
    say(f"stackgraph: no stack changed{since}; nothing to {command}")
    now = time.time()
    result = RunResult(command, now, now, settings.parallelism, [], run_id=new_run_id())
    write_reports(result, root, settings, say)
    return result
