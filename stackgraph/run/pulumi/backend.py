"""Asking the backend through the CLI: which stacks exist (and hold resources), creating stacks, outputs.

Each question is one short `pulumi` process without a shell, in its own process group
(`run_quick`); failures raise `EngineError` (exit 2) with the CLI's own error line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stackgraph.errors import StackgraphError, UsageError
from stackgraph.model import Repo, Stack, StackId
from stackgraph.run import watchdog
from stackgraph.run.process import popen
from stackgraph.run.pulumi.engine import Engine

_QUICK_TIMEOUT_S = 120.0


class EngineError(StackgraphError):
    """The Pulumi CLI could not answer a question about the backend (exit 2)."""


@dataclass(frozen=True)
class StackState:
    """What the backend knows about one stack."""

    exists: bool
    resources: int = 0  # resources in the last checkpoint (0: never deployed, or destroyed)
    updating: bool = False  # the backend reports an update in progress (a lock)

    @property
    def deployed(self) -> bool:
        return self.exists and self.resources > 0


def run_quick(argv: list[str], *, cwd: Path, env: Mapping[str, str], timeout_s: float = _QUICK_TIMEOUT_S) -> str:
    """Run a short CLI command in its own process group and return stdout; raise EngineError on failure.

    On Ctrl-C or a timeout the group gets SIGINT first (then SIGTERM), never SIGKILL first; on Linux
    it gets SIGINT too should stackgraph be killed (run/watchdog.py).
    """
    proc: subprocess.Popen[str] = popen(
        argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except (KeyboardInterrupt, subprocess.TimeoutExpired) as exc:
        _stop(proc)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise EngineError(f"`{_show(argv)}` in {cwd} did not finish in {timeout_s:g}s") from None
    finally:
        watchdog.forget(proc.pid)
    if proc.returncode != 0:
        raise EngineError(f"`{_show(argv)}` in {cwd} failed: {_last_error(err or out)}")
    return out


def _stop(proc: subprocess.Popen[str]) -> None:
    for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _show(argv: list[str]) -> str:
    return " ".join(["pulumi", *argv[1:]])


def _last_error(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.lower().startswith("error:")]
    line = (errors or lines or ["no output"])[-1]
    return line[:300]


def stack_states(engine: Engine, repo: Repo, ids: Iterable[StackId]) -> dict[StackId, StackState]:
    """Ask the backend about every stack in `ids`.

    Projects that share one self-managed backend are answered by a single `pulumi stack ls --all
    --json` (one engine start instead of one per project: most of the time a run spends before its
    first stack); the others by one `pulumi stack ls --json` per project, in parallel.
    """
    by_id = repo.stack_by_id()
    wanted = sorted({s for s in ids if s in by_id})
    projects = sorted({by_id[s].project_path for s in wanted})
    listed = _list_shared(engine, repo, projects)
    rest = [p for p in projects if p not in listed]
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(rest)))) as pool:
        listed.update(zip(rest, pool.map(lambda p: _list_project(engine, p), rest), strict=True))
    out: dict[StackId, StackState] = {}
    for sid in wanted:
        stack = by_id[sid]
        out[sid] = listed[stack.project_path].get(stack.name, StackState(exists=False))
    return out


def _list_shared(engine: Engine, repo: Repo, projects: list[str]) -> dict[str, dict[str, StackState]]:
    """The stacks of the projects that use the run's own self-managed backend, from one `--all` listing.

    Only where the answer is certain: a self-managed backend (one organization, `organization`), projects
    without a backend.url of their own, project names that are unique among them, and rows that all
    carry a full `organization/project/stack` name; else {} and each project is asked on its own.
    """
    if not engine.backend.diy:
        return {}
    names = {p.path: p.name for p in repo.projects}
    shared = [p for p in projects if p not in engine.project_backends and p in names]
    if len(shared) < 2 or len({names[p] for p in shared}) != len(shared):
        return {}
    with tempfile.TemporaryDirectory(prefix="stackgraph-ls-") as outside:  # no current project: full names
        argv = [str(engine.pulumi), "stack", "ls", "--all", "--json", "--non-interactive"]
        text = run_quick(argv, cwd=Path(outside), env=dict(engine.env))
    try:
        rows = json.loads(text or "[]")
    except ValueError:
        raise EngineError(
            f"`pulumi stack ls --all --json` printed something that is not JSON: {text[:120]!r}"
        ) from None
    by_project: dict[str, list[Any]] = {}
    for row in rows if isinstance(rows, list) else []:
        parts = row.get("name", "").split("/") if isinstance(row, dict) and isinstance(row.get("name"), str) else []
        if len(parts) != 3:
            return {}  # a name without its project (an old layout): ask each project instead
        by_project.setdefault(parts[1], []).append(row)
    return {p: parse_stack_ls(json.dumps(by_project.get(names[p], []))) for p in shared}


def _list_project(engine: Engine, project_path: str) -> dict[str, StackState]:
    cwd = (engine.root / project_path).resolve()
    argv = [str(engine.pulumi), "stack", "ls", "--json", "--non-interactive", "--cwd", str(cwd)]
    text = run_quick(argv, cwd=cwd, env=engine.env_for(project_path))
    return parse_stack_ls(text)


def parse_stack_ls(text: str) -> dict[str, StackState]:
    """Parse `pulumi stack ls --json` (one project): stack name -> state. Raises EngineError on bad JSON."""
    try:
        rows = json.loads(text or "[]")
    except ValueError:
        raise EngineError(f"`pulumi stack ls --json` printed something that is not JSON: {text[:120]!r}") from None
    out: dict[str, StackState] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            continue
        # "dev", "organization/shop/dev" or "acme/shop/dev": the stack is the last part.
        name = row["name"].rsplit("/", 1)[-1]
        count = row.get("resourceCount")
        out[name] = StackState(True, count if isinstance(count, int) else 0, bool(row.get("updateInProgress")))
    return out


def missing_error(engine: Engine, missing: list[StackId], *, create_hint: bool = True) -> UsageError:
    """The one-line error naming every stack that is not in the backend."""
    hint = "; pass --create-stacks to create them (keeping the config in their stack files)" if create_hint else ""
    return UsageError(
        f"{len(missing)} stack(s) not found in the backend {engine.backend.describe()}: {', '.join(missing)}{hint}"
    )


def create_stacks(engine: Engine, repo: Repo, ids: Iterable[StackId], on_created: Callable[[StackId], None]) -> None:
    """`pulumi stack init` each stack (one project at a time per project, projects in parallel).

    The stack file's config is kept; for a passphrase backend the engine writes
    `encryptionsalt` into the stack file.
    """
    by_id = repo.stack_by_id()
    groups: dict[str, list[Stack]] = {}
    for sid in sorted(ids):
        groups.setdefault(by_id[sid].project_path, []).append(by_id[sid])

    def init_all(stacks: list[Stack]) -> None:
        for stack in stacks:
            cwd = engine.project_dir(stack)
            argv = [str(engine.pulumi), "stack", "init", stack.name, "--non-interactive", "--no-select"]
            run_quick([*argv, "--cwd", str(cwd)], cwd=cwd, env=engine.env_for(stack.project_path))
            on_created(stack.id)

    with ThreadPoolExecutor(max_workers=min(8, max(1, len(groups)))) as pool:
        list(pool.map(init_all, groups.values()))


def outputs(engine: Engine, stack: Stack) -> dict[str, Any]:
    """The stack's outputs, secret ones as "[secret]" (never `--show-secrets`)."""
    cwd = engine.project_dir(stack)
    argv = [str(engine.pulumi), "stack", "output", "--json", "--non-interactive", "--stack", stack.name]
    text = run_quick([*argv, "--cwd", str(cwd)], cwd=cwd, env=engine.env_for(stack.project_path))
    try:
        data = json.loads(text or "{}")
    except ValueError:
        raise EngineError(f"`pulumi stack output --json` for {stack.id} printed no JSON") from None
    return data if isinstance(data, dict) else {}
