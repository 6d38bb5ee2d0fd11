"""Shapes of export a program file may use, read by each language's exporter: which keys it exports, and when
its set is open (nothing is then claimed missing). One source text per row, read as the front-end reads it."""

from __future__ import annotations

import pytest

from stackgraph.inference import ir
from stackgraph.inference.frontends.csharp import CSharpFinder
from stackgraph.inference.frontends.fsharp import FSharpFinder
from stackgraph.inference.frontends.golang import GoFinder
from stackgraph.inference.frontends.java import JavaFinder
from stackgraph.inference.frontends.treesitter import parse
from stackgraph.inference.frontends.typescript.finder import TypeScriptFinder

FINDERS = {"typescript": TypeScriptFinder, "csharp": CSharpFinder, "go": GoFinder, "java": JavaFinder}
CS_HEAD = "using System.Collections.Generic;\nusing Pulumi;\nreturn await Deployment.RunAsync(() =>\n"
BOTH = ["missingKey", "present"]
JAVA_HEAD = "class App { void stack(Context ctx) {\n  "
GO_HEAD = 'package main\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\nfunc main() {\n'


def exported(language: str, source: str) -> tuple[ir.Exported, ...]:
    return FINDERS[language].exported(parse(language, source))


def keys(language: str, source: str) -> list[str] | str:
    """The keys exported, or "open" when any export cannot be read."""
    found = exported(language, source)
    return "open" if any(e.open for e in found) else sorted(e.name for e in found)


@pytest.mark.parametrize(
    ("language", "source", "want"),
    [
        # a named default-export function is the program's function, as the anonymous form (not a key `main`)
        ("typescript", "export default function main() { return { present: 1, missingKey: 2 }; }", BOTH),
        ("typescript", "export default function () { return { present: 1 }; }", ["present"]),
        ("typescript", "export default async function main(): Promise<Record<string, any>> {\n  const x = 1;\n"
                       "  return { present: x, missingKey: 2 };\n}", BOTH),
        ("typescript", "export default class Main {}", "open"),
        # `export import` (a TS alias of a namespace member) exports the alias
        ("typescript", 'import vpc = require("./vpc");\nexport import present = vpc.net;\n', ["present"]),
        ("typescript", "export default <any>{ a: 1 };", "open"),
        ("typescript", "export function helper() { return 1; }", ["helper"]),
        # `export * as k from` exports one key, a namespace object; `export * from` is open
        ("typescript", 'export * as missingKey from "./outputs";\nexport const present = 1;', BOTH),
        ("typescript", 'export * from "./outputs";', "open"),
        # a dictionary built from another holds the other's entries too
        ("csharp", CS_HEAD + 'new Dictionary<string, object?>(d) { ["present"] = 1 });', "open"),
        ("csharp", CS_HEAD + "new Dictionary<string, object?>(d));", "open"),
        ("csharp", CS_HEAD + 'new Dictionary<string, object?>(StringComparer.Ordinal) { ["present"] = 1 });', "open"),
        ("csharp", CS_HEAD + 'new Dictionary<string, object?>() { ["present"] = 1 });', ["present"]),
        # a commented-out entry is no entry
        ("csharp", CS_HEAD + 'new Dictionary<string, object?>\n{\n  ["present"] = 1,\n  // ["missingKey"] = 2,\n});',
         ["present"]),
        ("csharp", CS_HEAD + 'new Dictionary<string, object?>\n{\n    ["present"] = 1, /* ["gone"] = 2, */\n});',
         ["present"]),
        # `ctx.Export` taken as a value exports under names not read here
        ("go", GO_HEAD + 'pulumi.Run(func(pctx *pulumi.Context) error {\n  exp := pctx.Export\n'
               '  exp("missingKey", pulumi.String("x"))\n  pctx.Export("present", pulumi.String("y"))\n'
               "  return nil\n})\n}\n", "open"),
        ("go", GO_HEAD + "pulumi.Run(func(ctx *pulumi.Context) error {\n  ctx.Export(\"present\", pulumi.Int(1))\n"
               "  return nil\n})\n}\n", ["present"]),
        # `ctx::export` (a method reference) exports under names not read here
        ("java", JAVA_HEAD + 'outputs.forEach(ctx::export);\n  ctx.export("present", o);\n}}', "open"),
        ("java", JAVA_HEAD + 'list.forEach(App::exportAll);\n  ctx.export("present", o);\n}}', ["present"]),
    ],
)  # fmt: skip
def test_the_keys_a_file_exports(language: str, source: str, want: list[str] | str) -> None:
    assert keys(language, source) == want


FS_RUN = "\n[<EntryPoint>]\nlet main _ = Deployment.run infra\n"


@pytest.mark.parametrize(
    ("source", "names", "is_open"),
    [
        # mastoj/sweetspot, Sweetspot.Infrastructure.Core/Program.fs: `dict ([ ... ] @ topicOutputs)`: the keys of
        # the literal list are exported, the appended list's are not known
        ('let infra () =\n    dict\n        ([\n            ("kubeconfig", k :> obj)\n'
         '            ("location", l :> obj)\n        ] @ topicOutputs)' + FS_RUN, ["kubeconfig", "location"], True),
        # a list in parentheses, or piped into dict, is the same literal
        ('let infra () =\n    dict ([ ("kubeconfig", k :> obj) ])' + FS_RUN, ["kubeconfig"], False),
        ('let infra () =\n    [ "kubeconfig", k :> obj; "location", l :> obj ] |> dict' + FS_RUN,
         ["kubeconfig", "location"], False),
        ('let infra () =\n    dict ([ "a", a :> obj ] @ [ "b", b :> obj ])' + FS_RUN, ["a", "b"], False),
        # mastoj/sweetspot, Sweetspot.Infrastructure.Application/Program.fs: lists built at run time stay open
        ("let infra () =\n    [ infrastructureOutput; appsOutput ]\n    |> List.concat\n    |> dict" + FS_RUN,
         [], True),
        ('let infra () =\n    dict (extra @ [ "a", a :> obj ])' + FS_RUN, ["a"], True),
    ],
)  # fmt: skip
def test_fsharp_dict_of_joined_or_piped_lists(source: str, names: list[str], is_open: bool) -> None:
    found = FSharpFinder.exported(parse("fsharp", source))
    assert sorted(e.name for e in found if not e.open) == names
    assert any(e.open for e in found) is is_open
