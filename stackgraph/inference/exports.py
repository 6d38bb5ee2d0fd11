"""The outputs each project's program exports, gathered from the exports of its files.

Which files count follows the runtime: for Node.js the entry module only (its exports are the stack's
outputs), for Python, Go, Java and .NET every program file that exports (`pulumi.export`,
`ctx.Export`, `ctx.export`, `[Output]` properties and returned dictionaries), for YAML the `outputs:` of
the program file (the first of Main.json, Main.yaml and Pulumi.yaml in the program folder), and what a
module outside the project that the program imports exports (Python and Go); a TS/JS entry's `export * from`
a module of the project passes that module's names on (reexports.py). The set is open (nothing is
then claimed missing) when a file says so (a computed key, a spread, a loop, a helper), when a file that may
export cannot be read or parsed, when no entry module or YAML program file is found, when a YAML program is what
its `compiler` prints, when the program may import a module from a folder the scan does not read (targets.py), when
a .NET program runs `Deployment.RunAsync<T>()` of a class T no program file declares, or for a runtime whose
exports are not read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.exports import STACK_CLASS
from stackgraph.inference.link import Linker
from stackgraph.inference.projectfiles import NotFollowed
from stackgraph.inference.reach import entries, unread_entry
from stackgraph.inference.reexports import is_star, star_exports
from stackgraph.inference.sources import Sources
from stackgraph.model import Declared, Export, Exports, Project


class Runs(Protocol):
    """Which files a program runs (inference/reach.py's Reachability)."""

    def reaches(self, file: str) -> bool: ...

    def unread_imports(self) -> list[tuple[str, str, str]]: ...


WORDS: dict[str, tuple[str, ...]] = {
    "python": ("export", "run("),
    "go": ("Export",),
    "java": ("export", "Export"),
    "csharp": ("Output", "RunAsync"),
    "fsharp": ("dict", "Deployment"),
    "yaml": ("outputs",),
}
"""A file of a language can export only if its text holds one of these words (others are not parsed)."""
RUNTIMES: dict[str, frozenset[str]] = {
    "python": frozenset({"python"}),
    "go": frozenset({"go"}),
    "java": frozenset({"java"}),
    "dotnet": frozenset({"csharp", "fsharp"}),
    "yaml": frozenset({"yaml"}),
    "nodejs": frozenset({"typescript", "tsx", "javascript"}),
    "bun": frozenset({"typescript", "tsx", "javascript"}),  # Pulumi's Bun runtime (3.227+) runs the same programs
}


UNREAD_SOURCES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "java": (frozenset({".java"}), frozenset({".kt", ".scala", ".groovy", ".clj", ".sc"})),
    "dotnet": (frozenset({".cs", ".fs"}), frozenset({".vb", ".vbproj"})),
}
"""For a JVM or .NET runtime: the suffixes of the sources we read, and of sources in another language of the
platform, which we do not read (Kotlin, Scala, Groovy, Clojure; Visual Basic)."""


NO_ENTRY = {
    "js": "no entry module found (index.ts, index.js or `main`): its exports are not read",
    "yaml": "no program file found (Main.json, Main.yaml or Pulumi.yaml in the program folder): no exports read",
}


def project_exports(
    project: Project,
    sources: Sources,
    runs: Callable[[], Runs] | None = None,
    unfollowed: Sequence[NotFollowed] = (),
) -> Exports:
    """The exports of `project`'s program (see the module docstring for when the set is open).

    `runs` makes the program's Reachability, asked only when a file outside the project may export: the
    program exports what a shared module it runs (or may run: imports it cannot follow) exports. `unfollowed`
    are the local targets of the program that are not read (targets.py): a module there may export too.
    """
    languages = RUNTIMES.get(project.runtime)
    if languages is None:
        why = f"a '{project.runtime}' program: its exports are not read"
        return Exports(project.path, complete=False, open=(Declared(why, project.file),))
    unread = _unread_sources(project, sources) or unread_entry(project, sources)
    if unread is not None:
        return Exports(project.path, complete=False, open=(Declared(unread, project.file),))
    files = _exporting_files(project, sources, languages)
    if files is None:
        why = NO_ENTRY["yaml" if "yaml" in languages else "js"]
        return Exports(project.path, complete=False, open=(Declared(why, project.file),))
    files += _shared(sources, languages, runs)
    names: list[Export] = []
    opened = [Declared(f"{n.why}, nor what they export", n.file, n.line) for n in unfollowed if _imported_from(n)]
    if project.runtime == "python" and runs is not None:
        for file, module, path in runs().unread_imports():
            why = f"imports {module}, whose file {path} the scan does not read (a link out of the scanned folder, "
            opened.append(Declared(why + "ignored by git, or in a skipped folder): its exports are not read", file))
    for file in files:
        problem = sources.problems.get(file)
        facts = sources.facts(file) if problem is None else None
        if facts is None or facts.error:
            why = problem or (facts.error if facts is not None else None) or "cannot be read"
            opened.append(Declared(f"{why}; its exports are not read", file))
            continue
        for e in facts.exports:
            if is_star(e):  # `export * from "./vpc"`: what that module exports (reexports.py)
                more, still = star_exports(file, e, Linker(project.path, sources), sources)
                names += more
                opened += still
            elif not _declared_elsewhere(e, files, sources):
                _add(file, _named(e, file, project, sources), names, opened)
    return Exports(project.path, tuple(sorted(set(names))), not opened, tuple(sorted(set(opened))))


def _imported_from(note: NotFollowed) -> bool:
    """Whether the program may import modules from a target not read (`-e /opt/lib`, a Go `replace` out of the
    repository, a .NET project reference): not a published module read in its place (`certain` False)."""
    return note.certain and note.applies is not None


def _unread_sources(project: Project, sources: Sources) -> str | None:
    """Why a JVM or .NET program's sources are not (all) read, or None: it runs a prebuilt `binary`, or its
    project holds no source we read, or sources in a language of the platform we do not read. (A YAML program that
    its `compiler` prints is said by reach.unread_entry.)"""
    known = UNREAD_SOURCES.get(project.runtime)
    if known is None:
        return None
    read, other = known
    if project.runtime_options.get("binary"):
        binary = project.runtime_options["binary"]
        return f"runs the prebuilt binary {binary!r} (runtime option `binary`): its exports are not read"
    suffixes = {posixpath.splitext(f)[1] for f in sources.listed}
    found = sorted(suffixes & other)
    if found:
        shown = ", ".join(found)
        return f"a {project.runtime} program with {shown} sources, which are not read: its exports are not read"
    if not suffixes & read:
        wanted = " or ".join(sorted(read))
        return f"a {project.runtime} program without a {wanted} source: its exports are not read"
    return None


def _named(e: ir.Exported, file: str, project: Project, sources: Sources) -> ir.Exported:
    """An export named by a constant of the program (`[Output(StackOutputs.Url)]`, C#): that constant's text when
    the project's files define it as a literal, else the export as it was (open, with its reason)."""
    if e.key is None or not isinstance(e.key, ir.Import) or e.key.module == STACK_CLASS:
        return e
    found = Linker(project.path, sources).lookup(file, e.key)
    value = found[1] if found is not None else None
    return ir.Exported(value.value, e.line) if isinstance(value, ir.Lit) else e


def _declared_elsewhere(e: ir.Exported, files: list[str], sources: Sources) -> bool:
    """Whether `e` is a C# `RunAsync<T>()` whose class T one of the exporting `files` declares (its [Output]
    properties are then among the exports)."""
    if not isinstance(e.key, ir.Import) or e.key.module != STACK_CLASS or not e.key.name:
        return False
    declares = re.compile(rf"\bclass\s+{re.escape(e.key.name)}\b")
    return any(declares.search(sources.text(f) or "") for f in files if f.endswith(".cs"))


def _add(file: str, e: ir.Exported, names: list[Export], opened: list[Declared]) -> None:
    if e.open:
        opened.append(Declared(e.open, file, e.line))
    else:
        names.append(Export(e.name, file, e.line))


def _shared(sources: Sources, languages: frozenset[str], runs: Callable[[], Runs] | None) -> list[str]:
    """The files outside the project that may export and that the program runs (or may run)."""
    shared = [f for f in sources.outside.exporting if sources.language.get(f) in languages and f not in sources.files]
    if not shared or runs is None:
        return []
    live = runs()
    return [f for f in shared if live.reaches(f)]


def _exporting_files(project: Project, sources: Sources, languages: frozenset[str]) -> list[str] | None:
    """The program files whose exports count (None: a Node.js program without an entry module)."""
    if "javascript" in languages:
        return entries(project, sources, "js", fallback=False) or None
    files = sources.files
    if "yaml" in languages:  # the one file Pulumi YAML runs
        files = entries(project, sources, "yaml")
        if not files:
            return None
    out = []
    for file in files:
        language = sources.language[file]
        if language not in languages or sources.unbuilt(file):  # a Go file `go build` leaves out exports nothing
            continue
        mentioned = sources.mentions(file, WORDS[language])  # reads the file: a problem is known after
        if mentioned or file in sources.problems:
            out.append(file)
    return out
