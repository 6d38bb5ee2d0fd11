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
    """Write the plan to stdout or -o FILE: its text, or a rich table drawn as text first (`_drawn`)."""
    text = _drawn(rendered, for_stdout=output is None) if table else rendered
    assert isinstance(text, str)
    emit(text, output)


def _drawn(table: object, *, for_stdout: bool) -> str:
    """A rich table as text: for stdout with its width and colours, for a file plain and 120 wide.

    Drawn into a string rather than printed by rich, so that `emit` writes it: a full disk on stdout
    is then one line and exit 2, as for every other output.
    """
    import io

    from rich.console import Console

    from stackgraph.termstyle import console_style

    buffer = io.StringIO()
    if not for_stdout:
        console = Console(file=buffer, record=True, width=120)
        console.print(table)
        return console.export_text()
    tty = Console(file=sys.stdout, **console_style())  # what stdout is: a terminal, its width, its colours
    drawn = Console(
        file=buffer,
        force_terminal=tty.is_terminal,
        width=tty.width,
        color_system=tty.color_system,  # type: ignore[arg-type]  # a name rich gave, typed as str
    )
    drawn.print(table)
    return buffer.getvalue()
