"""What the package needs at run time is what it imports."""

from __future__ import annotations

import ast
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _imported_top_level_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "stackgraph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_the_package_never_imports_the_pulumi_sdk_and_does_not_depend_on_it() -> None:
    """The SDK (53 MB with grpc) belongs to the programs; the Python examples get it from scripts/setup."""
    assert "pulumi" not in _imported_top_level_names()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert not [d for d in deps if d.split(">")[0].split("<")[0].split("=")[0].strip() == "pulumi"]


def test_setup_installs_the_python_examples_requirements() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "examples/*/requirements.txt" in setup
    reqs = sorted((ROOT / "examples").glob("*/requirements.txt"))
    assert reqs, "the Python examples name their SDK in requirements.txt"
    assert all("pulumi" in r.read_text(encoding="utf-8") for r in reqs)
