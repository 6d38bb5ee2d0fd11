"""The GitLab review-environment jobs really run: gitlab-ci-local (shell executor), the real engine, a file backend.

A temporary git copy of examples/ whose `dev` is deployed gets the parent jobs of `stackgraph ci gitlab
--parent --review-envs dev` as its .gitlab-ci.yml. Run as a merge request pipeline of merge request 7,
the job `stackgraph-review-env` stands up pr-7 (every stack reading the pr-7 stacks) and writes the
outputs file; the stop job (manual, `environment: action: stop`) then takes it down from a fresh build
folder that holds no pr-7 stack file, leaving dev as it was.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.deploy import deploy_env, show, stack_list, stackgraph
from tests.helpers.estate import commit_all, git

pytestmark = pytest.mark.engine

PROJECTS = ("api", "cluster", "database", "monitoring", "networking", "web")
MR = ("--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--variable", "CI_MERGE_REQUEST_IID=7")


def gcl(root: Path, env: dict[str, str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    tool = require("gitlab-ci-local")
    require("rsync")
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [tool, "--home", str(home), "--no-color", "--max-job-name-padding", "0", *MR, *args],
        cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def test_a_merge_request_stands_up_pr_7_and_its_stop_job_takes_it_down(
    tmp_path: Path, make_examples_copy: Callable[[Path], Path], pulumi_bin: Path
) -> None:
    root = make_examples_copy(tmp_path / "repo")
    pulumi_env = engine.engine_environ(pulumi_bin, tmp_path / "engine")
    env = deploy_env(pulumi_bin, pulumi_env)
    up = stackgraph("up", root, "--env", "dev", "--create-stacks", env=env)
    assert up.returncode == 0, show(up)
    out = cli("ci", "gitlab", root, "--parent", "--review-envs", "dev", "--setup", "stackgraph --version")
    assert out.code == 0, out.stderr
    (root / ".gitlab-ci.yml").write_text(out.stdout, encoding="utf-8")
    (root / ".gitignore").write_text(".stackgraph/\n.gitlab-ci-local/\nnode_modules\n")
    git(root, "init", "-q", "-b", "review")
    commit_all(root, "examples with dev deployed, and the pipeline")
    home = tmp_path / "gcl-home"

    proc = gcl(root, env, home, "stackgraph-review-env")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert "STACKGRAPH_GITLAB_TOKEN is not set: no note posted" in proc.stdout
    assert [p for p in PROJECTS if "pr-7" in stack_list(pulumi_env, root / p)] == list(PROJECTS)
    api = engine.stack_outputs(pulumi_env, root / "api", "pr-7")
    assert "k8s-pr-7.vpc-pr-7-10-0" in api["apiUrl"]
    written = root / ".gitlab-ci-local" / "artifacts" / "stackgraph-review-env" / "review-env.md"
    assert written.read_text().startswith("<!-- stackgraph:env pr-7 -->\n"), sorted(root.rglob("review-env.md"))

    stop = gcl(root, env, home, "stackgraph-review-env-stop")
    assert stop.returncode == 0, stop.stdout[-4000:] + stop.stderr
    assert [p for p in PROJECTS if "pr-7" in stack_list(pulumi_env, root / p)] == []
    assert engine.stack_outputs(pulumi_env, root / "api", "dev")["apiUrl"].startswith("https://k8s-dev.")
