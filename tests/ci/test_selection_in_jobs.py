"""The commands the generated jobs run carry the generation's selection (`--env`, `--select`, `--exclude`).

Run for real with bash and the real stackgraph: each stack job's deploy command, with `up` swapped for `ls`
(same selection, nothing deployed), must name exactly its stack; GitHub's `plan` must select only stacks
the workflow has jobs for. A project without stack files has stacks only under `--env`.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.test_github_scripts import bash, run_plan
from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import project, stack, write_repo


def stackless(root: Path) -> Path:
    """Two projects without stack files: their stacks exist only with --env."""
    write_repo(root, {"a/Pulumi.yaml": project("a"), "b/Pulumi.yaml": project("b")})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "projects")
    return root


def two_envs(root: Path) -> Path:
    write_repo(root, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(), "net/Pulumi.prod.yaml": stack(),
        "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["net/dev"]),
        "app/Pulumi.prod.yaml": stack(["net/prod"]),
    })  # fmt: skip
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "stacks")
    return root


def generated(system: str, root: Path, *args: str) -> dict[str, Any]:
    out = cli("ci", system, root, *args)
    assert out.code == 0, out.stderr
    data: dict[str, Any] = yaml.safe_load(out.stdout)
    return data


def deploy_commands(system: str, data: dict[str, Any]) -> dict[str, str]:
    """Each stack's deploy command, by stack id."""
    if system == "github":
        jobs = [j for j in data["jobs"].values() if "STACKGRAPH_STACK_ID" in j.get("env", {})]
        return {j["env"]["STACKGRAPH_STACK_ID"]: j["steps"][-1]["run"] for j in jobs}
    if system == "gitlab":
        jobs = [j for j in data.values() if isinstance(j, dict) and "STACKGRAPH_STACK_ID" in j.get("variables", {})]
        return {j["variables"]["STACKGRAPH_STACK_ID"]: j["script"][-1] for j in jobs}
    template = next(t for t in data["spec"]["templates"] if t["name"] == "stack")
    up = template["container"]["args"][0].strip().splitlines()[-1]
    tasks = data["spec"]["templates"][0]["dag"]["tasks"]
    return {t["arguments"]["parameters"][0]["value"]: up for t in tasks}


def listed(command: str, root: Path, sid: str) -> list[str]:
    words = shlex.split(command)
    assert words[:2] == ["stackgraph", "up"], command
    ls = shlex.join(["stackgraph", "ls", *words[2:]]).replace("'$STACKGRAPH_STACK_ID'", '"$STACKGRAPH_STACK_ID"')
    proc = bash(ls, root, {"STACKGRAPH_STACK_ID": sid})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.parametrize("system", ["github", "gitlab", "argo"])
@pytest.mark.parametrize(("repo", "args"), [(stackless, ("--env", "dev")), (two_envs, ("--env", "dev"))])
def test_each_stack_job_deploys_its_stack_under_the_generations_env(
    tmp_path: Path, system: str, repo: Any, args: tuple[str, ...]
) -> None:
    root = repo(tmp_path / "repo")
    commands = deploy_commands(system, generated(system, root, *args))
    assert sorted(commands) == sorted(s for s in commands if s.endswith("/dev")) and commands
    for sid, command in commands.items():
        assert "--create-stacks" in command
        assert listed(command.replace("--create-stacks", ""), root, sid) == [sid]


@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_level_jobs_carry_the_env(tmp_path: Path, system: str) -> None:
    root = stackless(tmp_path / "repo")
    text = cli("ci", system, root, "--env", "dev", "--granularity", "level").stdout
    ups = [line.strip().removeprefix("- ") for line in text.splitlines() if "stackgraph up" in line]
    assert ups and all(" --env dev " in up for up in ups)


@pytest.mark.parametrize(
    ("repo", "args", "expected"),
    [
        (stackless, ("--env", "dev"), ["a/dev", "b/dev"]),
        (two_envs, ("--env", "dev"), ["net/dev", "app/dev"]),
        (two_envs, ("--select", "net/prod app/dev", "--exclude", "app/dev"), ["net/prod"]),
    ],
)
def test_the_plan_job_keeps_to_the_generations_selection(
    tmp_path: Path, repo: Any, args: tuple[str, ...], expected: list[str]
) -> None:
    root = repo(tmp_path / "repo")
    workflow = generated("github", root, *args)
    stacks, out, _ = run_plan(root, tmp_path, workflow, BEFORE="0" * 40)
    assert stacks == expected
    assert "has no job" not in out
    stacks, out, _ = run_plan(root, tmp_path, workflow, EVENT="workflow_dispatch")
    assert stacks == expected
    assert "has no job" not in out


def test_a_manual_run_outside_the_generations_selection_says_so(tmp_path: Path) -> None:
    root = two_envs(tmp_path / "repo")
    workflow = generated("github", root, "--env", "dev")
    stacks, out, _ = run_plan(root, tmp_path, workflow, EVENT="workflow_dispatch", SELECT="project:net")
    assert stacks == ["net/dev"]
    assert "net/prod" not in out  # --env narrows the manual selection too
    workflow = generated("github", root, "--select", "stack:dev", "--exclude", "app/dev")
    stacks, out, _ = run_plan(root, tmp_path, workflow, EVENT="workflow_dispatch", SELECT="net/dev+")
    assert stacks == ["net/dev"]
    assert (
        "::warning::app/dev is selected but this workflow has no job for it: it is outside the selection "
        "this workflow was generated with (--select stack:dev --exclude app/dev)"
    ) in out


def test_the_preview_carries_the_selection_quoted(tmp_path: Path) -> None:
    root = two_envs(tmp_path / "repo")
    workflow = generated("github", root, "--select", "net/dev app/dev", "--env", "dev")
    preview = workflow["jobs"]["preview"]["steps"][-2]["run"]
    assert preview.startswith("stackgraph preview . --select 'net/dev app/dev' --env dev --changed-since ")
    parent = generated("gitlab", root, "--env", "dev", "--parent")
    assert "stackgraph preview . --env dev --changed-since" in parent["stackgraph-preview"]["script"][-1]
