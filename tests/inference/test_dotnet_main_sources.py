"""A .NET project whose `main` names a folder (`main: app`) or a project file (`main: src/App.csproj`) runs that
project file: `dotnet run` compiles the sources under its folder, those it names in `<Compile Include>` and those of
the projects it references, never a stale Program.cs beside Pulumi.yaml (pulumi/examples aws-cs-lambda). Such a
file's StackReference is an info `not-imported` naming why, never an edge, never silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import DiagnosticCode, Repo, Severity
from tests.helpers.repo_builder import project, stack, write_repo

CSPROJ = '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'
PROGRAM = 'using Pulumi;\nawait Deployment.RunAsync(() => { var r = new StackReference("acme/net/dev"); });\n'
STALE = 'using Pulumi;\nclass Old { void M() { var r = new StackReference("acme/other/dev"); } }\n'
REFS = "using Pulumi;\npublic static class Refs {\n"
REFS += '    public static StackReference Make() => new StackReference("acme/db/dev");\n}\n'


def _targets(**extra: object) -> dict[str, object]:
    """The stacks the programs reference (net, other, db), and `extra` files."""
    spec: dict[str, object] = {}
    for name in ("net", "other", "db"):
        spec[f"{name}/Pulumi.yaml"] = project(name, runtime="yaml")
        spec[f"{name}/Pulumi.dev.yaml"] = stack()
    spec.update(extra)
    return spec


def _edges(repo: Repo) -> list[tuple[str, str]]:
    return sorted((e.dependent, e.dependency) for e in repo.edges)


def _notes(repo: Repo, code: DiagnosticCode) -> list[tuple[Severity, str | None, int | None, str]]:
    return [(d.severity, d.file, d.line, d.message) for d in repo.diagnostics if d.code is code]


@pytest.mark.parametrize("main", ["app", "app/", "app/App.csproj"])
def test_a_stale_file_beside_pulumi_yaml_is_no_edge_and_says_why(tmp_path: Path, main: str) -> None:
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet", main=main),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/Old.cs": STALE,
        "cs/app/App.csproj": CSPROJ,
        "cs/app/Program.cs": PROGRAM,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("cs/dev", "net/dev")]
    [(severity, file, line, message)] = _notes(repo, DiagnosticCode.NOT_IMPORTED)
    assert (severity, file, line) == (Severity.INFO, "cs/Old.cs", 2)
    assert f"outside `main: {main}`: dotnet builds cs/app/App.csproj" in message
    assert message.startswith("StackReference in a file `dotnet run` does not compile")


def test_a_main_project_file_in_a_subfolder_reads_that_folder_only(tmp_path: Path) -> None:
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet", main="src/App.csproj"),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/Program.cs": STALE,
        "cs/tools/Seed.cs": STALE.replace("Old", "Seed"),
        "cs/src/App.csproj": CSPROJ,
        "cs/src/Program.cs": PROGRAM,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("cs/dev", "net/dev")]
    assert [(f, n) for _, f, n, _ in _notes(repo, DiagnosticCode.NOT_IMPORTED)] == [
        ("cs/Program.cs", 2),
        ("cs/tools/Seed.cs", 2),
    ]


def test_a_file_in_a_subfolder_of_main_is_read(tmp_path: Path) -> None:
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet", main="app"),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/Old.cs": STALE,
        "cs/app/App.csproj": CSPROJ,
        "cs/app/Program.cs": "using Pulumi;\nawait Deployment.RunAsync(() => { Refs.Make(); });\n",
        "cs/app/Stacks/Refs.cs": REFS,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("cs/dev", "db/dev")]
    assert [f for _, f, _, _ in _notes(repo, DiagnosticCode.NOT_IMPORTED)] == ["cs/Old.cs"]


@pytest.mark.parametrize(
    "include",
    [
        "../../../shared/Refs.cs",
        "..\\..\\..\\shared\\Refs.cs",
        "../../../shared/**/*.cs",
        "../Refs.cs;../../../shared/Refs.cs",
    ],
)
def test_a_compile_include_reaching_outside_the_folder_is_read(tmp_path: Path, include: str) -> None:
    csproj = f'<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <Compile Include="{include}" />\n'
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet", main="app/src"),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/app/Refs.cs": STALE,  # included by the last case only
        "cs/app/src/App.csproj": csproj + "  </ItemGroup>\n</Project>\n",
        "cs/app/src/Program.cs": "using Pulumi;\nawait Deployment.RunAsync(() => { Refs.Make(); });\n",
        "shared/Refs.cs": REFS,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    both = ";" in include
    assert _edges(repo) == [("cs/dev", "db/dev"), *([("cs/dev", "other/dev")] if both else [])]
    assert [f for _, f, _, _ in _notes(repo, DiagnosticCode.NOT_IMPORTED)] == ([] if both else ["cs/app/Refs.cs"])
    assert _notes(repo, DiagnosticCode.NOT_FOLLOWED) == []


@pytest.mark.parametrize(
    ("include", "why"),
    [
        ("../shared/Gone.cs", "not in the repository (missing or skipped)"),
        ("../../../elsewhere/Refs.cs", "outside the repository"),
        ("$(SharedDir)/Refs.cs", "written with an MSBuild property"),
    ],
)
def test_a_compile_include_that_cannot_be_read_says_so(tmp_path: Path, include: str, why: str) -> None:
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet", main="app"),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/app/App.csproj": f'<Project>\n  <ItemGroup><Compile Include="{include}" /></ItemGroup>\n</Project>\n',
        "cs/app/Program.cs": PROGRAM,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("cs/dev", "net/dev")]
    assert _notes(repo, DiagnosticCode.NOT_FOLLOWED) == [
        (Severity.WARNING, "cs/app/App.csproj", 2, f"compiles {include}, {why}: it is not read")
    ]


def test_without_main_every_file_of_the_folder_is_read_and_its_includes_too(tmp_path: Path) -> None:
    csproj = '<Project>\n  <ItemGroup><Compile Include="../shared/Refs.cs" /></ItemGroup>\n</Project>\n'
    spec = _targets(**{
        "cs/Pulumi.yaml": project("cs", runtime="dotnet"),
        "cs/Pulumi.dev.yaml": stack(),
        "cs/App.csproj": csproj,
        "cs/Program.cs": "using Pulumi;\nawait Deployment.RunAsync(() => { Refs.Make(); });\n",
        "cs/Old.cs": STALE,
        "cs/app/Net.cs": 'using Pulumi;\nclass Net { void M() { var r = new StackReference("acme/net/dev"); } }\n',
        "shared/Refs.cs": REFS,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("cs/dev", "db/dev"), ("cs/dev", "net/dev"), ("cs/dev", "other/dev")]
    assert _notes(repo, DiagnosticCode.NOT_IMPORTED) == []


def test_an_fsharp_main_folder_leaves_a_stale_root_file_out(tmp_path: Path) -> None:
    fsproj = '<Project>\n  <ItemGroup><Compile Include="Program.fs" /></ItemGroup>\n</Project>\n'
    program = 'open Pulumi\n\nlet infra () =\n    let net = StackReference("acme/net/dev")\n    dict []\n'
    spec = _targets(**{
        "fs/Pulumi.yaml": project("fs", runtime="dotnet", main="app"),
        "fs/Pulumi.dev.yaml": stack(),
        "fs/Old.fs": program.replace("acme/net/dev", "acme/other/dev"),
        "fs/app/App.fsproj": fsproj,
        "fs/app/Program.fs": program,
    })  # fmt: skip
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert _edges(repo) == [("fs/dev", "net/dev")]
    assert [(f, n) for _, f, n, _ in _notes(repo, DiagnosticCode.NOT_IMPORTED)] == [("fs/Old.fs", 4)]
