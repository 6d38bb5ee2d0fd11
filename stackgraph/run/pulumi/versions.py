"""The version of a stack's deployed state: what a saved plan was previewed against.

Two short CLI questions per stack, without `--show-secrets`: `pulumi stack history --json
--page-size 1` (the last update: its number where the backend numbers them, its kind and
start) and `pulumi stack export` (through run/pulumi/state.py's `stack_export`; only a
digest of the document is kept, so ciphertexts and values never leave this module). Any
write of the state (an `up`, `refresh`, `destroy`, `stack import`, by anyone) changes the digest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from stackgraph.model import Repo, Stack, StackId
from stackgraph.run.pulumi.backend import EngineError, run_quick
from stackgraph.run.pulumi.engine import Engine
from stackgraph.run.pulumi.state import stack_export


@dataclass(frozen=True)
class StateVersion:
    """The last update (its number where the backend numbers them, its kind and start) and a digest of the
    exported checkpoint: the digest decides, the rest is for messages."""

    version: int | None  # None: never deployed, or a backend that does not number updates (file backends say 0)
    last_update: str | None  # "update at 2026-12-05T12:11:44.000Z"; None: never deployed
    digest: str

    def as_json(self) -> dict[str, object]:
        return {"version": self.version, "last_update": self.last_update, "digest": self.digest}

    def describe(self) -> str:
        """`version 4 (update at ...)`, `the update at ...`, or `never deployed`."""
        if self.last_update is None:
            return "never deployed"
        return f"version {self.version} ({self.last_update})" if self.version else f"the {self.last_update}"


def state_version(engine: Engine, repo: Repo, stack: Stack) -> StateVersion:
    """Ask the backend for the stack's state version; raise EngineError when the CLI cannot answer."""
    cwd = engine.project_dir(stack)
    env = engine.env_for(stack.project_path)
    base = [str(engine.pulumi), "stack"]
    tail = ["--non-interactive", "--stack", stack.name, "--cwd", str(cwd)]
    history = run_quick([*base, "history", "--json", "--page-size", "1", *tail], cwd=cwd, env=env)
    checkpoint = stack_export(engine, repo, stack.id)
    try:
        rows = json.loads(history or "[]")
    except ValueError:
        raise EngineError(f"`pulumi stack history --json` for {stack.id} printed something that is not JSON") from None
    latest = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    version = latest.get("version")
    last = f"{latest.get('kind') or 'update'} at {latest.get('startTime') or '?'}" if latest else None
    canonical = json.dumps(checkpoint, sort_keys=True, separators=(",", ":")).encode()
    number = version if isinstance(version, int) and version > 0 else None
    return StateVersion(number, last, hashlib.sha256(canonical).hexdigest())


def state_versions(engine: Engine, repo: Repo, ids: Iterable[StackId]) -> dict[StackId, StateVersion]:
    """The state version of every stack in `ids` known to `repo`, asked in parallel (sorted by id)."""
    by_id = repo.stack_by_id()
    wanted = sorted({s for s in ids if s in by_id})
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(wanted)))) as pool:
        found = list(pool.map(lambda s: state_version(engine, repo, by_id[s]), wanted))
    return dict(zip(wanted, found, strict=True))
