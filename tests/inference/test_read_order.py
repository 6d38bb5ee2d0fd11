"""A read sees the assignments made before it in program order (TS/JS, C#, Java: the lookup is shared,
frontends/treesitter.py and arms.py): on its own line by position, not by line.

Was: the lookup took the assignments on or before the read's line, and an assignment's `if` counted as holding the
read when it was on the read's line, so (each on one line) `let c = "organization/net/dev"; new
StackReference(c); c = "organization/other/dev"` named other/dev, `let k = "organization/net/"; new
StackReference(k + getStack()); k += "x"` named net/xprod, and `if (getStack() === "dev") { a = ".." } new
StackReference(a)` gave prod dev's value; the value before an `if` skipped what its own line set first (prod named
net/prod, not web/prod); a read before its function's only assignment took that assignment (`function h() { new
StackReference(g); g = ".." }`); a read before an assignment in a loop around both missed what the earlier turns
set (one edge of two)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inference.test_appends import check, scan

TS = """import * as pulumi from "@pulumi/pulumi";
let two = "organization/net/dev"; two = "organization/other/dev"; new pulumi.StackReference(two);
let add = "organization/net/"; add += "dev"; new pulumi.StackReference(add);
let c = "organization/net/dev"; new pulumi.StackReference(c); c = "organization/other/dev";
let k = "organization/net/"; new pulumi.StackReference(k + pulumi.getStack()); k += "x";
let a = "organization/net/dev"; if (pulumi.getStack() === "dev") { a = "organization/other/dev"; } new pulumi.StackReference(a);
let d = "organization/net/";
d = "organization/web/"; if (pulumi.getStack() === "dev") { d = "organization/other/"; }
new pulumi.StackReference(d + pulumi.getStack());
let g = "organization/net/"; if (pulumi.getStack() === "dev") { g = "organization/other/"; } g += pulumi.getStack();
new pulumi.StackReference(g);
let h = "organization/net/dev";
function later() {
    new pulumi.StackReference(h);
    h = "organization/other/dev";
}
later();
let f = "organization/net/dev";
for (const s of ["a", "b"]) {
    new pulumi.StackReference(f);
    f = "organization/other/dev";
}
"""  # noqa: E501 (statements on one line: the case being tested)
TS_RESOLVED = {2: ("other/dev", "other/dev"), 3: ("net/dev", "net/dev"), 4: ("net/dev", "net/dev"),
               5: ("net/dev", "net/prod"), 6: ("other/dev", "net/dev"), 9: ("other/dev", "web/prod"),
               11: ("other/dev", "net/prod")}  # fmt: skip
TS_UNRESOLVED = {14: "'h', read before its function assigns it at line 15",
                 20: "'f', assigned at line 21 after the read in the loop at line 19"}  # fmt: skip


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_reads_in_program_order(tmp_path: Path, file: str) -> None:
    got = scan(tmp_path, "nodejs", {file: TS, "package.json": json.dumps({"name": "app", "main": file})})
    check(got, TS_RESOLVED, TS_UNRESOLVED)


CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var c = "organization/net/dev"; var rc = new StackReference(c); c = "organization/other/dev";
    var a = "organization/net/dev"; if (Deployment.Instance.StackName == "dev") { a = "organization/other/dev"; } var ra = new StackReference(a);
    var d = "organization/net/";
    d = "organization/web/"; if (Deployment.Instance.StackName == "dev") { d = "organization/other/"; }
    var rd = new StackReference(d + Deployment.Instance.StackName);
    var g = "organization/net/"; if (Deployment.Instance.StackName == "dev") { g = "organization/other/"; } g += Deployment.Instance.StackName;
    var rg = new StackReference(g);
    var f = "organization/net/dev";
    foreach (var s in new[] { "a", "b" })
    {
        var rf = new StackReference(f);
        f = "organization/other/dev";
    }
});
"""  # noqa: E501 (statements on one line: the case being tested)


def test_csharp_reads_in_program_order(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    resolved = {6: ("net/dev", "net/dev"), 7: ("other/dev", "net/dev"), 10: ("other/dev", "web/prod"),
                12: ("other/dev", "net/prod")}  # fmt: skip
    check(got, resolved, {16: "'f', assigned at line 17 after the read in the loop at line 14"})


JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            String c = "organization/net/dev"; new StackReference(c); c = "organization/other/dev";
            String a = "organization/net/dev"; if (ctx.stackName().equals("dev")) { a = "organization/other/dev"; } new StackReference(a);
            String d = "organization/net/";
            d = "organization/web/"; if (ctx.stackName().equals("dev")) { d = "organization/other/"; }
            new StackReference(d + ctx.stackName());
            String g = "organization/net/"; if (ctx.stackName().equals("dev")) { g = "organization/other/"; } g += ctx.stackName();
            new StackReference(g);
            String f = "organization/net/dev";
            for (int i = 0; i < 2; i++) {
                new StackReference(f);
                f = "organization/other/dev";
            }
        });
    }
}
"""  # noqa: E501 (statements on one line: the case being tested)


def test_java_reads_in_program_order(tmp_path: Path) -> None:
    got = scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA})
    resolved = {9: ("net/dev", "net/dev"), 10: ("other/dev", "net/dev"), 13: ("other/dev", "web/prod"),
                15: ("other/dev", "net/prod")}  # fmt: skip
    check(got, resolved, {18: "'f', assigned at line 19 after the read in the loop at line 17"})
