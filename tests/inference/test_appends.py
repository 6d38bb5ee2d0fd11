"""A name given a value in terms of the value it had: `n += x` and `n = n + x` are the value `n` had before the
statement, then `x`, in every language; under an `if` per stack, in a loop, a `try` or a nested function
unresolved with the reason.

Was: TS/JS, C# and Java `n = n + x` read `n` as the value the statement gives ("<?>devdevdev..": defined in terms
of itself); a TS/JS `n += x` was not read at all (`let n = "organization/net/dev"; n += "-eu"` named net/dev, a
wrong edge), a C#/Java one was read as `n = x` (net "-eu"); F# `n <- ..` was not read (the `let mutable` value);
a Python `n += x` under an `if` was taken as if it always ran (prod named net/prod-eu)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

STACKS = ("dev", "prod")

TS = """import * as pulumi from "@pulumi/pulumi";
let a = "organization/net/dev";
a += "-eu";
new pulumi.StackReference(a);
let b = "organization/net/";
b = b + pulumi.getStack();
new pulumi.StackReference(b);
let c = "organization/net/" + pulumi.getStack();
if (pulumi.getStack() === "dev") {
    c += "-eu";
}
new pulumi.StackReference(c);
let d = "organization/net/" + pulumi.getStack();
if (pulumi.getStack() === "dev") {
    d = d + "-eu";
} else {
    d = `${d}-eu`;
}
new pulumi.StackReference(d);
let e = "organization/net/dev";
for (const s of ["-eu"]) {
    e += s;
}
new pulumi.StackReference(e);
let f = "organization/net/dev";
try {
    f += "-eu";
} catch (err) {}
new pulumi.StackReference(f);
let g = "organization/net/dev";
const add = () => { g += "-eu"; };
add();
new pulumi.StackReference(g);
function make(p: string) {
    p += "-eu";
    return new pulumi.StackReference(p);
}
make("organization/net/dev");
let h = "organization/net/dev"; h += "-eu";
new pulumi.StackReference(h);
let k = 1;
k += 1;
new pulumi.StackReference("organization/net/dev" + k);
let m = "organization/net/dev";
for (let i = 0; i < 2; i++) {
    m = m + "-eu";
    new pulumi.StackReference(m);
}
let o = "organization/net/dev";
function later() { o = "organization/net/prod"; }
later();
new pulumi.StackReference(o);
"""

RESOLVED = {  # line -> (dev, prod), from node running the same statements
    4: ("net/dev-eu", "net/dev-eu"),
    7: ("net/dev", "net/prod"),
    12: ("net/dev-eu", "net/prod"),
    19: ("net/dev-eu", "net/prod-eu"),
    36: ("net/dev-eu", "net/dev-eu"),
    40: ("net/dev-eu", "net/dev-eu"),
}
UNRESOLVED = {  # line -> part of the reason
    24: "'e', assigned in a branch or a loop",
    29: "'f', assigned in a branch or a loop",
    33: "'g', assigned in a function at app/index.ts:31 (when it runs is not followed)",
    43: "'k', changed by k += .. (arithmetic)",
    47: "'m', given a value in terms of itself in a loop",
    52: "'o', assigned in a function at app/index.ts:50",
}


def scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference of the program -> its target (`project/stack`) or why it is unresolved."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    for name in STACKS:
        (app / f"Pulumi.{name}.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return {
        (int(r["site"].rpartition(":")[2]), r["stack"]): (
            f"{r['target']['project']}/{r['target']['stack']}" if r["target"] else r["reason"]
        )
        for r in json.loads(out.stdout)["references"]
    }


def check(got: dict[tuple[int, str], str], resolved: dict[int, tuple[str, str]], unresolved: dict[int, str]) -> None:
    for line, (dev, prod) in resolved.items():
        assert (got[line, "dev"], got[line, "prod"]) == (dev, prod), (line, got)
    for line, why in unresolved.items():
        assert why in got[line, "dev"] and why in got[line, "prod"], (line, got[line, "dev"])


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.mark.parametrize("file", ["index.ts", "index.js"])
def test_typescript_and_javascript_appends(tmp_path: Path, file: str) -> None:
    source = TS.replace("(p: string)", "(p)") if file.endswith(".js") else TS
    got = scan(tmp_path, "nodejs", {file: source, "package.json": json.dumps({"name": "app", "main": file})})
    unresolved = {n: why.replace("index.ts", file) for n, why in UNRESOLVED.items()}
    check(got, RESOLVED, unresolved)
