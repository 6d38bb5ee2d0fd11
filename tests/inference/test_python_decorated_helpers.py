"""Python helpers behind decorators (decorators.py): a decorator may call the function it wraps with other arguments
(`def prefixed(f): return lambda name: f("legacy-" + name)`), return something else, or never call it. A call of a
module function, method or class whose decorator is not one known to hand calls through unchanged (`functools.cache`,
`functools.lru_cache`, `typing.overload` / `final` / `override`, `abc.abstractmethod`, `staticmethod`, and on a
method `classmethod`) is not followed: the reference is unresolved, naming the decorator at file:line.

Was: the decorator was ignored, the call followed as if undecorated: `@prefixed def ref(name)` called `ref("net")`
named organization/net/dev while the program references organization/legacy-net/dev: a wrong edge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.stack_targets import targets

PREFIXED = """def prefixed(f):
    def wrapper(name):
        return f("legacy-" + name)
    return wrapper
"""

LEAD = (
    "import pulumi\n\n"
    + PREFIXED
    + """
@prefixed
def ref(name):
    return pulumi.StackReference(f"organization/{name}/dev")

vpc = ref("net").get_output("vpc")
"""
)

NOT_FOLLOWED = (
    "parameter 'name' of the function ref(), whose calls are not followed: ref is decorated with @{} ({}: not followed)"
)


def test_a_helper_behind_an_unknown_decorator_gives_no_edge(tmp_path: Path) -> None:
    """The lead's program: `stackgraph scan` printed an edge app/dev -> net/dev."""
    for name in ("app", "net"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
        (tmp_path / name / "Pulumi.dev.yaml").write_text("config: {}\n")
    (tmp_path / "net" / "__main__.py").write_text("import pulumi\n")
    (tmp_path / "app" / "__main__.py").write_text(LEAD)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["edges"] == []
    [ref] = found["references"]
    assert (ref["site"], ref["resolved"]) == ("app/__main__.py:10", False)
    assert ref["reason"] == "cannot resolve 'organization/<?>/dev': " + NOT_FOLLOWED.format(
        "prefixed", "app/__main__.py:8"
    )


@pytest.mark.parametrize(
    ("decorator", "shown"),
    [
        ("@prefixed", "prefixed"),
        ("@retry(3)", "retry(...)"),  # a call of a decorator factory: unknown too (its literals shown `...`)
        ("@functools.wraps(print)", "functools.wraps(print)"),
        ("@cache", "cache"),  # `cache` not imported from functools: whatever the program defines
        ("@classmethod", "classmethod"),  # on a module function: calls the function with a class first
        ("@property", "property"),
    ],
)
def test_unknown_decorators_on_a_module_function(tmp_path: Path, decorator: str, shown: str) -> None:
    source = LEAD.replace("@prefixed\n", f"{decorator}\n").replace("import pulumi\n", "import functools, pulumi\n")
    source = source.replace("def prefixed(f):", "def cache(f):") if shown == "cache" else source
    found = targets(tmp_path, "python", {"__main__.py": source}, ["dev"])
    assert found == {
        (10, "dev"): "cannot resolve 'organization/<?>/dev': " + NOT_FOLLOWED.format(shown, "app/__main__.py:8")
    }


KNOWN = """import abc
import functools
import functools as ft
import typing
import typing_extensions
from functools import cache, lru_cache
import pulumi

{}
def ref(name):
    return pulumi.StackReference(f"organization/{{name}}/dev")

vpc = ref("net").get_output("vpc")
"""


@pytest.mark.parametrize(
    "decorator",
    [
        "@functools.cache",
        "@cache",
        "@ft.cache",
        "@functools.lru_cache",
        "@lru_cache(maxsize=None)",
        "@ft.lru_cache()",
        "@typing.final",
        "@typing_extensions.override",
        "@abc.abstractmethod",
        "@staticmethod",
        "@functools.cache\n@typing.final",
    ],
)
def test_known_decorators_are_followed(tmp_path: Path, decorator: str) -> None:
    source = KNOWN.format(decorator)
    line = source.splitlines().index('    return pulumi.StackReference(f"organization/{name}/dev")') + 1
    assert targets(tmp_path, "python", {"__main__.py": source}, ["dev"]) == {(line, "dev"): "net/dev"}


def test_a_known_decorator_shadowed_by_the_program_is_unknown(tmp_path: Path) -> None:
    """`from functools import cache` then `def cache(f)` (a fallback for old Pythons): which one runs is not
    followed."""
    source = KNOWN.format("@cache").replace("import pulumi\n", "import pulumi\ndef cache(f):\n    return f\n")
    found = targets(tmp_path, "python", {"__main__.py": source}, ["dev"])
    assert found == {
        (13, "dev"): "cannot resolve 'organization/<?>/dev': " + NOT_FOLLOWED.format("cache", "app/__main__.py:11")
    }


def test_overload_stubs_are_not_the_body(tmp_path: Path) -> None:
    source = """import typing
from typing import overload
import pulumi

@overload
def ref(name: str) -> pulumi.StackReference: ...
@typing.overload
def ref(name: bytes) -> pulumi.StackReference: ...
def ref(name):
    return pulumi.StackReference(f"organization/{name}/dev")

ref("net")
"""
    assert targets(tmp_path, "python", {"__main__.py": source}, ["dev"]) == {(10, "dev"): "net/dev"}


def test_a_decorator_imported_from_another_module(tmp_path: Path) -> None:
    """`from .decos import prefixed` on helpers of `refs.py`, called from `__main__.py`: the StackReference made there
    and a name one returns are both unknown."""
    refs = """import pulumi
from .decos import prefixed

@prefixed
def ref(name):
    return pulumi.StackReference(f"organization/{name}/dev")

@prefixed
def stack_name(p):
    return f"organization/{p}/dev"
"""
    main = """import pulumi
from .refs import ref, stack_name

a = ref("net").get_output("vpc")
b = pulumi.StackReference(stack_name("net"))
"""
    files = {"__main__.py": main, "refs.py": refs, "decos.py": PREFIXED}
    assert targets(tmp_path, "python", files, ["dev"]) == {
        (5, "dev"): "cannot resolve '<stack_name()>': the result of stack_name(): stack_name is decorated with "
        "@prefixed (app/refs.py:8: not followed)",
        (6, "dev"): "cannot resolve 'organization/<?>/dev': " + NOT_FOLLOWED.format("prefixed", "app/refs.py:4"),
    }


def test_a_decorated_function_returning_a_name_and_passing_a_parameter_on(tmp_path: Path) -> None:
    source = (
        "import pulumi\n"
        + PREFIXED
        + """def ref(name):
    return pulumi.StackReference(f"organization/{name}/dev")
@prefixed
def app(name):
    return ref(name)
@prefixed
def stack_name(p):
    return f"organization/{p}/dev"
x = app("net")
y = pulumi.StackReference(stack_name("net"))
"""
    )
    assert targets(tmp_path, "python", {"__main__.py": source}, ["dev"]) == {
        (7, "dev"): "cannot resolve 'organization/<?>/dev' via the call at app/__main__.py:10: parameter 'name' of the "
        "function app(), whose calls are not followed: app is decorated with @prefixed (app/__main__.py:8: not "
        "followed)",
        (15, "dev"): "cannot resolve '<?>': the result of stack_name(): stack_name is decorated with "
        "@prefixed (app/__main__.py:11: not followed)",
    }


def test_a_decorated_class_is_not_constructed_as_written(tmp_path: Path) -> None:
    source = (
        "import pulumi\n"
        + PREFIXED
        + """@prefixed
class Net:
    def __init__(self, name):
        self.ref = pulumi.StackReference(f"organization/{name}/dev")
n = Net("net")
"""
    )
    assert targets(tmp_path, "python", {"__main__.py": source}, ["dev"]) == {
        (9, "dev"): "cannot resolve 'organization/<?>/dev': parameter 'name' of the method __init__(), whose calls are "
        "not followed: Net is decorated with @prefixed (app/__main__.py:7: not followed)",
    }


METHODS = """import functools
from functools import cache
import pulumi

def prefixed(f):
    return f

class Refs:
    @staticmethod
    @functools.cache
    def a(name):
        return pulumi.StackReference(f"organization/{name}/dev")

    @prefixed
    def b(self, name):
        return pulumi.StackReference(f"organization/{name}/dev")

    @classmethod
    @cache
    def c(cls, name):
        return pulumi.StackReference(f"organization/{name}/dev")

    @cache
    def d(self, name):
        return pulumi.StackReference(f"organization/{name}/dev")

Refs.a("net")
Refs().b("net")
Refs.c("net")
Refs().d("net")
"""


def test_decorated_methods(tmp_path: Path) -> None:
    """`@functools.cache` (imported either way) under `@staticmethod` / `@classmethod` or on an instance method:
    followed (was: not followed); another decorator: not followed, saying which."""
    assert targets(tmp_path, "python", {"__main__.py": METHODS}, ["dev"]) == {
        (12, "dev"): "net/dev",
        (16, "dev"): "cannot resolve 'organization/<?>/dev': parameter 'name' of the method b(), whose calls are not "
        "followed: Refs.b is decorated with @prefixed (app/__main__.py:14: not followed)",
        (21, "dev"): "net/dev",
        (25, "dev"): "net/dev",
    }


INSTANCE_REFS = """import pulumi

class Refs:
    def ref(self, name):
        return pulumi.StackReference(f"organization/{name}/dev")
"""


def test_a_method_of_an_instance_of_a_class_of_another_module_says_why(tmp_path: Path) -> None:
    """`from .refs import Refs`, `refs = Refs()` handed on (`print(refs)`), `refs.ref("net")`: the call is not followed,
    the reference says where and why (was: "helper parameter 'name' (no call with a known argument)", as if never
    called); `Refs().ref("net")` is followed (test_python_imported_instances.py)."""
    main = 'from .refs import Refs\n\nrefs = Refs()\nprint(refs)\na = refs.ref("net")\nb = Refs().ref("db")\n'
    why = (
        "a method of an instance of Refs, a class of another module: `refs` is also used at app/__main__.py:4 "
        "(`print(refs)`) (not followed)"
    )
    found = scan_references(tmp_path, {"__main__.py": main, "refs.py": INSTANCE_REFS})
    at = "cannot resolve 'organization/<?>/dev' via the call at app/__main__.py:5: `refs.ref()` at app/__main__.py:5: "
    assert found == [("app/refs.py:5", ""), ("app/refs.py:5", at + why)]


def scan_references(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    """(site, reason) of each reference of the program `app` (stack dev), in order."""
    for name, text in files.items():
        (tmp_path / "app").mkdir(exist_ok=True)
        (tmp_path / "app" / name).write_text(text)
    (tmp_path / "app" / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "app" / "Pulumi.dev.yaml").write_text("config: {}\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return sorted((r["site"], r["reason"]) for r in json.loads(out.stdout)["references"])
