"""`ci` and the pools of stackgraph.yaml: a job per stack cannot keep a pool, and says so; a job per level can; on
GitLab (Argo) a pool of limit 1 is kept as the resource group (mutex) of its stacks' jobs (tasks)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

WARNING = (
    "stackgraph: warning: pools of stackgraph.yaml hold within one stackgraph run, and each job of this pipeline "
    "runs one stack: acct (limit 1, 2 stacks) may run more stacks at a time than the limit, as their dependencies "
    "allow; `--granularity level` runs each level in one job, where the pools hold\n"
)


def _repo(root: Path, selectors: str = "['stack:prod']", more: str = "") -> Path:
    files = {
        "stackgraph.yaml": f"pools:\n  acct:\n    limit: 1\n    stacks: {selectors}\n{more}",
        **{f"{p}/Pulumi.yaml": project(p) for p in ("net", "db")},
        **{f"{p}/Pulumi.{s}.yaml": stack() for p in ("net", "db") for s in ("dev", "prod")},
    }
    write_repo(root, files)
    return root


def test_a_job_per_stack_warns_that_a_pool_may_be_exceeded(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    out = cli("ci", "github", root)  # GitLab and Argo keep a pool of limit 1: below
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


def test_gitlab_keeps_a_pool_of_limit_one_as_the_resource_group_of_its_jobs(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    out = cli("ci", "gitlab", root)
    assert out.code == 0, out.stderr
    assert "pools" not in out.stderr  # kept: nothing to warn about
    jobs = yaml.safe_load(out.stdout)
    groups = {name: job["resource_group"] for name, job in jobs.items() if "/" in name}
    assert groups == {
        "db/dev": "stackgraph/db/dev",
        "db/prod": "stackgraph/pool-acct",
        "net/dev": "stackgraph/net/dev",
        "net/prod": "stackgraph/pool-acct",
    }
    target = tmp_path / "pipeline.yml"
    target.write_text(out.stdout, encoding="utf-8")
    checker = require("check-jsonschema")
    proc = subprocess.run(
        [checker, "--builtin-schema", "vendor.gitlab-ci", str(target)], check=False, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gitlab_still_warns_for_a_larger_limit_and_for_a_second_pool_of_one_stack(tmp_path: Path) -> None:
    two = "  db:\n    limit: 1\n    stacks: ['project:db']\n  wide:\n    limit: 2\n    stacks: ['project:*']\n"
    root = _repo(tmp_path / "repo", more=two)
    out = cli("ci", "gitlab", root)
    assert out.code == 0, out.stderr
    # db/prod is in acct and db (both limit 1): it takes acct's group, so db is not kept for it; wide has limit 2
    assert "db (limit 1, 2 stacks), wide (limit 2, 4 stacks) may run more" in out.stderr, out.stderr
    assert "acct" not in out.stderr
    assert "(a pool of limit 1 is kept, as the GitLab resource group or Argo mutex of its jobs)" in out.stderr
    groups = {name: job["resource_group"] for name, job in yaml.safe_load(out.stdout).items() if "/" in name}
    assert groups["db/prod"] == "stackgraph/pool-acct" and groups["db/dev"] == "stackgraph/pool-db"


def test_argo_keeps_a_pool_of_limit_one_as_the_mutex_of_its_tasks(tmp_path: Path) -> None:
    from tests.ci.test_validate import argo_model

    root = _repo(tmp_path / "repo")
    out = cli("ci", "argo", root)
    assert out.code == 0, out.stderr
    assert "pools" not in out.stderr
    data = yaml.safe_load(out.stdout)
    argo_model(data)  # hera's models take it whole
    (dag,) = [t["dag"]["tasks"] for t in data["spec"]["templates"] if "dag" in t]
    locks = {t["arguments"]["parameters"][0]["value"]: t["arguments"]["parameters"][1]["value"] for t in dag}
    assert locks == {"db/dev": "db-dev", "db/prod": "pool.acct", "net/dev": "net-dev", "net/prod": "pool.acct"}
    (stack,) = [t for t in data["spec"]["templates"] if t["name"] == "stack"]
    assert stack["synchronization"] == {"mutexes": [{"name": "stackgraph-{{inputs.parameters.lock}}"}]}
