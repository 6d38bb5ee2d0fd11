"""C# names qualified by a namespace (`Other.Contract.StackDetails.Project`) or a `using` alias are the class of
that namespace, never another class of the same name.

Found on albinronnkvist/Course_DT002G_AppliedComputerEngineering (IamTemplateSuite/Templates): each Pulumi
project has a `*.Pulumi.Contract` class library with `static class StackDetails { const string Project = ..; }`,
and the programs name another project's contract by its namespace (`TIamAzureRepositoryName.Pulumi.Contract
.StackDetails.Project` inside `namespace TOrgName.TContainerization...`), or by `using StackDetails =
TOrgName.TIamEntraIdRepositoryName.Pulumi.Contract.StackDetails;`. The scan took the one `StackDetails` it knew,
whatever namespace the program named: a contract that comes from a registry gave the program's own project name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

CSPROJ = '<Project Sdk="Microsoft.NET.Sdk">\n<ItemGroup>\n{refs}</ItemGroup>\n</Project>\n'
REF = '<ProjectReference Include="..\\{name}\\{name}.csproj" />\n'


def contract(namespace: str, project_name: str) -> str:
    return (
        f"namespace {namespace};\n\npublic static class StackDetails\n{{\n"
        f'    public const string Organization = "acme";\n    public const string Project = "{project_name}";\n}}\n'
    )


def program(usings: str, namespace: str, qualifier: str) -> str:
    return (
        f"using Pulumi;\n{usings}\nnamespace {namespace};\n\ninternal sealed class MainStack : Stack\n{{\n"
        "    public MainStack()\n    {\n"
        f'        var net = new StackReference($"{{{qualifier}StackDetails.Organization}}/'
        f'{{{qualifier}StackDetails.Project}}/{{Deployment.Instance.StackName}}");\n'
        "    }\n}\n"
    )


def repo_with(tmp_path: Path, main: str, libs: dict[str, tuple[str, str]]) -> Path:
    spec: dict[str, object] = {
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
        "iam/Pulumi.yaml": project("iam"),
        "iam/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/Pulumi.dev.yaml": stack(),
        "app/App.csproj": CSPROJ.format(refs="".join(REF.format(name=n) for n in libs)),
        "app/MainStack.cs": main,
    }
    for name, (namespace, project_name) in libs.items():
        spec[f"{name}/{name}.csproj"] = CSPROJ.format(refs="")
        spec[f"{name}/StackDetails.cs"] = contract(namespace, project_name)
    return write_repo(tmp_path / "repo", spec)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def result(repo: Repo) -> tuple[str | None, str]:
    (ref,) = repo.references
    return ref.target_id, ref.reason


NET = {"NetContract": ("Acme.Networking.Pulumi.Contract", "networking")}
BOTH = {**NET, "IamContract": ("Acme.Iam.Pulumi.Contract", "iam")}


@pytest.mark.parametrize(
    ("usings", "qualifier", "libs"),
    [
        # the only StackDetails of the program is another namespace's: the one named comes from a registry
        ("", "Acme.Entra.Pulumi.Contract.", NET),
        ("", "global::Acme.Entra.Pulumi.Contract.", NET),
        ("using StackDetails = Acme.Entra.Pulumi.Contract.StackDetails;", "", NET),
        ("using Entra = Acme.Entra.Pulumi.Contract;", "Entra.", NET),
    ],
)
def test_a_qualified_name_is_never_another_namespaces_class(
    tmp_path: Path, usings: str, qualifier: str, libs: dict[str, tuple[str, str]]
) -> None:
    target, reason = result(scan(repo_with(tmp_path, program(usings, "Acme.App", qualifier), libs)))
    assert target is None
    assert "Acme.Entra.Pulumi.Contract.StackDetails.Project" in reason


@pytest.mark.parametrize(
    ("usings", "namespace", "qualifier"),
    [
        ("", "Acme.App", "Acme.Networking.Pulumi.Contract."),
        ("", "Acme.App", "global::Acme.Networking.Pulumi.Contract."),
        # relative to the namespace around the code, as C# looks it up
        ("", "Acme.App.Deployment", "Networking.Pulumi.Contract."),
        ("using StackDetails = Acme.Networking.Pulumi.Contract.StackDetails;", "Acme.App", ""),
        ("using Net = Acme.Networking.Pulumi.Contract;", "Acme.App", "Net."),
    ],
)
def test_a_qualified_name_picks_the_class_of_its_namespace_among_several(
    tmp_path: Path, usings: str, namespace: str, qualifier: str
) -> None:
    repo = scan(repo_with(tmp_path, program(usings, namespace, qualifier), BOTH))
    assert result(repo) == ("networking/dev", "")


def test_a_block_namespace_and_a_nested_class_are_part_of_the_name(tmp_path: Path) -> None:
    lib = (
        "namespace Acme.Networking\n{\n    namespace Pulumi.Contract\n    {\n"
        "        public static class Outer\n        {\n            public static class StackDetails\n            {\n"
        '                public const string Organization = "acme";\n'
        '                public const string Project = "networking";\n'
        "            }\n        }\n    }\n}\n"
    )
    root = repo_with(tmp_path, program("", "Acme.App", "Acme.Networking.Pulumi.Contract.Outer."), BOTH)
    (root / "NetContract/StackDetails.cs").write_text(lib)
    assert result(scan(root)) == ("networking/dev", "")


OUTPUTS = (
    "namespace Acme.Networking.Pulumi.Contract;\n\npublic static class StackOutputs\n{\n"
    '    public const string VpcId = "vpcId";\n'
    "    public static string Computed => System.Guid.NewGuid().ToString();\n}\n"
)
STACK = (
    "using Pulumi;\nusing Out = Acme.Networking.Pulumi.Contract.StackOutputs;\n\nnamespace Acme.Networking.Pulumi;\n\n"
    "internal sealed class MainStack : Stack\n{{\n    [Output({key})]\n"
    "    public Output<string> Value {{ get; set; }}\n}}\n"
)


@pytest.mark.parametrize(
    ("key", "names", "opened"),
    [
        # an attribute argument is a constant: the contract's value is the output's name
        ("StackOutputs.VpcId", ["vpcId"], []),
        ("Contract.StackOutputs.VpcId", ["vpcId"], []),
        ("Out.VpcId", ["vpcId"], []),
        ("Local", ["local"], []),
        # not a constant the scan finds: the set is open, with the reason
        ("StackOutputs.Missing", [], ["an [Output] name built at run time (StackOutputs.Missing)"]),
        ("StackOutputs.Computed", [], ["an [Output] name built at run time (StackOutputs.Computed)"]),
        (
            "Other.Contract.StackOutputs.VpcId",
            [],
            ["an [Output] name built at run time (Other.Contract.StackOutputs.VpcId)"],
        ),
    ],
)
def test_an_output_named_by_a_constant_of_a_contract_library_is_that_name(
    tmp_path: Path, key: str, names: list[str], opened: list[str]
) -> None:
    """albinronnkvist/Course_DT002G_AppliedComputerEngineering: `[Output(StackOutputs.ContainerRegistryServerUrl)]`
    with the constant in the project's `*.Pulumi.Contract` library (a ProjectReference): the set was open."""
    stack_cs = STACK.format(key=key).replace(
        "{\n    [Output", '{\n    private const string Local = "local";\n    [Output'
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking", runtime="dotnet"),
            "net/Pulumi.dev.yaml": stack(),
            "net/Net.csproj": CSPROJ.format(refs=REF.format(name="NetContract")),
            "net/MainStack.cs": stack_cs,
            "NetContract/NetContract.csproj": CSPROJ.format(refs=""),
            "NetContract/StackOutputs.cs": OUTPUTS,
        },
    )
    (exported,) = scan(root).exports
    assert [e.name for e in exported.names] == names
    assert [o.value for o in exported.open] == opened
    assert exported.complete is not opened
