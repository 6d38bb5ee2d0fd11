"""A StackReference (or a call of a helper making one) in a `switch` clause runs only for the stacks the clause is
taken for (frontends/switch_guards.py), in TypeScript/JavaScript, Go, C# and Java, and in a `case` of a Python
`match` (python/match_guards.py); and a Go StackReference under
an `if`, `&&` or `||` only for the stacks that pass its test, as in the other languages. Before, every such site
counted for every stack: `switch (stack) { case "prod": new StackReference("acme/legacy/prod") }` gave `dev` an edge
to `legacy/prod`, and Go's `if ctx.Stack() == "prod" {` guarded nothing. Falling through is followed per language
(TS/JS and Java `case x:` groups without a jump, Go's `fallthrough`, C#'s empty sections); a label that is no plain
value, a Go switch or `if` with an initializer and a C# `goto` keep the reference (undecided)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.inference import ir
from stackgraph.inference.sources import finder
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo

TS = """import * as pulumi from "@pulumi/pulumi";
import { refOf } from "./refs";

const stack = pulumi.getStack();
let r: pulumi.StackReference | undefined;
switch (stack) {
    case "prod":
        r = new pulumi.StackReference("acme/legacy/prod");
        break;
    case "staging":
        r = new pulumi.StackReference("acme/cache/staging");
    // falls through
    case "dev": {
        r = new pulumi.StackReference(`acme/net/${stack}`);
        break;
    }
    default:
        r = new pulumi.StackReference("acme/db/prod");
}
switch (pulumi.getStack()) {
    case "prod":
    case "staging":
        refOf("queue", stack);
        break;
    default:
        new pulumi.StackReference("acme/extra/dev");
}
switch (process.env.MODE) {
    case "x":
        new pulumi.StackReference("acme/mid/prod");
}
export const out = r?.getOutput("x");
"""

TS_REFS = """import * as pulumi from "@pulumi/pulumi";
export function refOf(name: string, stack: string) { return new pulumi.StackReference(`acme/${name}/${stack}`); }
"""

GO = """package main

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func refOf(ctx *pulumi.Context, name string) error {
	_, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", name, ctx.Stack()), nil)
	return err
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stack := ctx.Stack()
		switch ctx.Stack() {
		case "prod":
			pulumi.NewStackReference(ctx, "acme/legacy/prod", nil)
		case "staging":
			pulumi.NewStackReference(ctx, "acme/cache/staging", nil)
			fallthrough
		case "dev":
			pulumi.NewStackReference(ctx, fmt.Sprintf("acme/net/%s", stack), nil)
		default:
			pulumi.NewStackReference(ctx, "acme/db/prod", nil)
		}
		if stack == "prod" || stack == "staging" {
			if err := refOf(ctx, "queue"); err != nil {
				return err
			}
		}
		if !(stack == "prod") && stack != "staging" {
			pulumi.NewStackReference(ctx, "acme/extra/dev", nil)
		}
		switch {
		case strings.HasPrefix(stack, "prod"):
			pulumi.NewStackReference(ctx, "acme/edge/prod", nil)
		}
		if s := ctx.Stack(); s == "prod" {
			pulumi.NewStackReference(ctx, "acme/mid/prod", nil)
		}
		return nil
	})
}
"""

CSHARP = """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    StackReference? r = null;
    switch (stack)
    {
        case "prod":
            r = new StackReference("acme/legacy/prod");
            break;
        case "staging":
        case "dev":
            r = new StackReference($"acme/net/{stack}");
            break;
        default:
            r = new StackReference("acme/db/prod");
            break;
    }
    switch (Deployment.Instance.StackName)
    {
        case "prod" or "staging":
            var q = Refs.Of("queue", stack);
            break;
        case var s when s.StartsWith("d"):
            var m = new StackReference("acme/mid/prod");
            break;
    }
    return new Dictionary<string, object?> { ["x"] = r.GetOutput("x") };
});

static class Refs
{
    public static StackReference Of(string name, string stack) => new StackReference($"acme/{name}/{stack}");
}
"""

JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            switch (stack) {
                case "prod":
                    var legacy = new StackReference("acme/legacy/prod");
                    break;
                case "staging":
                    var cache = new StackReference("acme/cache/staging");
                case "dev":
                    var net = new StackReference("acme/net/" + stack);
                    break;
                default:
                    var db = new StackReference("acme/db/prod");
            }
            switch (stack) {
                case "prod", "staging" -> { var q = of("queue", stack); }
                default -> { var x = new StackReference("acme/extra/dev"); }
            }
        });
    }

    static StackReference of(String name, String stack) {
        return new StackReference("acme/" + name + "/" + stack);
    }
}
"""

PYTHON = """import pulumi
from refs import ref_of

stack = pulumi.get_stack()
match stack:
    case "prod":
        r = pulumi.StackReference("acme/legacy/prod")
    case "staging" | "dev":
        r = pulumi.StackReference(f"acme/net/{stack}")
    case _:
        r = pulumi.StackReference("acme/db/prod")
match pulumi.get_stack():
    case "prod" | "staging":
        ref_of("queue", stack)
    case other if other.startswith("d"):
        pulumi.StackReference("acme/extra/dev")
other = "prod"
pulumi.export("x", r.get_output("x"))
"""

PY_REFS = """import pulumi


def ref_of(name, stack):
    return pulumi.StackReference(f"acme/{name}/{stack}")
"""

PROGRAMS = {
    "python": {"__main__.py": PYTHON, "refs.py": PY_REFS},
    "nodejs": {"index.ts": TS, "refs.ts": TS_REFS},
    "go": {"main.go": GO, "go.mod": "module example.com/app\n\ngo 1.22\n"},
    "dotnet": {"Program.cs": CSHARP, "app.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'},
    "java": {"src/main/java/app/App.java": JAVA},
}

COMMON = {
    "dev": {"net/dev"},
    "staging": {"net/staging", "queue/staging"},
    "prod": {"legacy/prod", "queue/prod"},
}
"""What every language's program makes per stack: the `switch` on the stack name (staging shares dev's clause, in
C# as an empty section; `default`, taken by no stack of the three, makes `db/prod` for none) and the helper called
for prod and staging. TS/JS, Go and Java make `cache/staging` in a `case "staging":` that falls into dev's."""

EXTRA = {
    "nodejs": {"dev": {"extra/dev", "mid/prod"}, "staging": {"cache/staging", "mid/prod"}, "prod": {"mid/prod"}},
    "go": {
        "dev": {"extra/dev", "mid/prod"},
        "staging": {"cache/staging", "mid/prod"},
        "prod": {"edge/prod", "mid/prod"},
    },
    "dotnet": {"dev": {"mid/prod"}},
    "java": {"dev": {"extra/dev"}, "staging": {"cache/staging"}},
    "python": {"dev": {"extra/dev"}},
}
"""Per language: TS `default:` of a second switch (dev only) and a switch on an environment variable (undecided:
every stack); Go `!(..) && ..` (dev only), a tagless `switch { case strings.HasPrefix(..): }` (prod only) and an
`if` with an initializer (undecided); C# a `case var s when ..` pattern (undecided, and only for the stacks no
earlier case takes: dev); Java a `default ->` rule; Python
a `match` with a capture read by its guard (undecided, not read as the module's `other = "prod"`), after a case
prod and staging take."""


def _repo(root: Path, runtime: str) -> None:
    stacks = {"net": ("dev", "staging", "prod"), "db": ("dev", "staging", "prod"), "cache": ("dev", "staging", "prod")}
    stacks |= {"queue": ("dev", "staging", "prod"), "legacy": ("prod",), "extra": ("dev",), "edge": ("prod",)}
    stacks |= {"mid": ("prod",), "app": ("dev", "staging", "prod")}
    for name, names in stacks.items():
        folder = root / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        for stack in names:
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    for rel, body in PROGRAMS[runtime].items():
        (root / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "app" / rel).write_text(body)


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_site_in_a_switch_clause_is_only_for_the_stacks_that_take_it(tmp_path: Path, runtime: str) -> None:
    _repo(tmp_path, runtime)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    got: dict[str, set[str]] = {"dev": set(), "staging": set(), "prod": set()}
    for edge in doc["edges"]:
        if edge["from"].startswith("app/"):
            got[edge["from"].removeprefix("app/")].add(edge["to"])
    want = {s: COMMON[s] | EXTRA[runtime].get(s, set()) for s in COMMON}
    assert got == want, out.stdout
    assert not [d for d in doc["diagnostics"] if d["severity"] == "warning"], doc["diagnostics"]  # nothing dangles
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert any("function) that stacks dev, staging never take" in n for n in notes), notes  # legacy/prod


def _guards(language: str, body: str, file: str) -> list[tuple[int, tuple[ir.Expr, ...]]]:
    facts = finder(language)(body, file)
    return [(s.line, s.guards) for s in facts.sites]


def test_typescript_fall_through_is_followed_and_unsure_endings_fall() -> None:
    body = """import * as pulumi from "@pulumi/pulumi";
switch (pulumi.getStack()) {
    case "a":
        if (x) { break; }
    case "b":
        new pulumi.StackReference("acme/net/b");
        break;
    case "c":
        return;
    case "d":
        new pulumi.StackReference("acme/net/d");
}
"""
    sites = _guards("typescript", body, "index.ts")
    stack = ir.CurrentStack()
    a, b, c, d = (ir.Eq(stack, ir.Lit(v), strict=True) for v in "abcd")  # by `===`
    assert sites == [
        (6, (ir.Junction((ir.Junction((b, ir.negated(a)), True), a), False),)),  # `b` (first), or `a` falling into it
        (11, (ir.Junction((d, ir.negated(a), ir.negated(b), ir.negated(c)), True),)),  # `c` returns: never falls
    ]


def test_a_go_case_without_fallthrough_and_an_empty_one_never_fall() -> None:
    body = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		switch ctx.Stack() {
		case "a":
		case "b", "c":
			pulumi.NewStackReference(ctx, "acme/net/b", nil)
		}
		return nil
	})
}
"""
    stack = ir.CurrentStack()
    b_or_c = ir.Junction((ir.Eq(stack, ir.Lit("b"), strict=True), ir.Eq(stack, ir.Lit("c"), strict=True)), False)
    not_a = ir.Eq(stack, ir.Lit("a"), True, strict=True)
    assert _guards("go", body, "main.go") == [(10, (ir.Junction((b_or_c, not_a), True),))]


def test_a_csharp_goto_and_a_java_pattern_keep_the_site_for_every_stack() -> None:
    csharp = """using Pulumi;
var stack = Deployment.Instance.StackName;
switch (stack)
{
    case "a":
        goto case "b";
    case "b":
        var r = new StackReference("acme/net/b");
        break;
}
"""
    java = """package app;
import com.pulumi.resources.StackReference;
class App {
    static void run(Object o) {
        switch (o) {
            case String s when s.equals("a") -> { var r = new StackReference("acme/net/a"); }
            default -> { }
        }
    }
}
"""
    [(_, (cs,))] = _guards("csharp", csharp, "Program.cs")
    assert cs == ir.Truthy(ir.Unknown("a switch with a goto"))
    [(_, (jv,))] = _guards("java", java, "src/main/java/app/App.java")
    assert jv == ir.Truthy(ir.Unknown("a case label that is no plain value"))


def test_a_javascript_default_is_the_stacks_no_case_takes() -> None:
    body = """const pulumi = require("@pulumi/pulumi");
switch (pulumi.getStack()) {
    default:
        new pulumi.StackReference("acme/net/other");
        break;
    case "a":
        break;
}
"""
    facts = finder("javascript")(body, "index.js")
    [site] = facts.sites
    stack = ir.CurrentStack()
    assert site.guards == (ir.Junction((ir.Eq(stack, ir.Lit("a"), True, strict=True),), True),)


SWITCH_EXPRESSIONS = {
    "dotnet": (
        "Program.cs",
        """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    var net = stack switch
    {
        "prod" => new StackReference("acme/net/legacy"),
        "qa" or "uat" => new StackReference("acme/net/shared"),
        var s when s.StartsWith("x") => new StackReference("acme/net/odd"),
        _ => new StackReference($"acme/net/{stack}"),
    };
    return new Dictionary<string, object?> { ["x"] = net.GetOutput("x") };
});
""",
    ),
    "java": (
        "src/main/java/app/App.java",
        """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            var net = switch (stack) {
                case "prod" -> new StackReference("acme/net/legacy");
                case "qa", "uat" -> new StackReference("acme/net/shared");
                case String s when s.startsWith("x") -> new StackReference("acme/net/odd");
                default -> new StackReference("acme/net/" + stack);
            };
        });
    }
}
""",
    ),
}


@pytest.mark.parametrize("runtime", sorted(SWITCH_EXPRESSIONS))
def test_a_site_in_an_arm_of_a_switch_expression_is_only_for_the_stacks_that_take_it(
    tmp_path: Path, runtime: str
) -> None:
    """C#: the first arm whose pattern matches (`_` matches anything); Java: the rule whose label does (`default`:
    none does). Was: every arm counted for every stack (dev got net/legacy and net/shared). A `when` pattern is
    undecided: `odd` is kept for every stack, and so are the arms after it, for the stacks it might take."""
    for name, stacks in {"app": ("dev", "prod", "qa"), "net": ("dev", "prod", "qa", "legacy", "shared", "odd")}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        for stack in stacks:
            (tmp_path / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    rel, body = SWITCH_EXPRESSIONS[runtime]
    (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "app" / rel).write_text(body)
    if runtime == "dotnet":
        (tmp_path / "app" / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {"dev": set(), "prod": set(), "qa": set()}
    for edge in json.loads(out.stdout)["edges"]:
        got[edge["from"].removeprefix("app/")].add(edge["to"])
    assert got == {
        "dev": {"net/odd", "net/dev"},
        "prod": {"net/legacy"},
        "qa": {"net/shared"},
    }, got


def test_a_csharp_case_with_when_does_not_hide_a_later_case_of_the_same_value(tmp_path: Path) -> None:
    """`case "prod" when flag:` may fail for prod, which then takes `case "prod":` after it: that site is kept for
    prod (a `when` is undecided, and so is its negation), never dropped."""
    program = """using Pulumi;
var stack = Deployment.Instance.StackName;
var flag = System.Environment.GetEnvironmentVariable("F") != null;
switch (stack)
{
    case "prod" when flag:
        var a = new StackReference("acme/a/prod");
        break;
    case "prod":
        var b = new StackReference("acme/b/prod");
        break;
    case "dev":
        var d = new StackReference("acme/d/dev");
        break;
}
"""
    for name, stacks in {"app": ("dev", "prod"), "a": ("prod",), "b": ("prod",), "d": ("dev",)}.items():
        (tmp_path / name).mkdir()
        runtime = "dotnet" if name == "app" else "yaml"
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in stacks:
            (tmp_path / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / "app" / "Program.cs").write_text(program)
    (tmp_path / "app" / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    edges = sorted((e["from"], e["to"]) for e in json.loads(out.stdout)["edges"])
    assert edges == [("app/dev", "d/dev"), ("app/prod", "a/prod"), ("app/prod", "b/prod")], edges


def test_a_typescript_switch_on_true_reads_its_labels_as_tests(tmp_path: Path) -> None:
    """`switch (true) { case stack === "prod": .. }`: a clause runs for the stacks whose label holds first (was:
    `true === (stack === "prod")`, undecided, so every stack got every clause's reference)."""
    program = """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
switch (true) {
    case stack === "prod":
        new pulumi.StackReference("acme/net/prod");
        break;
    case stack.startsWith("dev"):
        new pulumi.StackReference("acme/net/dev");
        break;
    default:
        new pulumi.StackReference("acme/net/other");
}
"""
    files = {"app/Pulumi.yaml": "name: app\nruntime: nodejs\n", "app/index.ts": program}
    for stack in ("prod", "dev-eu", "qa"):
        files[f"app/Pulumi.{stack}.yaml"] = "config: {}\n"
    out = cli("scan", write_repo(tmp_path, files), "-f", "json")
    assert out.code == 0, out.stderr
    edges = {(e["from"], e["to"]) for e in json.loads(out.stdout)["edges"]}
    assert edges == {("app/prod", "acme/net/prod"), ("app/dev-eu", "acme/net/dev"), ("app/qa", "acme/net/other")}
