"""C# StackReferences under `#if` / `#elif` / `#else`: which branch is compiled depends on the symbols the build
defines (DEBUG for `dotnet run`'s default Debug configuration, the project's DefineConstants, `-p:` options), which
the scan does not know. Each such site is reported unknown at its line, naming the condition; a site outside any
`#if` (a `#region` too) is read as before.

Before, both branches were read: `#if DEBUG` net/prod `#else` net/dev gave an edge to each, one of them wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Reference
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def references(tmp_path: Path, body: str) -> list[Reference]:
    program = f"using Pulumi;\n\nawait Deployment.RunAsync(() =>\n{{\n{body}\n}});\n"
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod")},
            "app/Pulumi.yaml": project("app", runtime="dotnet"),
            "app/Pulumi.dev.yaml": stack(),
            "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
            "app/Program.cs": program,
        },
    )
    return sorted(scan(root).references, key=lambda r: r.line)


def test_the_branches_of_an_if_directive_are_reported(tmp_path: Path) -> None:
    body = (
        "#if DEBUG && !CI\n"
        '    var a = new StackReference("acme/networking/prod");\n'
        "#elif RELEASE\n"
        '    var b = new StackReference("acme/networking/prod");\n'
        "#else\n"
        '    var c = new StackReference("acme/networking/dev");\n'
        "#endif\n"
        "#region refs\n"
        '    var d = new StackReference("acme/networking/dev");\n'
        "#endregion"
    )
    refs = references(tmp_path, body)
    assert [(r.line, r.target_id) for r in refs] == [(6, None), (8, None), (10, None), (13, "networking/dev")]
    assert all("#if DEBUG && !CI" in r.reason for r in refs[:3])


def test_an_if_directive_around_the_program_is_reported(tmp_path: Path) -> None:
    body = '#if NET8_0_OR_GREATER\n    var a = new StackReference("acme/networking/dev");\n#endif'
    (ref,) = references(tmp_path, body)
    assert (ref.line, ref.resolved) == (6, False)
    assert "#if NET8_0_OR_GREATER" in ref.reason and "symbols" in ref.reason


@pytest.mark.parametrize("directive", ["#nullable enable", "#pragma warning disable CS0168"])
def test_other_directives_do_not_matter(tmp_path: Path, directive: str) -> None:
    (ref,) = references(tmp_path, f'{directive}\n    var a = new StackReference("acme/networking/dev");')
    assert ref.target_id == "networking/dev"
