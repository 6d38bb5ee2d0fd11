"""Which files a program runs: those its entry point imports, transitively, per language family.

The entry point follows the runtime's rules: Python `main` (a file, or a folder's `__main__.py`), the Go
main package (the folder of `main`), and for TypeScript/JavaScript `main` of Pulumi.yaml or of
package.json (a `.js` name also tried as `.ts`; one tsc builds into its outDir, the source it builds it from:
tsbuild.py), else `index.<ext>`. When the imports cannot be followed (a dynamic import, an alias the linker does
not know), every file counts as run. A YAML program imports nothing: it is one file (`YAML_PROGRAM`), and no
other YAML file of the project runs.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable

from stackgraph.discovery.walk import SKIP_DIRS
from stackgraph.inference import ir
from stackgraph.inference.evaluate import Context, test
from stackgraph.inference.link import Linker
from stackgraph.inference.projectfiles import package_main
from stackgraph.inference.sources import MARKERS, Sources
from stackgraph.inference.tsbuild import built_source
from stackgraph.inference.tsconfig import TsLayout, named_tsconfig, program_tsconfig
from stackgraph.model import Project, Stack

FAMILY = {"python": "python", "typescript": "js", "tsx": "js", "javascript": "js", "go": "go", "yaml": "yaml"}
"""Languages whose imports are followed, by the family that shares one import graph (YAML: one file runs)."""
RUNTIME_FAMILY = {"python": "python", "nodejs": "js", "bun": "js", "go": "go", "yaml": "yaml", "dotnet": "", "java": ""}
"""The family of the files each runtime runs ('': none whose imports are followed): a file of another family (an
`index.ts` beside `__main__.py` in a `runtime: python` project) is never run by Pulumi."""
NODE_RUNTIMES = frozenset({"nodejs", "bun"})
"""The runtimes of TS/JS programs: Node.js, and Bun (Pulumi 3.227+: the same programs; Bun finds its tsconfig)."""
LANGUAGE_NAMES = {"python": "Python", "typescript": "TypeScript", "tsx": "TSX", "javascript": "JavaScript", "go": "Go"}
YAML_PROGRAM = ("Main.json", "Main.yaml", "Pulumi.yaml")
"""The files Pulumi YAML reads its program from: the first of them in the program folder (`main`, else the project's
folder), never another (Main.yml, Pulumi.yml): pulumi-yaml's pkg/pulumiyaml/run.go `LoadDir`."""


class Reachability:
    """Which files the program runs: those its entry point imports, transitively (None: all)."""

    def __init__(self, project: Project, sources: Sources, linker: Linker) -> None:
        self.project = project
        self.sources = sources
        self.linker = linker
        self._live: dict[str, set[str] | None] = {}
        self._outside: list[str] | None = None
        self._per_stack: dict[tuple[str, str], set[str] | None] = {}
        self._js_entries: list[str] | None = None

    def reaches(self, file: str, stack: Stack | None = None) -> bool:
        """Whether the program runs `file` (for `stack`: also through the imports made under an `if` on the
        stack, `if get_stack() == "api": import api`, which other stacks never make)."""
        if self.sources.unbuilt(file):  # a Go file `go build` leaves out, a Java or .NET file no build compiles
            return False
        family = FAMILY.get(self.sources.language.get(file, ""))
        if family is None:
            return True
        if self._foreign(family):
            return False
        if family == "yaml":
            return file in self._entries(family)
        if family not in self._live:
            self._live[family] = self.linker.reachable(self._entries(family))
        live = self._live[family]
        if live is None or file not in live:
            return live is None
        if stack is None or not any(self.sources.facts(f).guarded for f in live):
            return True
        key = (family, stack.name)
        if key not in self._per_stack:
            self._per_stack[key] = self.linker.reachable(self._entries(family), self._admit(stack))
        mine = self._per_stack[key]
        return mine is None or file in mine

    def holds(self, file: str, tests: tuple[ir.Expr, ...], stack: Stack) -> bool:
        """Whether every test of the `if`s around a site in `file` may hold for `stack` (an undecided one may)."""
        return self._admit(stack)(file, tests)

    def _admit(self, stack: Stack) -> Callable[[str, tuple[ir.Expr, ...]], bool]:
        ctx = Context(self.project, stack, self.linker.lookup)

        def admit(file: str, tests: tuple[ir.Expr, ...]) -> bool:  # an undecided test may hold
            return all(test(t, ctx, file, 0)[0] is not False for t in tests)

        return admit

    def reached_outside(self) -> list[str]:
        """The files of no project or of a project holding this one (TS/JS, Python, Go), or of another project
        imported by a path (`../shared/lib`), that the program surely imports."""
        if self._outside is None:
            families = [f for f in ("js", "python", "go") if not self._foreign(f)]
            self._outside = sorted({f for family in families for f in self._outside_in(family)})
        return self._outside

    def _foreign(self, family: str) -> bool:
        """Whether files of `family` are of another language than the project's runtime runs (never run)."""
        own = RUNTIME_FAMILY.get(self.project.runtime)
        return own is not None and family != own

    def _outside_in(self, family: str) -> list[str]:
        """`reached_outside` for the files of one family of languages (computing the others' reach costs)."""
        if family not in self._live:
            self._live[family] = self.linker.reachable(self._entries(family))
        outside, others = self.sources.outside.files, self.sources.outside.owned
        own = set(self.sources.files)
        return [f for f in self._live[family] or () if (f in outside or f in others) and f not in own]

    def unread_imports(self) -> list[tuple[str, str, str]]:
        """(file, module, path) of each Python import of a file the program runs that names a file the scan does
        not read though it is there (a link out of the scanned folder, ignored by git, in a skipped folder)."""
        out = []
        for file in self.sources.files:
            if self.sources.language[file] != "python" or not self.reaches(file):
                continue
            for module in self.sources.parse(file).imports:  # an error here is said where it matters
                if module.kind is ir.ModuleKind.PY and not self.linker.module_files(file, module):
                    out += [(file, module.path, p) for p in self._on_disk(file, module.path)[:1]]
        return out

    def missing_imports(self) -> list[tuple[str, int, str]]:
        """(file, line, why) of each import that must be local (missing.py) of a file the program runs (or may: when
        its imports cannot be followed) that leads to no file the scan reads, once per file and module: a relative
        import or project alias of TS/JS, a Python import that is not optional."""
        out: list[tuple[str, int, str]] = []
        family = "js" if self.project.runtime in NODE_RUNTIMES else self.project.runtime
        if family not in ("js", "python"):
            return out
        for file in [*self.sources.files, *self._outside_in(family)]:
            if FAMILY.get(self.sources.language.get(file, "")) != family or not self.reaches(file):
                continue  # a script beside a program of another language: not said
            if family == "python" and self._live.get(family) is None and not self.sources.mentions(file, MARKERS):
                continue  # which modules run is not known: one is parsed for this only when it has a StackReference
            facts = self.sources.facts(file)
            for module, at in facts.import_lines if family == "js" else facts.required_imports:
                why = self.linker.missing(file, module)
                out += [(file, at, why)] if why is not None else []
        return sorted(out)

    def _on_disk(self, file: str, spec: str) -> list[str]:
        level = len(spec) - len(spec.lstrip("."))
        start = posixpath.dirname(file)
        for _ in range(level - 1):
            start = posixpath.dirname(start)
        base = "" if self.project.path == "." else self.project.path
        dotted = spec[level:].replace(".", "/")
        stems = [posixpath.join(b, dotted) for b in ([start] if level else [base, start]) if dotted]
        found = [c for s in stems for c in (s + ".py", posixpath.join(s, "__init__.py"))]
        return [posixpath.normpath(c) for c in found if os.path.lexists(self.sources.root / c)]

    def imports_shared(self, file: str) -> bool:
        """Whether the program surely imports `file`, a shared file outside every project."""
        family = FAMILY.get(self.sources.language.get(file, ""))
        if family is None or not self.reaches(file):
            return False
        return self._live.get(family) is not None

    def _entries(self, family: str) -> list[str]:
        return entries(self.project, self.sources, family)

    def js_entries(self) -> list[str]:
        """The entry module of a Node.js program, whose exports are the stack's outputs (none: it is not read)."""
        if self._js_entries is None:
            self._js_entries = [] if unread_entry(self.project, self.sources) else self._entries("js")
        return self._js_entries

    def why_not_run(self, file: str) -> str:
        """Why a StackReference in `file`, which the program does not run, is ignored (a diagnostic's message)."""
        unbuilt = self.sources.unbuilt(file)
        if unbuilt:
            what = (
                "a Java file no build of the project compiles"
                if file.endswith(".java")
                else "a file Go does not build"
                if file.endswith(".go")
                else "a file `dotnet run` does not compile"
            )
            return f"StackReference in {what}: {unbuilt}; ignored"
        family = FAMILY.get(self.sources.language.get(file, ""))
        if family is not None and self._foreign(family):
            language = self.sources.language.get(file, "")
            return (
                f"StackReference in a {LANGUAGE_NAMES.get(language, language)} file of a `runtime: "
                f"{self.project.runtime}` project: Pulumi never runs it; ignored"
            )
        if family != "yaml":
            return "StackReference in a module the program never imports; ignored"
        folder = program_folder(self.project)
        program = self._entries("yaml")
        runs = f"the program is {program[0]}" if program else "Pulumi YAML finds no program"
        return (
            f"StackReference in a file Pulumi does not run: {runs} (it reads the first of "
            f"{', '.join(YAML_PROGRAM)} in {folder}/ and nothing else); ignored"
        )


def program_folder(project: Project) -> str:
    """The folder the runtime starts the program in: `main` of Pulumi.yaml (relative to the project), else the
    project's folder ("." for the root)."""
    return posixpath.normpath(posixpath.join(project.path, (project.main or "").strip()))


def entries(project: Project, sources: Sources, family: str, *, fallback: bool = True) -> list[str]:
    """The entry files of a program of `family` (python, go, js, yaml): where the runtime starts it. For js, the
    `main` named (Pulumi.yaml, package.json), else `index.<ext>`; also when the named one is not read, unless not
    `fallback` (the built `bin/index.js` of an `index.ts`: its StackReferences are read there in its place)."""
    base = "" if project.path == "." else project.path + "/"
    main = (project.main or "").strip("./")
    files = set(sources.files)
    if family == "python":
        if main.endswith(".py"):
            return [base + main]
        return [posixpath.normpath(base + posixpath.join(main, "__main__.py"))]
    if family == "go":  # the main package: the Go files of its folder that `go build` compiles
        folder = posixpath.normpath(base + main) if main else (base.rstrip("/") or ".")
        return sorted(
            f for f in files if posixpath.dirname(f) == folder and f.endswith(".go") and not sources.unbuilt(f)
        )
    if family == "yaml":
        folder = program_folder(project)
        found = [posixpath.join(folder, n) if folder != "." else n for n in YAML_PROGRAM]
        return [f for f in found if f in files][:1]
    tries = []
    for _, entry in js_mains(project, sources):
        stem = posixpath.normpath(base + entry)
        tries += [stem, re.sub(r"\.[cm]?jsx?$", ".ts", stem)]
        tries += [f"{stem}/index{e}" for e in (".ts", ".js", ".mts", ".mjs", ".cjs")]
        tries += [source for source, _ in built_sources(project, sources, stem)]
    if fallback or not tries:
        tries += [base + f"index{e}" for e in (".ts", ".js", ".mts", ".mjs", ".cjs", ".tsx")]
    return [t for t in tries if t in files][:1]


def built_sources(project: Project, sources: Sources, stem: str) -> list[tuple[str, TsLayout]]:
    """The source tsc builds the entry `stem` (`p/dist/index.js`, or a folder `p/dist`) from, by the project's
    tsconfig (tsbuild.py: its tsconfig.json, or the one Pulumi.yaml names), with that layout; none when tsc does not
    build it, the stem is read itself or the tsconfig is not read."""
    config = program_tsconfig(project)
    if stem in sources.files or config is None:
        return []
    built = [stem] if stem.endswith((".js", ".mjs", ".cjs")) else [f"{stem}.js", f"{stem}/index.js"]
    found = (built_source(sources.read_side, config, sources.files, b) for b in built)
    return [f for f in found if f is not None][:1]


def built_entry(project: Project, sources: Sources) -> str | None:
    """What is said when the entry module is the source tsc builds a `main` from (`dist/index.js` of
    `src/index.ts`): both files and the tsconfig's rule; None when the entry is not found that way."""
    if project.runtime not in NODE_RUNTIMES:
        return None
    base = "" if project.path == "." else project.path + "/"
    found = entries(project, sources, "js", fallback=False)
    for where, entry in js_mains(project, sources):
        for source, layout in built_sources(project, sources, posixpath.normpath(base + entry)):
            if found == [source]:
                root = f"rootDir {layout.root_dir}" if layout.root_dir else "the common folder of its sources"
                return (
                    f"the entry module `{entry}` (`main` of {where}) is built output: {source} is read in its place "
                    f"(tsc writes {layout.out_dir}/ from {root}, by {layout.config})"
                )
    return None


def js_mains(project: Project, sources: Sources) -> list[tuple[str, str]]:
    """The entry modules a Node.js program names, with where: `main` of Pulumi.yaml, of package.json."""
    base = "" if project.path == "." else project.path + "/"
    named = [(project.file, (project.main or "").strip("./")), (base + "package.json", None)]
    out = []
    for where, entry in named:
        entry = entry if entry is not None else package_main(sources.read_side, where)
        if entry:
            out.append((where, entry))
    return out


def unread_entry(project: Project, sources: Sources) -> str | None:
    """Why the module the runtime starts a Python or Node.js program with is not read (None: it is): named by
    `main` but in a folder the scan skips, missing, or built output (`dist/index.js`), or a link the scan did not
    follow; or, for YAML, the program is what its `compiler` prints. The program's exports and StackReferences in it
    are then not known."""
    if project.runtime == "yaml":
        compiler = project.runtime_options.get("compiler")
        # Pulumi runs the compiler (`cue export`, `jsonnet Main.jsonnet`) and runs the YAML it prints
        return (
            f"runs the YAML program its compiler {compiler!r} prints (runtime option `compiler`): not read"
            if compiler
            else None
        )
    if project.runtime == "python":
        [entry] = entries(project, sources, "python")
        named, parts = f"`{entry}`", set(entry.split("/"))
        if entry in sources.files:
            return None
    elif project.runtime in NODE_RUNTIMES and not entries(project, sources, "js", fallback=False):
        mains = js_mains(project, sources)
        if not mains:
            return None  # no entry at all: said by exports.NO_ENTRY
        named = " or ".join(f"`{entry}` (`main` of {where})" for where, entry in mains)
        parts = {p for _, e in mains for p in e.split("/")}
    else:
        return None
    skipped = sorted(parts & SKIP_DIRS)
    state = (
        f"in a folder the scan skips ({', '.join(skipped)}: built output or installed packages)"
        if skipped
        else "not among the files the scan reads (missing, built later, ignored by git, or a link it does not follow)"
    )
    return f"the entry module {named} is {state}: not read"


def unread_tsconfig(project: Project, sources: Sources) -> str | None:
    """Why the tsconfig the Pulumi.yaml names for its Node.js program (`runtime.options.tsconfig`) is not read (None:
    it is, or none is named). Pulumi's host hands ts-node that file only: a missing one means no tsconfig at all
    (its run.ts `skipProject`), never tsconfig.json; the program's aliases and built entry then map through none."""
    named = named_tsconfig(project)
    if named is None or not sources.files:
        return None
    config = program_tsconfig(project)
    said = f"`runtime.options.tsconfig` names {named}"
    if config is None:
        return (
            f"{said}, outside the repository: not read, so the `paths` aliases and `outDir` it may set are not known "
            "(not tsconfig.json's either: Pulumi reads the named file only)"
        )
    if sources.read_side(config) is not None:
        return None
    return (
        f"{said}, which is missing or cannot be read ({config}): Pulumi then runs the program with no tsconfig at "
        "all, not tsconfig.json, so no `paths` alias or `outDir` of one is followed"
    )
