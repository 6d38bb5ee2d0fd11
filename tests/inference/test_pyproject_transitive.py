"""A Python program's local packages installed through another local package: the pyproject.toml of a package
the project installs (a uv workspace member, a uv path source, a Poetry path dependency, a requirements.txt
`-e ../lib`) names a package of its own, which uv and Poetry install too. Its modules are read as the direct ones.

Real case (probe /tmp/pyleft-probe/uvws): a uv workspace where `infra/app` depends on the member `a`, and `a`
depends on the member `b`, whose `refs.py` makes the StackReference `a` calls; was: `b` not followed, the reference
missed and nothing said."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo
from tests.inference.test_pyproject_packages import found, not_followed

APP_MAIN = 'import pulumi\nfrom platform_lib import vpc\n\npulumi.export("v", vpc())\n'
PLATFORM = 'from base_lib.refs import network_ref\n\n\ndef vpc():\n    return network_ref().get_output("vpc_id")\n'
BASE_REFS = (
    'import pulumi\n\n\ndef network_ref():\n    return pulumi.StackReference(f"acme/network/{pulumi.get_stack()}")\n'
)
WORKSPACE = '[project]\nname = "infra"\n\n[tool.uv.workspace]\nmembers = ["libs/*", "stacks/*"]\n'
APP_UV = (
    '[project]\nname = "app"\ndependencies = ["pulumi>=3", "platform-lib"]\n\n'
    "[tool.uv.sources]\nplatform-lib = { workspace = true }\n"
)
BASE_PYPROJECT = '[project]\nname = "base-lib"\nversion = "0.1.0"\ndependencies = ["pulumi>=3"]\n'


def platform(dependency: str) -> str:
    """The pyproject.toml of libs/platform, whose package depends on `base-lib` as `dependency` says."""
    if dependency == "poetry":
        return (
            '[tool.poetry]\nname = "platform-lib"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\n'
            'base-lib = { path = "../base", develop = true }\n'
        )
    head = '[project]\nname = "platform_lib"\nversion = "0.1.0"\ndependencies = ["base-lib"]\n'
    if dependency == "root":  # no source of its own: the workspace root's applies
        return head
    source = "{ workspace = true }" if dependency == "workspace" else '{ path = "../base", editable = true }'
    return head + f"\n[tool.uv.sources]\nbase-lib = {source}\n"


def repo(tmp_path: Path, app: dict[str, str], platform_pyproject: str, root: str = WORKSPACE) -> Path:
    return write_repo(
        tmp_path,
        {
            "pyproject.toml": root,
            "stacks/network/Pulumi.yaml": project("network", runtime="python"),
            "stacks/network/Pulumi.dev.yaml": stack(),
            "stacks/network/__main__.py": 'import pulumi\npulumi.export("vpc_id", "vpc-1")\n',
            "stacks/app/Pulumi.yaml": project("app", runtime="python"),
            "stacks/app/Pulumi.dev.yaml": stack(),
            "stacks/app/__main__.py": APP_MAIN,
            **app,
            "libs/platform/pyproject.toml": platform_pyproject,
            "libs/platform/src/platform_lib/__init__.py": PLATFORM,
            "libs/base/pyproject.toml": BASE_PYPROJECT,
            "libs/base/src/base_lib/__init__.py": "",
            "libs/base/src/base_lib/refs.py": BASE_REFS,
        },
    )


APP_POETRY = (
    '[tool.poetry]\nname = "app"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.11"\n'
    'platform-lib = { path = "../../libs/platform", develop = true }\n'
)


@pytest.mark.parametrize(("app", "dependency"), [(APP_UV, "workspace"), (APP_UV, "path"), (APP_POETRY, "poetry")])
def test_a_package_a_local_package_installs_is_read(tmp_path: Path, app: str, dependency: str) -> None:
    scanned = scan(repo(tmp_path, {"stacks/app/pyproject.toml": app}, platform(dependency)))
    assert found(scanned) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(scanned) == []


def test_the_workspace_roots_source_installs_a_members_dependency(tmp_path: Path) -> None:
    root = WORKSPACE + "\n[tool.uv.sources]\nbase-lib = { workspace = true }\n"
    scanned = scan(repo(tmp_path, {"stacks/app/pyproject.toml": APP_UV}, platform("root"), root))
    assert found(scanned) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(scanned) == []


@pytest.mark.parametrize("line", ["-e ../../libs/platform", "../../libs/platform"])
def test_a_package_a_requirements_line_installs_brings_its_own(tmp_path: Path, line: str) -> None:
    app = {"stacks/app/requirements.txt": f"pulumi>=3\n{line}\n"}
    scanned = scan(repo(tmp_path, app, platform("path"), '[project]\nname = "infra"\n'))
    assert found(scanned) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(scanned) == []


def test_packages_that_install_each_other_are_read_once(tmp_path: Path) -> None:
    """A cycle (base-lib names platform-lib back) ends: each package is read once."""
    base = (
        BASE_PYPROJECT
        + '\n[tool.uv.sources]\nplatform-lib = { path = "../platform" }\napp = { path = "../../stacks/app" }\n'
    )
    path = repo(tmp_path, {"stacks/app/pyproject.toml": APP_UV}, platform("workspace"))
    (path / "libs/base/pyproject.toml").write_text(base)
    scanned = scan(path)
    assert found(scanned) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(scanned) == []


def test_a_missing_package_a_member_installs_is_said_where_it_is_named(tmp_path: Path) -> None:
    missing = platform("path").replace('"../base"', '"../vendored"')
    scanned = scan(repo(tmp_path, {"stacks/app/pyproject.toml": APP_UV}, missing))
    assert (
        "libs/platform/pyproject.toml",
        7,
        "installs ../vendored, a folder not in the repository (missing, or skipped by the scan): "
        "its modules are not read",
    ) in not_followed(scanned)
    assert [r.resolved for r in scanned.references] == [False]


def test_a_package_imported_by_a_local_package_that_installs_nothing_is_said(tmp_path: Path) -> None:
    """libs/platform imports base_lib but names no package that installs it: the reference in libs/base is kept
    unresolved and the import is said (was: nothing at all, as only the project's own files were looked at)."""
    scanned = scan(repo(tmp_path, {"stacks/app/pyproject.toml": APP_UV}, platform("root")))
    assert [(r.stack, r.resolved) for r in scanned.references] == [("dev", False)]
    assert [n[:2] for n in not_followed(scanned)] == [("libs/platform/src/platform_lib/__init__.py", 1)]
    assert "libs/base/src/base_lib/refs.py" in not_followed(scanned)[0][2]
