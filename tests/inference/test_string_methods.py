"""String methods on the stack name resolve with each language's own semantics (found in real code:
hyperledger-labs/splice `getStack().replace('cloud-primary-', '')` and `getStack().replace(/.*[.]/, '')`;
`get_stack().lower()`, `strings.ToLower(ctx.Stack())`, `StackName.ToLower()` are common), in names and in the
`if`s around references; a method given a run-time value, or a regular expression not translated, stays
unresolved with a reason that quotes the call with its literals masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

STACKS = ("cloud-primary-EU.Prod-x", "dev")
PROD, DEV = STACKS

TS = r"""import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
new pulumi.StackReference(`acme/a/${stack.replace("cloud-primary-", "")}`);
new pulumi.StackReference(`acme/b/${stack.replace(/.*[.]/, "")}`);
new pulumi.StackReference(`acme/c/${stack.toLowerCase().replaceAll("-", "_")}`);
new pulumi.StackReference(`acme/d/${stack.replace(/^(\w+)-(\w+)/, "$2-$1")}`);
new pulumi.StackReference(`acme/e/${stack.replace("-", "$&$&")}`);
new pulumi.StackReference(`acme/f/${stack.toUpperCase().replace(/[-.]/g, "")}`);
if (stack.toLowerCase().endsWith("prod-x")) {
  new pulumi.StackReference("acme/g/only");
}
new pulumi.StackReference(`acme/h/${stack.replace(/(?<=secretish)b/, "")}`);
new pulumi.StackReference(`acme/i/${stack.replace("x", process.env.X!)}`);
new pulumi.StackReference(`acme/j/${stack.replaceAll(/-/, "")}`);
"""

PY = """import os
import pulumi
stack = pulumi.get_stack()
pulumi.StackReference(f"acme/a/{stack.removeprefix('cloud-primary-')}")
pulumi.StackReference(f"acme/b/{stack.lower().replace('-', '_', 1)}")
pulumi.StackReference(f"acme/c/{stack[1:-1].upper()}")
pulumi.StackReference(f"acme/d/{stack.strip('cdx-').rstrip()}")
pulumi.StackReference(f"acme/e/{stack.replace('-', '', -3)}")
pulumi.StackReference(f"acme/f/{stack.removesuffix('-x')[-4:]}")
if stack.lower() == "dev":
    pulumi.StackReference("acme/g/only")
pulumi.StackReference(f"acme/h/{stack.replace('-', os.environ['X'])}")
pulumi.StackReference(f"acme/i/{stack.replace('-', '_', int(os.environ['N']))}")
pulumi.StackReference(f"acme/j/{stack[::2]}")
"""

GO = """package main

import (
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		s := ctx.Stack()
		pulumi.NewStackReference(ctx, "acme/a/"+strings.TrimPrefix(s, "cloud-primary-"), nil)
		pulumi.NewStackReference(ctx, "acme/b/"+strings.Replace(strings.ToLower(s), "-", "_", 1), nil)
		pulumi.NewStackReference(ctx, "acme/c/"+strings.ReplaceAll(strings.ToUpper(s), "-", ""), nil)
		pulumi.NewStackReference(ctx, "acme/d/"+strings.TrimSpace(strings.TrimSuffix(s, "-x")), nil)
		pulumi.NewStackReference(ctx, "acme/e/"+strings.Trim(s, "cdx-"), nil)
		env := "other"
		if strings.ToLower(s) == "dev" {
			env = "only"
		}
		pulumi.NewStackReference(ctx, "acme/g/"+env, nil)
		n := len(os.Args)
		pulumi.NewStackReference(ctx, "acme/h/"+strings.Replace(s, "-", "_", n), nil)
		pulumi.NewStackReference(ctx, "acme/i/"+strings.ToLower(os.Getenv("X")), nil)
		return nil
	})
}
"""

CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    var a = new StackReference($"acme/a/{stack.ToLower()}");
    var b = new StackReference("acme/b/" + stack.Replace("-", "_").ToUpperInvariant());
    var c = new StackReference($"acme/c/{stack.Replace('-', '.').Trim()}");
    var env = stack.ToLowerInvariant() == "dev" ? "only" : "other";
    var g = new StackReference($"acme/g/{env}");
    var h = new StackReference($"acme/h/{stack.Replace("-", Environment.GetEnvironmentVariable("X"))}");
    var i = new StackReference($"acme/i/{stack.Replace("", "x")}");
});
"""


JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.Locale;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            new StackReference("acme/a/" + stack.toLowerCase(Locale.ROOT).replace("-", "_"));
            new StackReference("acme/b/" + stack.toUpperCase().replace('-', '.'));
            new StackReference("acme/c/" + stack.replaceAll("[-.]", ""));
            new StackReference("acme/d/" + stack.replaceFirst("-|E", "_"));
            new StackReference("acme/e/" + stack.substring(6));
            new StackReference("acme/f/" + stack.substring(0, 3).trim());
            String env = "other";
            if (stack.toLowerCase().equals("dev")) {
                env = "only";
            }
            new StackReference("acme/g/" + env);
            new StackReference("acme/h/" + stack.replaceAll("(?<=secretish)b", ""));
            new StackReference("acme/i/" + stack.replaceAll("-", "$0"));
            new StackReference("acme/j/" + stack.toLowerCase(new Locale("tr")));
            new StackReference("acme/k/" + stack.strip().replace("", "."));
            new StackReference("acme/l/" + stack.replaceAll("x$", ""));
            new StackReference("acme/m/" + stack.substring(System.getenv("N").length()));
        });
    }
}
"""

FS = """module Program

open Pulumi

let infra () =
    let stack = Deployment.Instance.StackName
    let a = StackReference($"acme/a/{stack.ToLower()}")
    let b = StackReference("acme/b/" + stack.Replace("-", "_").ToUpperInvariant())
    let c = StackReference("acme/c/" + stack.Replace('-', '.').Trim())
    let env = if stack.ToLowerInvariant() = "dev" then "only" else "other"
    let g = StackReference("acme/g/" + env)
    let h = StackReference("acme/h/" + Deployment.Instance.StackName.ToUpper())
    let i = StackReference("acme/i/" + stack.Replace("", "x"))
    ()
"""


def scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference of the program -> its target (`project/stack`) or why it is unresolved."""
    return targets(tmp_path, runtime, files, STACKS)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_typescript_replace_is_first_only_regex_literals_run_as_js_and_the_rest_stays_unresolved(
    tmp_path: Path,
) -> None:
    got = scan(tmp_path, "nodejs", {"index.ts": TS})
    expected = {  # from node: the same expressions run on each stack name
        3: ("a/EU.Prod-x", "a/dev"),
        4: ("b/Prod-x", "b/dev"),
        5: ("c/cloud_primary_eu.prod_x", "c/dev"),
        6: ("d/primary-cloud-EU.Prod-x", "d/dev"),
        7: ("e/cloud--primary-EU.Prod-x", "e/dev"),
        8: ("f/CLOUDPRIMARYEUPRODX", "f/DEV"),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert got[10, PROD] == "g/only" and (10, DEV) not in got  # the `if` is decided per stack
    lookbehind = got[12, PROD]
    assert "a regular expression with a lookbehind" in lookbehind and "stack.replace(..., ...)" in lookbehind
    assert "secretish" not in lookbehind  # the call is quoted with its literals masked
    assert "environment variable X, read at run time" in got[13, DEV]
    assert "replaceAll with a regular expression without the g flag" in got[14, PROD]


def test_python_string_methods_and_slices_resolve_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "python", {"__main__.py": PY})
    expected = {  # from Python: the same expressions run on each stack name
        4: ("a/EU.Prod-x", "a/dev"),
        5: ("b/cloud_primary-eu.prod-x", "b/dev"),
        6: ("c/LOUD-PRIMARY-EU.PROD-", "c/E"),
        7: ("d/loud-primary-EU.Pro", "d/ev"),
        8: ("e/cloudprimaryEU.Prodx", "e/dev"),
        9: ("f/Prod", "f/dev"),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert got[11, DEV] == "g/only" and (11, PROD) not in got
    assert "environment variable X, read at run time" in got[12, PROD]
    assert "a replace with a count known only when it runs (stack.replace)" in got[13, PROD]
    assert got[14, DEV].endswith("an item of a run-time value (stack[::...])")  # a step: not followed


def test_go_strings_functions_resolve_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "go", {"main.go": GO, "go.mod": "module app\n\ngo 1.21\n"})
    expected = {  # from `go run`: the same expressions on each stack name
        13: ("a/EU.Prod-x", "a/dev"),
        14: ("b/cloud_primary-eu.prod-x", "b/dev"),
        15: ("c/CLOUDPRIMARYEU.PRODX", "c/DEV"),
        16: ("d/cloud-primary-EU.Prod", "d/dev"),
        17: ("e/loud-primary-EU.Pro", "e/ev"),
        22: ("g/other", "g/only"),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert "strings.Replace with a count known only when it runs" in got[24, PROD]
    assert "environment variable X, read at run time" in got[25, DEV]


def test_csharp_string_methods_resolve_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    expected = {
        7: ("a/cloud-primary-eu.prod-x", "a/dev"),
        8: ("b/CLOUD_PRIMARY_EU.PROD_X", "b/DEV"),
        9: ("c/cloud.primary.EU.Prod.x", "c/dev"),
        11: ("g/other", "g/only"),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert "environment variable X, read at run time" in got[12, PROD]
    assert "String.Replace of an empty string (an error when it runs)" in got[13, DEV]


def test_java_string_methods_resolve_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA})
    expected = {  # from Java 17 (jshell): the same expressions on each stack name
        11: ("a/cloud_primary_eu.prod_x", "a/dev"),
        12: ("b/CLOUD.PRIMARY.EU.PROD.X", "b/DEV"),
        13: ("c/cloudprimaryEUProdx", "c/dev"),
        14: ("d/cloud_primary-EU.Prod-x", "d/dev"),
        16: ("f/clo", "f/dev"),
        21: ("g/other", "g/only"),
        25: ("k/.c.l.o.u.d.-.p.r.i.m.a.r.y.-.E.U...P.r.o.d.-.x.", "k/.d.e.v."),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert got[15, PROD] == "e/primary-EU.Prod-x"
    assert "String.substring with bounds beyond the text (an error when it runs)" in got[15, DEV]
    lookbehind = got[22, PROD]
    assert "lookbehind" in lookbehind and "stack.replaceAll(..., ...)" in lookbehind and "secretish" not in lookbehind
    assert "a replacement that is not plain text" in got[23, DEV]
    assert "a case mapping in a locale other than Locale.ROOT" in got[24, DEV]
    assert "a Java regular expression with $" in got[26, DEV]
    assert "a substring with bounds known only when it runs" in got[27, DEV]


def test_fsharp_string_methods_resolve_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"Program.fs": FS})
    expected = {  # .NET's String methods, as in C#
        7: ("a/cloud-primary-eu.prod-x", "a/dev"),
        8: ("b/CLOUD_PRIMARY_EU.PROD_X", "b/DEV"),
        9: ("c/cloud.primary.EU.Prod.x", "c/dev"),
        11: ("g/other", "g/only"),
        12: ("h/CLOUD-PRIMARY-EU.PROD-X", "h/DEV"),
    }
    for line, (prod, dev) in expected.items():
        assert (got[line, PROD], got[line, DEV]) == (prod, dev), line
    assert "String.Replace of an empty string (an error when it runs)" in got[13, DEV]
