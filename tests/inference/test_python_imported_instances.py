"""A method called on an instance of a class of another module of the program (instances.py): `refs =
Refs("acme")` then `refs.ref("net")` after `from refs import Refs` (or `from .refs import Refs`, `import refs` and
`refs.Refs(..)`, `Refs(..).ref(..)`) is followed, its arguments bound to the method's parameters, when every call of
a method of that instance is seen: the name is bound once (in a function, or at module level of `__main__.py`) and
used only as the receiver of method calls. Otherwise the reference stays unresolved saying why at file:line.

Was: every such call had its arguments unknown ("a method of an instance of Refs, a class of another module (not
followed)"), so `refs.ref("net")` gave no edge."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

REFS = """import pulumi

class Refs:
    def __init__(self, org: str):
        self.org = org

    def ref(self, name: str, org: str = "organization"):
        return pulumi.StackReference(f"{org}/{name}/{pulumi.get_stack()}")

    def owned(self, name: str):
        return pulumi.StackReference(f"{self.org}/{name}/{pulumi.get_stack()}")
"""


def scan(tmp_path: Path, files: dict[str, str], line: int = 8) -> list[tuple[str, str, str]]:
    """(site, target or "", reason or "") of each reference of the program `app` (stack dev) made at `line` of its
    file, in order."""
    for name, text in files.items():
        (tmp_path / "app" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / name).write_text(text)
    (tmp_path / "app" / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "app" / "Pulumi.dev.yaml").write_text("config: {}\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = [r for r in json.loads(out.stdout)["references"] if r["site"].endswith(f":{line}")]
    shown = [(r["site"], "/".join((r["target"] or {}).values()), r["reason"] or "") for r in found]
    return sorted(shown)


def test_methods_of_an_instance_made_once_are_followed(tmp_path: Path) -> None:
    """`from refs import Refs`, `refs = Refs(..)`, `refs.ref("net")`; `from .refs import Refs` in a function,
    `Refs(..).ref(..)`, `import refs as r` and `r.Refs(..)`: each call binds the method's parameters."""
    main = (
        "from refs import Refs\n"
        "import refs as r\n\n"
        'refs = Refs("organization")\n'
        'net = refs.ref("net")\n'
        'db = Refs("x").ref("db", org="acme")\n\n'
        "def app(name):\n"
        '    made = r.Refs("y")\n'
        "    return made.ref(name)\n\n"
        'cache = app("cache")\n'
    )
    assert scan(tmp_path, {"__main__.py": main, "refs.py": REFS}) == [
        ("app/refs.py:8", "acme/db/dev", ""),
        ("app/refs.py:8", "organization/cache/dev", ""),
        ("app/refs.py:8", "organization/net/dev", ""),
    ]


def test_a_relative_import_in_a_package(tmp_path: Path) -> None:
    main = "from .lib.refs import Refs\n\nrefs = Refs('organization')\nnet = refs.ref('net')\n"
    files = {"__main__.py": main, "lib/__init__.py": "", "lib/refs.py": REFS}
    assert scan(tmp_path, files) == [("app/lib/refs.py:8", "organization/net/dev", "")]


def test_self_attribute_set_from_the_constructor_stays_unknown(tmp_path: Path) -> None:
    """`self.org` set in `__init__` from its parameter: what the constructor was given is not carried (as in the
    class's own module), so the reference is unresolved naming the attribute, never guessed."""
    main = 'from refs import Refs\n\nrefs = Refs("organization")\nnet = refs.owned("net")\n'
    assert scan(tmp_path, {"__main__.py": main, "refs.py": REFS}, line=11) == [
        (
            "app/refs.py:11",
            "",
            "cannot resolve '<?>/net/dev' via the call at app/__main__.py:4: an attribute (self.org)",
        )
    ]


def unseen(call: str, line: int, why: str, cls: str = "Refs") -> str:
    at = f"app/__main__.py:{line}"
    return (
        f"cannot resolve '<?>/<?>/dev' via the call at {at}: `{call}()` at {at}: a method of an instance of {cls}, "
        f"a class of another module: {why} (not followed)"
    )


def test_an_instance_whose_method_calls_are_not_all_seen_says_why(tmp_path: Path) -> None:
    """Handed to a function, bound twice, `*args`: each call of its methods stays unresolved, saying why."""
    main = (
        "from refs import Refs\n\n"
        "def use(r):\n"
        '    return r.ref("other")\n\n'
        "def handed():\n"
        '    refs = Refs("o")\n'
        "    use(refs)\n"
        '    return refs.ref("net")\n\n'
        "def twice(flag):\n"
        '    refs = Refs("o")\n'
        "    if flag:\n"
        '        refs = Refs("p")\n'
        '    return refs.ref("net")\n\n'
        "def starred(args):\n"
        "    refs = Refs('o')\n"
        "    return refs.ref(*args)\n"
    )
    reasons = [r for _, _, r in scan(tmp_path, {"__main__.py": main, "refs.py": REFS})]
    assert reasons == sorted(
        [
            unseen("refs.ref", 9, "`refs` is also used at app/__main__.py:8 (`use(refs)`)"),
            unseen("refs.ref", 15, "`refs` is bound 2 times (lines 12, 14)"),
            unseen("refs.ref", 19, "called with *args or **kwargs"),
        ]
    )


def test_a_module_level_instance_of_another_module_is_not_followed(tmp_path: Path) -> None:
    """`refs = Refs(..)` at module level of `stacks.py` (not `__main__.py`): another module may import `refs` and
    call its methods where they are not seen; returned from a function: handed on."""
    stacks = 'from refs import Refs\n\nrefs = Refs("o")\nnet = refs.ref("net")\n'
    main = (
        "import stacks\nfrom refs import Refs\n\n"
        "def make():\n"
        '    refs = Refs("o")\n'
        '    refs.ref("net")\n'
        "    return refs\n"
    )
    found = scan(tmp_path, {"__main__.py": main, "stacks.py": stacks, "refs.py": REFS})
    module = (
        "cannot resolve '<?>/<?>/dev' via the call at app/stacks.py:4: `refs.ref()` at app/stacks.py:4: a method of "
        "an instance of Refs, a class of another module: `refs` is a name of the module, which another module may "
        "import (not followed)"
    )
    assert [r for _, _, r in found] == sorted(
        [unseen("refs.ref", 6, "`refs` is also used at app/__main__.py:7 (`return refs`)"), module]
    )


def test_a_class_name_bound_again_or_an_instance_set_from_a_function_says_why(tmp_path: Path) -> None:
    """`Refs = wrap(Refs)` (the call may make something else), `global refs` set in a function: unresolved."""
    main = 'from refs import Refs\n\ndef wrap(cls):\n    return cls\n\nRefs = wrap(Refs)\nnet = Refs("o").ref("net")\n'
    found = scan(tmp_path, {"__main__.py": main, "refs.py": REFS})
    why = "`Refs` is bound otherwise than by its import (lines 1, 6)"
    assert [r for _, _, r in found] == [unseen("Refs(...).ref", 7, why)]


def test_global_set_in_a_function(tmp_path: Path) -> None:
    main = (
        "from refs import Refs\n\n"
        'refs = Refs("o")\n\n'
        "def reset():\n"
        "    global refs\n"
        '    refs = Refs("p")\n\n'
        'net = refs.ref("net")\n'
    )
    found = scan(tmp_path, {"__main__.py": main, "refs.py": REFS})
    assert [r for _, _, r in found] == [unseen("refs.ref", 9, "`refs` is bound 2 times (lines 3, 7)")]


def test_what_the_class_module_does_not_follow_is_said_there(tmp_path: Path) -> None:
    """A class made with a metaclass: its module says why its method's calls are not followed."""
    refs = REFS.replace("class Refs:", "class Meta(type):\n    pass\n\nclass Refs(metaclass=Meta):")
    main = 'from refs import Refs\n\nrefs = Refs("o")\nnet = refs.ref("net")\n'
    found = scan(tmp_path, {"__main__.py": main, "refs.py": refs}, line=11)
    assert [r for _, _, r in found] == [
        "cannot resolve '<?>/<?>/dev': parameter 'org' of the method ref(), whose calls are not followed: Refs is "
        "made with a metaclass or class arguments (app/refs.py:6: not followed); parameter 'name' of the method "
        "ref(), whose calls are not followed: Refs is made with a metaclass or class arguments (app/refs.py:6: not "
        "followed)"
    ]
