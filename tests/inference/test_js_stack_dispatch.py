"""A Node.js program that loads one module per stack runs that module's StackReferences for those stacks only.

Found on Valor-Net/pulumi-aws: index.ts picks a loader by the stack's suffix (`moduleMap[parts[1]]`, each entry
`() => require("./infra/services/index.ts")`), which picks one by the stack (`stackMap[stack]`); only
infra/services/staging.ts holds `new pulumi.StackReference("organization/infra/staging-core")`. Every stack of the
project got that edge, silently. A `require` under a module-level `if` on the stack is the same."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

ROOT = """import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();

const moduleMap: Record<string, () => void> = {
    "core":     () => require("./infra/core/index.ts"),
    "services": () => require("./infra/services/index.ts"),
};

const parts = stack.split("-");
const moduleSuffix = parts[1];

const loader = moduleMap[moduleSuffix];
if (!loader) {
    throw new Error(`Módulo '${moduleSuffix}' não reconhecido.`);
}

loader();
"""

LEAF = """import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();

const stackMap: Record<string, () => void> = {
    "dev-{kind}":        () => require("./dev.ts"),
    "staging-{kind}":    () => require("./staging.ts"),
};

const loader = stackMap[stack];
if (!loader) {
    throw new Error(`Stack '${stack}' não reconhecida.`);
}

loader();
"""

STAGING = """import * as pulumi from "@pulumi/pulumi";
const core = new pulumi.StackReference("organization/infra/staging-core");
export const vpcId = core.getOutput("vpcId");
"""

STACKS = ("dev-core", "staging-core", "dev-services", "staging-services")


def _project(tmp_path: Path, index: str) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: valornet-infra\nruntime:\n  name: nodejs\n")
    for stack in STACKS:
        (tmp_path / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / "index.ts").write_text(index)
    for kind in ("core", "services"):
        folder = tmp_path / "infra" / kind
        folder.mkdir(parents=True)
        (folder / "index.ts").write_text(LEAF.replace("{kind}", kind))
        (folder / "dev.ts").write_text("export const x = 1;\n")
        (folder / "staging.ts").write_text("export const y = 1;\n")
    (tmp_path / "infra" / "services" / "staging.ts").write_text(STAGING)


def _scan(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_a_module_loaded_from_a_map_of_loaders_by_the_stack_runs_only_for_its_stacks(tmp_path: Path) -> None:
    _project(tmp_path, ROOT)
    doc = _scan(tmp_path)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("valornet-infra/staging-services", "organization/infra/staging-core")]
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert notes == [
        "StackReference in a module that stacks dev-core, dev-services, staging-core never import (an import "
        "under an if, or a loader chosen by the stack); no reference of theirs"
    ]


def test_a_map_read_by_a_key_that_cannot_be_decided_keeps_the_module_for_every_stack(tmp_path: Path) -> None:
    _project(tmp_path, ROOT)
    leaf = LEAF.replace("{kind}", "services").replace("stackMap[stack]", "stackMap[process.env.STACK!]")
    (tmp_path / "infra" / "services" / "index.ts").write_text(leaf)
    doc = _scan(tmp_path)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])  # `services` by the suffix, then any of the two
    assert edges == [
        ("valornet-infra/dev-services", "organization/infra/staging-core"),
        ("valornet-infra/staging-services", "organization/infra/staging-core"),
    ]


def test_a_map_used_otherwise_than_by_one_key_keeps_every_module(tmp_path: Path) -> None:
    """`Object.values(moduleMap).forEach(f => f())` runs them all: the map is not a choice."""
    _project(tmp_path, ROOT + "Object.values(moduleMap).forEach(f => f());\n")
    leaf = LEAF.replace("{kind}", "services") + "Object.values(stackMap).forEach(f => f());\n"
    (tmp_path / "infra" / "services" / "index.ts").write_text(leaf)
    doc = _scan(tmp_path)
    assert sorted(e["from"] for e in doc["edges"]) == [f"valornet-infra/{s}" for s in sorted(STACKS)]


def test_a_require_under_a_module_level_if_on_the_stack_runs_only_for_the_stacks_taking_it(tmp_path: Path) -> None:
    index = """import * as pulumi from "@pulumi/pulumi";
if (pulumi.getStack() === "staging-services") {
    require("./infra/services/staging");
} else {
    require("./infra/core/dev");
}
"""
    _project(tmp_path, index)
    doc = _scan(tmp_path)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("valornet-infra/staging-services", "organization/infra/staging-core")]
