"""The fixture estate of the selection tests, and real git repositories to hold it.

Six projects in three folders, dev and prod (api also has `sandbox`), one external stack:

    infra/networking  (tags core)        <- infra/database (tags core, data), infra/cluster
    infra/database, infra/cluster        <- services/api (tags backend; api/prod: backend, critical;
                                                          api/sandbox: experimental, no dependencies)
    infra/cluster                        <- services/web (tags frontend; web/prod also needs other/cdn/prod)
    services/api, services/web           <- ops/monitoring (tags ops; monitoring/dev: debug)
"""

from __future__ import annotations

import os
import random
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

from stackgraph.discovery.scan import scan
from stackgraph.graph.dag import StackGraph
from stackgraph.model import Repo
from tests.helpers.repo_builder import Content, project, stack, write_repo

ENVS = ("dev", "prod")
PROJECTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # name: (folder, project tags, dependencies in the same environment)
    "networking": ("infra/networking", ("core",), ()),
    "database": ("infra/database", ("core", "data"), ("networking",)),
    "cluster": ("infra/cluster", (), ("networking",)),
    "api": ("services/api", ("backend",), ("database", "cluster")),
    "web": ("services/web", ("frontend",), ("cluster",)),
    "monitoring": ("ops/monitoring", ("ops",), ("api", "web")),
}
STACK_TAGS = {"api/prod": ["backend", "critical"], "api/sandbox": ["experimental"], "monitoring/dev": ["debug"]}
EXTERNAL = {"web/prod": ["other/cdn/prod"]}
ALL_IDS = sorted([f"{p}/{e}" for p in PROJECTS for e in ENVS] + ["api/sandbox"])


def spec(settings: dict[str, Any] | None = None) -> dict[str, Content]:
    """The files of the estate: projects, stack files, one program file per project, a README."""
    files: dict[str, Content] = {"README.md": "# estate\n", ".gitignore": "*.log\n"}
    if settings is not None:
        files["stackgraph.yaml"] = settings
    for name, (folder, tags, deps) in PROJECTS.items():
        config = {"stackgraph:tags": list(tags)} if tags else {}
        files[f"{folder}/Pulumi.yaml"] = project(name, runtime="python", config=config)
        files[f"{folder}/__main__.py"] = f"# the {name} program\n"
        for env in ENVS:
            sid = f"{name}/{env}"
            on = [f"{d}/{env}" for d in deps] + EXTERNAL.get(sid, [])
            files[f"{folder}/Pulumi.{env}.yaml"] = stack(on, tags=STACK_TAGS.get(sid))
    files["services/api/Pulumi.sandbox.yaml"] = stack(tags=STACK_TAGS["api/sandbox"])
    return files


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` (no shell) and return its stdout; fail the test on an error."""
    proc = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def commit_all(cwd: Path, message: str) -> str:
    """Stage everything, commit, and return the new commit's sha."""
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD")


def git_estate(root: Path, settings: dict[str, Any] | None = None, *, seed: int | None = None) -> Path:
    """Write the estate into a new git repository on branch `main` with one commit; return `root`."""
    write_repo(root, spec(settings), seed=seed)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "the estate")
    return root


def edit(root: Path, rel: str, text: str = "# changed\n") -> None:
    """Append `text` to a file (creating it and its folders when missing)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def shuffled(repo: Repo, seed: int) -> tuple[Repo, StackGraph]:
    """The same repo and graph, every collection in another order, the graph built in that order."""
    rng = random.Random(seed)

    def mix(items: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(items)
        rng.shuffle(out)
        return tuple(out)

    mixed = replace(repo, projects=mix(repo.projects), stacks=mix(repo.stacks), edges=mix(repo.edges))
    nodes = list(mix(tuple(s.id for s in mixed.stacks) + mixed.external + mixed.dangling))
    return mixed, StackGraph(nodes, [(e.dependent, e.dependency) for e in mixed.edges])


def load(root: Path) -> tuple[Repo, StackGraph]:
    """Scan `root` (explicit dependencies only) and build its graph."""
    from stackgraph.graph.build import build_graph

    repo = scan(root, infer=False)
    return repo, build_graph(repo)
