"""Jobs for the executor: one `pulumi <op>` process per stack, its retry classifier, summary and recovery.

`make_jobs` is the job factory of `up`, `preview`, `refresh` and `destroy`: it checks the
backend first (missing stacks, destroy safety) so that nothing has run when it raises.
"""

from __future__ import annotations

import enum
import json
import os
import re
import shlex
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.cache.fingerprint import outputs_digest
from stackgraph.errors import UsageError
from stackgraph.graph.dag import StackGraph
from stackgraph.model import EdgeKind, Repo, Stack, StackId, path_segment
from stackgraph.run.private import private_folder
from stackgraph.run.pulumi.backend import StackState, create_stacks, missing_error, outputs, stack_states
from stackgraph.run.pulumi.engine import EMBEDDED_PASSPHRASE, Engine, find_pulumi, prepare, validate_names
from stackgraph.run.pulumi.reported import exited_0_text, reported_errors
from stackgraph.run.types import Job, Step

if TYPE_CHECKING:
    from stackgraph.run.types import RunContext


class Operation(str, enum.Enum):
    """What to do to each stack; `value` is the Pulumi command."""

    UP = "up"
    PREVIEW = "preview"
    REFRESH = "refresh"
    DESTROY = "destroy"


_FLAGS: dict[Operation, tuple[str, ...]] = {
    Operation.UP: ("--yes", "--skip-preview", "--show-secrets=false"),
    Operation.PREVIEW: ("--show-secrets=false",),
    Operation.REFRESH: ("--yes", "--skip-preview"),
    Operation.DESTROY: ("--yes", "--skip-preview"),
}


def job_argv(
    pulumi: Path, stack: str, op: Operation, cwd: Path, events: Path, extra: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The command line of one stack's `pulumi <op>`: non-interactive, no colour, a structured event log.

    `extra`: more arguments for the CLI (`--save-plan FILE`, `--plan FILE`), put before `--stack`.
    """
    return (
        str(pulumi),
        op.value,
        "--non-interactive",
        *_FLAGS[op],
        "--suppress-progress",
        "--color=never",
        *extra,
        "--stack",
        stack,
        "--cwd",
        str(cwd),
        "--event-log",
        str(events),
    )


def dry_jobs(ctx: RunContext, op: Operation) -> dict[StackId, Job]:
    """The jobs `make_jobs` would return, for `--dry-run`: no engine process, no backend query, nothing written.

    Raises ToolMissingError (exit 2) when no engine is found, as a real run would.
    """
    exe, _found_by = find_pulumi(ctx.root, os.environ)
    by_id = ctx.repo.stack_by_id()
    jobs: dict[StackId, Job] = {}
    for sid in ctx.plan.stack_ids:
        stack = by_id[sid]
        validate_names(stack)
        cwd = (ctx.root / stack.project_path).resolve()
        events = events_file(ctx.log_dir, stack)
        jobs[sid] = Job(sid, (Step(op.value, job_argv(exe, stack.name, op, cwd, events), cwd, {}),))
    return jobs


def make_job(engine: Engine, stack: Stack, op: Operation, *, events_dir: Path, extra: tuple[str, ...] = ()) -> Job:
    """The job for one stack: one `pulumi <op>` process with a structured event log (`extra`: see `job_argv`)."""
    step = make_step(engine, stack, op, events_dir=events_dir, extra=extra)
    return Job(
        stack.id,
        (step,),
        transient=transient,
        summarize=lambda log: summarize(events_file(events_dir, stack), log, exit_0_errors=exit_0_errors(step)),
        recovery=recovery(engine, stack),  # every operation takes the stack's lock, preview too
        outputs=None if op is Operation.PREVIEW else lambda: _outputs_after(engine, stack, op, events_dir),
    )


def _outputs_after(engine: Engine, stack: Stack, op: Operation, events_dir: Path) -> str:
    """The digest of the stack's outputs after a successful `op`: from the update's own event log when it
    holds them (no engine start: `pulumi stack output` costs 0.2-0.3 s a stack), else asked of the backend."""
    if op is Operation.UP:
        found = stack_outputs_in(events_file(events_dir, stack))
        if found is not None:
            return outputs_digest(found)
    return outputs_digest(outputs(engine, stack))


def stack_outputs_in(event_log: Path) -> dict[str, Any] | None:
    """The outputs the program registered on its `pulumi:pulumi:Stack` resource, from the last such
    `resOutputsEvent` of an `up` event log (secrets in the engine's masked form); None when there is none.

    The engine emits it on every update that finishes, `same` included.
    """
    found: dict[str, Any] | None = None
    for event in read_events(event_log):
        out = event.get("resOutputsEvent")
        meta = out.get("metadata") if isinstance(out, dict) else None
        new = meta.get("new") if isinstance(meta, dict) else None
        if isinstance(new, dict) and new.get("type") == "pulumi:pulumi:Stack" and isinstance(new.get("outputs"), dict):
            found = new["outputs"]
    return found


def events_file(events_dir: Path, stack: Stack, suffix: str = "") -> Path:
    """`<events_dir>/<project>/<stack><suffix>.events.jsonl`: where a step of the stack writes its events."""
    return events_dir / path_segment(stack.project) / f"{path_segment(stack.name)}{suffix}.events.jsonl"


def make_step(
    engine: Engine,
    stack: Stack,
    op: Operation,
    *,
    events_dir: Path,
    extra: tuple[str, ...] = (),
    suffix: str = "",
    check: Callable[[], str | None] | None = None,
) -> Step:
    """One `pulumi <op>` step of a stack, its events in `events_file(events_dir, stack, suffix)`.

    Its check (after an exit 0) fails it when the event log reports errors (`ErrorsCheck`), else runs `check`.
    """
    validate_names(stack)
    cwd = engine.project_dir(stack)
    events = events_file(events_dir, stack, suffix)
    events.parent.mkdir(parents=True, exist_ok=True)
    live = private_folder() / events.name  # the engine's own copy, debug events included: never in the logs
    argv = job_argv(engine.pulumi, stack.name, op, cwd, live, extra)
    env = engine.env_for(stack.project_path)
    return Step(
        op.value, argv, cwd, env, event_log=events, live_events=live, check=ErrorsCheck(events, check),
        after=lambda: publish_events(live, events),
    )  # fmt: skip


class ErrorsCheck:
    """An engine step's `Step.check`: the job fails when the engine exited 0 although its event log
    reports errors (run/pulumi/reported.py), else `then` decides. `count` keeps how many, for the summary."""

    def __init__(self, event_log: Path, then: Callable[[], str | None] | None = None) -> None:
        self.event_log = event_log
        self.then = then
        self.count = 0

    def __call__(self) -> str | None:
        self.count = reported_errors(read_events(self.event_log))
        if self.count:
            return exited_0_text(self.count)
        return self.then() if self.then is not None else None


def exit_0_errors(step: Step) -> int:
    """How many errors the engine of `step` reported although it exited 0 (0: none, or it did not exit 0)."""
    return step.check.count if isinstance(step.check, ErrorsCheck) else 0


def outputs_reader(engine: Engine, repo: Repo) -> Callable[[StackId], str | None]:
    """Read a stack's outputs now as a digest (`pulumi stack output --json`, secrets as "[secret]"); None
    for a stack that is not in the repository. Raises EngineError when the backend cannot be asked."""
    by_id = repo.stack_by_id()

    def read(sid: StackId) -> str | None:
        stack = by_id.get(sid)
        return None if stack is None else outputs_digest(outputs(engine, stack))

    return read


_TRANSIENT: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"currently locked by \d+ lock|another update is currently in progress|\[409\] Conflict", re.I),
        "the stack is locked by another update",
    ),
    (
        re.compile(
            r"connection (?:refused|reset)|i/o timeout|TLS handshake timeout|no such host|"
            r"temporary failure in name resolution|network is unreachable|"
            r"\b50[234]\]?:? (?:Bad Gateway|Service Unavailable|Gateway Timeout)\b",
            re.I,
        ),
        "network error",
    ),
)


def transient(text: str) -> str | None:
    """Why a failed engine run is worth retrying (a lock held by another update, a network error), or None."""
    for line in text.splitlines():
        for pattern, reason in _TRANSIENT:
            if pattern.search(line):
                return f"{reason}: {line.strip()[:200]}"
    return None


def summarize(event_log: Path, log: Path | None = None, *, exit_0_errors: int = 0) -> dict[str, Any]:
    """Resource change counts and the engine's result from the event log's summary event.

    `engine_error` is the first error the engine reported (a diagnostic event), else the
    last `error:` line of the step's output in `log` (errors before the engine starts,
    such as a held lock, are not events). Returns {} when there is neither (the engine
    stopped before the end). Event logs are written by the engine with secrets masked.
    `exit_0_errors`: the stack failed because its engine exited 0 with that many errors in its
    event log (`ErrorsCheck`); `engine_error` says so first, and `exit_0_errors` holds the count.
    """
    summary: dict[str, Any] = {}
    errors: list[str] = []
    for event in read_events(event_log):
        if "summaryEvent" in event:
            s = event["summaryEvent"] or {}
            changes = s.get("resourceChanges") or {}
            summary = {
                "changes": {k: changes[k] for k in sorted(changes)},
                "duration_s": s.get("durationSeconds"),
                "result": s.get("result") or None,
                "maybe_corrupt": bool(s.get("maybeCorrupt")),
            }
        diag = event.get("diagnosticEvent")
        if isinstance(diag, dict) and diag.get("severity") == "error" and diag.get("message"):
            errors.append(" ".join(str(diag["message"]).split()))
    error = errors[0] if errors else _last_cli_error(log)
    if error:
        summary["engine_error"] = error[:300]
    if exit_0_errors:
        summary["exit_0_errors"] = exit_0_errors
        said = exited_0_text(exit_0_errors)
        summary["engine_error"] = f"{said}: {summary['engine_error']}" if error else said
    return summary


def _last_cli_error(log: Path | None) -> str | None:
    """The last `error:` line the CLI printed in the latest attempt of the step's log."""
    if log is None:
        return None
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = None
    for line in text.splitlines():
        if line.startswith("# stackgraph ") and " step " in line and "(attempt " in line:
            found = None  # a new attempt starts: only its errors count
        elif line.startswith("error: "):
            found = line[len("error: ") :].strip()
    return found


def read_events(event_log: Path) -> list[dict[str, Any]]:
    """The engine events in an `--event-log` file; a torn last line (engine killed) is ignored."""
    try:
        text = event_log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    events = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def publish_events(written: Path, event_log: Path) -> None:
    """Copy the events the engine `written` into `event_log` without its debug diagnostics (and without a
    torn last line), then remove `written`; nothing when the engine wrote none since the last call.

    The engine writes every diagnostic into the event log, debug ones included (the CLI shows those
    only with `--debug`), and the Node.js SDK logs each resource RPC's raw response at debug level:
    `ReadResource RPC finished: ... resp: ...` holds every output of the stack a StackReference
    reads, secret values in clear. So the engine writes in a private folder (run/private.py) and only
    this copy reaches the logs. Nothing stackgraph reads from the event log is a debug event.
    """
    try:
        raw = written.read_bytes()
    except FileNotFoundError:
        return  # the engine never started writing it
    kept = [line for line in raw.splitlines(keepends=True) if _kept(line)]
    scratch = event_log.with_name(event_log.name + ".tmp")
    scratch.write_bytes(b"".join(kept))
    scratch.replace(event_log)
    written.unlink(missing_ok=True)


def _kept(line: bytes) -> bool:
    """A complete event that is not a debug diagnostic (a torn line, of an engine killed mid-write, is not kept)."""
    try:
        event = json.loads(line)
    except ValueError:
        return False
    diag = event.get("diagnosticEvent") if isinstance(event, dict) else None
    return not (isinstance(diag, dict) and diag.get("severity") == "debug")


def recovery(engine: Engine, stack: Stack) -> tuple[str, ...]:
    """The commands that unlock a stack an interrupted engine may have left locked, as a user types them."""
    return (
        as_typed(engine, stack, "cancel", "--yes", "-s", stack.name),
        as_typed(engine, stack, "refresh", "--clear-pending-creates", "--yes", "-s", stack.name),
    )


def as_typed(engine: Engine, stack: Stack, *args: str) -> str:
    """`pulumi ARGS --cwd <the stack's project>` as a user types it, the embedded backend named."""
    cwd = shlex.quote(str(engine.project_dir(stack)))
    exe = "pulumi" if engine.found_by == "PATH" else shlex.quote(str(engine.pulumi))
    prefix = ""
    if engine.backend.embedded:
        # The embedded backend and its default passphrase are not in the user's shell: name them.
        prefix = f"PULUMI_BACKEND_URL={shlex.quote(engine.env.get('PULUMI_BACKEND_URL', ''))} "
        if engine.env.get("PULUMI_CONFIG_PASSPHRASE") == EMBEDDED_PASSPHRASE:
            prefix += f"PULUMI_CONFIG_PASSPHRASE={EMBEDDED_PASSPHRASE} "
    return f"{prefix}{exe} {shlex.join(args)} --cwd {cwd}"


# --- the job factory of up / preview / refresh / destroy ----------------------------------------


def blocking_dependents(
    dependents_of: Callable[[StackId], Iterable[StackId]],
    selected: Iterable[StackId],
    deployed: Callable[[StackId], bool],
) -> dict[StackId, list[StackId]]:
    """For destroy: each selected stack -> its deployed dependents outside the selection (sorted).

    Pure. `dependents_of` gives every stack that depends on a stack, transitively.
    """
    chosen = set(selected)
    out: dict[StackId, list[StackId]] = {}
    for sid in sorted(chosen):
        outside = sorted(d for d in dependents_of(sid) if d not in chosen and deployed(d))
        if outside:
            out[sid] = outside
    return out


def make_jobs(
    ctx: RunContext,
    op: Operation,
    *,
    create: bool = False,
    force: bool = False,
    say: Callable[[str], None],
    extra: Callable[[Stack], tuple[str, ...]] | None = None,
) -> dict[StackId, Job]:
    """Check the backend, then return one job per planned stack; nothing has run when this raises.

    Raises (exit 2): no engine, no passphrase, stacks missing in the backend (unless
    `create`), and for destroy, deployed dependents outside the selection (unless `force`).
    A stack that destroy finds absent from the backend gets a job without steps. `extra` gives
    more CLI arguments per stack (`--save-plan FILE`).
    """
    ids = list(ctx.plan.stack_ids)
    by_id = ctx.repo.stack_by_id()
    local = set(by_id)
    outside: set[StackId] = set()
    if op is Operation.DESTROY:
        outside = {d for s in ids for d in ctx.full.descendants(s) if d in local} - set(ids)
    engine = prepare(ctx.repo, [*ids, *sorted(outside)])
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    states = stack_states(engine, ctx.repo, [*ids, *sorted(outside)])
    missing = [s for s in ids if not states[s].exists]
    if op is Operation.DESTROY:
        _check_destroy(ctx, ids, states, force, say)
        for sid in missing:
            say(f"stackgraph: {sid} is not in the backend {engine.backend.describe()}: nothing to destroy")
    elif missing and not create:
        raise missing_error(engine, missing)
    elif missing:
        create_stacks(engine, ctx.repo, missing, lambda s: say(f"stackgraph: created stack {s}"))
    for sid in ids:
        if states[sid].updating:
            say(f"stackgraph: warning: the backend reports an update in progress on {sid} (is it locked?)")
    ctx.outputs.read = outputs_reader(engine, ctx.repo)
    jobs: dict[StackId, Job] = {}
    for sid in ids:
        if op is Operation.DESTROY and sid in missing:
            jobs[sid] = Job(sid, (), summarize=lambda _log: {"note": "not in the backend: nothing to destroy"})
        else:
            more = extra(by_id[sid]) if extra is not None else ()
            jobs[sid] = make_job(engine, by_id[sid], op, events_dir=ctx.log_dir, extra=more)
    return jobs


def _check_destroy(
    ctx: RunContext, ids: list[StackId], states: Mapping[StackId, StackState], force: bool, say: Callable[[str], None]
) -> None:
    local = set(ctx.repo.stack_by_id())
    blocking = blocking_dependents(
        lambda s: (d for d in ctx.full.descendants(s) if d in local),
        ids,
        lambda s: states[s].deployed,
    )
    if not blocking:
        return
    first, deps = next(iter(blocking.items()))
    more = f" (and {len(blocking) - 1} more selected stack(s) like it)" if len(blocking) > 1 else ""
    text = (
        f"{first} has deployed dependents outside the selection: {_named(ctx.repo, first, deps)}{more}; "
        "destroying it would break them"
    )
    if not force:
        raise UsageError(f"refusing to destroy: {text}; select them too, or pass --force")
    for sid, deps in blocking.items():
        named = _named(ctx.repo, sid, deps)
        say(f"stackgraph: warning: --force: destroying {sid} although {named} still depend(s) on it")


def _named(repo: Repo, sid: StackId, deps: list[StackId]) -> str:
    """`deps`, each dependent of `sid` that only edges of kind `state` lead to marked as known from state."""
    code = StackGraph(
        (s.id for s in repo.stacks), ((e.dependent, e.dependency) for e in repo.edges if e.kinds != (EdgeKind.STATE,))
    )
    seen = code.descendants(sid)
    return ", ".join(d if d in seen else f"{d} (known from deployed state)" for d in deps)
