"""A StackReference in a function the TS/JS module declares and never exports runs only when one of its calls
does: it takes the tests around those calls, joined by `or` (frontends/typescript/call_guards.py). Before, the
per-stack entry point (`switch (pulumi.getStack()) { case "base": return baseStack(); default: return envStack(); }`,
found on a public DigitalOcean project) gave every stack the references of both functions: dev got an edge to
net/base. A function used in any other way than a plain call keeps its sites for every stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

ENTRY = """import * as pulumi from "@pulumi/pulumi";

export = async () => {
    switch (pulumi.getStack()) {
        case "base":
            return baseStack();
        default:
            return envStack();
    }
};

function baseStack() {
    const net = new pulumi.StackReference("acme/net/base");
    return { x: net.getOutput("x") };
}

const envStack = () => {
    const net = new pulumi.StackReference(`acme/net/${pulumi.getStack()}`);
    if (pulumi.getStack() === "prod") {
        audit();
    }
    return { x: net.getOutput("x") };
};

function audit() {
    new pulumi.StackReference("acme/audit/prod");
}
"""

KEPT = {
    "exported": "export function baseStack() {",
    "a value": "pulumi.runtime.registerStackTransformation(baseStack as any);\nfunction baseStack() {",
    "called always": "baseStack();\nfunction baseStack() {",
    "shorthand": "module.exports = { baseStack };\nfunction baseStack() {",
    "member call": "baseStack.call(undefined);\nfunction baseStack() {",
}
"""Ways of using the function that keep its site for every stack (`ENTRY`'s `function baseStack() {` replaced)."""


def _repo(root: Path, program: str) -> dict[str, set[str]]:
    for name, stacks in {"app": ("base", "dev", "prod"), "net": ("base", "dev", "prod"), "audit": ("prod",)}.items():
        (root / name).mkdir()
        runtime = "nodejs" if name == "app" else "yaml"
        (root / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in stacks:
            (root / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (root / "app" / "index.ts").write_text(program)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {"base": set(), "dev": set(), "prod": set()}
    for edge in json.loads(out.stdout)["edges"]:
        got[edge["from"].removeprefix("app/")].add(edge["to"])
    return got


def test_a_function_called_in_one_case_makes_its_reference_for_that_case_only(tmp_path: Path) -> None:
    got = _repo(tmp_path, ENTRY)
    assert got == {
        "base": {"net/base"},  # envStack is the default: base never runs it
        "dev": {"net/dev"},  # no net/base: dev never calls baseStack
        "prod": {"net/prod", "audit/prod"},  # audit() is called in envStack under `if (prod)`: both tests hold
    }


@pytest.mark.parametrize("use", sorted(KEPT))
def test_a_function_used_otherwise_keeps_its_reference_for_every_stack(tmp_path: Path, use: str) -> None:
    program = ENTRY.replace("function baseStack() {", KEPT[use], 1)
    got = _repo(tmp_path, program)
    assert all("net/base" in targets for targets in got.values()), got
