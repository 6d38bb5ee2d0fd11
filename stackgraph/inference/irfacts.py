"""The facts a front-end gives about one file's StackReference sites and helper calls (`Site`, `Call`, and what
they carry: `Signature`, `Field`), read as `ir.Site`, `ir.Call`, ... (ir.py, which re-exports them)."""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference.irbase import Expr
from stackgraph.inference.irloops import Loop
from stackgraph.inference.irreaders import Handed


@dataclass(frozen=True)
class Signature:
    """What a Java or C# method or constructor takes, as overload resolution reads it (see overloads.py): its
    parameters and their declared types as written, how many a call must give (those after have defaults), whether
    the last takes any number of arguments (`String... rest`, `params string[] rest`), and the defaults (C#)."""

    params: tuple[str, ...]
    types: tuple[str, ...]
    required: int
    variadic: bool = False
    defaults: tuple[tuple[str, Expr], ...] = ()
    returns: str = ""  # the declared return type as written ("" for a constructor, or not read)


Reads = tuple[tuple[str, str, int], ...]
"""`(key, file, line)` of each read of a reference's keys when some are in another file (shared.py); else empty."""
Closed = tuple[tuple[str, str, str, str], ...]  # (class, `cls.name()` at file:line, `cls`, 'name'): see Site.closed


@dataclass(frozen=True)
class Site:
    """One StackReference constructor call."""

    file: str
    line: int
    name: Expr
    text: str  # the name argument as written (shortened), for evidence
    language: str
    outputs: tuple[str, ...] = ()
    func: str | None = None  # the enclosing helper when `name` uses its parameters
    params: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Expr], ...] = ()  # the helper's parameter defaults (`env = getStack()`, `env?`)
    owner: str | None = None  # the class of the helper (Java, C#): `Refs.load(..)` from another file calls it
    reads_open: str = ""  # why `outputs` may not be every key read, at file:line ("" when they are)
    signature: Signature | None = None  # the helper's (Java, C#): a call binds it only if it may run it
    overloads: tuple[Signature, ...] = ()  # the other methods or constructors of its name and class
    shared: str = ""  # the module-level name other modules reach it by: `net` (a variable), `net()` (a function)
    guards: tuple[Expr, ...] = ()  # the tests of the `if`s around it: a stack one is surely false for never runs it
    closure: str = ""  # `make` when it is in a closure `make` returns that the file never calls (Python)
    reads: Reads = ()  # where each key of `outputs` is read, when some are read in another file (see Reads)
    keyed: tuple[tuple[str, int, Expr], ...] = ()  # keys named by a constant of another file: (name, line, Import)
    closed: Closed = ()  # Python: each `cls.x()` / `self.x()` it ran as its class's own `x` (subclassed.py)
    loops: tuple[Loop, ...] = ()  # the loops over literal collections around it, outermost first (irloops.py)
    handed: tuple[Handed, ...] = ()  # the reference passed to functions of other modules, read there (irreaders.py)
    instance: bool = False  # Python: `func` is an instance method, which a call on its class does not run (selfless.py)
    called_in: tuple[str, ...] = ()
    """Python, Go: the module functions whose calls in the file the last of `guards` is the `or` of the tests of
    (the one holding the site, and those holding such calls): dropped when another file of the program mentions one,
    which may call it (inference/__init__.py)."""
    held: str = ""
    """Go, Python, TS/JS: the package (module) function holding it when the file never names that function elsewhere
    (its calls are all in other files): inference takes the tests of those calls (inference/called.py `held_here`)."""


@dataclass(frozen=True, order=True)
class Field:
    """A key of an object literal given as the `index`-th argument (`f("x", { env: "prod" })`: 1, "env")."""

    index: int
    key: str


@dataclass(frozen=True)
class Call:
    """A call to a function that may be a helper holding a site (positional and keyword args, and the
    fields of object-literal arguments, which bind destructured parameters)."""

    callee: Expr  # Lit(function name in this file) or Import(module, name)
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...]  # `("*", Unknown(why))`: every parameter unknown (a helper given as a value)
    line: int
    outputs: tuple[str, ...] = ()
    func: str | None = None  # the file-level function the call is in, when its arguments use its parameters
    params: tuple[str, ...] = ()  # that function's parameters (a helper that passes them on)
    defaults: tuple[tuple[str, Expr], ...] = ()  # and their defaults
    owner: str | None = None  # the class of that function (C#): its own callers are found by class
    fields: tuple[tuple[Field, Expr], ...] = ()
    reads_open: str = ""  # why `outputs` may not be every key read on the call's result ("" when it is)
    signature: Signature | None = None  # that function's (Java, C#), and the other overloads of its name
    overloads: tuple[Signature, ...] = ()
    shared: str = ""  # the module-level variable holding the call's result, which other modules may read
    guards: tuple[Expr, ...] = ()  # the tests of the `if`s around the call (see Site.guards)
    reads: Reads = ()  # where each key of `outputs` is read, when some are read in another file (see Reads)
    closed: Closed = ()  # see Site.closed
    instance: bool = False  # Python: `func` is an instance method (see Site.instance)
    on_instance: bool = False  # Python: made on an instance (`Refs().ref(..)`), which gives the method its `self`
    called_in: tuple[str, ...] = ()  # see Site.called_in
    held: str = ""  # see Site.held
