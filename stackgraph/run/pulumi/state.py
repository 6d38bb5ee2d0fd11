"""Reading deployed state through the CLI: `pulumi stack export`, never with `--show-secrets`.

`stack_export` returns one stack's state document (secret values stay ciphertext, as the
backend keeps them); `deployed_state` reads the stack references out of it;
`read_states` does that for many stacks, in parallel with a bound. Each call is one short
`pulumi` process without a shell (`run_quick`). Nothing here prints, and nothing read
here keeps a value of the state beyond reference names, URNs and program positions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from stackgraph.deployed import (
    STACK_REFERENCE,
    SUPPORTED_STATE_VERSION,
    DeployedReference,
    DeployedState,
    StateStatus,
)
from stackgraph.model import Repo, Stack, StackId
from stackgraph.run.pulumi.backend import EngineError, run_quick
from stackgraph.run.pulumi.engine import Engine, validate_names

PARALLELISM = 8
"""How many `pulumi stack export` processes run at the same time by default."""


class StackNotFound(EngineError):
    """The backend has no such stack (it was never created there)."""


class NewerState(EngineError):
    """The state was written in a format newer than stackgraph (or the Pulumi CLI it runs) reads."""


def stack_export(engine: Engine, repo: Repo, sid: StackId) -> dict[str, Any]:
    """Return the state document of stack `sid` (`pulumi stack export`: secret values stay encrypted).

    Raises `StackNotFound` when the backend has no such stack, `NewerState` when the state is in a
    format newer than `SUPPORTED_STATE_VERSION` (or than the CLI reads), `EngineError` when the
    backend cannot be asked (each one line naming the stack and what to do); `KeyError` when `sid`
    is not a stack of `repo`. Thread-safe.
    """
    stack = next((s for s in repo.stacks if s.id == sid), None)
    if stack is None:
        raise KeyError(sid)
    validate_names(stack)
    text = _export(engine, stack)
    try:
        doc = json.loads(text or "{}")
    except ValueError:
        raise EngineError(f"{sid}: `pulumi stack export` printed something that is not JSON: {text[:80]!r}") from None
    if not isinstance(doc, dict):
        raise EngineError(f"{sid}: `pulumi stack export` printed JSON that is not a state document")
    version = doc.get("version")
    if isinstance(version, int) and version > SUPPORTED_STATE_VERSION:
        written = manifest(doc).get("version")
        by = f" (written by Pulumi {written})" if isinstance(written, str) and written else ""
        raise NewerState(
            f"{sid}: its state is in deployment format {version}{by}, newer than stackgraph reads (up to "
            f"{SUPPORTED_STATE_VERSION}): upgrade stackgraph to a release that reads it"
        )
    return doc


def _export(engine: Engine, stack: Stack) -> str:
    cwd = engine.project_dir(stack)
    argv = [str(engine.pulumi), "stack", "export", "--non-interactive", "--stack", stack.name, "--cwd", str(cwd)]
    try:
        return run_quick(argv, cwd=cwd, env=engine.env_for(stack.project_path))
    except EngineError as exc:
        said = str(exc).split(" failed: ", 1)[-1]
        if "no stack named" in said:
            raise StackNotFound(f"{stack.id}: not in the backend {engine.backend.describe()}") from None
        if "newer than" in said or "please upgrade" in said.lower():
            raise NewerState(
                f"{stack.id}: the Pulumi CLI {engine.pulumi} cannot read its state ({said}): upgrade that CLI "
                "to the version that deployed the stack (or point STACKGRAPH_PULUMI_BIN at a newer one)"
            ) from None
        raise EngineError(
            f"{stack.id}: cannot read its state from the backend {engine.backend.describe()} ({said}): check that "
            "the backend can be reached (PULUMI_BACKEND_URL, `pulumi login`) and run again"
        ) from None


def manifest(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """The `manifest` of a state document (`time`, `magic`, the engine `version` that wrote it), or {}."""
    deployment = doc.get("deployment")
    found = deployment.get("manifest") if isinstance(deployment, dict) else None
    return found if isinstance(found, dict) else {}


def _resources(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    deployment = doc.get("deployment")
    resources = deployment.get("resources") if isinstance(deployment, dict) else None
    return [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []


def references_in(doc: Mapping[str, Any], sid: StackId, project_path: str) -> tuple[DeployedReference, ...]:
    """The stack references of a state document, sorted; names only, never an output or a secret."""
    out = []
    for res in _resources(doc):
        if res.get("type") != STACK_REFERENCE:
            continue
        urn = res.get("urn")
        out.append(
            DeployedReference(sid, _name(res), urn if isinstance(urn, str) else "", _positions(res, project_path))
        )
    return tuple(sorted(out))


def _name(res: Mapping[str, Any]) -> str:
    """The referenced stack's name (its `name` input, else output); "" when it is not a plain string (a secret)."""
    for key in ("inputs", "outputs"):
        values = res.get(key)
        name = values.get("name") if isinstance(values, dict) else None
        if isinstance(name, str) and name:
            return name
    return ""


def _positions(res: Mapping[str, Any], project_path: str) -> tuple[str, ...]:
    """Where in the project's program the resource was made (`sourcePosition`, then its stack trace)."""
    raw = [res.get("sourcePosition")]
    trace = res.get("stackTrace")
    if isinstance(trace, list):
        raw += [frame.get("sourcePosition") for frame in trace if isinstance(frame, dict)]
    out: list[str] = []
    for value in raw:
        site = _site(value, project_path)
        if site is not None and site not in out:
            out.append(site)
    return tuple(out)


def _site(value: object, project_path: str) -> str | None:
    """`project:///__main__.py#5` -> `app/__main__.py:5`; None outside the project (the SDK, the host)."""
    if not isinstance(value, str) or not value.startswith("project:///"):
        return None
    path, _, where = value.removeprefix("project:///").partition("#")
    line = where.split(",", 1)[0]
    if not path or path.startswith("../") or "/../" in path or not line.isdigit():
        return None
    return f"{path}:{line}" if project_path == "." else f"{project_path}/{path}:{line}"


def deployed_state(engine: Engine, repo: Repo, sid: StackId) -> DeployedState:
    """Read what stackgraph needs of `sid`'s state; a problem is recorded in the result, never raised."""
    project_path = next(s.project_path for s in repo.stacks if s.id == sid)
    try:
        doc = stack_export(engine, repo, sid)
    except StackNotFound as exc:
        return DeployedState(sid, StateStatus.NOT_DEPLOYED, problem=exc.message)
    except EngineError as exc:
        return DeployedState(sid, StateStatus.UNREADABLE, problem=exc.message)
    count = len(_resources(doc))
    if count == 0:
        return DeployedState(sid, StateStatus.NOT_DEPLOYED, problem=f"{sid}: in the backend, without resources")
    return DeployedState(sid, StateStatus.DEPLOYED, references_in(doc, sid, project_path), count)


def read_states(
    engine: Engine, repo: Repo, ids: Iterable[StackId], *, parallelism: int = PARALLELISM
) -> dict[StackId, DeployedState]:
    """`deployed_state` of every stack of `ids` in the tree, at most `parallelism` at a time; sorted by id."""
    local = {s.id for s in repo.stacks}
    wanted = sorted({s for s in ids if s in local})
    if not wanted:
        return {}
    pool = ThreadPoolExecutor(max_workers=max(1, min(parallelism, len(wanted))))
    try:
        states = list(pool.map(lambda sid: deployed_state(engine, repo, sid), wanted))
    except BaseException:  # Ctrl-C: start no other export (each running one ends within its timeout)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return dict(zip(wanted, states, strict=True))
