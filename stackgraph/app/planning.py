"""Make a plan: load a repository, choose stacks, order them (for `plan`, `ls` and `graph`).

Pure apart from the scan and the `say` callback: the same repository and selection
give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.app.choose import Chosen, choose
from stackgraph.app.load import load, locate
from stackgraph.app.settings import Say

if TYPE_CHECKING:
    from stackgraph.app.settings import Selection
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo, StackId
    from stackgraph.plan import Plan


@dataclass(frozen=True)
class Planned:
    """A loaded repository, its full graph, the chosen stacks and their plan."""

    repo: Repo
    full: StackGraph  # every stack, external and dangling node
    chosen: Chosen
    plan: Plan


def make(path: Path, selection: Selection, say: Say, *, destroy: bool = False, refuse_empty: bool = False) -> Planned:
    """Load `path`, apply `selection`, and order the chosen stacks (reversed for destroy).

    With `refuse_empty`, a repository without any stack to plan is a `UsageError` saying why.
    """
    from stackgraph.errors import UsageError
    from stackgraph.plan import Direction, make_plan, why_empty

    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose, with_state=selection.with_state)
    empty = why_empty(repo) if refuse_empty else None
    if empty is not None:
        raise UsageError(f"{path}: {empty}")
    selection = selection.within(scope)
    chosen = choose(repo, full, selection, say)
    plan = make_plan(repo, full, chosen.ids, direction=Direction.DESTROY if destroy else Direction.UP)
    return Planned(repo, full, chosen, plan)


def chosen_graph(path: Path, selection: Selection, say: Say) -> tuple[Repo, StackGraph]:
    """Load `path` and return the graph of the chosen stacks (every node when nothing was chosen).

    The external and dangling nodes a chosen stack depends on stay, drawn with it.
    """
    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose, with_state=selection.with_state)
    chosen = choose(repo, full, selection.within(scope), say).ids
    if chosen is None:
        return repo, full
    keep: set[StackId] = set(chosen)
    if scope is not None:  # run from inside a project: its upstreams are drawn as context
        keep.update(a for sid in chosen for a in full.ancestors(sid))
    outside = set(repo.external) | set(repo.dangling)
    for sid in chosen:
        keep.update(d for d in full.dependencies(sid) if d in outside)
    return repo, full.subset(keep)
