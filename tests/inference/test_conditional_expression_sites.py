"""A StackReference in an arm of a conditional expression, or on the right of `&&`/`||` (`and`/`or`), runs only for
the stacks whose test lets it run, as one under an `if` does. Found on a telushealth project:

    const gkeStack = stack === "dr" ? new pulumi.StackReference("telushealth/thx-gke/prod")
                                    : new pulumi.StackReference(`telushealth/thx-gke/${pulumi.getStack()}`);

Before, both arms counted for every stack: `dev` got a wrong edge to `thx-gke/prod`, and `dr` one to `thx-gke/dr`
(with a dangling warning) that its program never makes. An undecided test keeps the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
const gke = stack === "dr" ? new pulumi.StackReference("acme/gke/prod")
  : new pulumi.StackReference(`acme/gke/${stack}`);
const net = stack !== "dr" && new pulumi.StackReference(`acme/net/${stack}`);
const db = stack === "dr" || new pulumi.StackReference(`acme/db/${stack}`);
const ref = (name: string) => new pulumi.StackReference(`acme/${name}/${stack}`);
const cache = stack === "dr" ? undefined : ref("cache");
const maybe = process.env.MAYBE ? new pulumi.StackReference("acme/extra/prod") : undefined;
export const kubeconfig = gke.getOutput("kubeconfig");
"""

PY = """import os
import pulumi
stack = pulumi.get_stack()
gke = pulumi.StackReference("acme/gke/prod") if stack == "dr" else pulumi.StackReference(f"acme/gke/{stack}")
net = stack != "dr" and pulumi.StackReference(f"acme/net/{stack}")
db = stack == "dr" or pulumi.StackReference(f"acme/db/{stack}")
def ref(name):
    return pulumi.StackReference(f"acme/{name}/{stack}")
cache = None if stack == "dr" else ref("cache")
maybe = pulumi.StackReference("acme/extra/prod") if os.environ.get("MAYBE") else None
pulumi.export("kubeconfig", gke.get_output("kubeconfig"))
"""


@pytest.mark.parametrize("runtime", ["python", "nodejs"])
def test_a_site_in_an_arm_of_a_conditional_expression_is_only_for_the_stacks_that_take_it(
    tmp_path: Path, runtime: str
) -> None:
    main = "__main__.py" if runtime == "python" else "index.ts"
    stacks = {"app": ("dev", "prod", "dr"), "gke": ("dev", "prod"), "net": ("dev", "prod"), "db": ("dev", "prod")}
    stacks |= {"cache": ("dev", "prod"), "extra": ("prod",)}
    for name, names in stacks.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in names:
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
        (folder / main).write_text("\n")
    (tmp_path / "app" / main).write_text(PY if runtime == "python" else TS)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"] if e["from"].startswith("app/"))
    expected = [(f"app/{s}", f"{p}/{s}") for s in ("dev", "prod") for p in ("cache", "db", "gke", "net")]
    expected += [(f"app/{s}", "extra/prod") for s in ("dev", "prod", "dr")] + [
        ("app/dr", "gke/prod")
    ]  # undecided: kept
    assert edges == sorted(expected)
    assert not [d for d in doc["diagnostics"] if d["severity"] == "warning"]  # no `dr` reference dangles
    notes = sorted(d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by")
    assert any("stacks dev, prod never take" in n for n in notes)
    assert sum("StackReference under" in n and "stacks dr never take" in n for n in notes) == 3  # gke, net, db
    assert sum("StackReference in a helper that stacks dr never run" in n for n in notes) == 1  # cache
