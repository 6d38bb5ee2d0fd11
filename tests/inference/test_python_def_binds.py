"""A Python `def name` or `class name` statement binds `name` as an assignment does (python/names.py): it replaces
the value its scope gave the name before it (a read after it is a function or a class: unknown), and in a function
it hides the module's name so spelled from the function's reads (before it too: Python reads the local name).

Was: `def` and `class` bound nothing, so `net = "acme/net/dev"`, `def net(): ..`, `StackReference(net)` named
net/dev; a function's nested `def m(): ..` (or `class m`) left its reads of `m` to the module's `m = ".."`; a class
body's method hid nothing of the class attribute before it; `from helpers import other` read helpers.py's `other`
string though a `class other` followed it (all wrong edges). Guards: a loop, `with .. as`, `except .. as` after the
assignment already made the name unknown; an assignment after the `def` gives the name its value again."""

from __future__ import annotations

import pytest

from tests.helpers.stack_targets import targets
from tests.inference.test_python_class_scope import at

MODULE = """import pulumi
from helpers import other
net = "acme/net/dev"
def net():
    return 1
pulumi.StackReference(net)  # def
cls = "acme/net/dev"
class cls:
    pass
pulumi.StackReference(cls)  # class
m = "acme/net/dev"
def f():
    def m():
        return 1
    return pulumi.StackReference(m)  # nested def
def g():
    class m:
        pass
    return pulumi.StackReference(m)  # nested class
def h():
    r = pulumi.StackReference(m)  # before the nested def
    def m():
        return 1
    return r
def closure():
    return pulumi.StackReference(late)  # closure
late = "acme/net/dev"
def late():
    return 1
class C:
    attr = "acme/net/dev"
    def attr(self):
        return 1
    r = pulumi.StackReference(attr)  # method
pulumi.StackReference(other)  # imported
again = "acme/net/dev"
def again():
    return 1
again = "acme/other/dev"
pulumi.StackReference(again)  # assigned again
loop = "acme/net/dev"
for loop in range(2):
    pass
pulumi.StackReference(loop)  # for
w = "acme/net/dev"
with open("f") as w:
    pass
pulumi.StackReference(w)  # with
e = "acme/net/dev"
try:
    pass
except Exception as e:
    pass
pulumi.StackReference(e)  # except
f()
g()
h()
closure()
"""
HELPERS = """other = "acme/net/dev"
class other:
    pass
"""
LOOP_WHY = "a value bound by a loop, a comprehension, 'with', 'except' or an unpacking"


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    files = {"__main__.py": MODULE, "helpers.py": HELPERS}
    return {line: v for (line, _), v in targets(tmp_path_factory.mktemp("defs"), "python", files, ["dev"]).items()}


@pytest.mark.parametrize(
    ("mark", "reason"),
    [
        ("def", "'net', a function (defined at app/__main__.py:4)"),  # was net/dev
        ("class", "'cls', a class (defined at app/__main__.py:8)"),  # was net/dev
        ("nested def", "'m', a function (defined at app/__main__.py:13)"),  # was net/dev
        ("nested class", "'m', a class (defined at app/__main__.py:17)"),  # was net/dev
        ("before the nested def", "'m', a function (defined at app/__main__.py:22)"),  # was net/dev
        ("closure", "'late', reassigned at app/__main__.py:28 after the function at line 25 is defined"),  # net/dev
        ("method", "'attr', a function (defined at app/__main__.py:32)"),  # was net/dev
        ("imported", "'other' from 'py:helpers', which is not a constant of the project"),  # was net/dev
        ("for", LOOP_WHY),
        ("with", LOOP_WHY),
        ("except", LOOP_WHY),
    ],
)
def test_def_and_class_bind_their_name(found: dict[int, str], mark: str, reason: str) -> None:
    assert reason in found[at(MODULE, mark)]


def test_an_assignment_after_a_def_gives_the_name_its_value(found: dict[int, str]) -> None:
    assert found[at(MODULE, "assigned again")] == "other/dev"
