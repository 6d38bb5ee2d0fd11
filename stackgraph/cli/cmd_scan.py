"""`stackgraph scan`: the projects, stacks, references and dependencies found, with their evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import OutOpt, PathArg, WithStateOpt, format_option


@handle_errors
def scan(
    path: PathArg = Path(),
    format: Annotated[str, format_option("text", "json")] = "text",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when a stack reference cannot be resolved or a program file cannot be read (for CI).",
        ),
    ] = False,
    output: OutOpt = None,
    with_state: WithStateOpt = False,
) -> None:
    """List the projects, stacks, references and dependencies found in PATH, with their evidence."""
    from stackgraph.app.load import load_rendered
    from stackgraph.render.diagnostics import strict_line

    check_format(format, ("text", "json"))
    done = load_rendered(path, format, with_state=eprint if with_state else None)
    said = set(done.listed) if output is None else set()  # the text on stdout says these already: once
    for line in done.warnings:
        if line not in said:
            eprint(line)
    emit(done.text, output)
    failed = strict_line(done.unresolved, done.unread) if strict else None
    if failed is not None:
        eprint(failed)
        raise typer.Exit(1)
