"""A StackReference after an `if` whose branch always returns or throws runs only for the stacks that fail the
test (frontends/early_exits.py; Python: python/site_guards.py `_exited`), in TS/JS, Go, C#, Java and Python. Was:
`if (stack === "local") { return; }` before `new StackReference(`acme/net/${stack}`)` gave `local` a reference to
net/local, a dangling one (or an edge where the program makes none). A JS function declaration or a C# local
function (callable before the `if`), a branch that may not exit, and a Go `if` with an initializer keep the
reference for every stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
hoisted();
if (stack === "test") { throw new Error("not here"); }
function hoisted() { return new pulumi.StackReference(`acme/hoist/${stack}`); }
export = async () => {
    if (stack === "local") {
        return {};
    }
    if (stack === "qa") {
        if (process.env.X) { return {}; }
    }
    const net = new pulumi.StackReference(`acme/net/${stack}`);
    return { x: net.getOutput("x") };
};
"""

GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func prep() error { return nil }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stack := ctx.Stack()
		if stack == "test" {
			panic("not here")
		}
		if stack == "local" {
			return nil
		}
		if err := prep(); err != nil {
			return err
		}
		if s := ctx.Stack(); s == "qa" {
			return nil
		}
		_, err := pulumi.NewStackReference(ctx, "acme/net/"+stack, nil)
		return err
	})
}
"""

CSHARP = """using Pulumi;

var stack = Deployment.Instance.StackName;
Hoisted();
if (stack == "local") { return; }
if (stack == "qa") { if (System.Environment.GetEnvironmentVariable("X") != null) { return; } }
var net = new StackReference($"acme/net/{stack}");
void Hoisted() { var h = new StackReference($"acme/hoist/{Deployment.Instance.StackName}"); }
"""

JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            if (stack.equals("local")) {
                throw new IllegalStateException("not here");
            }
            if (stack.equals("qa")) {
                if (System.getenv("X") != null) { return; }
            }
            var net = new StackReference("acme/net/" + stack);
        });
    }
}
"""

PYTHON = """import os
import pulumi

stack = pulumi.get_stack()
if stack == "test":
    raise SystemExit("not here")


def net():
    if stack == "local":
        return None
    if stack == "qa":
        if os.environ.get("X"):
            return None
    return pulumi.StackReference(f"acme/net/{stack}")


n = net()
"""

PROGRAMS = {
    "nodejs": {"index.ts": TS},
    "go": {"main.go": GO, "go.mod": "module example.com/app\n\ngo 1.22\n"},
    "dotnet": {"Program.cs": CSHARP, "app.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'},
    "java": {"src/main/java/app/App.java": JAVA},
    "python": {"__main__.py": PYTHON},
}
NO_NET = {"nodejs": {"local", "test"}, "go": {"local"}, "dotnet": {"local"}, "java": {"local"}}
NO_NET["python"] = {"local", "test"}
"""The stacks each program makes no net reference for: `local` returns or throws first; `test` throws at the top
level before the TS `export =` and the Python `def net()` (Go's `panic` is no `return`: kept); `qa`'s branch may
not exit (kept), nor does a Go `if` with an initializer decide anything."""


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_site_after_an_early_exit_is_not_made_for_the_stacks_that_take_it(tmp_path: Path, runtime: str) -> None:
    stacks = ("dev", "local", "qa", "test")
    for name in ("app", "net", "hoist"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        for stack in stacks:
            (tmp_path / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    for rel, body in PROGRAMS[runtime].items():
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_text(body)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    edges = {(e["from"], e["to"]) for e in json.loads(out.stdout)["edges"]}
    net = {s for s in stacks if (f"app/{s}", f"net/{s}") in edges}
    assert net == set(stacks) - NO_NET[runtime], sorted(edges)
    if runtime in ("nodejs", "dotnet"):  # the hoisted function runs before the exits: every stack
        assert {s for s in stacks if (f"app/{s}", f"hoist/{s}") in edges} == set(stacks), sorted(edges)
