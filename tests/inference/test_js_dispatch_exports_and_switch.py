"""A module a Node.js program loads per stack by `module.exports = require("./stacks/<stack>")` under an `if` chain
on the stack (a public DigitalOcean/Kubernetes program does so for `local`, `preview-base`, `preview-pr-*` and
`production`), or by a `require` in a `switch` clause on the stack, runs only for the stacks taking that arm. Before,
the assignment around the `require` (and any `switch` clause) made the load unguarded: every stack got the
StackReferences of every stack's module (12 wrong edges here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

NAMES = ("local", "preview-base", "preview-pr-1", "production")

IF_CHAIN = """import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();

if (stack === "local") {
    module.exports = require("./stacks/local");
} else if (stack === "preview-base") {
    module.exports = require("./stacks/preview-base");
} else if (stack.startsWith("preview-pr-")) {
    module.exports = require("./stacks/preview-pr");
} else if (stack === "production") {
    module.exports = require("./stacks/production");
} else {
    throw new Error(`Unknown stack: ${stack}`);
}
"""

SWITCH = """import * as pulumi from "@pulumi/pulumi";

switch (pulumi.getStack()) {
    case "local":
        require("./stacks/local");
        break;
    case "preview-base":
        require("./stacks/preview-base");
        break;
    case "production":
        module.exports = require("./stacks/production");
        break;
    default:
        require("./stacks/preview-pr");
}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("index", [IF_CHAIN, SWITCH], ids=["if-chain", "switch"])
def test_a_module_loaded_for_one_arm_runs_only_for_its_stacks(tmp_path: Path, index: str) -> None:
    spec: dict[str, object] = {
        "net/Pulumi.yaml": project("net"),
        **{f"net/Pulumi.{s}.yaml": stack() for s in NAMES},
        "app/Pulumi.yaml": project("app", runtime="nodejs"),
        **{f"app/Pulumi.{s}.yaml": stack() for s in NAMES},
        "app/index.ts": index,
    }
    for module, target in (("local", "local"), ("preview-base", "preview-base"), ("preview-pr", "preview-pr-1")):
        spec[f"app/stacks/{module}.ts"] = (
            f'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.StackReference("acme/net/{target}");\n'
        )
    spec["app/stacks/production.ts"] = (
        'import * as pulumi from "@pulumi/pulumi";\n'
        'const net = new pulumi.StackReference("acme/net/production");\nexport const vpc = net.getOutput("vpcId");\n'
    )
    out = cli("scan", write_repo(tmp_path / "repo", spec), "-f", "json")
    assert out.code == 0, out.stderr
    edges = sorted((e["from"], e["to"]) for e in json.loads(out.stdout)["edges"])
    assert edges == [(f"app/{s}", f"net/{s}") for s in NAMES]
