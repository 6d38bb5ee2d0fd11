"""`verify`: the graph inferred from code compared with the stack references in deployed state.

A reference in state that the graph does not order before its stack is an error (the order may
be wrong), and names why the scan missed it; one the graph orders only through a chain is a
warning; a program's edge that state lacks, a declared edge state cannot confirm, and a stack
never deployed are infos. A selected stack that is not deployed or whose state cannot be read is not
verified: `unverified_lines` says which and what to do (the command then exits 2, see cli/cmd_verify.py).
Pure apart from `verify`, which loads, chooses and reads state.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.deployed import DeployedReference, DeployedState, Finding, FindingCode, StateStatus, Verification
from stackgraph.model import EdgeKind, Reference, Repo, Severity, Stack, StackId

if TYPE_CHECKING:
    from stackgraph.app.settings import Say, Selection
    from stackgraph.graph.dag import StackGraph


def verify(path: Path, selection: Selection, say: Say, *, parallelism: int = 8) -> Verification:
    """Load `path`, choose the stacks of `selection`, read their deployed state and compare it with the graph.

    Raises `StackgraphError` (exit 2) for bad input that stops everything (no engine, a cycle, a bad
    selector); a stack whose state cannot be read is in the result's `unreadable`, the rest is compared.
    """
    from stackgraph.app.choose import choose
    from stackgraph.app.deployed import read_deployed
    from stackgraph.app.load import load, locate, refuse_without_stacks
    from stackgraph.errors import UsageError

    if selection.with_state:
        say("stackgraph: note: verify reads the deployed state anyway and compares it with the graph from code")
    root, scope = locate(path, say)
    repo, graph = load(root, say, selection.env, verbose=selection.verbose, deploying=True)
    chosen = choose(repo, graph, selection.within(scope), say).ids
    ids = sorted(s.id for s in repo.stacks if chosen is None or s.id in chosen)
    if not ids:
        refuse_without_stacks(path, repo)  # no stack file at all: names --env, as plan does
        raise UsageError(f"{path}: no stack to verify; check the path and the selection")
    deployed = read_deployed(repo, ids, say, parallelism=parallelism)
    return Verification(deployed.backend, tuple(deployed.states.values()), tuple(compare(repo, graph, deployed.states)))


def compare(repo: Repo, graph: StackGraph, states: Mapping[StackId, DeployedState]) -> list[Finding]:
    """Every finding for `states` against the graph of `repo`, sorted (severity, stack, target)."""
    by_id = repo.stack_by_id()
    out: list[Finding] = []
    for sid, st in sorted(states.items()):
        if st.status is StateStatus.NOT_DEPLOYED:
            out.append(_not_deployed(repo, st))
        elif st.status is StateStatus.DEPLOYED:
            out.extend(_compare_stack(repo, graph, by_id[sid], st))
    return sorted(out, key=lambda f: (_RANK[f.severity], f.stack, f.target or "", f.code, f.urn))


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _not_deployed(repo: Repo, st: DeployedState) -> Finding:
    edges = sum(1 for e in repo.edges if e.dependent == st.stack)
    unconfirmed = f"; its {edges} edge(s) in the graph are not confirmed" if edges else ""
    message = f"{st.stack} is not deployed ({_why(st)}): nothing to compare, so it is not verified{unconfirmed}"
    return Finding(Severity.INFO, FindingCode.NOT_DEPLOYED, st.stack, None, message)


def _why(st: DeployedState) -> str:
    return st.problem.removeprefix(f"{st.stack}: ")


def unverified_lines(v: Verification) -> list[str]:
    """The lines that make `v` incomplete, each naming its stacks and what to do; [] when every selected
    stack was read and is deployed.

    One line per problem reading state (stacks that share it together), one per reason a stack is not
    deployed (every such stack named), then one line: that no selected stack is deployed in the backend
    (when none is and every state was read: the wrong backend?), else how many stacks were not verified.
    """
    from stackgraph.app.deployed import problem_lines

    lines = problem_lines(v.unreadable)
    absent: dict[str, list[StackId]] = {}
    for st in v.not_deployed:
        absent.setdefault(_why(st), []).append(st.stack)
    for why, ids in sorted(absent.items(), key=lambda kv: sorted(kv[1])):
        them = "it" if len(ids) == 1 else "them"
        lines.append(
            f"{', '.join(sorted(ids))}: not deployed ({why}): nothing to verify; deploy {them} first, or leave "
            f"{them} out of the selection (-s, --exclude, --env)"
        )
    if not lines:
        return []
    deployed = sum(1 for s in v.states if s.status is StateStatus.DEPLOYED)
    if deployed == 0 and not v.unreadable:
        lines.append(
            f"none of the {len(v.states)} selected stack(s) is deployed in the backend {v.backend}: nothing was "
            "verified; check that PULUMI_BACKEND_URL (or `pulumi login`) points at the backend they were deployed to"
        )
    else:
        lines.append(f"verify is incomplete: {len(v.states) - deployed} of {len(v.states)} stack(s) not verified")
    return lines


def _compare_stack(repo: Repo, graph: StackGraph, stack: Stack, st: DeployedState) -> list[Finding]:
    out: list[Finding] = []
    read: dict[StackId, DeployedReference] = {}
    for ref in st.references:
        if ref.target is None:
            out.append(_unnamed(stack, ref))
        elif ref.target != stack.id:
            read.setdefault(ref.target, ref)
    direct = set(graph.dependencies(stack.id))
    for target, ref in sorted(read.items()):
        if target not in direct:
            out.append(_missed(repo, graph, stack, ref, target))
    for edge in repo.edges:
        if edge.dependent == stack.id and edge.dependency not in read:
            out.append(
                _unconfirmed(stack.id, edge.dependency, edge.kinds, tuple(ev.location() for ev in edge.evidence))
            )
    return out


def _unnamed(stack: Stack, ref: DeployedReference) -> Finding:
    message = (
        f"{stack.id} has a StackReference in its deployed state ({ref.urn}) whose name cannot be read (a secret "
        f"name?): the stack it reads is unknown; declare it with stackgraph:dependsOn in {stack.file}"
    )
    return Finding(Severity.WARNING, FindingCode.UNNAMED, stack.id, None, message, ref.urn, ref.positions)


def _missed(repo: Repo, graph: StackGraph, stack: Stack, ref: DeployedReference, target: StackId) -> Finding:
    why, sites = why_missed(repo, stack, ref)
    chain = graph.shortest_path(stack.id, target) if target in graph else None
    if chain is not None:
        message = (
            f"{stack.id} reads {target} in its deployed state ({ref.urn}); the graph orders it only through "
            f"{' -> '.join(chain)}, not directly: {why}; the order holds while that chain does"
        )
        return Finding(Severity.WARNING, FindingCode.INDIRECT, stack.id, target, message, ref.urn, sites)
    declare = f"declare it (stackgraph:dependsOn: [{target}] in {stack.file})"
    if not any(s.id == target for s in repo.stacks):  # external or dangling: stackgraph never deploys it
        message = (
            f"{stack.id} reads {target} in its deployed state ({ref.urn}), a stack outside this repository's stack "
            f"files that the graph does not show: {why}; the order is not at stake, the picture is: {declare}"
        )
        return Finding(Severity.WARNING, FindingCode.MISSING_OUTSIDE, stack.id, target, message, ref.urn, sites)
    message = (
        f"{stack.id} reads {target} in its deployed state ({ref.urn}), but the graph has no edge {stack.id} -> "
        f"{target}: {why}; the order may be wrong: make the name static, {declare}, or order with --with-state"
    )
    return Finding(Severity.ERROR, FindingCode.MISSING_EDGE, stack.id, target, message, ref.urn, sites)


def why_missed(repo: Repo, stack: Stack, ref: DeployedReference) -> tuple[str, tuple[str, ...]]:
    """Why the scan has no edge for a reference found in state, and the program sites that says it about."""
    mine = [r for r in repo.references if r.project_path == stack.project_path and r.stack in (stack.name, None)]
    at = [r for r in mine if r.site in ref.positions]
    if at:
        return _at_site(at[0]), (at[0].site,)
    if ref.positions:
        return _no_site(repo, ref.positions[0]), (ref.positions[0],)
    unresolved = [r for r in mine if not r.resolved]
    if unresolved:
        listed = ", ".join(f"{r.site} ({r.reason})" for r in unresolved)
        return f"the scan left {len(unresolved)} site(s) of project {stack.project} unresolved: {listed}", tuple(
            r.site for r in unresolved
        )
    return f"the scan found no StackReference in the program of project {stack.project} that names it", ()


def _at_site(site: Reference) -> str:
    if not site.resolved:
        return f"the scan left {site.site} unresolved ({site.reason})"
    return f"the scan resolved {site.site} to {site.target_id}, but the deployed reference made there reads another"


def _no_site(repo: Repo, position: str) -> str:
    file = position.rsplit(":", 1)[0]
    skipped = next((k for k in repo.skipped if file == k.file or file.startswith(k.file.rstrip("/") + "/")), None)
    if skipped is not None:
        return f"it is made at {position}, in a file the scan skipped ({skipped.reason}: {skipped.file})"
    unread = next((d for d in repo.diagnostics if d.file == file and d.severity is not Severity.INFO), None)
    if unread is not None:
        return f"it is made at {position}; the scan said about {file}: {unread.message}"
    return f"it is made at {position}, where the scan found no StackReference"


def _unconfirmed(sid: StackId, dep: StackId, kinds: tuple[EdgeKind, ...], sites: tuple[str, ...]) -> Finding:
    where = ", ".join(sites)
    if EdgeKind.CODE in kinds:
        message = (
            f"{sid} -> {dep} is in the graph ({where}) but not in the deployed state of {sid}: not deployed since "
            "the reference was added, or the reference was removed"
        )
        return Finding(Severity.INFO, FindingCode.NOT_IN_STATE, sid, dep, message, "", sites)
    message = f"{sid} -> {dep} is declared ({where}), not a StackReference: the deployed state cannot confirm it"
    return Finding(Severity.INFO, FindingCode.DECLARED, sid, dep, message, "", sites)
