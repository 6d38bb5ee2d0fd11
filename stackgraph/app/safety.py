"""Safe defaults of the running commands: confirmation before destructive runs, and `--dry-run`.

`needs_confirmation` says whether a run must be confirmed on a terminal (`destroy` always;
`up` when a selected stack is named `prod`/`production` or is tagged `protected`);
`plan_lines` is the plan shown before the question; `dry_run_text` is what `--dry-run`
prints: each stack in the order it would run, its folder and its exact command line (the
argv only: environments, where secrets live, are never shown). Pure: no I/O here.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackgraph.model import Repo, StackId
    from stackgraph.run.types import Job

PROTECTED_ENVS = frozenset({"prod", "production"})
PROTECTED_TAG = "protected"


def protected(repo: Repo, ids: Sequence[StackId]) -> list[StackId]:
    """The stacks of `ids` named `prod`/`production` or tagged `protected` (their own or their project's tags)."""
    stacks = repo.stack_by_id()
    project_tags = {p.path: p.tags for p in repo.projects}
    out = []
    for sid in ids:
        stack = stacks[sid]
        tags = stack.tags if stack.tags is not None else project_tags.get(stack.project_path, ())
        if stack.name.lower() in PROTECTED_ENVS or PROTECTED_TAG in tags:
            out.append(sid)
    return out


def needs_confirmation(command: str, repo: Repo, ids: Sequence[StackId]) -> bool:
    """Whether `command` over `ids` asks before it runs on a terminal: destroy, or up of a protected stack."""
    return command == "destroy" or (command == "up" and bool(protected(repo, ids)))


def plan_lines(command: str, repo: Repo, ids: Sequence[StackId]) -> list[str]:
    """The plan shown before the question: one line per stack, in the order they run."""
    stacks = repo.stack_by_id()
    marked = set(protected(repo, ids))
    lines = [f"stackgraph: {command} will run on {_count(len(ids))}, in this order:"]
    for i, sid in enumerate(ids, 1):
        note = "  (protected)" if sid in marked else ""
        lines.append(f"  {i}. {sid}  ({stacks[sid].project_path}){note}")
    return lines


def question(command: str, count: int) -> str:
    """The confirmation question, e.g. `Destroy 6 stacks? [y/N] `."""
    return f"{command.capitalize()} {_count(count)}? [y/N] "


def dry_run_text(command: str, root: Path, ids: Sequence[StackId], jobs: Mapping[StackId, Job]) -> str:
    """What `--dry-run` prints: every stack in run order, its folder, and each step's exact argv."""
    lines = [f"# stackgraph {command} --dry-run: {_count(len(ids))}, in this order; nothing was run"]
    for i, sid in enumerate(ids, 1):
        job = jobs[sid]
        folder = job.steps[0].cwd if job.steps else root
        lines.append(f"{i}. {sid}")
        lines.append(f"   folder: {_rel(folder, root)}")
        for step in job.steps:
            lines.append(f"   $ {shlex.join(step.argv)}")
        if not job.steps:
            lines.append("   (nothing to run)")
    return "\n".join(lines) + "\n"


def _count(n: int) -> str:
    return f"{n} stack" if n == 1 else f"{n} stacks"


def _rel(folder: Path, root: Path) -> str:
    try:
        rel = folder.resolve().relative_to(root.resolve())
    except ValueError:
        return str(folder)
    return rel.as_posix() or "."
