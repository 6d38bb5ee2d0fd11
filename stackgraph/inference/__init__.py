"""Infer stack dependencies from program code, statically, in every Pulumi language.

`infer(...)` is called by the scanner. For each project it reads the program files
(parsed with real parsers, never executed), finds every StackReference constructor,
evaluates its name for each stack file of the project, and returns the references,
the edges they make (with evidence), the dangling targets and the outputs each program exports. Files that only
mention no StackReference are parsed only when a reference needs their constants
or helpers. Deterministic: projects, files and sites are visited in sorted order.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from stackgraph import yamlio
from stackgraph.config import Settings
from stackgraph.discovery.resolve import Resolver
from stackgraph.discovery.types import InferResult
from stackgraph.discovery.walk import Tree
from stackgraph.errors import InputError
from stackgraph.inference import ir
from stackgraph.inference.called import called_here, held_here, mentioned
from stackgraph.inference.exports import project_exports
from stackgraph.inference.handed import with_handed_reads
from stackgraph.inference.link import Linker
from stackgraph.inference.otherlangs import unread_sites
from stackgraph.inference.own_class import OwnClass
from stackgraph.inference.prefetch import Prefetch
from stackgraph.inference.projectfiles import ModuleRoots, NotFollowed, module_roots
from stackgraph.inference.pypackages import Layout
from stackgraph.inference.reach import (
    NODE_RUNTIMES,
    Reachability,
    built_entry,
    entries,
    js_mains,
    unread_entry,
    unread_tsconfig,
)
from stackgraph.inference.refs import ProjectRefs, bindings_for
from stackgraph.inference.shared import with_named_keys, with_shared_reads
from stackgraph.inference.sources import MARKERS, Sources
from stackgraph.inference.subclassed import Subclassed
from stackgraph.inference.targets import Folders, hidden_sites, path_notes
from stackgraph.inference.tsconfig import named_tsconfig
from stackgraph.inference.unfollowed import say_unfollowed
from stackgraph.model import Diagnostic, DiagnosticCode, Project, Severity, Skipped, Stack

__all__ = ["Prefetch", "infer"]


def infer(
    root: Path,
    tree: Tree,
    projects: list[Project],
    stacks: list[Stack],
    resolver: Resolver,
    settings: Settings,
    prefetch: Prefetch | None = None,
) -> InferResult:
    """Return the references, edges and dangling targets found in the programs of `projects`.

    `prefetch`, started by the scanner before it read the stack files, holds program files parsed meanwhile.
    """
    if prefetch is None:
        prefetch = Prefetch(root, tree, projects, parallel=False)
    by_path: dict[str, list[Stack]] = defaultdict(list)
    for s in stacks:
        by_path[s.project_path].append(s)
    done: dict[str, tuple[InferResult, dict[str, str]]] = {}

    def read(project: Project) -> None:
        done[project.path] = _one_project(project, prefetch, by_path, resolver)

    prefetch.finish(read)  # the projects whose files this process parsed are read while the worker parses on
    result = InferResult()
    unparsed: dict[str, str] = {}
    for project in sorted(projects, key=lambda p: p.path):  # merged in this order, whichever was read first
        read_here = done.pop(project.path) if project.path in done else None
        part, part_unparsed = read_here or _one_project(project, prefetch, by_path, resolver)
        result.references.extend(part.references)
        result.edges.extend(part.edges)
        result.dangling |= part.dangling
        result.diagnostics.extend(part.diagnostics)
        result.skipped.extend(part.skipped)
        result.exports.extend(part.exports)
        result.imports |= part.imports
        unparsed.update(part_unparsed)
    _unreadable(prefetch.outside.problems, result)
    _unparsed(unparsed, prefetch, result)
    say_unfollowed(result, prefetch.sources, [p.path for p in projects if p.runtime == "python"])
    prefetch.save()
    return result


def _one_project(
    project: Project, prefetch: Prefetch, by_path: dict[str, list[Stack]], resolver: Resolver
) -> tuple[InferResult, dict[str, str]]:
    """What the programs of one project say, and its files that could not be parsed."""
    result = InferResult()
    sources = prefetch.sources[project.path]
    notes = [*prefetch.unfollowed.get(project.path, []), *_path_notes(project, sources, prefetch.folders)]
    local = tuple(n for n in notes if isinstance(n, NotFollowed))
    runs = functools.partial(_reachability, project, sources, local)
    result.exports.append(project_exports(project, sources, runs, local))
    stacks_of = sorted(by_path[project.path], key=lambda s: s.name)
    computed = _infer_project(project, sources, _roots(project, sources, local), stacks_of, resolver, result)
    if computed is not None and not any(n.file == computed for n in notes):  # a sys.path edit says it already
        result.diagnostics.append(Diagnostic(Severity.INFO, DiagnosticCode.NOT_FOLLOWED, COMPUTED_IMPORT, computed))
    _unreadable(sources.problems, result)
    unread = unread_entry(project, sources)
    if unread is not None and (sources.files or _entry_on_disk(project, sources)):  # not a project without a program
        instead = entries(project, sources, "js") if project.runtime in NODE_RUNTIMES else []
        why = f"{unread}: its StackReferences and exports are not known"
        if instead:  # a built `bin/index.js`: its source, most likely, runs in its place
            why = f"{unread}: its exports are not known; its StackReferences are read from {instead[0]} (its source?)"
        result.diagnostics.append(Diagnostic(Severity.WARNING, DiagnosticCode.NOT_FOLLOWED, why, project.file))
    unread_config = unread_tsconfig(project, sources)
    if unread_config is not None:
        at = _line_of(project, sources, "runtime", "options", "tsconfig")
        result.diagnostics.append(
            Diagnostic(Severity.WARNING, DiagnosticCode.NOT_FOLLOWED, unread_config, project.file, at)
        )
    built = built_entry(project, sources)
    if built is not None:
        result.diagnostics.append(Diagnostic(Severity.INFO, DiagnosticCode.NOT_FOLLOWED, built, project.file))
    for note in notes:
        severity = Severity.WARNING if note.certain else Severity.INFO
        result.diagnostics.append(Diagnostic(severity, DiagnosticCode.NOT_FOLLOWED, note.why, note.file, note.line))
    return result, dict(sources.unparsed)


def _entry_on_disk(project: Project, sources: Sources) -> bool:
    """Whether the entry module the runtime would start exists in the folder (a link, an ignored file): a project
    without any program file and without it is a stub, or has its program elsewhere: no warning, exports open."""
    if project.runtime == "yaml":  # its compiler runs in the project folder: the program is there, not read
        return True
    base = "" if project.path == "." else project.path + "/"
    if project.runtime == "python":
        names = entries(project, sources, "python")
    else:
        names = [posixpath.normpath(base + entry) for _, entry in js_mains(project, sources)]
    return any(os.path.lexists(sources.root / n) for n in names)


def _roots(project: Project, sources: Sources, notes: tuple[NotFollowed, ...]) -> Callable[[], ModuleRoots]:
    """The module roots of `project` (read when first asked), with the local targets it names that are not read."""
    return functools.cache(
        lambda: dataclasses.replace(
            module_roots(
                sources.read_side,
                project.path,
                sources.files,
                sources.outside.packages,
                sources.outside.pyprojects,
                sources.outside.gomods,
                named_tsconfig(project),
            ),
            unfollowed=notes,
            **_python_layout(project, sources),
        )
    )


def _python_layout(project: Project, sources: Sources) -> dict[str, Any]:
    """The packages a Python program's environment installs from a pyproject.toml around it, and what says where
    that environment comes from (pypackages.py); nothing for another runtime."""
    if project.runtime != "python":
        return {}
    every = (frozenset(sources.files), sources.outside.files, sources.outside.owned)
    options = project.runtime_options if isinstance(project.runtime_options, Mapping) else {}
    folder = "" if project.path == "." else project.path
    layout = Layout(sources.read_side, folder, options, frozenset(sources.outside.pyprojects), _exists(every))
    return {"py_packages": layout.packages(), "py_layout": layout}


def _exists(sets: tuple[frozenset[str], ...]) -> Callable[[str], bool]:
    return lambda file: any(file in s for s in sets)


def _line_of(project: Project, sources: Sources, *path: str) -> int | None:
    """The line of the value at `path` in the project's Pulumi.yaml (None when it cannot be found)."""
    text = sources.read_side(project.file)
    try:
        return yamlio.loads(text, project.file).line_of(*path) if text is not None else None
    except InputError:  # changed since discovery read it
        return None


def _reachability(project: Project, sources: Sources, notes: tuple[NotFollowed, ...]) -> Reachability:
    """Which files the program of `project` runs (for the exports of shared modules)."""
    return Reachability(project, sources, Linker(project.path, sources, _roots(project, sources, notes)()))


def _path_notes(project: Project, sources: Sources, folders: Folders) -> list[NotFollowed]:
    """The `sys.path` edits of a Python program that add a folder outside the repository or not in it."""
    if project.runtime != "python":
        return []
    edits = [
        (file, line, folder)
        for file in sources.files
        if file.endswith(".py") and sources.mentions(file, ("sys.path", "addsitedir"))
        for line, folder in sources.facts(file).path_edits
    ]
    return path_notes(project, edits, folders)


def _unparsed(unparsed: dict[str, str], prefetch: Prefetch, result: InferResult) -> None:
    """A program file inference read (a module the program imports, one a name is read from, one with a
    StackReference) that cannot be parsed: a warning naming it and the line (what `--strict` fails on)."""
    for file, error in sorted(unparsed.items()):
        marked = any(s.mentions(file, MARKERS) for s in prefetch.sources.values() if file in s.language)
        what = "its StackReferences are not read" if marked else "what other files read from it may not be known"
        result.diagnostics.append(Diagnostic(Severity.WARNING, DiagnosticCode.UNPARSED, f"{error}; {what}", file))


def _unreadable(problems: dict[str, str], result: InferResult) -> None:
    """A program file that cannot be read or decoded: a warning naming it, and a skipped file."""
    for file, problem in sorted(problems.items()):
        result.diagnostics.append(
            Diagnostic(
                Severity.WARNING, DiagnosticCode.UNREADABLE, f"{problem}; its StackReferences are not read", file
            )
        )
        result.skipped.append(Skipped(file, "unreadable", problem))


def _infer_project(
    project: Project,
    sources: Sources,
    roots: Callable[[], ModuleRoots],
    stacks: list[Stack],
    resolver: Resolver,
    result: InferResult,
) -> str | None:
    """Add the references of the project's programs to `result`; the file that imports a module by a computed
    name, when that made every file count (said by the caller, unless a note on that file says it already)."""
    candidates = [f for f in sources.files if sources.mentions(f, MARKERS)]
    escapes = sources.escapes() or _go_elsewhere(project, sources, roots)  # may import another project's modules
    unread = unread_sites(project, sources)  # in a Kotlin, Scala, ... source of a Java program: unknown
    if not candidates and not sources.shared and not escapes and not unread:
        return None
    sites: list[ir.Site] = []
    for file in candidates:
        sites.extend(sources.facts(file).sites)  # one that cannot be parsed is said by `_unparsed`
    linker = Linker(project.path, sources, roots())
    live = Reachability(project, sources, linker)
    hidden: list[str] = []
    for file in sources.shared:  # a shared file counts only when the program surely imports it
        if live.imports_shared(file):
            sites.extend(sources.facts(file).sites)
        elif sources.language.get(file) == "python":
            hidden.append(file)
    others = sources.outside.owned
    for file in live.reached_outside() if escapes else ():  # another project's module the program runs as its own
        result.imports.add((file, project.path))  # a change to it changes this program (--changed-since)
        if file in others and sources.mentions(file, MARKERS):
            sites.extend(sources.facts(file).sites)
    for file, at, why in live.missing_imports():
        why = f"imports {why}: its StackReferences, and the names read from it, are not known"
        result.diagnostics.append(Diagnostic(Severity.WARNING, DiagnosticCode.NOT_FOLLOWED, why, file, at))
    refs = ProjectRefs(project, stacks, linker, resolver, result)
    subclassed = _subclassed(sources, live)
    own = OwnClass(lambda: sources.files + live.reached_outside(), sources.lang, sources.text)
    for site in [*hidden_sites(sources, linker, live, hidden, result), *unread]:  # PYTHONPATH, maybe; unread
        refs.add_site(site, [])
    for site in sorted(sites, key=lambda s: (s.file, s.line)):
        if not live.reaches(site.file):
            result.diagnostics.append(
                Diagnostic(
                    Severity.INFO,
                    DiagnosticCode.NOT_IMPORTED,
                    live.why_not_run(site.file),
                    site.file,
                    site.line,
                )
            )
            continue
        if site.closure and not mentioned(site.closure, site.file, sources, live):
            why = f"StackReference in a function that {site.closure}() returns, which the program never calls"
            result.diagnostics.append(
                Diagnostic(Severity.INFO, DiagnosticCode.NOT_IMPORTED, f"{why}; no reference", site.file, site.line)
            )
            continue
        site = held_here(called_here(site, site.file, sources, live, linker), site.file, sources, live, linker, stacks)
        running = _running(site, stacks, live, result)
        if running is None:
            continue
        site = with_handed_reads(with_named_keys(own.site(subclassed.site(site)), linker), linker, sources)
        site = with_shared_reads(site, site.file, sources, live, linker)
        calls = functools.partial(
            _calls, sources=sources, live=live, linker=linker, subclassed=subclassed, stacks=stacks
        )
        refs.add_site(site, bindings_for(site, calls, linker), running or None)
    refs.finish()
    return linker.computed_import if sites else None


def _go_elsewhere(project: Project, sources: Sources, roots: Callable[[], ModuleRoots]) -> bool:
    """Whether a Go program may import a package of another project: a module of its build (its go.mod, a
    `replace`, a go.work) has a folder that is not inside the project's (`replace example.com/lib => ../lib`)."""
    if not any(f.endswith(".go") for f in sources.files):
        return False
    base = "" if project.path == "." else project.path + "/"
    return any(not (folder + "/").startswith(base) for folder in roots().go_modules.values())


GUARDED = (
    "under a test (an `if`, `?:`, `&&`, `||`, `and`, `or`, `case`, an early `return`, or the calls of its function) "
    "that stacks {} never take"
)


COMPUTED_IMPORT = (
    'imports a module by a name computed at run time (`require(`./envs/${stack}`)`, `__import__("x." + name)`): '
    "which files the program runs is not known, so the StackReferences of every file of the project count for every "
    "stack"
)


def _subclassed(sources: Sources, live: Reachability) -> Subclassed:
    """What tells whether a Python file of the program extends a class (lists and reads them only when a site or
    call asks)."""
    return Subclassed(
        lambda: [f for f in sources.files + live.reached_outside() if sources.lang(f) == "python"], sources.text
    )


def _running(site: ir.Site, stacks: list[Stack], live: Reachability, result: InferResult) -> list[Stack] | None:
    """The stacks that run `site`: those whose program imports its module and that take the `if`s around it (None:
    none of them; each stack left out is said by an info diagnostic; every stack of a project without stacks)."""
    running = [s for s in stacks if live.reaches(site.file, s)]
    chosen = "in a module that stacks {} never import (an import under an if, or a loader chosen by the stack)"
    _left_out(site, stacks, running, chosen, result)
    taking = [s for s in running if live.holds(site.file, site.guards, s)] if site.guards else running
    _left_out(site, running, taking, GUARDED, result)  # `if get_stack() != "x"`, `stack == "dr" ? ref : ..`
    return taking if taking or not stacks else None


def _left_out(site: ir.Site, stacks: list[Stack], kept: list[Stack], where: str, result: InferResult) -> None:
    """An info naming the stacks of `stacks` not in `kept`, which never run `site` (`where` says why)."""
    others = ", ".join(s.name for s in stacks if s not in kept)
    if others:
        message = f"StackReference {where.format(others)}; no reference of theirs"
        result.diagnostics.append(
            Diagnostic(Severity.INFO, DiagnosticCode.NOT_IMPORTED_BY, message, site.file, site.line)
        )


def _calls(
    site: ir.Site,
    *,
    sources: Sources,
    live: Reachability,
    linker: Linker,
    subclassed: Subclassed,
    stacks: list[Stack],
) -> Iterator[tuple[str, ir.Call]]:
    """The calls in the files the program runs that may call the helper holding `site` (with what other
    modules read on a module-level variable holding the result: see shared.py; a call whose method may be an
    override in another module, or whose arguments may come from one, with them unknown: subclassed.py)."""
    assert site.func is not None
    last = site.func.partition("#")[0].rpartition(".")[2]  # `make#2`: a def of `make` defined again (python)
    for file in sources.files + live.reached_outside():
        if not live.reaches(file):
            continue
        named = sources.mentions(file, (last,))  # `Setup.Check`: Check; else only a module used as a value (`use(r)`)
        for call in (sources.facts if named else sources.parse)(file).calls:
            if not named and not (isinstance(call.callee, ir.Import) and call.callee.name == ir.EVERY):
                continue
            call = held_here(called_here(call, file, sources, live, linker), file, sources, live, linker, stacks)
            if call.shared and _names(call.callee, last):
                call = with_shared_reads(call, file, sources, live, linker)
            yield file, subclassed.call(call) if call.closed else call


def _names(callee: ir.Expr, last: str) -> bool:
    """Whether a call's callee may be the function `last` (by its name, the cheap test first)."""
    if isinstance(callee, ir.Import):
        return callee.name.rpartition(".")[2] == last
    return isinstance(callee, ir.Lit) and callee.value.partition("#")[0].rpartition(".")[2] == last  # `Refs.ref`
