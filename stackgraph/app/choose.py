"""Choose stacks: apply a `Selection` (the five selection options) to a loaded repository.

Words: a *selector* is one expression of the selection language (graph/selector.py
parses it); graph/select.py *selects*: it evaluates selectors on one graph; a
*selection* (app/settings.py) is what a command asked for; `choose` turns it into the
chosen stack ids and why each was taken. `ids` is None when nothing was asked for
(every stack). Git runs only when a ref is actually asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stackgraph.errors import UsageError

if TYPE_CHECKING:
    from stackgraph.app.settings import Say, Selection
    from stackgraph.discovery.changes import GitChanges
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo, StackId


class Chosen(NamedTuple):
    """The chosen stack ids (None: every stack) and, for each, why it was chosen."""

    ids: frozenset[StackId] | None
    why: dict[StackId, tuple[str, ...]]


def choose(repo: Repo, graph: StackGraph, selection: Selection, say: Say) -> Chosen:
    """Apply the selection; say its warnings (removed stacks, ...).

    Raises `UsageError` (exit 2) for a selector or ref that is wrong or matches nothing.
    """
    chosen = _choose(repo, graph, selection, say)
    if selection.scope is None:
        return chosen
    return _within(repo, graph, chosen, selection.scope, say)


def _choose(repo: Repo, graph: StackGraph, selection: Selection, say: Say) -> Chosen:
    chosen = _chosen(repo, graph, selection, say)
    if not selection.since_deployed:
        return chosen
    if selection.changed_since is not None:
        raise UsageError("--since-deployed and --changed-since both say what changed: give one of them")
    from stackgraph.app.since_deployed import since_deployed

    ids = chosen.ids if chosen.ids is not None else frozenset(s.id for s in repo.stacks)
    why = since_deployed(repo, graph, ids, dependents=not selection.no_dependents, say=say)
    return Chosen(frozenset(why), {sid: (*chosen.why.get(sid, ()), *why[sid]) for sid in why})


def _chosen(repo: Repo, graph: StackGraph, selection: Selection, say: Say) -> Chosen:
    env_ids = _env(repo, selection.env)
    if not (selection.select or selection.exclude or selection.changed_since is not None):
        if selection.no_dependents and not selection.since_deployed:
            _no_changes()
        if env_ids is None:
            return Chosen(None, {})
        return Chosen(env_ids, dict.fromkeys(sorted(env_ids), (f"--env {selection.env}",)))
    from stackgraph.graph.select import select

    result = select(
        repo,
        graph,
        select=selection.select,
        exclude=selection.exclude,
        changed_since=selection.changed_since,
        dependents=not selection.no_dependents,
        changes=_git_changes(repo),
    )
    if selection.no_dependents and not result.used_changes and not selection.since_deployed:
        _no_changes()
    for warning in result.warnings:
        say(f"stackgraph: warning: {warning}")
    ids = result.ids if env_ids is None else result.ids & env_ids
    return Chosen(ids, {sid: result.why[sid] for sid in sorted(ids)})


def _within(repo: Repo, graph: StackGraph, chosen: Chosen, scope: str, say: Say) -> Chosen:
    """Keep the chosen stacks under `scope` (the folder stackgraph ran in, or the project holding it) and
    say which stacks upstream of them are context, not taken."""
    from stackgraph.model import StackId

    projects = {p.path for p in repo.projects}
    owner = next((f for f in _self_and_parents(scope) if f in projects), None)  # run inside a project's subfolder
    under = {s.id for s in repo.stacks if s.project_path == owner or (owner is None and _below(s.project_path, scope))}
    if not under:
        raise UsageError(f"{scope}: no stack under this folder; run stackgraph from a folder that holds stack files")
    reason = f"under {scope} (the folder stackgraph ran in)"
    why = {sid: (*chosen.why.get(sid, ()), reason) for sid in under}
    ids = frozenset(under) if chosen.ids is None else chosen.ids & frozenset(under)
    stacks = repo.stack_by_id()
    context = sorted({a for sid in ids for a in graph.ancestors(sid) if a in stacks} - ids)
    if context:
        say(f"stackgraph: note: upstream of them, read as they are and not taken: {', '.join(context)}")
    return Chosen(ids, {StackId(sid): why[sid] for sid in sorted(ids)})


def _self_and_parents(folder: str) -> list[str]:
    out = [folder]
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        out.append(folder)
    return out


def _below(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def _no_changes() -> None:
    raise UsageError(
        "--no-dependents works with --changed-since REF, --since-deployed or a [REF] selector; add one or drop it"
    )


def _git_changes(repo: Repo) -> GitChanges:
    """The change-detection callback: git is run only if a ref is actually asked for."""
    from stackgraph.config import load_settings
    from stackgraph.discovery import changes

    return changes.GitChanges(repo, load_settings(Path(repo.root)))


def _env(repo: Repo, env: str | None) -> frozenset[StackId] | None:
    """The stacks named `env` across projects; the same message as before selection existed."""
    if env is None:
        return None
    from stackgraph.plan import select_env

    chosen = select_env(repo, env)
    if not chosen:
        from stackgraph.errors import closest

        names = sorted({s.name for s in repo.stacks})
        close = closest(env, names)
        hint = f"did you mean '{close}'? " if close else ""
        raise UsageError(
            f"--env {env}: no stack has that name; {hint}the stack names are: {', '.join(names) or 'none'}"
        )
    return chosen
