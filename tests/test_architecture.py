"""The import graph of stackgraph/ follows the layers of docs/architecture.md and has no cycle.

Every import counts, for the layers and for cycles: at module level, inside functions (lazy),
and under TYPE_CHECKING (a cycle through a type-only import still ties two modules together:
neither can move or be read without the other). A module imports
its own layer or the layers below it, never one above; run/ and render/ stand side by
side and never import each other; nothing outside cli/ imports cli/.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LAYERS: dict[str, int] = {
    # the model: data, errors, settings, YAML reading (no I/O beyond reading the settings file)
    "stackgraph": 0,
    "stackgraph.model": 0,
    "stackgraph.results": 0,
    "stackgraph.deployed": 0,
    "stackgraph.errors": 0,
    "stackgraph.yamlio": 0,
    "stackgraph.yamlfast": 0,
    "stackgraph.config": 0,
    "stackgraph.files": 0,
    "stackgraph.statedir": 0,
    "stackgraph.termstyle": 0,
    # reading the repository
    "stackgraph.discovery": 1,
    "stackgraph.inference": 1,
    "stackgraph.cache": 1,
    # the one owner of graph algorithms; selection
    "stackgraph.graph": 2,
    "stackgraph.plan": 3,
    "stackgraph.contracts": 3,  # pure: output contracts of a scanned repository
    "stackgraph.envplan": 3,  # pure: the stacks, config rewrites and shares of an environment (env up)
    # running and rendering, side by side
    "stackgraph.run": 4,
    "stackgraph.render": 4,
    "stackgraph.ci": 4,  # pipeline models, generators and CI output formats
    # the use cases
    "stackgraph.app": 5,
    # the command line
    "stackgraph.cli": 6,
    "stackgraph.__main__": 6,
}
"""The layer of each top-level module or package of stackgraph/: higher may import lower."""

SIBLINGS_APART = {("stackgraph.run", "stackgraph.render"), ("stackgraph.render", "stackgraph.run")}
"""Pairs of the same layer where neither may import the other."""


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted((ROOT / "stackgraph").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The most specific module of stackgraph that `name` (a module or an attribute of one) names."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes under `if TYPE_CHECKING:` (never run)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
        if name == "TYPE_CHECKING":
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imported(module: str, path: Path, *, typing_too: bool) -> Iterator[str]:
    """Every stackgraph module `module` imports, wherever the import statement stands.

    With `typing_too`, also the imports under `if TYPE_CHECKING:`, which never run.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if typing_too else _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None and name.split(".")[0] == "stackgraph" and target != module:
                yield target


GRAPH = {m: sorted(set(_imported(m, p, typing_too=True))) for m, p in MODULES.items()}
"""Every import: what the layers are checked on."""
RUNTIME = {m: sorted(set(_imported(m, p, typing_too=False))) for m, p in MODULES.items()}
"""The imports that run."""


def _layer_of(module: str) -> tuple[str, int]:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, LAYERS[prefix]
    raise AssertionError(f"{module} has no layer: add it to LAYERS in tests/test_architecture.py")


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_import_graph_sees_every_kind_of_import() -> None:
    """The check can fail: lazy, TYPE_CHECKING and relative imports are all seen."""
    assert "stackgraph.discovery.scan" in GRAPH["stackgraph.app.load"]  # inside a function
    assert "stackgraph.graph.dag" in GRAPH["stackgraph.app.load"]  # under TYPE_CHECKING
    assert "stackgraph.graph.dag" not in RUNTIME["stackgraph.app.load"]
    assert "stackgraph.cli.app" in GRAPH["stackgraph.cli.main"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert _cycles({"a": ["b"], "b": []}) == []


def test_no_import_cycle_in_the_package() -> None:
    assert _cycles(RUNTIME) == []
    assert _cycles(GRAPH) == []  # type-only imports included


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module: str) -> None:
    own, rank = _layer_of(module)
    wrong = []
    for target in GRAPH[module]:
        other, other_rank = _layer_of(target)
        if other_rank > rank or (own, other) in SIBLINGS_APART:
            wrong.append(f"{module} ({own}) imports {target} ({other})")
    assert wrong == []


def test_nothing_outside_cli_imports_cli() -> None:
    outside = [
        f"{m} imports {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if t.startswith("stackgraph.cli") and not m.startswith(("stackgraph.cli", "stackgraph.__main__"))
    ]
    assert outside == []


def test_no_command_module_imports_the_app_that_lists_them() -> None:
    assert [m for m in GRAPH if m.startswith("stackgraph.cli.cmd_") and "stackgraph.cli.app" in GRAPH[m]] == []
