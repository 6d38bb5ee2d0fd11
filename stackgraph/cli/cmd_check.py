"""`stackgraph check`: every output a stack reads must be one its producer exports."""

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
def check(
    path: PathArg = Path(),
    format: Annotated[str, format_option("text", "json", note="json: stackgraph.check/v1")] = "text",
    selection: Selection = SELECTION,
    unused: Annotated[
        bool, typer.Option("--unused", help="Also list the outputs a selected project exports that no stack reads.")
    ] = False,
    output: OutOpt = None,
) -> None:
    """Check that every output the selected stacks read is one their producer exports (exit 1 on errors).

    A read from a producer whose exports cannot all be read (a computed key, a spread, a loop) is an
    info, never an error; a stack outside the repository is never checked. See docs/contracts.md.
    """
    from stackgraph.app.contracts import check_path
    from stackgraph.render.check_formats import render_json, render_text

    check_format(format, ("text", "json"))
    result = check_path(path, selection, eprint, unused=unused)
    emit(render_json(result) if format == "json" else render_text(result), output)
    if result.errors:
        raise typer.Exit(1)
