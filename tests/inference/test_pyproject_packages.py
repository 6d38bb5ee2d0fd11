"""A Python program's local packages named by its pyproject.toml: Poetry path dependencies
(`lib = { path = "../lib", develop = true }`), uv path sources and uv workspace members. Pulumi installs them with
the project's `toolchain` (poetry, uv), so the program imports them as a requirements.txt `-e ../lib` would.

Real case: a monorepo of Python Pulumi stacks that share a `libs/` package installed by Poetry or a uv workspace
(the layout of probe /tmp/probe-mono-3 and -4: `stacks/app` importing `platform_lib` from `libs/platform/src`); was:
the StackReference in the library unresolved, blamed on a PYTHONPATH set outside the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.pyproject import local_dependencies, tables
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

LIB = {
    "libs/platform/src/platform_lib/__init__.py": "from .refs import network_ref\n",
    "libs/platform/src/platform_lib/refs.py": (
        "import pulumi\n\n\ndef network_ref():\n"
        '    return pulumi.StackReference(f"acme/network/{pulumi.get_stack()}")\n'
    ),
}
APP_MAIN = (
    "import pulumi\nfrom platform_lib import network_ref\n\n"
    'net = network_ref()\npulumi.export("v", net.get_output("vpc_id"))\n'
)


def monorepo(tmp_path: Path, app_pyproject: str, extra: dict[str, str] | None = None) -> Path:
    return write_repo(
        tmp_path,
        {
            "stacks/network/Pulumi.yaml": project("network", runtime="python"),
            "stacks/network/Pulumi.dev.yaml": stack(),
            "stacks/network/__main__.py": 'import pulumi\npulumi.export("vpc_id", "vpc-1")\n',
            "stacks/app/Pulumi.yaml": project("app", runtime="python"),
            "stacks/app/Pulumi.dev.yaml": stack(),
            "stacks/app/__main__.py": APP_MAIN,
            "stacks/app/pyproject.toml": app_pyproject,
            **LIB,
            **(extra or {}),
        },
    )


def found(repo: Repo) -> list[tuple[str | None, str | None, list[str]]]:
    return [(r.stack, r.target_id, list(r.outputs)) for r in repo.references]


def not_followed(repo: Repo) -> list[tuple[str | None, int | None, str]]:
    return [(d.file, d.line, d.message) for d in repo.diagnostics if d.code == "not-followed"]


POETRY = """[tool.poetry]
name = "app"
package-mode = false

[tool.poetry.dependencies]
python = "^3.11"
pulumi = "^3.0"
platform-lib = { path = "../../libs/platform", develop = true }
"""

SUBTABLE = '[tool.poetry.dependencies.platform-lib]\npath = "../../libs/platform"\n'
UV_PATH = (
    '[project]\nname = "app"\n\n[tool.uv.sources]\nplatform-lib = { path = "../../libs/platform", editable = true }\n'
)
UV_MEMBER = """[project]
name = "app"
dependencies = [
    "pulumi>=3",
    "platform-lib",  # the workspace's
]

[tool.uv.sources]
platform-lib = { workspace = true }
"""
UV_ROOT = {
    "pyproject.toml": '[project]\nname = "infra"\n\n[tool.uv.workspace]\nmembers = ["libs/*", "stacks/*"]\n',
    "libs/platform/pyproject.toml": '[project]\nname = "platform_lib"\nversion = "0.1.0"\n',
}


@pytest.mark.parametrize(
    ("pyproject", "extra"),
    [
        (POETRY, None),
        (POETRY.replace("platform-lib = {", "[tool.poetry.group.dev.dependencies]\nplatform-lib = {"), None),
        (
            POETRY.split("platform-lib", maxsplit=1)[0] + SUBTABLE,
            None,
        ),
        (
            UV_PATH,
            None,
        ),
        (UV_MEMBER, UV_ROOT),
    ],
    ids=["poetry", "poetry-group", "poetry-subtable", "uv-path", "uv-workspace"],
)
def test_a_package_the_pyproject_installs_is_read(tmp_path: Path, pyproject: str, extra: dict[str, str] | None) -> None:
    repo = scan(monorepo(tmp_path, pyproject, extra))
    assert found(repo) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(repo) == []


def test_a_local_package_that_is_not_in_the_repository_is_said(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "app"\n\n[tool.uv.sources]\n'
        'platform-lib = { path = "../../vendor/platform", editable = true }\nother = { workspace = true }\n'
    )
    repo = scan(monorepo(tmp_path, pyproject, UV_ROOT))
    assert [n for n in not_followed(repo) if n[0] == "stacks/app/pyproject.toml"] == [
        (
            "stacks/app/pyproject.toml",
            5,
            "installs ../../vendor/platform, a folder not in the repository (missing, or skipped by the scan): "
            "its modules are not read",
        ),
        (
            "stacks/app/pyproject.toml",
            6,
            "installs other (workspace member), which no member of its uv workspace is named: its modules are not read",
        ),
    ]
    assert [r.resolved for r in repo.references] == [False]


def test_the_toml_reader_reads_what_the_packages_need() -> None:
    text = """# top
[tool.poetry.dependencies]
multi = [
  { path = "../a", markers = "sys_platform == 'linux'" },  # one
  {version="1"},
]
'quoted.key' = { path = '../b' }
[tool.uv.workspace]
members = ["libs/*",
  "apps/*"]  # two lines
esc = "a\\"b # not a comment"
"""
    data = tables(text)
    assert data["tool.poetry.dependencies"]["multi"] == (
        3,
        [{"path": "../a", "markers": "sys_platform == 'linux'"}, {"version": "1"}],
    )
    assert data["tool.poetry.dependencies"]["quoted.key"] == (7, {"path": "../b"})
    assert data["tool.uv.workspace"]["members"] == (9, ["libs/*", "apps/*"])
    assert data["tool.uv.workspace"]["esc"] == (11, 'a"b # not a comment')
    read = {"app/pyproject.toml": text}.get
    assert local_dependencies(read, "app/pyproject.toml") == [(3, "../a", "a"), (7, "../b", "b")]


@pytest.mark.parametrize("text", ["[tool.poetry.dependencies\nx = 1\n", "x = [1, 2\n", 'x = """a\nb"""\n', "= 1\n"])
def test_a_pyproject_the_reader_cannot_read_says_nothing(text: str) -> None:
    assert local_dependencies({"app/pyproject.toml": text}.get, "app/pyproject.toml") == []


UV_MEMBER_NO_SOURCES = '[project]\nname = "app"\ndependencies = [\n    "pulumi>=3",\n    "platform-lib>=0.1",\n]\n'
ROOT_SOURCES = (
    '[project]\nname = "infra"\n\n[tool.uv.workspace]\nmembers = ["libs/*", "stacks/*"]\n\n'
    "[tool.uv.sources]\n{sources}\n"
)


def root(sources: str) -> dict[str, str]:
    return {**UV_ROOT, "pyproject.toml": ROOT_SOURCES.format(sources=sources)}


@pytest.mark.parametrize(
    "sources", ["platform-lib = { workspace = true }", 'Platform_Lib = { path = "libs/platform", editable = true }']
)
def test_the_workspace_roots_sources_install_a_members_package(tmp_path: Path, sources: str) -> None:
    """uv applies the workspace root's `[tool.uv.sources]` to every member: `platform-lib = { workspace = true }` in
    the root only (paths relative to the root) installs the library for `stacks/app`, which depends on it; was: the
    import blamed on a PYTHONPATH set outside the program."""
    repo = scan(monorepo(tmp_path, UV_MEMBER_NO_SOURCES, root(sources)))
    assert found(repo) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(repo) == []


def test_a_members_own_source_wins_over_the_roots(tmp_path: Path) -> None:
    member = UV_MEMBER_NO_SOURCES + '\n[tool.uv.sources]\nplatform-lib = { path = "../../vendor/platform" }\n'
    repo = scan(monorepo(tmp_path, member, root("platform-lib = { workspace = true }")))
    assert [r.resolved for r in repo.references] == [False]
    assert [n[:2] for n in not_followed(repo) if n[0] != "stacks/app/__main__.py"] == [("stacks/app/pyproject.toml", 9)]


def test_a_root_source_naming_no_member_is_said_at_the_root(tmp_path: Path) -> None:
    member = UV_MEMBER_NO_SOURCES.replace('"platform-lib>=0.1"', '"platform-lib>=0.1", "other"')
    repo = scan(monorepo(tmp_path, member, root("platform-lib = { workspace = true }\nother = { workspace = true }")))
    assert found(repo) == [("dev", "network/dev", ["vpc_id"])]
    assert not_followed(repo) == [
        (
            "pyproject.toml",
            9,
            "installs other (workspace member), which no member of its uv workspace is named: its modules are not read",
        )
    ]


def test_a_root_source_a_member_does_not_depend_on_is_not_installed(tmp_path: Path) -> None:
    member = UV_MEMBER_NO_SOURCES.replace('    "platform-lib>=0.1",\n', "")
    repo = scan(monorepo(tmp_path, member, root("platform-lib = { workspace = true }")))
    assert [r.resolved for r in repo.references] == [False]


def test_a_root_source_two_members_need_is_said_once(tmp_path: Path) -> None:
    member = UV_MEMBER_NO_SOURCES.replace('"platform-lib>=0.1"', '"platform-lib>=0.1", "other"')
    second = {
        "stacks/app2/Pulumi.yaml": project("app2", runtime="python"),
        "stacks/app2/Pulumi.dev.yaml": stack(),
        "stacks/app2/__main__.py": APP_MAIN,
        "stacks/app2/pyproject.toml": member.replace('"app"', '"app2"'),
    }
    extra = {**root("platform-lib = { workspace = true }\nother = { workspace = true }"), **second}
    repo = scan(monorepo(tmp_path, member, extra))
    assert found(repo) == [("dev", "network/dev", ["vpc_id"])] * 2
    assert [n[:2] for n in not_followed(repo)] == [("pyproject.toml", 9)]
