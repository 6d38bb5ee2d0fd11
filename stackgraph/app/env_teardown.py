"""Ephemeral environments, the way out: `env down`, `env ls`, `env gc`, `env outputs`.

`env down` finds the stacks by their tag `stackgraph:env=NAME` only (a permanent stack of the same name
is never touched), destroys them in reverse order with the executor and reports of `destroy`, removes
them (`pulumi stack rm`, which deletes their stack files too) and any stack file the record of `env up`
names that is still there. A stack NAME without the tag is removed only when an interrupted env up left
it (recorded, never deployed: app/env_untagged.py); one that may be a permanent stack but looks like a
leftover is named in a warning (exit 1), and the rest are passed over. `env ls` groups every tagged
stack by environment; `env gc` takes down the expired ones; `env outputs` reads each stack's outputs
(secrets stay `[secret]`).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.app import env_untagged
from stackgraph.app.envs import deploy, journal, journal_label, journal_path, validate_name
from stackgraph.app.load import load, locate
from stackgraph.app.settings import Say
from stackgraph.envplan import TAG_ENV, TAG_FROM, Environment, EnvPlan, EnvStack
from stackgraph.model import Repo, Stack, StackId, stack_id

if TYPE_CHECKING:
    from stackgraph.app.running import Confirm
    from stackgraph.app.settings import RunSettings
    from stackgraph.graph.dag import StackGraph
    from stackgraph.results import RunResult
    from stackgraph.run.pulumi import Engine, StackState


def env_down(
    path: Path, name: str, settings: RunSettings, say: Say, *, confirm: Confirm | None = None
) -> list[StackId]:
    """Destroy and remove the stacks tagged `stackgraph:env=NAME`, dependents first; return them.

    Raises DeploymentFailed (exit 1) when a stack could not be destroyed or removed (the others are).
    """
    from stackgraph.app.reports import check

    validate_name(name)
    settings.validated().not_resumed("env down").unchecked("env down")
    root, repo, engine = _open(path, say)
    env = _find(engine, repo, name)
    stacks = _env_stacks(repo, env)
    elsewhere = _elsewhere(engine, repo, name, say)
    untagged = _untagged(engine, root, repo, name, {s.id for s in stacks}, say)
    unfinished = [u.stack for u in untagged if u.unfinished]
    untouched = [u.stack.id for u in untagged if not u.unfinished]
    if not stacks:
        if not elsewhere and not untagged:
            say(f"stackgraph: no stack carries {TAG_ENV}={name} in {engine.backend.describe()}: nothing to take down")
        removed = _remove_unfinished(engine, unfinished, say, dry_run=settings.dry_run)
        _clean_files(root, name, set(removed), say)
        _refuse_left(name, elsewhere, untouched)
        return removed
    repo2, full2 = _env_graph(repo, env, stacks)
    plan = EnvPlan(name, env.tag(TAG_FROM), tuple((s.id, s.id) for s in stacks), ())
    result = deploy(root, repo2, full2, plan, settings, say, destroy=True, confirm=confirm)
    if settings.dry_run:
        say("stackgraph: --dry-run: then `pulumi stack rm` each of them; nothing was destroyed or removed")
        _remove_unfinished(engine, unfinished, say, dry_run=True)
        return []
    removed = _remove(engine, stacks, result, say)
    removed += _remove_unfinished(engine, unfinished, say, dry_run=False)
    _clean_files(root, name, set(removed), say)
    check(result)
    _refuse_left(name, elsewhere, untouched)
    if len(removed) < len(stacks) + len(unfinished):
        from stackgraph.errors import DeploymentFailed

        missed = len(stacks) + len(unfinished) - len(removed)
        raise DeploymentFailed(f"{missed} stack(s) of {name} were not removed (see above)")
    return removed


def _untagged(
    engine: Engine, root: Path, repo: Repo, name: str, tagged: set[StackId], say: Say
) -> list[env_untagged.Untagged]:
    """The stacks NAME without the tag that env down must not pass over in silence (each left one in a warning)."""
    recorded = env_untagged.recorded_stacks(root, journal(root, name))
    found = env_untagged.find_untagged(engine, repo, name, tagged, recorded)
    for u in found:
        if not u.unfinished:
            say(env_untagged.warning(engine, u, name, journal_label(root, name)))
    return found


def _remove_unfinished(engine: Engine, stacks: list[Stack], say: Say, *, dry_run: bool) -> list[StackId]:
    """`pulumi stack rm` (never `--force`) each stack an interrupted env up left untagged and never deployed."""
    from stackgraph.run.pulumi import EngineError, workspace

    why = "an interrupted env up created it, and it was never tagged nor deployed"
    if dry_run:
        for stack in stacks:
            say(f"stackgraph: --dry-run: would remove stack {stack.id} ({why})")
        return []

    def remove(stack: Stack) -> str | None:
        try:
            workspace.remove(engine, stack)
        except EngineError as exc:
            return f"error: {stack.id}: {exc}"
        return None

    with ThreadPoolExecutor(max_workers=min(8, max(1, len(stacks)))) as pool:
        problems = list(pool.map(remove, stacks))
    removed = []
    for stack, problem in zip(stacks, problems, strict=True):
        say(f"stackgraph: {problem}" if problem else f"stackgraph: removed stack {stack.id} ({why})")
        if problem is None:
            removed.append(stack.id)
    return removed


def _elsewhere(engine: Engine, repo: Repo, name: str | None, say: Say) -> list[StackId]:
    """The tagged stacks of projects this checkout does not have (each said as a warning): never dropped silently."""
    from stackgraph.run.pulumi import EngineError, workspace

    try:
        everywhere = workspace.tagged_anywhere(engine, TAG_ENV, name)
    except EngineError as exc:
        say(f"stackgraph: warning: could not list the backend's stacks of other projects: {exc}")
        return []
    projects = {p.name for p in repo.projects}
    found = sorted(sid for sid in everywhere if sid.split("/")[0] not in projects)
    tag = f"{TAG_ENV}={name}" if name else TAG_ENV
    for sid in found:
        say(
            f"stackgraph: warning: {sid} carries {tag} but its project is not in {repo.root}: "
            "not touched; run env down from a checkout that has it"
        )
    return found


def _refuse_left(name: str, elsewhere: list[StackId], untouched: list[StackId]) -> None:
    """Raise DeploymentFailed (exit 1) naming the stacks env down had to leave (each named in a warning)."""
    parts = []
    if elsewhere:
        where = "are in projects this checkout does not have"
        parts.append(f"{len(elsewhere)} stack(s) of {name} {where}: {', '.join(elsewhere)}")
    if untouched:
        parts.append(
            f"{len(untouched)} stack(s) called {name} have no tag {TAG_ENV}={name}: {', '.join(untouched)} "
            "(see the warnings above)"
        )
    if parts:
        from stackgraph.errors import DeploymentFailed

        raise DeploymentFailed(f"{'; '.join(parts)}; they were not taken down")


def _open(path: Path, say: Say) -> tuple[Path, Repo, Engine]:
    from stackgraph.run import pulumi

    # An environment goes as a whole: from inside a project folder, still every project's stacks.
    root, _scope = locate(
        path, say, whole="env down, ls, outputs and gc take the environment's stacks of every project in it"
    )
    repo, _full = load(root, say, deploying=True, verbose=None)  # no --verbose here
    engine = pulumi.prepare(repo, [s.id for s in repo.stacks])
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    return Path(repo.root), repo, engine


def _find(engine: Engine, repo: Repo, name: str | None) -> Environment:
    """The stacks named `name` tagged stackgraph:env=NAME (name None: every stack with the tag), with their tags."""
    from stackgraph.run.pulumi import workspace

    paths = sorted({p.path: p for p in repo.projects})
    projects = {p.path: p.name for p in repo.projects}

    def listed(project_path: str) -> dict[str, StackState]:
        return workspace.tagged(engine, project_path, TAG_ENV, name)

    with ThreadPoolExecutor(max_workers=min(8, max(1, len(paths)))) as pool:
        found = dict(zip(paths, pool.map(listed, paths), strict=True))
    stacks = [
        (stack_id(projects[p], stack), p, state.resources)
        for p in paths
        for stack, state in sorted(found[p].items())
        if name is None or stack == name
    ]

    def tagged(item: tuple[StackId, str, int]) -> EnvStack:
        sid, project_path, resources = item
        probe = Stack(projects[project_path], sid.rsplit("/", 1)[1], "", project_path)
        return EnvStack(sid, resources, workspace.tags(engine, probe))

    with ThreadPoolExecutor(max_workers=min(8, max(1, len(stacks)))) as pool:
        return Environment(name or "", tuple(sorted(pool.map(tagged, stacks), key=lambda s: s.id)))


def _env_stacks(repo: Repo, env: Environment) -> list[Stack]:
    """The model stacks of the environment: the scanned ones, else made from the backend (no stack file)."""
    by_id = repo.stack_by_id()
    paths = {p.name: p.path for p in repo.projects}
    out = []
    for s in env.stacks:
        project, name = s.id.rsplit("/", 1)
        out.append(by_id.get(s.id) or Stack(project, name, f"{paths[project]}/Pulumi.{name}.yaml", paths[project]))
    return out


def _env_graph(repo: Repo, env: Environment, stacks: list[Stack]) -> tuple[Repo, StackGraph]:
    """The repository with the environment's stacks, and edges: their own, and their bases' mirrored."""
    from stackgraph.graph.dag import StackGraph

    base = {StackId(f"{s.id.rsplit('/', 1)[0]}/{s.tags.get(TAG_FROM, '')}"): s.id for s in env.stacks}
    edges = {(e.dependent, e.dependency) for e in repo.edges}
    edges |= {(base[a], base[b]) for a, b in list(edges) if a in base and b in base}
    stacks_all = {s.id: s for s in repo.stacks} | {s.id: s for s in stacks}
    repo2 = replace(repo, stacks=tuple(sorted(stacks_all.values(), key=lambda s: s.id)))
    nodes = set(stacks_all) | {n for e in edges for n in e}
    return repo2, StackGraph(sorted(nodes), sorted(edges))


def _remove(engine: Engine, stacks: list[Stack], result: RunResult, say: Say) -> list[StackId]:
    """`pulumi stack rm` each stack whose destroy succeeded; say each one that failed."""
    from stackgraph.results import Status
    from stackgraph.run.pulumi import EngineError, workspace

    done = {r.id for r in result.stacks if r.status is Status.SUCCEEDED}

    def remove(stack: Stack) -> str | None:
        if stack.id not in done:
            return f"{stack.id} was not destroyed: kept in the backend"
        try:
            workspace.remove(engine, stack)
        except EngineError as exc:
            return f"error: {stack.id}: {exc}"
        return None

    ordered = sorted(stacks, key=lambda s: s.id)
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(ordered)))) as pool:
        problems = list(pool.map(remove, ordered))
    removed = []
    for stack, problem in zip(ordered, problems, strict=True):  # said in id order, whatever finished first
        say(f"stackgraph: {problem}" if problem else f"stackgraph: removed stack {stack.id}")
        if problem is None:
            removed.append(stack.id)
    return removed


def _clean_files(root: Path, name: str, removed: set[StackId], say: Say) -> None:
    """Delete the stack files env up recorded whose stack is gone; drop the record when nothing is left."""
    record = journal(root, name)
    left = []
    for entry in record.get("stacks", []):
        file = root / str(entry.get("file", ""))
        sid = entry.get("id")
        gone = sid in removed or not file.exists()
        if file.is_file() and sid in removed:
            file.unlink()
            say(f"stackgraph: deleted {entry['file']} (written by env up)")
        if not gone:
            left.append(entry)
    path = journal_path(root, name)
    if record and not left:
        path.unlink(missing_ok=True)


def env_outputs(path: Path, name: str, say: Say) -> dict[StackId, dict[str, Any]]:
    """The outputs of each stack of environment `name`, by stack id; secret outputs as "[secret]"."""
    from stackgraph.run import pulumi

    validate_name(name)
    _root, repo, engine = _open(path, say)
    stacks = _env_stacks(repo, _find(engine, repo, name))
    if not stacks:
        from stackgraph.errors import UsageError

        raise UsageError(
            f"no stack carries {TAG_ENV}={name} in {engine.backend.describe()}: "
            "`stackgraph env ls` lists the environments there"
        )
    with ThreadPoolExecutor(max_workers=min(8, len(stacks))) as pool:
        found = list(pool.map(lambda s: pulumi.outputs(engine, s), stacks))
    return {s.id: out for s, out in sorted(zip(stacks, found, strict=True), key=lambda p: p[0].id)}


def env_ls(path: Path, say: Say) -> list[Environment]:
    """Every environment: the stacks tagged stackgraph:env, grouped by the tag's value, sorted by name."""
    _root, repo, engine = _open(path, say)
    every = _find(engine, repo, None)
    _elsewhere(engine, repo, None, say)
    groups: dict[str, list[EnvStack]] = {}
    for s in every.stacks:
        env_name = s.tags.get(TAG_ENV, "")
        if env_name and s.id.endswith(f"/{env_name}"):
            groups.setdefault(env_name, []).append(s)
    return [Environment(k, tuple(groups[k])) for k in sorted(groups)]


def env_gc(
    path: Path, settings: RunSettings, say: Say, *, now: float | None = None, confirm: Confirm | None = None
) -> list[str]:
    """Take down every environment whose TTL has passed; return their names (all of them, even if one fails)."""
    from stackgraph.errors import DeploymentFailed

    settings.not_resumed("env gc").unchecked("env gc")
    now = time.time() if now is None else now
    expired = [e.name for e in env_ls(path, say) if e.expired(now)]
    if not expired:
        say("stackgraph: no environment has expired")
    failed = []
    for name in expired:
        say(f"stackgraph: {name} has expired: taking it down")
        try:
            env_down(path, name, settings, say, confirm=confirm)
        except DeploymentFailed as exc:
            failed.append(f"{name}: {exc}")
    if failed:
        raise DeploymentFailed("; ".join(failed))
    return expired
