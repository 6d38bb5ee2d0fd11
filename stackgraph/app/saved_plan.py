"""`preview --save-plan DIR`: preview the selection and save what was previewed as a bundle (app/bundle.py).

Before any preview runs (in the job factory, after the backend checks): the files that
determine each stack and their digests (discovery/stackfiles.py), the state version of
each selected stack and of the upstreams outside the selection whose outputs it reads
(run/pulumi/versions.py), git's commit and dirty flag. Each preview runs with
`--save-plan` into a staging folder beside DIR. When every preview succeeded, plan.json is
written there and the staging folder replaces DIR; when one failed, nothing is saved.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.app.bundle import PLAN_FILE, SCHEMA, check_target, update_plan_path, write_json
from stackgraph.errors import UsageError

if TYPE_CHECKING:
    from stackgraph.app.settings import RunSettings, Say, Selection
    from stackgraph.model import Repo, StackId
    from stackgraph.run.types import Job, RunContext


def relative_to_root(root: Path, folder: Path) -> str | None:
    """`folder` relative to `root` (POSIX) when inside it, else None."""
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def selection_json(selection: Selection) -> dict[str, Any]:
    """The selection as the user gave it (the scope is the PATH argument's business)."""
    return {
        "select": list(selection.select),
        "exclude": list(selection.exclude),
        "changed_since": selection.changed_since,
        "no_dependents": selection.no_dependents,
        "env": selection.env,
        "since_deployed": selection.since_deployed,
    }


def upstreams(ctx: RunContext, sid: StackId) -> list[StackId]:
    """The stacks `sid` depends on directly (sorted), in the plan or not."""
    return sorted(ctx.full.dependencies(sid))


def preview_and_save(
    path: Path, selection: Selection, settings: RunSettings, bundle: Path, *, create: bool, say: Say
) -> None:
    """Preview the selection, save the bundle in `bundle`; raise for exit 1/2/130 like `preview`."""
    from stackgraph.app.reports import check
    from stackgraph.app.running import run_stacks

    check_target(bundle)
    bundle = bundle.resolve()
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{bundle.name}.", suffix=".saving", dir=bundle.parent))
    except OSError as exc:
        raise UsageError(f"--save-plan {bundle}: cannot write in {bundle.parent}: {exc.strerror}") from None
    facts: dict[str, Any] = {}
    try:
        result, root = run_stacks(
            path,
            command="preview",
            settings=settings,
            make_jobs=lambda ctx: _saving_jobs(ctx, staging, bundle, create, say, facts, selection.env),
            say=say,
            selection=selection,
        )
        if result.ok:
            doc = _document(facts, selection, path) if facts else _nothing(root, selection, path)
            write_json(staging / PLAN_FILE, doc)
            _swap(staging, bundle)
            say(f"stackgraph: saved the plan of {len(doc['stacks'])} stack(s) in {bundle}")
            say(f"stackgraph: apply exactly this with: stackgraph up {path} --plan {bundle}")
        else:
            say(f"stackgraph: no plan saved in {bundle}: not every preview succeeded")
        check(result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _nothing(root: Path, selection: Selection, path: Path) -> dict[str, Any]:
    """The saved plan of a selection of what changed when nothing did: `up --plan` then deploys nothing
    (and refuses if something changed by then)."""
    from stackgraph.discovery.stackfiles import git_facts

    git = git_facts(root)
    return {
        "schema": SCHEMA,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "repository": {"root": str(root), "first_commit": git.root_commit, "commit": git.commit, "dirty": git.dirty},
        "backend": None,
        "path": str(path),
        "selection": selection_json(selection),
        "order": [],
        "stacks": {},
        "upstream_states": {},
    }


def _swap(staging: Path, bundle: Path) -> None:
    """Put the staging folder in the bundle's place (an older saved plan there is replaced)."""
    if bundle.exists():
        old = bundle.with_name(f".{bundle.name}.old-{time.time_ns()}")
        bundle.rename(old)
        staging.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(bundle)


def _saving_jobs(
    ctx: RunContext, staging: Path, bundle: Path, create: bool, say: Say, facts: dict[str, Any], env: str | None
) -> dict[StackId, Job]:
    """Check the backend, record what determines each stack, and return preview jobs that save plans."""
    from stackgraph.discovery.stackfiles import git_facts
    from stackgraph.run import pulumi
    from stackgraph.run.pulumi.versions import state_versions

    def save_to(stack: Any) -> tuple[str, ...]:
        target = staging / update_plan_path(stack.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        return ("--save-plan", str(target))

    jobs = pulumi.make_jobs(ctx, pulumi.Operation.PREVIEW, create=create, say=say, extra=save_to)
    ids = ctx.plan.stack_ids
    ignore = [p for p in (relative_to_root(ctx.root, bundle), relative_to_root(ctx.root, staging)) if p]
    engine = pulumi.prepare(ctx.repo, ids)
    outside = sorted({u for s in ids for u in upstreams(ctx, s) if u not in set(ids)} & set(ctx.repo.stack_by_id()))
    git = git_facts(ctx.root, ignore)
    facts.update(
        ctx=ctx,
        staging=staging,
        git=git,
        files=determining_files(ctx, env, ids, ignore),
        states=state_versions(engine, ctx.repo, [*ids, *outside]),
        outside=outside,
        backend=engine.backend.describe(),
        events={sid: step.event_log for sid, job in jobs.items() for step in job.steps},
    )
    return jobs


def _document(facts: dict[str, Any], selection: Selection, path: Path) -> dict[str, Any]:
    """plan.json: what was previewed, per stack, from the recorded facts and the previews' events."""
    from stackgraph.run.pulumi import summarize
    from stackgraph.run.pulumi.events import resource_changes

    ctx: RunContext = facts["ctx"]
    ids = ctx.plan.stack_ids
    chosen = set(ids)
    stacks: dict[str, Any] = {}
    for sid in ids:
        events = facts["events"][sid]
        plan_rel = update_plan_path(sid)
        plan_file = facts["staging"] / plan_rel
        stack = ctx.repo.stack_by_id()[sid]
        summary = summarize(events)
        stacks[sid] = {
            "project_path": stack.project_path,
            "stack_file": stack.file,
            "files": facts["files"][sid],
            "state": facts["states"][sid].as_json(),
            "upstreams": upstreams(ctx, sid),
            "upstreams_in_plan": [u for u in upstreams(ctx, sid) if u in chosen],
            "changes": summary.get("changes", {}),
            "resources": [{"op": c.op, "type": c.type, "name": c.name, "urn": c.urn} for c in resource_changes(events)],
            "update_plan": plan_rel if plan_file.is_file() else None,
            "update_plan_digest": _digest(plan_file) if plan_file.is_file() else None,
        }
    git = facts["git"]
    return {
        "schema": SCHEMA,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "repository": {
            "root": str(ctx.root),
            "first_commit": git.root_commit,
            "commit": git.commit,
            "dirty": git.dirty,
        },
        "backend": facts["backend"],
        "path": str(path),
        "selection": selection_json(selection),
        "order": [list(level) for level in ctx.plan.levels],
        "stacks": stacks,
        "upstream_states": {u: facts["states"][u].as_json() for u in facts["outside"]},
    }


def _digest(path: Path) -> str:
    from stackgraph.discovery.stackfiles import file_digest

    return file_digest(path)


def determining_files(
    ctx: RunContext, env: str | None, ids: list[StackId], ignore: list[str]
) -> dict[StackId, dict[str, str]]:
    """Path -> digest of every file that determines each stack (discovery/stackfiles.py), the project's
    files listed as the scan listed them (app/inputs.py, as `--resume` does)."""
    from stackgraph.app.inputs import project_files
    from stackgraph.discovery.scan import scan_with_inputs
    from stackgraph.discovery.stackfiles import stack_files

    _repo, scanned = scan_with_inputs(ctx.root, env=env, embedded=True)
    by_id = ctx.repo.stack_by_id()
    lists = project_files(ctx.repo, scanned, {by_id[s].project_path for s in ids})
    return stack_files(ctx.repo, ids, ignore=ignore, projects=lists)


def order_of(doc: dict[str, Any]) -> list[StackId]:
    """The stacks of a saved plan, in the order they were previewed."""
    return [sid for level in doc.get("order", []) for sid in level]


def repo_identity(repo: Repo) -> tuple[str | None, str]:
    """The first commit (None outside git) and the root folder of a scanned repository."""
    from stackgraph.discovery.stackfiles import git_facts

    return git_facts(Path(repo.root)).root_commit, repo.root
