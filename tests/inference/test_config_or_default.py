"""`config.get("env") || "staging"` (Python `or`, Go's `if env == "" { env = "staging" }`) takes its default for a
stack that sets the key empty too, as the language does; `??` only for an unset one. Before, every default stood
only for an unset key: `env: ""` gave the name `acme/net/` (unresolved) where the program references net/staging."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo

PROGRAMS = {
    "nodejs": (
        "index.ts",
        'import * as pulumi from "@pulumi/pulumi";\nconst config = new pulumi.Config();\n'
        'const env = config.get("env") || "staging";\nnew pulumi.StackReference(`acme/net/${env}`);\n'
        'const strict = config.get("env") ?? "staging";\nnew pulumi.StackReference(`acme/db/${strict}`);\n',
    ),
    "python": (
        "__main__.py",
        'import pulumi\n\nconfig = pulumi.Config()\nenv = config.get("env") or "staging"\n'
        'pulumi.StackReference(f"acme/net/{env}")\n',
    ),
    "go": (
        "main.go",
        'package main\n\nimport (\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n'
        '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"\n)\n\n'
        'func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tconf := config.New(ctx, "")\n'
        '\t\tenv := conf.Get("env")\n\t\tif env == "" {\n\t\t\tenv = "staging"\n\t\t}\n'
        '\t\t_, err := pulumi.NewStackReference(ctx, "acme/net/"+env, nil)\n\t\treturn err\n\t})\n}\n',
    ),
}


def scan_app(tmp_path: Path, runtime: str, program: tuple[str, str], stacks: dict[str, str]) -> dict[str, Any]:
    """The scan (`-f json`) of a project `app` of `runtime` with the program (file, text) and a stack file per stack
    (its `config:` lines)."""
    file, text = program
    files = {"app/Pulumi.yaml": f"name: app\nruntime: {runtime}\n", f"app/{file}": text}
    for stack, config in stacks.items():
        files[f"app/Pulumi.{stack}.yaml"] = f"config:\n{config}" if config else "config: {}\n"
    if runtime == "go":
        files["app/go.mod"] = "module app\n\ngo 1.21\n"
    out = cli("scan", write_repo(tmp_path, files), "-f", "json")
    assert out.code == 0, out.stderr
    doc: dict[str, Any] = json.loads(out.stdout)
    return doc


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_default_read_with_or_stands_for_an_empty_value_too(tmp_path: Path, runtime: str) -> None:
    stacks = {"blank": '  app:env: ""\n', "set": "  app:env: prod\n", "unset": ""}
    doc = scan_app(tmp_path, runtime, PROGRAMS[runtime], stacks)
    edges = {(e["from"], e["to"]) for e in doc["edges"]}
    net = {(a, b) for a, b in edges if b.startswith("acme/net/")}
    assert net == {("app/blank", "acme/net/staging"), ("app/set", "acme/net/prod"), ("app/unset", "acme/net/staging")}
    if runtime == "nodejs":  # `??`: "" is a value; `acme/db/` is no stack name
        assert {(a, b) for a, b in edges if b.startswith("acme/db/")} == {
            ("app/set", "acme/db/prod"),
            ("app/unset", "acme/db/staging"),
        }
        [blank] = [r for r in doc["references"] if r["stack"] == "blank" and r["site"].endswith(":6")]
        assert not blank["resolved"]
