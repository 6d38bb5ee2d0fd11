"""A StackReference after an `if` whose branch always returns or throws runs only for the stacks that fail the
test (frontends/early_exits.py; Python: python/site_guards.py `_exited`), in TS/JS, Go, C#, Java and Python. Was:
`if (stack === "local") { return; }` before `new StackReference(`acme/net/${stack}`)` gave `local` a reference to
net/local, a dangling one (or an edge where the program makes none). A call that ends the program
(`process.exit`, Go `panic`/`os.Exit`/`log.Fatal*`, C# `Environment.Exit`, Java `System.exit`, Python
`sys.exit`) exits too. A JS function declaration or a C# local function (callable before the `if`), a branch that
may not exit, and a Go `if` with an initializer keep the reference for every stack."""

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
NO_NET = {"nodejs": {"local", "test"}, "go": {"local", "test"}, "dotnet": {"local"}, "java": {"local"}}
NO_NET["python"] = {"local", "test"}
"""The stacks each program makes no net reference for: `local` returns or throws first; `test` throws at the top
level before the TS `export =` and the Python `def net()`, and Go's `panic` ends the program there; `qa`'s branch
may not exit (kept), nor does a Go `if` with an initializer decide anything."""


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


ENDING = {
    "go": (
        "main.go",
        """package main

import (
	"log"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		if ctx.Stack() == "a" {
			panic("no")
		}
		if ctx.Stack() == "b" {
			os.Exit(1)
		}
		if ctx.Stack() == "c" {
			log.Fatalf("no %s", ctx.Stack())
		}
		if ctx.Stack() == "d" {
			println("kept")
		}
		_, err := pulumi.NewStackReference(ctx, "acme/net/"+ctx.Stack(), nil)
		return err
	})
}
""",
    ),
    "typescript": (
        "index.ts",
        """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
if (stack === "a") { process.exit(1); }
if (stack === "b") { process.exit(2); }
if (stack === "c") { process.exit(3); }
if (stack === "d") { console.log("kept"); }
new pulumi.StackReference(`acme/net/${stack}`);
""",
    ),
    "csharp": (
        "Program.cs",
        """using System;
using Pulumi;
var stack = Deployment.Instance.StackName;
if (stack == "a") { Environment.Exit(1); }
if (stack == "b") { System.Environment.Exit(1); }
if (stack == "c") { throw new Exception("no"); }
if (stack == "d") { Console.WriteLine("kept"); }
var r = new StackReference($"acme/net/{stack}");
""",
    ),
    "java": (
        "App.java",
        """package app;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            if (ctx.stackName().equals("a")) { System.exit(1); }
            if (ctx.stackName().equals("b")) { System.exit(2); }
            if (ctx.stackName().equals("c")) { System.exit(3); }
            if (ctx.stackName().equals("d")) { System.out.println("kept"); }
            var r = new StackReference("acme/net/" + ctx.stackName());
        });
    }
}
""",
    ),
    "python": (
        "__main__.py",
        """import os
import sys

import pulumi

stack = pulumi.get_stack()
if stack == "a":
    sys.exit(1)
if stack == "b":
    exit(1)
if stack == "c":
    os._exit(1)
if stack == "d":
    print("kept")
pulumi.StackReference(f"acme/net/{stack}")
""",
    ),
}


@pytest.mark.parametrize("language", sorted(ENDING))
def test_a_branch_ending_in_a_call_that_ends_the_program_is_an_exit(language: str) -> None:
    """`process.exit`, Go `panic`/`os.Exit`/`log.Fatal*`, C# `Environment.Exit`, Java `System.exit`, Python
    `sys.exit`/`exit`/`os._exit`: the stacks a, b and c end there; `d`'s branch only prints."""
    from stackgraph.inference import ir
    from stackgraph.inference.sources import finder

    file, body = ENDING[language]
    [site] = finder(language)(body, file).sites
    tested = {g.right.value for g in site.guards if isinstance(g, ir.Eq) and isinstance(g.right, ir.Lit)}
    assert tested == {"a", "b", "c"} and all(isinstance(g, ir.Eq) and g.negate for g in site.guards), site.guards
