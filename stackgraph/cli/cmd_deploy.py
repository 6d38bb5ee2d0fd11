"""`stackgraph up`, `preview`, `refresh` and `destroy`: the real Pulumi CLI over the graph.

Each command is the application's runner (app/running.py) with the Pulumi job factory
(run/pulumi/). Light at import time (typer and the shared options only): `stackgraph
--help` must stay fast and never import pulumi.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stackgraph.app.settings import RunSettings, Selection
from stackgraph.cli.common import confirmer, echo, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, SETTINGS, PathArg, grouped

if TYPE_CHECKING:
    from collections.abc import Mapping

    from stackgraph.model import StackId
    from stackgraph.run.types import Job, RunContext

CreateStacksOpt = Annotated[
    bool,
    typer.Option(
        "--create-stacks",
        help="Create the stacks missing in the backend (pulumi stack init), keeping the config in their stack "
        "files; without it a missing stack is an error, named before anything runs.",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="Destroy even when deployed stacks outside the selection depend on the selected ones."
    ),
]

SavePlanOpt = Annotated[
    Path | None,
    typer.Option(
        "--save-plan",
        metavar="DIR",
        help="Save what was previewed in the folder DIR (plan.json, schema stackgraph.saved-plan/v1, and each "
        "stack's Pulumi update plan), for `stackgraph up --plan DIR` to apply exactly that.",
    ),
]
PlanOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        metavar="DIR",
        help="Apply exactly the plan `preview --save-plan DIR` saved: refused (exit 2) when code, a stack file, a "
        "deployed state or the selection changed since; dependents are previewed again after their upstreams.",
    ),
]

PREVIEW_CAVEAT = (
    "stackgraph: note: each preview reads its upstream stacks' CURRENT outputs, not the outputs their "
    "pending updates would produce; a dependent's preview can change once its upstream is deployed"
)

SAVED_PREVIEW_NOTE = (
    "stackgraph: note: each preview reads its upstream stacks' CURRENT outputs; `up --plan` previews a "
    "dependent again once its upstreams are applied, and stops it if that adds operations (docs/deploying.md)"
)

DRY_CREATE_NOTE = (
    "stackgraph: note: --dry-run does not ask the backend: with --create-stacks, the stacks it lacks would "
    "first be created (pulumi stack init)"
)


def _run(
    operation: str,
    path: Path,
    selection: Selection,
    settings: RunSettings,
    *,
    create: bool = False,
    force: bool = False,
) -> None:
    """Plan the selection, check the backend, run one Pulumi operation per stack; raise for exit 1/2/130."""
    from stackgraph.app.running import check_state_folder, run_command
    from stackgraph.errors import UsageError
    from stackgraph.run import pulumi

    op = pulumi.Operation[operation]
    settings.validated()  # before the preview caveat: a bad option is the one thing said
    if op is pulumi.Operation.PREVIEW and settings.resume is not None:
        raise UsageError("--resume: preview deploys nothing to resume; use it with up, refresh, destroy or run")
    if not settings.dry_run:
        check_state_folder(path)  # so is a state folder that cannot be written
    if op is pulumi.Operation.PREVIEW and not settings.dry_run:
        eprint(PREVIEW_CAVEAT)
    if settings.dry_run and create:
        eprint(DRY_CREATE_NOTE)

    def make_jobs(ctx: RunContext) -> Mapping[StackId, Job]:
        if settings.dry_run:
            return pulumi.dry_jobs(ctx, op)
        return pulumi.make_jobs(ctx, op, create=create, force=force, say=eprint)

    run_command(
        path,
        command=op.value,
        settings=settings,
        make_jobs=make_jobs,
        say=eprint,
        destroy=op is pulumi.Operation.DESTROY,
        selection=selection,
        confirm=confirmer(settings.yes),
        show=echo,
    )


def _save_or_apply(
    operation: str, path: Path, selection: Selection, settings: RunSettings, bundle: Path, *, create: bool
) -> None:
    """`preview --save-plan DIR` or `up --plan DIR`."""
    from stackgraph.errors import UsageError

    settings.validated()
    flag = "--save-plan" if operation == "PREVIEW" else "--plan"
    if settings.dry_run:
        raise UsageError(f"--dry-run does not go with {flag}: a saved plan is about what really runs")
    if operation == "PREVIEW":
        from stackgraph.app.saved_plan import preview_and_save

        eprint(SAVED_PREVIEW_NOTE)
        preview_and_save(path, selection, settings, bundle, create=create, say=eprint)
    else:
        from stackgraph.app.apply_plan import apply_saved

        apply_saved(path, selection, settings, bundle, create=create, say=eprint, confirm=confirmer(settings.yes))


def _deploy_command(operation: str, doc: str) -> Callable[..., None]:
    """Make `refresh`: the same options as up and preview, one Pulumi operation."""

    @handle_errors
    @grouped
    def command(
        path: PathArg = Path(),
        selection: Selection = SELECTION,
        create_stacks: CreateStacksOpt = False,
        settings: RunSettings = SETTINGS,
    ) -> None:
        _run(operation, path, selection, settings, create=create_stacks)

    command.__name__ = command.__qualname__ = operation.lower()
    command.__doc__ = doc
    return command


@handle_errors
@grouped
def up(
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    create_stacks: CreateStacksOpt = False,
    plan: PlanOpt = None,
    settings: RunSettings = SETTINGS,
) -> None:
    """Deploy the stacks in dependency order (pulumi up), each as soon as its dependencies succeeded."""
    if plan is not None:
        _save_or_apply("UP", path, selection, settings, plan, create=create_stacks)
    else:
        _run("UP", path, selection, settings, create=create_stacks)


@handle_errors
@grouped
def preview(
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    create_stacks: CreateStacksOpt = False,
    save_plan: SavePlanOpt = None,
    settings: RunSettings = SETTINGS,
) -> None:
    """Preview every selected stack (pulumi preview) in dependency order; each sees its upstreams' CURRENT outputs."""
    if save_plan is not None:
        _save_or_apply("PREVIEW", path, selection, settings, save_plan, create=create_stacks)
    else:
        _run("PREVIEW", path, selection, settings, create=create_stacks)


refresh = _deploy_command(
    "REFRESH",
    "Refresh the state of every selected stack from its real resources (pulumi refresh), in dependency order.",
)


@handle_errors
@grouped
def destroy(
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    force: ForceOpt = False,
    settings: RunSettings = SETTINGS,
) -> None:
    """Destroy the resources of the selected stacks in reverse dependency order (pulumi destroy).

    Refuses when a deployed stack outside the selection depends on a selected one, unless --force. With
    --with-state it also reads the state of every deployed stack outside the selection, so that a dependent
    only its deployed state shows is found too.
    The stacks stay in the backend, empty, with their config.
    """
    _run("DESTROY", path, selection, settings, force=force)
