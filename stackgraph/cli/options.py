"""Options shared by several commands, declared once; and the groups that travel as typed objects.

A command that takes a parameter named `selection` (a `Selection`) or `settings` (a
`RunSettings`) and is decorated with `@grouped` gets the options of that group in its
place on the command line (`--env`, `--select`, ... / `--parallelism`, ...), and
receives one typed object built from them:

    @handle_errors
    @grouped
    def plan(path: PathArg = Path(), selection: Selection = SELECTION) -> None: ...

The help lists the options in the order of the group, where the parameter stands.
Light at import time (typer, the standard library and app/settings.py only).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from stackgraph.app.settings import RunSettings, Selection

F = TypeVar("F", bound=Callable[..., Any])


def complete_selector(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete a selection expression from the repository on the command line (cli/completion.py)."""
    from stackgraph.cli.completion import selectors

    return selectors(ctx, incomplete)


def complete_stack_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete a stack id from the repository on the command line."""
    from stackgraph.cli.completion import stack_ids

    return stack_ids(ctx, incomplete)


def complete_stack_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete a stack name (an environment) from the repository on the command line."""
    from stackgraph.cli.completion import stack_names

    return stack_names(ctx, incomplete)


PathArg = Annotated[
    Path,
    typer.Argument(help="The repository (or folder) that holds your Pulumi projects.", show_default=True),
]
EnvOpt = Annotated[
    str | None,
    typer.Option(
        "--env",
        "-e",
        metavar="NAME",
        help="Take only the stacks with this name across projects (one environment).",
        autocompletion=complete_stack_name,
    ),
]


def _dash_is_stdout(value: Path | None) -> Path | None:
    """`-o -` means stdout, as no -o does."""
    return None if value is not None and str(value) == "-" else value


def format_option(*names: str, note: str = "") -> Any:
    """The `-f/--format` option of a command that prints data: the same flags and help on every command,
    and completion of `names`."""

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete)]

    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    text = f"The output format: {listed}" + (f" ({note})." if note else ".")
    return typer.Option("--format", "-f", metavar="FORMAT", help=text, autocompletion=complete)


OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout ('-': stdout).",
        callback=_dash_is_stdout,
    ),
]

# The selection options (docs/selection.md); together they are a `Selection`.
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        "-s",
        metavar="EXPR",
        help="Take the stacks EXPR matches: 'api/dev', 'project:api', 'stack:prod', 'path:DIR', 'tag:T', "
        "'[REF]', with +x (x and what it needs), x+ (x and what needs it), @x, a,b (both). "
        "Repeatable; spaces and repeats add up. See docs/selection.md.",
        autocompletion=complete_selector,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="EXPR",
        help="Leave out the stacks EXPR matches (same language, repeatable).",
        autocompletion=complete_selector,
    ),
]
ChangedSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="REF",
        help="Take only stacks whose files changed since the merge base of REF and HEAD (uncommitted and "
        "untracked files included), and every stack that depends on them.",
    ),
]
SinceDeployedOpt = Annotated[
    bool,
    typer.Option(
        "--since-deployed",
        help="Take only stacks whose files changed since the commit each was last deployed from (Pulumi records "
        "it with each update; asks the backend), those that cannot be compared (never deployed, deployed from "
        "uncommitted changes), and every stack that depends on them.",
    ),
]
NoDependentsOpt = Annotated[
    bool,
    typer.Option(
        "--no-dependents",
        help="With --changed-since, --since-deployed or [REF]: leave out the dependents of what changed.",
    ),
]
VerboseOpt = Annotated[
    bool,
    typer.Option("--verbose", help="List every file the scan skipped, with the reason (else one line counts them)."),
]
WithStateOpt = Annotated[
    bool,
    typer.Option(
        "--with-state",
        help="Also read the deployed state of every stack (pulumi stack export, secrets never decrypted) and add "
        "its stack references to the graph as edges of kind 'state'; without it nothing touches the backend.",
    ),
]

# Options of the commands that run stacks (up, preview, refresh, destroy, run); together a `RunSettings`.
ParallelismOpt = Annotated[
    int,
    typer.Option("--parallelism", "-p", metavar="N", help="Run at most N stacks at the same time."),
]
StrategyOpt = Annotated[
    str,
    typer.Option(
        "--strategy",
        metavar="eager|waves",
        help="eager: start a stack as soon as its own dependencies succeeded; "
        "waves: run the plan's levels one after the other, with a barrier between them.",
    ),
]
FailFastOpt = Annotated[
    bool,
    typer.Option("--fail-fast", help="Start no new stack after the first failure (running ones finish)."),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Cancel a stack that runs longer than SECONDS (SIGINT, then SIGTERM and SIGKILL after --kill-grace).",
    ),
]
RetriesOpt = Annotated[
    int,
    typer.Option("--retries", metavar="N", help="Retry a stack up to N times after a transient error, with backoff."),
]
RetryBackoffOpt = Annotated[
    float,
    typer.Option(
        "--retry-backoff",
        metavar="SECONDS",
        help="Wait SECONDS before the first retry, doubling before each next one.",
    ),
]
KillGraceOpt = Annotated[
    float,
    typer.Option(
        "--kill-grace",
        metavar="SECONDS",
        help="Seconds a cancelled process gets after SIGINT before SIGTERM, and after SIGTERM before SIGKILL.",
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", metavar="FILE", help="Write the run report (JSON, schema stackgraph.run/v1) to FILE."),
]
JunitOpt = Annotated[
    Path | None,
    typer.Option("--junit", metavar="FILE", help="Write JUnit XML to FILE, one test case per stack."),
]

MarkdownOpt = Annotated[
    Path | None,
    typer.Option(
        "--markdown",
        metavar="FILE",
        help="Write a markdown summary of the run to FILE (a pull request comment or a CI job summary; it "
        "starts with <!-- stackgraph:COMMAND -->).",
    ),
]
CiOpt = Annotated[
    str | None,
    typer.Option(
        "--ci",
        metavar="SYSTEM",
        help="Speak the CI system's language: github (log groups, annotations, step summary), gitlab "
        "(collapsible sections) or none. Default: detected from GITHUB_ACTIONS=true / GITLAB_CI=true.",
    ),
]
DryRunOpt = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Print what would run, in order (each stack, its folder, its exact command line), and run nothing.",
    ),
]
YesOpt = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        help="Do not ask for confirmation (on a terminal, destroy and up of prod/production or protected-tagged "
        "stacks ask first; CI and a non-interactive stdin never ask).",
    ),
]
StrictContractsOpt = Annotated[
    bool,
    typer.Option(
        "--strict-contracts",
        help="Refuse (exit 2, nothing runs) when a stack reads an output its producer does not export "
        "(else a warning); see docs/contracts.md.",
    ),
]
ResumeOpt = Annotated[
    str | None,
    typer.Option(
        "--resume",
        metavar="[RUN_ID]",  # a bare --resume is --resume=last: ResumableCommand
        help="After a failed or interrupted run: skip the stacks that succeeded in it and whose inputs (files, "
        "stack file, upstream outputs) are unchanged, run the rest in order. RUN_ID picks an older run (ids in "
        ".stackgraph/runs); default: the last run of the same command. Give PATH before it.",
    ),
]


SELECTION = Selection()
"""The default of a `selection` parameter (a placeholder: `@grouped` puts the options in its place)."""
SETTINGS = RunSettings()
"""The default of a `settings` parameter (a placeholder, like SELECTION)."""


@dataclass(frozen=True)
class _Group:
    """Options that stand for one parameter, and how to build its value from theirs."""

    options: tuple[inspect.Parameter, ...]
    build: Callable[..., Any]


def _opt(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)


_GROUPS = {
    "selection": _Group(
        (
            _opt("env", EnvOpt, None),
            _opt("select", SelectOpt, None),
            _opt("exclude", ExcludeOpt, None),
            _opt("changed_since", ChangedSinceOpt, None),
            _opt("since_deployed", SinceDeployedOpt, False),
            _opt("no_dependents", NoDependentsOpt, False),
            _opt("verbose", VerboseOpt, False),
            _opt("with_state", WithStateOpt, False),
        ),
        Selection.of,
    ),
    "settings": _Group(
        (
            _opt("parallelism", ParallelismOpt, 4),
            _opt("strategy", StrategyOpt, "eager"),
            _opt("fail_fast", FailFastOpt, False),
            _opt("timeout", TimeoutOpt, None),
            _opt("retries", RetriesOpt, 0),
            _opt("retry_backoff", RetryBackoffOpt, 2.0),
            _opt("kill_grace", KillGraceOpt, 10.0),
            _opt("report", ReportOpt, None),
            _opt("junit", JunitOpt, None),
            _opt("markdown", MarkdownOpt, None),
            _opt("ci", CiOpt, None),
            _opt("dry_run", DryRunOpt, False),
            _opt("yes", YesOpt, False),
            _opt("strict_contracts", StrictContractsOpt, False),
            _opt("resume", ResumeOpt, None),
        ),
        RunSettings,
    ),
}


def grouped(func: F) -> F:
    """Put the options of each group in place of its parameter (`selection`, `settings`); see above."""
    sig = inspect.signature(func, eval_str=True)
    used = {name: group for name, group in _GROUPS.items() if name in sig.parameters}
    params: list[inspect.Parameter] = []
    for p in sig.parameters.values():
        params.extend(used[p.name].options if p.name in used else (p,))

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        for name, group in used.items():
            kwargs[name] = group.build(**{o.name: kwargs.pop(o.name) for o in group.options})
        return func(*args, **kwargs)

    new = sig.replace(parameters=params)
    command.__signature__ = new  # type: ignore[attr-defined]  # typer reads the signature
    command.__annotations__ = {p.name: p.annotation for p in params} | {"return": new.return_annotation}
    return command  # type: ignore[return-value]  # same call contract for typer


_RUN_ID_LIKE = re.compile(r"^(last|\d{8}T.*)$")


def with_resume_value(args: list[str]) -> list[str]:
    """`--resume` without a RUN_ID (last, or followed by an option, PATH or `--`) becomes `--resume=last`.

    A word that looks like a run id (8 digits and `T`) or `last` after it is its value; nothing after
    `--` is touched (the command of `stackgraph run`).
    """
    out: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        nxt = args[i + 1] if i + 1 < len(args) else ""
        out.append("--resume=last" if arg == "--resume" and not _RUN_ID_LIKE.match(nxt) else arg)
    return out


class ResumableCommand(TyperCommand):
    """A command with `--resume [RUN_ID]`: an option whose value may be left out (see `with_resume_value`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, with_resume_value(args))
