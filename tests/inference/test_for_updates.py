"""A `for` loop's update clause runs after each turn's body (frontends/arms.py `_updated`, shared by TS/JS, C#,
Java and Go): an assignment in it is like one after the read in the loop, so a read in the body is unknown.

Was: the update clause is written before the body, so it counted as running before it: `let x = "../net/dev"; for
(let i = 0; i < 2; x = "../other/dev", i++) { new StackReference(x) }` named other/dev, though the first turn reads
net/dev (a wrong edge, in every language on the shared rules). Guards: an assignment in the loop's condition or
initializer runs before the body of each turn (the body reads its value), and a read after the loop is unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets
from tests.inference.test_appends import check, scan

TS = """import * as pulumi from "@pulumi/pulumi";
let x = "organization/net/dev";
for (let i = 0; i < 2; x = "organization/other/dev", i++) { new pulumi.StackReference(x); }
let y = "organization/net/dev";
for (let i = 0;
     i < 2;
     i++, y = "organization/other/dev") {
    new pulumi.StackReference(y);
}
let c = "organization/net/dev";
for (let i = 0; (c = "organization/other/dev") && i < 2; i++) { new pulumi.StackReference(c); }
let n = "organization/net/dev";
for (n = "organization/other/dev"; n.length < 2; ) { new pulumi.StackReference(n); }
let w = "organization/net/dev";
let j = 0;
while ((w = "organization/other/dev") && j++ < 2) { new pulumi.StackReference(w); }
let a = "organization/net/dev";
for (let i = 0; i < 2; a = "organization/other/dev", i++) { }
new pulumi.StackReference(a);
"""
TS_RESOLVED = {11: ("other/dev", "other/dev"), 13: ("other/dev", "other/dev"), 16: ("other/dev", "other/dev")}
TS_UNRESOLVED = {3: "'x', assigned at line 3 after the read in the loop at line 3",
                 8: "'y', assigned at line 7 after the read in the loop at line 5", 19: "'a'"}  # fmt: skip


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_update_clause_runs_after_the_body(tmp_path: Path, file: str) -> None:
    got = scan(tmp_path, "nodejs", {file: TS, "package.json": json.dumps({"name": "app", "main": file})})
    check(got, TS_RESOLVED, TS_UNRESOLVED)


CS = """using Pulumi;

return await Deployment.RunAsync(() =>
{
    var x = "organization/net/dev";
    for (var i = 0; i < 2; x = "organization/other/dev", i++) { new StackReference(x); }
    var c = "organization/net/dev";
    for (var i = 0; (c = "organization/other/dev") != "" && i < 2; i++) { new StackReference(c); }
});
"""


def test_csharp_update_clause_runs_after_the_body(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    check(got, {8: ("other/dev", "other/dev")}, {6: "'x', assigned at line 6 after the read in the loop at line 6"})


JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            String x = "organization/net/dev";
            for (int i = 0; i < 2; x = "organization/other/dev", i++) { new StackReference(x); }
            String c = "organization/net/dev";
            for (int i = 0; (c = "organization/other/dev") != null && i < 2; i++) { new StackReference(c); }
        });
    }
}
"""


def test_java_update_clause_runs_after_the_body(tmp_path: Path) -> None:
    got = scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA})
    check(got, {12: ("other/dev", "other/dev")}, {10: "'x', assigned at line 10 after the read in the loop at line 10"})


GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		x := "organization/net/dev"
		for i := 0; i < 2; i, x = i+1, "organization/other/dev" {
			pulumi.NewStackReference(ctx, x, nil)
		}
		n := "organization/net/dev"
		for n = "organization/other/dev"; len(n) < 2; {
			pulumi.NewStackReference(ctx, n, nil)
		}
		return nil
	})
}
"""


def test_go_update_clause_runs_after_the_body(tmp_path: Path) -> None:
    files = {"main.go": GO, "go.mod": "module example.com/app\n\ngo 1.21\n"}
    got = targets(tmp_path, "go", files, ("dev", "prod"))
    check(got, {13: ("other/dev", "other/dev")}, {9: "'x', assigned at line 8 after the read in the loop at line 8"})
