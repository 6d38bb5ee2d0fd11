"""The generated GitLab pipeline really runs: gitlab-ci-local (shell executor), the real Pulumi engine, a file backend.

A temporary git copy of examples/ (the dev environment: six stacks in four levels) gets the pipeline
`stackgraph ci gitlab . --env dev` writes as its .gitlab-ci.yml. Every job must pass, start only after
the jobs of its dependencies finished (gitlab-ci-local streams "starting" and "finished" lines in the
order they happen), and leave its stack deployed with the outputs of its upstreams read through stack
references. A second run on a fresh backend with cluster/dev's program broken: cluster/dev fails, its
dependents (api, web, monitoring) never start, and the other branch (networking, database) deploys.
Measured: 25-42 s and 9-20 s on 2 cores (shared) (`pytest tests/ci/test_gitlab_run.py --durations=0`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.deploy import DEV, DEV_EDGES
from tests.helpers.estate import commit_all, git

pytestmark = pytest.mark.engine


def pipeline_repo(tmp_path: Path, make_examples_copy: Callable[[Path], Path]) -> Path:
    root = make_examples_copy(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "examples")
    out = cli("ci", "gitlab", root, "--env", "dev", "--setup", "stackgraph --version")
    assert out.code == 0, out.stderr
    (root / ".gitlab-ci.yml").write_text(out.stdout, encoding="utf-8")
    commit_all(root, "the pipeline")
    return root


def run_pipeline(root: Path, env: dict[str, str], home: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    gcl = require("gitlab-ci-local")
    require("rsync")
    home.mkdir(exist_ok=True)
    proc = subprocess.run(
        [gcl, "--home", str(home), "--no-color", "--max-job-name-padding", "0"],
        cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    return proc, proc.stdout.splitlines()


def events(lines: list[str]) -> list[tuple[str, str]]:
    """(job, 'start' | 'end') in the order gitlab-ci-local printed them."""
    out = []
    for line in lines:
        if m := re.match(r"^(\S+)\s+starting shell", line):
            out.append((m.group(1), "start"))
        elif m := re.match(r"^(\S+)\s+finished in", line):
            out.append((m.group(1), "end"))
    return out


def verdicts(lines: list[str]) -> dict[str, str]:
    return {
        m.group(2): m.group(1) for line in lines if (m := re.match(r"^\s*(PASS|FAIL)\s+(?:\[.*?\]\s+)?(\S+)", line))
    }


def test_the_generated_pipeline_deploys_every_stack_in_order(
    tmp_path: Path, make_examples_copy: Callable[[Path], Path], pulumi_bin: Path
) -> None:
    root = pipeline_repo(tmp_path, make_examples_copy)
    env = engine.engine_environ(pulumi_bin, tmp_path / "engine")
    proc, lines = run_pipeline(root, env, tmp_path / "gcl-home")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert verdicts(lines) == dict.fromkeys(DEV, "PASS")
    order = events(lines)
    assert sorted(job for job, what in order if what == "start") == sorted(DEV)
    for dependent, dependency in DEV_EDGES:
        assert order.index((dependency, "end")) < order.index((dependent, "start")), (dependent, dependency)
    outputs = {sid: engine.stack_outputs(env, root / sid.split("/")[0], "dev") for sid in DEV}
    vpc = outputs["networking/dev"]["vpcId"]
    assert outputs["database/dev"]["dbHost"].endswith(f".{vpc}.db.internal")
    assert outputs["cluster/dev"]["networkVpcId"] == vpc
    checks = [c["url"] for c in outputs["monitoring/dev"]["checks"]]
    assert checks == [outputs["api/dev"]["apiUrl"], outputs["web/dev"]["webUrl"]]


def test_a_failing_stack_stops_its_dependents_and_not_the_other_branch(
    tmp_path: Path, make_examples_copy: Callable[[Path], Path], pulumi_bin: Path
) -> None:
    root = pipeline_repo(tmp_path, make_examples_copy)
    program = root / "cluster" / "index.ts"
    program.write_text('throw new Error("cluster is broken on purpose");\n' + program.read_text())
    commit_all(root, "break cluster")
    env = engine.engine_environ(pulumi_bin, tmp_path / "engine")
    proc, lines = run_pipeline(root, env, tmp_path / "gcl-home")
    assert proc.returncode != 0
    assert verdicts(lines) == {"networking/dev": "PASS", "database/dev": "PASS", "cluster/dev": "FAIL"}
    started = {job for job, what in events(lines) if what == "start"}
    assert started == {"networking/dev", "database/dev", "cluster/dev"}
    assert "cluster is broken on purpose" in proc.stdout + proc.stderr
    assert engine.stack_outputs(env, root / "database", "dev")["dbHost"]
