"""`stackgraph ls`: the stacks a selection takes, in deployment order, and why each was taken."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.cli.handler import eprint, handle_errors
from stackgraph.cli.options import EnvOpt, OutOpt, PathArg
from stackgraph.cli.selection import ChangedSinceOpt, ExcludeOpt, NoDependentsOpt, SelectOpt

EVERY_STACK = ("every stack (no selection)",)


@handle_errors
def ls(
    path: PathArg = Path(),
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    no_dependents: NoDependentsOpt = False,
    env: EnvOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    why: Annotated[bool, typer.Option("--why", help="Say for each stack why it was selected.")] = False,
    output: OutOpt = None,
) -> None:
    """List the selected stacks of PATH in deployment order (--why: and why each one)."""
    from stackgraph.cli.app import _emit, _load  # noqa: PLC0415 - app imports this module
    from stackgraph.cli.selection import choose_stacks  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.plan import make_plan  # noqa: PLC0415
    from stackgraph.render.ls_formats import RENDERERS, LsFormat  # noqa: PLC0415

    try:
        fmt = LsFormat(format)
    except ValueError:
        raise UsageError(f"--format {format}: choose one of {', '.join(f.value for f in LsFormat)}") from None
    repo, graph = _load(path, env)
    ids, reasons = choose_stacks(
        repo, graph, select=select, exclude=exclude, changed_since=changed_since, no_dependents=no_dependents, env=env
    )
    plan = make_plan(repo, graph, ids)
    if ids is None:
        reasons = dict.fromkeys(plan.stack_ids, EVERY_STACK)
    if not plan.stack_ids:
        eprint("stackgraph: no stack selected")
    _emit(RENDERERS[fmt](plan, reasons, explain=why), output)
