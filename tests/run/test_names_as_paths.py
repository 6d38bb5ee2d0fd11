"""Project and stack names are sanitized before they become paths: a project named `..` (a valid Pulumi name)
never writes outside its run folder (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.app.bundle import update_plan_path
from stackgraph.model import Stack, StackId, path_segment
from stackgraph.run.executor import log_path
from stackgraph.run.pulumi.jobs import events_file
from tests.helpers.clirun import cli, script
from tests.helpers.repo_builder import write_repo


@pytest.mark.parametrize(
    ("name", "segment"),
    [
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "%2E%2E%2E"),
        ("a..b", "a..b"),
        (".hidden", ".hidden"),
        ("a/b", "a_b"),
        ("", "_"),
        ("dev", "dev"),
    ],
)
def test_path_segment(name: str, segment: str) -> None:
    assert path_segment(name) == segment


def test_every_path_made_of_a_name_stays_in_its_folder(tmp_path: Path) -> None:
    base = tmp_path / "run"
    stack = Stack(project="..", name="..", file="a/Pulumi....yaml", project_path="a")
    for path in (log_path(base, StackId("../..")), events_file(base, stack), base / update_plan_path(stack.id)):
        assert path.resolve().is_relative_to(base), path
        assert ".." not in path.relative_to(base).parts


def test_a_project_named_dot_dot_writes_only_inside_its_run_folder(tmp_path: Path) -> None:
    spec = {
        "a/Pulumi.yaml": "name: ..\nruntime: yaml\n",
        "a/Pulumi.dev.yaml": "config: {}\n",
        "a/Pulumi....yaml": "config: {}\n",
    }  # stack '..' too
    for i, run in enumerate((cli, script)):
        root = write_repo(tmp_path / f"repo{i}", spec)
        out = run("run", root, "--", "sh", "-c", "echo hello from $STACKGRAPH_STACK_ID")
        assert out.code == 0, out.stderr
        (run_dir,) = (root / ".stackgraph/logs").iterdir()  # one run folder, nothing beside it
        logs = sorted(p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file())
        assert logs == ["%2E%2E/%2E%2E.log", "%2E%2E/dev.log"]
        assert "hello from ../dev" in (run_dir / "%2E%2E/dev.log").read_text()
        report = json.loads((root / ".stackgraph/runs/last.json").read_text())
        assert [s["log"] for s in report["stacks"]] == [
            f".stackgraph/logs/{run_dir.name}/%2E%2E/%2E%2E.log",
            f".stackgraph/logs/{run_dir.name}/%2E%2E/dev.log",
        ]
        outside = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        outside = {p for p in outside if not p.startswith((f".stackgraph/logs/{run_dir.name}/", ".stackgraph/runs/"))}
        assert outside == {".stackgraph/.gitignore", *spec}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo0", "repo1"]
