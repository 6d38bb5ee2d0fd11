"""Finding the Pulumi CLI, and the backend, passphrase and environment every engine process gets.

`prepare` is the entry point: it raises `ToolMissingError` (no engine) or `UsageError`
(a passphrase is needed and unset), both exit 2, and returns an `Engine` whose
`notices` say what was decided on the user's behalf (the embedded backend, the
default passphrase). Reads files only; runs no process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stackgraph.errors import InputError, ToolMissingError, UsageError
from stackgraph.model import Repo, Stack, StackId
from stackgraph.statedir import location, state_dir

BIN_ENV = "STACKGRAPH_PULUMI_BIN"
BIN_FILE = Path(".stackgraph") / "pulumi-bin"
EMBEDDED_STATE = "state"  # in the state folder (statedir.py)
EMBEDDED_PASSPHRASE = "stackgraph-local"
DIY_SCHEMES = ("file://", "s3://", "gs://", "azblob://")
_NAME = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.-]*$")


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
    return Backend((location(root) / EMBEDDED_STATE).resolve().as_uri(), "embedded")


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
    from stackgraph.discovery.walk import PROJECT_FILES  # noqa: PLC0415 - only needed here

    for name in PROJECT_FILES:  # the first there is the project file, as Pulumi takes it
        path = root / project_path / name
        if path.is_file():
            data = yamlio.load(path, str(Path(project_path) / name)).data
            backend = data.get("backend") if isinstance(data, dict) else None
            url = backend.get("url") if isinstance(backend, dict) else None
            return url if isinstance(url, str) and url else None
    return None


def _needs_passphrase(root: Path, stack: Stack) -> bool:
    """True when the stack keeps its secrets with a passphrase (the default of DIY backends)."""
    from stackgraph import yamlio  # noqa: PLC0415 - YAML only when a stack's secrets provider is read

    path = root / stack.file
    data = yamlio.load(path, stack.file).data if path.is_file() else None
    provider = data.get("secretsprovider") if isinstance(data, dict) else None
    return provider in (None, "", "passphrase") and not (isinstance(data, dict) and data.get("encryptedkey"))


def prepare(
    repo: Repo, stacks: Iterable[StackId], *, environ: Mapping[str, str] | None = None, secrets: bool = True
) -> Engine:
    """Find the engine and decide backend and passphrase for running `stacks` of `repo`.

    Raises ToolMissingError (no engine) or UsageError (a passphrase is needed and unset),
    both exit 2. The returned `notices` say what was decided on the user's behalf.
    `secrets=False`: for reading state without decrypting it, no passphrase is needed or set.
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
        state = location(root) / EMBEDDED_STATE
        state_dir(root)  # with its .gitignore
        state.mkdir(parents=True, exist_ok=True)
        env["PULUMI_BACKEND_URL"] = backend.url or ""
        notices.append(
            f"no Pulumi backend is configured (no PULUMI_BACKEND_URL, no `pulumi login`): using the embedded "
            f"local file backend {backend.url}; set PULUMI_BACKEND_URL to use another"
        )
    if secrets and backend.diy and not _has_passphrase(environ):
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
