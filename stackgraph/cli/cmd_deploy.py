"""`stackgraph up`, `preview`, `refresh` and `destroy`: the real Pulumi CLI over the graph.

Each command is the shared runner (run/commands.py) with the Pulumi job factory
(run/pulumi/). Light at import time (typer and the shared options only): app.py
registers these commands and `stackgraph --help` must stay fast and never import pulumi.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stackgraph.cli.handler import eprint, handle_errors
from stackgraph.cli.options import (
    EnvOpt,
    FailFastOpt,
    JunitOpt,
    KillGraceOpt,
    ParallelismOpt,
    PathArg,
    ReportOpt,
    RetriesOpt,
    StrategyOpt,
    TimeoutOpt,
)
from stackgraph.cli.selection import ChangedSinceOpt, ExcludeOpt, NoDependentsOpt, SelectOpt, stack_selector

if TYPE_CHECKING:
    from stackgraph.run.pulumi import Operation

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

PREVIEW_CAVEAT = (
    "stackgraph: note: each preview reads its upstream stacks' CURRENT outputs, not the outputs their "
    "pending updates would produce; a dependent's preview can change once its upstream is deployed"
)


def _run(
    op: Operation,
    path: Path,
    *,
    env: str | None,
    select: list[str] | None,
    exclude: list[str] | None,
    changed_since: str | None,
    no_dependents: bool,
    parallelism: int,
    strategy: str,
    fail_fast: bool,
    timeout: float | None,
    retries: int,
    kill_grace: float,
    report: Path | None,
    junit: Path | None,
    create: bool = False,
    force: bool = False,
) -> None:
    """Plan the selection, check the backend, run one Pulumi operation per stack; raise for exit 1/2/130."""
    from stackgraph.plan import Direction  # noqa: PLC0415
    from stackgraph.run import pulumi  # noqa: PLC0415 - runs processes only, never imports the pulumi SDK
    from stackgraph.run.commands import run_command, run_settings  # noqa: PLC0415

    settings = run_settings(
        parallelism=parallelism, strategy=strategy, fail_fast=fail_fast, timeout=timeout, retries=retries,
        kill_grace=kill_grace, report=report, junit=junit,
    )  # fmt: skip
    if op is pulumi.Operation.PREVIEW:
        eprint(PREVIEW_CAVEAT)
    run_command(
        path,
        command=op.value,
        settings=settings,
        make_jobs=lambda ctx: pulumi.make_jobs(ctx, op, create=create, force=force, say=eprint),
        direction=Direction.DESTROY if op is pulumi.Operation.DESTROY else Direction.UP,
        select=stack_selector(
            select=select, exclude=exclude, changed_since=changed_since, no_dependents=no_dependents, env=env
        ),
    )  # fmt: skip


def _deploy_command(operation: str, doc: str) -> Callable[..., None]:
    """Make `up`, `preview` or `refresh`: the same options, one Pulumi operation each."""

    @handle_errors
    def command(
        path: PathArg = Path(),
        env: EnvOpt = None,
        select: SelectOpt = None,
        exclude: ExcludeOpt = None,
        changed_since: ChangedSinceOpt = None,
        no_dependents: NoDependentsOpt = False,
        create_stacks: CreateStacksOpt = False,
        parallelism: ParallelismOpt = 4,
        strategy: StrategyOpt = "eager",
        fail_fast: FailFastOpt = False,
        timeout: TimeoutOpt = None,
        retries: RetriesOpt = 0,
        kill_grace: KillGraceOpt = 10.0,
        report: ReportOpt = None,
        junit: JunitOpt = None,
    ) -> None:
        from stackgraph.run.pulumi import Operation  # noqa: PLC0415

        _run(
            Operation[operation], path, env=env, select=select, exclude=exclude, changed_since=changed_since,
            no_dependents=no_dependents, parallelism=parallelism, strategy=strategy, fail_fast=fail_fast,
            timeout=timeout, retries=retries, kill_grace=kill_grace, report=report, junit=junit, create=create_stacks,
        )  # fmt: skip

    command.__name__ = command.__qualname__ = operation.lower()
    command.__doc__ = doc
    return command


up = _deploy_command(
    "UP", "Deploy the stacks in dependency order (pulumi up), each as soon as its dependencies succeeded."
)
preview = _deploy_command(
    "PREVIEW",
    "Preview every selected stack (pulumi preview) in dependency order; each sees its upstreams' CURRENT outputs.",
)
refresh = _deploy_command(
    "REFRESH",
    "Refresh the state of every selected stack from its real resources (pulumi refresh), in dependency order.",
)


@handle_errors
def destroy(
    path: PathArg = Path(),
    env: EnvOpt = None,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    no_dependents: NoDependentsOpt = False,
    force: ForceOpt = False,
    parallelism: ParallelismOpt = 4,
    strategy: StrategyOpt = "eager",
    fail_fast: FailFastOpt = False,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 0,
    kill_grace: KillGraceOpt = 10.0,
    report: ReportOpt = None,
    junit: JunitOpt = None,
) -> None:
    """Destroy the resources of the selected stacks in reverse dependency order (pulumi destroy).

    Refuses when a deployed stack outside the selection depends on a selected one, unless --force.
    The stacks stay in the backend, empty, with their config.
    """
    from stackgraph.run.pulumi import Operation  # noqa: PLC0415

    _run(
        Operation.DESTROY, path, env=env, select=select, exclude=exclude, changed_since=changed_since,
        no_dependents=no_dependents, parallelism=parallelism, strategy=strategy, fail_fast=fail_fast,
        timeout=timeout, retries=retries, kill_grace=kill_grace, report=report, junit=junit, force=force,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add up, preview, refresh and destroy to the application."""
    for command in (up, preview, refresh, destroy):
        app.command(command.__name__)(command)
