"""The source files of one project, read and parsed on demand (each at most once).

Files are dispatched to a finder by extension; a finder module is imported only
when a file of its language is parsed, so a repository without Go pays nothing for
the Go grammar. Parsing goes through the content-hash cache (cache.py) when one is
given. Test files and type declarations are never program code and are skipped.
"""

from __future__ import annotations

import importlib
import posixpath
import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stackgraph import files
from stackgraph.cache.fingerprint import ReadLog
from stackgraph.discovery.walk import Tree
from stackgraph.inference import ir
from stackgraph.inference.cache import Cache
from stackgraph.inference.gobuild import unbuilt
from stackgraph.inference.javabuild import uncompiled
from stackgraph.inference.projectfiles import WorkspacePackage, workspace_package
from stackgraph.model import Project

LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".go": "go",
    ".cs": "csharp",
    ".java": "java",
    ".fs": "fsharp",
    ".fsx": "fsharp",
}
FINDER_MODULES = {
    "python": "python",
    "typescript": "typescript",
    "tsx": "typescript",
    "javascript": "typescript",
    "go": "golang",
    "csharp": "csharp",
    "java": "java",
    "fsharp": "fsharp",
    "yaml": "yaml_program",
}
"""The front-end of each language: a module (or package) of stackgraph.inference.frontends."""
YAML_PROGRAMS = frozenset({"Pulumi.yaml", "Pulumi.yml", "Main.json", "Main.yaml", "Main.yml"})
"""The files of a YAML project that may hold a program (JSON is YAML). Pulumi runs one of them: inference/reach.py
`YAML_PROGRAM`; a StackReference in another is reported as not run."""
_TEST_FILE = re.compile(
    r"(^|/)(test_[^/]*\.py|[^/]*_test\.(py|go)|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|[^/]*\.d\.[cm]?ts)$"
    r"|(^|/)(__tests__|__mocks__|tests?|src/test)/"
)
MARKERS = ("StackReference", "stackReference", "stackreference")
BARE_IMPORT = re.compile(r"(?:\bfrom|\bimport|\brequire\s*\()\s*[\"']((?!@pulumi/|\.)[^\"'\s]+)[\"']")
"""A module a JS/TS file imports by a package name (not a path, not a Pulumi SDK): `from "@acme/lib"`."""
EXPORT_CALL = {"python": "export(", "go": ".Export("}
"""What a shared file of a language holds if it may export a stack output (`pulumi.export(`, `ctx.Export(`):
a program that imports it exports what it does (inference/exports.py)."""


_OPENERS = ('from "', "from '", 'import "', "import '", 'require("', "require('")


def _names_packages(text: str) -> bool:
    """Whether a JS/TS text may import a module by a package name other than a Pulumi SDK (a cheap count before
    BARE_IMPORT: most programs import only `@pulumi/*` and relative paths)."""
    total = sum(text.count(o) for o in _OPENERS)
    known = sum(text.count(o + q) for o in _OPENERS for q in ("@pulumi/", "."))
    return total > known


def language_of(rel: str, project: Project) -> str | None:
    """Return the language of a project file, or None when it is not program code we read."""
    name = posixpath.basename(rel)
    if name in YAML_PROGRAMS:
        return "yaml" if project.runtime == "yaml" else None
    return code_language(rel, project.path)


def code_language(rel: str, folder: str) -> str | None:
    """The language of a file of the project in `folder` when it is program code we read, YAML programs
    aside (their language depends on the project's runtime): what the walk alone tells."""
    language = LANGUAGES.get(posixpath.splitext(rel)[1])
    if language is None:  # most files of a project: stack files, READMEs, go.mod, package.json
        return None
    inside = folder == "." or rel.startswith(folder + "/")
    inner = rel[len(folder) + 1 :] if folder != "." and inside else rel  # else a referenced project's
    return None if _TEST_FILE.search(inner) else language


SHARED_LANGUAGES = frozenset({"typescript", "tsx", "javascript", "python", "go"})
"""Languages whose programs import files outside their project (`../shared/refs`, a folder on `sys.path`, a Go
module of the repository reached through `replace` or go.work)."""


def shared_language(rel: str) -> str | None:
    """The language of a file in no project that a program may import, or None."""
    if _TEST_FILE.search(rel):
        return None
    lang = LANGUAGES.get(posixpath.splitext(rel)[1])
    return lang if lang in SHARED_LANGUAGES else None


def finder(language: str) -> Callable[[str, str], ir.FileFacts]:
    """Return `find(text, file)` of a language, importing its module now."""
    module = importlib.import_module(f"stackgraph.inference.frontends.{FINDER_MODULES[language]}")
    find: Callable[..., ir.FileFacts] = module.find
    extra = (language,) if language in ("typescript", "tsx", "javascript") else ()

    def guarded(text: str, file: str) -> ir.FileFacts:
        try:
            return find(text, file, *extra)
        except RecursionError:  # hundreds of `if`s setting one name in a row: said as the file's error, never a crash
            return ir.FileFacts(file, language, error="cannot read: its code nests or chains too deeply")

    return guarded


@dataclass
class Outside:
    """The TS/JS files of the repository that belong to no project, shared by every project's Sources."""

    language: dict[str, str] = field(default_factory=dict)  # file -> language
    marked: list[str] = field(default_factory=list)  # those that mention a StackReference (sorted)
    exporting: list[str] = field(default_factory=list)  # those that may export an output (sorted)
    packages: dict[str, WorkspacePackage] = field(default_factory=dict)  # by name
    files: frozenset[str] = frozenset()
    text: dict[str, str | None] = field(default_factory=dict)  # read once for every project
    facts: dict[str, ir.FileFacts] = field(default_factory=dict)  # parsed once for every project
    problems: dict[str, str] = field(default_factory=dict)  # file -> why it could not be read
    owned: frozenset[str] = frozenset()  # the files of the projects (holders aside): another project's modules
    project_manifests: list[str] = field(default_factory=list)  # the package.json files of those projects
    pyprojects: list[str] = field(default_factory=list)  # every folder with a pyproject.toml (uv workspace members)
    gomods: list[str] = field(default_factory=list)  # every folder with a go.mod (modules a go.mod may require)
    links: dict[str, str] = field(default_factory=dict)  # folder links not read again: link -> where it is read
    _in_projects: dict[str, WorkspacePackage] | None = None

    def project_packages(self, read: Callable[[str], str | None]) -> dict[str, WorkspacePackage]:
        """The workspace packages whose folder is a project too (`packages/lib`, a package and a Pulumi project),
        by name: read on the first question (a program importing a package that is in no project-free folder)."""
        if self._in_projects is None:
            self._in_projects = {}
            for manifest in sorted(self.project_manifests):
                workspace_package(read, manifest, self._in_projects)
        return self._in_projects


class Sources:
    """The program files of one project; text and facts are read lazily and memoized."""

    def __init__(
        self,
        root: Path,
        project: Project,
        files: list[str],
        cache: Cache | None,
        outside: Outside | None = None,
        reads: ReadLog | None = None,
        uncompiled: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.project = project
        self.cache = cache
        self.reads = reads if reads is not None else ReadLog(root)
        """The files read beside the programs (tsconfig.json, package.json, go.mod, ...): see `read_side`."""
        own = {f: lang for f in files if (lang := language_of(f, project)) is not None}
        self.files = sorted(own)
        self.listed = files
        """Every file of the project the walk listed, program code or not (a Kotlin source, a .vbproj)."""
        # Program files in no project (`shared/refs.ts`, a workspace package): one map for every project,
        # read only when the program imports them; `shared` are those that mention a StackReference.
        self.outside = outside or Outside()
        self.shared = [f for f in self.outside.marked if f not in own]
        self.language: Mapping[str, str] = ChainMap(own, self.outside.language) if self.outside.language else own
        self._text: dict[str, str | None] = {}
        self._facts: dict[str, ir.FileFacts] = {}
        self.problems: dict[str, str] = {}
        """Why each of this project's program files that could not be read was not (see `text`)."""
        self._unbuilt: dict[str, str | None] = dict(uncompiled or {})
        """Why a file the build leaves out is (a .NET source outside the project file's folder: given; a Go or Java
        file: found on the first question), None for one it compiles."""
        self.unparsed: dict[str, str] = {}
        """The files inference asked the facts of that have a syntax error, and the error (see `facts`)."""

    def read_side(self, rel: str) -> str | None:
        """The text of a file read beside the programs (a project file such as tsconfig.json; None when it
        cannot be read), recorded in `reads`: the result cache is keyed on every file read this way."""
        return self.reads.read_text(rel)

    def text(self, file: str) -> str | None:
        """The file's text; None when it cannot be read as UTF-8 (the reason is then in `problems`)."""
        outside = file in self.outside.files
        memo = self.outside.text if outside else self._text
        if file not in memo:
            text, problem = read_program(self.root / file)
            memo[file] = text
            if problem is not None:
                (self.outside.problems if outside else self.problems)[file] = problem
        return memo[file]

    def given(self, file: str, text: str | None, problem: str | None) -> bool:
        """Take the text of `file` read elsewhere (by the pre-parse worker; None and `problem` when it could not
        be read); False, keeping the text read here, when this process read another one already."""
        outside = file in self.outside.files
        memo = self.outside.text if outside else self._text
        if file in memo:
            return memo[file] == text
        memo[file] = text
        if problem is not None:
            (self.outside.problems if outside else self.problems)[file] = problem
        return True

    def lang(self, file: str) -> str | None:
        """The language of a program file: of this project, of no project, or of another project that this one
        imports by a path (`../shared/lib`, a folder put on `sys.path`); None for any other file."""
        found = self.language.get(file)
        if found is None and file in self.outside.owned:
            return shared_language(file)
        return found

    def escapes(self) -> bool:
        """Whether a program file of this project may import a module of another project: by a relative path
        (its text holds `"..` or `'..`: `../shared/lib`, `sys.path.insert(0, "..")`), or by the name of a
        workspace package whose folder is another project (`import { ref } from "@acme/lib"`)."""
        if any((t := self.text(f)) is not None and ('"..' in t or "'.." in t) for f in self.files):
            return True
        if not self.outside.project_manifests:
            return False
        specs = {
            m.group(1)
            for f in self.files
            if self.language[f] in ("typescript", "tsx", "javascript")
            if _names_packages(t := self.text(f) or "")
            for m in BARE_IMPORT.finditer(t)
        }
        if not specs:
            return False
        base = "" if self.project.path == "." else self.project.path + "/"
        packages = self.outside.project_packages(self.read_side)
        others = {n for n, p in packages.items() if not (p.folder + "/").startswith(base)}
        return any(s == n or s.startswith(n + "/") for s in specs for n in others)

    def unbuilt(self, file: str) -> str | None:
        """Why `go build` leaves the Go file `file` out of its package (a build constraint, a name the go tool
        ignores: gobuild.py), why no build compiles the Java file, why `dotnet run` does not compile the C#/F# one
        (prefetch.dotnet_uncompiled), or None (also for a file of another language)."""
        if file in self._unbuilt:
            return self._unbuilt[file]
        if file.endswith(".java"):
            self._unbuilt[file] = self._uncompiled(file)
        if not file.endswith((".go", ".java")):
            return None
        if file not in self._unbuilt:
            self._unbuilt[file] = unbuilt(file, self.text(file) or "")
        return self._unbuilt[file]

    def _uncompiled(self, file: str) -> str | None:
        """Why no Maven or Gradle build of the project compiles the Java file (javabuild.uncompiled), or None."""
        base = "" if self.project.path == "." else self.project.path + "/"
        if not file.startswith(base):
            return None
        listed = frozenset(f[len(base) :] for f in self.listed if f.startswith(base))
        return uncompiled(file[len(base) :], listed, lambda rel: self.read_side(base + rel))

    def mentions(self, file: str, words: tuple[str, ...]) -> bool:
        text = self.text(file)
        return text is not None and any(w in text for w in words)

    def facts(self, file: str) -> ir.FileFacts:
        """The facts of `file`, parsed on the first call (or given by `parsed`); a file with a syntax error is
        kept in `unparsed` (a file that cannot be read is in `problems` already)."""
        found = self.parse(file)
        if found.error and file not in self.problems and file not in self.outside.problems:
            self.unparsed.setdefault(file, found.error)
        return found

    def parse(self, file: str) -> ir.FileFacts:
        """The facts of `file`, parsed on the first call, without taking note of an error (parsing ahead)."""
        memo = self.outside.facts if file in self.outside.files else self._facts
        if file not in memo:
            memo[file] = self._parse(file)
        return memo[file]

    def parsed(self, file: str, facts: ir.FileFacts) -> None:
        """Take the facts of `file` parsed elsewhere (by the pre-parse worker)."""
        memo = self.outside.facts if file in self.outside.files else self._facts
        memo[file] = facts

    def _parse(self, file: str) -> ir.FileFacts:
        text = self.text(file)
        language = self.lang(file) or self.language[file]
        if text is None:
            return ir.FileFacts(file, language, error="not readable as UTF-8")
        if self.cache is not None:
            return self.cache.facts(file, language, text, finder)
        return finder(language)(text, file)


def read_program(path: Path) -> tuple[str | None, str | None]:
    """Return the UTF-8 text of a program file, or None and why it cannot be read (never blocks)."""
    try:
        return files.read_text(path), None
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start}); save it as UTF-8"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}; check its permissions"


def outside_files(root: Path, tree: Tree, owned: dict[str, list[str]], reads: ReadLog) -> Outside:
    """The TS/JS files in no project (`shared/stack-refs.ts`) or in a project that holds other projects
    (`infra/shared/refs.ts` of the project `infra/` that holds `infra/app/`), those that mention a
    StackReference, and the workspace packages (a package.json with a name) among them.

    A project that surely imports one (by a relative path or its package name) runs its StackReferences as
    its own.
    """
    holders = set(owned) & _ancestors(owned)
    mine = {f for path, files in owned.items() if path not in holders for f in files}
    out = Outside()
    manifests = []
    for folder, names in tree.files.items():
        base = "" if folder == "." else folder + "/"
        for name in names:
            rel = base + name
            if name == "pyproject.toml":
                out.pyprojects.append(folder)
            elif name == "go.mod":
                out.gomods.append(folder)
            if rel in mine:
                if name == "package.json":
                    out.project_manifests.append(rel)
                continue
            if name == "package.json":
                manifests.append(rel)
            lang = shared_language(rel)
            if lang is None:
                continue
            out.language[rel] = lang
            text, problem = read_program(root / rel)
            if text is None:
                out.problems[rel] = problem or "cannot be read"
                continue
            if any(m in text for m in MARKERS):
                out.marked.append(rel)
            if EXPORT_CALL.get(lang, "\0") in text:
                out.exporting.append(rel)
    out.marked.sort()
    out.exporting.sort()
    out.pyprojects.sort()
    out.gomods.sort()
    out.files = frozenset(out.language)
    out.links = dict(tree.links)
    out.owned = frozenset(mine)
    if out.language:
        for manifest in sorted(manifests):
            workspace_package(reads.read_text, manifest, out.packages)
    return out


def _ancestors(folders: Iterable[str]) -> set[str]:
    """Every folder above one of `folders` ("." for the root), in time linear in their depth."""
    out: set[str] = set()
    for folder in folders:
        while folder not in ("", "."):
            folder = posixpath.dirname(folder)
            key = folder or "."
            if key in out:
                break
            out.add(key)
    return out
