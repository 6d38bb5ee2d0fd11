"""The Pulumi adapter: the only module that knows the Pulumi CLI.

It finds the engine, decides the backend and passphrase every engine process gets,
checks (or creates) the stacks in the backend before anything runs, and turns a stack
into a `Job` for the executor: `pulumi <op> --stack S --cwd DIR --event-log FILE`,
run without a shell in its own process group. Why the CLI and not the Automation API:
the executor must own each engine's process (its own group, SIGINT first on
cancellation), and the structured events come from `--event-log` either way.

Secrets never leave: `up`/`preview` get `--show-secrets=false`, the event log is
always written with secrets masked by the engine, and outputs are read without
`--show-secrets` (secret values arrive as "[secret]").

Functions here run processes (`stack ls`, `stack init`, `stack output`) and raise
`StackgraphError` subclasses with one-line messages; nothing is printed here.
"""

from __future__ import annotations

import enum
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.errors import InputError, StackgraphError, ToolMissingError, UsageError
from stackgraph.model import Repo, Stack, StackId
from stackgraph.run.types import Job, Step

if TYPE_CHECKING:
    from stackgraph.run.commands import RunContext

BIN_ENV = "STACKGRAPH_PULUMI_BIN"
BIN_FILE = Path(".stackgraph") / "pulumi-bin"
EMBEDDED_STATE = Path(".stackgraph") / "state"
EMBEDDED_PASSPHRASE = "stackgraph-local"
DIY_SCHEMES = ("file://", "s3://", "gs://", "azblob://")
_NAME = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.-]*$")
_QUICK_TIMEOUT_S = 120.0


class Operation(str, enum.Enum):
    """What to do to each stack; `value` is the Pulumi command."""

    UP = "up"
    PREVIEW = "preview"
    REFRESH = "refresh"
    DESTROY = "destroy"


_FLAGS: dict[Operation, tuple[str, ...]] = {
    Operation.UP: ("--yes", "--skip-preview", "--show-secrets=false"),
    Operation.PREVIEW: ("--show-secrets=false",),
    Operation.REFRESH: ("--yes", "--skip-preview"),
    Operation.DESTROY: ("--yes", "--skip-preview"),
}


class EngineError(StackgraphError):
    """The Pulumi CLI could not answer a question about the backend (exit 2)."""


@dataclass(frozen=True)
class Backend:
    """Where the stacks' state lives, and who chose it."""

    url: str | None  # None: the user's own configuration decides (project backend.url)
    source: str  # "PULUMI_BACKEND_URL", "credentials", "PULUMI_ACCESS_TOKEN", "project", "embedded"

    @property
    def embedded(self) -> bool:
        return self.source == "embedded"

    @property
    def diy(self) -> bool:
        return self.url is not None and self.url.startswith(DIY_SCHEMES)

    def describe(self) -> str:
        return self.url or "the backend named in each project's Pulumi.yaml"


@dataclass(frozen=True)
class StackState:
    """What the backend knows about one stack."""

    exists: bool
    resources: int = 0  # resources in the last checkpoint (0: never deployed, or destroyed)
    updating: bool = False  # the backend reports an update in progress (a lock)

    @property
    def deployed(self) -> bool:
        return self.exists and self.resources > 0


@dataclass(frozen=True)
class Engine:
    """The Pulumi CLI and the environment every engine process of one run gets."""

    pulumi: Path
    found_by: str  # how the CLI was found, for messages
    backend: Backend
    root: Path  # the scanned repository
    env: Mapping[str, str]
    notices: tuple[str, ...] = ()  # what the caller should say on stderr before running
    project_backends: Mapping[str, str] = field(default_factory=dict)  # project path -> its backend.url

    def env_for(self, project_path: str) -> dict[str, str]:
        """The environment for a process in `project_path` (its own backend.url wins over the embedded one)."""
        env = dict(self.env)
        if self.backend.embedded and project_path in self.project_backends:
            env.pop("PULUMI_BACKEND_URL", None)
        return env

    def project_dir(self, stack: Stack) -> Path:
        return (self.root / stack.project_path).resolve()


# --- finding the engine ------------------------------------------------------------------------


def find_pulumi(root: Path, environ: Mapping[str, str]) -> tuple[Path, str]:
    """Return the `pulumi` executable and how it was found; raise ToolMissingError when there is none.

    Order: $STACKGRAPH_PULUMI_BIN (the executable or its folder), then `.stackgraph/pulumi-bin`
    written by scripts/setup (in the repository, the current folder or stackgraph's own checkout),
    then `pulumi` on PATH.
    """
    given = environ.get(BIN_ENV)
    if given:
        exe = _executable(Path(given))
        if exe is None:
            raise ToolMissingError(
                f"{BIN_ENV}={given}: no pulumi executable there; point it at the folder that holds "
                "`pulumi`, or unset it (scripts/install-pulumi prints that folder)"
            )
        return exe, BIN_ENV
    for base in _bin_file_bases(root):
        note = base / BIN_FILE
        try:
            text = note.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        exe = _executable(Path(text)) if text else None
        if exe is not None:
            return exe, str(note)
    on_path = shutil.which("pulumi", path=environ.get("PATH", os.defpath))
    if on_path:
        return Path(on_path), "PATH"
    raise ToolMissingError(
        "the Pulumi CLI was not found: run scripts/install-pulumi (or scripts/setup), "
        f"put `pulumi` on PATH, or set {BIN_ENV} to the folder that holds it"
    )


def _executable(path: Path) -> Path | None:
    candidate = path / "pulumi" if path.is_dir() else path
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate.resolve()
    return None


def _bin_file_bases(root: Path) -> list[Path]:
    own_checkout = Path(__file__).resolve().parents[2]
    bases: list[Path] = []
    for base in (root, Path.cwd(), own_checkout):
        if base.resolve() not in bases:
            bases.append(base.resolve())
    return bases


# --- backend and passphrase --------------------------------------------------------------------


def detect_backend(root: Path, environ: Mapping[str, str], *, all_projects_have_url: bool = False) -> Backend:
    """Decide the backend the way the Pulumi CLI does, with the embedded file backend when none is set.

    The CLI's own order: $PULUMI_BACKEND_URL, a project's `backend.url`, the current backend
    in credentials.json. With none of these (and no $PULUMI_ACCESS_TOKEN for Pulumi Cloud),
    stackgraph uses `file://<root>/.stackgraph/state`.
    """
    if environ.get("PULUMI_BACKEND_URL"):
        return Backend(environ["PULUMI_BACKEND_URL"], "PULUMI_BACKEND_URL")
    if all_projects_have_url:
        return Backend(None, "project")
    current = _logged_in(environ)
    if current:
        return Backend(current, "credentials")
    if environ.get("PULUMI_ACCESS_TOKEN"):
        return Backend("https://api.pulumi.com", "PULUMI_ACCESS_TOKEN")
    return Backend((root / EMBEDDED_STATE).resolve().as_uri(), "embedded")


def _logged_in(environ: Mapping[str, str]) -> str | None:
    """The current backend of `pulumi login`, from credentials.json, if any."""
    folder = environ.get("PULUMI_CREDENTIALS_PATH") or environ.get("PULUMI_HOME")
    home = Path(folder) if folder else Path(environ.get("HOME", str(Path.home()))) / ".pulumi"
    try:
        data = json.loads((home / "credentials.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    current = data.get("current") if isinstance(data, dict) else None
    return current if isinstance(current, str) and current else None


def _project_backend(root: Path, project_path: str) -> str | None:
    """`backend.url` of a project's Pulumi.yaml (None when it names none)."""
    from stackgraph import yamlio  # noqa: PLC0415 - only needed here

    for name in ("Pulumi.yaml", "Pulumi.yml"):
        path = root / project_path / name
        if path.is_file():
            data = yamlio.load(path, str(Path(project_path) / name)).data
            backend = data.get("backend") if isinstance(data, dict) else None
            url = backend.get("url") if isinstance(backend, dict) else None
            return url if isinstance(url, str) and url else None
    return None


def _needs_passphrase(root: Path, stack: Stack) -> bool:
    """True when the stack keeps its secrets with a passphrase (the default of DIY backends)."""
    from stackgraph import yamlio  # noqa: PLC0415

    path = root / stack.file
    data = yamlio.load(path, stack.file).data if path.is_file() else None
    provider = data.get("secretsprovider") if isinstance(data, dict) else None
    return provider in (None, "", "passphrase") and not (isinstance(data, dict) and data.get("encryptedkey"))


def prepare(repo: Repo, stacks: Iterable[StackId], *, environ: Mapping[str, str] | None = None) -> Engine:
    """Find the engine and decide backend and passphrase for running `stacks` of `repo`.

    Raises ToolMissingError (no engine) or UsageError (a passphrase is needed and unset),
    both exit 2. The returned `notices` say what was decided on the user's behalf.
    """
    environ = dict(os.environ if environ is None else environ)
    root = Path(repo.root)
    exe, found_by = find_pulumi(root, environ)
    by_id = repo.stack_by_id()
    chosen = [by_id[s] for s in stacks if s in by_id]
    for stack in chosen:
        validate_names(stack)
    paths = sorted({s.project_path for s in chosen})
    own = {p: url for p in paths if (url := _project_backend(root, p))}
    backend = detect_backend(root, environ, all_projects_have_url=bool(paths) and len(own) == len(paths))
    env = _base_env(environ, exe.parent)
    notices: list[str] = []
    if backend.embedded:
        state = root / EMBEDDED_STATE
        state.mkdir(parents=True, exist_ok=True)
        env["PULUMI_BACKEND_URL"] = backend.url or ""
        notices.append(
            f"no Pulumi backend is configured (no PULUMI_BACKEND_URL, no `pulumi login`): using the embedded "
            f"local file backend {backend.url}; set PULUMI_BACKEND_URL to use another"
        )
    if backend.diy and not _has_passphrase(environ):
        needing = [s.id for s in chosen if s.project_path not in own and _needs_passphrase(root, s)]
        if needing and backend.embedded:
            env["PULUMI_CONFIG_PASSPHRASE"] = EMBEDDED_PASSPHRASE
            notices.append(
                f"no PULUMI_CONFIG_PASSPHRASE is set: the embedded backend encrypts secrets with the default "
                f"passphrase '{EMBEDDED_PASSPHRASE}', which anyone can read; set PULUMI_CONFIG_PASSPHRASE "
                "for secrets you care about"
            )
        elif needing:
            raise UsageError(
                f"the backend {backend.url} keeps the secrets of {', '.join(needing[:3])}"
                f"{' and others' if len(needing) > 3 else ''} with a passphrase, and none is set: "
                "export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and run again"
            )
    return Engine(exe, found_by, backend, root, env, tuple(notices), own)


def _has_passphrase(environ: Mapping[str, str]) -> bool:
    return "PULUMI_CONFIG_PASSPHRASE" in environ or bool(environ.get("PULUMI_CONFIG_PASSPHRASE_FILE"))


def _base_env(environ: Mapping[str, str], bin_dir: Path) -> dict[str, str]:
    env = dict(environ)
    # The language hosts (pulumi-language-*) are looked up on PATH: put the CLI's folder first.
    env["PATH"] = os.pathsep.join([str(bin_dir), *filter(None, [environ.get("PATH")])])
    env.setdefault("PULUMI_SKIP_UPDATE_CHECK", "true")
    # `--event-log` exists only with debug commands on; the Automation API sets this too.
    env["PULUMI_DEBUG_COMMANDS"] = "true"
    return env


def validate_names(stack: Stack) -> None:
    """Raise InputError unless project and stack names are safe to pass as arguments."""
    for kind, name in (("project", stack.project), ("stack", stack.name)):
        if not _NAME.match(name):
            raise InputError(
                f"{kind} name {name!r} is not a valid Pulumi name: "
                "use letters, digits, '-', '_' and '.' (not '-' first)",
                file=stack.file,
            )


# --- asking the backend ------------------------------------------------------------------------


def run_quick(argv: list[str], *, cwd: Path, env: Mapping[str, str], timeout_s: float = _QUICK_TIMEOUT_S) -> str:
    """Run a short CLI command in its own process group and return stdout; raise EngineError on failure.

    On Ctrl-C or a timeout the group gets SIGINT first (then SIGTERM), never SIGKILL first.
    """
    proc = subprocess.Popen(  # argv list, never a shell
        argv,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except (KeyboardInterrupt, subprocess.TimeoutExpired) as exc:
        _stop(proc)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise EngineError(f"`{_show(argv)}` in {cwd} did not finish in {timeout_s:g}s") from None
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
    """Ask the backend about every stack in `ids`: one `pulumi stack ls --json` per project, in parallel."""
    by_id = repo.stack_by_id()
    wanted = sorted({s for s in ids if s in by_id})
    projects = sorted({by_id[s].project_path for s in wanted})
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(projects)))) as pool:
        listed = dict(zip(projects, pool.map(lambda p: _list_project(engine, p), projects), strict=True))
    out: dict[StackId, StackState] = {}
    for sid in wanted:
        stack = by_id[sid]
        out[sid] = listed[stack.project_path].get(stack.name, StackState(exists=False))
    return out


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


# --- jobs --------------------------------------------------------------------------------------


def make_job(engine: Engine, stack: Stack, op: Operation, *, events_dir: Path) -> Job:
    """The job for one stack: one `pulumi <op>` process with a structured event log."""
    validate_names(stack)
    cwd = engine.project_dir(stack)
    events = events_dir / stack.project / f"{stack.name}.events.jsonl"
    events.parent.mkdir(parents=True, exist_ok=True)
    argv = (
        str(engine.pulumi),
        op.value,
        "--non-interactive",
        *_FLAGS[op],
        "--suppress-progress",
        "--color=never",
        "--stack",
        stack.name,
        "--cwd",
        str(cwd),
        "--event-log",
        str(events),
    )
    step = Step(op.value, argv, cwd, engine.env_for(stack.project_path), event_log=events)
    return Job(
        stack.id,
        (step,),
        transient=transient,
        summarize=lambda log: summarize(events, log),
        recovery=recovery(engine, stack),  # every operation takes the stack's lock, preview too
    )


_TRANSIENT: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"currently locked by \d+ lock|another update is currently in progress|\[409\] Conflict", re.I),
        "the stack is locked by another update",
    ),
    (
        re.compile(
            r"connection (?:refused|reset)|i/o timeout|TLS handshake timeout|no such host|"
            r"temporary failure in name resolution|network is unreachable|"
            r"\b50[234]\]?:? (?:Bad Gateway|Service Unavailable|Gateway Timeout)\b",
            re.I,
        ),
        "network error",
    ),
)


def transient(text: str) -> str | None:
    """Why a failed engine run is worth retrying (a lock held by another update, a network error), or None."""
    for line in text.splitlines():
        for pattern, reason in _TRANSIENT:
            if pattern.search(line):
                return f"{reason}: {line.strip()[:200]}"
    return None


def summarize(event_log: Path, log: Path | None = None) -> dict[str, Any]:
    """Resource change counts and the engine's result from the event log's summary event.

    `engine_error` is the first error the engine reported (a diagnostic event), else the
    last `error:` line of the step's output in `log` (errors before the engine starts,
    such as a held lock, are not events). Returns {} when there is neither (the engine
    stopped before the end). Event logs are written by the engine with secrets masked.
    """
    summary: dict[str, Any] = {}
    errors: list[str] = []
    for event in read_events(event_log):
        if "summaryEvent" in event:
            s = event["summaryEvent"] or {}
            changes = s.get("resourceChanges") or {}
            summary = {
                "changes": {k: changes[k] for k in sorted(changes)},
                "duration_s": s.get("durationSeconds"),
                "result": s.get("result") or None,
                "maybe_corrupt": bool(s.get("maybeCorrupt")),
            }
        diag = event.get("diagnosticEvent")
        if isinstance(diag, dict) and diag.get("severity") == "error" and diag.get("message"):
            errors.append(" ".join(str(diag["message"]).split()))
    error = errors[0] if errors else _last_cli_error(log)
    if error:
        summary["engine_error"] = error[:300]
    return summary


def _last_cli_error(log: Path | None) -> str | None:
    """The last `error:` line the CLI printed in the latest attempt of the step's log."""
    if log is None:
        return None
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = None
    for line in text.splitlines():
        if line.startswith("# stackgraph ") and " step " in line and "(attempt " in line:
            found = None  # a new attempt starts: only its errors count
        elif line.startswith("error: "):
            found = line[len("error: ") :].strip()
    return found


def read_events(event_log: Path) -> list[dict[str, Any]]:
    """The engine events in an `--event-log` file; a torn last line (engine killed) is ignored."""
    try:
        text = event_log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    events = []
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def recovery(engine: Engine, stack: Stack) -> tuple[str, ...]:
    """The commands that unlock a stack an interrupted engine may have left locked, as a user types them."""
    cwd = shlex.quote(str(engine.project_dir(stack)))
    exe = "pulumi" if engine.found_by == "PATH" else shlex.quote(str(engine.pulumi))
    prefix = ""
    if engine.backend.embedded:
        # The embedded backend and its default passphrase are not in the user's shell: name them.
        prefix = f"PULUMI_BACKEND_URL={shlex.quote(engine.env.get('PULUMI_BACKEND_URL', ''))} "
        if engine.env.get("PULUMI_CONFIG_PASSPHRASE") == EMBEDDED_PASSPHRASE:
            prefix += f"PULUMI_CONFIG_PASSPHRASE={EMBEDDED_PASSPHRASE} "
    name = shlex.quote(stack.name)
    return (
        f"{prefix}{exe} cancel --yes -s {name} --cwd {cwd}",
        f"{prefix}{exe} refresh --clear-pending-creates --yes -s {name} --cwd {cwd}",
    )


# --- the job factory of up / preview / refresh / destroy ----------------------------------------


def blocking_dependents(
    dependents_of: Callable[[StackId], Iterable[StackId]],
    selected: Iterable[StackId],
    deployed: Callable[[StackId], bool],
) -> dict[StackId, list[StackId]]:
    """For destroy: each selected stack -> its deployed dependents outside the selection (sorted).

    Pure. `dependents_of` gives every stack that depends on a stack, transitively.
    """
    chosen = set(selected)
    out: dict[StackId, list[StackId]] = {}
    for sid in sorted(chosen):
        outside = sorted(d for d in dependents_of(sid) if d not in chosen and deployed(d))
        if outside:
            out[sid] = outside
    return out


def make_jobs(
    ctx: RunContext,
    op: Operation,
    *,
    create: bool = False,
    force: bool = False,
    say: Callable[[str], None],
) -> dict[StackId, Job]:
    """Check the backend, then return one job per planned stack; nothing has run when this raises.

    Raises (exit 2): no engine, no passphrase, stacks missing in the backend (unless
    `create`), and for destroy, deployed dependents outside the selection (unless `force`).
    A stack that destroy finds absent from the backend gets a job without steps.
    """
    ids = list(ctx.plan.stack_ids)
    by_id = ctx.repo.stack_by_id()
    local = set(by_id)
    outside: set[StackId] = set()
    if op is Operation.DESTROY:
        outside = {d for s in ids for d in ctx.full.descendants(s) if d in local} - set(ids)
    engine = prepare(ctx.repo, [*ids, *sorted(outside)])
    for notice in engine.notices:
        say(f"stackgraph: {notice}")
    states = stack_states(engine, ctx.repo, [*ids, *sorted(outside)])
    missing = [s for s in ids if not states[s].exists]
    if op is Operation.DESTROY:
        _check_destroy(ctx, ids, states, force, say)
        for sid in missing:
            say(f"stackgraph: {sid} is not in the backend {engine.backend.describe()}: nothing to destroy")
    elif missing and not create:
        raise missing_error(engine, missing)
    elif missing:
        create_stacks(engine, ctx.repo, missing, lambda s: say(f"stackgraph: created stack {s}"))
    for sid in ids:
        if states[sid].updating:
            say(f"stackgraph: warning: the backend reports an update in progress on {sid} (is it locked?)")
    jobs: dict[StackId, Job] = {}
    for sid in ids:
        if op is Operation.DESTROY and sid in missing:
            jobs[sid] = Job(sid, (), summarize=lambda _log: {"note": "not in the backend: nothing to destroy"})
        else:
            jobs[sid] = make_job(engine, by_id[sid], op, events_dir=ctx.log_dir)
    return jobs


def _check_destroy(
    ctx: RunContext, ids: list[StackId], states: Mapping[StackId, StackState], force: bool, say: Callable[[str], None]
) -> None:
    local = set(ctx.repo.stack_by_id())
    blocking = blocking_dependents(
        lambda s: (d for d in ctx.full.descendants(s) if d in local),
        ids,
        lambda s: states[s].deployed,
    )
    if not blocking:
        return
    first, deps = next(iter(blocking.items()))
    more = f" (and {len(blocking) - 1} more selected stack(s) like it)" if len(blocking) > 1 else ""
    text = (
        f"{first} has deployed dependents outside the selection: {', '.join(deps)}{more}; "
        "destroying it would break them"
    )
    if not force:
        raise UsageError(f"refusing to destroy: {text}; select them too, or pass --force")
    for sid, deps in blocking.items():
        say(f"stackgraph: warning: --force: destroying {sid} although {', '.join(deps)} still depend(s) on it")
