"""Local targets a program names that cannot be followed (a folder or project file missing, or outside the scanned
root) are a warning `not-followed` naming the file, the line and the target; a name read through them says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.projectfiles import requirement_lines
from stackgraph.model import Repo
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

NET = {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()}
GO_MAIN = """package main

import (
	"example.com/lib/names"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := pulumi.NewStackReference(ctx, names.Network, nil)
		return err
	})
}
"""


def not_followed(repo: Repo) -> list[tuple[str, str | None, int | None, str]]:
    return [(d.severity.value, d.file, d.line, d.message) for d in repo.diagnostics if d.code == "not-followed"]


def reasons(repo: Repo) -> set[str]:
    return {r.reason for r in repo.references if not r.resolved}


def go_repo(tmp_path: Path, replace: str, extra: dict[str, str] | None = None) -> Path:
    return write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="go"),
            "app/Pulumi.dev.yaml": stack(),
            "app/go.mod": f"module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v0.0.0\n\n{replace}\n",
            "app/main.go": GO_MAIN,
            **(extra or {}),
        },
    )


@pytest.mark.parametrize(
    ("replace", "target", "state"),
    [
        ("replace example.com/lib => ../lib", "../lib", "not in the repository (missing, or skipped by the scan)"),
        ("replace example.com/lib => ../../elsewhere/lib", "../../elsewhere/lib", "outside the repository"),
        ("replace (\n\texample.com/lib => /opt/go/lib\n)", "/opt/go/lib", "outside the repository"),
    ],
)
def test_a_go_replace_of_a_folder_that_is_not_read(tmp_path: Path, replace: str, target: str, state: str) -> None:
    repo = scan(go_repo(tmp_path, replace))
    line = 7 if replace.startswith("replace example") else 8
    if "not in the repository" in state:
        state += ", or without a go.mod"
    why = f"replaces example.com/lib with {target}, a folder {state}: its packages are not read"
    assert not_followed(repo) == [("warning", "app/go.mod", line, why)]
    assert reasons(repo) == {
        f"cannot resolve '<Network>': 'Network' from 'go:example.com/lib/names', which is not a constant of the "
        f"project: app/go.mod:{line} {why}"
    }


def test_a_go_replace_of_a_folder_of_the_repository_is_read_without_a_word(tmp_path: Path) -> None:
    lib = {
        "lib/go.mod": "module example.com/lib\n\ngo 1.21\n",
        "lib/names/names.go": 'package names\n\nconst Network = "acme/net/dev"\n',
    }
    repo = scan(go_repo(tmp_path, "replace example.com/lib => ../lib", lib))
    assert not_followed(repo) == []
    assert [(r.stack, r.target_id) for r in repo.references] == [("dev", "net/dev")]


def test_a_go_work_use_of_a_missing_folder(tmp_path: Path) -> None:
    root = go_repo(tmp_path, "", {"go.work": "go 1.21\n\nuse (\n\t./app\n\t./lib\n)\n"})
    why = "uses ./lib, a folder not in the repository (missing, or skipped by the scan), or without a go.mod: "
    assert not_followed(scan(root)) == [("warning", "go.work", 5, why + "its packages are not read")]


PY_MAIN = "import pulumi\nfrom names import NETWORK\n\nnet = pulumi.StackReference(NETWORK)\n"


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("-e ../shared", "not in the repository (missing, or skipped by the scan)"),
        ("--editable=../../shared", "outside the repository"),
        ("file:///opt/shared", "outside the repository"),
    ],
)
def test_a_requirement_of_a_folder_that_is_not_read(tmp_path: Path, line: str, state: str) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/requirements.txt": f"pulumi>=3\n{line}\n",
            "app/__main__.py": PY_MAIN,
        },
    )
    repo = scan(root)
    written = line.split(" ", 1)[-1].split("=", 1)[-1].removeprefix("file://")
    why = f"installs {written}, a folder {state}: its modules are not read"
    assert not_followed(repo) == [("warning", "app/requirements.txt", 2, why)]
    assert reasons(repo) == {
        "cannot resolve '<NETWORK>': 'NETWORK' from 'py:names', which is not a constant of the project: "
        f"app/requirements.txt:2 {why}"
    }


@pytest.mark.parametrize(
    ("edit", "shown", "state"),
    [
        ('sys.path.insert(0, "/opt/shared")', "/opt/shared", "outside the repository"),
        (
            'sys.path.append(os.path.join(os.path.dirname(__file__), "..", "..", "lib"))',
            "../lib (from the repository root)",
            "outside the repository",
        ),
        ('sys.path.append("../../../lib")', "../../../lib (from the project folder)", "outside the repository"),
        ('sys.path.append("../shared")', "../shared (from the project folder)", "not in the repository"),
    ],
)
def test_a_sys_path_edit_of_a_folder_that_is_not_read(tmp_path: Path, edit: str, shown: str, state: str) -> None:
    main = f"import os\nimport sys\n{edit}\n" + PY_MAIN
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": main,
        },
    )
    repo = scan(root)
    [(severity, file, line, message)] = not_followed(repo)
    assert (severity, file, line) == ("warning", "app/__main__.py", 3)
    assert message.startswith(f"puts {shown} on sys.path, a folder {state}")
    assert message.endswith(": its modules are not read")
    [reason] = reasons(repo)
    assert reason.endswith(f"app/__main__.py:3 {message}")


def test_a_sys_path_edit_of_a_folder_of_the_repository_is_read_without_a_word(tmp_path: Path) -> None:
    main = 'import sys\nsys.path.append("../shared")\n' + PY_MAIN
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": main,
            "shared/names.py": 'NETWORK = "acme/net/dev"\n',
        },
    )
    repo = scan(root)
    assert not_followed(repo) == []
    assert [(r.stack, r.target_id) for r in repo.references] == [("dev", "net/dev")]


CS_PROGRAM = """using Pulumi;

return await Deployment.RunAsync(() =>
{
    var net = new StackReference(Names.Network);
});
"""


@pytest.mark.parametrize("language", ["csharp", "fsharp"])
@pytest.mark.parametrize(
    ("include", "state"),
    [
        (r"..\Lib\Lib.{ext}", "not in the repository (missing or skipped)"),
        (r"..\..\..\Other\Other.{ext}", "outside the repository"),
    ],
)
def test_a_project_reference_that_is_not_read(tmp_path: Path, language: str, include: str, state: str) -> None:
    ext, source = ("csproj", "Program.cs") if language == "csharp" else ("fsproj", "Program.fs")
    program = CS_PROGRAM if language == "csharp" else "module Program\n\nopen Pulumi\n\n"
    if language == "fsharp":
        program += "let infra () =\n    let net = StackReference(Names.Network)\n    ()\n"
    include = include.format(ext=ext)
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="dotnet"),
            "app/Pulumi.dev.yaml": stack(),
            f"app/App.{ext}": (
                '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n'
                f'    <ProjectReference Include="{include}" />\n  </ItemGroup>\n</Project>\n'
            ),
            f"app/{source}": program,
            "Lib/Other.csproj": "<Project />\n",  # the folder is there, the project file is not
        },
    )
    repo = scan(root)
    why = f"references {include}, {state}: its sources are not read"
    assert not_followed(repo) == [("warning", f"app/App.{ext}", 3, why)]
    assert reasons(repo) == {
        "cannot resolve '<Names.Network>': 'Names.Network' from 'global:', which is not a constant of the project: "
        f"app/App.{ext}:3 {why}"
    }
    out = cli("scan", root)
    assert f"stackgraph: warning: app/App.{ext}:3: {why}\n" in out.stderr


def test_a_shared_module_reachable_only_through_pythonpath_is_unresolved_never_silent(tmp_path: Path) -> None:
    """Pulumi's Python runtime options set no PYTHONPATH: a module of the repository that the program imports only
    through one set in the environment is not followed; its sites stay unresolved with that reason."""
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime={"name": "python", "options": {"virtualenv": "venv"}}),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": "import pulumi\nimport refs\nfrom names import NETWORK\n\nnet = refs.network()\n"
            "other = pulumi.StackReference(NETWORK)\n",
            "shared/refs.py": 'import pulumi\n\n\ndef network():\n    return pulumi.StackReference("acme/net/dev")\n',
            "shared/names.py": 'NETWORK = "acme/net/dev"\n',
            "shared/unused.py": 'import pulumi\n\nx = pulumi.StackReference("acme/net/dev")\n',  # nothing imports it
        },
    )
    repo = scan(root)
    hidden = (  # shared/ holds no pyproject.toml: `-e` in requirements.txt would not install it
        "has that name, but no import path stackgraph reads leads to it (a PYTHONPATH set outside the program is not "
        "read): add shared/ to sys.path in the program (no pyproject.toml at or above it)"
    )
    assert not_followed(repo) == [
        (
            "warning",
            "app/__main__.py",
            2,
            f"imports refs, which neither the project nor a folder on its import path holds; shared/refs.py {hidden}",
        )
    ]
    assert sorted((r.site, r.stack, r.resolved, r.reason) for r in repo.references) == [
        (
            "app/__main__.py:6",
            "dev",
            False,
            "cannot resolve '<NETWORK>': 'NETWORK' from 'py:names', which is not a constant of the project: "
            f"shared/names.py {hidden}",
        ),
        (
            "shared/refs.py:5",
            "dev",
            False,
            "cannot resolve '<?>': a StackReference in shared/refs.py, which app/__main__.py:2 imports as 'refs' only "
            "through an import path set outside the program (PYTHONPATH): not followed",
        ),
    ]
    assert repo.edges == ()
    out = cli("scan", root, "--strict")
    assert out.code == 1
    assert out.stderr.endswith("stackgraph: 2 stack reference(s) could not be resolved (--strict)\n")
    (root / "app/__main__.py").write_text(
        'import os\nimport sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "shared"))\n'
        + (root / "app/__main__.py").read_text()
    )
    repo = scan(root)  # the program says where its modules are: followed
    assert not_followed(repo) == []
    assert sorted((r.site, r.target_id) for r in repo.references) == [
        ("app/__main__.py:9", "net/dev"),
        ("shared/refs.py:5", "net/dev"),
    ]


COMPONENT = """import pulumi


class Vpc(pulumi.ComponentResource):
    def __init__(self, name, args, opts=None):
        super().__init__("vpc:index:Vpc", name, {}, opts)
        oidc = pulumi.StackReference("organization/github-oidc/staging")
        self.role = oidc.get_output("role_arn")
"""


@pytest.mark.parametrize(
    "entry",
    ["../../../../components/aws/vpc@0.0.0", {"source": "../../../../components/aws/vpc", "version": "0.0.0"}],
)
def test_a_local_component_package_with_a_stack_reference_is_not_followed(tmp_path: Path, entry: object) -> None:
    """ManagedKube/devops-with-ai: a YAML program's Pulumi.yaml names a source-based component of the repository
    (`packages: {vpc: ../../../../components/aws/vpc@0.0.0}`, a Python component run by its own plugin). Its code
    runs for the stack, but the scan does not read it: a StackReference there was dropped without a word. It is now
    a warning on the `packages` line, naming the component's file and line."""
    app = "pulumi/environments/aws/staging/40-vpc"
    packages = {
        "vpc": entry,
        "githuboidc": "https://github.com/ManagedKube/devops-with-ai.git/pulumi/components/aws/githuboidc@0.0.1",
        "schema": "./schema.json",
    }
    root = write_repo(
        tmp_path,
        {
            f"{app}/Pulumi.yaml": project("vpc", packages=packages, outputs={"vpc_id": "x"}),
            f"{app}/Pulumi.staging.yaml": stack(),
            "pulumi/components/aws/vpc/PulumiPlugin.yaml": "runtime: python\n",
            "pulumi/components/aws/vpc/__main__.py": "from vpc import Vpc\n",
            "pulumi/components/aws/vpc/vpc.py": COMPONENT,
            "pulumi/components/aws/vpc/tests/test_vpc.py": 'pulumi.StackReference("organization/x/test")\n',
            "pulumi/components/aws/githuboidc/oidc.py": 'pulumi.StackReference("organization/y/dev")\n',
        },
    )
    got = not_followed(scan(root))
    assert len(got) == 1
    severity, file, line, message = got[0]
    assert (severity, file, line) == ("warning", f"{app}/Pulumi.yaml", 4)
    assert "pulumi/components/aws/vpc/vpc.py:7" in message
    assert "../../../../components/aws/vpc" in message
    assert "test_vpc" not in message


def test_a_local_component_package_without_a_stack_reference_says_nothing(tmp_path: Path) -> None:
    """The same layout, the component holding no StackReference (as in ManagedKube/devops-with-ai): no warning."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", packages={"vpc": "../components/vpc"}),
            "app/Pulumi.dev.yaml": stack(),
            "components/vpc/vpc.py": "import pulumi\n",
        },
    )
    assert not_followed(scan(root)) == []


@pytest.mark.parametrize(
    ("line", "written", "folder"),
    [
        ("company-lib @ file:///opt/company-lib", "/opt/company-lib", None),
        ("company_lib[aws] @ file:../libs/company_lib", "../libs/company_lib", "libs/company_lib"),
        ("company-lib@file:../libs/company_lib", "../libs/company_lib", "libs/company_lib"),
    ],
)
def test_a_pep508_direct_reference_to_a_file_url_is_a_local_requirement(
    line: str, written: str, folder: str | None
) -> None:
    got = requirement_lines({"app/requirements.txt": f"pulumi>=3\n{line}\nlib @ git+https://e.com/lib\n"}.get,
                            "app/requirements.txt")  # fmt: skip
    assert got == [(2, written, folder)]


OPENTTD = {
    **NET,
    "app/Pulumi.yaml": project("app", runtime={"name": "python", "options": {"virtualenv": "../.env"}}),
    "app/Pulumi.dev.yaml": stack(),
    "app/__main__.py": 'import pulumi\nimport pulumi_openttd\n\nnet = pulumi.StackReference(f"acme/net/'
    '{pulumi_openttd.get_stack()}")\n',
    "pulumi-openttd/setup.py": 'import setuptools\n\nsetuptools.setup(name="pulumi_openttd", packages=setuptools.'
    "find_packages())\n",
    "pulumi-openttd/pulumi_openttd/__init__.py": "from .stack import get_stack  # noqa: F401\n",
    "pulumi-openttd/pulumi_openttd/stack.py": "import pulumi\n\n\ndef get_stack():\n    return pulumi.get_stack()."
    'split("-")[0]\n',
}


def test_a_package_a_setup_py_builds_names_the_requirement_that_installs_it(tmp_path: Path) -> None:
    """OpenTTD/infra: its apps import `pulumi_openttd` (pulumi-openttd/setup.py), installed by hand into the shared
    virtualenv, and name stacks with its `get_stack()`. The hint said to add the folder to sys.path as if nothing
    built a package there; a setup.py does, and `-e` of its folder in the project's requirements.txt, which Pulumi
    installs and stackgraph reads, makes the reference resolve."""
    repo = scan(write_repo(tmp_path / "bare", OPENTTD))
    assert reasons(repo) == {
        "cannot resolve 'acme/net/<get_stack()>': 'get_stack' from 'py:pulumi_openttd', which is not a constant of the "
        "project: pulumi-openttd/pulumi_openttd/__init__.py has that name, but no import path stackgraph reads leads "
        "to it (a PYTHONPATH set outside the program is not read): pulumi-openttd/setup.py builds it, a file "
        "stackgraph does not read: install it with `-e ../pulumi-openttd` in app/requirements.txt, or add "
        "pulumi-openttd/ to sys.path in the program"
    }
    fixed = scan(write_repo(tmp_path / "fixed", {**OPENTTD, "app/requirements.txt": "-e ../pulumi-openttd\n"}))
    assert reasons(fixed) == set()
    assert [(e.dependent, e.dependency) for e in fixed.edges] == [("app/dev", "net/dev")]
