"""`importlib.import_module("shared.refs")` and `__import__("shared.refs")` with a literal name import that module as
`import shared.refs` does: the other files of the program are not all counted as run (the Python form of the
`__import__("stacks." + stackName)` dispatch seen in a public Pulumi example, whose computed name stays unfollowed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli


@pytest.mark.parametrize("call", ['importlib.import_module("shared.refs")', '__import__("shared.refs")'])
def test_a_literal_dynamic_import_is_followed_like_an_import(tmp_path: Path, call: str) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "Pulumi.prod.yaml").write_text("config: {}\n")
    (tmp_path / "__main__.py").write_text(f"import importlib\nimport pulumi\nrefs = {call}\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "refs.py").write_text('import pulumi\nnet = pulumi.StackReference("acme/network/prod")\n')
    (tmp_path / "unused.py").write_text('import pulumi\nx = pulumi.StackReference("acme/ghost/prod")\n')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert sorted(e["to"] for e in doc["edges"]) == ["acme/network/prod"]


def test_a_computed_dynamic_import_still_counts_every_file(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "Pulumi.prod.yaml").write_text("config: {}\n")
    main = 'import pulumi\nstackName = pulumi.get_stack()\nmoduleName = "stacks." + stackName\n__import__(moduleName)\n'
    (tmp_path / "__main__.py").write_text(main)
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "prod.py").write_text('import pulumi\nnet = pulumi.StackReference("acme/network/prod")\n')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [e["to"] for e in doc["edges"]] == ["acme/network/prod"]
    said = [(d["severity"], d["code"], d["file"]) for d in doc["diagnostics"]]
    assert said == [("info", "not-followed", "__main__.py")]  # every file counts, and that is said
    assert "imports a module by a name computed at run time" in doc["diagnostics"][0]["message"]


def test_a_computed_require_is_said_once(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: nodejs\n")
    (tmp_path / "Pulumi.prod.yaml").write_text("config: {}\n")
    (tmp_path / "index.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\nconst env = require(`./envs/${pulumi.getStack()}`);\n'
    )
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "prod.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\n'
        'export const net = new pulumi.StackReference("acme/network/prod");\n'
    )
    doc = json.loads(cli("scan", tmp_path, "-f", "json").stdout)
    assert [e["to"] for e in doc["edges"]] == ["acme/network/prod"]
    assert [(d["code"], d["file"]) for d in doc["diagnostics"]] == [("not-followed", "index.ts")]
