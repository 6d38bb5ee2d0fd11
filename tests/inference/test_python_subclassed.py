"""`cls.name()` / `self.name()` in a method of a Python class that another module of the program extends: the
subclass may override `name` (`Other.ref()` runs `Other.name`), so what the StackReference gets from it is unknown,
naming the subclass's file and line (it was the base class's own `name`: a wrong edge). No module extending it, or
only the class's own file doing so (said there already), keeps what it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

REFS = """import pulumi
class Refs:
    @classmethod
    def name(cls):
        return "acme/net/" + pulumi.get_stack()
    @classmethod
    def ref(cls):
        return pulumi.StackReference(cls.name())
"""

SELF = """import pulumi
class Refs:
    def name(self):
        return "acme/net/" + pulumi.get_stack()
    def ref(self):
        return pulumi.StackReference(self.name())
"""

CALLED = """import pulumi
def make(name):
    return pulumi.StackReference(name)
class Refs:
    @classmethod
    def name(cls):
        return "acme/net/" + pulumi.get_stack()
    @classmethod
    def ref(cls):
        return make(cls.name())
"""

PASSED = """import pulumi
class Refs:
    @staticmethod
    def ref(project, stack):
        return pulumi.StackReference(f"acme/{project}/{stack}")
    @classmethod
    def foundation(cls):
        return cls.ref("foundation", "dev")
"""

OTHER = """import pulumi
{imports}
class Other({base}):
    @classmethod
    def name(cls):
        return "acme/other/" + pulumi.get_stack()
    @staticmethod
    def ref(project, stack):
        return None
{call}
"""


def references(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    """(site, target or reason) of each reference of a program with a stack `dev`, sorted."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (app / "Pulumi.dev.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return sorted(
        (r["site"], "/".join(r["target"].values()) if r["target"] else r["reason"])
        for r in json.loads(out.stdout)["references"]
    )


def why(call: str, line: int, *, via: bool = False, attr: str = "name", shown: str = "<?>") -> str:
    """The reason of a reference whose name (`shown`) `call` (at refs.py:`line`) gives, passed by a call there
    (`via`)."""
    passed = f" via the call at app/refs.py:{line}" if via else ""
    receiver = call.partition(".")[0]
    return (
        f"cannot resolve '{shown}'{passed}: the result of `{call}` at app/refs.py:{line}: Refs has a subclass Other "
        f"(app/__main__.py:3), so `{receiver}` may be one of it, whose '{attr}' may be another (not followed)"
    )


@pytest.mark.parametrize(
    ("refs", "call", "site", "reason"),
    [
        (REFS, "Other.ref()", "app/refs.py:8", why("cls.name()", 8)),
        (SELF, "Other().ref()", "app/refs.py:6", why("self.name()", 6)),
        (  # the argument of `make(cls.name())`
            CALLED,
            "Other.ref()",
            "app/refs.py:3",
            why("cls.name()", 10, via=True),
        ),
        (  # `cls.ref(..)` runs Other.ref here, never Refs.ref: what it passes is unknown
            PASSED,
            "Other.foundation()",
            "app/refs.py:5",
            why("cls.ref()", 8, via=True, attr="ref", shown="acme/<?>/<?>"),
        ),
    ],
)
def test_a_subclass_in_another_module_makes_cls_and_self_calls_unknown(
    tmp_path: Path, refs: str, call: str, site: str, reason: str
) -> None:
    main = OTHER.format(imports="from refs import Refs", base="Refs", call=call)
    found = references(tmp_path, {"__main__.py": main, "refs.py": refs})
    assert found == [(site, reason)]


@pytest.mark.parametrize(
    ("imports", "base"),
    [
        ("import refs", "refs.Refs"),
        ("from refs import Refs as Base", "Base"),
        ("import refs as r\nBase = r.Refs", "Base"),
        ("from mid import R", "R"),  # an alias another module makes
        ("import refs", "getattr(refs, 'Refs')"),
    ],
)
def test_a_subclass_by_a_module_or_an_alias(tmp_path: Path, imports: str, base: str) -> None:
    main = OTHER.format(imports=imports, base=base, call="")
    files = {"__main__.py": main, "refs.py": REFS + "Refs.ref()\n", "mid.py": "from refs import Refs as R\n"}
    [(site, reason)] = references(tmp_path, files)
    assert site == "app/refs.py:8"
    assert "Refs has a subclass Other (app/__main__.py:" in reason


@pytest.mark.parametrize(
    "main",
    [
        "from refs import Refs\nRefs.ref()\n",  # no subclass anywhere
        "import pulumi\nfrom refs import Refs\nclass Other(pulumi.ComponentResource):\n    pass\nRefs.ref()\n",
        "import refs\nclass Refs2(object):\n    pass\nrefs.Refs.ref()\n",  # a name that only starts alike
    ],
)
def test_no_subclass_in_the_program_keeps_the_name(tmp_path: Path, main: str) -> None:
    assert references(tmp_path, {"__main__.py": main, "refs.py": REFS}) == [("app/refs.py:8", "acme/net/dev")]


def test_self_calls_without_a_subclass_keep_the_name(tmp_path: Path) -> None:
    main = "from refs import Refs\nRefs().ref()\n"
    assert references(tmp_path, {"__main__.py": main, "refs.py": SELF}) == [("app/refs.py:6", "acme/net/dev")]


def test_a_subclass_in_the_same_file_is_still_said_there(tmp_path: Path) -> None:
    refs = REFS + "class Sub(Refs):\n    @classmethod\n    def name(cls):\n        return 'acme/x/dev'\nSub.ref()\n"
    [(site, reason)] = references(tmp_path, {"__main__.py": "import refs\n", "refs.py": refs})
    assert site == "app/refs.py:8"
    assert "Refs has a subclass Sub (app/refs.py:9)" in reason


BASE = """import pulumi
class Base:
    @classmethod
    def ref(cls):
        return pulumi.StackReference(f"org/{cls.name()}/dev")
    @classmethod
    def name(cls):
        return "net"
    @staticmethod
    def plain():
        return pulumi.StackReference("org/plain/" + pulumi.get_stack())
"""


@pytest.mark.parametrize(
    ("sub", "line"),
    [
        ("class Sub(Base):\n    @classmethod\n    def name(cls):\n        return 'data'\n", 2),
        ("class Sub(Base):\n    name = classmethod(lambda cls: 'data')\n", 2),
        ("class Sub(Base):\n    pass\nSub.name = classmethod(lambda cls: 'data')\n", 2),
        ("class Sub(Base):\n    pass\nsetattr(Sub, 'name', classmethod(lambda cls: 'data'))\n", 2),
        ("def deco(c):\n    return c\n@deco\nclass Sub(Base):\n    pass\n", 5),
        (  # through a subclass that does not override, one that does
            "class Mid(Base):\n    pass\n"
            "class Sub(Mid):\n    @classmethod\n    def name(cls):\n        return 'data'\n",
            4,
        ),
    ],
)
def test_an_override_in_another_module_is_never_the_base_method(tmp_path: Path, sub: str, line: int) -> None:
    main = f"from base import Base\n{sub}Sub.ref()\nBase.plain()\n"
    found = dict(references(tmp_path, {"__main__.py": main, "base.py": BASE}))
    assert found["app/base.py:11"] == "org/plain/dev"  # a static method of no `cls.` call: kept
    assert "org/net/dev" not in found.values()
    assert f"Base has a subclass Sub (app/__main__.py:{line})" in found["app/base.py:5"]
    assert "whose 'name' may be another (not followed)" in found["app/base.py:5"]


@pytest.mark.parametrize(
    "sub",
    [
        "class Sub(Base):\n    pass\n",
        "class Sub(Base):\n    @classmethod\n    def other(cls):\n        name = 'x'\n        return name\n",
        "class Sub(Base):\n    def __init__(self):\n        self.label = 'x'\n",
        "class Sub(Base):\n    pass\nclass Leaf(Sub):\n    @classmethod\n    def ref(cls):\n        return None\n",
    ],
)
def test_a_subclass_that_does_not_override_keeps_the_name(tmp_path: Path, sub: str) -> None:
    main = f"from base import Base\n{sub}Sub.ref()\nBase.plain()\n"
    found = references(tmp_path, {"__main__.py": main, "base.py": BASE})
    assert found == [("app/base.py:11", "org/plain/dev"), ("app/base.py:5", "org/net/dev")]


def test_an_override_of_a_method_the_method_runs_in_turn(tmp_path: Path) -> None:
    full = "    @classmethod\n    def full(cls):\n        return cls.name()\n"
    refs = REFS.replace("cls.name()", "cls.full()") + full
    main = OTHER.format(imports="from refs import Refs", base="Refs", call="Other.ref()")
    [(site, reason)] = references(tmp_path, {"__main__.py": main, "refs.py": refs})
    assert site == "app/refs.py:8"
    assert "`cls.name()` at app/refs.py:11: Refs has a subclass Other (app/__main__.py:3)" in reason


def test_an_instance_attribute_a_subclass_sets_overrides_self_calls(tmp_path: Path) -> None:
    sub = "class Other(Refs):\n    def __init__(self):\n        self.name = lambda: 'x'\n"
    main = f"from refs import Refs\n{sub}Other().ref()\n"
    [(site, reason)] = references(tmp_path, {"__main__.py": main, "refs.py": SELF})
    assert site == "app/refs.py:6"
    assert "Refs has a subclass Other (app/__main__.py:2)" in reason
