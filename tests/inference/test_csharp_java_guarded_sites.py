"""C# and Java: a StackReference under an `if` (or its `else`), in an arm of `?:` or on the right of `&&`/`||` runs
only for the stacks whose test lets it run, as in Python and TypeScript (frontends/site_guards.py). Before, such a
site counted for every stack: `stack == "prod" ? new StackReference("acme/net/dev") : new StackReference($"acme/net/
{stack}")` gave `prod` a wrong edge to `net/prod`, and an `if (stack == "prod")` block's reference was made for
`dev` too; so was a helper called there. A test that cannot be decided keeps the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

CSHARP = """using System;
using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    var net = stack == "prod" ? new StackReference("acme/net/dev") : new StackReference($"acme/net/{stack}");
    if (!stack.Equals("prod"))
    {
        var db = new StackReference($"acme/db/{stack}");
    }
    else
    {
        var old = new StackReference("acme/legacy/prod");
    }
    var ok = stack == "prod" || new StackReference($"acme/cache/{stack}") != null;
    var maybe = Environment.GetEnvironmentVariable("MAYBE") != null ? new StackReference("acme/extra/prod") : null;
    if (stack == "prod") { var q = Refs.Of("queue"); }
    return new Dictionary<string, object?> { ["x"] = net.GetOutput("x") };
});

static class Refs
{
    public static StackReference Of(string name) => new StackReference($"acme/{name}/{Deployment.Instance.StackName}");
}
"""

JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            var net = stack.equals("prod") ? new StackReference("acme/net/dev")
                : new StackReference("acme/net/" + stack);
            if (!stack.equals("prod")) {
                var db = new StackReference("acme/db/" + stack);
            } else {
                var old = new StackReference("acme/legacy/prod");
            }
            boolean ok = stack.equals("prod") || new StackReference("acme/cache/" + stack) != null;
            var maybe = System.getenv("MAYBE") != null ? new StackReference("acme/extra/prod") : null;
            if (stack.equals("prod")) { var q = of("queue", stack); }
            ctx.export("x", net.output("x"));
        });
    }

    static StackReference of(String name, String stack) {
        return new StackReference("acme/" + name + "/" + stack);
    }
}
"""


@pytest.mark.parametrize("runtime", ["dotnet", "java"])
def test_a_site_under_a_test_is_only_for_the_stacks_that_pass_it(tmp_path: Path, runtime: str) -> None:
    stacks = {"app": ("dev", "prod"), "net": ("dev", "prod"), "db": ("dev", "prod"), "legacy": ("prod",)}
    stacks |= {"cache": ("dev", "prod"), "extra": ("prod",), "queue": ("dev", "prod")}
    for name, names in stacks.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {'yaml' if name != 'app' else runtime}\n")
        for stack in names:
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    if runtime == "dotnet":
        (tmp_path / "app" / "Program.cs").write_text(CSHARP)
        (tmp_path / "app" / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    else:
        (tmp_path / "app" / "src/main/java/app").mkdir(parents=True)
        (tmp_path / "app" / "src/main/java/app/App.java").write_text(JAVA)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"] if e["from"].startswith("app/"))
    assert edges == [
        ("app/dev", "cache/dev"),
        ("app/dev", "db/dev"),
        ("app/dev", "extra/prod"),  # undecided (an environment variable): kept for every stack
        ("app/dev", "net/dev"),
        ("app/prod", "extra/prod"),
        ("app/prod", "legacy/prod"),
        ("app/prod", "net/dev"),  # prod takes the first arm only: no edge to net/prod
        ("app/prod", "queue/prod"),  # the helper is called under `if (prod)` only: no edge from dev
    ], out.stdout
    assert not [d for d in doc["diagnostics"] if d["severity"] == "warning"]  # nothing dangles (no legacy/dev)
    notes = sorted(d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by")
    assert sum("stacks prod never take" in n for n in notes) == 3, notes  # net's second arm, db, cache
    assert sum("stacks dev never take" in n for n in notes) == 2, notes  # net's first arm, legacy
    assert sum("stacks dev never run" in n for n in notes) == 1, notes  # the helper call
