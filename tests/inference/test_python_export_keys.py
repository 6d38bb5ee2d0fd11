"""A module constant is a Python export's key only when nothing else in the file binds its name."""

from __future__ import annotations

import ast

import pytest

from stackgraph.inference.frontends.python.exports import python_exports

HEAD = 'import pulumi\nname = "present"\npulumi.export(name, 1)\n'


def exports(text: str) -> list[tuple[str, str]]:
    tree = ast.parse(text)
    nodes = list(ast.walk(tree))
    parent = {c: n for n in nodes for c in ast.iter_child_nodes(n)}
    return [(e.name, e.open[:24]) for e in python_exports(tree, nodes, parent)]


@pytest.mark.parametrize(
    "rebinding",
    [
        "def export_endpoint(name, value):\n    pulumi.export(name, value)\nexport_endpoint('missingKey', 2)\n",
        "f = lambda name: pulumi.export(name, 2)\nf('missingKey')\n",
        "def f(*, name='missingKey'):\n    pulumi.export(name, 2)\nf()\n",
        "for name in ['missingKey']:\n    pass\npulumi.export(name, 2)\n",
        "name, other = 'missingKey', 1\npulumi.export(name, 2)\n",
        "if (name := 'missingKey'):\n    pulumi.export(name, 2)\n",
        "with open('k') as name:\n    pulumi.export(name, 2)\n",
    ],
)
def test_a_constant_bound_again_opens_the_set(rebinding: str) -> None:
    got = exports(HEAD + rebinding)
    assert ("present", "") not in got
    assert all(key == "" and why for key, why in got)


def test_a_constant_bound_once_is_the_key() -> None:
    assert exports(HEAD + "def f(value):\n    pulumi.export(name, value)\n") == [("present", ""), ("present", "")]


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ("from pulumi import *\n", "export('present', 1)\n"),  # a star import binds `export`
        ("import pulumi.runtime\n", "pulumi.export('present', 1)\n"),  # binds `pulumi` too
        ("import pulumi.runtime, pulumi_aws\n", "pulumi.export('present', 1)\n"),
    ],
)
def test_export_reached_through_any_import_of_pulumi_is_a_key(imports: str, call: str) -> None:
    assert exports(imports + call) == [("present", "")]


def test_a_submodule_imported_under_a_name_binds_no_pulumi() -> None:
    assert exports("import pulumi.runtime as rt\npulumi = object()\npulumi.export('k', 1)\n") == []


@pytest.mark.parametrize(
    "use",
    ["getattr(pulumi, 'export')('hidden', 1)\n", "def publish(p):\n    p.export('hidden', 1)\npublish(pulumi)\n"],
)
def test_the_pulumi_module_passed_on_as_a_value_opens_the_set(use: str) -> None:
    got = exports("import pulumi\npulumi.export('present', 1)\n" + use)
    assert ("present", "") in got
    assert any(key == "" and why.startswith("the pulumi module") for key, why in got)


@pytest.mark.parametrize(
    "source",
    [
        "from common import export\nexport('hidden', 1)\n",  # common.py: `from pulumi import export`
        "from common import export as out\nout('hidden', 1)\n",
        "from .deps import pulumi\npulumi.export('hidden', 1)\n",
        "from base import *\nexport('hidden', 1)\n",  # base.py: `from pulumi import *`
    ],
)
def test_export_taken_from_another_module_opens_the_set(source: str) -> None:
    got = exports(source)
    assert len(got) == 1
    assert got[0][0] == ""
    assert "taken from" in got[0][1]  # `exports` keeps the first 24 characters of the reason


def test_export_named_and_called_from_pulumi_itself_is_no_borrowed_one() -> None:
    assert exports("from base import *\nfrom pulumi import export\nexport('k', 1)\n") == [("k", "")]
