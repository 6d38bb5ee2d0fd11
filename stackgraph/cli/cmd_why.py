"""`stackgraph why PATH A B`: the chain of evidence that makes one stack depend on another."""

from __future__ import annotations

from collections import deque
from typing import Annotated

import typer

from stackgraph.cli.common import emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import PathArg
from stackgraph.model import Edge, Repo, StackId


def dependency_path(repo: Repo, start: StackId, goal: StackId) -> list[Edge] | None:
    """The shortest chain of edges by which `start` depends on `goal` (ties: lexicographic), or None."""
    out: dict[StackId, list[Edge]] = {}
    for e in repo.edges:
        out.setdefault(e.dependent, []).append(e)
    came: dict[StackId, Edge | None] = {start: None}
    todo = deque([start])
    while todo:
        node = todo.popleft()
        if node == goal:
            break
        for e in sorted(out.get(node, []), key=lambda e: e.dependency):
            if e.dependency not in came:
                came[e.dependency] = e
                todo.append(e.dependency)
    if goal not in came or start == goal:
        return None
    chain: list[Edge] = []
    node = goal
    while (edge := came[node]) is not None:
        chain.append(edge)
        node = edge.dependent
    return chain[::-1]


def render_why(repo: Repo, a: StackId, b: StackId) -> tuple[str, bool]:
    """Explain how `a` and `b` are related: (text, whether one depends on the other)."""
    for first, second in ((a, b), (b, a)):
        chain = dependency_path(repo, first, second)
        if chain is not None:
            hops = "directly" if len(chain) == 1 else f"through {len(chain)} edges"
            lines = [f"{first} depends on {second} {hops} (deploy {second} first)"]
            for edge in chain:
                lines.append(f"{edge.dependent} -> {edge.dependency}")
                lines.extend(f"    {ev.kind}: {ev.location()} {ev.detail}".rstrip() for ev in edge.evidence)
            return "\n".join(lines) + "\n", True
    return f"{a} and {b} are independent: neither depends on the other\n", False


@handle_errors
def why(
    path: PathArg,
    a: Annotated[str, typer.Argument(help="A stack id, e.g. api/prod.")],
    b: Annotated[str, typer.Argument(help="Another stack id, e.g. networking/prod.")],
) -> None:
    """Print the chain of evidence (file:line, config key and file) between two stacks of PATH."""
    from stackgraph.app.load import load_listing  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415

    repo = load_listing(path, eprint)
    known = {s.id for s in repo.stacks} | set(repo.external) | set(repo.dangling)
    for name in (a, b):
        if name not in known:
            import difflib  # noqa: PLC0415

            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"'{name}' is no stack of {path}{hint}; run `stackgraph scan {path}` to list them")
    text, related = render_why(repo, StackId(a), StackId(b))
    emit(text, None)
    if not related:
        raise typer.Exit(1)
