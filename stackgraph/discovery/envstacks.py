"""Stacks of one environment for projects that commit no stack file.

Many repositories keep stack configuration outside Git (Pulumi Cloud, ESC), so a
project may have no `Pulumi.<stack>.yaml` at all. `plan --env prod` (and every
command with `--env`) still needs their `prod` stacks: each such project gets a
stack named after the environment, with no config of its own (the project's
`config:` block and code defaults still apply), so its references and its
project-level `stackgraph:dependsOn` make edges like any other stack's.
"""

from __future__ import annotations

from collections.abc import Iterable

from stackgraph.discovery.projects import NAME_RE
from stackgraph.errors import UsageError
from stackgraph.model import Project, Stack


def env_stacks(projects: Iterable[Project], stacks: Iterable[Stack], env: str) -> list[Stack]:
    """Return a stack `env` for every project that has no stack file at all (sorted by project path)."""
    if not NAME_RE.match(env):
        raise UsageError(f"--env {env!r}: not a stack name; use letters, digits, '_', '.' and '-'")
    have = {s.project_path for s in stacks}
    return [
        Stack(project=p.name, name=env, file=p.file, project_path=p.path, from_env=True)
        for p in sorted(projects, key=lambda p: p.path)
        if p.path not in have
    ]
