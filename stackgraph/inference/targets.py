"""The local targets a program names that are not read: each is a warning `not-followed` on the line that names it.

Followed elsewhere (projectfiles.py, link.py) when they lead to a folder of the repository, these are the ones that
do not: a Go `replace` or go.work `use` of a folder outside the repository or not in it, a Python requirements.txt
line that installs such a folder (`-e ../x`), a `sys.path` edit that adds one, and (projectfiles.py) a C#/F#
`<ProjectReference>` to a project file that is not in the repository. A folder "not in the repository" holds no file
the scan lists: it is missing, or the scan skips it (ignored, excluded). Nothing is guessed: a value the program
reads through an import that may lead there is unknown and says so (`Linker.why_missing`); Java's builds say the
same of their modules (javabuild.py).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable, Iterator, Mapping

from stackgraph.discovery.types import InferResult
from stackgraph.inference import ir
from stackgraph.inference.link import Linker
from stackgraph.inference.projectfiles import (
    NotFollowed,
    Read,
    go_directives,
    inside,
    module_roots,
    requirement_lines,
)
from stackgraph.inference.reach import Reachability
from stackgraph.inference.sources import Sources
from stackgraph.model import Diagnostic, DiagnosticCode, Project, Severity

ANY_PYTHON = ir.Module(ir.ModuleKind.PY)
"""What a Python target may concern: any import but a relative one."""
NOT_IN = "not in the repository (missing, or skipped by the scan)"


class Folders:
    """The folders that hold a file the scan lists, or a folder that does (built on the first question)."""

    def __init__(self, files: Mapping[str, list[str]]) -> None:
        self._files = files
        self._all: set[str] | None = None

    def __contains__(self, folder: object) -> bool:
        if self._all is None:
            self._all = set()
            for where in self._files:
                while where not in self._all:
                    self._all.add(where)
                    if where in ("", "."):
                        break
                    where = posixpath.dirname(where) or "."
        return folder in self._all


def local_notes(
    read: Read,
    project: Project,
    files: Iterable[str],
    folders: Folders,
    pyprojects: Iterable[str] = (),
    gomods: Iterable[str] = (),
) -> list[NotFollowed]:
    """The targets of a Go or Python program's project files that are not read (go.mod `replace`, go.work `use`,
    requirements.txt, pyproject.toml: `pyprojects` are the folders with one, to find uv workspace members), and
    the modules of the repository a go.mod requires without a replace (`gomods`: the folders with a go.mod), whose
    folder is read in place of the published version Go builds (an info)."""
    base = "" if project.path == "." else project.path + "/"
    if project.runtime == "python":
        return _python_notes(read, base, folders, pyprojects)
    if project.runtime != "go":
        return []
    go_folders = {posixpath.dirname(f) for f in files if f.endswith(".go")}
    up = base.rstrip("/")
    while up:  # a go.mod above the project too (one module for a whole monorepo), as module_roots reads them
        go_folders.add(up)
        up = posixpath.dirname(up)
    go_folders.add("")
    out: list[NotFollowed] = []
    for folder in sorted(go_folders):
        for name, keyword in (("go.mod", "replace"), ("go.work", "use"), ("go.work", "replace")):
            rel = posixpath.join(folder, name)
            for line, module, target in go_directives(read, rel, keyword):
                if not target.startswith((".", "/")) or (keyword == "replace" and not module):
                    continue  # a module of a registry (`=> example.com/fork v1.2.0`)
                where = inside(folder, target) if target.startswith(".") else None
                if where is not None and read(posixpath.join(where, "go.mod")) is not None:
                    continue
                state = "outside the repository" if where is None else f"{NOT_IN}, or without a go.mod"
                what = f"replaces {module} with" if module else "uses"
                why = f"{what} {target}, a folder {state}: its packages are not read"
                out.append(NotFollowed(rel, line, why, ir.Module(ir.ModuleKind.GO, module)))
    for rel, line, module, folder in module_roots(read, project.path, files, {}, (), gomods).go_published:
        why = (
            f"requires {module}, a module of this repository ({folder}/go.mod), with no replace or go.work use: Go "
            f"builds its published version; its packages are read from {folder} in its place"
        )
        out.append(NotFollowed(rel, line, why, certain=False))
    return out


def _python_notes(read: Read, base: str, folders: Folders, pyprojects: Iterable[str]) -> list[NotFollowed]:
    """The targets of the requirements.txt and pyproject.toml of the Python project folder `base` that are not
    read, and of the local packages they install (transitively, each said once)."""
    from stackgraph.inference.pyproject import installed, local_dependencies, root_sources  # noqa: PLC0415 - Python only

    rel, requirements = posixpath.normpath(base + "pyproject.toml"), posixpath.normpath(base + "requirements.txt")
    root, from_root = root_sources(read, rel, pyprojects)
    named = [
        (requirements, requirement_lines(read, requirements)),
        (rel, local_dependencies(read, rel, pyprojects)),
        (root, from_root),
    ]
    direct = [folder for _, lines in named for _, _, folder in lines if folder is not None]
    seen = {posixpath.normpath(base or "."), *direct}
    named += [(file, [entry]) for file, entry in installed(read, direct, pyprojects, seen)]
    return list(dict.fromkeys(note for file, lines in named for note in _requirements(read, file, folders, lines)))


def _requirements(
    read: Read, rel: str, folders: Folders, lines: list[tuple[int, str, str | None]] | None = None
) -> list[NotFollowed]:
    out = []
    for line, written, folder in requirement_lines(read, rel) if lines is None else lines:
        if folder is not None and folder in folders:
            continue
        if written.endswith("(workspace member)"):
            why = f"installs {written}, which no member of its uv workspace is named: its modules are not read"
            out.append(NotFollowed(rel, line, why, ANY_PYTHON))
            continue
        state = "outside the repository" if folder is None else NOT_IN
        why = f"installs {written}, a folder {state}: its modules are not read"
        out.append(NotFollowed(rel, line, why, ANY_PYTHON))
    return out


def path_notes(project: Project, edits: Iterable[tuple[str, int, str]], folders: Folders) -> list[NotFollowed]:
    """The `sys.path` edits of a Python program (file, line, folder as `paths.added_folder` gives it) that add a
    folder outside the repository or not in it."""
    from stackgraph.inference.frontends.python.paths import CWD, OUTSIDE  # noqa: PLC0415 - Python programs only

    base = "" if project.path == "." else project.path + "/"
    out = []
    for file, line, folder in edits:
        if folder.startswith(OUTSIDE):
            rest = folder[len(OUTSIDE) :]
            shown = rest if rest.startswith(("/", "~")) else f"{rest} (from the repository root)"
            state = "outside the repository"
        else:
            rel = posixpath.normpath(base + folder[1:]) if folder.startswith(CWD) else folder
            shown = f"{folder[1:]} (from the project folder)" if folder.startswith(CWD) else folder
            if rel != ".." and not rel.startswith("../") and (rel in folders or rel in ("", ".")):
                continue
            state = "outside the repository" if rel == ".." or rel.startswith("../") else NOT_IN
        why = f"puts {shown} on sys.path, a folder {state}: its modules are not read"
        out.append(NotFollowed(file, line, why, ANY_PYTHON))
    return out


def hidden_sites(
    sources: Sources, linker: Linker, live: Reachability, shared: list[str], result: InferResult
) -> Iterator[ir.Site]:
    """The sites of the Python files outside every project (`shared`, not imported as far as stackgraph can see)
    that an import of the program (in a file of its own, or of a local package it runs) would find if their folder
    were on its import path (`import refs` finding shared/refs.py through a PYTHONPATH set outside the program): a
    warning `not-followed` on the import, and each site unresolved for this program with that reason, never left
    out without a word."""
    if not shared:
        return
    found: dict[str, tuple[str, int, str, str]] = {}  # shared file -> (importing file, line, module, file it names)
    for file in [*sources.files, *live.reached_outside()]:  # a local package's own imports too
        if not file.endswith(".py") or not live.reaches(file):
            continue
        facts = sources.facts(file)
        lines = dict(facts.import_lines)
        for module in facts.imports:
            if module.kind is not ir.ModuleKind.PY or linker.module_files(file, module):
                continue
            for first in linker.hidden(module.path):
                for target in _imported_from(first, sources, linker):  # `shared/__init__.py`: `from .refs import ..`
                    if target in shared and target not in found:
                        found[target] = (file, lines.get(module, 0), module.path, first)
    for target, (file, line, spec, first) in sorted(found.items()):
        named = target if first == target else f"{first} (which imports {target})"
        why = f"imports {spec}, which neither the project nor a folder on its import path holds; "
        why += linker.hidden_why(first, spec, named)
        result.diagnostics.append(Diagnostic(Severity.WARNING, DiagnosticCode.NOT_FOLLOWED, why, file, line or None))
        reason = (f"a StackReference in {target}, which {file}:{line} imports as '{spec}' only through an import "
                  "path set outside the program (PYTHONPATH): not followed")  # fmt: skip
        for site in sources.facts(target).sites:
            yield dataclasses.replace(site, name=ir.Unknown(reason), func=None, params=(), defaults=(), owner=None)


def _imported_from(first: str, sources: Sources, linker: Linker) -> list[str]:
    """`first`, a file in no project, and the files in no project it imports, transitively (a package's
    `__init__.py` re-exporting `from .refs import get_ref`)."""
    seen, todo = [first], [first]
    while todo:
        facts = sources.facts(todo.pop())
        for module in facts.imports if not facts.error else ():
            for target in linker.module_files(facts.file, module):
                if target in sources.outside.files and target not in seen:
                    seen.append(target)
                    todo.append(target)
    return seen


READ_RUNTIMES = frozenset({"python", "nodejs", "bun", "go", "dotnet", "java", "yaml"})
"""The runtimes whose programs inference reads."""


def unread_runtime(read: Read, project: Project, files: list[str]) -> list[NotFollowed]:
    """A warning for the first file of a program of a runtime inference does not read (`runtime: scala`) that
    mentions a StackReference: its references are not read, never silently none."""
    for rel in files:
        text = read(rel)
        at = next((text.find(m) for m in ("StackReference", "stackReference") if m in text), -1) if text else -1
        if text and at >= 0:
            why = (
                f"a '{project.runtime}' program mentions a StackReference: stackgraph does not read programs of this "
                "runtime, so its dependencies are not known; declare them with stackgraph:dependsOn in its stack files"
            )
            return [NotFollowed(rel, text.count("\n", 0, at) + 1, why)]
    return []
