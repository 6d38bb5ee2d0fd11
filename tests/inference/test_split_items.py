"""An item of a split name: Python's `split(sep, maxsplit)` and `rsplit` with Python's own semantics (found in
mitodl/ol-infrastructure: `env_prefix = namespace.rsplit(".", 1)[0]` feeding
`StackReference(f"infrastructure.consul.{env_prefix}.{name}")`, unresolved as 'an item of a run-time value');
JS's `split(sep)[i]` as node computes it; a split with a count in C#, Java (a regular expression), Go and JS
stays unresolved, since its semantics differ from Python's."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from stackgraph.inference import cache, ir, textops
from tests.helpers.clirun import cli

STACKS = ("mitxonline.production", "dev", "a.b.c")
NAMES = "  us east\t1 "
"""A config value with whitespace, for `split()` with no separator."""

ITEMS = (  # each an expression Python runs on `stack` (the stack name) and `names` (the config value)
    "stack.rsplit('.', 1)[0]",
    "stack.split('.', 1)[-1]",
    "stack.rsplit('.')[0]",
    "stack.rsplit(maxsplit=1, sep='.')[0]",
    "stack.rsplit('.', -1)[-2]",
    "stack.split('.', 0)[0]",
    "stack.rsplit('.', maxsplit=2)[1]",
    "stack.split(sep='.')[2]",
    "names.split()[1]",
    "names.rsplit(None, 1)[-1]",
    "names.split(maxsplit=1)[0]",
)
PY_HEAD = """import os
import pulumi
cfg = pulumi.Config()
stack = pulumi.get_stack()
names = cfg.require("names")
parts = stack.rsplit(".", 1)
pulumi.StackReference(f"infrastructure.consul.{parts[0]}.x")
pulumi.StackReference(f"acme/u/{stack.split('')[0]}")
pulumi.StackReference(f"acme/v/{stack.rsplit('.', int(os.environ['N']))[0]}")
pulumi.StackReference(f"acme/w/{stack.split('.', 1, maxsplit=1)[0]}")
"""
FIRST = PY_HEAD.count("\n") + 1


def _python(expr: str, stack: str) -> str | None:
    """What Python computes for `expr` on the stack (None: no such item)."""
    try:
        return str(eval(expr, {"stack": stack, "names": NAMES}))
    except IndexError:
        return None


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference -> its target or why it is unresolved; each stack sets `app:names`."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    for name in STACKS:
        (app / f"Pulumi.{name}.yaml").write_text(f"config:\n  app:names: {json.dumps(NAMES)}\n")
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


def test_python_split_and_rsplit_items_are_what_python_computes(tmp_path: Path) -> None:
    body = "".join(f'pulumi.StackReference(f"acme/i{i}/{{{expr}}}")\n' for i, expr in enumerate(ITEMS))
    got = _scan(tmp_path, "python", {"__main__.py": PY_HEAD + body})
    for stack in STACKS:
        assert got[7, stack] == f"app/infrastructure.consul.{stack.rsplit('.', 1)[0]}.x"  # through a name
        for i, expr in enumerate(ITEMS):
            want, line = _python(expr, stack), FIRST + i
            if want is None:
                assert "after splitting on" in got[line, stack], (expr, stack)
            else:
                assert got[line, stack] == f"i{i}/{want}", (expr, stack)
    assert "a split on an empty separator" in got[8, "dev"]
    assert "an item of a run-time value" in got[9, "dev"]  # a maxsplit read when it runs
    assert "an item of a run-time value" in got[10, "dev"]  # maxsplit given twice: a TypeError
    assert got[FIRST + 4, "dev"].endswith("<dev rsplit '.' [-2]>': item -2 of 1 after splitting on '.' for stack 'dev'")


TS = """import * as pulumi from "@pulumi/pulumi";
const stack = pulumi.getStack();
new pulumi.StackReference(`acme/a/${stack.split(".", 2)[1]}`);
new pulumi.StackReference(`acme/b/${stack.split(".")[-1]}`);
new pulumi.StackReference(`acme/c/${stack.split("")[0]}`);
new pulumi.StackReference(`acme/d/${stack.split(".")[1]}`);
"""
CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    var a = new StackReference($"acme/a/{stack.Split('.', 2)[1]}");
    var b = new StackReference("acme/b/" + stack.Split(".", 2)[0]);
});
"""
JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            new StackReference("acme/a/" + stack.split("\\\\.", 2)[1]);
            new StackReference("acme/b/" + stack.split(".")[0]);
        });
    }
}
"""
GO = """package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		s := ctx.Stack()
		pulumi.NewStackReference(ctx, "acme/a/"+strings.SplitN(s, ".", 2)[1], nil)
		parts := strings.SplitN(s, ".", 2)
		pulumi.NewStackReference(ctx, "acme/b/"+parts[0], nil)
	})
}
"""


@pytest.mark.parametrize(
    ("runtime", "files", "lines"),
    [
        ("nodejs", {"index.ts": TS}, (3, 4)),
        ("dotnet", {"app.csproj": "<Project />", "Program.cs": CS}, (7, 8)),
        ("java", {"src/main/java/app/App.java": JAVA}, (10, 11)),
    ],
)
def test_a_split_with_a_count_in_other_languages_stays_unresolved(
    tmp_path: Path, runtime: str, files: dict[str, str], lines: tuple[int, ...]
) -> None:
    """JS's limit truncates, C#'s count keeps the rest as Python's maxsplit+1 does, Java's split takes a regular
    expression and drops trailing empty items: none is read as Python's split. (Go's `strings.SplitN` is computed:
    tests/inference/test_split_unpacking.py, against `go run`; test_go_splitn_keeps_the_rest_as_go_does below.)"""
    got = _scan(tmp_path, runtime, files)
    for line in lines:
        for stack in STACKS:
            assert "run-time value" in got[line, stack], (line, stack, got[line, stack])
    if runtime == "nodejs":  # an empty separator: JS splits into characters, Python fails; neither is guessed
        assert "a split on an empty separator" in got[5, "dev"]
        assert got[6, "a.b.c"] == "d/b" and got[6, "dev"].endswith("item 1 of 1 after splitting on '.' for stack 'dev'")


TEXTS = ("cloud-primary-EU.Prod-x", "dev", "a-b-c", "", "x.y.z", "aaa", "-a--b-", "x.yx.y")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_split_items_are_what_node_computes() -> None:
    cases = [(t, s, i) for t in TEXTS for s in ("-", ".", "x.y", "aa", "") for i in range(4)]
    script = (
        "console.log(JSON.stringify(["
        + ",".join(f"{json.dumps(t)}.split({json.dumps(s)})[{i}] ?? null" for t, s, i in cases)
        + "]))"
    )
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=60)
    for (text, sep, index), theirs in zip(cases, json.loads(run.stdout), strict=True):
        ours, why = textops.split_item(text, sep, index, -1, right=False)
        assert ours == (None if sep == "" else theirs), (text, sep, index)
        assert ours is not None or why


def test_a_split_is_kept_in_the_parse_cache() -> None:
    ops = (ir.Split(ir.CurrentStack(), ".", 0, 1, right=True), ir.Split(ir.CurrentStack(), None, -1, -1))
    facts = ir.FileFacts("f.py", "python", symbols=tuple((f"s{i}", op) for i, op in enumerate(ops)))
    assert cache.decode(json.loads(cache.encode(facts))) == facts


def test_go_splitn_keeps_the_rest_as_go_does(tmp_path: Path) -> None:
    """`strings.SplitN(s, ".", 2)` is at most 2 parts, the rest in the last (Python's maxsplit 1): for
    `mitxonline.production`, `[1]` is `production`; `parts[0]` is `mitxonline`."""
    got = _scan(tmp_path, "go", {"main.go": GO, "go.mod": "module app\n\ngo 1.21\n"})
    for stack in STACKS:
        first, _, rest = stack.partition(".")
        if rest:
            assert got[12, stack] == f"a/{rest}"
        else:  # `dev`: one part, no item 1
            assert got[12, stack].endswith(f"item 1 of 1 after splitting on '.' for stack '{stack}'")
        assert got[14, stack] == f"b/{first}"
