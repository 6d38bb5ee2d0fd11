"""Ephemeral environments: `env up` copies BASE's stacks as NAME and deploys them (the way out: env_teardown.py).

`env up` plans everything first (stackgraph/envplan.py), checks the plan by reading the new
stacks as the scanner would, refuses (exit 2) before creating anything when NAME is a permanent
stack of a chosen project, BASE is unknown or missing in the backend, or a reference would leave
the environment; checks the output contracts of the new stacks as `up` does; then prints the plan,
records it in `.stackgraph/envs/NAME.json`, creates and tags every stack (Ctrl-C waits for this
short step; a stack an error or a SIGKILL left untagged is adopted by the next env up, or removed by
env down, only if the record names it and it was never deployed: app/env_untagged.py), and deploys
them with the executor, options and reports of `up`. The record, `deploy` and `parallel` serve
env_teardown.py too.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from stackgraph.app.load import load, locate
from stackgraph.app.settings import Say
from stackgraph.envplan import (
    NO_TTL,
    TAG_CREATED,
    TAG_ENV,
    TAG_FROM,
    TAG_TTL,
    EnvPlan,
    format_time,
    parse_duration,
)
from stackgraph.errors import UsageError
from stackgraph.model import Repo, StackId
from stackgraph.statedir import location, state_dir

if TYPE_CHECKING:
    from stackgraph.app.running import Confirm
    from stackgraph.app.settings import RunSettings, Selection
    from stackgraph.graph.dag import StackGraph
    from stackgraph.results import RunResult
    from stackgraph.run.pulumi import Engine

T = TypeVar("T")
JOURNAL_SCHEMA = "stackgraph.env-journal/v1"


@dataclass(frozen=True)
class EnvRequest:
    """What `env up` was asked: the new name, the base, what to share, how long it may live."""

    name: str
    base: str
    share: tuple[str, ...] = ()
    ttl: str | None = None

    def validated(self) -> EnvRequest:
        """Return self when NAME, BASE and --ttl are usable; raise UsageError (exit 2) naming the one that is not."""
        validate_name(self.name)
        validate_name(self.base, "--from")
        if self.name == self.base:
            raise UsageError(f"NAME {self.name!r} is the base itself; give the environment another name")
        if self.ttl is not None and parse_duration(self.ttl) is None:
            raise UsageError(f"--ttl {self.ttl}: give a duration such as 90m, 72h, 1d12h or 2w")
        return self


def validate_name(value: str, what: str = "NAME") -> None:
    """Raise UsageError unless `value` is a stack name Pulumi accepts (and safe as an argument)."""
    from stackgraph.discovery.projects import NAME_RE

    if not NAME_RE.match(value) or value.startswith("-"):
        raise UsageError(
            f"{what} {value!r}: not a name Pulumi accepts for a stack; use up to 100 letters, digits, "
            "'-', '_' and '.' (not '-' first)"
        )
    if not value.strip("."):  # `.` and `..` name a folder of the file backend, not a stack in it
        raise UsageError(f"{what} {value!r}: a name made only of dots is not a stack name; use a letter or digit too")


# --- env up -------------------------------------------------------------------------------------


def env_up(path: Path, request: EnvRequest, selection: Selection, settings: RunSettings, say: Say) -> EnvPlan:
    """Plan, check, create and deploy the environment; raise DeploymentFailed/Interrupted like `up`.

    The output contracts of the stacks it will deploy are checked first, as `up` checks them: errors
    are warnings, and `--strict-contracts` refuses (ContractError, exit 2) before any backend is asked.
    """
    from stackgraph.app.contracts import gate
    from stackgraph.app.reports import check
    from stackgraph.run import pulumi

    request.validated()
    settings.validated().not_resumed("env up")
    root, plan, planned = _plan(path, request, selection, say)
    gate(planned, frozenset(plan.new_ids), say, strict=settings.strict_contracts)  # as up does, before anything
    engine = pulumi.prepare(planned, [*plan.base_of().values(), *plan.new_ids])
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    existing = _refuse_collisions(engine, planned, plan, say)
    levels = _levels(planned, plan.new_ids)
    from stackgraph.render.env_formats import render_env_plan

    say(render_env_plan(plan, levels).removesuffix("\n"))
    if settings.dry_run:
        say("stackgraph: --dry-run: nothing was created")
        return plan
    _writejournal(root, plan, planned)
    with hold_interrupts():
        _create(engine, planned, plan, request, existing, say)
    repo2, full2 = load(root, say, deploying=True)
    result = deploy(root, repo2, full2, plan, settings, say)
    check(result)
    return plan


def _plan(path: Path, request: EnvRequest, selection: Selection, say: Say) -> tuple[Path, EnvPlan, Repo]:
    """Scan, choose, plan and check the environment; raise UsageError (exit 2) for every problem found."""
    from stackgraph.app.choose import choose
    from stackgraph.discovery.scan import scan_planned
    from stackgraph.envplan import check, new_stacks, plan_env

    root, scope = locate(path, say)
    repo, full = load(root, say, deploying=True, verbose=selection.verbose)
    root = Path(repo.root)
    base, name = request.base, request.name
    if not any(s.name == base and not s.from_env for s in repo.stacks):
        names = sorted({s.name for s in repo.stacks if s.name != name})
        raise UsageError(
            f"--from {base}: no project under {root} has a stack file Pulumi.{base}.yaml; "
            f"the stack names are: {', '.join(names) or 'none'}"
        )
    chosen = choose(repo, full, replace(selection.within(scope), env=base), say).ids
    shared = _shared(repo, full, request.share, say)
    plan = plan_env(repo, chosen or (), shared, name, base)
    if not plan.created:
        raise UsageError(f"nothing to copy: every chosen stack named {base} is shared (--share); share fewer")
    recorded = {s.get("id") for s in journal(root, name).get("stacks", [])}  # files of an earlier env up
    files = repo.stack_by_id()
    _refuse_permanent(
        name,
        [
            f"{sid} (its stack file {files[sid].file} exists)"
            for sid in plan.new_ids
            if sid in files and sid not in recorded
        ],
    )
    planned = scan_planned(root, new_stacks(plan, repo), embedded=True)
    plan, problems = check(plan, planned)
    if problems:
        raise UsageError("\n".join(problems))
    return root, plan, planned


def _shared(repo: Repo, full: StackGraph, exprs: Sequence[str], say: Say) -> frozenset[StackId]:
    """The stacks `--share` matches (the selection language)."""
    if not exprs:
        return frozenset()
    from stackgraph.graph.select import select

    try:
        result = select(repo, full, select=list(exprs))
    except UsageError as exc:  # the selection language names its option: here it is --share
        raise UsageError(exc.message.replace("--select", "--share", 1), file=exc.file, line=exc.line) from None
    for warning in result.warnings:
        say(f"stackgraph: warning: {warning}")
    return result.ids


def _levels(planned: Repo, ids: Sequence[StackId]) -> list[list[StackId]]:
    from stackgraph.graph.build import build_graph
    from stackgraph.plan import make_plan

    return [list(level) for level in make_plan(planned, build_graph(planned), frozenset(ids)).levels]


def _refuse_collisions(engine: Engine, planned: Repo, plan: EnvPlan, say: Say) -> set[StackId]:
    """Refuse a NAME that is a permanent stack, or a BASE missing in the backend; return the env's existing stacks.

    An untagged stack that an interrupted env up left (app/env_untagged.py) counts as the env's: it is adopted.
    """
    from stackgraph.app import env_untagged
    from stackgraph.run import pulumi
    from stackgraph.run.pulumi import workspace

    by_id = planned.stack_by_id()
    states = pulumi.stack_states(engine, planned, [*plan.base_of().values(), *plan.new_ids])
    missing = sorted(old for old in plan.base_of().values() if not states[old].exists)
    if missing:
        raise UsageError(
            f"{', '.join(missing)}: not in the backend {engine.backend.describe()}; the environment copies "
            f"the config of its stacks from there: deploy {plan.base} first, or leave these out (--exclude)"
        )
    root = Path(planned.root)
    recorded = env_untagged.recorded_stacks(root, journal(root, plan.name))
    existing: set[StackId] = set()
    permanent: list[str] = []
    for sid in plan.new_ids:
        if states[sid].exists:
            owner = workspace.tags(engine, by_id[sid]).get(TAG_ENV)
            found = None if owner else env_untagged.examine(engine, by_id[sid], states[sid], recorded)
            if owner == plan.name or (found and found.unfinished):
                existing.add(sid)
                if found:
                    say(env_untagged.adoption_line(found, journal_label(root, plan.name)))
            elif found:
                permanent.append(env_untagged.refusal_detail(engine, found, journal_label(root, plan.name)))
            else:
                permanent.append(f"{sid} (in the backend, tagged {TAG_ENV}={owner})")
    _refuse_permanent(plan.name, permanent)
    return existing


def _refuse_permanent(name: str, permanent: list[str]) -> None:
    if permanent:
        raise UsageError(
            f"{name} is a permanent stack of a chosen project: {', '.join(permanent)}; "
            "env up never touches a stack it did not create: choose another NAME"
        )


def _create(
    engine: Engine, planned: Repo, plan: EnvPlan, request: EnvRequest, existing: set[StackId], say: Say
) -> None:
    """Create (or refresh the config of) each new stack, tag it, write its rewritten config; projects in parallel."""
    from stackgraph.run.pulumi import workspace

    by_id = planned.stack_by_id()
    base_of = plan.base_of()
    created = format_time(time.time())

    def one(sid: StackId) -> None:
        stack = by_id[sid]
        had = sid in existing
        workspace.create_from(engine, stack, plan.base, exists=had)
        tags = {TAG_ENV: plan.name, TAG_FROM: plan.base, TAG_TTL: request.ttl or NO_TTL}
        if not had or not workspace.tags(engine, stack).get(TAG_CREATED):
            tags[TAG_CREATED] = created
        workspace.set_tags(engine, stack, tags)
        workspace.set_config(engine, stack, plan.config.get(sid, {}))
        say(f"stackgraph: {'updated' if had else 'created'} stack {sid} from {base_of[sid]}")

    parallel(one, plan.new_ids)


def deploy(
    root: Path,
    repo: Repo,
    full: StackGraph,
    plan: EnvPlan,
    settings: RunSettings,
    say: Say,
    *,
    destroy: bool = False,
    confirm: Confirm | None = None,
) -> RunResult:
    """Run `pulumi up` (or destroy) over the environment's stacks with the executor and reports of `up`."""
    from stackgraph.app.running import execute_plan
    from stackgraph.plan import Direction, make_plan
    from stackgraph.run import pulumi

    op = pulumi.Operation.DESTROY if destroy else pulumi.Operation.UP
    ordered = make_plan(repo, full, frozenset(plan.new_ids), direction=Direction.DESTROY if destroy else Direction.UP)
    return execute_plan(
        root,
        repo,
        full,
        ordered,
        command=op.value,
        settings=settings,
        make_jobs=lambda ctx: pulumi.make_jobs(ctx, op, say=say),
        say=say,
        destroy=destroy,
        confirm=confirm,
    )


def parallel(fn: Callable[[StackId], None], ids: Sequence[StackId]) -> None:
    """Run `fn` for every stack, the stacks of one project in turn, projects in parallel; re-raise the first error."""
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(ids)))) as pool:
        for future in [pool.submit(fn, sid) for sid in sorted(ids)]:
            future.result()


@contextlib.contextmanager
def hold_interrupts() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends, then raise KeyboardInterrupt: a stack is never left untagged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda s, _f: caught.append(s)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt


# --- the record of what env up wrote --------------------------------------------------------------


def journal_path(root: Path, name: str) -> Path:
    return state_dir(root) / "envs" / f"{name}.json"


def journal_label(root: Path, name: str) -> str:
    """The record's path as messages show it: from the repository's root when it is inside."""
    path = location(root) / "envs" / f"{name}.json"  # without creating the state folder
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def journal(root: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads(journal_path(root, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("schema") == JOURNAL_SCHEMA else {}


def _writejournal(root: Path, plan: EnvPlan, planned: Repo) -> None:
    """Record, before anything is created, the stacks and stack files env up is about to make."""
    by_id = planned.stack_by_id()
    path = journal_path(root, plan.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = journal(root, plan.name).get("stacks", [])
    stacks = {s["id"]: s for s in old if isinstance(s, dict) and "id" in s}
    for sid in plan.new_ids:
        stacks[sid] = {"id": sid, "project_path": by_id[sid].project_path, "file": by_id[sid].file}
    doc = {
        "schema": JOURNAL_SCHEMA,
        "name": plan.name,
        "base": plan.base,
        "stacks": [stacks[k] for k in sorted(stacks)],
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
