"""A chain of defaults, `get("a") || get("b") || "dev"` (Python `or`, Go's `if v == "" { v = .. }` twice), is
`a || (b || "dev")`: a stack that sets `a` references it. Before, the second `||` found a read that already had a
default and gave up (every stack unresolved, `|| process.env.X || "dev"` too), and Go took the second `if` alone:
a stack with `env: prod` got `acme/net/dev`, an edge it never makes, and lost `acme/net/prod`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_config_or_default import scan_app

GO_HEAD = (
    'package main\n\nimport (\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n'
    '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"\n)\n\n'
    'func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tconf := config.New(ctx, "")\n'
)
PROGRAMS = {
    "nodejs": (
        "index.ts",
        'import * as pulumi from "@pulumi/pulumi";\nconst config = new pulumi.Config();\n'
        'const env = config.get("env") || config.get("fallback") || "dev";\n'
        "new pulumi.StackReference(`acme/net/${env}`);\n"
        'const run = config.get("env") || process.env.RUN_ENV || "dev";\n'
        "new pulumi.StackReference(`acme/db/${run}`);\n"
        'const pick = (pulumi.getStack() === "blank" ? config.get("env") : "") || "dev";\n'
        "new pulumi.StackReference(`acme/web/${pick}`);\n",
    ),
    "python": (
        "__main__.py",
        'import pulumi\n\nconfig = pulumi.Config()\nenv = config.get("env") or config.get("fallback") or "dev"\n'
        'pulumi.StackReference(f"acme/net/{env}")\n',
    ),
    "go": (
        "main.go",
        GO_HEAD + '\t\tenv := conf.Get("env")\n\t\tif env == "" {\n\t\t\tenv = conf.Get("fallback")\n\t\t}\n'
        '\t\tif env == "" {\n\t\t\tenv = "dev"\n\t\t}\n'
        '\t\t_, err := pulumi.NewStackReference(ctx, "acme/net/"+env, nil)\n\t\treturn err\n\t})\n}\n',
    ),
}


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_chain_of_defaults_reads_each_in_turn(tmp_path: Path, runtime: str) -> None:
    stacks = {"blank": '  app:env: ""\n  app:fallback: staging\n', "set": "  app:env: prod\n  app:fallback: staging\n"}
    doc = scan_app(tmp_path, runtime, PROGRAMS[runtime], {**stacks, "unset": ""})
    edges = {(e["from"], e["to"]) for e in doc["edges"]}
    assert {(a, b) for a, b in edges if b.startswith("acme/net/")} == {
        ("app/blank", "acme/net/staging"),
        ("app/set", "acme/net/prod"),
        ("app/unset", "acme/net/dev"),
    }
    if runtime == "nodejs":  # the environment variable is not known: only a stack that sets `env` is decided
        assert {(a, b) for a, b in edges if b.startswith("acme/db/")} == {("app/set", "acme/db/prod")}
        [run] = [r for r in doc["references"] if r["stack"] == "unset" and r["site"].endswith(":6")]
        assert not run["resolved"] and "RUN_ENV" in run["reason"]
        assert {(a, b) for a, b in edges if b.startswith("acme/web/")} == {  # `"" || "dev"` is "dev"
            ("app/blank", "acme/web/dev"),
            ("app/set", "acme/web/dev"),
            ("app/unset", "acme/web/dev"),
        }
