"""`stackgraph env up|down|ls|gc`: ephemeral copies of a whole environment (stackgraph/app/envs.py).

Light at import time (typer and the shared options only): the Pulumi Automation API is imported
by the env use cases when they run, never by `stackgraph --help`.
"""

from __future__ import annotations

import enum
import time
from pathlib import Path
from typing import Annotated

import typer

from stackgraph.app.settings import RunSettings, Selection
from stackgraph.cli.common import check_format, confirmer, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, SETTINGS, OutOpt, PathArg, format_option, grouped
from stackgraph.errors import UsageError

app = typer.Typer(
    name="env",
    help="Ephemeral environments: copy the stacks of one environment under a new name, deploy, take down.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)

NameArg = Annotated[str, typer.Argument(help="The environment's name: the name of every stack it creates (pr-7).")]
FromOpt = Annotated[
    str,
    typer.Option("--from", metavar="BASE", help="The environment to copy: the stacks named BASE (dev)."),
]
ShareOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--share",
        metavar="EXPR",
        help="Do not copy the stacks EXPR matches (selection language, repeatable): the new stacks keep "
        "reading them, e.g. --share networking/dev.",
    ),
]
TtlOpt = Annotated[
    str | None,
    typer.Option(
        "--ttl", metavar="DURATION", help="How long it may live (90m, 72h, 1d12h, 2w); `env gc` takes it down after."
    ),
]


class EnvFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


class OutputsFormat(str, enum.Enum):
    MARKDOWN = "markdown"
    JSON = "json"


FormatOpt = Annotated[str, format_option("text", "json", note="json: stackgraph.envs/v1")]
OutputsFormatOpt = Annotated[
    str, format_option("markdown", "json", note="markdown: a pull request comment; json: stackgraph.env-outputs/v1")
]


@app.command("up")
@handle_errors
@grouped
def up(
    name: NameArg,
    base: FromOpt,
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    share: ShareOpt = None,
    ttl: TtlOpt = None,
    settings: RunSettings = SETTINGS,
) -> None:
    """Copy the stacks named BASE as stacks named NAME (config rewritten to read each other), then deploy them.

    Prints the plan first: the stacks created, every config value rewritten (key, old, new), what stays shared.
    """
    from stackgraph.app.envs import EnvRequest, env_up

    if selection.env is not None:
        raise UsageError("--env: env up copies the stacks named --from BASE; drop --env")
    env_up(path, EnvRequest(name, base, tuple(share or ()), ttl), selection, settings, eprint)


@app.command("down")
@handle_errors
@grouped
def down(name: NameArg, path: PathArg = Path(), settings: RunSettings = SETTINGS) -> None:
    """Destroy the stacks tagged stackgraph:env=NAME in reverse order, remove them and their stack files."""
    from stackgraph.app.env_teardown import env_down

    env_down(path, name, settings, eprint, confirm=confirmer(settings.yes))


@app.command("ls")
@handle_errors
def ls(path: PathArg = Path(), format: FormatOpt = "text", output: OutOpt = None) -> None:
    """List the environments: their stacks, base, age and TTL."""
    from stackgraph.app.env_teardown import env_ls
    from stackgraph.render.env_formats import render_envs_json, render_envs_text

    fmt = EnvFormat(check_format(format, (f.value for f in EnvFormat)))
    envs = env_ls(path, eprint)
    now = time.time()
    emit(render_envs_json(envs, now) if fmt is EnvFormat.JSON else render_envs_text(envs, now), output)


@app.command("outputs")
@handle_errors
def outputs(
    name: NameArg, path: PathArg = Path(), format: OutputsFormatOpt = "markdown", output: OutOpt = None
) -> None:
    """Print the outputs of every stack of environment NAME (secret outputs stay [secret])."""
    from stackgraph.app.env_teardown import env_outputs
    from stackgraph.render.env_formats import render_env_outputs_json, render_env_outputs_markdown

    fmt = OutputsFormat(check_format(format, (f.value for f in OutputsFormat)))
    found = env_outputs(path, name, eprint)
    render = render_env_outputs_json if fmt is OutputsFormat.JSON else render_env_outputs_markdown
    emit(render(name, found), output)


@app.command("gc")
@handle_errors
@grouped
def gc(path: PathArg = Path(), settings: RunSettings = SETTINGS) -> None:
    """Take down every environment whose TTL has passed (env down for each)."""
    from stackgraph.app.env_teardown import env_gc

    env_gc(path, settings, eprint, confirm=confirmer(settings.yes))
