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
