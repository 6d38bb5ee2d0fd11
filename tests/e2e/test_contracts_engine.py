"""Output contracts with the real engine: a consumer reading a misspelled output is reported before `up`
touches anything; with `--strict-contracts`, nothing is deployed at all.

A temporary copy of tests/e2e/fixtures/contracts (two YAML programs: fast, no plugin) on its own file
backend: `app` reads `vpcID` from `net`, which exports `vpcId`. The engine itself does not fail on it:
app/dev deploys and silently reads nothing, which is why the warning comes first.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import deploy_env, show, stack_list, stackgraph

pytestmark = pytest.mark.engine

FIXTURE = Path(__file__).parent / "fixtures" / "contracts"
WARNING = (
    "stackgraph: warning: app/Pulumi.yaml:12: reads output 'vpcID' of net/dev (the StackReference at line 5), "
    "which does not export it "
    "(it exports vpcId); did you mean 'vpcId'?"
)


@pytest.fixture
def estate(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    return repo, env


def backend_files(env: dict[str, str]) -> list[str]:
    """Every file of the file backend (the state of every stack, its history, its locks)."""
    state = Path(env["PULUMI_BACKEND_URL"].removeprefix("file://"))
    return sorted(str(p.relative_to(state)) for p in state.rglob("*") if p.is_file())


def test_strict_contracts_refuses_before_any_stack_is_touched(estate: tuple[Path, dict[str, str]]) -> None:
    repo, env = estate
    before = backend_files(env)
    proc = stackgraph("up", repo, "--create-stacks", "--strict-contracts", env=env)
    assert proc.returncode == 2, show(proc)
    lines = proc.stderr.splitlines()
    assert WARNING in lines, show(proc)
    assert lines[-1].startswith("stackgraph: error: --strict-contracts: 1 output read that its producer does not"), (
        show(proc)
    )
    assert backend_files(env) == before  # no stack created, no state written, no lock taken
    assert stack_list(env, repo / "net") == {}
    assert stack_list(env, repo / "app") == {}
    assert not (repo / ".stackgraph" / "runs").exists()


def test_up_warns_before_the_first_stack_starts(estate: tuple[Path, dict[str, str]]) -> None:
    repo, env = estate
    proc = stackgraph("up", repo, "--create-stacks", env=env)
    lines = proc.stderr.splitlines()
    assert WARNING in lines, show(proc)
    assert lines[0] == WARNING, show(proc)  # before a stack is created or an engine started
    assert any(line.endswith("start net/dev") for line in lines[1:]), show(proc)
    # What the warning saves the user from: the engine does not fail, app/dev silently reads nothing.
    assert proc.returncode == 0, show(proc)
    assert engine.stack_outputs(env, repo / "net", "dev") == {"vpcId": "vpc-1"}
    assert engine.stack_outputs(env, repo / "app", "dev").get("vpc") in (None, "")
