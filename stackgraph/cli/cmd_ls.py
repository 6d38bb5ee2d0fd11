"""`stackgraph ls`: the stacks a selection takes, in deployment order, and why each was taken."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import Selection
from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, OutOpt, PathArg, format_option, grouped

EVERY_STACK = ("every stack (no selection)",)


@handle_errors
@grouped
def ls(
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    format: Annotated[str, format_option("text", "json")] = "text",
    why: Annotated[bool, typer.Option("--why", help="Say for each stack why it was selected.")] = False,
    output: OutOpt = None,
) -> None:
    """List the selected stacks of PATH in deployment order (--why: and why each one)."""
    from stackgraph.app import planning
    from stackgraph.app.load import stackless_note
    from stackgraph.render.ls_formats import RENDERERS, LsFormat

    fmt = LsFormat(check_format(format, (f.value for f in LsFormat)))
    planned = planning.make(path, selection, eprint, refuse_empty=True)
    plan, (ids, reasons) = planned.plan, planned.chosen
    if ids is None:
        reasons = dict.fromkeys(plan.stack_ids, EVERY_STACK)
    if not plan.stack_ids:
        eprint("stackgraph: no stack selected")
    stackless_note(planned.repo, eprint)  # the projects it cannot list, as plan names them
    emit(RENDERERS[fmt](plan, reasons, explain=why), output)
