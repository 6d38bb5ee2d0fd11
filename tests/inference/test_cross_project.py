"""A program that runs a module of another project's folder (`import { mk } from "../shared/lib"`, a Python
package found through `sys.path.insert(0, "..")`) runs its StackReferences as its own; a package in no project
found only through PYTHONPATH is said, also when its `__init__.py` only re-exports the module holding the
reference. Found on real monorepos, where such references were dropped without a word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.clirun import cli


def _project(root: Path, path: str, runtime: str, stacks: list[str], files: dict[str, str]) -> None:
    folder = root / path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text(f"name: {path.rpartition('/')[2]}\nruntime: {runtime}\n")
    for stack in stacks:
        (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    for rel, text in files.items():
        (folder / rel).write_text(text)


def _scan(root: Path) -> Any:
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    return json.loads(out.stdout)


def test_typescript_a_module_of_another_project_imported_by_a_path(tmp_path: Path) -> None:
    app = {
        "index.ts": 'import { mk, net } from "../shared/lib";\nconst f = mk("production");\n'
        'export const v = f.getOutput("vpcId");\nexport const w = net.getOutput("subnets");\n',
        "package.json": '{"name": "app", "main": "index.ts"}',
    }
    shared = {
        "lib.ts": 'import * as pulumi from "@pulumi/pulumi";\n'
        "export function mk(stack: string) { return new pulumi.StackReference(`acme/foundation/${stack}`); }\n"
        'export const net = new pulumi.StackReference("acme/network/production");\n',
        "index.ts": "export const x = 1;\n",
    }
    _project(tmp_path, "app", "nodejs", ["production"], app)
    _project(tmp_path, "shared", "nodejs", ["dev"], shared)
    _project(tmp_path, "foundation", "nodejs", ["production"], {"index.ts": "\n"})
    _project(tmp_path, "network", "nodejs", ["production"], {"index.ts": "\n"})
    scan = _scan(tmp_path)
    edges = {(e["from"], e["to"]) for e in scan["edges"]}
    assert edges == {("app/production", "foundation/production"), ("app/production", "network/production")}
    refs = {r["site"]: r for r in scan["references"] if r["project_path"] == "app"}
    assert refs["shared/lib.ts:2"]["outputs"] == ["vpcId"]


def test_python_a_package_of_another_project_on_sys_path(tmp_path: Path) -> None:
    app = {
        "__main__.py": "import sys\nsys.path.insert(0, '..')\nimport pulumi\nfrom net.refs import get_ref\n"
        "pulumi.export('v', get_ref(pulumi.get_stack()))\n"
    }
    net = {
        "__main__.py": "\n",
        "refs.py": "import pulumi\ndef get_ref(env):\n"
        "    return pulumi.StackReference(f'organization/vpc/{env}').require_output('vpc')\n",
    }
    _project(tmp_path, "app", "python", ["dev"], app)
    _project(tmp_path, "net", "python", ["dev"], net)
    _project(tmp_path, "vpc", "python", ["dev"], {"__main__.py": "\n"})
    scan = _scan(tmp_path)
    edges = {(e["from"], e["to"]) for e in scan["edges"]}
    assert edges == {("app/dev", "vpc/dev")}


def test_python_a_package_in_no_project_that_re_exports_the_reference_is_said(tmp_path: Path) -> None:
    app = {
        "__main__.py": "import pulumi\nfrom shared import get_ref\npulumi.export('v', get_ref(pulumi.get_stack()))\n"
    }
    _project(tmp_path, "infra/app", "python", ["dev"], app)
    _project(tmp_path, "infra/net", "python", ["dev"], {"__main__.py": "\n"})
    shared = tmp_path / "infra" / "shared"
    shared.mkdir()
    (shared / "__init__.py").write_text("from .refs import get_ref\n")
    (shared / "refs.py").write_text(
        "import pulumi\ndef get_ref(env):\n"
        "    return pulumi.StackReference(f'organization/net/{env}').get_output('v')\n"
    )
    scan = _scan(tmp_path)
    [ref] = scan["references"]
    assert ref["site"] == "infra/shared/refs.py:3" and ref["resolved"] is False
    assert "PYTHONPATH" in ref["reason"]
    [note] = [d for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert "infra/shared/__init__.py (which imports infra/shared/refs.py)" in note["message"]


def test_python_a_package_of_another_project_found_only_through_pythonpath_is_said(tmp_path: Path) -> None:
    """`from main_stack import get_output` where main_stack/ is another project's folder, on a PYTHONPATH set
    outside the program (MTES-MCT/dossierfacile-infra): a warning on the import, never silence."""
    data = {"__main__.py": "import pulumi\n\nfrom main_stack import get_output\nv = get_output('dev')\n"}
    main = {
        "__main__.py": "import pulumi\n",
        "__init__.py": "from .refs import get_output\n",
        "refs.py": "import pulumi\ndef get_output(env):\n"
        "    return pulumi.StackReference(f'organization/main/{env}').require_output('id')\n",
    }
    utils = {"__main__.py": "import utils\n", "utils.py": "X = 1\n"}  # its own `utils`: no such import
    _project(tmp_path, "infra/data", "python", ["dev"], data)
    _project(tmp_path, "infra/main_stack", "python", ["dev"], main)
    _project(tmp_path, "infra/other", "python", ["dev"], utils)
    _project(tmp_path, "infra/utils", "python", ["dev"], {"__main__.py": "\n", "refs.py": main["refs.py"]})
    scan = _scan(tmp_path)
    notes = [(d["file"], d["line"]) for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert notes == [("infra/data/__main__.py", 3)]
    [note] = [d["message"] for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert note.startswith("imports main_stack, the package of the folder of another project (infra/main_stack)")


def test_a_program_of_a_runtime_that_is_not_read_is_said_when_it_references(tmp_path: Path) -> None:
    """`runtime: scala` (Besom): its StackReferences are not read; a warning says so (it was silent)."""
    _project(
        tmp_path, "app", "scala", ["dev"], {"Main.scala": 'import besom.*\n\nval ref = StackReference("r", "x")\n'}
    )
    _project(tmp_path, "quiet", "scala", ["dev"], {"Main.scala": "object Main\n"})
    scan = _scan(tmp_path)
    notes = [(d["file"], d["line"], d["severity"]) for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert notes == [("app/Main.scala", 3, "warning")]


def test_a_dotnet_package_this_repository_builds_is_read_as_a_project_reference(tmp_path: Path) -> None:
    """`<PackageReference Include="Acme.Refs" />` where Acme.Refs.csproj is in the repository (packed to a local
    feed): its sources are read (the reference was silent), with an info naming the project file."""
    csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Acme.Refs" />\n'
    app = {
        "App.csproj": csproj + "  </ItemGroup>\n</Project>\n",
        "Program.cs": 'using Pulumi;\nreturn await Deployment.RunAsync(() => { var r = Refs.Net("dev"); });\n',
    }
    _project(tmp_path, "app", "dotnet", ["dev"], app)
    _project(tmp_path, "net", "dotnet", ["dev"], {"Program.cs": "class P {}\n"})
    lib = tmp_path / "lib" / "Acme.Refs"
    lib.mkdir(parents=True)
    (lib / "Acme.Refs.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk">\n</Project>\n')
    (lib / "Refs.cs").write_text(
        "using Pulumi;\npublic static class Refs\n{\n"
        '    public static StackReference Net(string env) => new StackReference($"acme/net/{env}");\n}\n'
    )
    scan = _scan(tmp_path)
    assert [(e["from"], e["to"]) for e in scan["edges"]] == [("app/dev", "net/dev")]
    [note] = [d for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert note["severity"] == "info" and "built by lib/Acme.Refs/Acme.Refs.csproj" in note["message"]


def test_typescript_a_workspace_package_that_is_a_project_too(tmp_path: Path) -> None:
    """cfeenstra67/stackattack: the shared package `packages/lib` has its own Pulumi.yaml; a program importing it
    by its package name runs its StackReference (it was dropped: only 'never imports' was said)."""
    (tmp_path / "package.json").write_text('{"workspaces": ["packages/*", "app"]}')
    lib = {
        "package.json": '{"name": "@acme/lib", "main": "src/index.ts"}',
        "stack.ts": "export const x = 1;\n",
    }
    _project(tmp_path, "packages/lib", "nodejs", ["test"], lib)
    (tmp_path / "packages/lib/src").mkdir()
    (tmp_path / "packages/lib/src/index.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\n'
        "export function ref(name: string) { return new pulumi.StackReference(name); }\n"
    )
    (tmp_path / "packages/lib/Pulumi.yaml").write_text("name: lib\nruntime: nodejs\nmain: stack.ts\n")
    app = {
        "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport { ref } from "@acme/lib";\n'
        'const net = ref("acme/net/prod");\nexport const vpc = net.getOutput("vpcId");\n',
        "package.json": '{"name": "app", "main": "index.ts"}',
    }
    _project(tmp_path, "app", "nodejs", ["prod"], app)
    _project(tmp_path, "net", "nodejs", ["prod"], {"index.ts": "\n"})
    scan = _scan(tmp_path)
    assert [(e["from"], e["to"]) for e in scan["edges"]] == [("app/prod", "net/prod")]
    [ref] = [r for r in scan["references"] if r["project_path"] == "app"]
    assert ref["site"] == "packages/lib/src/index.ts:2" and ref["outputs"] == ["vpcId"]


def test_typescript_a_local_package_folder_imported_by_a_path_runs_its_main(tmp_path: Path) -> None:
    """cabeaulac/localstack-pro-gdc-bp1: `import { stackEnv } from "../iac-shared"` names a folder whose package.json
    has `main: build/main/index.js`, built by tsc from `src/`. Node loads the folder's `main`; the scan tried only
    `../iac-shared.ts` and `../iac-shared/index.ts`, found nothing, and the StackReference made in the package was
    dropped without a word."""
    app = {
        "index.ts": 'import { netRef } from "../shared";\nexport const vpc = netRef().getOutput("vpcId");\n',
        "package.json": '{"name": "app", "main": "index.ts"}',
    }
    _project(tmp_path, "app", "nodejs", ["prod"], app)
    _project(tmp_path, "net", "nodejs", ["prod"], {"index.ts": 'export const vpcId = "v";\n'})
    (tmp_path / "shared/src").mkdir(parents=True)
    (tmp_path / "shared/package.json").write_text(
        '{"name": "shared-lib", "main": "build/main/index.js", "typings": "build/main/index.d.ts"}'
    )
    (tmp_path / "shared/tsconfig.json").write_text('{"compilerOptions": {"outDir": "build/main", "rootDir": "src"}}')
    (tmp_path / "shared/src/index.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\n'
        "export function netRef() { return new pulumi.StackReference(`acme/net/${pulumi.getStack()}`); }\n"
    )
    scan = _scan(tmp_path)
    assert [(e["from"], e["to"]) for e in scan["edges"]] == [("app/prod", "net/prod")]
    [ref] = [r for r in scan["references"] if r["project_path"] == "app"]
    assert ref["site"] == "shared/src/index.ts:2" and ref["outputs"] == ["vpcId"]


def test_typescript_a_folder_import_prefers_the_package_main_over_its_index(tmp_path: Path) -> None:
    """Node loads a folder's package.json `main` before its index.js: the index the package does not run makes no
    reference (modelled on cabeaulac/localstack-pro-gdc-bp1's `../iac-shared`)."""
    app = {"index.ts": 'import { ref } from "../shared";\nexport const v = ref.getOutput("k");\n'}
    _project(tmp_path, "app", "nodejs", ["prod"], app)
    _project(tmp_path, "net", "nodejs", ["prod"], {"index.ts": 'export const k = "v";\n'})
    _project(tmp_path, "old", "nodejs", ["prod"], {"index.ts": 'export const k = "v";\n'})
    (tmp_path / "shared/lib").mkdir(parents=True)
    (tmp_path / "shared/package.json").write_text('{"name": "shared-lib", "main": "lib/main.ts"}')
    (tmp_path / "shared/lib/main.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\nexport const ref = new pulumi.StackReference("acme/net/prod");\n'
    )
    (tmp_path / "shared/index.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\nexport const ref = new pulumi.StackReference("acme/old/prod");\n'
    )
    scan = _scan(tmp_path)
    assert [(e["from"], e["to"]) for e in scan["edges"]] == [("app/prod", "net/prod")]


def test_typescript_a_folder_import_whose_main_tsc_builds_from_another_root(tmp_path: Path) -> None:
    """The folder's `main: dist/index.js` is built by its tsconfig from `lib/` (rootDir): that source runs (modelled
    on cabeaulac/localstack-pro-gdc-bp1, whose `../iac-shared` builds `build/main` from `src`)."""
    app = {"index.ts": 'import { ref } from "../shared";\nexport const v = ref.getOutput("k");\n'}
    _project(tmp_path, "app", "nodejs", ["prod"], app)
    _project(tmp_path, "net", "nodejs", ["prod"], {"index.ts": 'export const k = "v";\n'})
    (tmp_path / "shared/lib").mkdir(parents=True)
    (tmp_path / "shared/package.json").write_text('{"name": "shared-lib", "main": "dist/index.js"}')
    (tmp_path / "shared/tsconfig.json").write_text('{"compilerOptions": {"outDir": "dist", "rootDir": "lib"}}')
    (tmp_path / "shared/lib/index.ts").write_text(
        'import * as pulumi from "@pulumi/pulumi";\nexport const ref = new pulumi.StackReference("acme/net/prod");\n'
    )
    scan = _scan(tmp_path)
    assert [(e["from"], e["to"]) for e in scan["edges"]] == [("app/prod", "net/prod")]


def test_python_a_program_importing_its_own_folder_as_a_package_is_said(tmp_path: Path) -> None:
    """MTES-MCT/dossierfacile-infra: main_stack/__main__.py runs `from main_stack import MainStackOutput`, its own
    folder as a package, found only through a PYTHONPATH set outside the program; a helper there making a
    StackReference was dropped with an info that the program never imports it (it does), now a warning on the
    import, as for another project's folder."""
    main = {
        "__main__.py": "import pulumi\n\nfrom main_stack import get_output\nv = get_output('prod')\n",
        "__init__.py": "from .refs import get_output\n",
        "refs.py": "import pulumi\ndef get_output(env):\n"
        "    return pulumi.StackReference(f'organization/main/{env}').require_output('id')\n",
    }
    _project(tmp_path, "infra/main_stack", "python", ["dev", "prod"], main)
    scan = _scan(tmp_path)
    notes = [d for d in scan["diagnostics"] if d["code"] == "not-followed"]
    assert [(d["file"], d["line"], d["severity"]) for d in notes] == [("infra/main_stack/__main__.py", 3, "warning")]
    assert notes[0]["message"].startswith("imports main_stack, the package of this project's own folder")
