"""What the package needs at run time is what it imports."""

from __future__ import annotations

import ast
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _pulumi_imports() -> dict[str, list[ast.AST]]:
    """Every `import pulumi...` in the package, by file, with the node that holds it."""
    found: dict[str, list[ast.AST]] = {}
    for path in sorted((ROOT / "stackgraph").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for holder in ast.walk(tree):
            for node in ast.iter_child_nodes(holder):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                if any(n.split(".")[0] == "pulumi" for n in names):
                    found.setdefault(str(path.relative_to(ROOT)), []).append(holder)
    return found


def test_only_the_env_workspace_imports_the_pulumi_sdk_and_only_inside_a_function() -> None:
    """The SDK (53 MB with grpc, about a second to import) serves the env commands' stack management alone."""
    found = _pulumi_imports()
    assert sorted(found) == ["stackgraph/run/pulumi/workspace.py"]
    holders = found["stackgraph/run/pulumi/workspace.py"]
    runtime = [h for h in holders if not isinstance(h, ast.If)]  # `if TYPE_CHECKING:` costs nothing
    assert runtime and all(isinstance(h, ast.FunctionDef) for h in runtime)
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert [d for d in deps if d.startswith("pulumi")] == ["pulumi>=3.120,<4"]


def test_setup_installs_the_python_examples_requirements() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "examples/*/requirements.txt" in setup
    reqs = sorted((ROOT / "examples").glob("*/requirements.txt"))
    assert reqs, "the Python examples name their SDK in requirements.txt"
    assert all("pulumi" in r.read_text(encoding="utf-8") for r in reqs)
