"""Managing the stacks of an environment: create from a base, config, tags, list by tag, remove.

Short stack-management calls go through the Pulumi Automation API (`pulumi.automation`,
`LocalWorkspace`) where it has the operation: config (`set_all_config_json`), tags
(`set_tag`, `list_tags`) and removal (`remove_stack`). Every CLI process the API starts goes
through `_Command.run`, which runs it like `backend.run_quick` does: no shell, its own process
group, SIGINT first on Ctrl-C or a timeout, a one-line `EngineError` on failure. Where the API
has no operation (`stack init --copy-config-from`, `config cp`, `stack ls --tag`), needs a selected
stack (`Stack.history`) or would read secrets in plain text (`stack_outputs` runs `--show-secrets`),
the CLI is called directly through the same wrapper. The API is imported inside `_workspace` only:
`stackgraph --help`, `plan` and the running commands never load it (it pulls grpc and takes most of
a second to import).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.model import Stack, StackId, stack_id
from stackgraph.run.pulumi.backend import EngineError, StackState, parse_stack_ls, run_quick
from stackgraph.run.pulumi.engine import Engine, validate_names

if TYPE_CHECKING:
    from pulumi.automation import LocalWorkspace


def _workspace(engine: Engine, project_path: str) -> LocalWorkspace:
    """A LocalWorkspace on the project's folder whose CLI calls run through `run_quick`."""
    from pulumi.automation import (  # noqa: PLC0415 - the SDK loads only for env commands (grpc, ~1 s)
        CommandResult,
        LocalWorkspace,
        PulumiCommand,
    )

    env = engine.env_for(project_path)

    class _Command(PulumiCommand):
        """The engine stackgraph found, run in its own process group (the SDK's runs in ours)."""

        def __init__(self) -> None:  # no `pulumi version` probe: the engine was checked already
            self.command = str(engine.pulumi)
            self.version = None

        def run(self, args: list[str], cwd: str, additional_env: Mapping[str, str], *_: Any) -> CommandResult:
            argv = [self.command, *args]
            if "--non-interactive" not in args:
                argv.insert(1, "--non-interactive")
            out = run_quick(argv, cwd=Path(cwd), env={**env, **additional_env})
            return CommandResult(stdout=out, stderr="", code=0)

    cwd = str((engine.root / project_path).resolve())
    return LocalWorkspace(work_dir=cwd, pulumi_command=_Command())


def _cli(engine: Engine, stack: Stack, *args: str) -> str:
    validate_names(stack)
    cwd = engine.project_dir(stack)
    argv = [str(engine.pulumi), *args, "--non-interactive", "--cwd", str(cwd)]
    return run_quick(argv, cwd=cwd, env=engine.env_for(stack.project_path))


def create_from(engine: Engine, stack: Stack, base: str, *, exists: bool) -> None:
    """Give `stack` the config of stack `base` of its project, secrets re-encrypted for it (CLI).

    A new stack is created with it (`stack init --copy-config-from`); an existing one (an environment
    brought up again, its stack file perhaps gone with a fresh checkout) gets it copied (`config cp`).
    """
    if exists:
        _cli(engine, stack, "config", "cp", "--stack", base, "--dest", stack.name)
    else:
        _cli(engine, stack, "stack", "init", stack.name, "--copy-config-from", base, "--no-select")


def set_config(engine: Engine, stack: Stack, values: Mapping[str, Any]) -> None:
    """Set plain (never secret) config values of `stack`, lists and objects whole (Automation API)."""
    if not values:
        return
    doc = {}
    for key, value in values.items():
        if isinstance(value, str):
            doc[key] = {"value": value, "secret": False}
        else:
            doc[key] = {"value": json.dumps(value), "objectValue": value, "secret": False}
    _workspace(engine, stack.project_path).set_all_config_json(stack.name, json.dumps(doc, sort_keys=True))


def set_tags(engine: Engine, stack: Stack, tags: Mapping[str, str]) -> None:
    """Set stack tags, one call each in key order (Automation API)."""
    ws = _workspace(engine, stack.project_path)
    for key in sorted(tags):
        ws.set_tag(stack.name, key, tags[key])


def tags(engine: Engine, stack: Stack) -> dict[str, str]:
    """The tags of `stack` (Automation API); the backend adds some of its own (`pulumi:project`, ...)."""
    found = _workspace(engine, stack.project_path).list_tags(stack.name)
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def remove(engine: Engine, stack: Stack) -> None:
    """Remove `stack` from the backend and its stack file (Automation API: `stack rm --yes`)."""
    validate_names(stack)
    _workspace(engine, stack.project_path).remove_stack(stack.name)


def ever_updated(engine: Engine, stack: Stack) -> bool:
    """True when `stack` has an update history (any `up`, `refresh`, `destroy`, `import`) (CLI, see below).

    `stack history --json --page-size 1`, without `--show-secrets`: the API's `Stack.history` needs a
    `Stack` object, which selects the stack (it writes the workspace's current stack) and shows secrets.
    """
    text = _cli(engine, stack, "stack", "history", "--json", "--page-size", "1", "--stack", stack.name)
    try:
        rows = json.loads(text or "[]")
    except ValueError:
        raise EngineError(f"`pulumi stack history --json` for {stack.id} printed something that is not JSON") from None
    return bool(rows)


def tagged(engine: Engine, project_path: str, tag: str, value: str | None = None) -> dict[str, StackState]:
    """The stacks of one project carrying tag `tag` (`=value` when given) (CLI: the API's list has no filter)."""
    cwd = (engine.root / project_path).resolve()
    wanted = tag if value is None else f"{tag}={value}"
    argv = [str(engine.pulumi), "stack", "ls", "--json", "--non-interactive", "--tag", wanted, "--cwd", str(cwd)]
    return parse_stack_ls(run_quick(argv, cwd=cwd, env=engine.env_for(project_path)))


def tagged_anywhere(engine: Engine, tag: str, value: str | None = None) -> dict[StackId, StackState]:
    """Every stack of the backend carrying tag `tag` (`=value`), whatever its project (CLI: `stack ls --all`).

    Keyed `project/stack`; rows whose name does not say its project are left out. Asked from the
    repository's root, so on a backend shared by several repositories it sees their projects too.
    """
    wanted = tag if value is None else f"{tag}={value}"
    argv = [str(engine.pulumi), "stack", "ls", "--all", "--json", "--non-interactive", "--tag", wanted]
    text = run_quick(argv, cwd=engine.root, env=dict(engine.env))
    rows = json.loads(text or "[]")
    out: dict[StackId, StackState] = {}
    for row in rows if isinstance(rows, list) else []:
        parts = str(row.get("name", "")).split("/") if isinstance(row, dict) else []
        if len(parts) >= 2:
            count = row.get("resourceCount")
            out[stack_id(parts[-2], parts[-1])] = StackState(True, count if isinstance(count, int) else 0)
    return out
