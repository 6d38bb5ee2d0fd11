"""`up --plan DIR`: apply exactly what `preview --save-plan DIR` saved, or refuse before anything runs.

Refusals (exit 2, every difference named on its own line first): a bundle that is missing,
unreadable, of a newer schema, or from another repository; a selection that would choose or
order other stacks; a file that determines a stack changed, appeared or disappeared; a
stack's deployed state (or that of an upstream outside the selection) moved; a Pulumi
update plan of the bundle missing or changed.

Then each stack runs `pulumi up --plan <its update plan>`. A stack with an upstream in the
same plan (or without a Pulumi plan) is first previewed again, once its upstreams are
applied: the cascade rule (run/pulumi/approval.py, docs/deploying.md) decides whether it
proceeds with the new preview's update plan or stops (it fails, its dependents are skipped,
exit 1). Every stack's report summary says how what happened compares with what was approved.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.app.bundle import PLAN_FILE, read_bundle, update_plan_path
from stackgraph.app.saved_plan import determining_files, order_of, relative_to_root, selection_json
from stackgraph.errors import UsageError

if TYPE_CHECKING:
    from stackgraph.app.running import Confirm
    from stackgraph.app.settings import RunSettings, Say, Selection
    from stackgraph.model import Stack, StackId
    from stackgraph.results import RunResult
    from stackgraph.run.pulumi.engine import Engine
    from stackgraph.run.types import Job, RunContext

_PLAN_ERRORS = (
    ("violates plan", "the engine refused to go beyond the approved update plan"),
    ("is not allowed by the plan", "the engine refused an operation the approved update plan does not hold"),
    ("unknown flag: --plan", "this Pulumi CLI has no update plans (`up --plan`); use a Pulumi CLI of 3.x"),
)
SAVED_PLAN = "saved_plan"
"""The key of an applied stack's summary holding the digest of the bundle's plan.json."""
_PLAN_HINT = (
    "Pulumi's update plans are a preview feature with known false alarms (pulumi/pulumi#11587, #13765, "
    "#16670: a change of stack outputs only fails without a message)"
)


def apply_saved(
    path: Path,
    selection: Selection,
    settings: RunSettings,
    bundle: Path,
    *,
    create: bool,
    say: Say,
    confirm: Confirm | None = None,
) -> None:
    """Check the bundle against the repository and the backend, then deploy it; raise for exit 1/2/130."""
    from stackgraph.app.reports import check
    from stackgraph.app.running import run_stacks
    from stackgraph.app.settings import Selection

    if create:
        raise UsageError("--create-stacks does not go with --plan: a saved plan deploys the stacks it previewed")
    doc = read_bundle(bundle)
    bundle = bundle.resolve()
    recorded = _recorded_selection(doc, selection.verbose)
    given = selection_json(selection)
    if given not in (selection_json(Selection()), selection_json(recorded)):
        raise UsageError(
            f"{bundle}: the selection differs from the previewed one ({_selection_args(doc) or 'every stack'}); "
            "leave the selection options out (the saved plan has its own) or preview again"
        )
    result, _root = run_stacks(
        path,
        command="up",
        settings=settings,
        make_jobs=lambda ctx: _apply_jobs(ctx, doc, bundle, say),
        say=say,
        selection=recorded,
        confirm=confirm,
    )
    if not result.stacks and order_of(doc):
        raise UsageError(
            f"{bundle}: refusing to apply the saved plan: the selection would differ from the preview "
            f"(it chose {len(order_of(doc))} stack(s), now none); preview again"
        )
    _say_approval(result, say)
    check(result)


def _recorded_selection(doc: dict[str, Any], verbose: bool) -> Selection:
    from stackgraph.app.settings import Selection

    sel = doc.get("selection") or {}
    return Selection.of(
        select=sel.get("select") or None,
        exclude=sel.get("exclude") or None,
        changed_since=sel.get("changed_since"),
        no_dependents=bool(sel.get("no_dependents")),
        env=sel.get("env"),
        verbose=verbose,
        since_deployed=bool(sel.get("since_deployed")),
    )


def _selection_args(doc: dict[str, Any]) -> str:
    """The selection options of a saved plan as a user types them."""
    sel = doc.get("selection") or {}
    args: list[str] = []
    if sel.get("env"):
        args += ["--env", sel["env"]]
    for expr in sel.get("select") or []:
        args += ["--select", expr]
    for expr in sel.get("exclude") or []:
        args += ["--exclude", expr]
    if sel.get("changed_since"):
        args += ["--changed-since", sel["changed_since"]]
    if sel.get("since_deployed"):
        args.append("--since-deployed")
    if sel.get("no_dependents"):
        args.append("--no-dependents")
    return shlex.join(args)


def reapprove(doc: dict[str, Any], bundle: Path) -> str:
    """The two commands that approve the current changes again and apply them."""
    path = shlex.quote(str(doc.get("path") or "."))
    sel = _selection_args(doc)
    sel = f" {sel}" if sel else ""
    target = shlex.quote(str(bundle))
    preview = f"stackgraph preview {path}{sel} --save-plan {target}"
    return f"`{preview}`, review it, then `stackgraph up {path} --plan {target}`"


# --- the checks, before anything runs ---------------------------------------------------------------


def _apply_jobs(ctx: RunContext, doc: dict[str, Any], bundle: Path, say: Say) -> dict[StackId, Job]:
    """Refuse what differs from the preview (UsageError, exit 2); else one job per stack."""
    from stackgraph.discovery.stackfiles import file_digest
    from stackgraph.run import pulumi

    _check_repository(ctx, doc, bundle)
    # What the repository and the bundle tell first: a plan they show stale is refused without asking the backend
    # (every such difference is named; the deployed states are compared only when none is found).
    problems = [*_order_problems(ctx, doc), *_file_problems(ctx, doc, bundle), *_bundle_problems(doc, bundle)]
    if problems:
        _refuse(problems, doc, bundle, say)
    pulumi.make_jobs(ctx, pulumi.Operation.UP, say=say)  # the backend's checks: passphrase, missing stacks
    engine = pulumi.prepare(ctx.repo, ctx.plan.stack_ids)
    applied = file_digest(bundle / PLAN_FILE)  # kept in each stack's summary: a second apply names the first
    problems = _state_problems(ctx, doc, engine, applied)
    if problems:
        _refuse(problems, doc, bundle, say)
    by_id = ctx.repo.stack_by_id()
    return {sid: _job(ctx, engine, by_id[sid], doc, (bundle, applied)) for sid in ctx.plan.stack_ids}


def _refuse(problems: list[str], doc: dict[str, Any], bundle: Path, say: Say) -> None:
    """Say each difference on a line of its own, then raise the one-line UsageError (exit 2)."""
    for problem in problems:
        say(f"stackgraph: refused: {problem}")
    raise UsageError(
        f"{bundle}: refusing to apply the saved plan: {len(problems)} difference(s) since the preview, listed "
        f"above; nothing was deployed; approve the current state with {reapprove(doc, bundle)}"
    )


def _check_repository(ctx: RunContext, doc: dict[str, Any], bundle: Path) -> None:
    from stackgraph.discovery.stackfiles import git_facts

    repo = doc.get("repository") or {}
    first = git_facts(ctx.root).root_commit
    saved_first, saved_root = repo.get("first_commit"), repo.get("root")
    other = (saved_first != first) if (saved_first or first) else saved_root != str(ctx.root)
    if other:
        where = f"first commit {saved_first}" if saved_first else f"folder {saved_root}"
        raise UsageError(
            f"{bundle / 'plan.json'}: saved for another repository ({where}), not {ctx.root}; "
            "apply it where it was previewed, or preview here"
        )


def _order_problems(ctx: RunContext, doc: dict[str, Any]) -> list[str]:
    now = [list(level) for level in ctx.plan.levels]
    if now == doc.get("order"):
        return []
    then, current = set(order_of(doc)), set(ctx.plan.stack_ids)
    parts = [f"{len(then)} previewed, {len(current)} now"]
    if current - then:
        parts.append(f"now also {', '.join(sorted(current - then))}")
    if then - current:
        parts.append(f"no longer {', '.join(sorted(then - current))}")
    if current == then:
        parts.append("the same stacks in another order")
    return [f"the selection would differ from the preview: {'; '.join(parts)}"]


def _file_problems(ctx: RunContext, doc: dict[str, Any], bundle: Path) -> list[str]:
    from stackgraph.discovery.stackfiles import changed

    ids = [s for s in ctx.plan.stack_ids if s in doc["stacks"]]
    ignore = [p for p in (relative_to_root(ctx.root, bundle),) if p]
    now = determining_files(ctx, (doc.get("selection") or {}).get("env"), ids, ignore)
    out: list[str] = []
    for sid in ids:
        for path, what in changed(doc["stacks"][sid].get("files") or {}, now[sid]):
            out.append(f"{sid}: {path} {what} since the preview")
    return out


def _bundle_problems(doc: dict[str, Any], bundle: Path) -> list[str]:
    from stackgraph.discovery.stackfiles import MISSING, file_digest

    out: list[str] = []
    for sid in order_of(doc):
        entry = doc["stacks"].get(sid) or {}
        rel = entry.get("update_plan")
        if not rel:
            continue
        digest = file_digest(bundle / rel)
        if digest == MISSING:
            out.append(f"{sid}: {bundle / rel} is missing (its Pulumi update plan)")
        elif digest != entry.get("update_plan_digest"):
            out.append(f"{sid}: {bundle / rel} changed since the preview (its Pulumi update plan)")
    return out


def _state_problems(ctx: RunContext, doc: dict[str, Any], engine: Engine, applied: str) -> list[str]:
    """A line for each stack (or upstream outside the selection) whose deployed state changed since the plan was
    saved, saying what is known: a run of this repository's history applied this plan (`applied`: the digest
    of its plan.json) to it, or it was deployed or refreshed since."""
    from stackgraph.run.pulumi.versions import state_versions

    saved = {sid: (doc["stacks"][sid].get("state") or {}) for sid in ctx.plan.stack_ids if sid in doc["stacks"]}
    outside = {u: s for u, s in (doc.get("upstream_states") or {}).items() if u in ctx.repo.stack_by_id()}
    now = state_versions(engine, ctx.repo, [*saved, *outside])
    out: list[str] = []
    for sid, was in sorted({**saved, **outside}.items()):
        if sid in now and was.get("digest") != now[sid].digest:
            role = "" if sid in saved else " (an upstream outside the selection, read by the preview)"
            run = _applied_by(ctx.root, sid, applied) if sid in saved else None
            if run is not None:
                why = f"this saved plan was already applied to it by run {run} (a saved plan applies once)"
            elif sid in saved:
                why = "it was deployed or refreshed since (no run report here shows this plan applied to it)"
            else:
                why = "it was deployed or refreshed since"
            then = _describe_state(was)
            changed = f"its deployed state changed since the plan was saved (then {then}, now {now[sid].describe()})"
            out.append(f"{sid}{role}: {changed}: {why}")
    return out


def _applied_by(root: Path, sid: StackId, applied: str) -> str | None:
    """The id of the newest run of the history whose `up --plan` of the bundle `applied` (the digest of its
    plan.json) succeeded for `sid` (None: none there)."""
    from stackgraph.run.history import applied_runs

    for run, report in applied_runs(root):
        for stack in report.get("stacks") or []:
            ok = isinstance(stack, dict) and stack.get("id") == sid and stack.get("status") == "succeeded"
            if ok and (stack.get("summary") or {}).get(SAVED_PLAN) == applied:
                return run
    return None


def _describe_state(was: dict[str, Any]) -> str:
    from stackgraph.run.pulumi.versions import StateVersion

    return StateVersion(was.get("version"), was.get("last_update"), str(was.get("digest"))).describe()


# --- the jobs -----------------------------------------------------------------------------------------


def _job(ctx: RunContext, engine: Engine, stack: Stack, doc: dict[str, Any], saved: tuple[Path, str]) -> Job:
    """`up --plan`; with a preview first (the cascade rule) when an upstream is in the plan or no plan was saved.
    `saved`: the bundle and the digest of its plan.json (in the summary as `saved_plan`)."""
    from stackgraph.run import pulumi
    from stackgraph.run.pulumi.approval import change_map
    from stackgraph.run.pulumi.jobs import events_file, exit_0_errors, make_step
    from stackgraph.run.types import Job

    bundle, applied = saved
    entry = doc["stacks"][stack.id]
    approved = change_map(entry.get("resources") or [])
    saved_plan = entry.get("update_plan")
    cascade = bool(entry.get("upstreams_in_plan")) or not saved_plan
    seen: dict[str, Any] = {}
    steps = []
    if cascade:
        fresh = ctx.log_dir / "plans" / update_plan_path(stack.id)
        fresh.parent.mkdir(parents=True, exist_ok=True)
        again = events_file(ctx.log_dir, stack, ".repreview")
        check = _rechecker(stack.id, approved, again, seen, doc, bundle)
        extra = ("--save-plan", str(fresh)) if saved_plan else ()
        steps.append(
            make_step(
                engine, stack, pulumi.Operation.PREVIEW, events_dir=ctx.log_dir, extra=extra, suffix=".repreview",
                check=check,
            )
        )  # fmt: skip
        plan_args = ("--plan", str(fresh)) if saved_plan else ()
    else:
        plan_args = ("--plan", str(bundle / saved_plan))
    up = make_step(engine, stack, pulumi.Operation.UP, events_dir=ctx.log_dir, extra=plan_args)
    steps.append(up)
    up_events = events_file(ctx.log_dir, stack)
    return Job(
        stack.id,
        tuple(steps),
        transient=pulumi.transient,
        summarize=lambda log: (
            applied_summary(up_events, log, approved, seen, cascade=cascade, exit_0_errors=exit_0_errors(up))
            | {SAVED_PLAN: applied}
        ),
        recovery=pulumi.recovery(engine, stack),
    )


def _rechecker(
    sid: StackId, approved: dict[str, str], events: Path, seen: dict[str, Any], doc: dict[str, Any], bundle: Path
) -> Any:
    """The check after a dependent's new preview: None to proceed, else why it stops (the cascade rule)."""
    from stackgraph.run.pulumi.approval import change_map, describe, new_operations
    from stackgraph.run.pulumi.events import resource_changes

    def check() -> str | None:
        proposed = change_map({"urn": c.urn, "op": c.op} for c in resource_changes(events))
        extra = new_operations(approved, proposed)
        seen["repreview"] = proposed
        if not extra:
            return None
        seen["unapproved"] = [describe(*e) for e in extra]
        return (
            f"stopped: previewed again after its upstreams were applied, it adds {len(extra)} operation(s) that "
            f"were not approved: {'; '.join(seen['unapproved'])}; nothing was applied to {sid}; to approve them, "
            f"run {reapprove(doc, bundle)}"
        )

    return check


def applied_summary(
    events: Path,
    log: Path,
    approved: dict[str, str],
    seen: dict[str, Any],
    *,
    cascade: bool,
    exit_0_errors: int = 0,
) -> dict[str, Any]:
    """The stack's report summary: the engine's (from the `up` event log `events`), how the update compares
    with the `approved` operations (URN -> op), and plan errors named with their known causes. `seen`
    holds what the new preview's check found (`unapproved`: the stack stopped before its update).
    `exit_0_errors`: see `summarize`."""
    from stackgraph.run.pulumi import summarize
    from stackgraph.run.pulumi.approval import change_map, compare_applied
    from stackgraph.run.pulumi.events import resource_changes

    summary = summarize(events, log, exit_0_errors=exit_0_errors)
    if "unapproved" in seen:
        summary.update(approval="stopped", unapproved=seen["unapproved"])
        return summary
    if cascade:
        summary["previewed_again"] = True
    error = summary.get("engine_error")
    if isinstance(error, str):
        known = next((why for words, why in _PLAN_ERRORS if words in error), None)
        if known:
            summary["engine_error"] = f"{known}: {error} ({_PLAN_HINT})"
    elif summary.get("result") == "failed":
        summary["engine_error"] = f"the engine failed without saying why ({_PLAN_HINT})"
    if events.is_file() and summary.get("result") == "succeeded":
        applied = change_map({"urn": c.urn, "op": c.op} for c in resource_changes(events))
        summary.update(compare_applied(approved, applied))
    return summary


def _say_approval(result: RunResult, say: Say) -> None:
    """One line per stack that ran: how what happened compares with what was approved."""
    words = {
        "matched": "applied exactly what was approved",
        "less": "applied less than was approved (some approved changes were no longer needed)",
        "more": "applied MORE than was approved",
        "stopped": "stopped before applying: new operations not approved",
    }
    for stack in result.stacks:
        verdict = stack.summary.get("approval")
        if verdict in words:
            extra = stack.summary.get("unapproved") or []
            tail = f": {'; '.join(extra)}" if extra and verdict == "more" else ""
            say(f"stackgraph: {stack.id}: {words[verdict]}{tail}")
