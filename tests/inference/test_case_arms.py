"""An assignment in a part of a switch or try that may not have run (in full) before a read in another part of it
is not certain (TS/JS, C#, Java; frontends/arms.py `parted`): a case the read's case is entered from by falling
through (a stack may enter at the read's case), a try body read from its catch or finally (it may have thrown
before the assignment). Unknown then, naming the name (and, for a case that may fall through into the read's,
the case: arms.py `fallen`); a case that ends in a jump stays apart from the next one,
and `else if` chains and nested ifs keep their per-stack values (guards: these were already right).

Was: the switch (the try) held the read, so the assignment counted as made: `case "dev": a = "organization/other/";
case "prod": new StackReference(a + getStack())` gave prod other/prod (a wrong edge; prod enters at its own case,
a is net/), and `try { if (dev) throw ..; c = "organization/other/"; } catch { new StackReference(c + ..) }` gave
dev other/dev (dev threw before the assignment: net/dev)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inference.test_appends import check, scan

UNSURE = "'{}', assigned in a branch or a loop"
FALLS = "'{}', assigned in the case at line {}, which may fall through into the one read"  # arms.py `fallen`

TS = """import * as pulumi from "@pulumi/pulumi";
let a = "organization/net/";
switch (pulumi.getStack()) {
    case "dev":
        a = "organization/other/";
    case "prod":
        new pulumi.StackReference(a + pulumi.getStack());
}
let b = "organization/net/";
switch (pulumi.getStack()) { case "dev": b = "organization/other/"; case "prod": new pulumi.StackReference(b + pulumi.getStack()); }
let c = "organization/net/";
try {
    if (pulumi.getStack() === "dev") { throw new Error("dev"); }
    c = "organization/other/";
} catch (err) {
    new pulumi.StackReference(c + pulumi.getStack());
}
let d = "organization/net/";
try {
    if (pulumi.getStack() === "dev") { throw new Error("dev"); }
    d = "organization/other/";
} finally {
    new pulumi.StackReference(d + pulumi.getStack());
}
let e = "organization/net/";
switch (pulumi.getStack()) {
    case "dev":
        e = "organization/other/";
        break;
    case "prod":
        new pulumi.StackReference(e + pulumi.getStack());
}
let f = "organization/net/";
if (pulumi.getStack() === "dev") {
    f = "organization/other/";
} else if (pulumi.getStack() === "qa") {
    f = "organization/web/";
} else {
    new pulumi.StackReference(f + pulumi.getStack());
}
let g = "organization/net/";
if (pulumi.getStack() !== "") {
    if (pulumi.getStack() === "dev") {
        g = "organization/other/";
    }
    new pulumi.StackReference(g + pulumi.getStack());
}
let h = "organization/net/";
if (pulumi.getStack() === "dev") {
    h = "organization/other/";
} else if (pulumi.getStack() === "prod") {
    h = "organization/web/";
}
new pulumi.StackReference(h + pulumi.getStack());
"""  # noqa: E501 (a switch on one line: the case being tested)
TS_UNRESOLVED = {7: FALLS.format("a", 4), 10: FALLS.format("b", 10), 16: UNSURE.format("c"), 23: UNSURE.format("d"),
                 54: UNSURE.format("h")}  # fmt: skip
TS_PROD = {31: "net/prod", 39: "net/prod"}  # a case that breaks; the last else of a chain
TS_RESOLVED = {46: ("other/dev", "net/prod")}  # a nested if in the arm that holds the read


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_case_and_try_parts(tmp_path: Path, file: str) -> None:
    got = scan(tmp_path, "nodejs", {file: TS, "package.json": json.dumps({"name": "app", "main": file})})
    check(got, TS_RESOLVED, TS_UNRESOLVED)
    assert {line: got[line, "prod"] for line in TS_PROD} == TS_PROD


JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            String a = "organization/net/";
            switch (ctx.stackName()) {
                case "dev":
                    a = "organization/other/";
                case "prod":
                    new StackReference(a + ctx.stackName());
            }
            String b = "organization/net/";
            switch (ctx.stackName()) {
                case "dev":
                    b = "organization/other/";
                    break;
                case "prod":
                    new StackReference(b + ctx.stackName());
            }
            String c = "organization/net/";
            try {
                if (ctx.stackName().equals("dev")) { throw new IllegalStateException(); }
                c = "organization/other/";
            } catch (IllegalStateException e) {
                new StackReference(c + ctx.stackName());
            }
            String d = "organization/net/";
            try {
                if (ctx.stackName().equals("dev")) { throw new IllegalStateException(); }
                d = "organization/other/";
            } finally {
                new StackReference(d + ctx.stackName());
            }
        });
    }
}
"""


def test_java_case_and_try_parts(tmp_path: Path) -> None:
    got = scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA})
    unresolved = {14: FALLS.format("a", 11), 29: UNSURE.format("c"), 36: UNSURE.format("d")}
    check(got, {}, unresolved)
    assert got[22, "prod"] == "net/prod" and (22, "dev") not in got, got  # dev never takes `case "prod"`


CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var c = "organization/net/";
    try
    {
        if (Deployment.Instance.StackName == "dev") { throw new InvalidOperationException(); }
        c = "organization/other/";
    }
    catch (InvalidOperationException)
    {
        var rc = new StackReference(c + Deployment.Instance.StackName);
    }
    var z = "organization/net/";
    switch (Deployment.Instance.StackName)
    {
        case "dev":
            z = "organization/other/";
            break;
        case "qa":
        case "prod":
            var rz = new StackReference(z + Deployment.Instance.StackName);
            break;
    }
});
"""


def test_csharp_try_parts(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    check(got, {}, {14: UNSURE.format("c")})
    assert got[24, "prod"] == "net/prod" and (24, "dev") not in got, got  # dev never takes `case "prod"`
