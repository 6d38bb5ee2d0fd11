"""A `break`, `continue` or `return` in the body of a loop over literal items ends (or skips) a run of that loop only
when it is the loop's own: a `break` of a `switch` or of a loop nested in the body, a `continue` of a nested loop, a
jump to a label set in the body and any jump inside a function (a callback, a `def`) defined there leave the loop's
runs whole. Before, any `break` anywhere in the body (`switch (stack) { case "prod": break; }`, Go's and C#'s too)
and any `return` (`[1, 2].map((x) => { return x; })`) made the site unresolved ("which has a `break` at ..",
"which ends at line .. in its first run"), though it runs once per item."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference import test_csharp_java_loops as tree_loops
from tests.inference import test_loop_references as loops

TS = """for (const p of ["net", "data"]) {
    switch (env) {
        case "prod":
            break;
        default: {
            break;
        }
    }
    for (const q of [1, 2]) {
        if (q > 1) { continue; }
        if (q > 1) { break; }
    }
    block: {
        if (p === "net") break block;
    }
    const sizes = [1, 2].map((x) => { return x + 1; });
    new pulumi.StackReference(`acme/${p}/${env}`);
}
"""

GO = """\t\tfor _, p := range []string{"net", "data"} {
\t\t\tswitch ctx.Stack() {
\t\t\tcase "prod":
\t\t\t\tbreak
\t\t\t}
\t\t\tfor i := 0; i < 2; i++ {
\t\t\t\tif i > 0 {
\t\t\t\t\tbreak
\t\t\t\t}
\t\t\t}
\t\t\tsize := func(x int) int { return x + 1 }
\t\t\t_ = size
\t\t\tpulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", p, ctx.Stack()), nil)
\t\t}
"""

PYTHON = """for p in ["net", "data"]:
    for i in range(2):
        if i:
            continue
        if i:
            break
    size = lambda x: x + 1
    def grow(x):
        return x + 1
    pulumi.StackReference(f"acme/{p}/{stack}")
"""

CSHARP = """    foreach (var p in new[] { "net", "data" })
    {
        switch (stack)
        {
            case "prod":
                break;
            default:
                break;
        }
        foreach (var q in new[] { 1, 2 })
        {
            if (q > 1) break;
        }
        System.Func<int, int> grow = x => { return x + 1; };
        new StackReference($"acme/{p}/{stack}");
    }
    return new Dictionary<string, object?>();
"""

JAVA = """            for (var p : List.of("net", "data")) {
                switch (stack) {
                    case "prod":
                        break;
                    default:
                        break;
                }
                outer:
                for (var q : List.of(1, 2)) {
                    if (q > 1) break outer;
                }
                java.util.function.IntUnaryOperator grow = x -> { return x + 1; };
                new StackReference("acme/" + p + "/" + stack);
            }
"""


@pytest.mark.parametrize(("runtime", "body"), [("nodejs", TS), ("go", GO), ("python", PYTHON)])
def test_jumps_of_inner_statements_do_not_end_the_loop(tmp_path: Path, runtime: str, body: str) -> None:
    doc = loops.scan(tmp_path, runtime, body)
    assert loops.reasons(doc) == []
    assert loops.edges(doc) == ["data/dev", "net/dev"]


@pytest.mark.parametrize(("runtime", "body"), [("dotnet", CSHARP), ("java", JAVA)])
def test_csharp_and_java_switch_breaks_do_not_end_the_loop(tmp_path: Path, runtime: str, body: str) -> None:
    doc = tree_loops.scan(tmp_path, runtime, body)
    assert tree_loops.reasons(doc) == []
    assert tree_loops.edges(doc) == ["data/dev", "net/dev"]


@pytest.mark.parametrize(
    ("runtime", "body", "why"),
    [
        (
            "nodejs",
            'outer: for (const p of ["net", "data"]) {\n    for (const q of [1]) { break outer; }\n'
            "    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n",
            "which has a `break` at line 5",
        ),
        (
            "nodejs",
            'for (const p of ["net", "data"]) {\n    switch (p) { case "net": continue; }\n'
            "    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n",
            "whose exit at line 5 depends on the loop variable",
        ),
        (
            "nodejs",  # was: net/dev and data/dev, though `continue outer` after net ends the loop (a wrong edge)
            'outer: for (const a of [1, 2]) {\n    for (const p of ["net", "data"]) {\n'
            "        new pulumi.StackReference(`acme/${p}/${env}`);\n"
            '        if (p === "net") continue outer;\n    }\n}\n',
            "which has a `continue outer;` at line 7",
        ),
        (
            "go",
            "outer:\n\t\tfor range []int{1, 2} {\n"
            '\t\t\tfor _, p := range []string{"net", "data"} {\n'
            '\t\t\t\tpulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", p, ctx.Stack()), nil)\n'
            '\t\t\t\tif p == "net" {\n\t\t\t\t\tcontinue outer\n\t\t\t\t}\n\t\t\t}\n\t\t}\n',
            "which has a `continue outer` at line 16",
        ),
        (
            "python",
            'for p in ["net", "data"]:\n    if stack == "x":\n        break\n'
            '    pulumi.StackReference(f"acme/{p}/{stack}")\n',
            "which has a `break` at line 5",
        ),
    ],
)
def test_a_jump_out_of_the_loop_still_stops_it(tmp_path: Path, runtime: str, body: str, why: str) -> None:
    doc = loops.scan(tmp_path, runtime, body)
    assert [r for r in loops.reasons(doc) if why in r], loops.reasons(doc)


def test_a_continue_to_the_loops_own_label_only_skips_a_run(tmp_path: Path) -> None:
    body = (
        'own: for (const p of ["net", "data"]) {\n    while (env === "x") { continue own; }\n'
        "    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n"
    )
    doc = loops.scan(tmp_path, "nodejs", body)
    assert loops.reasons(doc) == []
    assert loops.edges(doc) == ["data/dev", "net/dev"]
