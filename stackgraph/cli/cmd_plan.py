"""`stackgraph plan`: the deployment order of the chosen stacks, as levels that can run in parallel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import Selection
from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, OutOpt, PathArg, StrictContractsOpt, format_option, grouped


@handle_errors
@grouped
def plan(
    path: PathArg = Path(),
    format: Annotated[
        str | None,
        format_option("table", "text", "json", "markdown", note="default: table on a terminal, else text"),
    ] = None,
    selection: Selection = SELECTION,
    destroy: Annotated[bool, typer.Option("--destroy", help="Show the order of destroy (reversed).")] = False,
    output: OutOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 (after printing the plan) when a stack reference cannot be resolved or a program file "
            "cannot be read: the order may miss an edge (for CI).",
        ),
    ] = False,
    strict_contracts: StrictContractsOpt = False,
) -> None:
    """Show the deployment order of the stacks in PATH, as levels that can run in parallel."""
    from stackgraph.app import planning
    from stackgraph.render.diagnostics import strict_counts, strict_line
    from stackgraph.render.plan_formats import RENDERERS, PlanFormat

    if format is None:
        format = "table" if output is None and sys.stdout.isatty() else "text"
    fmt = PlanFormat(check_format(format, (f.value for f in PlanFormat)))
    if fmt is PlanFormat.TABLE:  # a rich table: drawn for the terminal
        planned = planning.checked(path, selection, eprint, destroy=destroy, strict_contracts=strict_contracts)
        _print(RENDERERS[fmt](planned.plan), True, output)
        counts = strict_counts(planned.repo)
    else:
        made = planning.make_text(
            path, selection, eprint, RENDERERS[fmt], fmt=fmt.value, destroy=destroy, strict_contracts=strict_contracts
        )
        _print(made.text, False, output)
        counts = (made.unresolved, made.unread)
    failed = strict_line(*counts) if strict else None
    if failed is not None:
        eprint(failed)
        raise typer.Exit(1)


def _print(rendered: object, table: bool, output: Path | None) -> None:
    """Print the plan (a rich table on a terminal, or plain text to -o FILE), or emit its text."""
    if table:
        from rich.console import Console

        from stackgraph.termstyle import console_style

        if output is None:
            Console(file=sys.stdout, **console_style()).print(rendered)
            return
        import io

        console = Console(file=io.StringIO(), record=True, width=120)  # -o FILE: the table as plain text
        console.print(rendered)
        rendered = console.export_text()
    assert isinstance(rendered, str)
    emit(rendered, output)
