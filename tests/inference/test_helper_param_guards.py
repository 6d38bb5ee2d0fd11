"""A test in a helper on its own parameter (`if (env === "local") return;`, `switch (env) { case "prod": .. }`) is
decided at each call with that call's arguments (refs.py `_takes`): a stack whose call fails it makes no reference
there. Was: undecided (a parameter), so `local` got a dangling reference to net/local and dev one to db/dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";

function netRef(env: string) {
    if (env === "local") {
        return undefined;
    }
    return new pulumi.StackReference(`acme/net/${env}`);
}

function dbRef(env: string) {
    switch (env) {
        case "prod":
            return new pulumi.StackReference(`acme/db/${env}`);
        default:
            return undefined;
    }
}

export const net = netRef(pulumi.getStack());
export const db = dbRef(pulumi.getStack());
"""

PY = """import pulumi


def net_ref(env):
    if env == "local":
        return None
    return pulumi.StackReference(f"acme/net/{env}")


def db_ref(env):
    match env:
        case "prod":
            return pulumi.StackReference(f"acme/db/{env}")
    return None


net = net_ref(pulumi.get_stack())
db = db_ref(pulumi.get_stack())
"""


@pytest.mark.parametrize(("runtime", "main", "body"), [("nodejs", "index.ts", TS), ("python", "__main__.py", PY)])
def test_a_helper_test_on_its_parameter_is_decided_per_call(tmp_path: Path, runtime: str, main: str, body: str) -> None:
    for name, stacks in {"app": ("dev", "prod", "local"), "net": ("dev", "prod"), "db": ("prod",)}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        for stack in stacks:
            (tmp_path / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / "app" / main).write_text(body)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("app/dev", "net/dev"), ("app/prod", "db/prod"), ("app/prod", "net/prod")], edges
    assert not [d for d in doc["diagnostics"] if d["severity"] == "warning"], doc["diagnostics"]  # nothing dangles
