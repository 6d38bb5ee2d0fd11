"""A project whose `main` names the folder of a project it holds (`main: inner`, `inner/Pulumi.yaml`) runs the
program of that folder: its StackReferences are this project's too, in every language (pulumi/examples'
aws-cs-lambda and aws-fs-lambda-webserver are laid out so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

CS = 'using Pulumi;\nawait Deployment.RunAsync(() => { var r = new StackReference("acme/net/dev"); });\n'
GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\t_, err := pulumi.NewStackReference(ctx, "acme/net/dev", nil)
\t\treturn err
\t})
}
"""
PROGRAMS = {
    "dotnet": {"Inner.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n', "Program.cs": CS},
    "go": {"go.mod": "module example.com/inner\n\ngo 1.21\n", "main.go": GO},
    "python": {"__main__.py": 'import pulumi\npulumi.StackReference("acme/net/dev")\n'},
    "nodejs": {"index.ts": 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.StackReference("acme/net/dev");\n'},
}
YAML_PROGRAM = "resources:\n  r:\n    type: pulumi:pulumi:StackReference\n    properties:\n      name: acme/net/dev\n"


def _spec(runtime: str) -> dict[str, object]:
    spec: dict[str, object] = {
        "net/Pulumi.yaml": project("net", runtime="yaml"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime=runtime, main="inner"),
        "app/Pulumi.dev.yaml": stack(),
        "app/inner/Pulumi.dev.yaml": stack(),
    }
    if runtime == "yaml":
        spec["app/inner/Pulumi.yaml"] = "name: inner\nruntime: yaml\n" + YAML_PROGRAM
    else:
        spec["app/inner/Pulumi.yaml"] = project("inner", runtime=runtime)
        spec.update({f"app/inner/{k}": v for k, v in PROGRAMS[runtime].items()})
    return spec


@pytest.mark.parametrize("runtime", ["dotnet", "go", "python", "nodejs", "yaml"])
def test_a_main_in_a_held_project_reads_that_program_for_both(tmp_path: Path, runtime: str) -> None:
    repo = scan(write_repo(tmp_path / "repo", _spec(runtime)))
    edges = sorted((e.dependent, e.dependency) for e in repo.edges)
    assert edges == [("app/dev", "net/dev"), ("inner/dev", "net/dev")]
    assert [d.message for d in repo.diagnostics if d.file == "app/Pulumi.yaml"] == []


@pytest.mark.parametrize(
    ("runtime", "main", "files"),
    [
        ("python", "inner/app.py", {"app.py": "import refs\n", "refs.py": PROGRAMS["python"]["__main__.py"]}),
        ("nodejs", "inner/main.ts", {"main.ts": PROGRAMS["nodejs"]["index.ts"]}),
    ],
)
def test_a_main_file_in_a_held_project_is_read_with_its_modules(
    tmp_path: Path, runtime: str, main: str, files: dict[str, str]
) -> None:
    spec = {
        "net/Pulumi.yaml": project("net", runtime="yaml"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime=runtime, main=main),
        "app/Pulumi.dev.yaml": stack(),
        "app/inner/Pulumi.yaml": project("inner", runtime=runtime, main=main.removeprefix("inner/")),
        **{f"app/inner/{k}": v for k, v in files.items()},
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev")]
    assert [d.message for d in repo.diagnostics if d.file == "app/Pulumi.yaml"] == []


@pytest.mark.parametrize("main", ["src", "src/App.csproj"])
def test_a_dotnet_main_folder_follows_the_references_of_its_project_file(tmp_path: Path, main: str) -> None:
    refs = "using Pulumi;\npublic static class Refs {\n"
    refs += '    public static StackReference Make() => new StackReference("acme/net/dev");\n}\n'
    csproj = '<Project><ItemGroup><ProjectReference Include="../../lib/Lib.csproj" /></ItemGroup></Project>\n'
    spec = {
        "net/Pulumi.yaml": project("net", runtime="yaml"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="dotnet", main=main),
        "app/Pulumi.dev.yaml": stack(),
        "app/src/App.csproj": csproj,
        "app/src/Program.cs": "using Pulumi;\nawait Deployment.RunAsync(() => { Refs.Make(); });\n",
        "lib/Lib.csproj": "<Project></Project>\n",
        "lib/Refs.cs": refs,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev")]
