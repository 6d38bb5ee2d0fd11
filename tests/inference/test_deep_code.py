"""Code nested or chained deeper than the finders go is said, never a crash.

Was: a Go or TS/JS function setting one name in hundreds of `if`s in a row (a generated lookup, a long
`if stack == ..` chain) took Python's recursion limit in the tree-sitter finders: `plan` ended with exit 3
("unexpected error: RecursionError"), for the whole repository. The file is now reported as one that cannot
be read, naming it, with its StackReferences not read (`--strict` fails on it), as Python files nested too
deeply already were; the other projects are planned as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import cli

N = 400

GO = (
    'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\nfunc main() {\n'
    '\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\ts := "acme/net/"\n'
    + "".join(f'\t\tif ctx.Stack() == "s{i}" {{\n\t\t\ts = "acme/n{i}/"\n\t\t}}\n' for i in range(N))
    + "\t\t_, err := pulumi.NewStackReference(ctx, s+ctx.Stack(), nil)\n\t\treturn err\n\t})\n}\n"
)
TS = (
    'import * as pulumi from "@pulumi/pulumi";\nlet s = "acme/net/";\n'
    + "".join(f'if (pulumi.getStack() == "s{i}") {{ s = "acme/n{i}/"; }}\n' for i in range(N))
    + "export const ref = new pulumi.StackReference(s + pulumi.getStack());\n"
)


@pytest.mark.parametrize(
    ("runtime", "name", "text"),
    [("go", "main.go", GO), ("nodejs", "index.ts", TS)],
)
def test_a_file_too_deep_to_read_is_said_and_the_rest_is_planned(
    tmp_path: Path, runtime: str, name: str, text: str
) -> None:
    for project, files in (("app", {name: text}), ("net", {})):
        (tmp_path / project).mkdir()
        (tmp_path / project / "Pulumi.yaml").write_text(f"name: {project}\nruntime: {runtime if files else 'yaml'}\n")
        (tmp_path / project / "Pulumi.dev.yaml").write_text("config: {}\n")
        for file, content in files.items():
            (tmp_path / project / file).write_text(content)
    if runtime == "go":
        (tmp_path / "app" / "go.mod").write_text("module app\n\ngo 1.21\n")
    out = cli("plan", tmp_path)
    assert out.code == 0, out.stderr
    assert f"app/{name}: cannot read: its code nests or chains too deeply; its StackReferences are not read" in (
        out.stderr
    )
    assert "app/dev" in out.stdout and "net/dev" in out.stdout
    strict = cli("plan", tmp_path, "--strict")
    assert strict.code == 1 and "could not be read (--strict)" in strict.stderr
