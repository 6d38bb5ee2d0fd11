"""Stacks of one environment for projects that commit no stack file.

Many repositories keep stack configuration outside Git (Pulumi Cloud, ESC), so a
project may have no `Pulumi.<stack>.yaml` at all. `plan --env prod` (and every
command with `--env`) still needs their `prod` stacks: each such project gets a
stack named after the environment, with no config of its own (the project's
`config:` block and code defaults still apply), so its references and its
project-level `stackgraph:dependsOn` make edges like any other stack's.

A project with a stack file gets none. Projects share a name (successive versions of one
program, copies): when a made-up stack would have the id of another made-up stack or of a
stack file, it is the same backend stack twice, refused as a stack file defined twice is.
"""

from __future__ import annotations

from collections.abc import Iterable

from stackgraph.discovery.projects import NAME_RE, defined_twice
from stackgraph.errors import GraphError, UsageError
from stackgraph.model import Project, Stack, StackId


def env_stacks(projects: Iterable[Project], stacks: Iterable[Stack], env: str) -> list[Stack]:
    """Return a stack `env` for every project that has no stack file at all (sorted by project path).

    Raises `GraphError`, one line per stack, when a made-up stack has the id of a stack of `stacks` or of
    another made-up one (never keeps one of them: one backend stack cannot hold two programs)."""
    if not NAME_RE.match(env):
        raise UsageError(f"--env {env!r}: not a stack name; use letters, digits, '_', '.' and '-'")
    stacks = list(stacks)
    have = {s.project_path for s in stacks}
    owner: dict[StackId, Stack] = {s.id: s for s in stacks}
    made: list[Stack] = []
    twice: list[str] = []
    for p in sorted(projects, key=lambda p: p.path):
        if p.path in have:
            continue
        stack = Stack(project=p.name, name=env, file=p.file, project_path=p.path, from_env=True)
        first = owner.setdefault(stack.id, stack)
        if first is not stack:
            twice.append(defined_twice(first, stack))
        made.append(stack)
    if twice:
        raise GraphError("\n".join(twice))
    return made
