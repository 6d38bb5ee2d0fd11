"""Stacks called NAME in the backend without the tag `stackgraph:env`: the ones an interrupted `env up` left.

`env up` records the stacks it is about to create in `.stackgraph/envs/NAME.json`, then creates each
one (`stack init`) and only then tags it: an error, or a SIGKILL (which cannot be held), between the
two leaves a stack NAME without its tag. Such a stack is *unfinished* when both hold:

- the record of this checkout names it (env up was about to create it), and
- it was never deployed: no resources and an empty update history (`stack init` writes neither; every
  `up`, `refresh`, `destroy` or `import` adds an entry, and env up tags a stack before deploying it).

Only an unfinished stack is adopted (`env up` tags it and goes on) or removed (`env down`: `stack rm`,
nothing to destroy). Every other untagged stack NAME may be a permanent one and is never touched: env up
refuses the name; env down names it (exit 1, with the command that resolves it) when the record names it
or when it looks like one an interrupted env up left in a checkout that is gone (never deployed, no stack
file here: a CI job's), and passes over the rest (deployed or with a stack file here: permanent stacks).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.envplan import TAG_ENV
from stackgraph.model import Repo, Stack, StackId, stack_id

if TYPE_CHECKING:
    from stackgraph.run.pulumi import Engine, StackState


@dataclass(frozen=True)
class Untagged:
    """A stack NAME in the backend without any `stackgraph:env` tag, and what says who made it."""

    stack: Stack
    recorded: bool  # the record of env up in this checkout names it
    deployed: bool  # it holds resources or has an update history

    @property
    def unfinished(self) -> bool:
        """Created by an env up that stopped before tagging it: safe to adopt or remove."""
        return self.recorded and not self.deployed


def recorded_stacks(root: Path, record: Mapping[str, Any]) -> dict[StackId, Stack]:
    """The stacks a record of env up (`journal`) names, as model stacks (entries without a project dropped)."""
    out: dict[StackId, Stack] = {}
    for entry in record.get("stacks", []):
        sid, path = str(entry.get("id", "")), str(entry.get("project_path", ""))
        if "/" in sid and path and (root / path).is_dir():
            project, name = sid.rsplit("/", 1)
            out[StackId(sid)] = Stack(project, name, str(entry.get("file", "")), path)
    return out


def examine(engine: Engine, stack: Stack, state: StackState, recorded: Collection[StackId]) -> Untagged:
    """What is known of an untagged stack that exists: recorded or not, deployed or not (asks its history)."""
    from stackgraph.run.pulumi import workspace

    deployed = state.resources > 0 or workspace.ever_updated(engine, stack)
    return Untagged(stack, stack.id in recorded, deployed)


def adoption_line(found: Untagged, record: str) -> str:
    return (
        f"stackgraph: {found.stack.id} is in the backend without its tag, recorded in {record} and never "
        f"deployed: an earlier env up stopped while creating it; env up adopts it (tags it {TAG_ENV}="
        f"{found.stack.name})"
    )


def refusal_detail(engine: Engine, found: Untagged, record: str) -> str:
    """Why env up will not take an untagged stack, and the way out when an interrupted env up may have left it."""
    if found.deployed or found.recorded:
        return f"{found.stack.id} (in the backend, without the tag {TAG_ENV}, deployed)"
    return (
        f"{found.stack.id} (in the backend without the tag {TAG_ENV}, never deployed, not in {record}: if an "
        f"interrupted env up left it, remove it with `{remove_command(engine, found.stack)}`)"
    )


def find_untagged(
    engine: Engine, repo: Repo, name: str, tagged: Collection[StackId], recorded: Mapping[StackId, Stack]
) -> list[Untagged]:
    """The stacks NAME of the checkout's projects (and of the record) that are in the backend without any
    `stackgraph:env` tag, except those that are plainly permanent: deployed, or with a stack file in the
    checkout, and not in the record. Sorted by id."""
    from stackgraph.run import pulumi
    from stackgraph.run.pulumi import workspace

    files = {s.id: s for s in repo.stacks if not s.from_env}
    probes = {
        stack_id(p.name, name): Stack(p.name, name, f"{p.path}/Pulumi.{name}.yaml", p.path) for p in repo.projects
    }
    candidates = {**probes, **files, **recorded}
    wanted = {sid: s for sid, s in candidates.items() if s.name == name and sid not in tagged}
    if not wanted:
        return []
    others = [s for s in repo.stacks if s.id not in wanted]
    probe_repo = replace(repo, stacks=tuple(sorted([*others, *wanted.values()], key=lambda s: s.id)))
    states = pulumi.stack_states(engine, probe_repo, wanted)
    doubtful = [
        s
        for sid, s in sorted(wanted.items())
        if states[sid].exists and (sid in recorded or (sid not in files and not states[sid].deployed))
    ]

    def one(stack: Stack) -> Untagged | None:
        if workspace.tags(engine, stack).get(TAG_ENV):  # another environment's stack: not untagged
            return None
        return examine(engine, stack, states[stack.id], recorded)

    with ThreadPoolExecutor(max_workers=min(8, max(1, len(doubtful)))) as pool:
        return [u for u in pool.map(one, doubtful) if u is not None]


def warning(engine: Engine, found: Untagged, name: str, record: str) -> str:
    """The warning of env down for an untagged stack it leaves alone, with the command that resolves it."""
    sid = found.stack.id
    if found.recorded:  # recorded, yet deployed without the tag: never by env up
        from stackgraph.run.pulumi import as_typed

        tag = as_typed(engine, found.stack, "stack", "tag", "set", TAG_ENV, name, "--stack", found.stack.name)
        return (
            f"stackgraph: warning: {sid} is named in {record} but has no tag {TAG_ENV}={name} and was deployed: "
            f"not touched (it may be a permanent stack); if it belongs to the environment, tag it (`{tag}`) "
            "and run env down again"
        )
    return (
        f"stackgraph: warning: {sid} has no tag {TAG_ENV}={name} and was never deployed: not touched, as no "
        f"record of env up here names it; if an interrupted env up left it (in a checkout that is gone), "
        f"remove it with `{remove_command(engine, found.stack)}`"
    )


def remove_command(engine: Engine, stack: Stack) -> str:
    from stackgraph.run.pulumi import as_typed

    return as_typed(engine, stack, "stack", "rm", stack.name, "--yes")
