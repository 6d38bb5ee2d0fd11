"""Link the files of one project: imported constants, helper calls, reachable modules.

The modules of `ir.Import` and `FileFacts.imports` (an `ir.Module`, whose kind says how) are resolved here:
- PY, a dotted name with leading dots for relative imports (Python),
- JS, the path as written in the import (TypeScript / JavaScript), through tsconfig `paths`/`baseUrl` and
  the workspace packages of the `ModuleRoots`,
- DIR, every file of a folder (a Go package), and GO, a Go import path, through go.mod,
- GLOBAL, a dotted name such as `Constants.Network` defined anywhere in the project (C#, Java, F#).
Pure: works on facts and the module roots only, never on the file system.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.fileset import FileSet
from stackgraph.inference.irbase import ASSIGNED
from stackgraph.inference.missing import missing_import, read_through
from stackgraph.inference.projectfiles import ModuleRoots, WorkspacePackage
from stackgraph.inference.pymodules import class_member, submodule
from stackgraph.inference.tsbuild import built_source

Admit = Callable[[str, tuple[ir.Expr, ...]], bool]
"""Whether an import made in a file under `if`s with these tests runs (for one stack)."""
JS_EXTS = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts")
MAX_HOPS = 8
BUILT = (".js", ".mjs", ".cjs")
"""The entries of a package that tsc may build (`main: build/main/index.js`)."""
HIDDEN = (
    "has that name, but no import path stackgraph reads leads to it (a PYTHONPATH set outside the program is not "
    "read): add its folder to sys.path in the program, or install it with `-e` in requirements.txt"
)
"""What is said of a Python file of the repository that an import would find only through a path set elsewhere
(when the layout of the program's environment is not known: `ModuleRoots.py_layout` says it to fit)."""


class FactSource(Protocol):
    files: list[str]

    def facts(self, file: str) -> ir.FileFacts: ...


@functools.lru_cache(maxsize=64)
def _py_dirs(files: frozenset[str]) -> frozenset[str]:
    """The folders holding a Python file of `files`, at any depth: once per set (the files outside every project and
    those of other projects are one set for the whole scan; recomputed per project they cost a cold plan 2 s of CPU
    on the bench estate)."""
    found: set[str] = set()
    for file in files:
        folder = posixpath.dirname(file) if file.endswith(".py") else ""
        while folder and folder not in found:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return frozenset(found)


class Linker:
    """Resolve imports between the files of one project; files are parsed only when needed."""

    def __init__(self, project_path: str, sources: FactSource, roots: ModuleRoots | None = None) -> None:
        self.base = "" if project_path == "." else project_path + "/"
        self.sources = sources
        outside = getattr(sources, "outside", None)
        self.file_set = (
            FileSet(frozenset(sources.files), outside.files, outside.owned, outside.links)
            if outside is not None
            else FileSet(frozenset(sources.files), frozenset())
        )
        self.roots = roots or ModuleRoots()
        self.computed_import: str | None = None
        """The first file found importing a module by a name computed at run time: which files run is unknown."""
        self._symbols: dict[str, dict[str, ir.Expr]] = {}
        self._global: dict[str, list[tuple[str, ir.Expr]]] | None = None
        self._tails: dict[str, list[tuple[str, ir.Expr]]] | None = None
        self._py_folders: list[str] | None = None
        self._dirs: frozenset[str] | None = None
        self._hidden: dict[str, list[str]] = {}
        self._broken: list[str] | None = None
        self._folders: dict[str, str] | None = None

    def symbols(self, file: str) -> dict[str, ir.Expr]:
        if file not in self._symbols:
            self._symbols[file] = dict(self.sources.facts(file).symbols)
        return self._symbols[file]

    def _global_index(self) -> dict[str, list[tuple[str, ir.Expr]]]:
        if self._global is None:
            self._global = {}
            unbuilt = getattr(self.sources, "unbuilt", None)
            for file in self.sources.files:
                if unbuilt is not None and file.endswith((".java", ".cs", ".fs", ".fsx")) and unbuilt(file):
                    continue  # no build compiles it: its classes are not the program's
                for name, value in self.symbols(file).items():
                    if "." in name:
                        self._global.setdefault(name, []).append((file, value))
        return self._global

    def _global_hits(self, name: str) -> list[tuple[str, ir.Expr]]:
        """The definitions of a dotted name: `Class.Member` by its class's name; a name written with its namespace
        or outer classes (`Acme.Contract.StackDetails.Project`, relative to the namespace around it as C# reads it)
        only in a class whose full name ends so (`global::` keys, C#), never in a class of the same name elsewhere."""
        exact = self._global_index().get(name, [])
        if exact or name.count(".") < 2 or name.startswith("global::"):
            return exact
        if self._tails is None:
            self._tails = {}
            for key, found in self._global_index().items():
                if key.startswith("global::"):
                    parts = key[len("global::") :].split(".")
                    for start in range(len(parts) - 2):
                        self._tails.setdefault(".".join(parts[start:]), []).extend(found)
        return self._tails.get(name, [])

    def lookup(self, file: str, imp: ir.Import) -> tuple[str, ir.Expr] | None:
        """Return (defining file, value) of an imported name, following re-exports. A name found nowhere is None,
        or unknown with the reason when there is one to give (`why_missing`); a name of a file with a syntax error
        is unknown (what tree-sitter reads past an error is not trusted)."""
        for _ in range(MAX_HOPS):
            found = self._find(file, imp)
            if found is None:
                why = self.why_missing(file, imp)
                return None if why is None else (file, ir.Unknown(why))
            where, value = found
            error = self.sources.facts(where).error
            if error:
                return where, ir.Unknown(f"'{imp.name}' from {where}, which is not read whole: {error}")
            if not isinstance(value, ir.Import) or (where, value) == (file, imp):
                return found
            file, imp = where, value
        return None

    def _find(self, file: str, imp: ir.Import) -> tuple[str, ir.Expr] | None:
        if imp.module.kind is ir.ModuleKind.GLOBAL:
            hits = self._global_hits(imp.name)
            return hits[0] if len(hits) == 1 else None
        files = self.module_files(file, imp.module)
        member = class_member(imp) if not files else None
        if member is not None:  # `Refs.name(..)` after `from helpers import Refs`: a class's method (Python)
            return self._find(file, member)
        for target in files:
            value = self.symbols(target).get(imp.name) or _reexported(self.symbols(target), imp.name)
            if value is not None:
                return target, self._set_in_package(files, imp) or value
            star = self.symbols(target).get("*")
            if isinstance(star, ir.Concat):  # `export * from` list, stored as Imports
                for item in star.parts:
                    if isinstance(item, ir.Import):
                        hit = self._find(target, ir.Import(item.module, imp.name))
                        if hit is not None:
                            return hit
        sub = self._submodule(file, imp, files)  # `stacks.net` of a package: `net` of its module `stacks`
        return self._find(file, sub) if sub is not None else None

    def _set_in_package(self, files: list[str], imp: ir.Import) -> ir.Expr | None:
        """A Go package-level variable a function of its package may set (`irbase.ASSIGNED`): unknown, saying where."""
        if imp.module.kind not in (ir.ModuleKind.DIR, ir.ModuleKind.GO):
            return None
        head, item, _ = imp.name.partition("[]")  # `m[].F`, a field of an item of a map: `m[]` (go_maps.py)
        name = head + item
        return next((v for f in files if (v := self.symbols(f).get(ASSIGNED + name)) is not None), None)

    def why_missing(self, file: str, imp: ir.Import) -> str | None:
        """Why an imported name that is found nowhere may be missing (None: nothing to say, a package from a
        registry): a file of the module that cannot be parsed, a local target of the program that is not read, a
        Python module of the repository that only a path set outside the program could import."""
        module = imp.module
        if module.kind is ir.ModuleKind.GLOBAL:  # any file may define it (all are parsed for the global index)
            if self._broken is None:
                self._broken = [f for f in self.sources.files if self.sources.facts(f).error]
            files = self._broken
        else:
            files = self.module_files(file, module)
        causes = [f"{f}: {self.sources.facts(f).error}" for f in files if self.sources.facts(f).error]
        causes += [f"{n.file}:{n.line} {n.why}" for n in self.roots.unfollowed if n.concerns(module)]
        if not files and module.kind is ir.ModuleKind.PY:
            causes += [self.hidden_why(f, module.path) for f in self.hidden(module.path)]
        missing = read_through(self, file, module) if not files else None
        causes += [f"{file} imports {missing}"] if missing is not None else []
        if not causes:
            return None
        return f"'{imp.name}' from '{module}', which is not a constant of the project: " + "; ".join(causes)

    def hidden_why(self, file: str, spec: str, named: str = "") -> str:
        """Why `file`, which an import of `spec` would find, is not read, and what would make it read (`named`: how
        the file is shown, default its path)."""
        layout = self.roots.py_layout
        return layout.hint(file, spec, named) if layout is not None else f"{named or file} {HIDDEN}"

    def installed_note(self, file: str) -> str | None:
        """How the program reads `file`, a module of a package its environment installs from a pyproject.toml
        around it (None: it reads it otherwise, its own file)."""
        if file in self.file_set.own or not file.endswith(".py"):
            return None
        return next((p.note(file) for p in self.roots.py_packages if p.holds(file)), None)

    def hidden(self, spec: str) -> list[str]:
        """The Python files of the repository outside every project (`shared/refs.py`) that an absolute import of
        `spec` (`refs`) would find if their folder were on the import path: the program does not put it there."""
        if spec.startswith(".") or not spec:
            return []
        if spec not in self._hidden:
            ends = tuple(f"{spec.replace('.', '/')}{tail}" for tail in (".py", "/__init__.py"))
            found = [f for f in self.file_set.outside if f in ends or f.endswith(tuple("/" + e for e in ends))]
            self._hidden[spec] = sorted(found)
        return self._hidden[spec]

    def origins(self, file: str, imp: ir.Import, hops: int = MAX_HOPS) -> set[tuple[str, str]]:
        """Return the (file, name) pairs an imported name may come from, through re-exports and barrels.

        The module's own files come first (a function defined there), then `export {a as b} from`
        and `export * from` are followed: a helper imported from `./utils` (an index.ts that
        re-exports `./stackReference`) is the one defined in utils/stackReference.ts.
        """
        out: set[tuple[str, str]] = set()
        files = self.module_files(file, imp.module)
        member = class_member(imp) if not files and hops > 0 else None
        if member is not None:  # `Refs.ref(..)` after `from helpers import Refs`: a class's method (Python)
            return self.origins(file, member, hops - 1)
        for target in files:
            out.add((target, imp.name))
            if hops <= 0:
                continue
            symbols = self.symbols(target)
            value = symbols.get(imp.name) or _reexported(symbols, imp.name)
            if isinstance(value, ir.Import) and value.module.kind in (ir.ModuleKind.JS, ir.ModuleKind.PY):
                out |= self.origins(target, value, hops - 1)
            star = symbols.get("*")
            if isinstance(star, ir.Concat):
                for item in star.parts:
                    if isinstance(item, ir.Import):
                        out |= self.origins(target, ir.Import(item.module, imp.name), hops - 1)
        sub = self._submodule(file, imp, files) if hops > 0 else None  # `stacks.net`: `net` of its module `stacks`
        return out | self.origins(file, sub, hops - 1) if sub is not None else out

    def _submodule(self, file: str, imp: ir.Import, files: list[str]) -> ir.Import | None:
        """`submodule(imp)` when the package's files (`files`) define no name it starts with and the module is one."""
        sub = submodule(imp) if files else None
        if sub is None or any(imp.name.partition(".")[0] in self.symbols(f) for f in files):
            return None
        return sub if self.module_files(file, sub.module) else None

    def module_files(self, file: str, module: ir.Module) -> list[str]:
        """Return the project files a module imported in `file` names (possibly none)."""
        kind, spec = module.kind, module.path
        if kind is ir.ModuleKind.PY:
            return self._python(file, spec)
        if kind is ir.ModuleKind.JS:
            return self._js(file, spec)
        if kind is ir.ModuleKind.DIR:
            folder = self.file_set.real_folder(spec.rstrip("/"))
            own = folder in self._own_dirs()  # else a package of another module (of another project's folder too)
            every = self.file_set.own if own else self.file_set.own | self.file_set.outside | self.file_set.others
            return self._built(sorted(f for f in every if posixpath.dirname(f) == folder))
        if kind is ir.ModuleKind.GO:
            return self._built(self._go(spec))
        return []

    def _built(self, files: list[str]) -> list[str]:
        """The files of a Go package that `go build` compiles (build constraints: gobuild.py)."""
        unbuilt = getattr(self.sources, "unbuilt", None)
        return files if unbuilt is None else [f for f in files if not (f.endswith(".go") and unbuilt(f))]

    def _python(self, file: str, spec: str) -> list[str]:
        dotted = spec.lstrip(".").replace(".", "/")
        for base in self.py_bases(file, spec):
            stem = posixpath.join(base, dotted) if dotted else base
            for cand in (stem + ".py", posixpath.join(stem, "__init__.py")):
                found = self.file_set.find(posixpath.normpath(cand))
                if found is not None:
                    return [found]
        return []

    def py_bases(self, file: str, spec: str) -> list[str]:
        """The folders a Python import of `spec` in `file` is looked for in, in order."""
        level = len(spec) - len(spec.lstrip("."))
        if level:
            start = posixpath.dirname(file)
            for _ in range(level - 1):
                start = posixpath.dirname(start)
            return [start]
        top = spec.split(".", maxsplit=1)[0]
        bases = [self.base.rstrip("/"), posixpath.dirname(file), *self.python_folders()]
        return bases + [p.base for p in self.roots.py_packages if p.admits(top)]

    def py_dir(self, folder: str) -> bool:
        """Whether `folder` holds a Python file the scan reads, at any depth (a namespace package may be any)."""
        return any(
            folder in _py_dirs(files) for files in (self.file_set.own, self.file_set.outside, self.file_set.others)
        )

    def _own_dirs(self) -> frozenset[str]:
        if self._dirs is None:
            self._dirs = frozenset(posixpath.dirname(f) for f in self.file_set.own)
        return self._dirs

    def python_folders(self) -> list[str]:
        """The folders the program adds to `sys.path` (in any of its files) and its local requirements."""
        if self._py_folders is None:
            found: list[str] = []
            for file in self.sources.files:
                if file.endswith(".py"):
                    for folder in self.sources.facts(file).paths if self._edits_path(file) else ():
                        rel = posixpath.normpath(self.base + folder[1:]) if folder.startswith("@") else folder
                        found.append("" if rel == "." else rel)
            self._py_folders = list(dict.fromkeys([*found, *self.roots.py_folders]))
        return self._py_folders

    def _edits_path(self, file: str) -> bool:
        mentions = getattr(self.sources, "mentions", None)
        return mentions is None or bool(mentions(file, ("sys.path", "addsitedir")))

    def js_stems(self, file: str, spec: str) -> list[str]:
        """The paths an import of `spec` in `file` is looked for at (each as a file, then as a folder)."""
        if spec.startswith("."):
            return [posixpath.normpath(posixpath.join(posixpath.dirname(file), spec))]
        stems = self._js_paths(spec) + self._js_packages(spec)
        return stems + [posixpath.normpath(posixpath.join(b, spec)) for b in self._js_bases()]

    def missing(self, file: str, module: ir.Module) -> str | None:
        """Why `module`, imported in `file`, leads to no file though it must be local (missing.py); None: not so."""
        return missing_import(self, file, module)

    def _js(self, file: str, spec: str) -> list[str]:
        for stem in self.js_stems(file, spec):
            tries = _file_tries(stem)
            for main in self._folder_package(stem):  # a folder: its package.json `main` before its index (Node)
                tries += [*_file_tries(main), *_index_tries(main)]
            for cand in [*tries, *_index_tries(stem)]:
                if (found := self.file_set.find(cand)) is not None:
                    return [found]
        return []

    def _folder_package(self, folder: str) -> list[str]:
        """The entry stems of the package whose package.json is in `folder` (its main, types, module and "."
        export, then `src/index`, as for a package imported by name), or none."""
        if self._folders is None:
            self._folders = {p.folder: n for n, p in self.roots.js_packages.items()}
        name = self._folders.get(folder)
        outside = getattr(self.sources, "outside", None)
        read: Callable[[str], str | None] | None = getattr(self.sources, "read_side", None)
        packages = self.roots.js_packages
        manifest = posixpath.join(folder, "package.json")
        if name is None and outside is not None and read is not None and manifest in outside.project_manifests:
            packages = outside.project_packages(read)  # a folder that is a project too
            name = next((n for n, p in packages.items() if p.folder == folder), None)
        if name is None:
            return []
        stems = _package_stems(name, packages)
        if read is None:
            return stems
        config, files = posixpath.join(folder, "tsconfig.json"), sorted(self.file_set.own | self.file_set.outside)
        built = (built_source(read, config, files, e) for e in packages[name].entries if e.endswith(BUILT))
        return [*(b[0] for b in built if b is not None), *stems]  # the source tsc builds `main` from, first

    def _go(self, spec: str) -> list[str]:
        """The files of the Go package `spec`: in the folder of the module whose path is its longest prefix, as Go
        resolves it (`example.com/infra/shared/refs` is in the module `example.com/infra/shared` when the build has
        it, wherever its folder is, not in `shared/refs` of `example.com/infra`)."""
        modules = sorted(self.roots.go_modules.items(), key=lambda item: -len(item[0]))
        for module, folder in modules:
            if spec == module or spec.startswith(module + "/"):
                sub = posixpath.normpath(posixpath.join(folder, spec[len(module) :].lstrip("/")))
                sub = self.file_set.real_folder(sub)  # a package through a folder link: its files at the target
                every = self.file_set.own | self.file_set.outside | self.file_set.others  # another module too
                return sorted(f for f in every if posixpath.dirname(f) == sub and f.endswith(".go"))
        return []

    def _js_paths(self, spec: str) -> list[str]:
        """The stems a tsconfig `paths` pattern maps a module spec to (`@lib/*` -> `src/lib/*`)."""
        out = []
        for pattern, targets in self.roots.js_paths.items():
            prefix, star, suffix = pattern.partition("*")
            if star and spec.startswith(prefix) and spec.endswith(suffix) and len(spec) >= len(prefix) + len(suffix):
                middle = spec[len(prefix) : len(spec) - len(suffix)]
                out += [t.replace("*", middle, 1) for t in targets if t]
            elif not star and spec == pattern:
                out += [t for t in targets if t]
        return out

    def _js_packages(self, spec: str) -> list[str]:
        """Stems of a workspace package of the repository imported by name (`@acme/infra-lib[/sub]`): one in no
        project's folder, else one whose folder is another project (those are read only when asked)."""
        found = _package_stems(spec, self.roots.js_packages)
        outside = getattr(self.sources, "outside", None)
        read = getattr(self.sources, "read_side", None)
        if found or outside is None or read is None or not outside.project_manifests or spec.startswith("@pulumi/"):
            return found
        return _package_stems(spec, outside.project_packages(read))

    def unfollowed_alias(self, file: str, module: ir.Module) -> bool:
        """Whether `module`, imported in `file`, is a project alias that leads to no file the scan reads (a name
        imported through it may be any module's)."""
        return module.kind is ir.ModuleKind.JS and self.aliased(module.path) and not self.module_files(file, module)

    def aliased(self, spec: str) -> bool:
        """Whether a module spec is a project alias (a tsconfig `paths` pattern, `@/x`, `~/x`), not a package."""
        return spec.startswith(("@/", "~/", "#")) or bool(self._js_paths(spec))

    def _js_bases(self) -> list[str]:
        bases = [self.roots.js_base or "", self.base]
        return [b.rstrip("/") or "." for b in dict.fromkeys(bases) if b is not None]

    def reachable(self, entries: list[str], admit: Admit | None = None) -> set[str] | None:
        """Return the files reachable from `entries` through imports; None when that cannot be known.

        `admit(file, tests)` decides an import made only under `if`s (`guarded`); by default every one counts.
        """
        todo = [e for e in entries if e in self.file_set]
        if not todo:
            return None
        seen: set[str] = set()
        while todo:
            file = todo.pop()
            if file in seen:
                continue
            seen.add(file)
            facts = self.sources.facts(file)
            if facts.dynamic_import:  # an import we cannot follow: said once per project (inference/__init__.py)
                self.computed_import = self.computed_import or file
                return None
            if facts.error:  # a file we cannot read whole: said by its `unparsed` warning
                return None
            guards: dict[ir.Module, list[tuple[ir.Expr, ...]]] = {}
            for spec, tests in facts.guarded if admit is not None else ():
                guards.setdefault(spec, []).append(tests)
            for module in facts.imports:
                if module in guards and admit is not None and not any(admit(file, t) for t in guards[module]):
                    continue
                found = self.module_files(file, module)
                if not found and module.kind is ir.ModuleKind.JS and self.aliased(module.path):
                    return None  # an alias we cannot follow: which files run is not known
                todo.extend(found)
        return seen


def _file_tries(stem: str) -> list[str]:
    """The files an import of `stem` may name, as a file: itself, the TypeScript source of a `.js` name (TypeScript
    ESM imports name the output file), and the stem with each extension."""
    root, ext = posixpath.splitext(stem)
    tries = [stem] if ext in JS_EXTS else []
    if ext in (".js", ".mjs", ".cjs", ".jsx"):
        tries += [root + e for e in (".ts", ".mts", ".cts", ".tsx")]
    return tries + [stem + e for e in JS_EXTS]


def _index_tries(stem: str) -> list[str]:
    """The index files of `stem` as a folder."""
    return [posixpath.join(stem, "index" + e) for e in JS_EXTS]


def _package_stems(spec: str, packages: Mapping[str, WorkspacePackage]) -> list[str]:
    """The stems a package of `packages` gives a module spec (`@acme/lib`, `@acme/lib/sub`), or none."""
    for name, package in packages.items():
        folder = package.folder
        if spec == name:
            return [*package.entries, posixpath.join(folder, "index"), posixpath.join(folder, "src", "index")]
        if spec.startswith(name + "/"):
            rest = spec[len(name) + 1 :]
            return [posixpath.join(folder, rest), posixpath.join(folder, "src", rest)]
    return []


def _reexported(symbols: dict[str, ir.Expr], name: str) -> ir.Expr | None:
    """`parse_stack().name` of a module that imports `parse_stack` from another (Python, a package's `__init__.py`):
    that module's `parse_stack().name`; `Refs.ref` of one that imports the class `Refs`: that module's `Refs.ref`
    (None: `name` is no field of a call or method of a class, or the module does not import it)."""
    head, dot, field = name.partition("().")
    if dot:
        value = symbols.get(head)
        return ir.Import(value.module, f"{value.name}().{field}") if isinstance(value, ir.Import) else None
    head, dot, method = name.partition(".")
    value = symbols.get(head) if dot else None
    if isinstance(value, ir.Import) and value.module.kind is ir.ModuleKind.PY:
        return ir.Import(value.module, f"{value.name}.{method}")
    return None
