"""The keys a StackReference's site reads through functions of other modules it is passed to.

`vpcOf(net)`, `vpcOf` imported from lib/net.ts (`from lib.net import vpc_of`): the front-end of the site's file
records the call (`Site.handed`), the one of lib/net each module-level function that only reads keys on a parameter
(`FileFacts.readers`, irreaders.py). Here they meet through the linker: a call of such a reader reads its keys on the
reference, each where it is read (a literal key in the function's file at its line, a key given by the call at the
call). A call the linker cannot match to exactly one reader (the module not followed or not read whole, the function
defined where it is no such reader or in several modules, the reference in a parameter it does not only read keys on,
a key given that is not a literal) opens the site's reads with the call, as when nothing is followed.
"""

from __future__ import annotations

import dataclasses
import re

from stackgraph.inference import ir
from stackgraph.inference.link import Linker
from stackgraph.inference.shared import reads_of
from stackgraph.inference.sources import Sources


def with_handed_reads(site: ir.Site, linker: Linker, sources: Sources) -> ir.Site:
    """`site` with the keys read by the functions of other modules it is passed to, and why they may not be all
    (the first call that cannot be followed, before the site's own reason)."""
    if not site.handed:
        return site
    keys, opened = set(site.outputs), ""
    reads = set(reads_of(site.outputs, site.reads, site.file, site.line))
    for handed in site.handed:
        found = _reads(handed, site.file, linker, sources)
        if found is None:
            opened = opened or handed.why
            continue
        keys |= {key for key, _, _ in found}
        reads |= found
    where = tuple(sorted(reads)) if any(f != site.file for _, f, _ in reads) else ()
    why = opened or site.reads_open
    return dataclasses.replace(site, outputs=tuple(sorted(keys)), reads_open=why, reads=where, handed=())


def _reads(handed: ir.Handed, file: str, linker: Linker, sources: Sources) -> set[tuple[str, str, int]] | None:
    """The `(key, file, line)` reads of one call of a function of another module; None when it is no reader."""
    found = _reader(handed, file, linker, sources)
    if found is None:
        return None
    home, reader = found
    reads = {(key, home, at) for key, at in reader.keys}
    given = dict(handed.args)
    defaults = dict(reader.defaults)
    for param in reader.params:
        slot = str(reader.positions.index(param)) if param in reader.positions else param
        key = given[slot] if slot in given else given[param] if param in given else defaults.get(param)
        if key is None:
            return None
        reads.add((key, file, handed.line))
    return reads


def _reader(handed: ir.Handed, file: str, linker: Linker, sources: Sources) -> tuple[str, ir.Reader] | None:
    """The file and the `Reader` of the function a call passes the reference to: the one origin of its name that
    defines it as a reader of that parameter, every other origin only passing the name on (`export * from`, an
    import it exports; a Go package's other files, as Go declares a package-level name in one built file only); None
    otherwise."""
    if not isinstance(handed.callee, ir.Import):
        return None
    origins = sorted(linker.origins(file, handed.callee))
    go = handed.callee.module.kind in (ir.ModuleKind.DIR, ir.ModuleKind.GO)
    defining = []
    for home, local in origins:
        if go and not home.endswith(".go"):
            continue  # another language's file in the package's folder
        facts = sources.facts(home)
        if facts.error:
            return None
        readers = [r for r in facts.readers if r.name == local]
        if readers:
            defining.append((home, readers))
        elif go and _declares(sources.text(home) or "", local):
            return None  # also declared there (build constraints not decided keep both files): not known which
        elif not go and not _passes_on(facts, local, sources.text(home) or ""):
            return None  # defined there as no reader, or not known to be only passed on
    if len(defining) != 1:
        return None
    home, readers = defining[0]
    positions = readers[0].positions
    index = int(handed.slot) if handed.slot.isdigit() else -1
    param = handed.slot if index < 0 else positions[index] if index < len(positions) else ""
    reader = next((r for r in readers if param and r.param == param), None)
    return (home, reader) if reader is not None else None


def _passes_on(facts: ir.FileFacts, name: str, text: str) -> bool:
    """Whether a module only passes the name on: imports it (`export { vpcOf } from`, `from .net import vpc_of`), or
    never writes it but has an `export * from` (a function of that name declared there would hide the star's)."""
    symbols = dict(facts.symbols)
    value = symbols.get(name)
    return isinstance(value, ir.Import) or (value is None and "*" in symbols and name not in text)


def _declares(text: str, name: str) -> bool:
    """Whether a Go file may declare `name` too: a line starting with `func name(` or `func name[`, or with the
    name (after `var` or `const`, or in their block) and an `=` later (a local of that name counts: never the
    reverse)."""
    word = re.escape(name)
    return re.search(rf"(?m)^func\s+{word}\s*[\[(]|^\s*(?:(?:var|const)\s+)?{word}\b[^\n]*=", text) is not None
