"""The name argument of a StackReference as evidence (`Site.text`, the detail of an edge): the literals the name is
built from stay as written, any other literal is `...` (it may be a secret), and all are `...` when the code around
them says secret (quoting.py)."""

from __future__ import annotations

import ast

import pytest

from stackgraph.inference.sources import finder

PY_HEAD = "import pulumi, vault\ncfg = pulumi.Config()\nstack = pulumi.get_stack()\n"
TS_HEAD = (
    'import * as pulumi from "@pulumi/pulumi";\nconst cfg = new pulumi.Config();\nconst stack = pulumi.getStack();\n'
)
GO = (
    'package main\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\nfunc main() {\n'
    "  pulumi.Run(func(ctx *pulumi.Context) error {\n    r, _ := %s\n    return nil\n  })\n}\n"
)
CS = "using Pulumi;\nreturn await Deployment.RunAsync(() => {\n    var r = %s;\n});\n"
JAVA = "import com.pulumi.Pulumi;\npublic class App { public static void main(String[] a) { Pulumi.run(ctx -> {\n%s;\n}); } }\n"  # noqa: E501 (one program, kept whole)
FS = "module Program\nopen Pulumi\nlet infra () =\n    let r = %s\n    dict []\n"

CASES = [
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference(f"acme/net/{stack}")\n', 'f"acme/net/{stack}"'),
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference("acme/" + "net/" + stack)\n', '"acme/" + "net/" + stack'),
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference(cfg.get("net") or "acme/net/dev")\n',
     'cfg.get("net") or "acme/net/dev"'),
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference(cfg.require_secret("net"))\n', "cfg.require_secret(...)"),
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference("acme/net/dev" if vault.ok("sk-1") else "acme/net/x")\n',
     '"acme/net/dev" if vault.ok(...) else "acme/net/x"'),
    ("python", "a.py", PY_HEAD + 'r = pulumi.StackReference(("acme/net/" + stack).replace("sk-2", ""))\n',
     '("acme/net/" + stack).replace(..., "")'),  # what `replace` removes is no part of the name
    ("typescript", "a.ts", TS_HEAD + "const r = new pulumi.StackReference(`acme/net/${stack}`);\n",
     "`acme/net/${stack}`"),
    ("typescript", "a.ts", TS_HEAD + 'const r = new pulumi.StackReference(cfg.requireSecret("net"));\n',
     "cfg.requireSecret(...)"),
    ("typescript", "a.ts", TS_HEAD + 'const r = new pulumi.StackReference(`acme/net/${vault("sk-3")}`);\n', "..."),
    ("go", "m.go", GO % 'pulumi.NewStackReference(ctx, fmt.Sprintf("acme/net/%s", ctx.Stack()), nil)',
     'fmt.Sprintf("acme/net/%s", ctx.Stack())'),
    ("go", "m.go", GO % 'pulumi.NewStackReference(ctx, "r", &pulumi.StackReferenceArgs{Name: pulumi.ToSecret("a")})',
     "pulumi.ToSecret(...)"),
    ("csharp", "P.cs", CS % 'new StackReference($"acme/net/{Deployment.Instance.StackName}")',
     '$"acme/net/{Deployment.Instance.StackName}"'),
    ("csharp", "P.cs", CS % 'new StackReference(Lookup("sk-4") ?? "acme/net/dev")', "Lookup(...) ?? ..."),
    ("java", "A.java", JAVA % 'var r = new StackReference(String.format("acme/net/%s", ctx.stackName()))',
     'String.format("acme/net/%s", ctx.stackName())'),
    ("java", "A.java", JAVA % 'var r = new StackReference("r", StackReferenceArgs.builder().name('
     'ctx.config().requireSecret("n")).build())', "ctx.config().requireSecret(...)"),
    ("fsharp", "P.fs", FS % 'StackReference(sprintf "acme/net/%s" (Deployment.Instance.StackName))',
     'sprintf "acme/net/%s" (Deployment.Instance.StackName)'),
]  # fmt: skip


@pytest.mark.parametrize(("language", "file", "source", "shown"), CASES)
def test_the_name_as_written_keeps_only_the_literals_of_the_name(
    language: str, file: str, source: str, shown: str
) -> None:
    (site,) = finder(language)(source, file).sites
    assert site.text == shown


def test_a_python_shape_spans_lines_and_nodes_the_front_end_made() -> None:
    from stackgraph.inference.frontends.python.syntax import shape

    source = 'x = f(a, "s",\n      3, True, None, f"{b}c")\n'
    call = ast.parse(source).body[0].value  # type: ignore[attr-defined]  # an Assign
    assert shape(call, source.encode().splitlines(keepends=True)) == "f(a, ..., ..., True, None, ...)"
    assert shape(call, None) == "f(a, ..., ..., True, None, ...)"  # from ast.unparse
    assert shape(ast.Call(ast.Name("g"), [ast.Constant("s")], []), None) == "g(...)"
