"""`stackgraph verify`: the graph from code compared with the stack references in deployed state."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import Selection
from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, OutOpt, PathArg, format_option, grouped


@handle_errors
@grouped
def verify(
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    format: Annotated[str, format_option("text", "json", note="json: stackgraph.verify/v1")] = "text",
    parallelism: Annotated[
        int,
        typer.Option("--parallelism", "-p", metavar="N", help="Read the state of at most N stacks at the same time."),
    ] = 8,
    output: OutOpt = None,
) -> None:
    """Compare the graph with the stack references in the deployed state of the selected stacks.

    Reads each stack's state with `pulumi stack export` (secrets are never decrypted). Exit 1 when state
    reads a stack the graph does not order first; exit 2 when some selected stack was not verified (its
    state could not be read, or it is not deployed), even when errors were found too: they are still
    reported, and an incomplete verify must not pass for a finished one.
    """
    from stackgraph.app.verify import unverified_lines
    from stackgraph.app.verify import verify as run_verify
    from stackgraph.errors import UsageError
    from stackgraph.model import Severity
    from stackgraph.render.verify_formats import RENDERERS, VerifyFormat

    fmt = VerifyFormat(check_format(format, (f.value for f in VerifyFormat)))
    if parallelism < 1:
        raise UsageError(f"--parallelism {parallelism}: read at least 1 stack at a time")
    result = run_verify(path, selection, eprint, parallelism=parallelism)
    emit(RENDERERS[fmt](result), output)
    errors = result.count(Severity.ERROR)
    if errors:
        eprint(f"stackgraph: {errors} reference(s) in deployed state that the graph does not order (see above)")
    incomplete = unverified_lines(result)
    if incomplete:  # not a UsageError: under -f json the document is out already and says `complete: false`
        for line in incomplete:
            eprint(f"stackgraph: error: {line}")
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)
