"""A project or stack file of several YAML documents: Pulumi (yaml.v3's `Unmarshal`) reads the first and ignores
the rest, and so does the scan, with a warning naming the line where the ignored part starts (the engine doing so
is shown by tests/e2e/test_project_files_engine.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

WARNING = (
    "a second YAML document starts here; Pulumi reads only the first document of a file (and so does stackgraph), "
    "so what follows is ignored: merge it into the first or delete it"
)


def scanned(root: Path) -> tuple[dict[str, object], str]:
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    return json.loads(out.stdout), out.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("config:\n  stackgraph:dependsOn: [net/dev]\n---\nconfig:\n  stackgraph:dependsOn: [db/dev]\n", 3),
        ("---\nconfig:\n  stackgraph:dependsOn: [net/dev]\n...\n---\n[ not yaml at all\n", 5),
        ("config:\n  stackgraph:dependsOn: [net/dev]\n---\nconfig: {stackgraph:dependsOn: [db/dev]}\n---\n", 3),
    ],
)
def test_only_the_first_document_of_a_stack_file_is_read(tmp_path: Path, text: str, line: int) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "db/Pulumi.yaml": project("db"), "db/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": text,
    })  # fmt: skip
    doc, stderr = scanned(root)
    assert [(e["from"], e["to"]) for e in doc["edges"]] == [("app/dev", "net/dev")]
    assert doc["diagnostics"] == [
        {"severity": "warning", "code": "second-document", "message": WARNING, "file": "app/Pulumi.dev.yaml",
         "line": line},
    ]  # fmt: skip
    assert stderr == f"stackgraph: warning: app/Pulumi.dev.yaml:{line}: {WARNING}\n"


def test_an_empty_first_document_makes_a_stack_without_config(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app"),
        "app/Pulumi.dev.yaml": "---\n---\nconfig:\n  stackgraph:dependsOn: [net/dev]\n",
    })  # fmt: skip
    doc, stderr = scanned(root)
    assert doc["edges"] == []
    assert stderr == f"stackgraph: warning: app/Pulumi.dev.yaml:2: {WARNING}\n"


def test_only_the_first_document_of_a_project_file_is_read(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.yaml": "name: net\nruntime: python\n---\nname: other\nruntime: go\n",
        "net/Pulumi.dev.yaml": stack(),
    })  # fmt: skip
    doc, stderr = scanned(root)
    assert [(p["name"], p["runtime"]) for p in doc["projects"]] == [("net", "python")]
    assert stderr == f"stackgraph: warning: net/Pulumi.yaml:3: {WARNING}\n"
    assert cli("plan", root).code == 0


def test_an_error_in_the_first_document_is_still_one(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config: [1\n---\nb: 2\n"})
    out = cli("plan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.startswith("stackgraph: error: a/Pulumi.dev.yaml:2: invalid YAML: "), out.stderr
