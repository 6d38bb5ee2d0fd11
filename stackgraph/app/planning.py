"""Make a plan: load a repository, choose stacks, order them (for `plan`, `ls` and `graph`).

Pure apart from the scan and the `say` callback: the same repository and selection
give the same plan.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stackgraph.app.choose import Chosen, choose
from stackgraph.app.load import check_settings, graph_of, load, locate, refuse_without_stacks, stackless_note
from stackgraph.app.settings import Say

if TYPE_CHECKING:
    from collections.abc import Callable

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
    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose, with_state=selection.state_needed(scope))
    return _order(path, repo, full, scope, selection, say, destroy=destroy, refuse_empty=refuse_empty)


def _order(
    path: Path,
    repo: Repo,
    full: StackGraph,
    scope: str | None,
    selection: Selection,
    say: Say,
    *,
    destroy: bool,
    refuse_empty: bool,
) -> Planned:
    """Choose the stacks of a loaded repository (`scope` from `locate`) and order them."""
    from stackgraph.plan import Direction, make_plan

    if refuse_empty:
        refuse_without_stacks(path, repo)
    chosen = choose(repo, full, selection.within(scope), say)
    plan = make_plan(repo, full, chosen.ids, direction=Direction.DESTROY if destroy else Direction.UP)
    return Planned(repo, full, chosen, plan)


def chosen_graph(path: Path, selection: Selection, say: Say) -> tuple[Repo, StackGraph]:
    """Load `path` and return the graph of the chosen stacks (every node when nothing was chosen); a
    repository without stacks is refused (`load.refuse_without_stacks`).

    The external and dangling nodes a chosen stack depends on stay, drawn with it.
    """
    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose, with_state=selection.state_needed(scope))
    refuse_without_stacks(path, repo)
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


def checked(path: Path, selection: Selection, say: Say, *, destroy: bool, strict_contracts: bool) -> Planned:
    """What `plan` shows: `make` (refusing an empty repository), then `_gate`."""
    planned = make(path, selection, say, destroy=destroy, refuse_empty=True)
    _gate(planned, selection, say, strict_contracts=strict_contracts)
    return planned


def _gate(planned: Planned, selection: Selection, say: Say, *, strict_contracts: bool) -> None:
    """The contracts of the chosen stacks checked (`--strict-contracts`: raising), and a note on the
    projects without stack files (when no environment is named)."""
    from stackgraph.app.contracts import gate

    gate(planned.repo, planned.chosen.ids, say, strict=strict_contracts)
    if selection.env is None:
        stackless_note(planned.repo, say)


class PlanText(NamedTuple):
    """What `plan` prints in a text format: the text, and the unresolved references and unreadable
    program files of the scan (what `--strict` fails on)."""

    text: str
    unresolved: int
    unread: int


def cacheable(selection: Selection) -> bool:
    """True when a plan depends on nothing but the repository's files and the options: no git ref
    (`--changed-since`, a `[REF]` selector) and no deployed state (`--with-state`, `--since-deployed`)."""
    return (
        selection.changed_since is None
        and not selection.with_state
        and not selection.since_deployed
        and not any("[" in s for s in (*selection.select, *selection.exclude))
    )


def make_text(
    path: Path,
    selection: Selection,
    say: Say,
    render: Callable[[Plan], str],
    *,
    fmt: str,
    destroy: bool = False,
    strict_contracts: bool = False,
) -> PlanText:
    """`plan` in a text format: make the plan (`make`), check its contracts (`gate`), note the projects
    without stack files, and render it; every line said on the way is said again, in order.

    A selection that is `cacheable` is stored beside the scan result, keyed on the options and on the
    same fingerprint of the files: an unchanged repository gives the same text and lines without
    being decoded, chosen or rendered again. A plan that fails (bad input, a cycle) is never stored.
    """
    from stackgraph.render.diagnostics import strict_counts

    if not cacheable(selection):
        planned = checked(path, selection, say, destroy=destroy, strict_contracts=strict_contracts)
        return PlanText(render(planned.plan), *strict_counts(planned.repo))

    from stackgraph.discovery.scan import scan_rendered

    root, scope = locate(path, say)
    options = {
        "scope": scope,
        "select": selection.select,
        "exclude": selection.exclude,
        "no_dependents": selection.no_dependents,
        "env": selection.env,
        "verbose": selection.verbose,
        "destroy": destroy,
        "strict_contracts": strict_contracts,
        "format": fmt,
        "path": str(path),  # named in the messages of an empty repository
    }
    kind = "plan-" + hashlib.blake2b(json.dumps(options, sort_keys=True).encode(), digest_size=12).hexdigest()

    fresh: list[bool] = []  # rendered now: its lines were said on the way

    def compute(scanned: Repo) -> tuple[str, dict[str, Any]]:
        said: list[str] = []

        def tee(line: str) -> None:
            said.append(line)
            say(line)

        repo, full = graph_of(scanned, tee, verbose=selection.verbose)
        planned = _order(path, repo, full, scope, selection, tee, destroy=destroy, refuse_empty=True)
        _gate(planned, selection, tee, strict_contracts=strict_contracts)
        unresolved, unread = strict_counts(planned.repo)
        fresh.append(True)
        return render(planned.plan), {"said": said, "unresolved": unresolved, "unread": unread}

    def valid(meta: dict[str, Any]) -> bool:
        said = meta.get("said")
        return (
            isinstance(said, list)
            and all(isinstance(line, str) for line in said)
            and type(meta.get("unresolved")) is int
            and type(meta.get("unread")) is int
        )

    text, meta = scan_rendered(root, kind, _version(), compute, valid, env=selection.env)
    if not fresh:
        check_settings(root)
        for line in meta["said"]:
            say(line)
    return PlanText(text, int(meta["unresolved"]), int(meta["unread"]))


_VERSION: list[str] = []


def _version() -> str:
    """A digest of the code behind a plan's text beyond the scan (which the stored result's own version
    covers): choosing, ordering, contracts, rendering."""
    if not _VERSION:
        from stackgraph.cache import store

        pkg = Path(__file__).resolve().parent.parent
        sources = [p for folder in ("app", "graph", "render") for p in sorted((pkg / folder).rglob("*.py"))]
        sources += sorted(pkg.glob("*.py"))
        _VERSION.append(store.source_digest(sources, pkg, size=12))
    return _VERSION[0]
