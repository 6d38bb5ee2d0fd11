"""Helpers of a Python program that are methods of its classes: `@staticmethod` / `@classmethod` helpers called on the
class (`Refs.ref("net")`, `cls.name(project)`), instance methods on a new instance (`Helper().name("dns")`) or on
`self`, followed as module functions are (the name they return, the parameters a StackReference in them uses, the
keys read on what they return). Where the method a call runs is not certain (a subclass that may override it through
`cls` or `self`, a decorator, a method set from outside, a class in a function), the reference stays unresolved with
a reason naming file and line (it was: "the result of cls.name()", or a helper parameter "no call with a known
argument" although the program calls it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli
from tests.helpers.stack_targets import targets

REFS = """import pulumi
class Refs:
    @staticmethod
    def name(project: str) -> str:
        return f"acme/{project}/{pulumi.get_stack()}"
    @classmethod
    def ref(cls, project: str) -> pulumi.StackReference:
        return pulumi.StackReference(cls.name(project))
net = Refs.ref("networking")
vpc = net.require_output("vpcId")
store = pulumi.StackReference(Refs.name("storage"))
"""

HELPER = """import pulumi
class Helper:
    def __init__(self, env):
        self.env = env
        self.shared = pulumi.StackReference(self.name(env))
    def name(self, project):
        return f"acme/{project}/prod"
    def ref(self, project):
        return pulumi.StackReference(self.name(project))
dns = pulumi.StackReference(Helper("x").name("dns"))
db = Helper("y").ref("db")
shared = Helper("shared")
"""

PASSED = """import pulumi
class Refs:
    @staticmethod
    def ref(project, stack="prod"):
        return pulumi.StackReference(f"acme/{project}/{stack}")
    @classmethod
    def foundation(cls, stack):
        return cls.ref("foundation", stack)
def app(stack):
    return Refs.foundation(stack)
a = app("dev")
b = Refs().ref("cache")
"""


def scan(tmp_path: Path, source: str, *, every: bool = False) -> Any:
    """The references of a one-file program with a stack `prod`, by line (one stack: one reference a line, but
    for a helper called more than once); `every`: the list of them all."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    (app / "__main__.py").write_text(source)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)["references"]
    return found if every else {int(r["site"].rpartition(":")[2]): r for r in found}


def test_static_and_class_methods_give_the_name_and_the_keys_read(tmp_path: Path) -> None:
    refs = scan(tmp_path, REFS)
    assert refs[8]["target"] == {"org": "acme", "project": "networking", "stack": "prod"}
    assert refs[8]["outputs"] == ["vpcId"]  # read on what `Refs.ref(..)` returns
    assert refs[8]["reads_open"] is None  # `return StackReference(..)`: handed to the calls, which are followed
    assert refs[11]["target"] == {"org": "acme", "project": "storage", "stack": "prod"}


def test_instance_methods_on_a_new_instance_and_on_self(tmp_path: Path) -> None:
    found = targets(tmp_path, "python", {"__main__.py": HELPER}, ["prod"])
    assert found == {
        (5, "prod"): "shared/prod",  # `self.name(env)` in `__init__`, bound by `Helper("shared")` (the org: dropped)
        (9, "prod"): "db/prod",
        (10, "prod"): "dns/prod",
    }


def test_calls_passing_parameters_on_through_methods(tmp_path: Path) -> None:
    """`app("dev")` -> `Refs.foundation(stack)` -> `cls.ref("foundation", stack)`, and `Refs().ref("cache")` with
    the default stack: one reference per call."""
    refs = scan(tmp_path, PASSED, every=True)
    assert sorted((r["site"], r["target"]["project"], r["target"]["stack"]) for r in refs) == [
        ("app/__main__.py:5", "cache", "prod"),
        ("app/__main__.py:5", "foundation", "dev"),
    ]


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        (
            REFS + "class Sub(Refs):\n    @staticmethod\n    def name(project):\n        return 'other/x/prod'\n",
            8,
            "the result of `cls.name()` at app/__main__.py:8: Refs has a subclass Sub (app/__main__.py:12), so `cls` "
            "may be one of it, whose 'name' may be another (not followed)",
        ),
        (
            REFS.replace("    @staticmethod\n", "    @staticmethod\n    @functools.cache\n"),
            12,
            "the result of `Refs.name()` at app/__main__.py:12: Refs.name is decorated with @functools.cache "
            "(app/__main__.py:4: not followed)",
        ),
        (
            REFS.replace("    @classmethod\n", "    @some.wrapper\n"),
            8,
            "the result of `cls.name()` at app/__main__.py:8: `cls` of a method whose calls are not followed: "
            "Refs.ref is decorated with @some.wrapper (app/__main__.py:6: not followed)",
        ),
        (
            REFS.replace("    @classmethod\n", "    @some.wrapper\n").replace("cls.name(project)", "f'a/{project}/b'"),
            8,
            "parameter 'project' of the method ref(), whose calls are not followed: Refs.ref is decorated with "
            "@some.wrapper (app/__main__.py:6: not followed)",
        ),
        (
            REFS.replace("net = ", "Refs.name = lambda p: p\nnet = "),
            12,
            "the result of `Refs.name()` at app/__main__.py:12: `Refs.name` is set at app/__main__.py:9 (a method of "
            "that name: not followed)",
        ),
        (
            REFS.replace(
                "        return pulumi.StackReference(", "        cls.name = len\n        return pulumi.StackReference("
            ),
            9,
            "the result of `cls.name()` at app/__main__.py:9: `cls.name` is set at app/__main__.py:8 (a method of "
            "that name: not followed)",
        ),
        (
            REFS.replace("    @classmethod\n", "    if DEBUG:\n        name = staticmethod(len)\n    @classmethod\n"),
            13,  # bound again in the class body, under an `if`
            "the result of `Refs.name()` at app/__main__.py:13: 'name' is bound 2 times in the body of Refs "
            "(app/__main__.py:7: not followed)",
        ),
        (
            REFS.replace(
                "class Refs:", "class Base:\n    def __init_subclass__(cls):\n        pass\nclass Refs(Base):"
            ),
            14,  # a base that may change its subclasses' methods
            "Refs inherits from Base: Base defines __init_subclass__ (app/__main__.py:2: not followed)",
        ),
        (
            REFS.replace("class Refs:", "class Base(metaclass=Meta):\n    pass\nclass Refs(Base):"),
            13,
            "Refs inherits from Base: Base is made with a metaclass or class arguments (app/__main__.py:2: not "
            "followed)",
        ),
        (
            REFS.replace("class Refs:", "class Refs(Base):"),
            11,
            "Refs inherits from Base (app/__main__.py:2: not followed)",
        ),
        (
            REFS.replace("    @staticmethod\n    def name(project", "    def name(self, project"),
            10,  # an instance method called on the class: `"storage"` would be its `self`
            "the result of `Refs.name()` at app/__main__.py:10: Refs.name is an instance method, called on a class "
            "(not followed)",
        ),
        (
            REFS.replace("net = ", "setattr(Refs, 'name', len)\nnet = "),
            12,
            "the file sets attributes with setattr (app/__main__.py:9: not followed)",
        ),
        (
            "import pulumi\ndef make():\n    class Local:\n        @staticmethod\n        def ref(p):\n"
            "            return pulumi.StackReference(f'acme/{p}/prod')\n    return Local.ref('a')\n",
            6,
            "parameter 'p' of the method ref(), whose calls are not followed: Local is not a class defined once at "
            "module level (app/__main__.py:3)",
        ),
    ],
)
def test_methods_not_followed_say_why(tmp_path: Path, source: str, line: int, reason: str) -> None:
    refs = scan(tmp_path, source)
    assert refs[line]["resolved"] is False
    assert reason in str(refs[line]["reason"])


def test_a_method_is_not_bound_by_calls_of_a_module_function_of_its_name(tmp_path: Path) -> None:
    """`ref("a")` calls the module's `ref`, never the method `Refs.ref` (it was bound to it: a wrong edge)."""
    source = (
        "import pulumi\ndef ref(p):\n    return p\nclass Refs:\n    @staticmethod\n    def ref(p):\n"
        "        return pulumi.StackReference(f'acme/{p}/prod')\nx = ref('a')\ny = Refs.ref('b')\n"
    )
    assert targets(tmp_path, "python", {"__main__.py": source}, ["prod"]) == {(7, "prod"): "b/prod"}


REFS_MODULE = """import functools
import pulumi
class Refs:
    @staticmethod
    def name(project):
        return f"acme/{project}/prod"
    @classmethod
    def ref(cls, project):
        return pulumi.StackReference(cls.name(project))
    @staticmethod
    def out(ref, key):
        return ref.require_output(key)
    @staticmethod
    @functools.singledispatch
    def cached(project):
        return f"acme/{project}/prod"
net = Refs.ref("networking")
db = Refs.ref("db")
host = Refs.out(db, "host")
"""


def scan_files(tmp_path: Path, files: dict[str, str]) -> list[dict[str, Any]]:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return sorted(json.loads(out.stdout)["references"], key=lambda r: (r["site"], str(r["target"])))


def test_methods_of_a_class_imported_from_another_module(tmp_path: Path) -> None:
    """`from refs import Refs` (and `import refs`, `refs.Refs.ref(..)`): `Refs.ref(..)` binds the reference in refs.py,
    `Refs.name(..)` gives its name; keys read through `Refs.out(db, "host")` and on `net` in the module importing it
    are the reference's."""
    main = (
        "import pulumi\nfrom refs import Refs, net\nvpc = net.require_output('vpcId')\n"
        "cache = Refs.ref('cache')\nstore = pulumi.StackReference(Refs.name('storage'))\n"
        "old = pulumi.StackReference(Refs.cached('old'))\n"
        "import refs\nvia = refs.Refs.ref('via')\nstore2 = pulumi.StackReference(refs.Refs.name('s2'))\n"
    )
    refs = scan_files(tmp_path, {"__main__.py": main, "refs.py": REFS_MODULE})
    shown = [(r["site"], r["target"] and r["target"]["project"], r["outputs"], r["reason"]) for r in refs]
    assert shown == [
        ("app/__main__.py:5", "storage", [], ""),
        (
            "app/__main__.py:6",
            None,
            [],
            "cannot resolve '<cached()>': the result of Refs.cached(): Refs.cached is decorated with "
            "@functools.singledispatch (app/refs.py:14: not followed)",  # (`functools.cache` is followed)
        ),
        ("app/__main__.py:9", "s2", [], ""),
        ("app/refs.py:9", "cache", [], ""),
        ("app/refs.py:9", "db", ["host"], ""),
        ("app/refs.py:9", "networking", ["vpcId"], ""),
        ("app/refs.py:9", "via", [], ""),
    ]


HELD = """import pulumi
class Helper:
    def ref(self, stack_name):
        return pulumi.StackReference(stack_name)
helper = Helper()
net = helper.ref("acme/networking/prod")
def build():
    local = Helper()
    return local.ref("acme/dns/prod")
dns = build()
"""


def projects(refs: list[dict[str, Any]]) -> list[str]:
    return sorted(r["target"]["project"] if r["target"] else "?" for r in refs)


def test_instance_methods_on_an_instance_held_in_a_name(tmp_path: Path) -> None:
    """`helper = Helper()` then `helper.ref("..")`: the call runs Helper.ref as `Helper().ref("..")` does (it was
    "helper parameter 'stack_name' (no call with a known argument)")."""
    assert projects(scan(tmp_path, HELD, every=True)) == ["dns", "networking"]


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("helper = Helper()\nhelper = object()\n", ["dns"]),  # bound twice: which one the call gets is not known
        ("helper = Helper()\nhelper.ref = print\n", ["?"]),  # a method set from outside: no call of it followed
        # a parameter: which class it is is not followed, so its call is unresolved ("?"), not 'x' (it was dropped)
        ("def of(helper):\n    return helper.ref('acme/x/prod')\nhelper = Helper()\n", ["?", "dns", "networking"]),
    ],
)
def test_an_instance_the_calls_may_not_get_is_not_followed(tmp_path: Path, change: str, found: list[str]) -> None:
    assert projects(scan(tmp_path, HELD.replace("helper = Helper()\n", change), every=True)) == found
