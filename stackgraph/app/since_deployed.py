"""`--since-deployed`: take the stacks whose files changed since the commit each was last deployed from.

`--changed-since REF` compares every stack with one commit. In CD the right base differs per stack: the commit
its last successful deployment ran from (Pulumi records it with each update: run/pulumi/lastdeploy.py), so that
a change whose deployment failed, or that a pipeline skipped, is deployed by the next run instead of being
forgotten (the `github.event.before` of the next push no longer holds it). For each stack of the selection and
every stack upstream of it (a changed upstream makes its dependents stale too):

- its last deployment's commit is HEAD or an ancestor: the files changed since it (and uncommitted ones) are
  mapped to stacks exactly as `--changed-since` maps them (docs/selection.md); the stack is taken when they
  touch it;
- no commit can be compared (never deployed, destroyed, deployed from uncommitted changes, from a commit this
  clone lacks or that is not in HEAD's history): the stack is taken, and the reason says why;

then every stack that depends on a taken stack (unless `--no-dependents`). Reading the backend needs the
Pulumi CLI and the backend's credentials, as `--with-state` does; nothing is decrypted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.model import StackId

if TYPE_CHECKING:
    from stackgraph.app.settings import Say
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo
    from stackgraph.run.pulumi.lastdeploy import Deployment

ORIGIN = "--since-deployed"


def since_deployed(
    repo: Repo, graph: StackGraph, ids: Iterable[StackId], *, dependents: bool, say: Say
) -> dict[StackId, tuple[str, ...]]:
    """The stacks of `ids` taken (see the module docstring), each with why; asks the backend."""
    from stackgraph.run.pulumi.engine import prepare
    from stackgraph.run.pulumi.lastdeploy import last_deployments

    wanted = set(ids)
    stacks = {s.id for s in repo.stacks}
    asked = sorted({a for sid in wanted for a in graph.ancestors(sid) if a in stacks} | wanted)
    engine = prepare(repo, asked, secrets=False)
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    found = taken(repo, graph, last_deployments(engine, repo, asked), say)
    why = dict(found)
    if dependents:
        for sid, root in graph.nearest_roots(frozenset(found)).items():
            why.setdefault(sid, (f"dependent of {root}",))
    return {sid: why[sid] for sid in sorted(why) if sid in wanted}


def taken(
    repo: Repo, graph: StackGraph, deployments: Mapping[StackId, Deployment], say: Say
) -> dict[StackId, tuple[str, ...]]:
    """The stacks whose deployed commit cannot be compared, or whose files changed since it, with why (pure but
    for git)."""
    from stackgraph.config import load_settings
    from stackgraph.discovery.changes import GitChanges, in_history
    from stackgraph.graph.select import Evaluator, Universe

    root = Path(repo.root)
    ev = Evaluator(Universe(repo, graph), GitChanges(repo, load_settings(root)), dependents=False)
    out: dict[StackId, tuple[str, ...]] = {}
    history: dict[str, bool | None] = {}
    for sid, deployed in sorted(deployments.items()):
        commit = deployed.commit
        if commit is None:
            out[sid] = (deployed.why or "no deployment to compare with",)
            continue
        if commit not in history:
            history[commit] = in_history(root, commit)
        known = history[commit]
        if known is None:
            out[sid] = (
                f"its last deployment ran from {commit[:12]}, which this clone does not have (fetch the history: "
                "`git fetch --unshallow`, or actions/checkout with fetch-depth: 0)",
            )
        elif not known:
            out[sid] = (
                f"its last deployment ran from {commit[:12]}, which is not in HEAD's history (another branch?)",
            )
        elif sid in ev.changed(commit, ORIGIN):
            reasons = ev.changed_why[commit][sid]
            out[sid] = tuple(f"{r} since its last deployment ({commit[:12]})" for r in reasons)
    for warning in ev.warnings:
        say(f"stackgraph: warning: {warning}")
    return out
