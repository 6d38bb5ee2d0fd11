"""`export * from "./vpc"` in a TS/JS entry module: the names the module re-exports are stack outputs too.

Followed into the project's own files only (a relative path the linker resolves to one of them), recursively, each
file once (a cycle of re-exports is read once): a module's named exports pass on, its default export does not
(`export *` never re-exports `default`), `export * as ns` is the one name `ns`. A module of a package, outside
the project or not found, one that cannot be read or parsed, and one whose own exports are open leave the set
open, saying why and where.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.link import Linker
from stackgraph.inference.sources import Sources
from stackgraph.model import Declared, Export


def is_star(e: ir.Exported) -> bool:
    """Whether an export is `export * from <module>` (see `ir.Exported.key`)."""
    return isinstance(e.key, ir.Import) and e.key.name == "*" and e.key.module.kind is ir.ModuleKind.JS


def star_exports(file: str, e: ir.Exported, linker: Linker, sources: Sources) -> tuple[list[Export], list[Declared]]:
    """The names `export * from ..` at `file` brings in, and why the set is open (when it is)."""
    names: list[Export] = []
    opened: list[Declared] = []
    _follow(file, e, linker, sources, {file}, names, opened)
    return names, opened


def _follow(
    file: str,
    e: ir.Exported,
    linker: Linker,
    sources: Sources,
    seen: set[str],
    names: list[Export],
    opened: list[Declared],
) -> None:
    assert isinstance(e.key, ir.Import)
    module = e.key.module
    found = linker.module_files(file, module) if module.path.startswith(".") else []
    if not found or found[0] not in sources.files:
        opened.append(Declared(e.open, file, e.line))
        return
    target = found[0]
    if target in seen:
        return
    seen.add(target)
    problem = sources.problems.get(target)
    facts = sources.facts(target) if problem is None else None
    if facts is None or facts.error:
        why = problem or (facts.error if facts is not None else None) or "cannot be read"
        opened.append(Declared(f"{why}; the names it re-exports are not read", target))
        return
    for item in facts.exports:
        if item.default:
            continue
        if is_star(item):
            _follow(target, item, linker, sources, seen, names, opened)
        elif item.open:
            opened.append(Declared(item.open, target, item.line))
        else:
            names.append(Export(item.name, target, item.line))
