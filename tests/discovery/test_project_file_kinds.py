"""`Pulumi.json`, `Pulumi.yaml` and `Pulumi.yml` projects, and the stack files each one reads.

Pulumi takes the first project file of a folder by name (`Pulumi.json`, then `Pulumi.yaml`, then `Pulumi.yml`)
and reads the stack files with that file's extension only: `Pulumi.dev.json` for `Pulumi.json`, `Pulumi.dev.yml`
for `Pulumi.yml`. tests/e2e/test_project_files_engine.py shows the real engine doing so.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import project, stack, write_repo

NET_JSON = '{\n  "name": "net",\n  "runtime": "python",\n  "description": "a JSON project"\n}\n'
NET_DEV_JSON = json.dumps({"config": {"net:cidr": "10.0.0.0/16", "net:token": {"secure": "v1:SECRETBYTES"}}})
APP_DEV_JSON = json.dumps({"config": {"stackgraph:dependsOn": ["net/dev"]}}, indent=2)


def scanned(root: Path) -> tuple[dict[str, object], str]:
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    return json.loads(out.stdout), out.stderr


def test_a_json_project_and_its_json_stack_files_are_read(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.json": NET_JSON, "net/Pulumi.dev.json": NET_DEV_JSON,
        "app/Pulumi.json": '{"name": "app", "runtime": "nodejs"}', "app/Pulumi.dev.json": APP_DEV_JSON,
    })  # fmt: skip
    doc, stderr = scanned(root)
    assert [(p["name"], p["file"]) for p in doc["projects"]] == [("app", "app/Pulumi.json"), ("net", "net/Pulumi.json")]
    stacks = [(s["id"], s["file"]) for s in doc["stacks"]]
    assert stacks == [("app/dev", "app/Pulumi.dev.json"), ("net/dev", "net/Pulumi.dev.json")]
    [edge] = doc["edges"]
    assert (edge["from"], edge["to"], edge["evidence"][0]["file"], edge["evidence"][0]["line"]) == (
        "app/dev", "net/dev", "app/Pulumi.dev.json", 4,
    )  # fmt: skip
    assert (doc["skipped"], doc["diagnostics"], stderr) == ([], [], "")
    assert "SECRETBYTES" not in cli("scan", root, "-f", "json", "--verbose").stdout + stderr


def test_a_yml_project_reads_yml_stack_files_and_says_it_skips_yaml_ones(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "a/Pulumi.yml": project("a"),
        "a/Pulumi.dev.yml": stack(),
        "a/Pulumi.dev.yaml": stack(depends_on=["b/dev"]),  # the engine never reads it: no edge
        "a/Pulumi.prod.yaml": stack(),
        "b/Pulumi.yaml": project("b"), "b/Pulumi.dev.yaml": stack(), "b/Pulumi.dev.json": "{not json",
    })  # fmt: skip
    doc, stderr = scanned(root)
    stacks = [(s["id"], s["file"]) for s in doc["stacks"]]
    assert stacks == [("a/dev", "a/Pulumi.dev.yml"), ("b/dev", "b/Pulumi.dev.yaml")]
    assert doc["edges"] == []
    assert [(k["file"], k["reason"]) for k in doc["skipped"]] == [
        ("a/Pulumi.dev.yaml", "other-extension"), ("a/Pulumi.prod.yaml", "other-extension"),
        ("b/Pulumi.dev.json", "other-extension"),
    ]  # fmt: skip
    assert (
        "stackgraph: warning: a/Pulumi.dev.yaml: Pulumi reads Pulumi.dev.yml for the project file Pulumi.yml, not this "
        "file; rename it to Pulumi.dev.yml (or delete it)"
    ) in stderr.splitlines()
    assert {d["code"] for d in doc["diagnostics"]} == {"other-extension"}


def test_pulumi_json_is_the_project_file_beside_pulumi_yaml(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "a/Pulumi.json": '{"name": "fromjson", "runtime": "python"}', "a/Pulumi.dev.json": "{}",
        "a/Pulumi.yaml": project("fromyaml"), "a/Pulumi.yml": project("fromyml"),
    })  # fmt: skip
    doc, _ = scanned(root)
    assert [(s["id"], s["file"]) for s in doc["stacks"]] == [("fromjson/dev", "a/Pulumi.dev.json")]
    assert [(k["file"], k["reason"], k["detail"]) for k in doc["skipped"]] == [
        ("a/Pulumi.yaml", "duplicate", "Pulumi.json beside it is the project file"),
        ("a/Pulumi.yml", "duplicate", "Pulumi.json beside it is the project file"),
    ]


def test_a_broken_json_stack_file_is_one_line_naming_its_line(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"a/Pulumi.json": NET_JSON, "a/Pulumi.dev.json": '{\n  "config": {\n    "a" 1\n}'})
    out = cli("plan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "stackgraph: error: a/Pulumi.dev.json:3: invalid JSON: Expecting ':' delimiter; fix the syntax\n"
    )
    nan = write_repo(tmp_path / "nan", {"a/Pulumi.json": NET_JSON, "a/Pulumi.dev.json": '{"config": {"a:x": NaN}}'})
    out = cli("plan", nan)
    assert (out.code, out.stderr) == (2, "stackgraph: error: a/Pulumi.dev.json: invalid JSON: NaN is not a JSON value; "
                                         "write a number or a string\n")  # fmt: skip


def test_a_bad_dependency_in_a_json_stack_file_names_its_line(tmp_path: Path) -> None:
    bad = json.dumps({"config": {"stackgraph:dependsOn": ["net/dev", 7]}}, indent=2)
    root = write_repo(tmp_path, {"a/Pulumi.json": NET_JSON, "a/Pulumi.dev.json": bad})
    out = cli("plan", root)
    assert out.code == 2
    assert out.stderr == (
        "stackgraph: error: a/Pulumi.dev.json:3: 'stackgraph:dependsOn' must be a list of stack ids like "
        "`networking/prod`; fix its type\n"
    )


def test_a_changed_json_stack_file_selects_its_stack(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.json": NET_JSON, "net/Pulumi.dev.json": NET_DEV_JSON, "net/Pulumi.prod.json": "{}",
        "app/Pulumi.json": '{"name": "app", "runtime": "nodejs"}', "app/Pulumi.dev.json": APP_DEV_JSON,
    })  # fmt: skip
    git(root, "init", "-q", "-b", "main")
    base = commit_all(root, "one")
    (root / "net/Pulumi.dev.json").write_text(json.dumps({"config": {"net:cidr": "10.1.0.0/16"}}))
    out = cli("ls", root, "--changed-since", base)
    assert (out.code, out.stdout) == (0, "net/dev\napp/dev\n"), out.stderr
