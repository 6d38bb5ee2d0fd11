"""Projects that commit no stack file: `--env NAME` plans that environment from the code alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.cache import results as resultcache
from stackgraph.discovery.scan import scan
from tests.helpers.clirun import cli, script


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


STACKLESS = {
    "net/Pulumi.yaml": "name: net\nruntime: yaml\noutputs:\n  vpcId: vpc-1\n",
    "db/Pulumi.yaml": "name: db\nruntime: python\n",
    "db/__main__.py": (
        'import pulumi\nnet = pulumi.StackReference(f"{pulumi.get_organization()}/net/{pulumi.get_stack()}")\n'
    ),
    "web/Pulumi.yaml": ("name: web\nruntime: nodejs\nconfig:\n  stackgraph:dependsOn:\n    value: ['db/{stack}']\n"),
    "web/index.ts": 'import * as pulumi from "@pulumi/pulumi";\nexport const x = 1;\n',
    # A project WITH a stack file keeps only its own stacks: no 'prod' is made up for it.
    "tools/Pulumi.yaml": "name: tools\nruntime: yaml\n",
    "tools/Pulumi.shared.yaml": "config: {}\n",
}


def test_env_makes_one_stack_per_stackless_project_with_code_and_declared_edges(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", STACKLESS)
    out = cli("plan", root, "--env", "prod", "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["levels"] == [["net/prod"], ["db/prod"], ["web/prod"]]
    kinds = {(e["from"], e["to"]): e["kind"] for e in doc["edges"]}
    assert kinds == {("db/prod", "net/prod"): "code", ("web/prod", "db/prod"): "explicit"}
    assert {s["id"]: s["path"] for s in doc["stacks"]} == {"db/prod": "db", "net/prod": "net", "web/prod": "web"}


def test_without_env_nothing_is_made_up_and_the_plan_says_how_to_get_one(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", STACKLESS)
    out = cli("plan", root, "-f", "text")
    assert out.code == 0, out.stderr
    assert out.stdout == "deploy order: 1 stack in 1 level\n1\ttools/shared\n"
    assert (
        "stackgraph: note: 3 projects have no stack file (db, net, web); "
        "pass --env NAME to plan a stack NAME for each\n"
    ) in out.stderr


def test_the_same_env_through_ls_graph_and_the_console_script(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", STACKLESS)
    assert cli("ls", root, "--env", "dev").stdout == "net/dev\ndb/dev\nweb/dev\n"
    graph = json.loads(script("graph", root, "--env", "dev", "-f", "json").stdout)
    assert graph["levels"] == [["net/dev"], ["db/dev"], ["web/dev"]]


def test_an_env_that_is_not_a_stack_name_is_bad_input(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", STACKLESS)
    out = cli("plan", root, "--env", "no/such")
    assert out.code == 2
    assert out.stderr == "stackgraph: error: --env 'no/such': not a stack name; use letters, digits, '_', '.' and '-'\n"


def test_the_result_cache_keeps_environments_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(resultcache, "MIN_FILES", 0)
    root = write(tmp_path / "repo", STACKLESS)
    for _ in range(2):  # the second round is served from the cache
        assert sorted(s.id for s in scan(root, env="prod").stacks) == [
            "db/prod",
            "net/prod",
            "tools/shared",
            "web/prod",
        ]
        assert sorted(s.id for s in scan(root, env="dev").stacks) == ["db/dev", "net/dev", "tools/shared", "web/dev"]
        assert [s.id for s in scan(root).stacks] == ["tools/shared"]


# pulumi/examples aws-ts-awsx-vpc-state-migration: three versions of one program, one project name, no stack file.
VERSIONS = {f"mig/v{i}/Pulumi.yaml": "name: mig\nruntime: nodejs\n" for i in (1, 2, 3)}
MADE_UP = " (made up by --env: this project has no stack file)"


def test_two_stackless_projects_of_one_name_are_one_stack_twice_not_one_kept(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", VERSIONS)
    for command in ("plan", "ls", "graph"):
        out = cli(command, root, "--env", "dev")
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == "".join(
            f"stackgraph: error: mig/v{i}/Pulumi.yaml: stack 'mig/dev' is defined twice, here{MADE_UP} and in "
            "mig/v1/Pulumi.yaml (made up by --env as well); rename one of the projects, or leave this folder out: "
            f'`exclude: ["mig/v{i}"]` in stackgraph.yaml\n'
            for i in (2, 3)
        )


def test_a_made_up_stack_never_replaces_a_stack_file_of_the_same_id(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {**VERSIONS, "mig/v1/Pulumi.dev.yaml": "config: {}\n"})
    out = cli("plan", root, "--env", "dev")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == "".join(
        f"stackgraph: error: mig/v{i}/Pulumi.yaml: stack 'mig/dev' is defined twice, here{MADE_UP} and in "
        "mig/v1/Pulumi.dev.yaml; rename one of the projects or stacks, or leave this folder out: "
        f'`exclude: ["mig/v{i}"]` in stackgraph.yaml\n'
        for i in (2, 3)
    )


def test_excluding_the_other_versions_plans_the_one_left(tmp_path: Path) -> None:
    files = {**VERSIONS, "mig/v1/Pulumi.dev.yaml": "config: {}\n", "stackgraph.yaml": 'exclude: ["mig/v2", "mig/v3"]\n'}
    out = cli("plan", write(tmp_path / "repo", files), "--env", "dev", "-f", "json")
    assert out.code == 0, out.stderr
    assert [(s["id"], s["path"]) for s in json.loads(out.stdout)["stacks"]] == [("mig/dev", "mig/v1")]


def test_a_stack_file_of_another_name_is_no_conflict(tmp_path: Path) -> None:
    """mig/v1 has only a prod stack file: --env dev makes no stack for it, and mig/dev for the stackless mig/v2."""
    files = {"mig/v1/Pulumi.yaml": VERSIONS["mig/v1/Pulumi.yaml"], "mig/v1/Pulumi.prod.yaml": ""}
    root = write(tmp_path / "repo", {**files, "mig/v2/Pulumi.yaml": VERSIONS["mig/v2/Pulumi.yaml"]})
    out = cli("plan", root, "--env", "dev", "-f", "json")
    assert out.code == 0, out.stderr
    assert [(s["id"], s["path"]) for s in json.loads(out.stdout)["stacks"]] == [("mig/dev", "mig/v2")]


def test_the_note_names_stackless_projects_of_one_name_by_their_folders(tmp_path: Path) -> None:
    """pulumi/examples keeps v1, v2 and v3 of one project, none with a stack file: the note names each."""
    files = {f"mig/{v}/Pulumi.yaml": "name: migration\nruntime: nodejs\n" for v in ("v1", "v2")}
    solo = {"solo/Pulumi.yaml": "name: solo\nruntime: nodejs\n", "app/Pulumi.yaml": "name: app\nruntime: nodejs\n"}
    root = write(tmp_path / "repo", {**files, **solo, "app/Pulumi.dev.yaml": "config: {}\n"})
    out = cli("plan", root, "-f", "text")
    assert "3 projects have no stack file (migration at mig/v1, migration at mig/v2, solo);" in out.stderr
