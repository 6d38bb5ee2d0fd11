"""The output keys each front-end records on a StackReference, and the uses it cannot read, which make the
site's reads open (`Site.reads_open`): one small program per form, read by the finder alone."""

from __future__ import annotations

import pytest

from stackgraph.inference import ir
from stackgraph.inference.sources import finder

PY = "import pulumi\nnet = pulumi.StackReference('acme/net/dev')\n"
TS = 'import * as pulumi from "@pulumi/pulumi";\nconst net = new pulumi.StackReference("acme/net/dev");\n'


def site(language: str, source: str, file: str) -> ir.Site:
    [found] = finder(language)(source, file).sites
    return found


@pytest.mark.parametrize(
    ("source", "keys", "why"),
    [
        (PY + "a = net.outputs['vpcId']\nb = net.get_output(name='subnetIds')\n", ["subnetIds", "vpcId"], ""),
        (PY + "if net:\n    x = net.require_output('a') if net else None\nprint(net is None)\n", ["a"], ""),
        (PY + "a = net.outputs.apply(lambda o: o['vpcId'])\n", [], "`net.outputs.apply(lambda o: o[...])` at"),
        (PY + "a = net.outputs.get('vpcId')\n", [], "`net.outputs.get(...)` at p.py:3"),
        (PY + "k = 'vpcId'\na = net.get_output(k)\n", [], "`net.get_output(k)` at p.py:4"),
        (PY + "read = net.get_output\n", [], "`net.get_output` at p.py:3"),
        (PY + "pulumi.ResourceOptions(depends_on=net)\n", [], "`pulumi.ResourceOptions(depends_on=net)` at p.py:3"),
        (PY + "other = net\n", [], "`other = net` at p.py:3"),
        ("import pulumi\nx = f(ref=pulumi.StackReference('acme/net/dev'))\n", [], "`f(ref=pulumi.StackReference("),
        ("import pulumi\nhost = pulumi.StackReference('a/net/dev').outputs['host']\n", ["host"], ""),
    ],
)
def test_python(source: str, keys: list[str], why: str) -> None:
    found = site("python", source, "p.py")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open


@pytest.mark.parametrize("language", ["typescript", "javascript"])
@pytest.mark.parametrize(
    ("source", "keys", "why"),
    [
        (TS + 'const a = net.outputs["vpcId"];\nconst b = net.outputs.subnetIds;\n', ["subnetIds", "vpcId"], ""),
        (TS + 'if (net) { const x = !net ? 1 : net.requireOutput("a"); }\nnet === undefined;\n', ["a"], ""),
        (TS + "const a = net.outputs.apply((o) => o.vpcId);\n", [], "`net.outputs.apply((o) => o.vpcId)` at t:3"),
        (TS + "const k = 'vpcId';\nconst a = net.getOutput(k);\n", [], "`net.getOutput(k)` at t:4"),
        (TS + "f({ net });\n", [], "`{ net }` at t:3"),
        (TS + "f(net);\n", [], "`f(net)` at t:3"),
        (TS + "export { net };\n", [], ""),  # shared, as `export const net`: its reads elsewhere are the linker's
        (TS.replace("const net", "let net") + "export { net };\nnet = other;\n", [], "`export { net }` at t:3"),
        (TS.replace("const net", "export const net"), [], ""),  # shared: its reads elsewhere are the linker's
        (TS.replace("const net", "export let net") + "net = other;\n", [], "`export let net` at t:2"),
        (TS.replace("const net", "export let net") + "[net] = [other];\n", [], "`export let net` at t:2"),
        (TS.replace("const net", "exports.net"), [], "`exports.net` exported at t"),
        ('const x = new StackReference("acme/net/dev").outputs["host"];\n', ["host"], ""),
        (
            "class C {\n  constructor() { this.net = new StackReference('a/n/d'); }\n"
            "  vpc() { return this.net.outputs.vpcId; }\n  pass() { return use(this.net); }\n}\n",
            ["vpcId"],
            "`use(this.net)` at t:4",
        ),
    ],
)
def test_typescript_and_javascript(language: str, source: str, keys: list[str], why: str) -> None:
    if language == "javascript":
        source = source.replace(
            'import * as pulumi from "@pulumi/pulumi";', 'const pulumi = require("@pulumi/pulumi");'
        )
    found = site(language, source, "t")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open


GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, _ := pulumi.NewStackReference(ctx, "acme/net/dev", nil)
		%s
		return nil
	})
}
"""
CS = """using Pulumi;
return await Deployment.RunAsync(() =>
{
    var net = new StackReference("acme/net/dev");
    %s
});
"""
JAVA = """import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var net = new StackReference("acme/net/dev");
            %s
        });
    }
}
"""
FS = """module Program
open Pulumi
let infra () =
    let net = StackReference("acme/net/dev")
    %s
"""


@pytest.mark.parametrize(
    ("language", "file", "source", "keys", "why"),
    [
        ("go", "m.go", GO % 'ctx.Export("v", net.Outputs.MapIndex(pulumi.String("vpcId")))', ["vpcId"], ""),
        ("go", "m.go", GO % 'ctx.Export("v", net.GetIntOutput(pulumi.String("n")))', ["n"], ""),
        ("go", "m.go", GO % 'ctx.Export("v", net.Outputs)', [], "`ctx.Export(..., net.Outputs)` at m.go:8"),
        (
            "go",
            "m.go",
            GO % 'k := "vpcId"\n\t\tctx.Export("v", net.GetOutput(pulumi.String(k)))',
            [],
            "`net.GetOutput(",
        ),
        ("go", "m.go", GO % 'const k = "vpcId"\n\t\tctx.Export("v", net.GetOutput(pulumi.String(k)))', ["vpcId"], ""),
        ("go", "m.go", GO % 'ctx.Export("v", vpcOf(net))', [], "`vpcOf(net)` at m.go:8"),
        ("go", "m.go", GO % 'ctx.Export("n", net)', [], "`ctx.Export(..., net)` at m.go:8"),
        ("go", "m.go", GO % "other := net\n\t\t_ = other", [], "`other := net` at m.go:8"),
        ("go", "m.go", GO % "var other = net\n\t\t_ = other", [], "`other = net` at m.go:8"),
        ("go", "m.go", GO % "p := &net\n\t\t_ = p", [], "`p := &net` at m.go:8"),
        ("go", "m.go", GO % "s := Svc{Ref: net}\n\t\t_ = s", [], ""),  # kept in a field set once: go_fields.py
        ("go", "m.go", GO % "s := Svc{Ref: net}\n\t\tkeep(s)", [], "`Svc{Ref: net}` at m.go:8"),
        ("go", "m.go", GO % "ch <- net", [], "`ch <- net` at m.go:8"),
        ("go", "m.go", GO % "func() { use(net) }()", [], "`use(net)` at m.go:8"),
        ("go", "m.go", GO % "_ = net", [], ""),
        ("go", "m.go", GO % "_ = []interface{}{net, 1}", [], ""),
        ("go", "m.go", GO % "if net == nil || net != nil {\n\t\t\tnet = nil\n\t\t}", [], ""),
        ("go", "m.go", GO % 'ctx.Export("n", net.Name)', [], ""),
        ("go", "m.go", GO.replace("net, _ :=", "_, err :=") % "use(err)", [], ""),
        ("csharp", "P.cs", CS % 'var v = net.Outputs.Apply(o => (string)o["vpcId"]);', ["vpcId"], ""),
        (
            "csharp",
            "P.cs",
            CS % "var v = net.Outputs.Apply(o => o.Count);",
            [],
            "`net.Outputs.Apply(o => o.Count)` at P.cs:5",
        ),
        ("csharp", "P.cs", CS % "var v = net.RequireOutput(key);", [], "`net.RequireOutput(key)` at P.cs:5"),
        ("csharp", "P.cs", CS % "Use(net);", [], "`Use(net)` at P.cs:5"),
        ("csharp", "P.cs", CS % "var o = net;", [], "`o = net` at P.cs:5"),
        ("csharp", "P.cs", CS % "var s = new Svc(net);", [], "`new Svc(net)` at P.cs:5"),
        ("csharp", "P.cs", CS % "var l = new[] { net };", [], "`new[] { net }` at P.cs:5"),
        ("csharp", "P.cs", CS % "object y = net as object;", [], "`net as object` at P.cs:5"),
        ("csharp", "P.cs", CS % 'var w = net?.GetOutput("x");', [], "`net?.GetOutput` at P.cs:5"),
        ("csharp", "P.cs", CS % "Func<int> f = () => { Use(net); return 1; };", [], "`Use(net)` at P.cs:5"),
        ("csharp", "P.cs", CS % "_ = net;\n    var x = net is null;", [], ""),
        ("csharp", "P.cs", CS % "if (net == null || net != null) { net = null; }", [], ""),
        ("java", "A.java", JAVA % "use(net);", [], "`use(net)` at A.java:8"),
        ("java", "A.java", JAVA % "var o = net;", [], "`o = net` at A.java:8"),
        ("java", "A.java", JAVA % "var l = List.of(net);", [], "`List.of(net)` at A.java:8"),
        ("java", "A.java", JAVA % "Object[] arr = { net };", [], "`arr = { net }` at A.java:8"),
        ("java", "A.java", JAVA % 'ctx.export("n", net);', [], "`ctx.export(..., net)` at A.java:8"),
        ("java", "A.java", JAVA % "Runnable r = () -> use(net);", [], "`use(net)` at A.java:8"),
        ("java", "A.java", JAVA % "if (net == null || net != null) { net = null; }\nvar n = net.name;", [], ""),
        ("java", "A.java", JAVA % 'var v = net.outputs().applyValue(m -> m.get("vpcId"));', ["vpcId"], ""),
        ("java", "A.java", JAVA % 'var v = net.output(Output.of("vpcId"));', ["vpcId"], ""),
        (
            "java",
            "A.java",
            JAVA % 'ctx.export("all", net.outputs());',
            [],
            "`ctx.export(..., net.outputs())` at A.java:8",
        ),
        ("fsharp", "P.fs", FS % "net.Outputs", [], "`net.Outputs` at P.fs:5"),
        ("fsharp", "P.fs", FS % "net.GetOutput(input key)", [], "`net.GetOutput(input key)` at P.fs:5"),
        ("fsharp", "P.fs", FS % "zoneOf net", [], "`zoneOf net` at P.fs:5"),
        ("fsharp", "P.fs", FS % "net |> zoneOf", [], "`net |> zoneOf` at P.fs:5"),
        ("fsharp", "P.fs", FS % "let other = net\n    ()", [], "`let other = net` at P.fs:5"),
        ("fsharp", "P.fs", FS % "let all = [ net ]\n    ()", [], "`let all = [ net ]` at P.fs:5"),
        ("fsharp", "P.fs", FS % "let r = { Net = net }\n    ()", [], "`Net = net` at P.fs:5"),
        ("fsharp", "P.fs", FS % "let f () = keep (net :> obj)\n    ()", [], "`keep (net :> obj)` at P.fs:5"),
        ("fsharp", "P.fs", FS % "net", [], "`net` at P.fs:5"),
        (
            "fsharp",
            "P.fs",
            FS % 'if net = null || net <> null then ()\n    ignore net\n    net |> ignore\n    net.RequireOutput "k"',
            ["k"],
            "",
        ),
    ],
)
def test_go_csharp_java_fsharp(language: str, file: str, source: str, keys: list[str], why: str) -> None:
    found = site(language, source, file)
    assert list(found.outputs) == keys
    opened = next((h.why for h in found.handed), "") or found.reads_open  # no other file: no reader (handed.py)
    assert opened.startswith(why) and bool(opened) == bool(why), opened


YAML = """name: app
runtime: yaml
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: acme/net/dev
outputs:
  v: ${net.outputs["vpcId"]}
  s: ${net.outputs.subnetIds}
"""


def test_yaml() -> None:
    found = site("yaml", YAML, "Pulumi.yaml")
    assert (found.outputs, found.reads_open) == (("subnetIds", "vpcId"), "")
    whole = site("yaml", YAML + "  all: ${net.outputs}\n", "Pulumi.yaml")
    assert (whole.outputs, whole.reads_open) == (("subnetIds", "vpcId"), "`${net.outputs}` at Pulumi.yaml:11")


GO_HELPERS = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func ref(ctx *pulumi.Context, project string) (*pulumi.StackReference, error) {
	r, err := pulumi.NewStackReference(ctx, "acme/"+project+"/dev", nil)
	return r, err
}

func fixed(ctx *pulumi.Context) *pulumi.StackReference {
	r, _ := pulumi.NewStackReference(ctx, "acme/dns/dev", nil)
	return r
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, _ := ref(ctx, "networking")
		ctx.Export("v", net.GetOutput(pulumi.String("vpcId")))
		db, _ := ref(ctx, "database")
		use(db)
		return nil
	})
}
"""


def test_go_returned_and_helper_results() -> None:
    """A reference returned by a helper whose calls bind it is read at the calls (each call's own reads, open
    when the call's result is passed on); one returned by a function that is no such helper is not followed."""
    facts = finder("go")(GO_HELPERS, "m.go")
    by_line = {s.line: s for s in facts.sites}
    assert (by_line[6].func, by_line[6].reads_open) == ("ref", "")
    assert by_line[11].reads_open == "`return r` at m.go:12"
    calls = {c.line: c for c in facts.calls if c.line in (17, 19)}
    assert (calls[17].outputs, calls[17].reads_open) == (("vpcId",), "")
    assert (calls[19].outputs, calls[19].reads_open) == ((), "`use(db)` at m.go:20")


CS_HELPER = """using Pulumi;
return await Deployment.RunAsync(() =>
{
    var net = Refs.Get("networking");
    var vpc = net.GetOutput("vpcId");
    var db = Refs.Get("database");
    Use(db);
});
static class Refs
{
    public static StackReference Get(string project)
    {
        var reference = new StackReference($"acme/{project}/dev");
        return reference;
    }
}
"""


def test_csharp_helper_results() -> None:
    """The result of a helper call that binds the site: its reads are each call's own (open when the call's
    result is passed on); a `return` of the reference in that helper is followed."""
    facts = finder("csharp")(CS_HELPER, "P.cs")
    [helper_site] = facts.sites
    assert (helper_site.func, helper_site.reads_open) == ("Get", "")
    calls = {c.line: c for c in facts.calls if c.line in (4, 6)}
    assert (calls[4].outputs, calls[4].reads_open) == (("vpcId",), "")
    assert (calls[6].outputs, calls[6].reads_open) == ((), "`Use(db)` at P.cs:7")


FS_HELPER = """module Program
open Pulumi
let stackRef project = StackReference("acme/" + project + "/dev")
let infra () =
    let net = stackRef "networking"
    let vpc = net.GetOutput(input "vpcId")
    let db = stackRef "database"
    keep db
    ()
"""


def test_fsharp_helper_results() -> None:
    """F#: the keys read on the value a helper's call is bound to are that call's reads, open when the value
    is handed on."""
    facts = finder("fsharp")(FS_HELPER, "P.fs")
    [helper_site] = facts.sites
    assert (helper_site.func, helper_site.outputs, helper_site.reads_open) == ("stackRef", (), "")
    calls = {c.line: c for c in facts.calls if c.line in (5, 7)}
    assert (calls[5].outputs, calls[5].reads_open) == (("vpcId",), "")
    assert (calls[7].outputs, calls[7].reads_open) == ((), "`keep db` at P.fs:8")


GO_OUTER = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	var net *pulumi.StackReference
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, _ = pulumi.NewStackReference(ctx, "acme/net/dev", nil)
		return nil
	})
	use(net)
}
"""


def test_go_reference_set_in_a_variable_of_a_scope_around() -> None:
    """`net, _ = ..` in a closure sets the variable of the function around it: its uses there are looked at too."""
    assert site("go", GO_OUTER, "m.go").reads_open == "`use(net)` at m.go:11"
    declared_inside = GO_OUTER.replace("net, _ = ", "net, _ := ")  # now a variable of the closure alone
    assert site("go", declared_inside, "m.go").reads_open == ""


CS_OUTER = """using Pulumi;
StackReference net = null;
return await Deployment.RunAsync(() =>
{
    net = new StackReference("acme/net/dev");
});
Use(net);
"""


def test_csharp_reference_set_in_a_variable_of_a_scope_around() -> None:
    """`net = new StackReference(..)` in the lambda sets a top-level variable: its uses after it count too."""
    assert site("csharp", CS_OUTER, "P.cs").reads_open == "`Use(net)` at P.cs:7"
    declared_inside = CS_OUTER.replace("    net = new", "    var net = new")  # a variable of the lambda alone
    assert site("csharp", declared_inside, "P.cs").reads_open == ""


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("from refs import net\nnet.get_output('a')\nnet.outputs['b']\n", [("refs", "net", ["a", "b"], "")]),
        ("from refs import net as n\nprint(n)\n", [("refs", "net", [], "`print(n)` at m.py:2")]),
        ("import refs\nrefs.net.get_output('a')\n", [("refs", "net", ["a"], "")]),
        ("import pkg.refs\npkg.refs.net.require_output('a')\n", [("pkg.refs", "net", ["a"], "")]),
        ("from . import refs\nuse(refs.net)\n", [(".refs", "net", [], "`use(refs.net)` at m.py:2")]),
        ("from refs import *\nnet.get_output('a')\n", [("refs", "*", [], "`from refs import *` at m.py:1")]),
        ("import refs\nrefs.make('x')\nrefs.net.name\n", []),  # a call, and a member that reads no output
        ("import pulumi\nfrom pulumi import export\nexport('a', pulumi.get_stack())\n", []),  # Pulumi's own
    ],
)
def test_python_reads_on_imported_names(source: str, reads: list[tuple[str, str, list[str], str]]) -> None:
    """What a file reads on the names it imports (the linker adds them to the site another module holds
    in that name): the keys, and the first use that passes the name on."""
    facts = finder("python")(source, "m.py")
    got = [(r.name.module.path, r.name.name, list(r.outputs), r.reads_open) for r in facts.name_reads]
    assert [g[:3] for g in got] == [w[:3] for w in reads]
    for (*_, why), (*_, want) in zip(got, reads, strict=True):
        assert why.startswith(want) and bool(why) == bool(want), why


@pytest.mark.parametrize(
    ("language", "source", "shared"),
    [
        ("python", PY, "net"),
        ("python", "import pulumi\ndef net():\n    return pulumi.StackReference('a/n/d')\n", "net()"),
        ("python", "import pulumi\ndef main():\n    net = pulumi.StackReference('a/n/d')\n", ""),  # a local
        ("python", "import pulumi\nclass C:\n    net = pulumi.StackReference('a/n/d')\n", "self.net"),  # an attribute
        ("typescript", TS, ""),  # not exported: no other module can import it
        ("typescript", TS.replace("const net", "export const net"), "net"),
        ("typescript", TS.replace("const net", "export let net") + "function f() {}\n", "net"),
        ("typescript", TS.replace("const net", "export let net") + "net = other;\n", ""),  # open, see above
        ("typescript", TS + "export { net as network };\n", "net"),  # `network` elsewhere: shared.py
        ("typescript", TS + "const x = 1;\nexport { x as net };\n", ""),  # another value exported as `net`
        ("typescript", "export namespace N { export const net = new StackReference('a/n/d'); }\n", ""),
        ("javascript", "exports.net = new StackReference('a/n/d');\n", ""),  # CommonJS: open (`exports.net`)
        ("typescript", 'export function net() { return new StackReference("a/n/d"); }\n', "net()"),
        ("typescript", 'export const net = () => new StackReference("a/n/d");\n', "net()"),
        ("typescript", "function f(e) { return new StackReference(`a/n/${e}`); }\n", ""),  # a helper: its calls bind it
    ],
)
def test_the_name_other_modules_reach_a_site_by(language: str, source: str, shared: str) -> None:
    assert site(language, source, "s").shared == shared


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        (
            'import { net } from "./refs";\nnet.getOutput("a");\nnet.outputs["b"];\n',
            [("./refs", "net", ["a", "b"], "")],
        ),
        ('import { net as n } from "./refs";\nf(n);\n', [("./refs", "net", [], "`f(n)` at m.ts:2")]),
        ('import net from "./refs";\nnet.requireOutput("a");\n', [("./refs", "default", ["a"], "")]),
        ('const { net } = require("./refs");\nnet.getOutput("a");\n', [("./refs", "net", ["a"], "")]),
        (
            'import * as refs from "./refs";\nrefs.net.getOutput("a");\nrefs.db.outputs.b;\n',
            [("./refs", "db", ["b"], ""), ("./refs", "net", ["a"], "")],
        ),
        ('const refs = require("./refs");\nuse(refs.net);\n', [("./refs", "net", [], "`use(refs.net)` at m.ts:2")]),
        ('import * as refs from "./refs";\nuse(refs);\n', [("./refs", "*", [], "`use(refs)` at m.ts:2")]),
        ('import * as refs from "./refs";\nconst n = refs["net"];\n', [("./refs", "*", [], "`refs[...]` at m.ts:2")]),
        ('async function f() { (await import("./refs")).net; }\n', [("./refs", "*", [], "`import(...)` at m.ts:1")]),
        ('const refs = await import("./refs");\nrefs.net.getOutput("a");\n', [("./refs", "*", [], "`import(...)` at")]),
        ('function f() { const refs = require("./refs"); }\n', [("./refs", "*", [], "`require(...)` at m.ts:1")]),
        ('export * as refs from "./refs";\n', [("./refs", "*", [], "`export * as refs from")]),
        ('export { net } from "./refs";\nexport * from "./more";\n', []),  # re-exports: followed by the linker
        ('import * as refs from "./refs";\nrefs.make("x").getOutput("a");\nrefs.net.name;\n', []),
        ('import * as pulumi from "@pulumi/pulumi";\nf(pulumi);\n', []),  # Pulumi's own
    ],
)
def test_typescript_reads_on_imported_names(source: str, reads: list[tuple[str, str, list[str], str]]) -> None:
    """What a TS/JS file reads on the names it imports (`import { net }`, `import * as refs`, `require`), and the
    first use that passes the name (or the whole module) on."""
    facts = finder("typescript")(source, "m.ts")
    got = [(r.name.module.path, r.name.name, list(r.outputs), r.reads_open) for r in facts.name_reads]
    assert [g[:3] for g in got] == [w[:3] for w in reads]
    for (*_, why), (*_, want) in zip(got, reads, strict=True):
        assert why.startswith(want) and bool(why) == bool(want), why


def test_typescript_call_held_in_an_exported_const_is_shared() -> None:
    """`export const net = ref("dev")` at module level: other modules' reads on `net` are those of the result."""
    source = 'import { ref } from "./h";\nexport const net = ref("dev");\nconst x = ref("qa");\nf(() => ref("p"));\n'
    facts = finder("typescript")(source, "m.ts")
    assert [(c.line, c.shared) for c in facts.calls] == [(2, "net"), (3, ""), (4, "")]


def test_python_call_held_in_a_module_variable_is_shared() -> None:
    """`net = ref("dev")` at module level: other modules' reads on `net` are those of the call's result."""
    facts = finder("python")("from helpers import ref\nnet = ref('dev')\ndef f():\n    x = ref('prod')\n", "m.py")
    assert [(c.line, c.shared) for c in facts.calls] == [(2, "net"), (4, "")]


CS_CLASS = "using Pulumi;\nclass A {\n%s\n}\n"
JAVA_CLASS = "import com.pulumi.resources.StackReference;\nclass A {\n%s\n}\n"
GO_FILE = 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n%s\n'
GO_RUN = "func f(ctx *pulumi.Context) {\n\t%s\n}"
GO_NEW = 'pulumi.NewStackReference(ctx, "a/n/d", nil)'
CS_NEW = 'new StackReference("a/n/d")'


@pytest.mark.parametrize(
    ("language", "source", "keys", "why", "shared"),
    [
        # a value no variable holds: read on it, dropped, returned to calls that bind it, or anything else
        ("csharp", f'object F() {{ return {CS_NEW}.GetOutput("k"); }}', ["k"], "", ""),
        ("csharp", f"void F() {{ Use({CS_NEW}); }}", [], "`Use(new StackReference(", ""),
        ("csharp", f'object F() {{ return {CS_NEW}?.GetOutput("k"); }}', [], "`new StackReference(", ""),
        ("csharp", f"StackReference F() => {CS_NEW};", [], "`return new Stack", ""),
        ("csharp", 'StackReference F(string e) => new StackReference($"a/n/{e}");', [], "", ""),
        ("csharp", f'void F() {{ var m = new Dictionary<string, StackReference> {{ ["x"] = {CS_NEW} }}; }}', [], '`[...] = new', ""),  # noqa: E501 (one program per row, kept whole)
        ("java", f'Object f() {{ return {CS_NEW}.output("k"); }}', ["k"], "", ""),
        ("java", f"void f() {{ use({CS_NEW}); }}", [], "`use(new StackReference(", ""),
        ("java", f"void f() {{ {CS_NEW}; }}", [], "", ""),
        ("go", f"func f(ctx *pulumi.Context) (*pulumi.StackReference, error) {{\n\treturn {GO_NEW}\n}}", [], "`return", ""),  # noqa: E501 (one program per row, kept whole)
        ("go", GO_RUN % f'm := map[string]*pulumi.StackReference{{}}\n\tm["x"], _ = {GO_NEW}', [], '`m[...], _ =', ""),
        # fields: plain uses in the file are followed, a use through a qualifier is not; other files may use it
        ("csharp", f'static StackReference Net = {CS_NEW};\nobject F() => Net.GetOutput("k");', ["k"], "", "Net"),
        ("csharp", f"StackReference Net = {CS_NEW};\nvoid F() {{ Use(this.Net); }}", [], "`Use(this.Net)` at a:4 (a", "Net"),  # noqa: E501 (one program per row, kept whole)
        ("csharp", f"StackReference Net {{ get; }} = {CS_NEW};\nvoid F() {{ Use(Net); }}", [], "`Use(Net)` at a:4", "Net"),  # noqa: E501 (one program per row, kept whole)
        ("csharp", f"StackReference net;\nA() {{ this.net = {CS_NEW}; }}\nobject F() => this.net;", [], "`=> this.net` at a:5 (a field", "net"),  # noqa: E501 (one program per row, kept whole)
        ("java", f'static StackReference NET = {CS_NEW};\nObject f() {{ return NET.output("k"); }}', ["k"], "", "NET"),
        ("java", f"StackReference net;\nA() {{ this.net = {CS_NEW}; }}", [], "`this.net = new StackReference(", ""),
        # Go: a package-level variable (other files of the package are matched by the linker); a struct's field
        ("go", "var net *pulumi.StackReference\n\n" + GO_RUN % f'net, _ = {GO_NEW}\n\t_ = net.GetOutput(pulumi.String("k"))', ["k"], "", "net"),  # noqa: E501 (one program per row, kept whole)
        ("go", f"type S struct{{ net *pulumi.StackReference }}\n\nfunc (s *S) f(ctx *pulumi.Context) {{\n\ts.net, _ = {GO_NEW}\n}}", [], "`s.net` set at a (a struct", ""),  # noqa: E501 (one program per row, kept whole)
        ("go", GO_RUN % f"net, _ := {GO_NEW}\n\t_ = net", [], "", ""),
    ],
)  # fmt: skip
def test_go_csharp_java_values_and_fields(language: str, source: str, keys: list[str], why: str, shared: str) -> None:
    """A site no local variable holds, or one a field or package-level variable holds, is never silently
    complete: its reads are known (read on it, dropped, returned to binding calls) or open with the use."""
    wrap = {"csharp": CS_CLASS, "java": JAVA_CLASS, "go": GO_FILE}[language]
    found = site(language, wrap % source, "a")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open
    assert found.shared == shared


FS_FILE = "module M\nopen Pulumi\n%s\n"


@pytest.mark.parametrize(
    ("source", "why", "shared"),
    [
        ('let f () =\n    audit (StackReference("a/n/d"))', "`audit (StackReference(...))` at a:4", ""),
        ('let f () =\n    let all = [ StackReference("a/n/d") ]\n    all', "`[ StackReference(...) ]` at a:4", ""),
        (
            'let f () =\n    StackReference("a/n/d").GetOutput(input "k")',
            "`StackReference(...).GetOutput` at a:4",
            "",
        ),
        ('let net () = StackReference("a/n/d")', "`let net () = StackReference(...)` at a:3", ""),
        ('let net env = StackReference("a/n/" + env)', "", ""),  # returned to the calls that bind it
        ('let f () =\n    StackReference("a/n/d") |> ignore', "", ""),
        ('let net = StackReference("a/n/d")', "", "net"),  # a module's value: other files are matched by name
        ('let f () =\n    let net = new StackReference("a/n/d")\n    audit net', "`audit net` at a:5", ""),
    ],
)
def test_fsharp_values(source: str, why: str, shared: str) -> None:
    """An F# site bound to no name is open unless dropped or returned to the calls that bind it."""
    found = site("fsharp", FS_FILE % source, "a")
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open
    assert found.shared == shared


@pytest.mark.parametrize(
    ("language", "source", "keys", "why", "shared"),
    [
        ("python", "class C:\n    def __init__(self):\n        self.net = StackReference('a/n/d')\n"
         "    def vpc(self):\n        return self.net.get_output('k')\n", ["k"], "", "self.net"),
        ("python", "class C:\n    def __init__(self):\n        self.net = StackReference('a/n/d')\n"
         "c = C()\nx = c.net.get_output('k')\n", [], "`c.net.get_output(...)` at a:5 (an attribute", "self.net"),
        ("python", "class C:\n    net = StackReference('a/n/d')\nx = C.net.get_output('k')\n", [], "`C", "self.net"),
        ("python", "class C:\n    def f(self):\n        net = StackReference('a/n/d')\n        return 1\n", [], "", ""),
        ("typescript", "class C {\n  constructor() { this.net = new StackReference('a/n/d'); }\n}\n"
         "const x = new C().net.getOutput('k');\n", [], "`new C().net.getOutput` at a:4 (a property", "this.net"),
        ("typescript", "class C {\n  constructor() { this.net = new StackReference('a/n/d'); }\n"
         "  vpc() { return this.net.getOutput('k'); }\n}\n", ["k"], "", "this.net"),
    ],
)  # fmt: skip
def test_python_and_typescript_attributes(language: str, source: str, keys: list[str], why: str, shared: str) -> None:
    """A reference held in `self.net` / `this.net` is read through `self`/`this` in its file; a read on another
    object (`app.net`, `C.net`) is not followed, so it opens the reads; other files are matched by the linker."""
    found = site(language, source, "a")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open
    assert found.shared == shared


@pytest.mark.parametrize(
    ("language", "source", "why"),
    [
        ("python", "a = b = StackReference('a/n/d')\nx = a.get_output('k')\n", "`a = b = StackReference("),
        ("python", "refs = {}\nrefs['net'] = StackReference('a/n/d')\n", "`refs[...] = StackReference("),
        ("python", "net = StackReference('a/n/d')\nx = net.get_output('k')\n", ""),
        ("typescript", "const { outputs } = new StackReference('a/n/d');\n", "`{ outputs } = new Stack"),
        ("typescript", "refs['net'] = new StackReference('a/n/d');\n", "`refs[...] = new Stack"),
        ("typescript", "app.net = new StackReference('a/n/d');\n", "`app.net = new StackReference(...)` at a:1"),
        ("typescript", "let net;\nnet = new StackReference('a/n/d');\nnet.getOutput('k');\n", ""),
    ],
)  # fmt: skip
def test_a_reference_stored_where_its_uses_are_not_followed(language: str, source: str, why: str) -> None:
    """Stored in several names, a map's entry, a destructuring pattern or another object's member: open."""
    found = site(language, source, "a")
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open


REASSIGNED_PY = """import pulumi
net = pulumi.StackReference("acme/a/dev")
x = net.get_output("x")
net = pulumi.StackReference("acme/b/dev")
y = net.get_output("y")
"""
BRANCHED_PY = """import pulumi
if pulumi.get_stack() == "dev":
    net = pulumi.StackReference("acme/a/dev")
    x = net.get_output("x")
else:
    net = pulumi.StackReference("acme/b/dev")
    w = net.get_output("w")
y = net.get_output("y")
"""
NO_ELSE_PY = """import pulumi
net = pulumi.StackReference("acme/a/dev")
if pulumi.get_stack() == "prod":
    net = pulumi.StackReference("acme/b/dev")
    z = net.get_output("z")
y = net.get_output("y")
"""
RETURNED_PY = """import pulumi
def main(prod):
    net = pulumi.StackReference("acme/a/dev")
    if prod:
        net = pulumi.StackReference("acme/b/dev")
        pulumi.export("z", net.get_output("z"))
        return
    pulumi.export("y", net.get_output("y"))
main(True)
"""
LOOPED_PY = """import pulumi
for name in ["a", "b"]:
    if name == "b":
        y = net.get_output("y")
    net = pulumi.StackReference("acme/a/dev")
    x = net.get_output("x")
    net = pulumi.StackReference("acme/b/dev")
"""


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        (REASSIGNED_PY, [(2, ["x"], ""), (4, ["y"], "")]),
        (
            REASSIGNED_PY.replace('y = net.get_output("y")', 'def later():\n    return net.get_output("y")'),
            [
                (n, keys, "`net` is assigned more than once (p.py:4); `net` read at p.py:6")
                for n, keys in ((2, ["x"]), (4, []))
            ],
        ),
        (BRANCHED_PY, [(3, ["x", "y"], ""), (6, ["w", "y"], "")]),
        (NO_ELSE_PY, [(2, ["y"], ""), (4, ["y", "z"], "")]),
        (RETURNED_PY, [(3, ["y"], ""), (5, ["z"], "")]),
        (
            NO_ELSE_PY.replace("if pulumi", "with pulumi.ResourceOptions():\n    pass\nif pulumi"),
            [(2, ["y"], ""), (6, ["y", "z"], "")],
        ),
        (
            NO_ELSE_PY.replace("if pulumi", "try:\n    pass\nexcept Exception:\n    raise\nif pulumi"),
            [(2, ["y"], ""), (8, ["y", "z"], "")],
        ),
        (
            BRANCHED_PY.replace('    w = net.get_output("w")\n', "").replace(
                "if pulumi", "try:\n    n = 1\nexcept E:\n    n = 2\nif pulumi"
            ),
            [(7, ["x", "y"], ""), (10, ["y"], "")],
        ),
        (
            NO_ELSE_PY.replace('if pulumi.get_stack() == "prod":', "try:").replace(
                '    z = net.get_output("z")\n', "except E:\n    pass\n"
            ),
            [(n, [], "`net` is assigned more than once (p.py:4) in a `try`") for n in (2, 4)],
        ),
        (
            NO_ELSE_PY.replace('y = net.get_output("y")', 'ys = [net.get_output("y") for _ in range(2)]'),
            [(2, ["y"], ""), (4, ["y", "z"], "")],
        ),
        (
            NO_ELSE_PY + "def reset():\n    global net\n    net = None\n",
            [(n, [], "`net` is assigned more than once (p.py:4); `net` is also bound at p.py:8") for n in (2, 4)],
        ),
        (
            NO_ELSE_PY.replace("if pulumi", "for net in []:\n    pass\nif pulumi"),
            [(n, [], "`net` is assigned more than once (p.py:3), not only by `=`") for n in (2, 6)],
        ),
        (LOOPED_PY, [(n, [], "`net` is assigned more than once (p.py:5) in a loop") for n in (5, 7)]),
        (
            NO_ELSE_PY.replace("if pulumi", "while pulumi"),
            [(n, [], "`net` is assigned more than once (p.py:4) in a loop") for n in (2, 4)],
        ),
        (
            BRANCHED_PY.replace("import pulumi\n", "import pulumi\ndef f():\n    return net.get_output('v')\n"),
            [
                (n, keys, "`net` is assigned more than once (p.py:8); `net` read at p.py:3")
                for n, keys in ((5, ["x", "y"]), (8, ["w", "y"]))
            ],
        ),
    ],
)
def test_python_a_reassigned_name_charges_each_read_to_the_reference_it_holds(
    source: str, reads: list[tuple[int, list[str], str]]
) -> None:
    """`net = StackReference(a)`, `net.get_output("x")`, `net = StackReference(b)`, `net.get_output("y")`: "y" is
    b's (was charged to a as well: a false `check` error). After an `if` that assigns it in one arm or both, a read
    is charged to each reference the name may hold there (was: open); a read in an arm after its assignment is that
    arm's. When the order is not known (a loop, a `try`, a nested function) the reads are open."""
    sites = finder("python")(source, "p.py").sites
    got = [(s.line, list(s.outputs), s.reads_open) for s in sites]
    assert [(line, keys) for line, keys, _ in got] == [(line, keys) for line, keys, _ in reads]
    for (_, _, why), (_, _, expected) in zip(got, reads, strict=True):
        assert why.startswith(expected) and bool(why) == bool(expected), why


TS_REASSIGNED = """import * as pulumi from "@pulumi/pulumi";
let net = new pulumi.StackReference("acme/a/dev");
const x = net.getOutput("x");
net = new pulumi.StackReference("acme/b/dev");
const y = net.getOutput("y");
"""
TS_BRANCHED = """import * as pulumi from "@pulumi/pulumi";
let net;
if (pulumi.getStack() === "dev") {
    net = new pulumi.StackReference("acme/a/dev");
    const x = net.getOutput("x");
} else net = new pulumi.StackReference("acme/b/dev");
const y = net.getOutput("y");
"""
TS_NO_ELSE = """import * as pulumi from "@pulumi/pulumi";
let net = new pulumi.StackReference("acme/a/dev");
if (pulumi.getStack() === "prod") {
    net = new pulumi.StackReference("acme/b/dev");
    const z = net.outputs.z;
}
const y = net.getOutput("y");
"""
TS_RETURNED = """import * as pulumi from "@pulumi/pulumi";
function main(prod) {
    var net = new pulumi.StackReference("acme/a/dev");
    if (prod) {
        net = new pulumi.StackReference("acme/b/dev");
        return net.getOutput("z");
    }
    return net.getOutput("y");
}
main(true);
"""
TS_AGAIN = "`net` is assigned more than once (t:{})"


@pytest.mark.parametrize("language", ["typescript", "javascript"])
@pytest.mark.parametrize(
    ("source", "reads"),
    [
        (TS_REASSIGNED, [(2, ["x"], ""), (4, ["y"], "")]),
        (TS_BRANCHED, [(4, ["x", "y"], ""), (6, ["y"], "")]),
        (TS_NO_ELSE, [(2, ["y"], ""), (4, ["y", "z"], "")]),
        (TS_RETURNED, [(3, ["y"], ""), (5, ["z"], "")]),
        (
            TS_REASSIGNED + "export const f = () => net.getOutput('v');\n",
            [(n, k, TS_AGAIN.format(4) + "; `net` read at t:6 (not followed)") for n, k in ((2, ["x"]), (4, ["y"]))],
        ),
        (
            TS_NO_ELSE.replace('if (pulumi.getStack() === "prod")', "for (const k of [1])"),
            [(n, [], TS_AGAIN.format(4) + " in a loop") for n in (2, 4)],
        ),
        (
            TS_NO_ELSE.replace('if (pulumi.getStack() === "prod")', "try").replace("}\nconst y", "} catch {}\nconst y"),
            [(n, [], TS_AGAIN.format(4) + " in a `try`") for n in (2, 4)],
        ),
        (
            TS_REASSIGNED.replace("\nnet = new", "\npulumi.getStack() && (net = new").replace('b/dev");', 'b/dev"));'),
            [(n, [], TS_AGAIN.format(4) + " in an expression") for n in (2, 4)],
        ),
        (
            TS_NO_ELSE.replace(
                "if (pulumi",
                "const later = () => {\n    net = new pulumi.StackReference('acme/c/dev');\n};\nif (pulumi",
            ),
            [
                (n, k, TS_AGAIN.format(7) + "; `net` is also bound or assigned at t:4" if k == [] else "")
                for n, k in ((2, []), (4, ["y", "z"]), (7, []))
            ],  # the closure's own: every read, as before
        ),
    ],
)
def test_ts_a_reassigned_variable_charges_each_read_to_the_reference_it_may_hold(
    language: str, source: str, reads: list[tuple[int, list[str], str]]
) -> None:
    """`let net = new StackReference(a)`, `net.getOutput("x")`, `net = new StackReference(b)`, `net.getOutput("y")`:
    "y" is b's only (every read was charged to both: a false `check` error). After an `if` a read is charged to
    each reference the variable may hold; in a loop, a `try`, an expression or a nested function, open."""
    sites = finder(language)(source, "t").sites
    got = [(s.line, list(s.outputs), s.reads_open) for s in sites]
    assert [(line, keys) for line, keys, _ in got] == [(line, keys) for line, keys, _ in reads]
    for (_, _, why), (_, _, expected) in zip(got, reads, strict=True):
        assert why.startswith(expected) and bool(why) == bool(expected), why


@pytest.mark.parametrize(
    ("source", "shared"),
    [
        (REASSIGNED_PY, [(2, ""), (4, "net")]),  # was: both, the importers' reads charged to a as well
        (NO_ELSE_PY, [(2, "net"), (4, "net")]),  # either may be the one once the module has run
        (BRANCHED_PY, [(3, "net"), (6, "net")]),
        (NO_ELSE_PY.replace('    z = net.get_output("z")\n', "    raise SystemExit\n"), [(2, "net"), (4, "")]),
        (LOOPED_PY.replace("for name in", "net = None\nfor name in"), [(6, "net"), (8, "net")]),  # not known: both
        (REASSIGNED_PY + "def reset():\n    global net\n    net = None\n", [(2, "net"), (4, "net")]),
    ],
)
def test_python_a_module_name_reassigned_is_shared_by_the_references_it_may_hold_at_the_end(
    source: str, shared: list[tuple[int, str]]
) -> None:
    """`from refs import net` gets what `net` holds once refs.py has run: the last assignment in order."""
    assert [(s.line, s.shared) for s in finder("python")(source, "p.py").sites] == shared


SCOPED_PY = """import pulumi


def network():
    ref = pulumi.StackReference("acme/net/prod")
    return ref.get_output("vpc_id")


def database():
    ref = pulumi.StackReference("acme/db/prod")
    return ref.get_output("db_host")


ref = pulumi.StackReference("acme/dns/prod")
zone = ref.get_output("zone_id")


def shadowed(ref):
    return ref.get_output("not_dns")


def closure():
    return ref.get_output("dns_name")
"""


def test_python_local_names_are_their_own_function_s() -> None:
    """A name holding a reference in a function is that function's own: two helpers each reading `ref` (a
    local of each, as the classmethod `VcnRef.from_stack_reference` of enricopesce/cloudspells and many
    real programs do) had their keys merged, so `check` said each stack lacked the other's output. A
    module-level `ref` is read in a function that does not bind the name (a closure), not in one whose
    parameter is `ref`."""
    found = {s.line: s for s in finder("python")(SCOPED_PY, "p.py").sites}
    assert {line: list(s.outputs) for line, s in found.items()} == {
        5: ["vpc_id"],
        10: ["db_host"],
        14: ["dns_name", "zone_id"],
    }
    assert not any(s.reads_open for s in found.values())
