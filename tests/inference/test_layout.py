"""The inference layer stays walkable: modules under 500 lines, no function over cyclomatic complexity 25
(radon), one class per language front-end named for its language, the entry point alone in __init__."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest

import stackgraph.inference
from tests.helpers.required import in_ci

PACKAGE = Path(stackgraph.inference.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500
MAX_COMPLEXITY = 25
FINDERS = {"PythonFinder", "TypeScriptFinder", "GoFinder", "CSharpFinder", "JavaFinder", "FSharpFinder", "YamlFinder"}


def _radon() -> ModuleType:
    """radon's complexity module; in CI (`CI=true`) a missing radon fails the test, elsewhere it skips."""
    if in_ci():
        return importlib.import_module("radon.complexity")
    return pytest.importorskip("radon.complexity")


def test_modules_are_under_500_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert MODULES and long == {}


def test_no_function_is_over_complexity_25() -> None:
    cc = _radon()
    over = [
        f"{path.relative_to(PACKAGE)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in MODULES
        for block in cc.cc_visit(path.read_text())
        if block.complexity > MAX_COMPLEXITY
    ]
    assert over == []


def test_each_language_has_a_finder_named_for_it() -> None:
    classes = {
        node.name
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
    }
    assert FINDERS - classes == set()
    assert "_Finder" not in classes


def test_the_package_init_holds_the_entry_point_only() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    public = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")}
    assert public == {"infer"}
    assert not any(isinstance(n, ast.ClassDef) for n in tree.body)
