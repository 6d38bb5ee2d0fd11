"""The tools that validate and run generated CI pipelines, installed by scripts/install-ci-tools.

`tool(name)` finds one (on PATH, or in the cache that script fills); `require(name)` fails the test in CI
when it is missing and skips elsewhere (tests/helpers/required.py). `layered_estate` writes a repository of many stacks.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

from tests.helpers.repo_builder import project, stack, write_repo
from tests.helpers.required import missing

CACHE = Path(os.environ.get("STACKGRAPH_CACHE") or Path.home() / ".cache" / "stackgraph")
CACHED = {
    "actionlint": CACHE / "actionlint-v1.7.12" / "actionlint",
    "gitlab-ci-local": CACHE / "gitlab-ci-local-4.60.1" / "node_modules" / ".bin" / "gitlab-ci-local",
    "check-jsonschema": Path(sys.executable).with_name("check-jsonschema"),
}


def tool(name: str) -> str | None:
    """The path of `name` from the cache scripts/install-ci-tools fills, else from PATH, else None."""
    cached = CACHED.get(name)
    if cached is not None and os.access(cached, os.X_OK):
        return str(cached)
    return shutil.which(name)


def require(name: str) -> str:
    """Return the tool's path; fail in CI when it is missing, skip elsewhere."""
    found = tool(name)
    if found is None:
        reason = f"{name} is not installed (scripts/setup --dev installs it: scripts/install-ci-tools)"
        missing(reason)
    return found


def layered_estate(
    root: Path, projects: int = 70, envs: tuple[str, ...] = ("dev", "stage", "prod"), seed: int = 7
) -> Path:
    """Write `projects` x `envs` stacks; project i depends on up to three earlier ones, in the same environment."""
    rng = random.Random(seed)
    spec: dict[str, object] = {}
    for i in range(projects):
        name = f"p{i:03d}"
        deps = sorted(rng.sample(range(i), min(i, rng.randint(0, 3)))) if i else []
        spec[f"{name}/Pulumi.yaml"] = project(name)
        for env in envs:
            spec[f"{name}/Pulumi.{env}.yaml"] = stack([f"p{d:03d}/{env}" for d in deps])
    return write_repo(root, spec)  # type: ignore[arg-type]
