"""A Python program inside the package of a pyproject.toml above it: the packages that pyproject.toml declares are
installed in the environment that runs the program, so its imports by package name reach them.

Real case (mitodl/ol-infrastructure): the root pyproject.toml builds `ol_infrastructure` from `src/` (Poetry
`packages = [{ include = "ol_infrastructure", from = "src" }]`, later hatch `sources`), and the Pulumi projects
live in `src/ol_infrastructure/infrastructure/<x>/`, importing `ol_infrastructure.lib.pulumi_helper` to build their
StackReference names; was: the name unresolved, with a hint to install the folder with `-e` in requirements.txt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stackgraph.contracts import check
from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo
from tests.inference.test_pyproject_packages import not_followed

PKG = "src/ol_infrastructure"
EKS = f"{PKG}/infrastructure/aws/eks"
POETRY = """[tool.poetry]
name = "ol-infrastructure"
version = "0.1.0"
packages = [
    {include = "ol_infrastructure", from = "src"},
    {include = "bridge", from = "src"},
]

[tool.poetry.dependencies]
python = "^3.11"

[build-system]
requires = ["poetry_core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
"""
HELPER = (
    "import pulumi\n\n\ndef project_stack(project: str) -> str:\n"
    '    return f"organization/{project}/{pulumi.get_stack()}"\n'
)
EKS_MAIN = (
    "import pulumi\nfrom pulumi import StackReference\n\n"
    "from ol_infrastructure.lib.pulumi_helper import project_stack\n\n"
    'network = StackReference(project_stack("ol-infrastructure-network"))\n'
    'pulumi.export("vpc", network.require_output("vpc_id"))\n'
)


def ol_infra(tmp_path: Path, pyproject: str | None = POETRY, runtime: Any = "python", **extra: str) -> Path:
    files: dict[str, Any] = {
        f"{PKG}/__init__.py": "",
        f"{PKG}/lib/__init__.py": "",
        f"{PKG}/lib/pulumi_helper.py": HELPER,
        f"{PKG}/infrastructure/aws/network/Pulumi.yaml": project("ol-infrastructure-network", runtime="python"),
        f"{PKG}/infrastructure/aws/network/Pulumi.QA.yaml": stack(),
        f"{PKG}/infrastructure/aws/network/__main__.py": 'import pulumi\n\npulumi.export("vpc_id", "vpc-1")\n',
        f"{EKS}/Pulumi.yaml": project("ol-infrastructure-eks", runtime=runtime),
        f"{EKS}/Pulumi.QA.yaml": stack(),
        f"{EKS}/__main__.py": EKS_MAIN,
        **extra,
    }
    if pyproject is not None:
        files["pyproject.toml"] = pyproject
    return write_repo(tmp_path, files)


def edges(repo: Repo) -> list[tuple[str, str, str]]:
    return [(e.dependent, e.dependency, e.evidence[0].detail) for e in repo.edges]


def reasons(repo: Repo) -> list[str]:
    return [r.reason for r in repo.references if not r.resolved]


POETRY_NOTE = (
    f"{PKG}/lib/pulumi_helper.py from the package ol_infrastructure of pyproject.toml:4 "
    "(`[tool.poetry] packages`: include ol_infrastructure from src), "
)


@pytest.mark.parametrize(
    ("runtime", "env"),
    [
        (
            "python",
            "the nearest pyproject.toml above the project (no `virtualenv`: the program runs in its environment)",
        ),
        (
            {"name": "python", "options": {"virtualenv": "../../../../../.venv"}},
            "whose environment `virtualenv: ../../../../../.venv` is",
        ),
        (
            {"name": "python", "options": {"toolchain": "poetry"}},
            "the nearest pyproject.toml at or above the project, which `toolchain: poetry` installs",
        ),
    ],
)
def test_the_root_package_is_read_and_said_in_the_evidence(tmp_path: Path, runtime: Any, env: str) -> None:
    repo = scan(ol_infra(tmp_path, runtime=runtime))
    assert edges(repo) == [
        (
            "ol-infrastructure-eks/QA",
            "ol-infrastructure-network/QA",
            'StackReference(project_stack("ol-infrastructure-network")) with ' + POETRY_NOTE + env,
        )
    ]
    assert [(r.target_id, r.outputs) for r in repo.references] == [("ol-infrastructure-network/QA", ("vpc_id",))]
    assert not_followed(repo) == []


HATCH_SOURCES = """[project]
name = "ol-infrastructure"
version = "0.1.0"

[tool.hatch.build.targets.wheel]
include = ["src/ol_infrastructure", "src/bridge"]

[tool.hatch.build.targets.wheel.sources]
"src/ol_infrastructure" = "ol_infrastructure"
"src/bridge" = "bridge"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""
BACKEND = {
    "hatch": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    "uv": '[build-system]\nrequires = ["uv_build"]\nbuild-backend = "uv_build"\n',
    "setuptools": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
}
NAMED = '[project]\nname = "ol-infrastructure"\nversion = "0.1.0"\n\n'


@pytest.mark.parametrize(
    ("pyproject", "how"),
    [
        (HATCH_SOURCES, "pyproject.toml:9 (`[tool.hatch.build.targets.wheel]` sources)"),
        (
            NAMED + '[tool.hatch.build.targets.wheel]\npackages = ["src/ol_infrastructure"]\n\n' + BACKEND["hatch"],
            "pyproject.toml:6 (`[tool.hatch.build.targets.wheel] packages`)",
        ),
        (
            NAMED + '[tool.setuptools]\npackage-dir = {"" = "src"}\npackages = ["ol_infrastructure", '
            '"ol_infrastructure.lib"]\n\n' + BACKEND["setuptools"],
            "pyproject.toml:7 (`[tool.setuptools] packages`, `package-dir` src)",
        ),
        (
            NAMED + '[tool.setuptools.packages.find]\nwhere = ["src"]\ninclude = ["ol_*"]\n\n' + BACKEND["setuptools"],
            "pyproject.toml:6 (`[tool.setuptools.packages.find]` where src)",
        ),
        (
            NAMED + BACKEND["uv"],
            "pyproject.toml:2 (its name ol-infrastructure: the module ol_infrastructure in src, the build backend's "
            "default)",
        ),
    ],
)
def test_each_backend_declares_the_package(tmp_path: Path, pyproject: str, how: str) -> None:
    repo = scan(ol_infra(tmp_path, pyproject))
    [(_, target, detail)] = edges(repo)
    assert target == "ol-infrastructure-network/QA"
    assert f"{PKG}/lib/pulumi_helper.py from the package " in detail
    assert how in detail


HIDDEN = (
    f"'project_stack' from 'py:ol_infrastructure.lib.pulumi_helper', which is not a constant of the project: "
    f"{PKG}/lib/pulumi_helper.py has that name, but no import path stackgraph reads leads to it (a PYTHONPATH set "
    "outside the program is not read): "
)


@pytest.mark.parametrize(
    ("pyproject", "runtime", "hint"),
    [
        (None, "python", "add src/ to sys.path in the program (no pyproject.toml at or above it)"),
        (
            POETRY.replace('    {include = "ol_infrastructure", from = "src"},\n', ""),
            "python",
            "pyproject.toml, the nearest pyproject.toml above it, does not declare the package ol_infrastructure (it "
            "declares bridge): declare it there as a package it installs (from src/), or add src/ to sys.path in "
            "the program",
        ),
        (
            POETRY.replace('version = "0.1.0"\n', 'version = "0.1.0"\npackage-mode = false\n'),
            "python",
            "pyproject.toml, the nearest pyproject.toml above it, does not declare the package ol_infrastructure "
            "(`package-mode = false`: Poetry installs no package of its own): declare it there as a package it "
            "installs (from src/), or add src/ to sys.path in the program",
        ),
        (
            NAMED + '[tool.uv]\ndev-dependencies = ["pytest"]\n',
            "python",
            "pyproject.toml, the nearest pyproject.toml above it, does not declare the package ol_infrastructure (no "
            "`[build-system]`: uv installs no package of its own (`tool.uv.package` is not true)): declare it there "
            "as a package it installs (from src/), or add src/ to sys.path in the program",
        ),
        (
            POETRY.replace('version = "0.1.0"', 'description = """\nmulti-line\n"""'),
            "python",
            "pyproject.toml, the nearest pyproject.toml above it, is not TOML stackgraph reads",
        ),
        (
            POETRY,
            {"name": "python", "options": {"virtualenv": "venv"}},
            "it is in the package ol_infrastructure of pyproject.toml:4, which the program's environment does not "
            "install (`virtualenv: venv` is no environment of a pyproject.toml, Pulumi installs requirements.txt "
            "there): install it with `-e ../../../../..` in requirements.txt",
        ),
    ],
)
def test_a_package_no_environment_installs_stays_unresolved_with_a_hint_that_fits(
    tmp_path: Path, pyproject: str | None, runtime: Any, hint: str
) -> None:
    repo = scan(ol_infra(tmp_path, pyproject, runtime))
    assert list(repo.edges) == []
    assert reasons(repo) == ["cannot resolve '<project_stack()>': " + HIDDEN + hint]


def test_the_nearest_pyproject_wins_for_poetry(tmp_path: Path) -> None:
    """`toolchain: poetry` installs the nearest pyproject.toml's project: the project's own, which installs no
    package; the root's is not in its environment, and the hint says what to add."""
    own = '[tool.poetry]\nname = "eks"\npackage-mode = false\n'
    runtime = {"name": "python", "options": {"toolchain": "poetry"}}
    repo = scan(ol_infra(tmp_path, POETRY, runtime, **{f"{EKS}/pyproject.toml": own}))
    assert list(repo.edges) == []
    assert reasons(repo) == [
        "cannot resolve '<project_stack()>': "
        + HIDDEN
        + "it is in the package ol_infrastructure of pyproject.toml:4, which the program's environment does not "
        f"install (it is the environment of {EKS}/pyproject.toml): add "
        '`ol-infrastructure = { path = "../../../../..", develop = true }` to the `[tool.poetry.dependencies]` of '
        f"{EKS}/pyproject.toml"
    ]


def test_only_the_declared_package_is_read(tmp_path: Path) -> None:
    """The root builds ol_infrastructure from src/: an import of `other` finds nothing there, though src/other.py
    is a module of that folder."""
    main = EKS_MAIN.replace("ol_infrastructure.lib.pulumi_helper", "other")
    repo = scan(ol_infra(tmp_path, **{f"{EKS}/__main__.py": main, "src/other.py": HELPER}))
    assert list(repo.edges) == []
    assert reasons(repo) == [
        "cannot resolve '<project_stack()>': 'project_stack' from 'py:other', which is not a constant of the "
        "project: src/other.py has that name, but no import path stackgraph reads leads to it (a PYTHONPATH set "
        "outside the program is not read): pyproject.toml, the nearest pyproject.toml above it, does not declare "
        "the package other (it declares ol_infrastructure, bridge): declare it there as a package it installs "
        "(from src/), or add src/ to sys.path in the program"
    ]


def test_check_reads_the_output_through_the_root_package(tmp_path: Path) -> None:
    """`check` compares the read of `vpc_id` with what network exports: one read checked, and a misspelt key is an
    error (was: the reference unresolved, its read unchecked)."""
    result = check(scan(ol_infra(tmp_path / "good")))
    assert (result.errors, result.checked) == ((), 1)
    main = EKS_MAIN.replace('"vpc_id"', '"vpc_idx"')
    result = check(scan(ol_infra(tmp_path / "bad", **{f"{EKS}/__main__.py": main})))
    assert [(f.output, f.file, f.line, f.suggestion) for f in result.errors] == [
        ("vpc_idx", f"{EKS}/__main__.py", 6, "vpc_id")
    ]


def test_a_stack_reference_in_the_root_package_is_the_programs(tmp_path: Path) -> None:
    """The StackReference is made in the package itself (`ol_infrastructure.lib.refs.network()`): a site of the
    program that imports it, its evidence saying how that file is read."""
    refs = (
        "import pulumi\n\nfrom ol_infrastructure.lib.pulumi_helper import project_stack\n\n\ndef network():\n"
        '    return pulumi.StackReference(project_stack("ol-infrastructure-network"))\n'
    )
    main = 'import pulumi\n\nfrom ol_infrastructure.lib.refs import network\n\npulumi.export("vpc", network())\n'
    repo = scan(ol_infra(tmp_path, **{f"{PKG}/lib/refs.py": refs, f"{EKS}/__main__.py": main}))
    [(_, target, detail)] = edges(repo)
    assert target == "ol-infrastructure-network/QA"
    assert detail.startswith(  # no parameter: no call binds it
        'StackReference(project_stack("ol-infrastructure-network")) with '
        f"{PKG}/lib/refs.py from the package ol_infrastructure of pyproject.toml:4"
    )
    assert [r.file for r in repo.references] == [f"{PKG}/lib/refs.py"]
