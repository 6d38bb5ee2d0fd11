"""A C# or Java program that declares its own class named StackReference (`class StackReference :
Pulumi.StackReference` whose constructor builds the name, `base($"acme/{project}/{stack}")`): an unqualified
`new StackReference(..)` in the program may make that class, not Pulumi's, so its argument is not the stack's name.
Such a site is reported unknown, naming the class; `new Pulumi.StackReference(..)`, Java's file that imports
`com.pulumi.resources.StackReference` (which shadows a class of its own package) and programs without such a class
are read as before.

Before, `new StackReference("networking")` was read as Pulumi's: a wrong edge to the program's own stack
`networking`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Reference
from tests.helpers.repo_builder import project, stack, write_repo

CS_CLASS = (
    "namespace Infra;\n\npublic class StackReference : Pulumi.StackReference\n{\n"
    '    public StackReference(string p) : base($"acme/{p}/{Pulumi.Deployment.Instance.StackName}") { }\n}\n'
)
JAVA_CLASS = (
    "package infra;\n\nimport com.pulumi.deployment.Deployment;\n\n"
    "public class StackReference extends com.pulumi.resources.StackReference {\n"
    '    public StackReference(String p) { super("acme/" + p + "/" + Deployment.getInstance().getStackName()); }\n}\n'
)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def references(tmp_path: Path, files: dict[str, str], runtime: str) -> list[Reference]:
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime=runtime),
            "app/Pulumi.dev.yaml": stack(),
            "app/Pulumi.networking.yaml": stack(),  # the stack a wrong reading of "networking" would find
            "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
            "app/pom.xml": "<project/>\n",
            **{f"app/{k}": v for k, v in files.items()},
        },
    )
    return [r for r in scan(root).references if r.stack == "dev" and r.file.endswith(("Program.cs", "App.java"))]


def csharp(line: str, *, declared: bool = True) -> dict[str, str]:
    program = (
        "using Pulumi;\n\nnamespace Infra;\n\nclass Program\n{\n"
        f"    static System.Threading.Tasks.Task<int> Main() => Deployment.RunAsync(() =>\n    {{\n        {line}\n"
        "    });\n}\n"
    )
    return {"Program.cs": program, **({"StackReference.cs": CS_CLASS} if declared else {})}


def java(line: str, imports: str = "", *, declared: bool = True) -> dict[str, str]:
    program = (
        f"package infra;\n\nimport com.pulumi.Pulumi;\n{imports}\npublic class App {{\n"
        f"    public static void main(String[] args) {{\n        Pulumi.run(ctx -> {{\n            {line}\n"
        "        });\n    }\n}\n"
    )
    return {
        "src/main/java/infra/App.java": program,
        **({"src/main/java/infra/StackReference.java": JAVA_CLASS} if declared else {}),
    }


@pytest.mark.parametrize(
    ("files", "runtime"),
    [
        pytest.param(csharp('var net = new StackReference("networking");'), "dotnet", id="csharp"),
        pytest.param(csharp('StackReference net = new("networking");'), "dotnet", id="csharp-target-typed"),
        pytest.param(java('var net = new StackReference("networking");'), "java", id="java"),
        pytest.param(
            java('var net = new StackReference("networking");', "import com.pulumi.resources.*;\n"),
            "java",
            id="java-wildcard-import",
        ),
    ],
)
def test_a_site_that_may_make_the_programs_own_class_is_reported(
    tmp_path: Path, files: dict[str, str], runtime: str
) -> None:
    (ref,) = references(tmp_path, files, runtime)
    assert (ref.resolved, ref.target_id) == (False, None)
    assert "class StackReference" in ref.reason and "StackReference." in ref.reason


@pytest.mark.parametrize(
    ("files", "runtime"),
    [
        pytest.param(csharp('var net = new Pulumi.StackReference("acme/networking/dev");'), "dotnet", id="qualified"),
        pytest.param(
            csharp('var net = new StackReference("acme/networking/dev");', declared=False), "dotnet", id="no-class"
        ),
        pytest.param(
            java(
                'var net = new StackReference("acme/networking/dev");',
                "import com.pulumi.resources.StackReference;\n",
            ),
            "java",
            id="java-single-type-import",
        ),
        pytest.param(
            java('var net = new com.pulumi.resources.StackReference("acme/networking/dev");'),
            "java",
            id="java-qualified",
        ),
    ],
)
def test_pulumis_stack_reference_is_still_read(tmp_path: Path, files: dict[str, str], runtime: str) -> None:
    (ref,) = references(tmp_path, files, runtime)
    assert ref.target_id == "networking/dev"
