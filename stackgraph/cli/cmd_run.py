"""`stackgraph run PATH -- CMD [ARGS]`: any command in each stack's project folder, in dependency order.

Light at import time (typer and the shared options only): `stackgraph --help` must
stay fast. Registered with `AfterDashCommand` (see cli/app.py) so PATH keeps its default.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stackgraph.app.settings import RunSettings, Selection
from stackgraph.cli.common import echo, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import SELECTION, SETTINGS, PathArg, ResumableCommand, grouped

if TYPE_CHECKING:
    from collections.abc import Mapping

    from typer._click.core import Context as ClickContext  # typer 0.29+ vendors click

    from stackgraph.model import StackId
    from stackgraph.run.types import Job, RunContext

_CMD_KEY = "stackgraph.run.argv"


class AfterDashCommand(ResumableCommand):
    """Keep everything after `--` for the command to run, so PATH can keep its default."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if "--" in args:
            i = args.index("--")
            ctx.meta[_CMD_KEY] = args[i + 1 :]
            args = args[:i]
        return super().parse_args(ctx, args)


RetryOnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--retry-on",
        metavar="REGEX",
        help="With --retries: retry only when the output matches this regular expression (repeatable); "
        "without it, every failure is retried.",
    ),
]


@handle_errors
@grouped
def run(
    ctx: typer.Context,
    path: PathArg = Path(),
    selection: Selection = SELECTION,
    reverse: Annotated[
        bool, typer.Option("--reverse", help="Run in reverse dependency order (destroy order).")
    ] = False,
    settings: RunSettings = SETTINGS,
    retry_on: RetryOnOpt = None,
) -> None:
    """Run a command in each stack's project folder, in dependency order: stackgraph run PATH -- CMD [ARGS].

    The command gets STACKGRAPH_STACK_ID, STACKGRAPH_PROJECT, STACKGRAPH_STACK and
    STACKGRAPH_PROJECT_DIR in its environment; its output goes to the stack's log file. It may write
    the stack's outputs (JSON) to the file STACKGRAPH_OUTPUTS names: --resume compares their digest.
    """
    from stackgraph.app.running import run_command

    argv = _command(ctx)
    patterns = _patterns(retry_on or [])

    def make_jobs(rc: RunContext) -> Mapping[StackId, Job]:
        return command_jobs(rc, argv, patterns)

    run_command(
        path,
        command="run",
        settings=settings,
        make_jobs=make_jobs,
        say=eprint,
        destroy=reverse,
        selection=selection,
        show=echo,
    )


def _command(ctx: typer.Context) -> tuple[str, ...]:
    """The command after `--`; raises UsageError when there is none or it is not on PATH."""
    import shutil

    from stackgraph.errors import ToolMissingError, UsageError

    if ctx.args:
        raise UsageError(f"run: unexpected {' '.join(ctx.args)!r} before --; write: stackgraph run PATH -- CMD [ARGS]")
    argv = tuple(ctx.meta.get(_CMD_KEY) or ())
    if not argv:
        raise UsageError("run: no command given; write it after --, e.g. stackgraph run . -- pulumi preview")
    if "/" not in argv[0] and shutil.which(argv[0]) is None:
        raise ToolMissingError(f"run: {argv[0]}: command not found on PATH")
    return argv


def _patterns(texts: list[str]) -> list[Any]:
    import re

    from stackgraph.errors import UsageError

    out = []
    for text in texts:
        try:
            out.append(re.compile(text))
        except re.error as exc:
            raise UsageError(f"--retry-on {text}: not a regular expression: {exc}") from None
    return out


def command_jobs(rc: RunContext, argv: tuple[str, ...], patterns: list[Any]) -> dict[StackId, Job]:
    """One single-step job per stack: `argv` in the project folder, with the STACKGRAPH_* variables."""
    import os

    from stackgraph.run.executor import log_path
    from stackgraph.run.types import Job, Step

    stacks = rc.repo.stack_by_id()
    base = dict(os.environ)
    jobs = {}
    for sid in rc.graph.nodes:
        stack = stacks[sid]
        folder = (rc.root / stack.project_path).resolve()
        written = log_path(rc.log_dir, sid).with_suffix(".outputs.json")
        env = base | {
            "STACKGRAPH_STACK_ID": sid,
            "STACKGRAPH_PROJECT": stack.project,
            "STACKGRAPH_STACK": stack.name,
            "STACKGRAPH_PROJECT_DIR": str(folder),
            "STACKGRAPH_OUTPUTS": str(written),
        }
        step = Step("command", argv, folder, env)
        jobs[sid] = Job(sid, (step,), transient=_transient(patterns), outputs=functools.partial(outputs_of, written))
    return jobs


def outputs_of(path: Path) -> str | None:
    """The digest of the outputs a command wrote to $STACKGRAPH_OUTPUTS (JSON as `outputs_digest` reads it,
    anything else byte for byte); None when it wrote none."""
    import json

    from stackgraph.cache.fingerprint import content_digest, outputs_digest

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return content_digest(data)
    return outputs_digest(value) if isinstance(value, dict) else content_digest(data)


def _transient(patterns: list[Any]) -> Any:
    def transient(output: str) -> str | None:
        if not patterns:
            return "the command failed (--retries without --retry-on retries every failure)"
        for pattern in patterns:
            match = pattern.search(output)
            if match:
                return f"output matches --retry-on {pattern.pattern!r}: {match.group(0).strip()[:120]}"
        return None

    return transient
