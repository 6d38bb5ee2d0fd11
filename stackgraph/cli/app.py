"""The typer application, built from the list of commands; nothing else.

A command lives in its own `cmd_*.py` module: a thin function that parses its
options, calls the application layer (stackgraph/app/), renders and exits. The
command modules are light at import time (typer and the shared options only): heavy
modules (networkx, graphviz, rich tables) are imported inside the commands so that
`stackgraph --help` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from stackgraph import __version__
from stackgraph.cli import (
    cmd_check,
    cmd_ci,
    cmd_deploy,
    cmd_diff,
    cmd_env,
    cmd_graph,
    cmd_ls,
    cmd_plan,
    cmd_report,
    cmd_run,
    cmd_scan,
    cmd_verify,
    cmd_why,
)
from stackgraph.cli.options import ResumableCommand
from stackgraph.cli.usage import StackgraphGroup

COMMANDS: tuple[tuple[str, Callable[..., None], dict[str, Any]], ...] = (
    ("scan", cmd_scan.scan, {}),
    ("plan", cmd_plan.plan, {}),
    ("graph", cmd_graph.graph, {}),
    ("run", cmd_run.run, {"cls": cmd_run.AfterDashCommand, "context_settings": {"allow_extra_args": True}}),
    ("up", cmd_deploy.up, {"cls": ResumableCommand}),
    ("preview", cmd_deploy.preview, {"cls": ResumableCommand}),
    ("refresh", cmd_deploy.refresh, {"cls": ResumableCommand}),
    ("destroy", cmd_deploy.destroy, {"cls": ResumableCommand}),
    ("ls", cmd_ls.ls, {}),
    ("why", cmd_why.why, {}),
    ("verify", cmd_verify.verify, {}),
    ("check", cmd_check.check, {}),
    ("diff", cmd_diff.diff, {}),
    ("ci", cmd_ci.ci, {}),
    ("report", cmd_report.report, {}),
)
"""(name, function, typer settings) of every command, in the order `--help` lists them."""

GROUPS: tuple[tuple[str, typer.Typer], ...] = (("env", cmd_env.app),)
"""(name, typer sub-app) of every command group (`stackgraph env up|down|ls|gc`), listed after COMMANDS."""


def _version(value: bool) -> None:
    if value:
        print(f"stackgraph {__version__}")
        raise typer.Exit(0)


def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """stackgraph: the order of your Pulumi stacks, found from their files and code."""


def build_app() -> typer.Typer:
    """Return the typer application with every command of COMMANDS."""
    app = typer.Typer(
        name="stackgraph",
        help="Find the dependency graph of the Pulumi stacks in a repository, and deploy them in order.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: rich's help panels cost ~0.2 s of start-up
        add_completion=False,  # typer's would import its completion modules on every start: see cli/usage.py
        cls=StackgraphGroup,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_main)
    for name, function, settings in COMMANDS:
        app.command(name, **settings)(function)
    for name, group in GROUPS:
        app.add_typer(group, name=name)
    return app


app = build_app()
