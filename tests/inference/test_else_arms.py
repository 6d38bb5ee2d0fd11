"""A read in one arm of an if (a case of a switch, a catch) does not see the assignments of the other arms: they
never run before it (tree-sitter languages: TS/JS, C#, Java; the lookup is shared, frontends/arms.py). A read
after the if still sees every arm (per stack when the test is decidable).

Was: the lookup took the last assignment before the read's line, so
`if (getStack() === "dev") { x = "organization/other/"; } else { new StackReference(x + getStack()); }`
gave prod the edge other/prod instead of net/prod (a wrong edge), on one line or several."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inference.test_appends import check, scan

TS = """import * as pulumi from "@pulumi/pulumi";
let x = "organization/net/";
if (pulumi.getStack() === "dev") { x = "organization/other/"; } else { new pulumi.StackReference(x + pulumi.getStack()); }
let y = "organization/net/";
if (pulumi.getStack() === "dev") {
    y = "organization/other/";
} else {
    new pulumi.StackReference(y + pulumi.getStack());
}
let z = "organization/net/";
switch (pulumi.getStack()) {
    case "dev":
        z = "organization/other/";
        break;
    default:
        new pulumi.StackReference(z + pulumi.getStack());
}
let w = "organization/net/";
if (pulumi.getStack() === "dev") { w = "organization/other/"; }
new pulumi.StackReference(w + pulumi.getStack());
let v = "organization/net/";
if (pulumi.getStack() === "dev") {
    v = "organization/other/";
} else {
    v = "organization/web/";
}
new pulumi.StackReference(v + pulumi.getStack());
let q = "organization/net/";
for (const r of ["a", "b"]) {
    if (pulumi.getStack() === "dev") { q = "organization/other/"; } else { new pulumi.StackReference(q + pulumi.getStack()); }
}
let u = "organization/net/";
if (pulumi.getStack() === "dev") {
    u = "organization/other/";
} else if (pulumi.getStack() === "prod") {
    new pulumi.StackReference(u + pulumi.getStack());
}
"""  # noqa: E501 (an if and its else on one line: the case being tested)
TS_PROD = {3: "net/prod", 8: "net/prod", 16: "net/prod", 36: "net/prod"}  # in an arm dev does not run
TS_RESOLVED = {20: ("other/dev", "net/prod"), 27: ("other/dev", "web/prod")}  # after the if: both arms
LOOPED = "assigned in another arm of the if at line {}, in a loop"


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_else_arm_reads(tmp_path: Path, file: str) -> None:
    got = scan(tmp_path, "nodejs", {file: TS, "package.json": json.dumps({"name": "app", "main": file})})
    assert {line: got[line, "prod"] for line in TS_PROD} == TS_PROD
    check(got, TS_RESOLVED, {})
    assert "'q', " + LOOPED.format(30) in got[30, "prod"]  # the then arm may have run in an earlier turn


CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var x = "organization/net/";
    if (Deployment.Instance.StackName == "dev") { x = "organization/other/"; } else { var rx = new StackReference(x + Deployment.Instance.StackName); }
    var y = "organization/net/";
    if (Deployment.Instance.StackName == "dev")
    {
        y = "organization/other/";
    }
    else
    {
        var ry = new StackReference(y + Deployment.Instance.StackName);
    }
    var z = "organization/net/";
    switch (Deployment.Instance.StackName)
    {
        case "dev":
            z = "organization/other/";
            break;
        default:
            var rz = new StackReference(z + Deployment.Instance.StackName);
            break;
    }
    var w = "organization/net/";
    if (Deployment.Instance.StackName == "dev") { w = "organization/other/"; }
    var rw = new StackReference(w + Deployment.Instance.StackName);
    var s = "organization/net/";
    try { Console.WriteLine(); }
    catch (ArgumentException) { s = "organization/other/"; }
    catch (Exception) { var rs = new StackReference(s + Deployment.Instance.StackName); }
});
"""  # noqa: E501 (an if and its else on one line: the case being tested)


def test_csharp_else_arm_reads(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    resolved = {29: ("other/dev", "net/prod"), 33: ("net/dev", "net/prod")}
    check(got, resolved, {})
    # the `else` of `StackName == "dev"` (lines 7 and 15) and the `default` after `case "dev"` (line 24) run for
    # prod only: dev makes no reference there
    for line in (7, 15, 24):
        assert (got.get((line, "dev")), got[line, "prod"]) == (None, "net/prod"), (line, got)


JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            String x = "organization/net/";
            if (ctx.stackName().equals("dev")) { x = "organization/other/"; } else { new StackReference(x + ctx.stackName()); }
            String y = "organization/net/";
            if (ctx.stackName().equals("dev")) {
                y = "organization/other/";
            } else {
                new StackReference(y + ctx.stackName());
            }
            String z = "organization/net/";
            switch (ctx.stackName()) {
                case "dev":
                    z = "organization/other/";
                    break;
                default:
                    new StackReference(z + ctx.stackName());
            }
            String a = "organization/net/";
            switch (ctx.stackName()) {
                case "dev" -> { a = "organization/other/"; }
                default -> new StackReference(a + ctx.stackName());
            }
            String w = "organization/net/";
            if (ctx.stackName().equals("dev")) { w = "organization/other/"; }
            new StackReference(w + ctx.stackName());
            String s = "organization/net/";
            try { System.out.println(); }
            catch (IllegalStateException e) { s = "organization/other/"; }
            catch (RuntimeException e) { new StackReference(s + ctx.stackName()); }
        });
    }
}
"""  # noqa: E501 (an if and its else on one line: the case being tested)


def test_java_else_arm_reads(tmp_path: Path) -> None:
    got = scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA})
    check(got, {32: ("other/dev", "net/prod"), 36: ("net/dev", "net/prod")}, {})
    # the `else` of `stackName().equals("dev")` (lines 10 and 15) and the `default` after `case "dev"` (lines 23
    # and 28) run for prod only: dev makes no reference there
    for line in (10, 15, 23, 28):
        assert (got.get((line, "dev")), got[line, "prod"]) == (None, "net/prod"), (line, got)
