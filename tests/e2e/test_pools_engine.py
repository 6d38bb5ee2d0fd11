"""Pools with the real engine: `up -p 4` runs at most `limit` stacks of a pool at a time, and the others go on.

Four Pulumi YAML projects with no dependencies, three of them in a pool of limit 1 (`stackgraph.yaml`, as a
team whose stacks share one cloud account's API quota would write it). At parallelism 4 the three run one after
the other, the fourth alongside the first of them; the run's report holds when each started and ended.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, load_report, show, stackgraph, ts

pytestmark = pytest.mark.engine

POOLED = ("acct-a/dev", "acct-b/dev", "acct-c/dev")


def _repo(root: Path) -> Path:
    for name in ("acct-a", "acct-b", "acct-c", "free"):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: yaml\noutputs:\n  who: {name}\n")
        (folder / "Pulumi.dev.yaml").write_text("config: {}\n")
    (root / "stackgraph.yaml").write_text("pools:\n  account-1:\n    limit: 1\n    stacks: ['project:acct-*']\n")
    return root


def test_a_pool_of_limit_one_runs_its_stacks_one_at_a_time_and_the_others_alongside(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = _repo(tmp_path / "repo")
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"))
    target = tmp_path / "report.json"
    proc = stackgraph("up", root, "-p", "4", "--create-stacks", "--ci", "none", "--report", target, env=env)
    assert proc.returncode == 0, show(proc)
    assert "pools account-1 (1 at a time, 3 stacks)" in proc.stderr, show(proc)
    assert proc.stderr.count(": pool account-1 (1 at a time) full") == 2, show(proc)  # the two held back, once each
    stacks = load_report(target)
    assert all(s["status"] == "succeeded" for s in stacks.values()), stacks
    spans = sorted((ts(stacks[i]["started_at"]), ts(stacks[i]["ended_at"])) for i in POOLED)
    assert spans[0][1] <= spans[1][0] and spans[1][1] <= spans[2][0], spans  # never two at once
    assert ts(stacks["free/dev"]["started_at"]) < spans[1][0]  # the stack in no pool did not wait for the pool


def test_dry_run_names_each_pool_and_a_pool_that_matches_nothing_is_refused(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = _repo(tmp_path / "repo")
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"))
    proc = stackgraph("up", root, "--dry-run", env=env)
    assert proc.returncode == 0, show(proc)
    assert "pool account-1: at most 1 at a time of acct-a/dev, acct-b/dev, acct-c/dev\n" in proc.stdout + proc.stderr
    (root / "stackgraph.yaml").write_text("pools:\n  account-1:\n    limit: 1\n    stacks: ['tag:aws']\n")
    proc = stackgraph("up", root, "--dry-run", env=env)
    assert proc.returncode == 2, show(proc)
    assert proc.stderr.startswith("stackgraph: error: stackgraph.yaml:4: pools.account-1: 'tag:aws' matches no"), show(
        proc
    )
    assert not (root / ".stackgraph" / "logs").exists() or not any((root / ".stackgraph" / "logs").iterdir())
