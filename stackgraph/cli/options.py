"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PathArg = Annotated[
    Path,
    typer.Argument(help="The repository (or folder) that holds your Pulumi projects.", show_default=True),
]
EnvOpt = Annotated[
    str | None,
    typer.Option("--env", "-e", help="Take only the stacks with this name across projects (one environment)."),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout."),
]

# Options of the commands that run stacks (up, preview, refresh, destroy, run); see run/commands.py.
ParallelismOpt = Annotated[
    int,
    typer.Option("--parallelism", "-p", help="Run at most N stacks at the same time."),
]
StrategyOpt = Annotated[
    str,
    typer.Option(
        "--strategy",
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
        help="Cancel a stack that runs longer than SECONDS (SIGINT, then SIGTERM and SIGKILL after --kill-grace).",
    ),
]
RetriesOpt = Annotated[
    int,
    typer.Option("--retries", help="Retry a stack up to N times after a transient error, with backoff."),
]
KillGraceOpt = Annotated[
    float,
    typer.Option(
        "--kill-grace",
        help="Seconds a cancelled process gets after SIGINT before SIGTERM, and after SIGTERM before SIGKILL.",
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", help="Write the run report (JSON, schema stackgraph.run/v1) to FILE."),
]
JunitOpt = Annotated[
    Path | None,
    typer.Option("--junit", help="Write JUnit XML to FILE, one test case per stack."),
]
