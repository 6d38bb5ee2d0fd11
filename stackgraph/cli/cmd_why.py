"""`stackgraph why PATH A B`: the chain of evidence that makes one stack depend on another."""

from __future__ import annotations

from typing import Annotated

import typer

from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import OutOpt, PathArg, complete_stack_id, format_option
from stackgraph.model import StackId


@handle_errors
def why(
    path: PathArg,
    a: Annotated[str, typer.Argument(help="A stack id, e.g. api/prod.", autocompletion=complete_stack_id)],
    b: Annotated[str, typer.Argument(help="Another stack id, e.g. networking/prod.", autocompletion=complete_stack_id)],
    format: Annotated[str, format_option("text", "json")] = "text",
    output: OutOpt = None,
) -> None:
    """Print the chain of evidence (file:line, config key and file) between two stacks of PATH.

    Exits 1 when neither depends on the other (after printing so).
    """
    from stackgraph.app.load import load_listing
    from stackgraph.errors import UsageError
    from stackgraph.render.why import RENDERERS, WhyFormat, find_chain

    fmt = WhyFormat(check_format(format, (f.value for f in WhyFormat)))
    repo, graph = load_listing(path, eprint)
    known = {s.id for s in repo.stacks} | set(repo.external) | set(repo.dangling)
    for name in (a, b):
        if name not in known:
            from stackgraph.errors import closest

            close = closest(name, sorted(known))
            hint = f" (did you mean '{close}'?)" if close else ""
            raise UsageError(f"'{name}' is no stack of {path}{hint}; run `stackgraph scan {path}` to list them")
    if a == b:
        raise UsageError(f"'{a}' and '{b}' are the same stack; name two different stacks to see what links them")
    chain = find_chain(repo, graph, StackId(a), StackId(b))
    emit(RENDERERS[fmt](chain), output)
    if not chain.related:
        raise typer.Exit(1)
