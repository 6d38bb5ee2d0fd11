"""The language-neutral expression IR that every finder lowers stack names into.

A finder parses one file and returns `FileFacts`: the StackReference sites with their name expressions, the
module-level values other files may import, and the calls to helper functions. Everything here is a frozen
dataclass of strings and tuples, so facts can be cached as JSON (see cache.py) and compared in tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from stackgraph.inference import irbase, irfacts, irlogic, irloops, iroptional, irreaders, irtext
from stackgraph.inference.irbase import mapped

# Defined in irbase.py and irtext.py (so that those can subclass `Expr` without a cycle), read as `ir.<name>`:
Expr = irbase.Expr
ModuleKind = irbase.ModuleKind
Module = irbase.Module
GLOBAL, EVERY = irbase.GLOBAL, irbase.EVERY
Case = irtext.Case  # the string operations
Replace = irtext.Replace
RegexReplace = irtext.RegexReplace
Trim = irtext.Trim
Slice = irtext.Slice
Junction = irlogic.Junction  # `a and b` / `a or b` of tests (irlogic.py)
Opt = iroptional.Opt  # a Java `Optional` and whether a config read has a value (iroptional.py)
Present = iroptional.Present
Loop = irloops.Loop  # a loop over a literal collection around a site, and its variable (irloops.py)
LoopVar = irloops.LoopVar
Reader = irreaders.Reader  # a function reading keys on a reference given it, and a call of one (irreaders.py)
Handed = irreaders.Handed
Signature = irfacts.Signature  # what a site or helper call says (irfacts.py)
Site = irfacts.Site
Call = irfacts.Call
Field = irfacts.Field
Reads = irfacts.Reads
Closed = irfacts.Closed


@dataclass(frozen=True)
class Lit(Expr):
    value: str


@dataclass(frozen=True)
class Concat(Expr):
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class ConfigRead(Expr):
    """`Config(namespace).get(key)`; namespace None means the project's own."""

    namespace: str | None
    key: str
    default: Expr | None = None
    path: tuple[str, ...] = ()  # a member of a structured value: `requireObject("net").stack` -> ("stack",)
    fold: bool = False  # members matched as Go's encoding/json does: case-insensitively (config_members.py)
    kind: str = ""  # what the read gives, for its truth: "text" (TS/JS, Python `get`/`require`), "number", "bool",
    # "object" (TS/JS, Python typed reads: evaluate.truth); "" not said (another language)
    empty: str = ""  # `default` stands also for a set value: "falsy" (`||`, `or`), "text" ("": Go's `if v == ""`)


@dataclass(frozen=True)
class ConfigVia(Expr):
    """`obj.get(key)` where `obj` is a Config object defined in another module (an `Import`) or handed to the
    function as a parameter (a `Param`, bound at each call)."""

    obj: Expr
    key: str
    default: Expr | None = None
    kind: str = ""  # see ConfigRead.kind
    empty: str = ""  # see ConfigRead.empty


@dataclass(frozen=True)
class CurrentStack(Expr):
    pass


@dataclass(frozen=True)
class CurrentProject(Expr):
    pass


@dataclass(frozen=True)
class CurrentOrg(Expr):
    pass


@dataclass(frozen=True)
class Param(Expr):
    """A parameter of the helper function that holds the site, bound at each call."""

    name: str


@dataclass(frozen=True)
class Eq(Expr):
    """`left == right` (negated for `!=`), the test of a conditional; `strict`: JS's `===` / `!==` (and a
    `switch`), where `null` and `undefined` differ."""

    left: Expr
    right: Expr
    negate: bool = False
    strict: bool = False


@dataclass(frozen=True)
class Truthy(Expr):
    """A value used as a condition: true unless empty, "false" or unset."""

    value: Expr
    negate: bool = False


@dataclass(frozen=True)
class Has(Expr):
    """A string test (negated for `not`): `value.startswith(p)` (how "prefix"), `.endswith(p)` ("suffix"),
    `p in value` ("part"), `value in (p, q)` ("equal"); true when one of `pieces` is (none: false)."""

    how: str
    value: Expr
    pieces: tuple[Expr, ...]
    negate: bool = False


@dataclass(frozen=True)
class Conditional(Expr):
    test: Expr
    then: Expr
    orelse: Expr


@dataclass(frozen=True)
class Split(Expr):
    """`value.split(sep)[index]` (a negative index counts from the end). `limit`: at most that many splits, the
    rest in the last part (Python's `maxsplit`; -1: every one; -2, textops.JAVA_ALL: Java's, trailing empty parts
    dropped). `targets`: the item is bound by an unpacking of that many names (`a, b = s.split(".")`): the parts
    must be exactly that many, or (`starred`, a `*rest` among them) at least `targets - 1`; an error when it runs
    otherwise. 0: an index (JS's unpacking too: an item beyond the parts is undefined). `sep` None: runs of
    whitespace (Python's `split()`); `right`: `rsplit`. C#, Java: frontends/splits.py."""

    value: Expr
    sep: str | None
    index: int
    limit: int = -1
    targets: int = 0
    starred: bool = False
    right: bool = False


@dataclass(frozen=True)
class Select(Expr):
    """`table[key]` where `table` is a literal map (`{dev: "a", prod: "b"}`) and `key` is read per stack."""

    keys: tuple[str, ...]
    values: tuple[Expr, ...]
    key: Expr


@dataclass(frozen=True)
class Import(Expr):
    """A name defined in another module of the project."""

    module: Module
    name: str


@dataclass(frozen=True)
class Function(Expr):
    """A function that returns a value built from its parameters (a symbol other modules may call)."""

    params: tuple[str, ...]
    body: Expr
    signature: Signature | None = None  # a Java or C# method: which calls it accepts, its defaults


@dataclass(frozen=True)
class Overloads(Expr):
    """The methods of one name of a Java or C# class (each a `Function` with its `signature`): a call runs the one
    its arguments select (overloads.py)."""

    functions: tuple[Function, ...]


@dataclass(frozen=True)
class Apply(Expr):
    """A call of a function defined in another module, with its positional arguments.

    `receiver` names the helper parameter holding the object a method is called on (C# `setup.Name()`):
    the method's `this.<field>` values are that parameter's members, `<receiver>.<field>`, bound at each call.
    """

    callee: Expr
    args: tuple[Expr, ...]
    receiver: str | None = None
    made: Expr | None = None  # the `made` object a method is called on (Java `new Setup(a, b).name()`)
    names: tuple[str, ...] = ()  # C#, Python: the parameter each argument names (`env: x`, `env=x`), "" if none


@dataclass(frozen=True)
class OneOf(Expr):
    """One of several values, which one not known here (`why`): a call that may run several overloads. The value
    when they all agree, else unresolved with each as a candidate."""

    why: str
    options: tuple[Expr, ...]


@dataclass(frozen=True)
class Record(Expr):
    """An object whose fields are written where it is made (Go `Setup{Env: x}`, an F# record `{ Env = x }`)."""

    kind: str
    keys: tuple[str, ...]
    values: tuple[Expr, ...]


@dataclass(frozen=True)
class Undefined(Expr):
    """No value: an optional parameter not given, `undefined`, `None`, C# `null` (false as a condition); `null`:
    JS's `null`, equal to `undefined` under `==` only."""

    null: bool = False


@dataclass(frozen=True)
class Unknown(Expr):
    """A value that cannot be known without running the program; `why` says what it is."""

    why: str


@dataclass(frozen=True)
class ConfigObject(Expr):
    """A `Config` object (not a string): what `.get(key)` on it reads from."""

    namespace: str | None


@dataclass(frozen=True)
class NameRead:
    """What one file reads on a name it imports from another module (`from refs import net`,
    `net.get_output("k")`; `refs.net` after `import refs`): the keys, and why they may not be all (the
    name passed on, a key computed at run time). `name.name` is `*` for `from refs import *`: the names it
    brings in are not followed, so `reads_open` is always set."""

    name: Import
    outputs: tuple[str, ...] = ()
    reads_open: str = ""
    lines: tuple[int, ...] = ()  # the line of the first read of each key of `outputs`, in order
    assigned: int = 0
    """The line where the file sets the name through its module (`refs.net = ..` after `import refs`): a read of it
    elsewhere may get that value instead of the one its module gives it; 0 when it does not."""


@dataclass(frozen=True)
class Exported:
    """An output key a file exports, at a line; with `open` set, why the exports cannot all be read there
    (a computed key, a spread, an export in a loop or a helper): `name` is then empty."""

    name: str
    line: int
    open: str = ""
    key: Expr | None = None  # a key named by a constant of another file (`[Output(StackOutputs.Url)]`), found by
    # the project's linker: `open` says why the set is open when it is not found; `Import(module, "*")`: every
    # name `module` exports (TS/JS `export * from "./vpc"`, followed by inference/reexports.py)
    default: bool = False  # a key of the default export (`export default {..}`), which `export *` does not pass on


@dataclass(frozen=True)
class FileFacts:
    """What one file says about stack references."""

    file: str
    language: str
    sites: tuple[Site, ...] = ()
    symbols: tuple[tuple[str, Expr], ...] = ()  # module-level names other modules may import
    calls: tuple[Call, ...] = ()
    imports: tuple[Module, ...] = ()  # the modules this file imports (for reachability)
    guarded: tuple[tuple[Module, tuple[Expr, ...]], ...] = ()  # (module, tests): imported only where all tests hold
    dynamic_import: bool = False  # an import we cannot follow: treat every file as reachable
    paths: tuple[str, ...] = ()  # folders a Python file adds to sys.path (repo-relative, `@` = project-relative)
    error: str | None = None  # a syntax error: the file is reported, its sites are what could be read
    exports: tuple[Exported, ...] = ()  # the outputs the file exports (for an entry file of TS/JS: its exports)
    path_edits: tuple[tuple[int, str], ...] = ()  # (line, folder) of each sys.path edit worked out (`!`: outside)
    import_lines: tuple[tuple[Module, int], ...] = ()  # the first line importing each module (Python, TS/JS)
    name_reads: tuple[NameRead, ...] = ()  # the reads on names imported from other modules (Python)
    required_imports: tuple[tuple[Module, int], ...] = ()  # (Python) the modules imports need, not optional: line
    readers: tuple[Reader, ...] = ()  # the module-level functions reading keys on a reference given them
    valued: tuple[str, ...] = ()  # Go: the names used otherwise than as the function of a call (Site.held)


def destructured(param: str) -> dict[str, str]:
    """The names of a destructured object parameter, written `{key:local,...}` in `Site.params` (key -> local)."""
    if not (param.startswith("{") and param.endswith("}")):
        return {}
    out = {}
    for item in param[1:-1].split(","):
        key, _, local = item.partition(":")
        if key:
            out[key] = local or key
    return out


def is_param(params: tuple[str, ...], name: str) -> bool:
    """Whether `name` is one of `params`, or a name a destructured parameter binds."""
    return name in params or any(name in destructured(p).values() for p in params if p.startswith("{"))


def config_object(ns: Expr) -> Expr:
    """`new Config(ns)`: a literal namespace, or the project's own (`Config(getProject())`)."""
    if isinstance(ns, CurrentProject):
        return ConfigObject(None)
    return ConfigObject(ns.value) if isinstance(ns, Lit) else Unknown("a Config namespace")


def config_member(value: Expr, member: str) -> Expr | None:
    """`settings.stack` where `settings` is a structured config read (`requireObject("settings")`)."""
    if isinstance(value, ConfigRead) and value.default is None:
        return ConfigRead(value.namespace, value.key, None, (*value.path, member), value.fold)
    return None


MAX_NODES = 2000
"""The most nodes an expression may have written out as a tree. Lowering shares subexpressions (a name reassigned
under n ifs refers to its earlier value in both arms), so a small file can make an expression whose tree has 2**n
nodes; everything that walks, caches or evaluates it would take as long. A value beyond this is unknown (`too_big`)."""


def too_big(expr: Expr, limit: int = MAX_NODES) -> bool:
    """Whether `expr`, written out as a tree, has more than `limit` nodes (counted in time linear in
    its distinct nodes, each shared node once, with its size remembered)."""
    sizes: dict[int, int] = {}

    def size(e: Expr) -> int:
        known = sizes.get(id(e))
        if known is not None:
            return known
        total = 1
        for f in _fields(e):
            value = getattr(e, f.name)
            children = value if isinstance(value, tuple) else (value,)
            for child in children:
                if isinstance(child, Expr):
                    total += size(child)
                    if total > limit:
                        break
            if total > limit:
                break
        sizes[id(e)] = total
        return total

    return size(expr) > limit


def remembered(owner: Any, table: str, key: Hashable, compute: Callable[[], Expr]) -> Expr:
    """`compute()` once per `key` for `owner` (a finder, one per file), kept in `owner.<table>`."""
    memo: dict[Hashable, Expr] = owner.__dict__.setdefault(table, {})
    found = memo.get(key)
    if found is None:
        found = memo[key] = compute()
    return found


def bounded(value: Expr, name: str) -> Expr:
    """`value`, or unknown when it is `too_big` to follow (the value of `name`)."""
    return Unknown(f"'{name}', assigned in too many branches to follow") if too_big(value) else value


def _fields(expr: Expr) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of an IR node (none for the bare base class)."""
    return dataclasses.fields(expr) if dataclasses.is_dataclass(expr) else ()


def params_in(expr: Expr) -> set[str]:
    """Return the helper parameters an expression uses."""
    if isinstance(expr, Param):
        return {expr.name}
    out: set[str] = {expr.receiver} if isinstance(expr, Apply) and expr.receiver else set()
    for f in _fields(expr):
        value = getattr(expr, f.name)
        if isinstance(value, Expr):
            out |= params_in(value)
        elif isinstance(value, tuple):
            for v in value:
                if isinstance(v, Expr):
                    out |= params_in(v)
    return out


def substitute(expr: Expr, binding: dict[str, Expr]) -> Expr:
    """Replace `Param(name)` by `binding[name]` everywhere in `expr` (unbound params stay)."""
    return mapped(expr, lambda e: binding.get(e.name, e) if isinstance(e, Param) else None)


def concat(parts: list[Expr]) -> Expr:
    """Join parts, merging neighbouring literals; one part stays itself."""
    out: list[Expr] = []
    for p in parts:
        if isinstance(p, Concat):
            for q in p.parts:
                _push(out, q)
        else:
            _push(out, p)
    if len(out) == 1:
        return out[0]
    return Concat(tuple(out)) if out else Lit("")


def _push(out: list[Expr], part: Expr) -> None:
    if isinstance(part, Lit) and out and isinstance(out[-1], Lit):
        out[-1] = Lit(out[-1].value + part.value)
    elif not (isinstance(part, Lit) and part.value == ""):
        out.append(part)


def with_default(value: Expr, fallback: Expr, empty: str = "") -> Expr:
    """`value or fallback` / `value ?? fallback`: a default for a config read, else unknown; `empty`: it stands also
    for a set value that is false ("falsy": `||`, `or`) or "" ("text": Go's `if v == "" { v = d }`), not only for
    an unset one (`??`, `orElse`)."""
    if isinstance(value, ConfigRead | ConfigVia) and value.default is None:
        return dataclasses.replace(value, default=fallback, empty=empty)
    then = value.default if isinstance(value, ConfigRead | ConfigVia) else None  # `(a || b) || c`: `a || (b || c)`
    if isinstance(value, ConfigRead | ConfigVia) and then is not None and value.empty in ("falsy", empty):
        return dataclasses.replace(
            value, default=then if isinstance(then, Unknown) else with_default(then, fallback, empty)
        )
    if isinstance(value, Undefined) or (isinstance(value, Lit) and not value.value and empty):
        return fallback  # `(c ? get("x") : "") || "d"`: "" is false (for `??` it is a value)
    if isinstance(value, Lit | CurrentStack | CurrentProject | CurrentOrg):
        return value  # a stack, project or organization name is never empty; `"" ?? d` is ""
    if isinstance(value, Param):  # `stack || getStack()` in a helper: decided at each call
        return Conditional(Truthy(value), value, fallback)
    if isinstance(value, Conditional):  # `(org || cfg.get("org")) || "acme"`: the fallback in each arm
        then, orelse = with_default(value.then, fallback, empty), with_default(value.orelse, fallback, empty)
        return Conditional(value.test, then, orelse)
    return Unknown("a value with a fallback that is not a config read")


def negated(test: Expr) -> Expr:
    """The test of an `else` arm (an `Eq`, `Has`, `Truthy` or `Junction` turned around; else undecided)."""
    if isinstance(test, Eq | Has | Truthy | Junction | Present):
        return dataclasses.replace(test, negate=not test.negate)
    return Truthy(Unknown("an undecided condition"))


def optional_text(opt: Opt) -> Expr:
    """A Java `Optional` as a string (`"a/" + opt`, `opt.toString()`): `Optional[value]`, or `Optional.empty`."""
    return Conditional(opt.present, concat([Lit("Optional["), opt.value, Lit("]")]), Lit("Optional.empty"))
