"""`ci --base deployed`: a push deploys what changed since each stack's last deployment (`--since-deployed`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers.clirun import cli
from tests.helpers.engine import EXAMPLES


def test_github_the_plan_job_selects_since_each_stacks_deployment(tmp_path: Path) -> None:
    out = cli("ci", "github", EXAMPLES, "--base", "deployed")
    assert out.code == 0, out.stderr
    script = yaml.safe_load(out.stdout)["jobs"]["plan"]["steps"][-1]["run"]
    assert "stackgraph ls examples --since-deployed > selected.txt ;;" in script
    assert "--changed-since" not in script and "BEFORE" not in script.split("esac")[0].split("*)")[1]
    default = yaml.safe_load(cli("ci", "github", EXAMPLES).stdout)["jobs"]["plan"]["steps"][-1]["run"]
    assert '--changed-since "$BEFORE"' in default and "--since-deployed" not in default
    target = tmp_path / "stackgraph.yml"
    assert cli("ci", "github", EXAMPLES, "--base", "deployed", "-o", target).code == 0
    assert cli("ci", "github", EXAMPLES, "--base", "deployed", "--check", target).code == 0  # fresh
    assert cli("ci", "github", EXAMPLES, "--check", target).code == 1  # another base: stale


def test_gitlab_the_parent_generates_the_child_since_each_stacks_deployment() -> None:
    out = cli("ci", "gitlab", EXAMPLES, "--parent", "--base", "deployed")
    assert out.code == 0, out.stderr
    generate = yaml.safe_load(out.stdout)["stackgraph-generate"]
    assert generate["script"] == ["stackgraph ci gitlab examples --since-deployed -o stackgraph-pipeline.yml"]
    assert "since each stack's last deployment" in out.stdout.split("stackgraph-generate:")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("argo", "--base", "deployed"), "--base is an option of `stackgraph ci github` and `stackgraph ci gitlab`"),
        (("gitlab", "--base", "deployed"), "--base: a GitLab pipeline without --parent runs the job of every stack"),
        (("github", "--base", "after"), "--base after: choose before (the previous push) or deployed"),
    ],
)
def test_bad_bases_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    system, *rest = args
    out = cli("ci", system, EXAMPLES, *rest)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.startswith(f"stackgraph: error: {message}"), out.stderr
