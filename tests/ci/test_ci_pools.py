"""`ci` and the pools of stackgraph.yaml: a job per stack cannot keep a pool, and says so; a job per level can."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

WARNING = (
    "stackgraph: warning: pools of stackgraph.yaml hold within one stackgraph run, and each job of this pipeline "
    "runs one stack: acct (limit 1, 2 stacks) may run more stacks at a time than the limit, as their dependencies "
    "allow; `--granularity level` runs each level in one job, where the pools hold\n"
)


def _repo(root: Path, selectors: str = "['stack:prod']") -> Path:
    files = {
        "stackgraph.yaml": f"pools:\n  acct:\n    limit: 1\n    stacks: {selectors}\n",
        **{f"{p}/Pulumi.yaml": project(p) for p in ("net", "db")},
        **{f"{p}/Pulumi.{s}.yaml": stack() for p in ("net", "db") for s in ("dev", "prod")},
    }
    write_repo(root, files)
    return root


def test_a_job_per_stack_warns_that_a_pool_may_be_exceeded(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    for system in ("github", "gitlab", "argo"):
        out = cli("ci", system, root)
        assert out.code == 0, out.stderr
        assert out.stderr.endswith(WARNING), out.stderr


def test_no_warning_per_level_within_the_limit_or_outside_the_selection(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    assert cli("ci", "github", root, "--granularity", "level").stderr.count("pools") == 0
    assert "pools" not in cli("ci", "gitlab", root, "-e", "dev").stderr  # no stack of the pool is in it
    assert "pools" not in cli("ci", "gitlab", root, "-s", "net/prod").stderr  # one stack: within the limit


def test_a_pool_selector_that_matches_nothing_is_refused_with_its_line(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", "['stack:production']")
    out = cli("ci", "github", root)
    assert out.code == 2
    assert out.stderr.startswith("stackgraph: error: stackgraph.yaml:4: pools.acct: 'stack:production' matches no")
