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
