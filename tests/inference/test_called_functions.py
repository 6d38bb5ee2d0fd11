"""A read in a function of a name given several values where the function is defined reads the value the name has
when the function is called (TS/JS, C#, Go; frontends/arms.py `_called_between`): unknown when the function may be
called before the last of them (one is made after the function starts, or the function is a declaration, hoisted
or a method). A function written after every value (an arrow, a lambda, a Go func literal) keeps the value, per
stack when the test is decidable; a name given one value is that value (guards: these were already right).

Was: the lookup took the values before the function's own line (a closure) or at the end of the file (a
file-level name): `function f() { new StackReference(n) } f(); n = "organization/other/dev"` named other/dev (f
read net/dev), and `const get = () => new StackReference(m); m = "organization/other/dev"; get()` named net/dev
(get read other/dev): wrong edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets
from tests.inference.test_appends import check, scan

CALLED = "'{}', reassigned (line {}) and read in the function at line {} when called"

TS = """import * as pulumi from "@pulumi/pulumi";
let n = "organization/net/dev";
function f() { return new pulumi.StackReference(n); }
f();
n = "organization/other/dev";
function main() {
    let m = "organization/net/dev";
    const get = () => new pulumi.StackReference(m);
    m = "organization/other/dev";
    get();
}
main();
let env = "organization/net/";
if (pulumi.getStack() === "dev") { env = "organization/other/"; }
const mk = () => new pulumi.StackReference(env + pulumi.getStack());
mk();
let e2 = "organization/net/";
if (pulumi.getStack() === "dev") { e2 = "organization/other/"; }
function mk2() { return new pulumi.StackReference(e2 + pulumi.getStack()); }
mk2();
const once = "organization/net/";
function mk3() { return new pulumi.StackReference(once + pulumi.getStack()); }
mk3();
export = async () => {
    let v = "organization/net/";
    if (pulumi.getStack() === "dev") { v = "organization/other/"; }
    const inner = () => new pulumi.StackReference(v + pulumi.getStack());
    inner();
};
let early = "organization/net/dev";
callEarly();
early = "organization/other/dev";
function callEarly() { return new pulumi.StackReference(early); }
"""
TS_RESOLVED = {15: ("other/dev", "net/prod"), 19: ("other/dev", "net/prod"), 22: ("net/dev", "net/prod"),
               27: ("other/dev", "net/prod")}  # fmt: skip
TS_UNRESOLVED = {3: CALLED.format("n", 5, 3), 8: CALLED.format("m", 9, 8), 33: CALLED.format("early", 32, 33)}
"""19: a declaration called only after the if, outside any function (`_called_after`); 33: called before (hoisted)."""

HOISTED = """import * as pulumi from "@pulumi/pulumi";
let a = "organization/net/";
if (pulumi.getStack() === "dev") { a = "organization/other/"; }
function inFn() { return new pulumi.StackReference(a + pulumi.getStack()); }
function go() { return inFn(); }
go();
function cb(p: string) { return new pulumi.StackReference(a + p); }
["dev"].map(cb);
let b = "organization/net/";
function setB() { b = "organization/other/"; }
if (pulumi.getStack() === "dev") { b = "organization/web/"; }
function viaSet() { return new pulumi.StackReference(b + pulumi.getStack()); }
setB();
viaSet();
export function exported() { return new pulumi.StackReference(a + pulumi.getStack()); }
"""


def test_a_hoisted_function_is_known_only_when_every_call_comes_after_the_values_outside_any_function(
    tmp_path: Path,
) -> None:
    got = targets(tmp_path, "nodejs", {"index.ts": HOISTED}, ["dev", "prod"])
    assert got[(15, "dev")] == "other/dev" and got[(15, "prod")] == "net/prod"  # exported: called once this ran
    assert got[(4, "dev")].endswith(CALLED.format("a", 3, 4))  # called from another function: when, unknown
    assert "'cb' given as a value there" in got[(7, "dev")]  # handed on as a callback (test_handed_helpers.py)
    assert "'b', assigned in a function at app/index.ts:10" in got[(12, "dev")]  # `b` is also set in a function


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_reads_in_called_functions(tmp_path: Path, file: str) -> None:
    source = TS.replace("export = ", "module.exports = ") if file.endswith(".js") else TS
    got = scan(tmp_path, "nodejs", {file: source, "package.json": json.dumps({"name": "app", "main": file})})
    check(got, TS_RESOLVED, TS_UNRESOLVED)


CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var n = "organization/net/dev";
    Func<StackReference> mk = () => new StackReference(n);
    n = "organization/other/dev";
    var r = mk();
    var v = "organization/net/";
    if (Deployment.Instance.StackName == "dev") { v = "organization/other/"; }
    Func<StackReference> mv = () => new StackReference(v + Deployment.Instance.StackName);
    var rv = mv();
});
"""


def test_csharp_reads_in_called_lambdas(tmp_path: Path) -> None:
    got = scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS})
    check(got, {12: ("other/dev", "net/prod")}, {7: CALLED.format("n", 8, 7)})


GO = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		n := "organization/net/dev"
		mk := func() {
			pulumi.NewStackReference(ctx, n, nil)
		}
		n = "organization/other/dev"
		mk()
		v := "organization/net/"
		if ctx.Stack() == "dev" {
			v = "organization/other/"
		}
		mv := func() {
			pulumi.NewStackReference(ctx, v+ctx.Stack(), nil)
		}
		mv()
		return nil
	})
}
"""


def test_go_reads_in_called_func_literals(tmp_path: Path) -> None:
    files = {"main.go": GO, "go.mod": "module example.com/app\n\ngo 1.21\n"}
    got = targets(tmp_path, "go", files, ("dev", "prod"))
    check(got, {20: ("other/dev", "net/prod")}, {11: CALLED.format("n", 13, 10)})
