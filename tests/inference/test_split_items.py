"""An item of a split name: Python's `split(sep, maxsplit)` and `rsplit` with Python's own semantics (found in
mitodl/ol-infrastructure: `env_prefix = namespace.rsplit(".", 1)[0]` feeding
`StackReference(f"infrastructure.consul.{env_prefix}.{name}")`, unresolved as 'an item of a run-time value');
JS's `split(sep)[i]` as node computes it; C#'s `Split(sep[, count])[i]` as the .NET docs say, Java's
`split(regex[, limit])[i]` for a regular expression that is a fixed string as `java` computes it (both were
'a run-time value'); a split with a count in JS stays unresolved, since its limit truncates."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from stackgraph.inference import cache, ir, textops
from stackgraph.inference.frontends import splits
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


def _scan(
    tmp_path: Path, runtime: str, files: dict[str, str], stacks: tuple[str, ...] = STACKS
) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference -> its target or why it is unresolved; each stack sets `app:names`."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    for name in stacks:
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


def test_a_js_split_with_a_limit_stays_unresolved(tmp_path: Path) -> None:
    """JS's limit truncates (`"a.b.c".split(".", 2)` is `["a", "b"]`): not read as Python's maxsplit. (Go's
    `strings.SplitN` is computed: test_go_splitn_keeps_the_rest_as_go_does below; C# and Java: below.)"""
    got = _scan(tmp_path, "nodejs", {"index.ts": TS})
    for line in (3, 4):
        for stack in STACKS:
            assert "run-time value" in got[line, stack], (line, stack, got[line, stack])
    assert "a split on an empty separator" in got[5, "dev"]  # JS splits into characters, Python fails
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


GO_FROM_END = """package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		s := ctx.Stack()
		parts := strings.Split(s, ".")
		pulumi.NewStackReference(ctx, "acme/a/"+parts[len(parts)-1], nil)
		pulumi.NewStackReference(ctx, "acme/b/"+parts[len(parts)-2], nil)
		pulumi.NewStackReference(ctx, "acme/c/"+strings.Split(s, ".")[len(strings.Split(s, "."))-1], nil)
		pulumi.NewStackReference(ctx, "acme/d/"+parts[len(s)-1], nil)
		pulumi.NewStackReference(ctx, "acme/e/"+parts[len(parts)+1], nil)
	})
}
"""


def test_go_items_counted_from_the_end_are_read(tmp_path: Path) -> None:
    """Go has no negative index: `parts[len(parts)-1]` is the last part (josephtate/copr-pulumi-go-aws,
    cluster/resources/stackref.go: `parts := strings.Split(ctx.Stack(), "/")`, `stackName := parts[len(parts)-1]`,
    then `NewStackReference(ctx, project+"/"+stackName, nil)`; was unresolved, 'a run-time value
    (parts[len(parts)-...])'). `len` of another value, or an index past the end, stays unresolved."""
    got = _scan(tmp_path, "go", {"main.go": GO_FROM_END, "go.mod": "module app\n\ngo 1.21\n"})
    for stack in STACKS:
        parts = stack.split(".")
        assert got[13, stack] == f"a/{parts[-1]}"
        assert got[15, stack] == f"c/{parts[-1]}"
        if len(parts) > 1:
            assert got[14, stack] == f"b/{parts[-2]}"
        else:  # `dev`: one part, an index panics
            assert "for stack 'dev'" in got[14, stack], got[14, stack]
        assert "run-time value" in got[16, stack] and "run-time value" in got[17, stack]


SPLIT_STACKS = ("mitxonline.production", "dev", "a.b.c", "x..y.")
CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    var parts = stack.Split('.');
    var r8 = new StackReference($"acme/a/s{stack.Split('.', 2)[1]}");
    var r9 = new StackReference("acme/b/s" + stack.Split(".", 2)[0]);
    var r10 = new StackReference("acme/c/s" + Deployment.Instance.StackName.Split('.')[1]);
    var r11 = new StackReference("acme/d/s" + parts[^1]);
    var r12 = new StackReference("acme/e/s" + stack.Split(new[] { '.' }, 3, StringSplitOptions.None)[2]);
    var r13 = new StackReference("acme/f/s" + stack.Split('.', 1)[0]);
    var r14 = new StackReference("acme/g/s" + stack.Split(".", StringSplitOptions.None)[0]);
    var r15 = new StackReference("acme/h/s" + stack.Split('.', StringSplitOptions.RemoveEmptyEntries)[0]);
    var r16 = new StackReference("acme/i/s" + stack.Split('.', 0)[0]);
    var r17 = new StackReference("acme/j/s" + stack.Split("")[0]);
    var r18 = new StackReference("acme/k/s" + stack.Split('.', '-')[0]);
    var r19 = new StackReference("acme/l/s" + stack.Split('.')[-1]);
    var written = stack.Split('.');
    written[0] = "x";
    var r22 = new StackReference("acme/m/s" + written[0]);
    var r23 = new StackReference("acme/n/s" + parts[0]);
});
"""
NOT_AN_ITEM = "not an item"
"""An expected item beyond the parts: unresolved, naming the item, the parts and the stack."""
CS_ITEMS = {  # line -> the item for each of SPLIT_STACKS, as the .NET docs of String.Split say
    8: ("production", NOT_AN_ITEM, "b.c", ".y."),  # Split('.', 2): at most 2 parts, the rest in the last
    9: ("mitxonline", "dev", "a", "x"),
    10: ("production", NOT_AN_ITEM, "b", ""),
    11: ("production", "dev", "c", ""),  # parts[^1]: the last
    12: (NOT_AN_ITEM, NOT_AN_ITEM, "c", "y."),
    13: SPLIT_STACKS,  # count 1: the text itself
    14: ("mitxonline", "dev", "a", "x"),
    23: ("mitxonline", "dev", "a", "x"),
}
CS_UNREAD = {
    15: "String.Split with StringSplitOptions.RemoveEmptyEntries, not computed",
    16: "String.Split with count 0 (an empty array)",
    17: "String.Split with not one separator",  # "": one part in C#, an error in Python
    18: "String.Split with not one separator",  # on either char
    19: "an index below 0 (an IndexOutOfRangeException",
    22: "a run-time value",  # an item is written: the array is not read
}


def _check_items(
    got: dict[tuple[int, str], str], source: str, items: dict[int, tuple[str, ...]], unread: dict[int, str]
) -> None:
    """Each line of `items` names the project it writes (`"acme/<project>/s" + ..`) and stack `s<item>`."""
    for line, want in items.items():
        project = source.splitlines()[line - 1].partition("acme/")[2][:1]
        for stack, item in zip(SPLIT_STACKS, want, strict=True):
            if item == NOT_AN_ITEM:
                assert f"after splitting on '.' for stack '{stack}'" in got[line, stack], (
                    line,
                    stack,
                    got[line, stack],
                )
            else:
                assert got[line, stack] == f"{project}/s{item}", (line, stack, got[line, stack])
    for line, why in unread.items():
        for stack in SPLIT_STACKS:
            assert why in got[line, stack], (line, stack, got[line, stack])


def test_csharp_split_items_are_what_dotnet_computes(tmp_path: Path) -> None:
    """`Split(sep, count)`: at most `count` parts, the rest in the last (the docs' `"42..12..19".Split('.', 4)` is
    `{"42", "", "12", ".19"}`); the options, counts and separators whose semantics differ stay unresolved."""
    got = _scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": CS}, SPLIT_STACKS)
    _check_items(got, CS, CS_ITEMS, CS_UNREAD)
    assert "String.Split with count 0" not in got[8, "dev"]


JAVA = r"""package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.regex.Pattern;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
            var parts = stack.split("\\.");
            new StackReference("acme/a/s" + stack.split("\\.", 2)[1]);
            new StackReference("acme/b/s" + ctx.stackName().split("\\.")[1]);
            new StackReference("acme/c/s" + parts[2]);
            new StackReference("acme/d/s" + stack.split(Pattern.quote("."), -1)[3]);
            new StackReference("acme/e/s" + stack.split("[.]")[0]);
            new StackReference("acme/f/s" + stack.split(".")[0]);
            new StackReference("acme/g/s" + stack.split("-")[0]);
            new StackReference("acme/h/s" + stack.split("\\.", 0)[3]);
            new StackReference("acme/i/s" + stack.split("\\.")[-1]);
            new StackReference("acme/j/s" + stack.split(quote("."))[0]);
        });
    }
}
"""
JAVA_ITEMS = {  # line -> the item for each of SPLIT_STACKS, as Java's String.split computes it
    12: ("production", NOT_AN_ITEM, "b.c", ".y."),  # limit 2: the rest in the last
    13: ("production", NOT_AN_ITEM, "b", ""),
    14: (NOT_AN_ITEM, NOT_AN_ITEM, "c", "y"),  # `x..y.`: [x, "", y], the trailing empty part dropped
    15: (NOT_AN_ITEM, NOT_AN_ITEM, NOT_AN_ITEM, ""),  # a negative limit keeps it
    18: SPLIT_STACKS,
    19: (NOT_AN_ITEM, NOT_AN_ITEM, NOT_AN_ITEM, NOT_AN_ITEM),
}
JAVA_UNREAD = {
    16: "String.split on the regular expression '[.]', which is not a fixed string",
    17: "String.split on the regular expression '.', which is not a fixed string",
    20: "an index below 0 (an ArrayIndexOutOfBoundsException",
    21: "String.split with a regular expression known only when it runs",  # a static import: not followed
}


def test_java_split_items_are_what_java_computes_through_the_front_end(tmp_path: Path) -> None:
    got = _scan(tmp_path, "java", {"src/main/java/app/App.java": JAVA}, SPLIT_STACKS)
    _check_items(got, JAVA, JAVA_ITEMS, JAVA_UNREAD)


JAVA_SPLIT_TEXTS = ("a.b.c", "dev", "", ".", "a..", ".a.", "x--y--", "a|b|", "aaa", "a.b..", "-_-", "a\\b\\", "..")
FIXED_REGEXES = ("-", "_", "\\.", "\\|", "\\\\", "--", "a", ":", "\\-", "ab", "\\.\\.", "a\\.")
NOT_FIXED = (".", "[.]", "", "a|b", "\\d", "\\Q.\\E", "a+", "\\1", "\\n", "\t", "(a)")
QUOTED = (".", "a.", "|", "\\")


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
def test_java_split_items_are_what_java_computes(tmp_path: Path) -> None:
    """Each text split on each fixed regular expression (and `Pattern.quote(..)`) with each limit, item by item,
    run by `java` itself: the same item, or none where Java throws (an index beyond the parts)."""
    assert all(splits.java_separator(r) is None for r in NOT_FIXED)
    cases: list[tuple[str, str | None]] = []
    for text in JAVA_SPLIT_TEXTS:
        for regex, sep in [(json.dumps(r), splits.java_separator(r)) for r in FIXED_REGEXES] + [
            (f"Pattern.quote({json.dumps(q)})", q) for q in QUOTED
        ]:
            assert sep is not None, regex
            for limit in (None, 0, 1, 2, 3, -1, -5):
                for index in range(4):
                    ours, _ = textops.split_item(text, sep, index, splits.java_limit(limit), right=False)
                    given = "" if limit is None else f", {limit}"
                    cases.append((f"{json.dumps(text)}.split({regex}{given})[{index}]", ours))
    lines = "\n".join(f"        show(() -> {java});" for java, _ in cases)
    source = f"""import java.util.function.Supplier;
import java.util.regex.Pattern;
public class Check {{
    static void show(Supplier<String> f) {{
        try {{ System.out.println("=" + f.get()); }} catch (RuntimeException e) {{ System.out.println("!"); }}
    }}
    public static void main(String[] args) {{
{lines}
    }}
}}
"""
    (tmp_path / "Check.java").write_text(source)
    run = subprocess.run(
        ["java", str(tmp_path / "Check.java")], check=False, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    for (java, ours), theirs in zip(cases, run.stdout.splitlines(), strict=True):
        assert ours == (None if theirs == "!" else theirs[1:]), java


def test_a_held_split_is_read_where_it_is_given(tmp_path: Path) -> None:
    """`var parts = stack.Split('.')` then `stack = "x.y"`: `parts[1]` is an item of the stack name, not of `x.y`."""
    program = CS.replace(
        "    var parts = stack.Split('.');\n", "    var parts = stack.Split('.');\n    stack = \"x.y\";\n"
    )
    got = _scan(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": program}, SPLIT_STACKS)
    assert [got[24, s] for s in SPLIT_STACKS] == [f"n/s{s.partition('.')[0]}" for s in SPLIT_STACKS]


FS = """module Program

open System
open Pulumi.FSharp
open Pulumi

let stack = Deployment.Instance.StackName
let parts = stack.Split('.')
let written = stack.Split([|'.'|])
let infra () =
    let r10 = StackReference("acme/a/s" + stack.Split('.').[1])
    let r11 = StackReference("acme/b/s" + stack.Split([|'.'|]).[1])
    let r12 = StackReference("acme/c/s" + (let held = stack.Split('.') in held.[1]))
    let r13 = StackReference("acme/d/s" + stack.Split('.', 2).[1])
    let r14 = StackReference($"acme/e/s{Deployment.Instance.StackName.Split([|"."|], 3, StringSplitOptions.None).[2]}")
    let r15 = StackReference("acme/f/s" + parts.[0])
    let r16 = StackReference("acme/g/s" + (stack.Split '.').[0])
    let r17 = StackReference("acme/h/s" + stack.Split('.')[1])
    let r18 = StackReference("acme/i/s" + stack.Split('.', StringSplitOptions.RemoveEmptyEntries).[0])
    let r19 = StackReference("acme/j/s" + stack.Split('.', 0).[0])
    let r20 = StackReference("acme/k/s" + stack.Split('.', '-').[0])
    let r21 = StackReference("acme/l/s" + stack.Split('.').[-1])
    let r22 = StackReference("acme/m/s" + written.[0])
    let r23 = StackReference("acme/n/s" + stack.Split('.', count = 2).[0])
    let r24 = StackReference("acme/o/s" + stack.Split("").[0])
    let handed = stack.Split('.')
    let r27 = StackReference($"acme/p/s{parts[1]}")
    let r28 = StackReference("acme/q/s" + handed.[0])
    written.[0] <- "x"
    printfn "%d" (Array.length handed)
    ()
"""
FS_ITEMS = {  # line -> the item for each of SPLIT_STACKS, as .NET's String.Split computes it (as C#'s)
    11: ("production", NOT_AN_ITEM, "b", ""),
    12: ("production", NOT_AN_ITEM, "b", ""),
    13: ("production", NOT_AN_ITEM, "b", ""),  # through a name given the split and only indexed
    14: ("production", NOT_AN_ITEM, "b.c", ".y."),  # count 2: at most 2 parts, the rest in the last
    15: (NOT_AN_ITEM, NOT_AN_ITEM, "c", "y."),
    16: ("mitxonline", "dev", "a", "x"),  # a value of the module
    17: ("mitxonline", "dev", "a", "x"),
    18: ("production", NOT_AN_ITEM, "b", ""),  # F# 6 `expr[i]`
    27: ("production", NOT_AN_ITEM, "b", ""),
}
FS_UNREAD = {
    19: "String.Split with StringSplitOptions.RemoveEmptyEntries, not computed",
    20: "String.Split with count 0 (an empty array)",
    21: "String.Split with not one separator",  # on either char
    22: "an index below 0 (an IndexOutOfRangeException",
    23: "a run-time value",  # an item is written: the array is not read
    24: "String.Split without a separator or with named arguments",
    25: "String.Split with not one separator",  # "": one part in .NET, an error in Python
    28: "a run-time value",  # the array is handed on: not read
}


def test_fsharp_split_items_are_what_dotnet_computes(tmp_path: Path) -> None:
    """`stack.Split('.').[1]`, `stack.Split([|'.'|]).[1]`, `let parts = stack.Split('.') in parts.[1]` (were 'a
    run-time value'): .NET's String.Split, as for C#."""
    files = {"app.fsproj": "<Project />", "Program.fs": FS}
    got = _scan(tmp_path, "dotnet", files, SPLIT_STACKS)
    _check_items(got, FS, FS_ITEMS, FS_UNREAD)


FS_MUTABLE = """module Program

open Pulumi

let name env =
    let mutable prefix = "acme/net/"
    prefix <- "acme/other/"
    prefix + env
let kept env =
    let prefix = "acme/db/"
    prefix + env
let infra () =
    let mutable p = "acme/net/dev"
    let r14 = StackReference(p)
    for i in 1 .. 2 do
        let r16 = StackReference(p)
        p <- "acme/loop/dev"
    let r18 = StackReference(p)
    let r19 = StackReference(name "dev")
    let r20 = StackReference(kept "dev")
    ()
"""


def test_an_fsharp_mutable_reassigned_is_not_its_first_value(tmp_path: Path) -> None:
    """`p <- ..` was not read: `p` kept its `let mutable` value (a false edge to acme/net/dev); a helper's
    `let .. in` body (now lowered, for `let parts = s.Split('.') in parts.[1]`) must not carry that."""
    files = {"app.fsproj": "<Project />", "Program.fs": FS_MUTABLE}
    got = _scan(tmp_path, "dotnet", files, ("dev",))
    assert got[14, "dev"] == "net/dev"  # before the reassignment
    assert "a run-time value (p <- " in got[16, "dev"]  # in the loop: the second time round it is reassigned
    assert "a run-time value (p <- " in got[18, "dev"]
    assert "a run-time value (prefix <- " in got[19, "dev"]
    assert got[20, "dev"] == "db/dev"
