"""Regression guards from the differential check of the guard changes (switch/match clauses, early exits, calls
under a test) against real-program shapes: each program below makes its `net/base` reference for EVERY stack, and
must keep it. An `if` whose `return` sits in a `try` with a `catch` after it, a `switch` clause that falls through
(TS, Go `fallthrough`, C# `goto case`) and a function called under a test but also handed on as a value (TS, Python,
Go) do not leave any stack out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

TS_TRY = """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
function main() {
    if (stack === "dev") {
        try {
            console.log("dev shortcut");
            return;
        } catch (e) {
            console.log("fall back", e);
        }
    }
    new pulumi.StackReference("acme/net/base");
}
main();
"""

TS_FALLTHROUGH = """import * as pulumi from "@pulumi/pulumi";
switch (pulumi.getStack()) {
    case "dev":
        console.log("dev shares prod's network");
    case "prod":
        new pulumi.StackReference("acme/net/base");
        break;
}
"""

TS_HANDED = """import * as pulumi from "@pulumi/pulumi";
function net() { return new pulumi.StackReference("acme/net/base"); }
if (pulumi.getStack() === "prod") { net(); }
pulumi.output("x").apply(net);
"""

PY_HANDED = """import pulumi
def net(*_):
    return pulumi.StackReference("acme/net/base")
if pulumi.get_stack() == "prod":
    net()
steps = [net]
for step in steps:
    step()
"""

PY_TRY = """import pulumi
def main():
    if pulumi.get_stack() == "dev":
        try:
            print("dev shortcut")
            return
        except Exception:
            pass
    pulumi.StackReference("acme/net/base")
main()
"""

GO_HEAD = 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'

GO_FALLTHROUGH = (
    GO_HEAD
    + """func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		switch ctx.Stack() {
		case "dev":
			fallthrough
		case "prod":
			_, err := pulumi.NewStackReference(ctx, "acme/net/base", nil)
			return err
		}
		return nil
	})
}
"""
)

GO_HANDED = (
    GO_HEAD
    + """func net(ctx *pulumi.Context) error {
	_, err := pulumi.NewStackReference(ctx, "acme/net/base", nil)
	return err
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		if ctx.Stack() == "prod" {
			return net(ctx)
		}
		stacks := map[string]pulumi.RunFunc{"dev": net}
		return stacks[ctx.Stack()](ctx)
	})
}
"""
)

CS_GOTO = """using Pulumi;

return await Deployment.RunAsync(() =>
{
    switch (Deployment.Instance.StackName)
    {
        case "dev":
            Log.Info("dev shares prod's network");
            goto case "prod";
        case "prod":
            new StackReference("acme/net/base");
            break;
    }
});
"""

JAVA_TRY = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            if (ctx.stackName().equals("dev")) {
                try {
                    System.out.println("dev");
                    return;
                } catch (RuntimeException e) {
                    System.out.println(e);
                }
            }
            new StackReference("acme/net/base");
        });
    }
}
"""

GO_MOD = "module example.com/app\n\ngo 1.22\n"
CSPROJ = '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'
PROGRAMS: dict[str, tuple[str, dict[str, str]]] = {
    "ts-try": ("nodejs", {"index.ts": TS_TRY}),
    "ts-fallthrough": ("nodejs", {"index.ts": TS_FALLTHROUGH}),
    "ts-handed": ("nodejs", {"index.ts": TS_HANDED}),
    "py-handed": ("python", {"__main__.py": PY_HANDED}),
    "py-try": ("python", {"__main__.py": PY_TRY}),
    "go-fallthrough": ("go", {"main.go": GO_FALLTHROUGH, "go.mod": GO_MOD}),
    "go-handed": ("go", {"main.go": GO_HANDED, "go.mod": GO_MOD}),
    "cs-goto": ("dotnet", {"Program.cs": CS_GOTO, "app.csproj": CSPROJ}),
    "java-try": ("java", {"src/main/java/app/App.java": JAVA_TRY}),
}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("case", sorted(PROGRAMS))
def test_every_stack_keeps_a_reference_a_jump_or_a_handed_function_may_reach(tmp_path: Path, case: str) -> None:
    runtime, files = PROGRAMS[case]
    for name, run in (("app", runtime), ("net", "yaml")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {run}\n")
        for stack in ("dev", "prod", "base"):
            (tmp_path / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    for rel, body in files.items():
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_text(body)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    edges = {(e["from"], e["to"]) for e in json.loads(out.stdout)["edges"]}
    assert {("app/dev", "net/base"), ("app/prod", "net/base")} <= edges, sorted(edges)
