"""C# `foreach` and Java enhanced `for` over a literal collection around a StackReference: one reference per item, as
Python, TS and Go loops already were (frontends/foreach_loops.py, csharp_loops.py, java_loops.py). Before, every such
site was unresolved ("'name', bound by a loop, a pattern or a catch clause (a run-time value)"). A loop that may not
bind every item at the site stays unresolved, saying why. Written as on public repositories (`foreach (var nm in
new[] { "a", "b" })`, `foreach (string p in new[] { .. })`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli
from tests.inference.test_loop_references import details, edges, reasons

CSHARP_HEAD = """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
"""
CSHARP_TAIL = "});\n"
JAVA_HEAD = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = ctx.stackName();
"""
JAVA_TAIL = "        });\n    }\n}\n"
HEAD = {"dotnet": CSHARP_HEAD, "java": JAVA_HEAD}
TAIL = {"dotnet": CSHARP_TAIL, "java": JAVA_TAIL}
MAIN = {"dotnet": "Program.cs", "java": "src/main/java/app/App.java"}


def scan(root: Path, runtime: str, body: str) -> dict[str, Any]:
    """Scan a repo whose `app` (stack dev) runs `body` after the head (the stack in `stack`)."""
    for name in ("app", "net", "data", "a", "b", "c"):
        folder = root / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        (folder / "Pulumi.dev.yaml").write_text("config: {}\n")
    (root / "app" / MAIN[runtime]).parent.mkdir(parents=True, exist_ok=True)
    whole = body.startswith("using ")  # a program of its own
    (root / "app" / MAIN[runtime]).write_text(body if whole else HEAD[runtime] + body + TAIL[runtime])
    if runtime == "dotnet":
        (root / "app" / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    doc: dict[str, Any] = json.loads(out.stdout)
    return doc


FOLLOWED = {
    "csharp-implicit-array": (
        "dotnet",
        '    foreach (var name in new[] { "net", "data" })\n    {\n'
        '        new StackReference($"acme/{name}/{Deployment.Instance.StackName}");\n    }\n',
        ["data/dev", "net/dev"],
    ),
    "csharp-typed-array-and-list": (
        "dotnet",
        '    foreach (string p in new string[] { "net", "data" })\n'
        '        new StackReference("acme/" + p + "/" + stack);\n'
        '    foreach (var q in new List<string> { "a", "b" })\n    {\n'
        '        var name = $"acme/{q}/{stack}";\n        new StackReference(name);\n    }\n',
        ["a/dev", "b/dev", "data/dev", "net/dev"],
    ),
    "csharp-local-never-changed": (
        "dotnet",
        '    var names = new[] { "net", "data" };\n    string[] more = { "a" };\n'
        '    List<string> others = ["b", "c"];\n'
        '    foreach (var n in names) { new StackReference($"acme/{n}/{stack}"); }\n'
        '    foreach (var n in more) { new StackReference($"acme/{n}/{stack}"); }\n'
        "    if (others.Count > names.Length) { }\n"
        '    foreach (var n in others) { new StackReference($"acme/{n}/{stack}"); }\n',
        ["a/dev", "b/dev", "c/dev", "data/dev", "net/dev"],
    ),
    "csharp-nested": (
        "dotnet",
        '    foreach (var p in new[] { "net", "data" })\n    {\n        foreach (var q in new[] { "x", "y" })\n'
        '        {\n            new StackReference($"acme/{p}-{q}/{stack}");\n        }\n    }\n',
        ["acme/data-x/dev", "acme/data-y/dev", "acme/net-x/dev", "acme/net-y/dev"],
    ),
    "java-list-of": (
        "java",
        '            for (String name : List.of("net", "data")) {\n'
        '                new StackReference("acme/" + name + "/" + ctx.stackName());\n            }\n',
        ["data/dev", "net/dev"],
    ),
    "java-arrays-set-and-array": (
        "java",
        '            for (var p : Arrays.asList("net", "data")) {\n'
        '                new StackReference(String.format("acme/%s/%s", p, stack));\n            }\n'
        '            for (String q : Set.of("a", "b")) {\n'
        '                new StackReference("acme/" + q + "/" + stack);\n            }\n'
        '            for (final String r : new String[] { "c" }) {\n'
        '                var n = "acme/" + r + "/" + stack;\n                new StackReference(n);\n            }\n',
        ["a/dev", "b/dev", "c/dev", "data/dev", "net/dev"],
    ),
    "java-local-never-changed": (
        "java",
        '            var names = List.of("net", "data");\n            String[] more = {"a"};\n'
        "            if (names.size() > more.length) { }\n"
        '            for (String n : names) {\n                new StackReference("acme/" + n + "/" + stack);\n'
        "            }\n"
        '            for (String n : more) {\n                new StackReference("acme/" + n + "/" + stack);\n'
        "            }\n",
        ["a/dev", "data/dev", "net/dev"],
    ),
}


@pytest.mark.parametrize(("runtime", "body", "want"), list(FOLLOWED.values()), ids=list(FOLLOWED))
def test_a_loop_over_a_literal_collection_gives_one_edge_per_item(
    tmp_path: Path, runtime: str, body: str, want: list[str]
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert reasons(doc) == []
    assert edges(doc) == want


@pytest.mark.parametrize("runtime", ["dotnet", "java"])
def test_the_evidence_names_the_item(tmp_path: Path, runtime: str) -> None:
    body = FOLLOWED["csharp-implicit-array" if runtime == "dotnet" else "java-list-of"][1]
    doc = scan(tmp_path, runtime, body)
    at = len(HEAD[runtime].splitlines()) + 1
    net = [d for d in details(doc) if '"net"' in d]
    assert len(net) == 1
    assert net[0].endswith(f' = "net" at app/{MAIN[runtime]}:{at}'), net


UNRESOLVED = {
    "csharp-break": (
        "dotnet",
        '    foreach (var p in new[] { "net", "data" })\n    {\n'
        '        new StackReference($"acme/{p}/{stack}");\n        if (p == "net") break;\n    }\n',
        "'p', bound by a loop at app/Program.cs:7, which has a `break` at line 10",
    ),
    "csharp-if-on-the-variable": (
        "dotnet",
        '    foreach (var p in new[] { "net", "data" })\n    {\n'
        '        if (p != "net") { new StackReference($"acme/{p}/{stack}"); }\n    }\n',
        "'p', bound by a loop at app/Program.cs:7, whose site at line 9 depends on the loop variable",
    ),
    "csharp-continue-on-a-name-the-body-assigns": (
        "dotnet",
        '    foreach (var p in new[] { "net", "data" })\n    {\n        var skip = p == "net";\n'
        '        if (skip) continue;\n        new StackReference($"acme/{p}/{stack}");\n    }\n',
        "'p', bound by a loop at app/Program.cs:7, whose exit at line 10 depends on the loop variable",
    ),
    "csharp-local-changed": (
        "dotnet",
        '    var names = new List<string> { "net" };\n    names.Add("data");\n'
        '    foreach (var p in names) { new StackReference($"acme/{p}/{stack}"); }\n',
        "'p', bound by a loop at app/Program.cs:9, over 'names', a collection changed or passed on",
    ),
    "csharp-run-time-collection": (
        "dotnet",
        '    var names = new List<string>(System.IO.File.ReadAllLines("x"));\n'
        '    foreach (var p in names) { new StackReference($"acme/{p}/{stack}"); }\n',
        "'p', bound by a loop at app/Program.cs:8, over 'names', which is not a local given a literal collection once",
    ),
    "csharp-in-a-lambda": (
        "dotnet",
        '    foreach (var p in new[] { "net" })\n    {\n'
        '        System.Func<StackReference> f = () => new StackReference($"acme/{p}/{stack}");\n    }\n',
        "'p', bound by a loop, a pattern or a catch clause (a run-time value)",
    ),
    "java-assigned-in-the-body": (
        "java",
        '            for (String p : List.of("net", "data")) {\n                p = p + "-x";\n'
        '                new StackReference("acme/" + p + "/" + stack);\n            }\n',
        "'p', bound by a loop at app/src/main/java/app/App.java:13, whose variable 'p' is assigned in its body at"
        " line 14",
    ),
    "java-return-after-the-site": (
        "java",
        '            for (String p : List.of("net", "data")) {\n'
        '                new StackReference("acme/" + p + "/" + stack);\n                return;\n            }\n',
        "'p', bound by a loop at app/src/main/java/app/App.java:13, which ends at line 15 in its first run",
    ),
    "java-labelled-continue": (
        "java",
        '            outer:\n            for (String e : List.of("x")) {\n'
        '                for (String p : List.of("net", "data")) {\n'
        '                    new StackReference("acme/" + p + "/" + stack);\n'
        "                    continue outer;\n                }\n            }\n",
        "'p', bound by a loop at app/src/main/java/app/App.java:15, which has a `continue outer;` at line 17",
    ),
    "java-set-with-repeated-items": (
        "java",
        '            for (String p : Set.of("net", "net")) {\n'
        '                new StackReference("acme/" + p + "/" + stack);\n            }\n',
        "'p', bound by a loop at app/src/main/java/app/App.java:13, over a `Set.of` whose items are not distinct"
        " literal strings",
    ),
    "java-as-list-of-an-array": (
        "java",
        "            for (String p : Arrays.asList(args)) {\n"
        '                new StackReference("acme/" + p + "/" + stack);\n            }\n',
        "'p', bound by a loop at app/src/main/java/app/App.java:13, over `Arrays.asList` of one value, which may be"
        " an array",
    ),
    "java-array-item-written": (
        "java",
        '            String[] names = {"net"};\n            names[0] = "data";\n'
        '            for (String p : names) {\n                new StackReference("acme/" + p + "/" + stack);\n'
        "            }\n",
        "'p', bound by a loop at app/src/main/java/app/App.java:15, over 'names', a collection changed or passed on",
    ),
}


@pytest.mark.parametrize(("runtime", "body", "why"), list(UNRESOLVED.values()), ids=list(UNRESOLVED))
def test_a_loop_that_may_not_bind_each_item_stays_unresolved(tmp_path: Path, runtime: str, body: str, why: str) -> None:
    doc = scan(tmp_path, runtime, body)
    assert edges(doc) == []
    assert reasons(doc) == [f"cannot resolve 'acme/<?>/dev': {why}"]


MORE_FOLLOWED = {
    "csharp-into-a-dictionary": (  # `refs[p] = ..` assigns an item of `refs`, not `p`
        "dotnet",
        "    var refs = new Dictionary<string, StackReference>();\n"
        '    foreach (var p in new[] { "net", "data" })\n    {\n'
        '        refs[p] = new StackReference($"acme/{p}/{stack}");\n        refs[p].GetOutput("x");\n    }\n',
        ["data/dev", "net/dev"],
    ),
    "java-into-a-map": (
        "java",
        "            var refs = new java.util.HashMap<String, StackReference>();\n"
        '            for (String p : List.of("net", "data")) {\n'
        '                refs.put(p, new StackReference("acme/" + p + "/" + stack));\n            }\n',
        ["data/dev", "net/dev"],
    ),
    "csharp-guard-not-on-the-variable": (  # decided per stack: `dev` passes it
        "dotnet",
        '    foreach (var p in new[] { "net", "data" })\n    {\n'
        '        if (stack == "dev") { new StackReference($"acme/{p}/{stack}"); }\n    }\n',
        ["data/dev", "net/dev"],
    ),
}


@pytest.mark.parametrize(("runtime", "body", "want"), list(MORE_FOLLOWED.values()), ids=list(MORE_FOLLOWED))
def test_a_loop_whose_body_fills_a_map_or_tests_the_stack_is_followed(
    tmp_path: Path, runtime: str, body: str, want: list[str]
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert reasons(doc) == []
    assert edges(doc) == want


def test_a_csharp_loop_over_a_field_stays_unresolved(tmp_path: Path) -> None:
    """A field may change in another file (`Names[0] = ..`): only locals are followed."""
    body = '    foreach (var p in Names.All) { new StackReference($"acme/{p}/{stack}"); }\n'
    program = CSHARP_HEAD + body + CSHARP_TAIL + 'class Names { public static string[] All = { "net" }; }\n'
    doc = scan(tmp_path, "dotnet", program)
    assert edges(doc) == []
    assert reasons(doc) == [
        "cannot resolve 'acme/<?>/dev': 'p', bound by a loop at app/Program.cs:7, over a value that is not a literal"
        " collection"
    ]


def test_a_csharp_loop_in_a_helper_called_twice_gives_each_item_for_each_call(tmp_path: Path) -> None:
    body = (
        'using Pulumi;\n\nreturn await Deployment.RunAsync(() =>\n{\n    Refs("dev");\n    Refs("prod");\n});\n\n'
        "static void Refs(string env)\n{\n"
        '    foreach (var p in new[] { $"net-{env}", "data" })\n    {\n'
        '        new StackReference($"acme/{p}/{env}");\n    }\n}\n'
    )
    doc = scan(tmp_path, "dotnet", body)
    assert reasons(doc) == []
    assert edges(doc) == ["acme/net-dev/dev", "acme/net-prod/prod", "data/dev", "data/prod"]
