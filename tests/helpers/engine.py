"""The real Pulumi engine for tests: locate or build it, isolate it, run it.

Fixtures in tests/conftest.py wrap these helpers (`pulumi_bin`, `engine_env`, `examples_copy`).
Every helper here is usable without pytest, e.g. from a benchmark script.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-pulumi"
ENGINE_GO_MOD = REPO_ROOT / "engine" / "go.mod"

BIN_ENV = "STACKGRAPH_PULUMI_BIN"
CACHE_ENV = "STACKGRAPH_CACHE"
PASSPHRASE = "stackgraph-tests"
ORGANIZATION = "organization"  # the DIY backend's organization is this literal word
INSTALL_TIMEOUT = 3600  # for callers that bound the script; a cold build takes minutes
PULUMI_TIMEOUT = 300


class EngineUnavailable(Exception):
    """The real engine could not be found or built; the message is one line saying why."""


def pinned_version() -> str:
    """Return the Pulumi version engine/go.mod pins (e.g. "v3.274.1")."""
    for line in ENGINE_GO_MOD.read_text().splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "github.com/pulumi/pulumi/pkg/v3":
            return fields[1]
    raise EngineUnavailable(f"{ENGINE_GO_MOD} pins no github.com/pulumi/pulumi/pkg/v3 version")


def _bin_from_env(value: str) -> Path:
    path = Path(value).expanduser()
    folder = path.parent if path.is_file() else path
    if not os.access(folder / "pulumi", os.X_OK):
        raise EngineUnavailable(f"{BIN_ENV}={value}: no executable pulumi there")
    return folder.resolve()


def _bin_from_install_script(environ: Mapping[str, str], progress: TextIO | None) -> Path:
    """Run scripts/install-pulumi, echoing its progress lines to `progress` as they come."""
    try:
        proc = subprocess.Popen(
            ["bash", str(INSTALL_SCRIPT)],
            env=dict(environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    except OSError as exc:
        raise EngineUnavailable(f"scripts/install-pulumi could not start: {exc}") from exc
    assert proc.stderr is not None and proc.stdout is not None
    errors: list[str] = []
    for line in proc.stderr:  # the script closes stderr when it exits
        errors.append(line.rstrip("\n"))
        if progress is not None:
            progress.write(line)
            progress.flush()
    stdout = proc.stdout.read()
    returncode = proc.wait()
    if returncode != 0:
        failed = [line for line in errors if "FAILED" in line] or errors[-1:]
        raise EngineUnavailable(f"scripts/install-pulumi exited {returncode}: {' '.join(failed)}")
    lines = stdout.strip().splitlines()
    if not lines:
        raise EngineUnavailable("scripts/install-pulumi printed no bin directory")
    return Path(lines[-1])


def locate_engine(environ: Mapping[str, str] | None = None, progress: TextIO | None = None) -> Path:
    """Return the directory holding a working `pulumi`.

    Uses $STACKGRAPH_PULUMI_BIN (the folder or the executable) when set, else runs
    scripts/install-pulumi (which reuses a pulumi on PATH or its cache, or builds one; its
    progress lines go to `progress`). Raises EngineUnavailable with a one-line reason.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(BIN_ENV, "")
    folder = _bin_from_env(value) if value else _bin_from_install_script(environ, progress)
    try:
        proc = subprocess.run(
            [str(folder / "pulumi"), "version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"{folder}/pulumi version: {exc}") from exc
    version = proc.stdout.strip()
    if proc.returncode != 0 or not version.startswith("v"):
        raise EngineUnavailable(f"{folder}/pulumi version printed {version!r} (exit {proc.returncode})")
    return folder


def python_bin_dir() -> Path:
    """Return the folder whose python3 has the `pulumi` SDK: the repo's .venv, else this interpreter's."""
    venv = REPO_ROOT / ".venv" / "bin"
    return venv if (venv / "python3").exists() else Path(sys.executable).parent


def engine_environ(bin_dir: Path, root: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return an environment that runs `pulumi` offline against a file backend under `root`.

    Creates root/home (PULUMI_HOME) and root/state (the backend). Drops every inherited
    PULUMI_* variable (access tokens, other backends) before setting its own.
    """
    base = os.environ if base is None else base
    home, state = root / "home", root / "state"
    home.mkdir(parents=True, exist_ok=True)
    state.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in base.items() if not k.startswith("PULUMI_")}
    env.update(
        PATH=os.pathsep.join([str(bin_dir), str(python_bin_dir()), base.get("PATH", os.defpath)]),
        PULUMI_HOME=str(home),
        PULUMI_BACKEND_URL=f"file://{state}",
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
    )
    return env


def _cache_root(environ: Mapping[str, str]) -> Path:
    return Path(environ.get(CACHE_ENV) or Path.home() / ".cache" / "stackgraph")


def _npm_inputs() -> list[Path]:
    """package.json and package-lock.json of examples/ and of each npm workspace in it."""
    root = json.loads((EXAMPLES / "package.json").read_text())
    files = [EXAMPLES / "package.json", EXAMPLES / "package-lock.json"]
    files += [EXAMPLES / ws / "package.json" for ws in sorted(root.get("workspaces", []))]
    return files


def examples_node_modules(environ: Mapping[str, str] | None = None) -> Path:
    """Return a node_modules with the TypeScript examples' packages (@pulumi/pulumi, typescript).

    Reuses examples/node_modules when `scripts/setup` installed it; else runs `npm ci` once into
    $STACKGRAPH_CACHE/npm-<hash of the lock file>, moved into place only when complete.
    """
    environ = os.environ if environ is None else environ
    local = EXAMPLES / "node_modules"
    if (local / "@pulumi" / "pulumi" / "package.json").exists():
        return local
    inputs = _npm_inputs()
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()[:16]
    target = _cache_root(environ) / f"npm-{digest}"
    if (target / "node_modules" / "@pulumi" / "pulumi").exists():
        return target / "node_modules"
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".npm-{digest}.", dir=target.parent))
    try:
        for src in inputs:
            dest = work / src.relative_to(EXAMPLES)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
        proc = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=work, env=dict(environ), capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise EngineUnavailable(f"npm ci for examples/ failed: {proc.stderr.strip().splitlines()[-1:]}")
        with contextlib.suppress(OSError):  # another session finished first: use its copy
            work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target / "node_modules"


def copy_examples(dest: Path, node_modules: Path | None = None) -> Path:
    """Copy examples/ to `dest` (pulumi writes encryptionsalt into stack files: never run in place).

    With `node_modules`, links it at dest/node_modules so every TypeScript project finds its packages.
    """
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns("node_modules", "__pycache__", "bin", ".pulumi"))
    if node_modules is not None:
        (dest / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return dest


def run_pulumi(
    env: Mapping[str, str], project_dir: Path, *args: str, timeout: float = PULUMI_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run `pulumi ARGS` in `project_dir` (no shell, non-interactive) and return the finished process."""
    exe = shutil.which("pulumi", path=env["PATH"]) or "pulumi"
    return subprocess.run(
        [exe, *args, "--non-interactive"],
        cwd=project_dir, env=dict(env), capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def check(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """Return `proc` if it succeeded; else fail with its command line and full output."""
    if proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(proc.args)} exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    return proc


def select_stack(env: Mapping[str, str], project_dir: Path, stack: str) -> None:
    """Select organization/<project>/<stack>, creating it if it does not exist."""
    check(run_pulumi(env, project_dir, "stack", "select", "--create", f"{ORGANIZATION}/{project_dir.name}/{stack}"))


def up(env: Mapping[str, str], project_dir: Path, stack: str) -> subprocess.CompletedProcess[str]:
    """Run `pulumi up --yes --skip-preview -s STACK` and return the process (not checked)."""
    return run_pulumi(env, project_dir, "up", "--yes", "--skip-preview", "-s", stack)


def stack_outputs(env: Mapping[str, str], project_dir: Path, stack: str) -> dict[str, Any]:
    """Return `pulumi stack output -j -s STACK` (secrets stay masked as "[secret]")."""
    proc = check(run_pulumi(env, project_dir, "stack", "output", "-j", "-s", stack))
    outputs: dict[str, Any] = json.loads(proc.stdout)
    return outputs


def deploy(env: Mapping[str, str], project_dir: Path, stack: str) -> dict[str, Any]:
    """Create/select the stack, `up` it (must succeed) and return its outputs."""
    select_stack(env, project_dir, stack)
    check(up(env, project_dir, stack))
    return stack_outputs(env, project_dir, stack)
