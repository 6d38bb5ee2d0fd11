"""Shell lines the CI renderers share: how a job installs stackgraph and deploys one stack.

Values that come from the repository (paths) are quoted with `shlex.quote`; stack ids reach the
commands through the STACKGRAPH_STACK_ID variable, never spliced into a script.
"""

from __future__ import annotations

import shlex

from stackgraph.ci.model import CiOptions, Setup

STACK_VAR = "STACKGRAPH_STACK_ID"
PULUMI_INSTALL = "curl -fsSL https://get.pulumi.com | sh"
# Bun for an image without it (the default pulumi/pulumi has it, installed the same way): npm's `bun` package.
BUN_INSTALL = "command -v bun > /dev/null || npm install -g bun"


def stackgraph(options: CiOptions, *args: str) -> str:
    """Return `stackgraph ARGS` run on the pipeline's folder (ARGS already quoted where needed)."""
    command, *rest = args
    return " ".join(["stackgraph", command, shlex.quote(options.path), *rest])


def env_args(options: CiOptions) -> list[str]:
    """`--env NAME` of the generation, quoted (it names the stacks of projects without stack files)."""
    return ["--env", shlex.quote(options.env)] if options.env is not None else []


def selection_args(options: CiOptions) -> list[str]:
    """The generation's whole selection (`--select`, `--exclude`, `--env`), quoted; `--changed-since` is left out.

    `--select` is a union: it goes only where no other `--select` is added (it would widen that one).
    """
    selects = [w for s in options.select for w in ("--select", shlex.quote(s))]
    return [*selects, *(w for e in options.exclude for w in ("--exclude", shlex.quote(e))), *env_args(options)]


def create_args(options: CiOptions) -> list[str]:
    return ["--create-stacks"] if options.create_stacks else []


def deploy_stack(options: CiOptions) -> str:
    """Return the command that deploys exactly the job's own stack (no dependency, no dependent)."""
    return stackgraph(options, "up", "--select", f'"${STACK_VAR}"', *env_args(options), *create_args(options))


def own_setup() -> tuple[str, ...]:
    """The setup of a repository that is stackgraph itself: its own scripts (the engine cached)."""
    return ("scripts/setup",)


def program_dependencies(setup: Setup) -> tuple[str, ...]:
    """Commands that install the programs' own packages (npm ci, bun install, pip install -r)."""
    npm = tuple(f"npm ci --prefix {shlex.quote(d)} --no-audit --no-fund" for d in setup.npm_dirs)
    bun = tuple(f"bun install --cwd {shlex.quote(d)} --frozen-lockfile" for d in setup.bun_dirs)
    pip = tuple(f"python3 -m pip install -r {shlex.quote(r)}" for r in setup.requirements)
    return npm + bun + pip


def install_stackgraph(version: str) -> str:
    """Return the pip command that installs this stackgraph version."""
    return f"python3 -m pip install stackgraph=={version}" if version else "python3 -m pip install stackgraph"


def check_command(options: CiOptions) -> str:
    """Return the freshness check: the generating command with `--check` on the committed file."""
    return f"{options.command} --check {shlex.quote(options.pipeline_file)}"
