"""C# `new StackReference<T>(..)`: Pulumi's .NET SDK has no generic StackReference, so this is a class of the
program or of a library (PulumiSharp's `class StackReference<T> : StackReference`), whose constructor may turn its
argument into another name (`base($"acme/{project}/{stack}")`). Its instances are reported unknown at their line,
never read as `new StackReference(name)`.

Before, the type's last name was compared without its type arguments: `new StackReference<Outputs>("eks")` was read
as Pulumi's `StackReference("eks")`, a wrong edge to the stack `eks` of the program's own project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Reference
from tests.helpers.repo_builder import project, stack, write_repo

SUBCLASS = (
    "using Pulumi;\n\nnamespace PulumiSharp;\n\npublic class StackReference<T> : StackReference\n{\n"
    '    public StackReference(string project) : base($"acme/{project}/{Deployment.Instance.StackName}") { }\n}\n'
)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def references(tmp_path: Path, run: str, *, declared: bool = True) -> list[Reference]:
    program = (
        "using Pulumi;\nusing PulumiSharp;\n\n"
        f"await Deployment.RunAsync(() =>\n{{\n{run}\n}});\n\npublic record Outputs(string Vpc);\n"
    )
    files = {
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/Pulumi.dev.yaml": stack(),
        "app/Pulumi.networking.yaml": stack(),  # the stack a wrong reading of "networking" would find
        "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
        "app/Program.cs": program,
    }
    if declared:
        files["app/StackReference.cs"] = SUBCLASS
    return scan(write_repo(tmp_path / "repo", files)).references


@pytest.mark.parametrize(
    "run",
    [
        pytest.param('    var net = new StackReference<Outputs>("networking");', id="new"),
        pytest.param('    var net = new PulumiSharp.StackReference<Outputs>("networking");', id="qualified"),
        pytest.param('    StackReference<Outputs> net = new("networking");', id="target-typed"),
    ],
)
@pytest.mark.parametrize("declared", [True, False], ids=["declared-here", "from-a-library"])
def test_a_generic_stack_reference_is_reported_never_read_as_pulumis(tmp_path: Path, run: str, declared: bool) -> None:
    refs = [r for r in references(tmp_path, run, declared=declared) if r.stack == "dev"]
    assert all(r.target_id is None and not r.resolved for r in refs)
    at = {(r.file, r.line) for r in refs}
    assert ("app/Program.cs", 6) in at  # the instance, never silent
    (site,) = [r for r in refs if r.file == "app/Program.cs"]
    assert "StackReference<Outputs>" in site.reason


def test_pulumis_stack_reference_beside_a_generic_one_is_still_read(tmp_path: Path) -> None:
    run = '    var net = new StackReference<Outputs>("x");\n    var n = new StackReference("acme/networking/dev");'
    refs = [r for r in references(tmp_path, run) if r.resolved and r.stack == "dev"]
    assert [(r.line, r.target_id) for r in refs] == [(7, "networking/dev")]
