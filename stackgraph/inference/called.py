"""Whether other files of a program may call a function of one file, which that file's front-end cannot see: a
Python module function or a Go function of the package whose calls in its file are all under tests (`called_in`,
frontends/python/call_guards.py, frontends/go_call_guards.py), or a function returning a closure (`Site.closure`);
and the tests of the calls other files make of a Go, Python or TS/JS function its file never calls (`Site.held`,
`held_here`).
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from typing import TypeVar

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import Uses
from stackgraph.inference.link import Linker
from stackgraph.inference.reach import Reachability
from stackgraph.inference.sources import Sources
from stackgraph.model import Stack

Called = TypeVar("Called", ir.Site, ir.Call)
JS = ("typescript", "tsx", "javascript")


def mentioned(name: str, file: str, sources: Sources, live: Reachability) -> bool:
    """Whether a file the program runs, other than `file`, mentions `name` (it may call it)."""
    others = [f for f in sources.files + live.reached_outside() if f != file]
    return any(live.reaches(f) and sources.mentions(f, (name,)) for f in others)


def called_here(facts: Called, file: str, sources: Sources, live: Reachability, linker: Linker) -> Called:
    """`facts` (a site or call of `file`) without its last guard, the tests of the calls of the module functions
    `called_in`, when another file the program runs may call one of them: it mentions its name, or (Python) uses
    the module as a value (`getattr(stacks, name)()`), which may call any of its functions."""
    if not facts.called_in:
        return facts
    if any(mentioned(name, file, sources, live) for name in facts.called_in) or _opened(
        facts.called_in, file, sources, live, linker
    ):
        return dataclasses.replace(facts, guards=facts.guards[:-1], called_in=())
    return facts


def _opened(names: tuple[str, ...], file: str, sources: Sources, live: Reachability, linker: Linker) -> bool:
    """Whether a Python file the program runs, other than `file`, uses the module of `file` as a value: a call
    `Import(module, ir.EVERY)` (frontends/module_escape.py) of a module that gives one of `names` from `file`."""
    if not file.endswith(".py"):
        return False
    folder, base = posixpath.split(file)
    stem = posixpath.basename(folder) if base == "__init__.py" else base.removesuffix(".py")
    for other in sources.files + live.reached_outside():
        if other == file or not other.endswith(".py") or not sources.mentions(other, (stem,)):
            continue  # a module is used by a name that ends its dotted path, or imported from its package
        if not live.reaches(other):
            continue
        for call in sources.parse(other).calls:
            callee = call.callee
            if not isinstance(callee, ir.Import) or callee.name != ir.EVERY:
                continue
            if any((file, name) in linker.origins(other, ir.Import(callee.module, name)) for name in names):
                return True
    return False


def held_here(
    facts: Called,
    file: str,
    sources: Sources,
    live: Reachability,
    linker: Linker,
    stacks: list[Stack],
    seen: frozenset[tuple[str, str]] = frozenset(),
) -> Called:
    """`facts` (a site or call of `file`, in a function the file never names elsewhere: `held`) with one more
    guard: the stacks that run one of that function's calls in the other files of the program (a call runs for a
    stack that runs its file and takes the tests around it, and those of the function holding it, in turn).
    Unchanged when a file may run the function another way (names it as a value, calls it where no call is linked,
    or cannot be parsed), when a call runs for every stack, or when no call is found (then nothing is known of how
    it runs)."""
    if not facts.held:
        return facts
    seen = seen | {(file, facts.held)}
    taking = _callers(facts.held, file, sources, live, linker, stacks, seen)
    if taking is None:
        return dataclasses.replace(facts, held="")
    names = tuple(ir.Lit(s.name) for s in stacks if s.name in taking)
    return dataclasses.replace(facts, guards=(*facts.guards, ir.Has("equal", ir.CurrentStack(), names)), held="")


def _callers(
    name: str,
    file: str,
    sources: Sources,
    live: Reachability,
    linker: Linker,
    stacks: list[Stack],
    seen: frozenset[tuple[str, str]],
) -> set[str] | None:
    """The names of the stacks that run a call of the function `name` of `file` in another file of the program;
    None: every stack may run it (see `held_here`)."""
    if _opened((name,), file, sources, live, linker) or _namespace_valued(file, sources, live):
        return None  # a module used as a value: any of its functions may run
    known = _known_as(name, file, sources, live)
    taking: set[str] = set()
    found = False
    for other in _naming(known, file, sources, live):
        facts = sources.facts(other)
        if facts.error is not None or _valued(known, other, facts, sources):
            return None
        linked = [c for c in facts.calls if _linked(c, known) and (file, name) in _origins(c, other, linker)]
        if _unread(name, known, other, facts, {c.line for c in linked}, sources, linker):
            return None  # a call of the name the front-end does not follow (`from stacks import *`, `import(..)`)
        for call in linked:
            found = True
            call = called_here(call, other, sources, live, linker)
            if call.held and (other, call.held) in seen:
                return None  # functions calling each other: how the first runs is not known from them
            call = held_here(call, other, sources, live, linker, stacks, seen)
            taking.update(s.name for s in stacks if live.reaches(other, s) and live.holds(other, call.guards, s))
            if len(taking) == len(stacks):
                return None
    return taking if found else None


def _naming(known: frozenset[str], file: str, sources: Sources, live: Reachability) -> list[str]:
    """The files the program runs, other than `file`, that mention one of the names `known`."""
    others = sources.files + live.reached_outside()
    return [f for f in others if f != file and live.reaches(f) and sources.mentions(f, tuple(sorted(known)))]


def _linked(call: ir.Call, known: frozenset[str]) -> bool:
    """Whether `call` is of an imported name, one of `known` (which may be the function)."""
    return isinstance(call.callee, ir.Import) and call.callee.name.rpartition(".")[2] in known


def _origins(call: ir.Call, file: str, linker: Linker) -> set[tuple[str, str]]:
    return linker.origins(file, call.callee) if isinstance(call.callee, ir.Import) else set()


def _known_as(name: str, file: str, sources: Sources, live: Reachability) -> frozenset[str]:
    """`name` and the names Python or TS/JS files the program runs import or re-export it under (`export { f as g }
    from`, `from .stacks import f as g` in a package's `__init__.py`): a file calling `g` may never name `f`."""
    known = frozenset({name})
    while True:
        more = set(known)
        for other in _naming(known, file, sources, live):
            language = sources.language.get(other)
            uses = _value_names(language, sources.text(other)) if language in ("python", *JS) else None
            if uses is not None:
                more.update(alias for original, alias in uses.renamed if original in known)
        if more == known:
            return known
        known = frozenset(more)


def _unread(
    name: str, known: frozenset[str], file: str, facts: ir.FileFacts, lines: set[int], sources: Sources, linker: Linker
) -> bool:
    """Whether a Python or TS/JS `file` calls the function `name`, or one of the names `known` it is given, where
    the front-end gives no call linked to a function of the program defining that name (`lines`: those of the
    calls of the function followed): a call through `from m import *`, `importlib.import_module(..)`, `require(..)`
    or `import(..)`, or one named in a string (`exec("m.f()")`, `getattr(m, "f")`)."""
    language = sources.language.get(file)
    if language not in ("python", *JS):
        return False
    uses = _value_names(language, sources.text(file))
    if uses is None or any(s == name or f"{name}(" in s for s in uses.strings):
        return True
    at = {line for n, line in uses.calls if n in known} - lines
    others = [c for c in facts.calls if c.line in at and isinstance(c.callee, ir.Import)]
    return any(not any(_defined(c, file, sources, linker) for c in others if c.line == line) for line in at)


def _defined(call: ir.Call, file: str, sources: Sources, linker: Linker) -> bool:
    """Whether a call of another file is linked to a function of the program: each file it may come from names it,
    not through `from m import *` (Python; a TS/JS `import * as m` names a module, no star) or `export *` (TS/JS)
    nor as a name imported there (another function)."""
    origins = _origins(call, file, linker)
    return bool(origins) and all(
        sources.mentions(target, (name,))
        and not (sources.language.get(target) == "python" and sources.mentions(target, ("import *", "import*")))
        and "*" not in (symbols := linker.symbols(target))
        and not isinstance(symbols.get(name), ir.Import)
        for target, name in origins
    )


def _valued(known: frozenset[str], file: str, facts: ir.FileFacts, sources: Sources) -> bool:
    """Whether `file` uses one of the names `known` otherwise than as the function of a call (Go: read by the
    front-end; Python, TS/JS: read here, for the few files that name a function held so)."""
    language = sources.language.get(file)
    if language not in ("python", *JS):
        return bool(known & set(facts.valued))
    uses = _value_names(language, sources.text(file))
    return uses is None or bool(known & uses.values)


def _namespace_valued(file: str, sources: Sources, live: Reachability) -> bool:
    """Whether a TS/JS file the program runs, other than `file`, uses a module object as a value (`Object.values(m)`
    after `import * as m`, or `m[name]`): it may call any function of `file` (through a barrel, too) without naming
    it."""
    if sources.language.get(file) not in JS:
        return False
    for other in sources.files + live.reached_outside():
        language = sources.language.get(other)
        if other == file or language not in JS or not sources.mentions(other, ("* as ", "require(")):
            continue
        if live.reaches(other) and _value_names(language, sources.text(other)) is None:
            return True
    return False


@functools.lru_cache(maxsize=256)
def _value_names(language: str | None, text: str | None) -> Uses | None:
    """What a Python or TS/JS file uses as values, calls, renames and says in strings (python/call_guards.py,
    typescript/call_guards.py `value_names`; None: it cannot be read, or uses a module object as a value), kept for
    the few files asked again."""
    if text is None or language is None:
        return None
    if language == "python":
        from stackgraph.inference.frontends.python.call_guards import value_names  # noqa: PLC0415 - loaded when asked

        return value_names(text)
    from stackgraph.inference.frontends.typescript import call_guards  # noqa: PLC0415 - a TS/JS program's only

    return call_guards.value_names(language, text)
