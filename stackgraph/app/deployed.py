"""Deployed state in the graph: read the stack references of deployed stacks, and add them (`--with-state`).

`read_deployed` asks the backend (through run/pulumi/state.py: `pulumi stack export`, secrets
never decrypted) and resolves each referenced name to a node id as the scan does;
`add_state` returns the repository with an edge of kind `state` per reference (evidence: the
stack whose state holds it and the resource URN) and with each unresolved program site that
the state answers with exactly one stack resolved. Without `--with-state` nothing here runs.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stackgraph.deployed import DeployedReference, DeployedState, StateStatus
from stackgraph.discovery.resolve import Resolver
from stackgraph.model import (
    Diagnostic,
    DiagnosticCode,
    Edge,
    EdgeKind,
    Evidence,
    Reference,
    Repo,
    Severity,
    StackId,
    Target,
)

if TYPE_CHECKING:
    from stackgraph.app.settings import Say, Selection


class Deployed(NamedTuple):
    """The backend that was asked and the state of each stack asked about (sorted by id)."""

    backend: str
    states: dict[StackId, DeployedState]


def read_deployed(repo: Repo, ids: Iterable[StackId], say: Say, *, parallelism: int = 8) -> Deployed:
    """Read the deployed state of `ids` (stacks of the tree) and resolve the names they reference.

    Raises `ToolMissingError` (no engine) or `InputError` (a name unsafe to pass), exit 2. A stack whose
    state cannot be read is UNREADABLE in the result, with the one line to print; nothing is decrypted.
    """
    from stackgraph.run.pulumi.engine import prepare
    from stackgraph.run.pulumi.state import read_states

    wanted = sorted(set(ids))
    engine = prepare(repo, wanted, secrets=False)
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    states = read_states(engine, repo, wanted, parallelism=parallelism)
    names = namer(repo)
    resolved = {
        sid: dataclasses.replace(st, references=tuple(sorted(names(r) for r in st.references)))
        for sid, st in states.items()
    }
    return Deployed(engine.backend.describe(), resolved)


def namer(repo: Repo) -> _Namer:
    """Return the function that sets the `target` of a reference read from `repo`'s state."""
    from stackgraph.config import load_settings

    resolver = Resolver(
        (s.id for s in repo.stacks), (p.name for p in repo.projects), load_settings(Path(repo.root)).org
    )
    return _Namer(repo, resolver)


class _Namer:
    """Resolve a referenced name as the engine reads it: `stack`, `org/stack` (both in the referencing
    project) or `org/project/stack`."""

    def __init__(self, repo: Repo, resolver: Resolver) -> None:
        self.resolver = resolver
        self.project_of = {s.id: s.project for s in repo.stacks}

    def __call__(self, ref: DeployedReference) -> DeployedReference:
        target = parse_name(ref.name, self.project_of[ref.stack])
        if target is None:
            return ref
        project = self.project_of[ref.stack]
        local = self.resolver.local_id(target, project=project)
        return dataclasses.replace(ref, target=local or self.resolver.external_id(target))


def parse_name(name: str, project: str) -> Target | None:
    """The target of a StackReference name as the engine parses it; None for an empty or malformed name."""
    parts = name.split("/")
    if not name or not all(parts) or len(parts) > 3:
        return None
    if len(parts) == 1:
        return Target(None, project, parts[0])
    if len(parts) == 2:
        return Target(parts[0], project, parts[1])
    return Target(parts[0], parts[1], parts[2])


def state_evidence(ref: DeployedReference) -> Evidence:
    """The evidence of an edge read from state: the stack whose state holds it, and the resource URN."""
    return Evidence(EdgeKind.STATE, f"state:{ref.stack}", None, ref.urn)


def add_state(repo: Repo, states: Mapping[StackId, DeployedState]) -> Repo:
    """`repo` with the references of deployed `states` as edges of kind `state`, and the unresolved program
    sites that state answers with exactly one stack resolved (their warnings become notes)."""
    grouped: dict[tuple[StackId, StackId], tuple[set[EdgeKind], set[Evidence]]] = {
        (e.dependent, e.dependency): (set(e.kinds), set(e.evidence)) for e in repo.edges
    }
    for ref in _deployed_refs(states):
        if ref.target is not None and ref.target != ref.stack:
            kinds, evidence = grouped.setdefault((ref.stack, ref.target), (set(), set()))
            kinds.add(EdgeKind.STATE)
            evidence.add(state_evidence(ref))
    edges = tuple(
        Edge(a, b, tuple(sorted(kinds)), tuple(sorted(ev))) for (a, b), (kinds, ev) in sorted(grouped.items())
    )
    ids = {s.id for s in repo.stacks}
    projects = {p.name for p in repo.projects}
    others = {e.dependency for e in edges} - ids
    dangling = {o for o in others if o in repo.dangling or (o.count("/") == 1 and o.split("/")[0] in projects)}
    references = resolve_sites(repo, states)
    return dataclasses.replace(
        repo,
        edges=edges,
        external=tuple(sorted(others - dangling)),
        dangling=tuple(sorted(dangling)),
        references=references,
        diagnostics=_notes(repo, references),
    )


def _deployed_refs(states: Mapping[StackId, DeployedState]) -> list[DeployedReference]:
    return [r for sid in sorted(states) if states[sid].status is StateStatus.DEPLOYED for r in states[sid].references]


def resolve_sites(repo: Repo, states: Mapping[StackId, DeployedState]) -> tuple[Reference, ...]:
    """The references of `repo`, each unresolved site of a deployed stack resolved when its state names
    exactly one stack for it: the references made at that site (the engine records where), else, for the
    one unresolved site of a stack, the references no resolved site or declaration explains."""
    by_id = repo.stack_by_id()
    out = list(repo.references)
    for sid, st in sorted(states.items()):
        if st.status is not StateStatus.DEPLOYED or sid not in by_id:
            continue
        stack = by_id[sid]
        mine = [i for i, r in enumerate(out) if r.project_path == stack.project_path and r.stack == stack.name]
        open_ = [i for i in mine if not out[i].resolved]
        explained = {out[i].target_id for i in mine if out[i].resolved}
        explained |= {e.dependency for e in repo.edges if e.dependent == sid and EdgeKind.EXPLICIT in e.kinds}
        known_sites = {out[i].site for i in mine if out[i].resolved}
        loose = [r for r in st.references if r.target not in explained and not known_sites & set(r.positions)]
        for i in open_:
            at = {r.target for r in st.references if out[i].site in r.positions}
            found = at or ({r.target for r in loose} if len(open_) == 1 else set())
            if len(found) == 1 and None not in found:
                ref = next(r for r in st.references if r.target in found)
                out[i] = _resolved(out[i], ref)
    return tuple(out)


def _resolved(site: Reference, ref: DeployedReference) -> Reference:
    return dataclasses.replace(
        site,
        resolved=True,
        target=parse_name(ref.name, site.project),
        target_id=ref.target,
        reason="",
        detail=f"from the deployed state of {ref.stack}: {ref.urn}",
    )


def _notes(repo: Repo, references: tuple[Reference, ...]) -> tuple[Diagnostic, ...]:
    """The scan's diagnostics, with the warning of each site that state resolved everywhere made a note."""
    still = {r.site for r in references if not r.resolved}
    now: dict[str, set[str]] = defaultdict(set)
    for before, after in zip(repo.references, references, strict=True):
        if not before.resolved and after.resolved:
            now[after.site].add(f"{after.target_id}")
    out = []
    for d in repo.diagnostics:
        site = f"{d.file}:{d.line}"
        if d.code is DiagnosticCode.UNRESOLVED and site in now and site not in still:
            found = ", ".join(sorted(now[site]))
            message = f"StackReference resolved from deployed state (--with-state): {found}; was: {d.message}"
            d = Diagnostic(Severity.INFO, DiagnosticCode.UNRESOLVED, message, d.file, d.line)
        out.append(d)
    return tuple(sorted(out))


def with_deployed_state(repo: Repo, say: Say, selection: Selection | None = None) -> Repo:
    """`repo` with what the deployed state of the stacks `selection` needs adds (`--with-state`); says what
    it read. `selection` None (scan): every stack of the repository.

    The stacks read are the ones `selection` chooses and every stack upstream of them (their order runs
    through those), the choice made again on the graph with what state added until nothing new is
    needed; when the selection follows dependents (`x+`, `@x`, a changed ref), also the stacks of its
    environment (`--env`) with an unresolved site, whose edges only state can tell. Nothing else is
    asked: `plan --env dev --with-state` never reads a prod stack. For destroy
    (`selection.deployed_dependents`), also every stack of the repository outside those that the backend
    lists as deployed (`pulumi stack ls`, one question): the only possible dependents the refusal must see.
    Raises `UsageError` (exit 2) when the state of some stack read cannot be read (every such line said
    first): an order from a graph that misses what that state would add could be wrong.
    """
    from stackgraph.app.settings import Selection

    selection = selection or Selection()
    read: dict[StackId, DeployedState] = {}
    notices: set[str] = set()
    merged, backend = repo, ""

    def once(line: str) -> None:  # each round asks the engine again: say its notices only the first time
        if line not in notices:
            notices.add(line)
            say(line)

    live = _deployed_elsewhere(repo, selection, once) if selection.deployed_dependents else frozenset()
    while True:
        new = sorted((needed(merged, selection) | live) - read.keys())
        if not new:
            break
        deployed = read_deployed(repo, new, once)
        backend = deployed.backend
        _refuse_unreadable(deployed.states.values(), say, live)
        read.update(deployed.states)
        before, merged = merged, add_state(repo, read)
        if merged.edges == before.edges:  # the same graph: the same choice, nothing more needed
            break
    if not backend:  # nothing to read (an empty choice): still name the backend asked
        backend = read_deployed(repo, [], once).backend
    elsewhere = len(live - needed(merged, selection)) if selection.deployed_dependents else None
    _say_read(repo, merged, read, backend, say, elsewhere)
    return merged


def _deployed_elsewhere(repo: Repo, selection: Selection, say: Say) -> frozenset[StackId]:
    """The stacks of `repo` outside what `selection` needs that the backend lists as deployed (with
    resources): a dependent of a stack destroy is asked to destroy can only be one of them."""
    from stackgraph.run.pulumi.backend import stack_states
    from stackgraph.run.pulumi.engine import prepare

    others = sorted({s.id for s in repo.stacks} - needed(repo, selection))
    if not others:
        return frozenset()
    engine = prepare(repo, others, secrets=False)
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    return frozenset(sid for sid, st in stack_states(engine, repo, others).items() if st.deployed)


def needed(repo: Repo, selection: Selection) -> frozenset[StackId]:
    """The stacks of `repo` whose deployed state `--with-state` reads for `selection` (see
    `with_deployed_state`); every stack when the selection chooses every stack."""
    from stackgraph.app.choose import choose
    from stackgraph.app.settings import Selection
    from stackgraph.graph.build import build_graph

    stacks = frozenset(s.id for s in repo.stacks)
    if not (selection.select or selection.exclude or selection.changed_since or selection.env or selection.scope):
        return stacks
    graph = build_graph(repo)
    chosen = choose(repo, graph, selection, _quiet).ids
    if chosen is None:
        return stacks
    out = set(chosen)
    for sid in chosen:
        out.update(graph.ancestors(sid))
    if _follows_dependents(selection):
        pool = choose(repo, graph, Selection(env=selection.env, scope=selection.scope), _quiet).ids
        out.update(sid for sid in _open(repo) if pool is None or sid in pool)
    return frozenset(out) & stacks


def _quiet(_line: str) -> None:
    """The choice made to know what to read says nothing: the command's own choice says its warnings."""


def _follows_dependents(selection: Selection) -> bool:
    """Whether the selection takes stacks downstream of others (`x+`, `@x`, a changed ref with dependents)."""
    from stackgraph.graph.selector import PartKind, parse

    changes = not selection.no_dependents
    if selection.changed_since is not None and changes:
        return True
    parts = [
        p
        for origin, texts in (("--select", selection.select), ("--exclude", selection.exclude))
        for text in texts
        for t in parse(text, origin).terms
        for p in t.parts
    ]
    return any(p.down is not None or p.at or (p.kind is PartKind.CHANGED and changes) for p in parts)


def _open(repo: Repo) -> set[StackId]:
    """The stacks with a StackReference site the scan left unresolved: only state tells what they read."""
    sites = {(r.project_path, r.stack) for r in repo.references if not r.resolved}
    return {s.id for s in repo.stacks if (s.project_path, s.name) in sites or (s.project_path, None) in sites}


def _refuse_unreadable(states: Iterable[DeployedState], say: Say, outside: frozenset[StackId]) -> None:
    """Stop when a state could not be read; `outside`: the deployed stacks destroy reads as possible dependents."""
    from stackgraph.errors import UsageError

    bad = [st for st in states if st.status is StateStatus.UNREADABLE]
    if not bad:
        return
    for line in problem_lines(bad):
        say(f"stackgraph: error: {line}")
    head = f"--with-state: the state of {len(bad)} stack(s) could not be read (said above)"
    dependents = sorted(st.stack for st in bad if st.stack in outside)
    if not dependents:
        raise UsageError(f"{head}; fix that, or run without --with-state")
    are, its = ("is", "its") if len(dependents) == 1 else ("are", "their")
    raise UsageError(
        f"{head}; {_listed(dependents)} {are} deployed outside the selection and could depend on a stack to destroy "
        "(destroy reads every deployed stack, in every environment: a stack may read one of another environment); "
        f"give this run access to {its} backend, or run without --with-state (then only the dependents the code "
        "names are checked)"
    )


def _say_read(
    repo: Repo, merged: Repo, states: Mapping[StackId, DeployedState], backend: str, say: Say, elsewhere: int | None
) -> None:
    """Say what was read; `elsewhere`: for destroy, how many deployed stacks outside the selection were read."""
    absent = sorted(sid for sid, st in states.items() if st.status is StateStatus.NOT_DEPLOYED)
    added = len({(e.dependent, e.dependency) for e in merged.edges if e.kinds == (EdgeKind.STATE,)})
    resolved = sum(1 for a, b in zip(repo.references, merged.references, strict=True) if a.resolved != b.resolved)
    say(
        f"stackgraph: --with-state: read {len(states) - len(absent)} deployed stack(s) from {backend}: "
        f"{added} edge(s) only state knows, {resolved} unresolved site(s) resolved"
    )
    others = len(repo.stacks) - len(states)
    if others and elsewhere is not None:
        say(
            f"stackgraph: note: --with-state: read the {len(states) - elsewhere} stack(s) the selection needs "
            f"(chosen, upstream of them) and the {elsewhere} deployed outside it (its possible dependents); not "
            f"the {others} other(s), not deployed"
        )
    elif others:
        say(
            f"stackgraph: note: --with-state: read only the {len(states)} stack(s) the selection needs (chosen, "
            f"upstream of them); not the {others} other(s)"
        )
    if absent:
        say(f"stackgraph: note: --with-state: not deployed, nothing in state to add: {_listed(absent)}")


def problem_lines(states: Iterable[DeployedState]) -> list[str]:
    """One line per problem of reading state, the stacks that share it named together (sorted)."""
    by_text: dict[str, list[StackId]] = defaultdict(list)
    for st in states:
        by_text[st.problem.removeprefix(f"{st.stack}: ")].append(st.stack)
    return [f"{_listed(sorted(ids))}: {text}" for text, ids in sorted(by_text.items(), key=lambda kv: sorted(kv[1]))]


def _listed(ids: list[StackId], most: int = 5) -> str:
    more = f" and {len(ids) - most} more" if len(ids) > most else ""
    return ", ".join(ids[:most]) + more
