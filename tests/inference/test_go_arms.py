"""Go reads see only the assignments that may run before them, of the variable they mean (arms.py, go_blocks.py).

Was: Go's lookup took the last value given to the name anywhere in the function before the read's line. So a
read in an `else` arm (or a `switch` case) saw the other arm's assignment, a `fallthrough` case's assignment was
taken as certain, and a name declared again in an inner block (`{ name := "b" }`, an `if` arm's
`project := "other"`, a type switch's `project := v.(type)`, `args := &pulumi.StackReferenceArgs{..}`) gave its
value to the outer variable, or to a package-level one of the same name: each a wrong edge. A function setting a
package-level variable was not seen when it also declared a local of that name later in the same block
(`other = "x"; other := "y"`), when it set it with another name (`a, pair = two()`), or in a range clause
(`for _, loop = range ..`): the package variable kept its first value."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

HEAD = 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n'
RUN = "\nfunc main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n%s\t\treturn nil\n\t})\n}\n"
REF = "pulumi.NewStackReference(ctx, {}+ctx.Stack(), nil)"

ARMS = f"""		x := "acme/net/"
		if ctx.Stack() == "dev" {{ x = "acme/other/" }} else {{ {REF.format("x")} }} // x
		y := "acme/net/"
		if ctx.Stack() == "dev" {{
			y = "acme/other/"
		}} else {{
			{REF.format("y")} // y
		}}
		z := "acme/net/"
		switch ctx.Stack() {{
		case "dev":
			z = "acme/other/"
		default:
			{REF.format("z")} // z
		}}
		u := "acme/net/"
		if ctx.Stack() == "dev" {{
			u = "acme/other/"
		}} else if ctx.Stack() == "prod" {{
			{REF.format("u")} // u
		}}
		w := "acme/net/"
		if ctx.Stack() == "dev" {{ w = "acme/other/" }}
		{REF.format("w")} // w
		v := "acme/net/"
		if ctx.Stack() == "dev" {{
			v = "acme/other/"
		}} else {{
			v = "acme/web/"
		}}
		{REF.format("v")} // v
		q := "acme/net/"
		for _, r := range []string{{"a", "b"}} {{
			if r == "a" {{ q = "acme/other/" }} else {{ {REF.format("q")} }} // q
		}}
"""
FALLS = f"""		f := "acme/net/"
		switch ctx.Stack() {{
		case "dev":
			f = "acme/other/"
			fallthrough
		default:
			{REF.format("f")} // f
		}}
		g := "acme/net/"
		switch ctx.Stack() {{
		case "dev":
			g = "acme/other/"
			fallthrough
		case "test":
		default:
			{REF.format("g")} // g
		}}
"""
BLOCKS = f"""		n := "acme/net/"
		{{
			n := "acme/other/"
			_ = n
		}}
		{REF.format("n")} // n
		m := "acme/net/"
		if ctx.Stack() == "dev" {{
			m := "acme/other/"
			_ = m
		}}
		{REF.format("m")} // m
		k := "acme/"
		{{
			k := k + "net/"
			{REF.format("k")} // k
		}}
"""
SIBLING = f"""		{{
			project := "other"
			_ = project
		}}
		{REF.format('"acme/"+project+"/"')} // project
		{REF.format('"acme/"+third+"/"')} // third
		var v interface{{}} = "x"
		switch project := v.(type) {{
		case string:
			{REF.format('"acme/"+project+"/"')} // alias
		}}
		{{
			args := &pulumi.StackReferenceArgs{{Name: pulumi.String("acme/other/prod")}}
			_ = args
		}}
		pulumi.NewStackReference(ctx, "n", args) // args
"""
SIBLING_PACKAGE = """
var project = "net"
var third = "net"
var args = &pulumi.StackReferenceArgs{Name: pulumi.String("acme/net/prod")}

func setThird() {
	third := "a"
	{
		third := "b"
		third = "c"
		_ = third
	}
	_ = third
}
"""
SETTERS = f"""		{REF.format('"acme/"+other+"/"')} // other
		{REF.format('"acme/"+pair+"/"')} // pair
		{REF.format('"acme/"+loop+"/"')} // loop
"""
SETTERS_PACKAGE = """
var other = "net"
var pair = "net"
var loop = "net"

func two() (string, string) { return "a", "b" }

func set() {
	println()
	other = "other"
	other := "x"
	_ = other
	var a string
	a, pair = two()
	_ = a
	for _, loop = range []string{"other"} {
	}
}
"""
ESCAPES = f"""		x := "acme/net/"
		set := func() {{ x = "acme/other/" }}
		set()
		{REF.format("x")} // closure
		y := "acme/net/"
		setAt(&y)
		{REF.format("y")} // address
		z := "acme/net/"
		flag.StringVar(&z, "z", "acme/other/", "")
		p := &z
		*p = "acme/web/"
		{REF.format("z")} // flag
		for i := 0; i < 2; i++ {{
			w := "acme/net/"
			if i == 1 {{
				w = "acme/other/"
			}}
			{REF.format("w")} // counter
		}}
		v := "acme/net/"
		func() {{
			v := "acme/other/"
			_ = v
		}}()
		{REF.format("v")} // own
"""
ESCAPES_PACKAGE = """
import "flag"

func setAt(s *string) { *s = "acme/other/" }
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def scan_go(tmp_path: Path, body: str, package: str = "") -> dict[str, tuple[str, str]]:
    """Tag (the `// tag` ending a reference's line) -> what it names on dev and on prod."""
    source = HEAD + package + RUN % body
    got = targets(tmp_path, "go", {"main.go": source, "go.mod": "module app\n\ngo 1.21\n"}, ("dev", "prod"))
    lines = {n: m.group(1) for n, t in enumerate(source.splitlines(), 1) if (m := re.search(r"// (\w+)$", t))}
    return {tag: (got.get((n, "dev")), got.get((n, "prod"))) for n, tag in lines.items()}  # None: never made


def test_go_else_arm_and_switch_case_reads(tmp_path: Path) -> None:
    """The stacks that run the read take the value from before the if or switch; a read after it sees each arm."""
    got = scan_go(tmp_path, ARMS)
    for tag in "xyzu":  # the read runs on prod only: it sees "net", and dev makes no reference there
        assert got[tag] == (None, "net/prod"), (tag, got)
    assert got["w"] == ("other/dev", "net/prod"), got  # after the if: both arms, decided per stack
    assert got["v"] == ("other/dev", "web/prod"), got
    assert "'q', assigned in another arm of the if at line" in got["q"][1], got  # an earlier turn may have run it


def test_go_fallthrough_is_not_taken_as_certain(tmp_path: Path) -> None:
    """A case entered from the one before (`fallthrough`) or directly: unknown, never the falling case's value."""
    got = scan_go(tmp_path, FALLS)
    for stack in (0, 1):
        assert "'f', assigned in the case at line" in got["f"][stack] and "fall through" in got["f"][stack], got
    assert got["g"] == (None, "net/prod"), got  # dev falls into the empty case "test", which does not fall: no way in


def test_go_a_name_declared_again_in_a_block_is_another_variable(tmp_path: Path) -> None:
    got = scan_go(tmp_path, BLOCKS)
    assert got["n"] == ("net/dev", "net/prod"), got  # `{ n := .. }`: the inner n
    assert got["m"] == ("net/dev", "net/prod"), got  # an arm's `m := ..`: the arm's m
    assert got["k"] == ("net/dev", "net/prod"), got  # `k := k + ..` reads the outer k on its right


def test_go_a_package_variable_is_not_a_local_of_a_sibling_block(tmp_path: Path) -> None:
    got = scan_go(tmp_path, SIBLING, SIBLING_PACKAGE)
    assert got["project"] == ("net/dev", "net/prod"), got  # a sibling block's `project := ..` is its own
    assert got["third"] == ("net/dev", "net/prod"), got  # setThird sets locals of its own only
    for stack in (0, 1):  # the type switch's `project` holds a value not read here: not the package's
        assert "'project', declared at line" in got["alias"][stack], got
        assert "StackReferenceArgs that are not written out here (args)" in got["args"][stack], got


def test_go_a_package_variable_set_in_a_function_is_not_known(tmp_path: Path) -> None:
    """`other = ..` before `other := ..` in the same block, `a, pair = ..`, `for _, loop = range ..`: each sets
    the package-level variable."""
    got = scan_go(tmp_path, SETTERS, SETTERS_PACKAGE)
    for name in ("other", "pair", "loop"):
        why = f"'{name}', a package-level variable assigned ({name} = ..) in a function at app/main.go:"
        assert why in got[name][0] and why in got[name][1], got


def test_javascript_fallthrough_is_not_taken_as_certain(tmp_path: Path) -> None:
    """The same in JS/TS (arms.py is shared): a `case` without `break` falls into the next one, or not."""
    source = (
        'import * as pulumi from "@pulumi/pulumi";\nlet f = "organization/net/";\nswitch (pulumi.getStack()) {\n'
        '    case "dev":\n        f = "organization/other/";\n    default:\n'
        "        new pulumi.StackReference(f + pulumi.getStack());\n}\n"
    )
    files = {"index.ts": source, "package.json": json.dumps({"name": "app", "main": "index.ts"})}
    got = targets(tmp_path, "nodejs", files, ("dev", "prod"))
    assert "'f', assigned in the case at line 4, which may fall through" in got[7, "prod"], got


def test_go_a_local_set_out_of_the_flow_of_its_function_is_not_known(tmp_path: Path) -> None:
    """A function literal that assigns it, its address handed on (`setAt(&y)`, `flag.StringVar(&z, ..)`, `p :=
    &z`), a loop counter's `i++`: the value is not the last one written before the read."""
    got = scan_go(tmp_path, ESCAPES, ESCAPES_PACKAGE)
    expected = {"closure": "'x', assigned in a function literal (x = ...) at line", "address": "'y', its address",
                "flag": "'z', its address taken (&z) at line", "counter": "'i', changed (i++) at line"}  # fmt: skip
    for tag, why in expected.items():
        assert why in got[tag][0] and why in got[tag][1], (tag, got)
    assert got["own"] == ("net/dev", "net/prod"), got  # the function literal's own v
