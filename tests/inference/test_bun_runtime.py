"""`runtime: bun` (Pulumi 3.227+ runs TS/JS programs with Bun): its programs are read as Node.js ones are. Was: the
runtime was not one inference reads, so a Bun program's StackReferences made a warning and no edge."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo


def test_a_bun_program_is_read_as_a_node_one(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="bun"), "app/Pulumi.dev.yaml": stack(),
        "app/index.ts": 'import * as pulumi from "@pulumi/pulumi";\n'
                        'const net = new pulumi.StackReference(`organization/net/${pulumi.getStack()}`);\n'
                        'export const vpc = net.getOutput("vpcId");\n',
    })  # fmt: skip
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [(e["from"], e["to"]) for e in doc["edges"]] == [("app/dev", "net/dev")]
    assert doc["diagnostics"] == []
    [exported] = [e for e in doc["exports"] if e["project_path"] == "app"]
    assert (exported["complete"], [n["name"] for n in exported["names"]]) == (True, ["vpc"])
