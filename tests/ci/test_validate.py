"""Generated pipelines pass the CI systems' own validators, which reject a broken file (so the check can fail).

GitHub: check-jsonschema's vendored schema and actionlint; GitLab: check-jsonschema's vendored schema;
Argo: hera's models (a round trip that drops nothing), and the DAG equals the graph. On examples/ and
on an estate of 210 stacks. In CI (CI=true) a missing validator fails; elsewhere it skips.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers.citools import layered_estate, require
from tests.helpers.clirun import cli
from tests.helpers.engine import EXAMPLES
from tests.helpers.estate import load

GITHUB_VARIANTS = [
    (),
    ("--granularity", "level"),
    ("--setup", "pip install stackgraph", "--environment", "{project}-{stack}"),
    ("--env", "dev", "--review-envs", "dev", "--review-share", "networking/dev"),
    ("--base", "deployed"),
]
GITLAB_VARIANTS = [
    (),
    ("--granularity", "level"),
    ("--manual", "stack:prod"),
    ("--parent",),
    ("--parent", "--review-envs", "dev", "--review-ttl", "1d12h"),
    ("--parent", "--base", "deployed"),
]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return layered_estate(tmp_path_factory.mktemp("estate") / "repo")


def generate(tmp: Path, system: str, root: Path, *args: str, name: str = "pipeline.yml") -> Path:
    out = cli("ci", system, root, *args)
    assert out.code == 0, out.stderr
    path = tmp / name
    path.write_text(out.stdout, encoding="utf-8")
    return path


def validate(tool: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=300, check=False)


def github_files(tmp: Path, estate: Path) -> list[Path]:
    files = [generate(tmp, "github", EXAMPLES, *v, name=f"ex{i}.yml") for i, v in enumerate(GITHUB_VARIANTS)]
    files.append(generate(tmp, "github", estate, name="estate.yml"))
    files.append(generate(tmp, "github", estate, "--granularity", "level", name="estate-levels.yml"))
    return files


def broken_workflow(tmp: Path) -> Path:
    """A workflow whose stack job needs a job that does not exist and whose `runs-on` is a number list."""
    data = yaml.safe_load(cli("ci", "github", EXAMPLES).stdout)
    job = data["jobs"]["stack-api-dev"]
    job["needs"] = [*job["needs"], "no-such-job"]
    job["concurrency"]["cancel-in-progress"] = "sometimes"
    path = tmp / "broken.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_github_workflows_pass_the_vendored_schema(tmp_path: Path, estate: Path) -> None:
    checker = require("check-jsonschema")
    proc = validate(checker, "--builtin-schema", "vendor.github-workflows", *github_files(tmp_path, estate))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = validate(checker, "--builtin-schema", "vendor.github-workflows", broken_workflow(tmp_path))
    assert bad.returncode == 1, bad.stdout + bad.stderr


def test_github_workflows_pass_actionlint(tmp_path: Path, estate: Path) -> None:
    actionlint = require("actionlint")
    files = github_files(tmp_path, estate)
    proc = validate(actionlint, "-no-color", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = validate(actionlint, "-no-color", broken_workflow(tmp_path))
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "no-such-job" in bad.stdout


def test_gitlab_pipelines_pass_the_vendored_schema(tmp_path: Path, estate: Path) -> None:
    checker = require("check-jsonschema")
    files = [generate(tmp_path, "gitlab", EXAMPLES, *v, name=f"ex{i}.yml") for i, v in enumerate(GITLAB_VARIANTS)]
    files.append(generate(tmp_path, "gitlab", estate, name="estate.yml"))
    proc = validate(checker, "--builtin-schema", "vendor.gitlab-ci", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.safe_load(files[0].read_text())
    data["api/dev"]["when"] = "sometimes"
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    bad = validate(checker, "--builtin-schema", "vendor.gitlab-ci", broken)
    assert bad.returncode == 1, bad.stdout + bad.stderr


def argo_model(data: dict[str, Any]) -> Any:
    """Validate with hera's models; a round trip must give the same document (no key ignored)."""
    from hera.workflows.models import Workflow, WorkflowTemplate

    model = (WorkflowTemplate if data["kind"] == "WorkflowTemplate" else Workflow).model_validate(data)
    assert model.model_dump(by_alias=True, exclude_none=True) == data
    return model


@pytest.mark.parametrize("root_name", ["examples", "estate"])
def test_argo_workflows_validate_with_hera_and_their_dag_is_the_graph(root_name: str, estate: Path) -> None:
    root = EXAMPLES if root_name == "examples" else estate
    for args in ((), ("--template", "--service-account", "deployer", "--image", "example/deploy:1")):
        data = yaml.safe_load(cli("ci", "argo", root, *args).stdout)
        model = argo_model(data)
        tasks = model.spec.templates[0].dag.tasks
        by_name = {t.name: t for t in tasks}
        stack_of = {t.name: t.arguments.parameters[0].value for t in tasks}
        edges = {(stack_of[t.name], stack_of[d]) for t in tasks for d in (t.dependencies or [])}
        repo, graph = load(root)
        assert sorted(stack_of.values()) == sorted(s.id for s in repo.stacks)
        assert edges == set(graph.edges())
        assert len(by_name) == len(tasks)


def test_a_broken_argo_workflow_is_rejected() -> None:
    from pydantic import ValidationError

    data = yaml.safe_load(cli("ci", "argo", EXAMPLES).stdout)
    data["spec"]["templates"][0]["dag"]["tasks"][1]["dependencies"] = "networking-dev"
    with pytest.raises(ValidationError):
        argo_model(data)
    data = yaml.safe_load(cli("ci", "argo", EXAMPLES).stdout)
    data["spec"]["templates"][0]["dag"]["tasks"][1]["dependecies"] = ["networking-dev"]  # a typo is not ignored
    with pytest.raises(AssertionError):
        argo_model(data)
