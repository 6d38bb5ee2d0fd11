"""The real engine: `up --changed-since origin/main` deploys exactly what changed and its dependents, in order.

A copy of examples/ becomes a git repository with an `origin` remote. dev is deployed
once from main (the stack files pulumi salted are committed and pushed, as a team would),
then a branch changes one stack file: database/Pulumi.dev.yaml's `dbName`. stackgraph must
deploy database/dev, then api/dev (which reads the database), then monitoring/dev (which
reads api), and nothing else: no prod stack, no other dev stack.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import engine
from tests.helpers.estate import commit_all, git

pytestmark = pytest.mark.engine

STACKGRAPH = Path(sys.executable).with_name("stackgraph")
CHANGED = ["database/dev", "api/dev", "monitoring/dev"]
UNTOUCHED = {"networking": "dev", "cluster": "dev", "web": "dev"}


def stackgraph(*args: str | Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STACKGRAPH), *map(str, args)], env=dict(env), capture_output=True, text=True, timeout=600, check=False
    )


def show(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


def report(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text())
    assert data["schema"] == "stackgraph.run/v1"
    return {s["id"]: s for s in data["stacks"]}


def seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def updates(env: Mapping[str, str], project_dir: Path, stack: str) -> int:
    proc = engine.check(engine.run_pulumi(env, project_dir, "stack", "history", "--json", "-s", stack))
    return len(json.loads(proc.stdout))


@pytest.fixture(scope="module")
def deployed(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, str]]:
    """A git copy of examples/ with dev deployed from main, pushed to `origin`."""
    root = tmp_path_factory.mktemp("changed")
    copy = make_examples_copy(root / "examples")
    env = {
        **make_engine_env(root),
        "STACKGRAPH_PULUMI_BIN": str(pulumi_bin),
        "PULUMI_NODEJS_TRANSPILE_ONLY": "true",  # ts-node without type checks: ~3 s per program, not ~10
        "TERM": "dumb",
    }
    with (copy / ".gitignore").open("a") as f:
        f.write("/node_modules\n.stackgraph/\n")
    git(root, "init", "-q", "--bare", "-b", "main", "origin.git")
    git(copy, "init", "-q", "-b", "main")
    git(copy, "remote", "add", "origin", str(root / "origin.git"))
    commit_all(copy, "examples")
    proc = stackgraph("up", copy, "--env", "dev", "--create-stacks", env=env)
    assert proc.returncode == 0, show(proc)
    commit_all(copy, "dev: stacks created (pulumi salted their stack files)")
    git(copy, "push", "-q", "origin", "main")
    return copy, env


def test_up_changed_since_origin_main_deploys_the_changed_stack_and_its_dependents_in_order(
    deployed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    copy, env = deployed
    git(copy, "checkout", "-q", "-b", "rename-db")
    stack_file = copy / "database/Pulumi.dev.yaml"
    stack_file.write_text(stack_file.read_text().replace("database:dbName: shop", "database:dbName: orders"))
    commit_all(copy, "database/dev: rename the database")

    listed = stackgraph("ls", copy, "--changed-since", "origin/main", "--why", env=env)
    assert (listed.returncode, listed.stdout) == (
        0,
        "database/dev    changed: database/Pulumi.dev.yaml\n"
        "api/dev         dependent of database/dev\n"
        "monitoring/dev  dependent of database/dev\n",
    ), show(listed)

    before = {p: updates(env, copy / p, s) for p, s in UNTOUCHED.items()}
    target = tmp_path / "report.json"
    proc = stackgraph("up", copy, "--changed-since", "origin/main", "--report", target, env=env)
    assert proc.returncode == 0, show(proc)

    stacks = report(target)
    assert sorted(stacks) == sorted(CHANGED)
    assert all(s["status"] == "succeeded" for s in stacks.values()), stacks
    spans = [(seconds(stacks[i]["started_at"]), seconds(stacks[i]["ended_at"])) for i in CHANGED]
    assert spans[0][1] <= spans[1][0] and spans[1][1] <= spans[2][0], spans  # one after the other, in order

    api = engine.stack_outputs(env, copy / "api", "dev")
    assert "db=orders-dev." in api["apiUrl"]  # api/dev was deployed after database/dev, with its new output
    assert {p: updates(env, copy / p, s) for p, s in UNTOUCHED.items()} == before
    for project in ("networking", "database", "api"):
        listing = engine.check(engine.run_pulumi(env, copy / project, "stack", "ls", "--json"))
        assert [row["name"].rsplit("/", 1)[-1] for row in json.loads(listing.stdout)] == ["dev"]  # no prod
