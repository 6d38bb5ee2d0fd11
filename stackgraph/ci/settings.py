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


def detect_setup(repo: Repo, root: Path, commands: tuple[str, ...]) -> Setup:
    """The default setup of the jobs: commands given, else the own scripts, else what the programs need."""
    if commands:
        return Setup(commands=commands)
    if is_stackgraph_repo(root):
        return Setup(own_scripts=True)
    scanned = Path(repo.root)
    runtimes = {p.path: _runtime(p.runtime) for p in repo.projects}
    used = sorted({s.project_path for s in repo.stacks})
    node = any(runtimes.get(p) == "nodejs" for p in used)
    npm: list[str] = []
    unpackaged: list[str] = []
    if node and (scanned / "package-lock.json").is_file():
        npm.append(relative(scanned, root))  # one workspace for every program
    elif node:
        npm += [relative(scanned / p, root) for p in used if (scanned / p / "package-lock.json").is_file()]
        unpackaged += [
            relative(scanned / p, root)
            for p in used
            if runtimes.get(p) == "nodejs" and not (scanned / p / "package-lock.json").is_file()
        ]
    reqs = [
        relative(scanned / p / "requirements.txt", root)
        for p in used
        if runtimes.get(p) == "python" and (scanned / p / "requirements.txt").is_file()
    ]
    return Setup(node=node, npm_dirs=tuple(npm), requirements=tuple(reqs), unpackaged=tuple(unpackaged))


def setup_warnings(setup: Setup) -> list[str]:
    """What the default setup of the jobs cannot install, one line each: their jobs would fail on an import."""
    if not setup.unpackaged:
        return []
    return [
        "the default setup of the jobs installs no packages for the Node.js project(s) "
        f"{', '.join(setup.unpackaged)}: no package-lock.json in them or in the scanned folder (npm ci needs one); "
        "commit one, or install them with --setup CMD"
    ]


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
