"""The reads other modules make on a StackReference held in a module-level name.

A site another module can reach by name (`net = StackReference(..)` in refs.py, read as
`from refs import net; net.get_output("k")`; or `def net(): return StackReference(..)`, called as
`refs.net().get_output("k")`; or `net = make("prod")`, the result of a helper holding the site) is read
there too. The front-end records the name (`Site.shared` and `Call.shared`: `net`, or `net()` for a
function), each file the reads it makes on the names it imports (`FileFacts.name_reads`) and on the
results of the imported functions it calls (`FileFacts.calls`); here they are matched through the
linker (re-exports followed) and added: keys read elsewhere are checked like the site's own, and a use
elsewhere that cannot be read (the name passed on, `from refs import *`) makes its reads open, never
silently complete. Only files the program runs count. Where each key is read elsewhere is kept
(`reads`: the file and line of a name's first read, or the line of the call whose result is read), so
that `check` names the read, not the StackReference.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterator
from typing import NamedTuple, TypeVar

from stackgraph.inference import ir
from stackgraph.inference.link import Linker
from stackgraph.inference.reach import Reachability
from stackgraph.inference.sources import Sources

Held = TypeVar("Held", ir.Site, ir.Call)
STAR = re.compile(r"import\s*\(?\s*\*")
"""`from refs import *` (a file that names no shared name may still pass them on through it)."""
FAMILIES = ({"python"}, {"typescript", "tsx", "javascript"})
BY_NAME = {"go": "a package-level variable", "csharp": "a field", "java": "a field", "fsharp": "a module's value"}
"""The languages whose shared names are looked for by name in other files, and what such a name is."""
AS_OUTPUT = "(the entry module exports the reference as a stack output: any key of it may be read)"


class Elsewhere(NamedTuple):
    """What one other file does with a shared name: the keys it reads, why they may not be all, where each is read,
    and whether it sets the name (`refs.net = ..`: a read anywhere may get that value, so none is the site's)."""

    outputs: tuple[str, ...]
    opened: str
    where: ir.Reads
    moved: bool = False


def with_shared_reads(held: Held, file: str, sources: Sources, live: Reachability, linker: Linker) -> Held:
    """`held` (a site, or a call giving a reference, made in `file`) with the keys other modules read on
    the name holding it added, and why they may not be all."""
    if not held.shared:
        return held
    keys, why = set(held.outputs), held.reads_open or _stack_output(held.shared, file, sources, live, linker)
    reads = set(reads_of(held.outputs, held.reads, file, held.line))
    found = list(_reads_elsewhere(held.shared, file, sources, live, linker))
    moved = next((e.opened for e in found if e.moved), "")
    if moved:  # set from another module: which reads get this reference is not known, none is charged to it
        keys, reads, why, found = set(), set(), moved, []
    for outputs, opened, where, _ in found:
        keys |= set(outputs)
        reads |= set(where)
        why = why or opened
    outputs = tuple(sorted(keys))
    where = tuple(sorted(reads)) if any(f != file for _, f, _ in reads) else ()
    if outputs == held.outputs and why == held.reads_open and where == held.reads:
        return held
    return dataclasses.replace(held, outputs=outputs, reads_open=why, reads=where)


def _stack_output(shared: str, home: str, sources: Sources, live: Reachability, linker: Linker) -> str:
    """Why the TS/JS module-level name `shared` of `home` may be a stack output ("" when it is not): the entry
    module exports it (`export const net = ..` there, `export { net } from "./refs"`, `export * from "./refs"`),
    its exports are not all read, or the entry module is not read. Every key of the reference may then be read."""
    if sources.language.get(home) not in FAMILIES[1] or not re.fullmatch(r"[\w$]+", shared):
        return ""
    found = live.js_entries()
    if not found:
        return f"`{shared}` of {home} (exported where the entry module, not read, may export it as a stack output)"
    for entry in found:
        facts = sources.facts(entry)
        if facts.error:
            return f"`{shared}` of {home} (the entry module {entry} is not read whole: it may export it)"
        symbols = dict(facts.symbols)
        for out in facts.exports:
            value = symbols.get(out.name)  # in `home` itself, `export { net as network }`: an import of itself
            if out.name == shared and entry == home:
                return f"`{shared}` at {home}:{out.line} {AS_OUTPUT}"
            if isinstance(value, ir.Import) and (home, shared) in linker.origins(entry, value):
                return f"`{out.name}` at {entry}:{out.line} {AS_OUTPUT}"
        star = symbols.get("*") if entry != home else None
        for item in star.parts if isinstance(star, ir.Concat) else ():
            if isinstance(item, ir.Import) and (home, shared) in linker.origins(entry, ir.Import(item.module, shared)):
                return f'`export * from "{item.module.path}"` in {entry} {AS_OUTPUT}'
    return ""


def with_named_keys(site: ir.Site, linker: Linker) -> ir.Site:
    """`site` with the keys named by a constant of another file (`Site.keyed`, Go) read: a string literal there is
    the key; anything else (not found, not a literal) opens the reads, at the read's line."""
    if not site.keyed:
        return site
    keys, why = set(site.outputs), site.reads_open
    for name, line, imp in site.keyed:
        found = linker.lookup(site.file, imp) if isinstance(imp, ir.Import) else None
        if found is not None and isinstance(found[1], ir.Lit):
            keys.add(found[1].value)
        else:
            why = why or f"`{name}` at {site.file}:{line} (a key named by no string constant the scan reads)"
    return dataclasses.replace(site, outputs=tuple(sorted(keys)), reads_open=why, keyed=())


def reads_of(outputs: tuple[str, ...], reads: ir.Reads, file: str, line: int) -> ir.Reads:
    """`reads` (see ir.Reads), or each key of `outputs` read in `file` at or after `line` when it is empty."""
    return reads or tuple((key, file, line) for key in outputs)


def _reads_elsewhere(
    shared: str, home: str, sources: Sources, live: Reachability, linker: Linker
) -> Iterator[Elsewhere]:
    language = sources.language.get(home, "")
    if shared.startswith(("self.", "this.")):
        yield from _attribute_elsewhere(shared.partition(".")[2], home, language, sources, live)
        return
    if language in BY_NAME:
        yield from _named_elsewhere(shared, home, language, sources, live)
        return
    called = shared.endswith("()")
    name = shared.removesuffix("()")
    names = _exported_as(name, home, sources)
    for file in sources.files + live.reached_outside():
        if file == home or not live.reaches(file):
            continue
        text = sources.text(file) or ""
        named = any(n in text for n in names) or STAR.search(text) is not None
        if not named and not called:
            continue  # an importer names it, or imports `*` (and may pass the names on unnamed)
        facts = sources.facts(file) if named else sources.parse(file)  # else only a module used as a value
        if named:
            yield from _name_reads(facts.name_reads, file, (home, name), names, linker, called=called)
        for call in facts.calls if called else ():
            callee = call.callee
            if not isinstance(callee, ir.Import) or callee.name not in ((name, ir.EVERY) if named else (ir.EVERY,)):
                continue  # `Import(m, EVERY)`: the module `m` used as a value (`use(refs)`), each function it gives
            if (home, name) in linker.origins(file, ir.Import(callee.module, name)):
                yield Elsewhere(call.outputs, call.reads_open, reads_of(call.outputs, call.reads, file, call.line))


def _name_reads(
    reads: tuple[ir.NameRead, ...], file: str, held: tuple[str, str], names: set[str], linker: Linker, *, called: bool
) -> Iterator[Elsewhere]:
    """The reads `file` makes on the name `held` (home file, name), imported by one of `names`, or on its whole module
    or a module re-exporting it (`*`); the keys read on the name itself not when it is a function that is `called`
    (the reads of its calls are its results')."""
    home, name = held
    for read in reads:
        if (read.name.name in names or read.name.name == "*") and linker.unfollowed_alias(file, read.name.module):
            why = f"`{read.name.name}` imported in {file} from '{read.name.module.path}' (an alias not followed)"
            yield Elsewhere((), why, ())
        elif read.assigned and read.name.name in names and held in linker.origins(file, read.name):
            yield Elsewhere((), read.reads_open, (), moved=True)
        elif read.name.name == "*":  # the module itself, or one re-exporting the name (a barrel)
            module = read.name.module
            if home in linker.module_files(file, module) or held in linker.origins(file, ir.Import(module, name)):
                yield Elsewhere((), read.reads_open, ())
        elif not called and read.name.name in names and held in linker.origins(file, read.name):
            lines = read.lines if len(read.lines) == len(read.outputs) else (1,) * len(read.outputs)
            yield Elsewhere(
                read.outputs, read.reads_open, tuple(zip(read.outputs, (file,) * len(lines), lines, strict=True))
            )


def _exported_as(name: str, home: str, sources: Sources) -> set[str]:
    """`name` and the names a TS/JS module `home` also exports it by (`export { net as network }`: its facts hold
    `network` as an import of the module itself)."""
    if sources.language.get(home) not in FAMILIES[1]:
        return {name}
    itself = "./" + posixpath.basename(home)
    symbols = sources.facts(home).symbols
    aliases = {k for k, v in symbols if isinstance(v, ir.Import) and v.module.path == itself and v.name == name}
    return {name, *aliases}


def _named_elsewhere(name: str, home: str, language: str, sources: Sources, live: Reachability) -> Iterator[Elsewhere]:
    """The first other file that names a Go package-level variable or a C#/Java field, as an open use (an
    unexported Go name: only in the files of its own package)."""
    folder = posixpath.dirname(home) if language == "go" and not name[:1].isupper() else None
    found = _first(re.compile(rf"\b{re.escape(name)}\b"), name, home, {language}, folder, sources, live)
    if found is not None:
        yield Elsewhere((), f"`{name}` at {found} ({BY_NAME[language]} used in another file: not followed)", ())


def _attribute_elsewhere(
    name: str, home: str, language: str, sources: Sources, live: Reachability
) -> Iterator[Elsewhere]:
    """The first other file of the language that reads an attribute `name` (`app.net`) on an object, as an
    open use: a Python or TS/JS reference held in `self.net` / `this.net` may be read there."""
    family = next((f for f in FAMILIES if language in f), {language})
    pattern = re.compile(rf"(?<!\bself)(?<!\bthis)\.{re.escape(name)}\b")
    found = _first(pattern, name, home, family, None, sources, live)
    if found is not None:
        yield Elsewhere((), f"`.{name}` at {found} (an attribute read in another file: not followed)", ())


def _first(
    pattern: re.Pattern[str],
    name: str,
    home: str,
    languages: set[str],
    folder: str | None,
    sources: Sources,
    live: Reachability,
) -> str | None:
    """`file:line` of the first match of `pattern` in another file the program runs, of one of `languages`
    (and in `folder`, when given); None when no file has one."""
    for file in sources.files + live.reached_outside():
        if file == home or sources.language.get(file) not in languages or not live.reaches(file):
            continue
        if folder is not None and posixpath.dirname(file) != folder:
            continue
        text = sources.text(file) or ""
        found = pattern.search(text) if name in text else None
        if found is not None:
            at = text.count("\n", 0, found.start()) + 1
            return f"{file}:{at}"
    return None
