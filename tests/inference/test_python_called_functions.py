"""A Python function reads a name of an enclosing scope (the module's, an enclosing function's) when it is CALLED,
not where it is written. Python has no hoisting: a function runs only after its `def` ran, so the values the name
is given before the `def` are the ones it may see, unless the name is given another after the `def` (names.py
`_called_late`): then the read is unknown, naming the later assignment and the function. A lambda, a method and a
generator expression are the same; a list comprehension runs where it is written (it reads the value at its
line). A name a function sets by `global` / `nonlocal`, or a parameter read before its function assigns it again,
is not charged to the later assignment either, nor is an item of a dict or a split held in a name of the function
around a closure charged to the module's name of the same spelling.

Was: the lookup took the module's last value (or the enclosing function's values before the read's own line):
`m = "acme/net/dev"`, `def f(): return StackReference(m)`, `r = f()`, `m = "acme/other/dev"` named other/dev
while f() ran with net/dev: a wrong edge (and the same for `+=`, a closure, a lambda, a method, a parameter, a
name set by `nonlocal` or `global`, a dict reassigned, and a module helper called from another module)."""

from __future__ import annotations

import pytest

from tests.helpers.stack_targets import targets

LATE = "'{}', reassigned at app/{}:{} after the {} at line {} is defined: it reads the value the name has when called"

MAIN = """import pulumi
m = "acme/net/dev"
def f():
    return pulumi.StackReference(m)  # module
r = f()
m = "acme/other/dev"
n = "acme/net"
def g():
    return pulumi.StackReference(n + "/" + pulumi.get_stack())  # augmented
g()
n += "x"
def outer():
    k = "acme/net/dev"
    def inner():
        return pulumi.StackReference(k)  # nested
    inner()
    k = "acme/other/dev"
outer()
lam = "acme/net/dev"
h = lambda: pulumi.StackReference(lam)  # lambda
h()
lam = "acme/other/dev"
meth = "acme/net/dev"
class C:
    def ref(self):
        return pulumi.StackReference(meth)  # method
C().ref()
meth = "acme/other/dev"
gen = "acme/net/dev"
refs = (pulumi.StackReference(gen) for _ in range(1))  # generator
list(refs)
gen = "acme/other/dev"
"""
LATE_IN_MAIN = {
    "module": ("m", 6, "function", 3),
    "augmented": ("n", 11, "function", 8),
    "nested": ("k", 17, "function", 14),
    "lambda": ("lam", 22, "lambda", 20),
    "method": ("meth", 28, "function", 25),
    "generator": ("gen", 32, "generator expression", 30),
}

GUARDS = """import pulumi
a = "acme/zzz/dev"
a = "acme/net/dev"
def before():
    return pulumi.StackReference(a)  # before
before()
e = "acme/net/"
if pulumi.get_stack() == "dev":
    e = "acme/other/"
def per_stack():
    return pulumi.StackReference(e + pulumi.get_stack())  # per-stack
per_stack()
def once():
    return pulumi.StackReference(single)  # once
single = "acme/net/dev"
once()
def enclosing():
    v = "acme/zzz/dev"
    v = "acme/net/dev"
    def inner():
        return pulumi.StackReference(v)  # enclosing
    return inner()
enclosing()
c = "acme/net/dev"
made = [pulumi.StackReference(c) for _ in range(1)]  # comprehension
c = "acme/other/dev"
def param(env):
    ref = pulumi.StackReference(env)  # parameter
    env = "acme/other/dev"
    return ref
param("acme/net/dev")
D = {"k": "acme/other/dev"}
parts = "acme/other/dev".split("/")
def shadows():
    D = {"k": "acme/net/dev"}
    parts = "acme/net/dev".split("/")
    def by_key():
        return pulumi.StackReference(D["k"])  # dict-in-closure
    def by_part():
        return pulumi.StackReference("acme/" + parts[1] + "/dev")  # split-in-closure
    return by_key(), by_part()
shadows()
"""
RESOLVED = {
    "before": ("net/dev", "net/dev"),
    "per-stack": ("other/dev", "net/prod"),
    "once": ("net/dev", "net/dev"),
    "enclosing": ("net/dev", "net/dev"),
    "comprehension": ("net/dev", "net/dev"),  # was: other/dev (the module's last value)
    "parameter": ("net/dev", "net/dev"),  # was: other/dev (the assignment after the read)
    "dict-in-closure": ("net/dev", "net/dev"),  # was: other/dev (the module's D, hidden by the function's)
    "split-in-closure": ("net/dev", "net/dev"),  # was: other/dev (the module's parts)
}

SET_ELSEWHERE = """import pulumi
def outer():
    k = "acme/net/dev"
    def setter():
        nonlocal k
        k = "acme/other/dev"
    setter()
    return pulumi.StackReference(k)  # nonlocal
outer()
g = "acme/net/dev"
def reads_global():
    global g
    ref = pulumi.StackReference(g)  # global
    g = "acme/other/dev"
    return ref
reads_global()
D = {"k": "acme/net/dev"}
by_key = pulumi.StackReference(D["k"])  # dict
D = {"k": "acme/other/dev"}
"""
ELSEWHERE = {
    "nonlocal": "'k', a variable a function sets (`nonlocal k` at app/__main__.py:5): when it runs is not followed",
    "global": "'g', a variable a function sets (`global g` at app/__main__.py:12): when it runs is not followed",
    "dict": "'D[...]', a dict given several values (the last at app/__main__.py:19): which one the read sees is not "
    "followed",
}

HELPERS = """import pulumi
m = "acme/net/dev"
def make():
    return pulumi.StackReference(m)  # helper
make()
m = "acme/other/dev"
"""

IMPORTED = """import pulumi
m = "acme/net/dev"
def f():
    return pulumi.StackReference(m)  # imported-after
f()
from cfg import m
from cfg import base
def g():
    return pulumi.StackReference(base)  # imported-before
g()
"""
CFG = 'm = "acme/other/dev"\nbase = "acme/net/dev"\n'


PROGRAMS = {"main": {"__main__.py": MAIN}, "guards": {"__main__.py": GUARDS},
            "elsewhere": {"__main__.py": SET_ELSEWHERE},
            "helpers": {"__main__.py": "import helpers\nhelpers.make()\n", "helpers.py": HELPERS},
            "imported": {"__main__.py": IMPORTED, "cfg.py": CFG}}  # fmt: skip


@pytest.fixture(scope="module")
def got(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[tuple[int, str], str]]:
    """What each reference of each program names (scanned once: a scan through the CLI takes seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return {name: targets(tmp_path_factory.mktemp(name), "python", files, ("dev", "prod"))
                for name, files in PROGRAMS.items()}  # fmt: skip


def line_of(source: str, mark: str) -> int:
    [line] = [i for i, text in enumerate(source.splitlines(), 1) if text.endswith(f"# {mark}")]
    return line


def unknown(got: dict[tuple[int, str], str], line: int, why: str) -> None:
    assert why in got[line, "dev"], got[line, "dev"]
    assert why in got[line, "prod"], got[line, "prod"]


def test_no_reference_is_dropped(got: dict[str, dict[tuple[int, str], str]]) -> None:
    marks = {"main": (MAIN, LATE_IN_MAIN), "guards": (GUARDS, RESOLVED), "elsewhere": (SET_ELSEWHERE, ELSEWHERE)}
    for name, (source, expected) in marks.items():
        assert set(got[name]) == {(line_of(source, m), stack) for m in expected for stack in ("dev", "prod")}, name
    assert set(got["helpers"]) == {(line_of(HELPERS, "helper"), stack) for stack in ("dev", "prod")}


@pytest.mark.parametrize("mark", sorted(LATE_IN_MAIN))
def test_a_function_reading_a_name_reassigned_after_its_def_is_unknown(
    got: dict[str, dict[tuple[int, str], str]], mark: str
) -> None:
    name, later, kind, at = LATE_IN_MAIN[mark]
    unknown(got["main"], line_of(MAIN, mark), LATE.format(name, "__main__.py", later, kind, at))


@pytest.mark.parametrize("mark", sorted(RESOLVED))
def test_values_given_before_the_def_are_kept(got: dict[str, dict[tuple[int, str], str]], mark: str) -> None:
    line = line_of(GUARDS, mark)
    assert (got["guards"][line, "dev"], got["guards"][line, "prod"]) == RESOLVED[mark]


@pytest.mark.parametrize("mark", sorted(ELSEWHERE))
def test_a_name_a_function_sets_is_unknown(got: dict[str, dict[tuple[int, str], str]], mark: str) -> None:
    unknown(got["elsewhere"], line_of(SET_ELSEWHERE, mark), ELSEWHERE[mark])


def test_a_helper_of_another_module_follows_the_same_rule(got: dict[str, dict[tuple[int, str], str]]) -> None:
    unknown(got["helpers"], line_of(HELPERS, "helper"), LATE.format("m", "helpers.py", 6, "function", 3))


def test_an_import_after_the_def_is_another_value(got: dict[str, dict[tuple[int, str], str]]) -> None:
    """`from cfg import m` after the def binds m again (was: the assignment before it, net/dev, while f() may run
    after the import, with cfg's other/dev); a name imported once before the def keeps the imported value."""
    after, before = line_of(IMPORTED, "imported-after"), line_of(IMPORTED, "imported-before")
    assert set(got["imported"]) == {(line, stack) for line in (after, before) for stack in ("dev", "prod")}
    unknown(got["imported"], after, LATE.format("m", "__main__.py", 6, "function", 3))
    assert (got["imported"][before, "dev"], got["imported"][before, "prod"]) == ("net/dev", "net/dev")
