"""A fallback chain whose head is a helper's parameter (`org || config.get("pulumiOrganization") || "acme"`,
Python `org or config.get(..) or "acme"`): the reference is decided at each call, the parameter when it is
given, else the config key, else the literal. It was unresolved ("a value with a fallback that is not a config
read"), and Python's three-value `or` was not read at all. An argument that is not known keeps it unresolved.
Seen in JoA-MoS/garage (apps/soccer-stats/*-infra, a typed `getSharedInfraStackReference(organization?)`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";
export function sharedRef(organization?: string) {
    const config = new pulumi.Config();
    const org = organization || config.get("pulumiOrganization") || "acme";
    return new pulumi.StackReference(`${org}/shared/${pulumi.getStack()}`);
}
export const a = sharedRef().getOutput("vpcId");
export const b = sharedRef("other").getOutput("vpcId");
export const c = sharedRef(process.env.ORG).getOutput("vpcId");
"""

PY = """import os
import pulumi
def shared_ref(organization=None):
    config = pulumi.Config()
    org = organization or config.get("pulumiOrganization") or "acme"
    return pulumi.StackReference(f"{org}/shared/{pulumi.get_stack()}")
a = shared_ref().get_output("vpcId")
b = shared_ref("other").get_output("vpcId")
c = shared_ref(os.environ["ORG"]).get_output("vpcId")
"""


@pytest.mark.parametrize(("runtime", "file", "source"), [("nodejs", "index.ts", TS), ("python", "__main__.py", PY)])
@pytest.mark.parametrize(("config", "org"), [("  app:pulumiOrganization: acme-co\n", "acme-co"), ("", "acme")])
def test_a_parameter_then_config_then_literal_is_decided_at_each_call(
    tmp_path: Path, runtime: str, file: str, source: str, config: str, org: str
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    (app / "Pulumi.dev.yaml").write_text(f"config:\n{config}" if config else "config: {}\n")
    (app / file).write_text(source)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "Pulumi.yaml").write_text("name: shared\nruntime: yaml\noutputs:\n  vpcId: x\n")
    (shared / "Pulumi.dev.yaml").write_text("config: {}\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    found = sorted(_target(r) for r in refs if r["resolved"])
    assert found == sorted([f"{org}/shared/dev", "other/shared/dev"])
    open_ = [r["reason"] for r in refs if not r["resolved"]]  # an argument not known: never a guess
    assert len(open_) == 1 and "environment variable ORG" in open_[0], open_


def _target(ref: dict[str, Any]) -> str:
    target = ref["target"]
    return f"{target['org']}/{target['project']}/{target['stack']}"
