"""An instance method of a class of another module called on the class (`Refs.ref("data")`, `Refs.ref(r, "net")`)
gives the method no `self` of its own: its arguments are not bound to the method's parameters (it was: the name read
from the argument after the one given, `self` left out, so `Refs.ref("data")`, a TypeError at run time, made an edge
to data and `Refs.ref(r, "net")` read the name from `r`). The site is unresolved naming the call, as the same call in
the method's own module is. Static and class methods called on the class, and instance methods called on an
instance, are followed as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.clirun import cli

REFS = """import pulumi
class Refs:
    def ref(self, name):
        return pulumi.StackReference(f"organization/{name}/{pulumi.get_stack()}")
    @staticmethod
    def static(name):
        return pulumi.StackReference(f"organization/{name}/{pulumi.get_stack()}")
    @classmethod
    def made(cls, name):
        return pulumi.StackReference(f"organization/{name}/{pulumi.get_stack()}")
class Other:
    def via(self, name):
        return Refs.static(name)
"""


def scan(tmp_path: Path, main: str, *sites: str) -> list[tuple[str | None, str]]:
    """(project, reason) of each reference at `sites` (`app/refs.py:4`) of a program of __main__.py and refs.py, with
    a stack `prod` (the other sites of refs.py, whose helpers it does not call, are unresolved: left out)."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    (app / "refs.py").write_text(REFS)
    (app / "__main__.py").write_text(main)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs: list[dict[str, Any]] = json.loads(out.stdout)["references"]
    return sorted(((r["target"] and r["target"]["project"], r["reason"]) for r in refs if r["site"] in sites), key=str)


def _not_followed(line: int, shown: str = "Refs.ref", then: str = "") -> str:
    return (
        f"cannot resolve 'organization/<?>/prod' via the call at app/__main__.py:{line}{then}: `{shown}()` at "
        f"app/__main__.py:{line}: {shown} is an instance method, called on a class (not followed)"
    )


def test_an_instance_method_called_on_its_class_binds_nothing(tmp_path: Path) -> None:
    main = (
        "import refs\nfrom refs import Refs\nr = Refs()\n"
        'a = Refs.ref(r, "net")\n'  # `self` given explicitly: `name` was read from `r`
        'b = Refs.ref("data")\n'  # a TypeError at run time: was an edge to data
        'c = refs.Refs.ref("other")\n'  # through the module (`import refs`): the same
    )
    assert scan(tmp_path, main, "app/refs.py:4") == [
        (None, _not_followed(4)),
        (None, _not_followed(5)),
        (None, _not_followed(6)),
    ]


def test_a_call_passing_its_parameter_on_from_an_instance_method_called_on_its_class(tmp_path: Path) -> None:
    """`Other.via(name)` calls `Refs.static(name)`: called on the class Other, it gives `via` no `self` either."""
    main = 'from refs import Other\nx = Other.via("x")\ny = Other().via("y")\n'
    assert scan(tmp_path, main, "app/refs.py:7") == [
        ("y", ""),
        (None, _not_followed(2, "Other.via", " (then app/refs.py:13)")),
    ]


def test_static_class_and_instance_calls_stay_followed(tmp_path: Path) -> None:
    main = (
        "from refs import Refs\n"
        'a = Refs.static("a")\n'
        'b = Refs.made("b")\n'
        'c = Refs().ref("c")\n'
        "held = Refs()\n"
        'd = held.ref("d")\n'
    )
    assert scan(tmp_path, main, "app/refs.py:4", "app/refs.py:7", "app/refs.py:10") == [
        ("a", ""),
        ("b", ""),
        ("c", ""),
        ("d", ""),
    ]
