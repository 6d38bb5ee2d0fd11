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
