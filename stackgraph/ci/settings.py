"""What a `stackgraph ci` command line means for the generated file: paths, setup, the command itself.

Reads the file system (the repository root, lock files, scripts/setup) but runs nothing.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from stackgraph.ci.model import Setup
from stackgraph.errors import InputError
from stackgraph.model import Repo

DEFAULT_FILE = {
    "github": ".github/workflows/stackgraph.yml",
    "gitlab": "stackgraph-pipeline.yml",
    "argo": "stackgraph-workflow.yaml",
}


def repo_root(path: Path) -> Path:
    """Return the git work tree holding `path` (the nearest folder with .git), else `path` itself."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def relative(path: Path, root: Path) -> str:
    """Return `path` relative to `root` as a POSIX string ('.' for the root; as given when outside it).

    Raises `InputError` for a path a pipeline cannot carry: `${{` (GitHub would evaluate it as an
    expression before the shell sees it) or a line break.
    """
    try:
        rel = path.resolve().relative_to(root).as_posix() or "."
    except ValueError:
        rel = path.as_posix()
    if "${{" in rel or "\n" in rel or "\r" in rel:
        raise InputError("a path with '${{' or a line break cannot go into a CI pipeline; rename it", file=rel)
    return rel


def is_stackgraph_repo(root: Path) -> bool:
    """True when `root` is a clone of stackgraph itself (its own scripts/setup installs everything)."""
    pyproject = root / "pyproject.toml"
    if not (root / "scripts" / "setup").is_file() or not pyproject.is_file():
        return False
    return 'name = "stackgraph"' in pyproject.read_text(encoding="utf-8", errors="replace")


# How the default setup gets each runtime the scanner reads (inference/exports.py RUNTIMES) on every system.
# GitHub's ubuntu-latest runner has Go, the .NET SDK and a JDK with Maven and Gradle; the default image of GitLab
# and Argo (pulumi/pulumi) has Python, Node.js, Bun, Go, .NET and a JDK with Maven and Gradle.
TOOLCHAINS = {
    "python": "actions/setup-python (GitHub), the image's python3 (GitLab, Argo); pip install -r requirements.txt",
    "nodejs": "actions/setup-node (GitHub), the image's Node.js (GitLab, Argo); npm ci where a package-lock.json is",
    "bun": "oven-sh/setup-bun (GitHub), the image's bun else `npm install -g bun` (GitLab, Argo); "
    "bun install --frozen-lockfile where a bun.lock or bun.lockb is",
    "go": "the runner's or the image's Go",
    "dotnet": "the runner's or the image's .NET SDK",
    "java": "the runner's or the image's JDK, Maven and Gradle",
    "yaml": "the Pulumi CLI itself",
}
NPM_LOCKS = ("package-lock.json",)
BUN_LOCKS = ("bun.lock", "bun.lockb")  # bun.lockb: the binary lock file of Bun before 1.2


def detect_setup(repo: Repo, root: Path, commands: tuple[str, ...]) -> Setup:
    """The default setup of the jobs: commands given, else the own scripts, else what the programs need."""
    if commands:
        return Setup(commands=commands)
    if is_stackgraph_repo(root):
        return Setup(own_scripts=True)
    scanned = Path(repo.root)
    runtimes = {p.path: _runtime(p.runtime) for p in repo.projects}
    files = {p.path: p.file for p in repo.projects}
    used = sorted({s.project_path for s in repo.stacks})
    of = {r: [p for p in used if runtimes.get(p) == r] for r in ("nodejs", "bun", "python")}
    npm = _lock_dirs(scanned, root, of["nodejs"], NPM_LOCKS)
    unpackaged = (
        []
        if relative(scanned, root) in npm
        else [relative(scanned / p, root) for p in of["nodejs"] if relative(scanned / p, root) not in npm]
    )
    reqs = [
        relative(scanned / p / "requirements.txt", root)
        for p in of["python"]
        if (scanned / p / "requirements.txt").is_file()
    ]
    unknown = [(files[p], runtimes[p]) for p in used if p in runtimes and runtimes[p] not in TOOLCHAINS]
    return Setup(
        node=bool(of["nodejs"]),
        npm_dirs=npm,
        requirements=tuple(reqs),
        bun=bool(of["bun"]),
        bun_dirs=_lock_dirs(scanned, root, of["bun"], BUN_LOCKS),
        unknown=tuple(unknown),
        unpackaged=tuple(unpackaged),
    )


def _lock_dirs(scanned: Path, root: Path, projects: list[str], locks: tuple[str, ...]) -> tuple[str, ...]:
    """Where to install the packages of `projects`: the scanned folder when it holds one of `locks` (one workspace
    for every program), else each project's folder that holds one."""
    if not projects:
        return ()
    if any((scanned / lock).is_file() for lock in locks):
        return (relative(scanned, root),)
    return tuple(relative(scanned / p, root) for p in projects if any((scanned / p / k).is_file() for k in locks))


def setup_warnings(setup: Setup) -> list[str]:
    """What the default setup of the jobs cannot install, one line each: a runtime it installs nothing for, Node.js
    projects without a package lock (their jobs would fail on an import)."""
    known = ", ".join(sorted(TOOLCHAINS))
    return [
        f"{file}: runtime '{runtime}' has no setup in the generated jobs (they install the toolchains of {known}): "
        "its stacks' jobs cannot run unless the runner has it; install it with --setup"
        for file, runtime in setup.unknown
    ] + (
        [
            "the default setup of the jobs installs no packages for the Node.js project(s) "
            f"{', '.join(setup.unpackaged)}: no package-lock.json in them or in the scanned folder (npm ci needs one); "
            "commit one, or install them with --setup CMD"
        ]
        if setup.unpackaged
        else []
    )


def _runtime(runtime: object) -> str:
    if isinstance(runtime, dict):
        return str(runtime.get("name", ""))
    return str(runtime)


def command_line(system: str, path: str, options: list[tuple[str, str | None]]) -> str:
    """Return `stackgraph ci SYSTEM PATH OPTIONS` quoted for a POSIX shell (flags without a value: None)."""
    words = ["stackgraph", "ci", system, path]
    for flag, value in options:
        words += [flag] if value is None else [flag, value]
    return shlex.join(words)
