"""Names a program gives its own meaning: `get_stack()` / `getStack()` of the program (not Pulumi's), and a class
of its own named `StackReference` beside Pulumi's. Found on real repositories (a helper `get_stack()` returning
`pulumi.get_stack().split("-")[0]`; a `class StackReference` pooling `new pulumi.StackReference(..)`): the first
gave a wrong target without a word, the second hid every StackReference of the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.inference.sources import finder
from tests.helpers.clirun import cli


def _repo(tmp_path: Path, runtime: str, files: dict[str, str]) -> Path:
    """Project `app` (stack prod-aws) with `files`, and project `net` with stacks prod and prod-aws."""
    for name, stacks in (("app", ["prod-aws"]), ("net", ["prod", "prod-aws"])):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in stacks:
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / "net" / ("__main__.py" if runtime == "python" else "index.ts")).write_text("\n")
    for rel, text in files.items():
        (tmp_path / "app" / rel).write_text(text)
    return tmp_path


def _targets(root: Path) -> dict[str, str | None]:
    """The target each site names, as org/project/stack."""
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    return {r["site"]: "/".join(r["target"].values()) if r["target"] else None for r in refs}


HELPER_PY = "import pulumi\ndef get_stack():\n    return pulumi.get_stack().split('-')[0]\n"


def test_python_a_get_stack_of_the_program_is_its_own(tmp_path: Path) -> None:
    main = (
        "import pulumi\nimport helpers\nfrom helpers import get_stack\nfrom pulumi import get_project\n"
        "a = pulumi.StackReference(f'organization/net/{get_stack()}')\n"  # imported from helpers
        "b = pulumi.StackReference(f'organization/net/{helpers.get_stack()}')\n"  # through the module
        "c = pulumi.StackReference(f'organization/net/{pulumi.get_stack()}')\n"  # Pulumi's
        "d = pulumi.StackReference(f'organization/{get_project()}x/{pulumi.get_stack()}')\n"  # Pulumi's, imported
        "def get_organization():\n    return 'acme'\n"
        "e = pulumi.StackReference(f'{get_organization()}/net/{pulumi.get_stack()}')\n"  # this file's
    )
    found = _targets(_repo(tmp_path, "python", {"__main__.py": main, "helpers.py": HELPER_PY}))
    assert found == {
        "app/__main__.py:5": "organization/net/prod",
        "app/__main__.py:6": "organization/net/prod",
        "app/__main__.py:7": "organization/net/prod-aws",
        "app/__main__.py:8": "organization/appx/prod-aws",
        "app/__main__.py:11": "acme/net/prod-aws",
    }


HELPER_TS = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    'export function getStack() { return pulumi.getStack().split("-")[0]; }\n'
)


def test_typescript_a_get_stack_of_the_program_is_its_own(tmp_path: Path) -> None:
    main = (
        'import * as pulumi from "@pulumi/pulumi";\nimport { getStack } from "./helpers";\n'
        'import * as h from "./helpers";\nimport { getProject } from "@pulumi/pulumi";\n'
        "const a = new pulumi.StackReference(`organization/net/${getStack()}`);\n"
        "const b = new pulumi.StackReference(`organization/net/${h.getStack()}`);\n"
        "const c = new pulumi.StackReference(`organization/net/${pulumi.getStack()}`);\n"
        "const d = new pulumi.StackReference(`organization/${getProject()}x/${pulumi.getStack()}`);\n"
        'function getOrganization() { return "acme"; }\n'
        "const e = new pulumi.StackReference(`${getOrganization()}/net/${pulumi.getStack()}`);\n"
    )
    files = {"index.ts": main, "helpers.ts": HELPER_TS, "package.json": '{"name": "app", "main": "index.ts"}'}
    found = _targets(_repo(tmp_path, "nodejs", files))
    assert found == {
        "app/index.ts:5": "organization/net/prod",
        "app/index.ts:6": "organization/net/prod",
        "app/index.ts:7": "organization/net/prod-aws",
        "app/index.ts:8": "organization/appx/prod-aws",
        "app/index.ts:10": "acme/net/prod-aws",
    }


@pytest.mark.parametrize(
    ("language", "source", "lines"),
    [
        (
            "typescript",
            'import * as pulumi from "@pulumi/pulumi";\nclass StackReference {}\n'
            'const net = new pulumi.StackReference("org/network/dev");\nconst mine = new StackReference();\n',
            [3],
        ),
        (
            "typescript",
            "import * as pulumi from '@pulumi/pulumi'\nexport class StackReference {\n"
            "  static pool: Record<string, pulumi.StackReference> = {}\n"
            "  static get(name: string) {\n"
            "    return this.pool[name] ?? (this.pool[name] = new pulumi.StackReference(name, { name }))\n  }\n}\n",
            [5],
        ),
        (
            "python",
            "import pulumi\nclass StackReference:\n    pass\n"
            "net = pulumi.StackReference('org/network/dev')\nmine = StackReference()\n",
            [4],
        ),
    ],
)
def test_a_class_of_the_file_named_stack_reference_hides_only_itself(
    language: str, source: str, lines: list[int]
) -> None:
    facts = finder(language)(source, "f")
    assert [s.line for s in facts.sites] == lines


CS_COLOR = """using Pulumi;
class Env { public string Name { get; init; } = "dev"; }
class Cfg { public Env Env { get; init; } = new(); }
class MyStack : Stack
{
    private Env Env { get; } = new Env { Name = Deployment.Instance.StackName };
    public MyStack(Cfg config)
    {
        var a = new StackReference($"org/net/{Env.Name}");
        var b = new StackReference($"org/net/{config.Env.Name}");
        var c = new StackReference($"org/net/{this.Env.Name}");
    }
}
"""


def test_csharp_a_member_of_an_object_is_not_the_default_of_its_class(tmp_path: Path) -> None:
    """`Env.Name` where `Env` is a property of type `Env` (C#'s "Color Color"), `config.Env.Name` and
    `this.Env.Name` read objects: never the class's default `"dev"` (a wrong target for prod, found on a real
    program); they are unresolved, with the reason."""
    for name in ("app", "net"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: dotnet\n")
        for stack in ("dev", "prod"):
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / "app" / "Program.cs").write_text(CS_COLOR)
    (tmp_path / "net" / "Program.cs").write_text("class P {}\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    assert sorted({r["site"] for r in refs}) == ["app/Program.cs:10", "app/Program.cs:11", "app/Program.cs:9"]
    assert all(not r["resolved"] and "a member of a run-time value" in r["reason"] for r in refs), refs


@pytest.mark.parametrize(
    ("language", "source"),
    [
        (
            "go",
            'package main\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\ntype Cfg struct{ env string }\n'
            'func (c Cfg) Stack() string { return "shared" }\n'
            "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tcfg := Cfg{}\n"
            '\t\t_, err := pulumi.NewStackReference(ctx, "org/net/"+cfg.Stack(), nil)\n'
            '\t\t_, err = pulumi.NewStackReference(ctx, "org/db/"+ctx.Stack(), nil)\n\t\treturn err\n\t})\n}\n',
        ),
        (
            "java",
            "import com.pulumi.Context;\nimport com.pulumi.resources.StackReference;\n"
            'class Cfg { String stackName() { return "shared"; } }\n'
            "class App {\n  static void stack(Context ctx, Cfg cfg) {\n"
            '    new StackReference("org/net/" + cfg.stackName());\n'
            '    new StackReference("org/db/" + ctx.stackName());\n  }\n}\n',
        ),
    ],
)
def test_a_method_of_the_file_named_like_pulumis_is_its_own(language: str, source: str) -> None:
    """`cfg.Stack()` / `cfg.stackName()` of a type the file declares is not the current stack."""
    first, second = finder(language)(source, "f").sites
    assert "CurrentStack" not in repr(first.name), first.name
    assert "CurrentStack" in repr(second.name), second.name
