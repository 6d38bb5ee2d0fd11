"""Job and task names: every stack gets exactly one, unique, that its CI system runs and accepts.

GitLab hides (never runs) a job whose name starts with '.'; a hash suffix that tells two ids apart can equal
another stack's plain name; Argo refuses task names over 128 characters, GitLab job names over 255.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackgraph.errors import GraphError
from stackgraph.model import StackId
from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


HASH = sha("a.b/dev")


def generated(system: str, root: Path, *args: str) -> tuple[str, dict[str, Any]]:
    out = cli("ci", system, root, *args)
    assert out.code == 0, out.stderr
    return out.stdout, yaml.safe_load(out.stdout)


def gitlab_jobs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}


def colliding(root: Path) -> Path:
    """a.b/dev and a-b/dev share a name; a-b/dev-<hash of a.b/dev> is the first suffixed name."""
    return write_repo(root, {
        "ab1/Pulumi.yaml": project("a.b"), "ab1/Pulumi.dev.yaml": stack(),
        "ab2/Pulumi.yaml": project("a-b"), "ab2/Pulumi.dev.yaml": stack(["a.b/dev"]),
        f"ab2/Pulumi.dev-{HASH[:8]}.yaml": stack(["a-b/dev"]),
    })  # fmt: skip


def check_schema(tmp: Path, text: str, schema: str) -> None:
    path = tmp / "pipeline.yml"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [require("check-jsonschema"), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_gitlab_job_never_starts_with_a_dot_and_its_dependents_need_it_by_its_name(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {
        "infra/Pulumi.yaml": project(".infra"), "infra/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack([".infra/dev"]),
    })  # fmt: skip
    text, data = generated("gitlab", root)
    jobs = gitlab_jobs(data)
    assert not [name for name in jobs if name.startswith(".")]
    assert jobs["stack .infra/dev"]["variables"] == {"STACKGRAPH_STACK_ID": ".infra/dev"}
    assert jobs["app/dev"]["needs"] == ["stack .infra/dev"]
    check_schema(tmp_path, text, "vendor.gitlab-ci")


@pytest.mark.parametrize("args", [(), ("--review-envs", "dev")])
def test_a_hash_suffix_equal_to_another_stacks_name_drops_no_github_job(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = colliding(tmp_path / "repo")
    text, data = generated("github", root, *args)
    stack_jobs = {
        j["env"]["STACKGRAPH_STACK_ID"] for j in data["jobs"].values() if "STACKGRAPH_STACK_ID" in j.get("env", {})
    }
    assert stack_jobs == {"a.b/dev", "a-b/dev", f"a-b/dev-{HASH[:8]}"}
    plan = data["jobs"]["plan"]["steps"][-1]["env"]["STACKGRAPH_JOBS"]
    assert set(plan.split()) == stack_jobs
    for job in data["jobs"].values():
        assert set(job.get("needs", [])) <= set(data["jobs"])
    path = tmp_path / "workflow.yml"
    path.write_text(text, encoding="utf-8")
    lint = subprocess.run([require("actionlint"), "-no-color", str(path)], capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout


def test_a_hash_suffix_equal_to_another_stacks_name_gives_unique_argo_tasks(tmp_path: Path) -> None:
    _, data = generated("argo", colliding(tmp_path / "repo"))
    tasks = data["spec"]["templates"][0]["dag"]["tasks"]
    names = [t["name"] for t in tasks]
    assert len(set(names)) == len(names) == 3
    assert all(set(t.get("dependencies", [])) <= set(names) for t in tasks)


def test_long_ids_are_shortened_with_a_hash_and_stay_unique(tmp_path: Path) -> None:
    p = "p" * 100  # the longest project name; stack names as long make ids past Argo's 128 characters
    root = write_repo(tmp_path / "repo", {
        "p/Pulumi.yaml": project(p), f"p/Pulumi.{'s' * 60}.yaml": stack(), f"p/Pulumi.{'s' * 60}2.yaml": stack(),
        f"p/Pulumi.{'s' * 61}.yaml": stack([f"{p}/{'s' * 60}"]),
    })  # fmt: skip
    _, data = generated("argo", root)
    tasks = data["spec"]["templates"][0]["dag"]["tasks"]
    names = [t["name"] for t in tasks]
    assert len(set(names)) == 3 and all(len(n) <= 128 for n in names)
    assert all(set(t.get("dependencies", [])) <= set(names) for t in tasks)


def test_suffixes_grow_until_the_names_are_unique_else_exit_2() -> None:
    from stackgraph.ci.model import unique_names  # imported here: before it existed, only this test failed

    a, b = StackId("a.b/dev"), StackId("a-b/dev")
    h = sha(a)
    raw = {a: "x", b: "x", StackId("c/d"): f"x-{h[:8]}"}
    names = unique_names(raw)
    assert names[a] == f"x-{h[:16]}" and len(set(names.values())) == 3
    raw |= {StackId("c/e"): f"x-{h[:16]}", StackId("c/f"): f"x-{h}"}
    assert unique_names({StackId("a/b"): "x" * 300}, 255)[StackId("a/b")] == "x" * 246 + "-" + sha("a/b")[:8]
    with pytest.raises(GraphError, match=r"get the same job name 'x-[0-9a-f]{40}'; rename one of them"):
        unique_names(raw)
