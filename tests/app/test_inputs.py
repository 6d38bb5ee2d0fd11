"""Digests of each stack's inputs (app/inputs.py): what changes them and what does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.app.inputs import MISSING, outputs_digest, project_files, stack_inputs
from stackgraph.cache import results
from stackgraph.discovery.scan import scan_with_inputs
from stackgraph.model import StackId
from tests.helpers.repo_builder import project, stack, write_repo

INDEX = """import * as pulumi from "@pulumi/pulumi";
export const net = new pulumi.StackReference(`organization/net/${pulumi.getStack()}`);
"""
NET, APP, APP_PROD = StackId("net/dev"), StackId("app/dev"), StackId("app/prod")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            ".gitignore": "*.log\n",
            "tsconfig.base.json": json.dumps({"compilerOptions": {"strict": True}}),
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="nodejs"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
            "app/Pulumi.prod.yaml": stack(["net/dev"]),
            "app/index.ts": INDEX,
            "app/tsconfig.json": json.dumps({"extends": "../tsconfig.base.json"}),
            "app/debug.log": "ignored\n",
            "app/node_modules/x/index.js": "module.exports = 1;\n",
            "app/inner/Pulumi.yaml": project("inner"),
            "app/inner/Pulumi.dev.yaml": stack(),
        },
    )


def _digests(root: Path) -> dict[StackId, tuple[str, str]]:
    repo, scanned = scan_with_inputs(root)
    found = stack_inputs(repo, scanned, [s.id for s in repo.stacks])
    return {sid: (i.project, i.stack_file) for sid, i in found.items()}


@pytest.mark.parametrize("cached", [False, True], ids=["scanned", "from-the-result-cache"])
def test_a_project_is_its_listed_files_without_stack_files_and_nested_projects_plus_shared_reads(
    repo: Path, cached: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if cached:
        monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setattr(results, "MIN_FILES", 0)
        scan_with_inputs(repo)  # stores the result; the next scan loads it
    r, scanned = scan_with_inputs(repo)
    assert "tsconfig.base.json" in scanned.read  # read by inference: what app's tsconfig extends
    files = project_files(r, scanned, ["app", "net"])
    assert files["app"] == [
        "app/Pulumi.yaml",
        "app/index.ts",
        "app/tsconfig.json",
        "tsconfig.base.json",
    ]
    assert files["net"] == ["net/Pulumi.yaml", "tsconfig.base.json"]


def test_digests_are_stable_and_change_with_the_file_they_cover(repo: Path) -> None:
    first = _digests(repo)
    assert _digests(repo) == first
    assert first[APP][0] == first[APP_PROD][0] != first[NET][0]  # one project, one digest
    assert MISSING not in {d for pair in first.values() for d in pair}

    (repo / "app" / "index.ts").write_text(INDEX + "export const x = 2;\n")
    edited = _digests(repo)
    assert edited[APP][0] != first[APP][0]
    assert edited[APP][1] == first[APP][1]
    assert edited[NET] == first[NET]

    (repo / "app" / "Pulumi.prod.yaml").write_text("config:\n  app:size: 2\n  stackgraph:dependsOn: [net/dev]\n")
    after = _digests(repo)
    assert after[APP_PROD][1] != edited[APP_PROD][1]
    assert after[APP] == edited[APP]  # another stack's file is not this stack's input
    assert after[APP_PROD][0] == edited[APP_PROD][0]


def test_ignored_files_package_installs_and_nested_projects_do_not_count(repo: Path) -> None:
    first = _digests(repo)
    (repo / "app" / "debug.log").write_text("changed\n")
    (repo / "app" / "node_modules" / "x" / "index.js").write_text("module.exports = 2;\n")
    (repo / "app" / "inner" / "Pulumi.yaml").write_text("name: inner\nruntime: yaml\ndescription: x\n")
    after = _digests(repo)
    assert after[APP] == first[APP]
    assert after[StackId("inner/dev")] != first[StackId("inner/dev")]


def test_a_file_inference_read_above_the_projects_counts_for_each_of_them(repo: Path) -> None:
    first = _digests(repo)
    (repo / "tsconfig.base.json").write_text(json.dumps({"compilerOptions": {"strict": False}}))
    after = _digests(repo)
    assert after[APP][0] != first[APP][0]
    assert after[NET][0] != first[NET][0]


def test_a_stack_made_for_an_env_has_no_stack_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {"solo/Pulumi.yaml": project("solo")})
    r, scanned = scan_with_inputs(root, env="qa")
    found = stack_inputs(r, scanned, [StackId("solo/qa")])
    assert found[StackId("solo/qa")].stack_file == MISSING
    assert found[StackId("solo/qa")].to_json()["project"] != MISSING


def test_outputs_digest_reads_secrets_as_their_placeholder_in_either_form() -> None:
    event_log = {"b": [1, {"k": "v"}], "s": {"4dabf18193072939515e22adb298388d": "1b47", "ciphertext": "[secret]"}}
    printed = {"s": "[secret]", "b": [1, {"k": "v"}]}
    assert outputs_digest(event_log) == outputs_digest(printed)
    assert outputs_digest(printed) != outputs_digest({"s": "[secret]", "b": [2, {"k": "v"}]})
    assert outputs_digest({}) == outputs_digest({})
