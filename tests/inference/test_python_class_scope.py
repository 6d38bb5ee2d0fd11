"""The names a Python class body binds are the class's: the statements of the body itself read them, in order (and
the defaults of its methods, the first iterable of a comprehension in it), but a function, lambda or comprehension
defined in the body skips the class scope and reads the enclosing function's or the module's name; a class
attribute is no module variable (it neither gives the module's name a value nor "reassigns" it after a def). An
import in a function binds its name in that function (it hides the module's name so spelled, there only).

Was: a class-body assignment was filed as a module assignment, so `name = "acme/net/dev"`, `class C: name = ..`,
`def ref(self): return StackReference(name)` named the class's value (a wrong edge), a module function reading
`name` was "reassigned after its def" by the class attribute, and a class in a function read the function's name
before the class assigned its own; a function's `from cfg import m` (or `import m`, `import other as refs`) was
read as the module's `m` (`refs`) in that function, and could replace the module's import for the other functions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.stack_targets import targets

CLASS = """import pulumi
name = "acme/net/dev"
class C:
    name = "acme/other/dev"
    def ref(self):
        return pulumi.StackReference(name)  # method
    f = lambda self: pulumi.StackReference(name)  # lambda
    refs = [pulumi.StackReference(name) for _ in range(1)]  # comprehension
    own = pulumi.StackReference(name)  # body
    prefix = "acme/own"
    after = pulumi.StackReference(prefix + "/dev")  # in order
    def default(self, n=name):
        return pulumi.StackReference(n)  # default
    def __init__(self):
        self.field = "acme/field/dev"
    def by_self(self):
        return pulumi.StackReference(self.field)  # self
other = "acme/glob/dev"
class D:
    r = pulumi.StackReference(other)  # module name
    def m(self):
        return pulumi.StackReference(other)  # module name in a method
C().ref()
C().default()
C().by_self()
D().m()
"""

LATE = """import pulumi
name = "acme/net/dev"
def f():
    return pulumi.StackReference(name)  # function
f()
class C:
    name = "acme/other/dev"
def build():
    name = "acme/x/dev"
    class K:
        r = pulumi.StackReference(name)  # before the class's
        name = "acme/other/dev"
    return K
build()
"""

IMPORTS = """import pulumi
import refs
from a import m
def f():
    from b import m
    return pulumi.StackReference(m)  # from-import
def g():
    import m
    return pulumi.StackReference(m)  # module import
def h():
    return pulumi.StackReference(m)  # module's
def i():
    import other as refs
    return pulumi.StackReference(refs.net)  # module alias
def j():
    return pulumi.StackReference(refs.net)  # module's alias
n = "acme/net/dev"
def k():
    from b import m as n
    return pulumi.StackReference(n)  # hides an assignment
f()
g()
h()
i()
j()
k()
"""

CALLS = """import pulumi
import a as lib
from a import make, ref
def f():
    from b import make
    return pulumi.StackReference(make())  # local function
def g():
    import b as lib
    return pulumi.StackReference(lib.make())  # local module
def h():
    return pulumi.StackReference(make())  # module's function
def i():
    return pulumi.StackReference(lib.make())  # module's module
def k():
    from b import ref
    ref("x")
f()
g()
h()
i()
k()
ref("y")
"""

HELPER = """import pulumi
def make():
    return "acme/{0}/dev"
def ref(p):
    return pulumi.StackReference(f"acme/{0}-{{p}}/dev")
"""

FILES = {
    "a.py": 'm = "acme/a/dev"\n',
    "b.py": 'm = "acme/b/dev"\n',
    "refs.py": 'net = "acme/refs/dev"\n',
    "other.py": 'net = "acme/other/dev"\n',
}


def test_a_call_of_a_name_a_function_imports_runs_its_import(tmp_path: Path) -> None:
    """Was: the module's and the function's import were one name of the file (the last indexed): both `make()` and
    `lib.make()` ran the same module's function in every scope, and `ref("y")` bound the helper of b.py."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (app / "Pulumi.dev.yaml").write_text("config: {}\n")
    for name, text in {"__main__.py": CALLS, "a.py": HELPER.format("a"), "b.py": HELPER.format("b")}.items():
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = sorted(
        (r["site"], r["target"]["project"] if r["target"] else "") for r in json.loads(out.stdout)["references"]
    )
    main = "app/__main__.py:{}".format
    assert found == sorted(
        [
            (main(at(CALLS, "local function")), "b"),
            (main(at(CALLS, "local module")), "b"),
            (main(at(CALLS, "module's function")), "a"),
            (main(at(CALLS, "module's module")), "a"),
            ("app/a.py:5", "a-y"),
            ("app/b.py:5", "b-x"),
        ]
    )


def at(source: str, mark: str) -> int:
    """The line of `source` ending in the comment `# mark`."""
    return next(i for i, text in enumerate(source.splitlines(), 1) if text.endswith(f"# {mark}"))


def scan(tmp_path: Path, source: str) -> dict[int, str]:
    return {line: v for (line, _), v in targets(tmp_path, "python", {"__main__.py": source, **FILES}, ["dev"]).items()}


@pytest.mark.parametrize(
    ("mark", "target"),
    [
        ("method", "net/dev"),  # was other/dev: the class attribute
        ("lambda", "net/dev"),
        ("comprehension", "net/dev"),
        ("body", "other/dev"),  # the class body itself reads its own name
        ("in order", "own/dev"),
        ("default", "other/dev"),  # a default is evaluated in the class body
        ("self", "field/dev"),
        ("module name", "glob/dev"),
        ("module name in a method", "glob/dev"),
    ],
)
def test_a_class_body_binds_its_own_names(tmp_path: Path, mark: str, target: str) -> None:
    assert scan(tmp_path, CLASS)[at(CLASS, mark)] == target


def test_a_class_attribute_is_no_module_reassignment(tmp_path: Path) -> None:
    """The function reads the module's one value (was: unknown, "reassigned at 7 after the function")."""
    assert scan(tmp_path, LATE)[at(LATE, "function")] == "net/dev"


def test_a_class_of_a_function_read_before_its_own_assignment_is_unknown(tmp_path: Path) -> None:
    """Python reads the module's `name` there, not the function's (was: x/dev, the function's: a wrong edge)."""
    assert scan(tmp_path, LATE)[at(LATE, "before the class's")] == (
        "cannot resolve '<?>': 'name', read in a class body before the class assigns it (app/__main__.py:12): "
        "not followed"
    )


@pytest.mark.parametrize(
    ("mark", "target"),
    [
        ("from-import", "b/dev"),  # was a/dev, the module's import
        ("module import", "cannot resolve '<?>': 'm', a module imported at line 8"),  # was a/dev
        ("module's", "a/dev"),  # was b/dev: the function's import had replaced the module's
        ("module alias", "other/dev"),
        ("module's alias", "refs/dev"),  # was other/dev
        ("hides an assignment", "b/dev"),  # was net/dev, the module's `n`
    ],
)
def test_an_import_in_a_function_binds_there_only(tmp_path: Path, mark: str, target: str) -> None:
    assert scan(tmp_path, IMPORTS)[at(IMPORTS, mark)] == target
