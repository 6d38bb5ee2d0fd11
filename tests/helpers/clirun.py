"""Run the CLI in-process (typer's CliRunner) or as the installed console script."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from stackgraph.cli.app import app

BIN = Path(sys.executable).with_name("stackgraph")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""


def cli(*args: str | Path) -> Outcome:
    """Run `stackgraph ARGS` in this process."""
    result = CliRunner().invoke(app, [str(a) for a in args], prog_name="stackgraph")
    return Outcome(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def script(
    *args: str | Path,
    module: bool = False,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    prefix: tuple[str, ...] = (),
) -> Outcome:
    """Run the installed console script (or `python -m stackgraph`) in a subprocess."""
    cmd = [sys.executable, "-m", "stackgraph"] if module else [str(BIN)]
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [*prefix, *cmd, *map(str, args)], capture_output=True, env=full_env, cwd=cwd, check=False, timeout=120
    )
    return Outcome(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(), proc.stdout)


def both(*args: str | Path) -> list[Outcome]:
    """Run through CliRunner and through the console script; callers assert the same on each."""
    return [cli(*args), script(*args)]
