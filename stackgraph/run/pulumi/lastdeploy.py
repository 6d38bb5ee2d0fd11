"""The commit each stack was last deployed from: what `--since-deployed` compares the working tree with.

Pulumi records, with every update, the git commit it ran from (`git.head` in the update's `environment`) and
whether the working tree had uncommitted changes (`git.dirty`). `pulumi stack history --json` (no
`--show-secrets`: config values stay as the backend keeps them, and none is kept here) lists the updates,
newest first; the first one of kind `update` that succeeded is the last deployment, unless a `destroy` that
succeeded came after it (then nothing is deployed). Failed updates, previews and refreshes are passed over: a
stack whose last `up` failed is compared with its last one that succeeded.

Never a guess: a stack with no such update in the pages read, deployed from a tree with uncommitted changes, or
from a run that recorded no commit (not in a git repository) has no commit, and a reason (`Deployment.why`);
the caller selects it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from stackgraph.model import Repo, Stack, StackId
from stackgraph.run.pulumi.backend import EngineError, run_quick
from stackgraph.run.pulumi.engine import Engine, validate_names

PAGE = 50
"""Updates read per stack: the last successful deployment is looked for among the newest PAGE."""
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")


@dataclass(frozen=True)
class Deployment:
    """Where a stack's deployed code came from: `commit` (full sha) when known, else `why` it is not."""

    commit: str | None
    why: str | None = None
    when: str | None = None  # the start of that update, for messages


def last_deployment(rows: Any, sid: StackId) -> Deployment:
    """The last deployment of `sid` in its `stack history --json` rows (newest first); pure."""
    if not isinstance(rows, list) or not rows:
        return Deployment(None, "never deployed (no update in its history)")
    for row in rows:
        if not isinstance(row, dict) or row.get("result") != "succeeded":
            continue
        kind, when = row.get("kind"), row.get("startTime")
        if kind == "destroy":
            return Deployment(None, f"destroyed at {when or '?'}: nothing of it is deployed", when)
        if kind != "update":
            continue
        env = row.get("environment")
        env = env if isinstance(env, Mapping) else {}
        head = env.get("git.head")
        if not isinstance(head, str) or not _SHA.match(head):
            return Deployment(None, f"its last deployment ({when or '?'}) recorded no git commit", when)
        if env.get("git.dirty") == "true":
            return Deployment(
                None,
                f"its last deployment ({when or '?'}) ran from {head[:12]} with uncommitted changes: what it "
                "deployed is not in git",
                when,
            )
        return Deployment(head, None, when)
    return Deployment(None, f"no successful deployment among its last {len(rows)} updates")


def _history(engine: Engine, stack: Stack) -> Any:
    validate_names(stack)
    cwd = engine.project_dir(stack)
    argv = [str(engine.pulumi), "stack", "history", "--json", "--page-size", str(PAGE)]
    argv += ["--non-interactive", "--stack", stack.name, "--cwd", str(cwd)]
    try:
        text = run_quick(argv, cwd=cwd, env=engine.env_for(stack.project_path))
    except EngineError as exc:
        if "no stack named" in str(exc):
            return []  # not in the backend: never deployed
        raise EngineError(
            f"{stack.id}: cannot read its update history from the backend {engine.backend.describe()} "
            f"({str(exc).split(' failed: ', 1)[-1]}): check that the backend can be reached (PULUMI_BACKEND_URL, "
            "`pulumi login`) and run again"
        ) from None
    try:
        return json.loads(text or "[]")
    except ValueError:
        raise EngineError(f"`pulumi stack history --json` for {stack.id} printed something that is not JSON") from None


def last_deployments(
    engine: Engine, repo: Repo, ids: Iterable[StackId], *, parallelism: int = 8
) -> dict[StackId, Deployment]:
    """`last_deployment` of every stack of `ids` in the tree, asked in parallel (sorted by id); EngineError
    when the backend cannot be asked."""
    by_id = repo.stack_by_id()
    wanted = sorted({s for s in ids if s in by_id})
    if not wanted:
        return {}
    pool = ThreadPoolExecutor(max_workers=max(1, min(parallelism, len(wanted))))
    try:
        found = list(pool.map(lambda sid: last_deployment(_history(engine, by_id[sid]), sid), wanted))
    except BaseException:  # Ctrl-C or an unreachable backend: start no other question
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return dict(zip(wanted, found, strict=True))
