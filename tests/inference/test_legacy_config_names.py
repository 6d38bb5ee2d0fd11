"""The old form of a config namespace, `aws:config` for `aws` (configvalue.py `LEGACY`).

Pulumi still reads a stack file key `aws:config:region` as `aws:region` (config.ParseKey), and the Node.js, .NET and
Java SDKs drop a trailing `:config` of a Config's name (`new Config("aws:config")` reads `aws:region`). Both were
read literally: `aws:config:region` never found, so a stack setting the key was taken for one that surely does not
and its `if (region)` dropped (a missing edge). Python's and Go's Config keep the name as it is and whether their
runtime finds the key then is not followed: undecided, the reference kept for every stack.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";
const aws = new pulumi.Config("{ns}");
if (aws.get("region")) {{
  new pulumi.StackReference("acme/net/dev");
}}
"""
PY = """import pulumi
aws = pulumi.Config("aws:config")
if aws.get("region"):
    pulumi.StackReference("acme/net/dev")
"""
CS = """using Pulumi;

return await Deployment.RunAsync(() =>
{
    var aws = new Config("aws:config");
    if (aws.Get("region") != null) { new StackReference("acme/net/dev"); }
});
"""


def _scan(tmp_path: Path, runtime: str, main: str, code: str, dev: str) -> dict[str, list[str]]:
    """Project `app` with stacks dev (its stack file `dev`) and prod (setting nothing): each stack's targets."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    (app / main).write_text(code)
    (app / "Pulumi.dev.yaml").write_text(dev)
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    if runtime == "dotnet":
        (app / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, list[str]] = {"dev": [], "prod": []}
    for ref in json.loads(out.stdout)["references"]:
        got[ref["stack"]].append(ref["target"]["project"] if ref["resolved"] else "unresolved")
    return got


def test_a_stack_file_key_in_the_old_form_is_set(tmp_path: Path) -> None:
    """`aws:config:region` in the stack file is `aws:region`: dev takes the `if`, prod (setting nothing) does not."""
    got = _scan(tmp_path, "nodejs", "index.ts", TS.format(ns="aws"), "config:\n  aws:config:region: us-east-1\n")
    assert got == {"dev": ["net"], "prod": []}


def test_a_node_config_named_in_the_old_form_reads_its_namespace(tmp_path: Path) -> None:
    """`new Config("aws:config")` in Node.js reads `aws:region` (was: `aws:config:region`, unset for both stacks)."""
    got = _scan(tmp_path, "nodejs", "index.ts", TS.format(ns="aws:config"), "config:\n  aws:region: us-east-1\n")
    assert got == {"dev": ["net"], "prod": []}


def test_a_dotnet_config_named_in_the_old_form_reads_its_namespace(tmp_path: Path) -> None:
    got = _scan(tmp_path, "dotnet", "Program.cs", CS, "config:\n  aws:region: us-east-1\n")
    assert got == {"dev": ["net"], "prod": []}


def test_a_python_config_named_in_the_old_form_is_undecided(tmp_path: Path) -> None:
    """Python's Config keeps `aws:config`: not followed, so the reference counts for both stacks (was: prod and dev
    alike taken not to set `aws:config:region`, the reference dropped for both)."""
    got = _scan(tmp_path, "python", "__main__.py", PY, "config:\n  aws:region: us-east-1\n")
    assert got == {"dev": ["net"], "prod": ["net"]}
