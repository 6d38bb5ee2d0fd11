"""Read the project files that say where a program's imports lead: tsconfig.json (read by tsconfig.py),
package.json (`main`, and the entries of a workspace package) and go.mod.

What they say is a `ModuleRoots` for the linker. Every file is read through `read` (a path relative to the
root -> its text, None when it cannot be read: `Sources.read_side`, which records it for the result cache).
A file that is missing or cannot be read says nothing (the imports it would map stay unresolved, and are
reported where they matter); nothing here raises.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from stackgraph.inference import ir
from stackgraph.inference.pypackages import Layout, PyPackage
from stackgraph.inference.tsconfig import ts_aliases

Read = Callable[[str], "str | None"]


@dataclass(frozen=True)
class WorkspacePackage:
    """A package.json with a name, outside every project: its folder and its entry files (relative to the root)."""

    folder: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class NotFollowed:
    """A local target a project file or a program names that is not read (a missing folder, one outside the
    repository): where it is written and why, and the imports it may concern (`applies`: a Go module path, any
    Python import but a relative one `Module(PY, "")`, any dotted name of a .NET program `GLOBAL`)."""

    file: str
    line: int | None
    why: str
    applies: ir.Module | None = None
    certain: bool = True

    def concerns(self, module: ir.Module) -> bool:
        """Whether an import of `module` that finds nothing may lead where this target is."""
        applies = self.applies
        if applies is None or applies.kind is not module.kind:
            return False
        if applies.kind is ir.ModuleKind.PY:
            return not module.path.startswith(".")
        if applies.kind is ir.ModuleKind.GO and applies.path:
            return module.path == applies.path or module.path.startswith(applies.path + "/")
        return True


@dataclass
class ModuleRoots:
    """Where the non-relative imports of one project lead (every path relative to the repository root)."""

    js_base: str | None = None
    """tsconfig `baseUrl`, a folder."""
    js_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """tsconfig `paths`: pattern (`@lib/*`) -> targets, in file order (the file before what it extends)."""
    js_packages: Mapping[str, WorkspacePackage] = field(default_factory=dict)
    """Workspace packages of the repository by name (`@acme/infra-lib`)."""
    go_modules: dict[str, str] = field(default_factory=dict)
    """go.mod module path -> the folder of that go.mod."""
    py_folders: tuple[str, ...] = ()
    """Folders Python imports resolve against besides the project's: local packages its requirements.txt
    installs (`-e ../shared`: the folder and its `src/`)."""
    py_packages: tuple[PyPackage, ...] = ()
    """The packages of the pyproject.toml whose environment runs the program (pypackages.py), by import name."""
    py_layout: Layout | None = None
    """Where the program's environment comes from, to say what would make a module it misses read."""
    go_published: tuple[tuple[str, int, str, str], ...] = ()
    """The modules of the repository a go.mod requires with no `replace` or go.work `use` (Go builds the published
    version): (the go.mod, the line, the module path, the folder read in its place)."""
    unfollowed: tuple[NotFollowed, ...] = ()
    """The local targets of the program that are not read (a value imported from them is unknown, and says so)."""


def module_roots(
    read: Read,
    project_path: str,
    files: Iterable[str],
    packages: Mapping[str, WorkspacePackage],
    pyprojects: Iterable[str] = (),
    gomods: Iterable[str] = (),
    tsconfig: str | None = None,
) -> ModuleRoots:
    """The module roots of the project at `project_path` whose program files are `files`: its tsconfig.json,
    the workspace `packages`, the local packages its requirements.txt or pyproject.toml installs (`pyprojects`:
    the folders with a pyproject.toml, uv workspace members among them), and the go.mod files of its Go folders
    and of the folders above it. `tsconfig`: the one the Pulumi.yaml names (`runtime.options.tsconfig`, relative to
    the project folder) in place of its tsconfig.json; an absolute path, or one above the root, is not read."""
    out = ModuleRoots(js_packages=packages)
    base = "" if project_path == "." else project_path + "/"
    config = inside(project_path, "tsconfig.json" if tsconfig is None else tsconfig)
    if config is not None:  # not one above the root or absolute
        read_tsconfig(read, config, out)
    files = list(files)
    if any(f.endswith(".py") for f in files):
        out.py_folders = local_requirements(read, base, pyprojects)
    go_folders = {posixpath.dirname(f) for f in files if f.endswith(".go")}
    if not go_folders:
        return out
    up = base.rstrip("/")
    while up:  # a go.mod above the project (one module for a whole monorepo)
        go_folders.add(up)
        up = posixpath.dirname(up)
    go_folders.add("")
    for folder in sorted(go_folders):  # the root first: a go.work's `replace` wins over a go.mod's (Go workspaces)
        for path, target in go_replaces(read, folder, "go.work"):
            out.go_modules.setdefault(path, target)
        module = go_module(read, posixpath.join(folder, "go.mod"))
        if module is not None:
            out.go_modules[module] = folder or "."
            for path, target in go_replaces(read, folder):
                out.go_modules.setdefault(path, target)
        for used in go_work_uses(read, folder):
            module = go_module(read, posixpath.join(used, "go.mod"))
            if module is not None:
                out.go_modules.setdefault(module, used)
    out.go_published = tuple(_go_published(read, sorted(go_folders), out.go_modules, gomods))
    for _, _, module, folder in out.go_published:
        out.go_modules.setdefault(module, folder)
    return out


def _go_published(
    read: Read, folders: list[str], mapped: Mapping[str, str], gomods: Iterable[str]
) -> Iterator[tuple[str, int, str, str]]:
    """The modules a go.mod in `folders` requires that a go.mod of the repository (in `gomods`) declares and that
    nothing maps to a folder (`mapped`): Go downloads their published version, which is this repository's code at
    some version, most likely what the folder holds. A go.mod is looked for in the folders named like an element of
    the module path (`pkg/refs` for `example.com/infra/pkg/refs`)."""
    by_name = _named(tuple(gomods))
    for folder in folders:
        rel = posixpath.join(folder, "go.mod")
        for line, _, path in go_directives(read, rel, "require"):
            if path in mapped:
                continue
            candidates = sorted({c for element in set(path.split("/")) for c in by_name.get(element, ())})
            for candidate in candidates:
                if go_module(read, posixpath.join(candidate, "go.mod")) == path:
                    yield rel, line, path, candidate
                    break


@functools.lru_cache(maxsize=4)
def _named(gomods: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The folders of `gomods` by their last name (`pkg/refs` under `refs`): made once per scan, not per require
    line (a project per go.mod of 400 looked at every go.mod for every line it requires: 0.4 s of a cold plan)."""
    out: dict[str, list[str]] = {}
    for folder in gomods:
        out.setdefault(posixpath.basename(folder), []).append(folder)
    return {name: tuple(found) for name, found in out.items()}


def inside(folder: str, rel: str) -> str | None:
    """`rel` (a path written in a file of `folder`) relative to the root; None above the root or absolute."""
    if rel.startswith("/"):
        return None
    out = posixpath.normpath(posixpath.join(folder, rel))
    return None if out == ".." or out.startswith("../") else out


def go_directives(read: Read, rel: str, keyword: str) -> list[tuple[int, str, str]]:
    """The `keyword` directives of the go.mod or go.work at `rel`, one line or in a block: (line, what is left of
    `=>` or "", the target as written). `replace a => ../a` gives (n, "a", "../a"); `use ./b` (n, "", "./b");
    `require a v1.2.0` (n, "", "a")."""
    text = read(rel)
    return [] if text is None else list(_directives(text, keyword))


@functools.lru_cache(maxsize=1024)
def _directives(text: str, keyword: str) -> tuple[tuple[int, str, str], ...]:
    """`go_directives` of a go.mod or go.work text: parsed once per text and keyword (a go.mod is asked for its
    `require`, `replace` and `use` lines by every project under it)."""
    out = []
    block = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("//", 1)[0].strip()
        if line.startswith(keyword) and line.endswith("("):
            block = True
            continue
        if block and line == ")":
            block = False
            continue
        if not block and not line.startswith(keyword + " "):
            continue
        body = line if block else line[len(keyword) :].strip()
        left, arrow, right = body.partition("=>")
        target = (right if arrow else left).split()
        if target and (arrow or keyword in ("use", "require")):
            out.append((number, left.split()[0] if arrow and left.split() else "", target[0].strip('"')))
    return tuple(out)


def go_replaces(read: Read, folder: str, name: str = "go.mod") -> list[tuple[str, str]]:
    """The `replace module => ../local/path` directives of the go.mod (or go.work) in `folder`: (module, its
    folder)."""
    out = []
    for _, module, target in go_directives(read, posixpath.join(folder, name), "replace"):
        where = inside(folder, target) if module and target.startswith(".") else None
        if where is not None:
            out.append((module, where))
    return out


def go_work_uses(read: Read, folder: str) -> list[str]:
    """The module folders a go.work in `folder` uses (`use ./shared`, `use ( ./a ./b )`), relative to the root."""
    out = []
    for _, _, target in go_directives(read, posixpath.join(folder, "go.work"), "use"):
        where = inside(folder, target)
        if where is not None:
            out.append(where)
    return out


DOTNET_PROJECTS = (".csproj", ".fsproj")
DOTNET_SOURCES = (".cs", ".fs", ".fsx")
MAX_REFERENCES = 50
"""Project references followed from one program, at most (a bound, not a limit met in practice)."""


def project_references(read: Read, folder: str, tree: Mapping[str, list[str]]) -> tuple[list[str], list[NotFollowed]]:
    """The C#/F# source files of the projects a .NET program's project file references (`<ProjectReference
    Include="..\\Shared\\Shared.csproj" />`, transitively; their bin/ and obj/ are no source), and those each of these
    project files compiles by name (`<Compile Include="..\\shared\\Refs.cs" />`, a glob too), relative to the root;
    and the references and items that cannot be followed: a project file or source outside the repository or not in
    it (missing, or in a folder the scan skips). A project file that cannot be read adds nothing."""
    seen: set[str] = {folder}
    todo = [folder]
    out: list[str] = []
    broken: list[NotFollowed] = []
    packages: dict[str, str] | None = None  # package id -> the project file of the repository that builds it
    while todo and len(seen) <= MAX_REFERENCES:
        here = todo.pop()
        for name in tree.get(here, []):
            rel = name if here in ("", ".") else posixpath.join(here, name)
            text = read(rel) if name.endswith(DOTNET_PROJECTS) else None
            out += compile_items(text or "", rel, tree, broken)
            for match in re.finditer(r"<(Project|Package)Reference\s+Include\s*=\s*\"([^\"]+)\"", text or ""):
                include = match.group(2)
                at = text.count("\n", 0, match.start()) + 1 if text else 0
                if match.group(1) == "Package":  # a package this repository builds: its sources are read too
                    packages = _built_packages(read, tree) if packages is None else packages
                    built = packages.get(include.lower())
                    if built is None:
                        continue
                    why = f"references the package {include}, built by {built} in this repository: its sources are read"
                    broken.append(NotFollowed(rel, at, why, certain=False))
                    include = posixpath.relpath(built, "." if here in ("", ".") else here)
                target = inside("" if here == "." else here, include.replace("\\", "/"))
                if target is None or posixpath.basename(target) not in tree.get(posixpath.dirname(target) or ".", []):
                    where = "outside the repository" if target is None else "not in the repository (missing or skipped)"
                    why = f"references {include}, {where}: its sources are not read"
                    broken.append(NotFollowed(rel, at, why, ir.GLOBAL))
                    continue
                target = posixpath.dirname(target) or "."
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
                    out += sources_under(target, tree)
    return sorted(set(out)), broken


COMPILE_INCLUDE = re.compile(r"<Compile\s+Include\s*=\s*\"([^\"]+)\"")


def compile_items(text: str, rel: str, tree: Mapping[str, list[str]], broken: list[NotFollowed]) -> list[str]:
    """The C#/F# sources the project file `rel` (its `text`) names in a `<Compile Include="...">` item (`;`-separated
    paths relative to its folder; `*`, `**` and `?` globs), relative to the root. A path outside the repository, not
    in it, or written with an MSBuild property (`$(SharedDir)`) is added to `broken`, never guessed."""
    here = posixpath.dirname(rel)
    out: list[str] = []
    for match in COMPILE_INCLUDE.finditer(text):
        at = text.count("\n", 0, match.start()) + 1
        for written in (w.strip() for w in match.group(1).split(";")):
            include = written.replace("\\", "/")
            if not include.endswith(DOTNET_SOURCES) and not include.endswith("*"):
                continue  # a resource, a Visual Basic file: not read
            target = None if "$(" in include else inside(here, include)
            found = [] if target is None else _glob(target, tree) if any(c in target for c in "*?") else [target]
            found = [f for f in found if posixpath.basename(f) in tree.get(posixpath.dirname(f) or ".", [])]
            if found:
                out += found
                continue
            where = "not in the repository (missing or skipped)"
            if target is None:
                where = "written with an MSBuild property" if "$(" in include else "outside the repository"
            broken.append(NotFollowed(rel, at, f"compiles {written}, {where}: it is not read", ir.GLOBAL))
    return out


def _glob(pattern: str, tree: Mapping[str, list[str]]) -> list[str]:
    """The C#/F# sources of `tree` an MSBuild glob relative to the root matches (`shared/**/*.cs`)."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    wild = {"**/": "(?:[^/]+/)*", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    regex = re.compile("".join(wild.get(p, re.escape(p)) for p in parts))
    out = []
    for where, names in tree.items():
        base = "" if where in ("", ".") else where + "/"
        out += [base + n for n in names if n.endswith(DOTNET_SOURCES) and regex.fullmatch(base + n)]
    return sorted(out)


def _built_packages(read: Read, tree: Mapping[str, list[str]]) -> dict[str, str]:
    """The NuGet package ids the .NET project files of the repository build (`<PackageId>`, else the file's
    name), lower-cased, with the project file (the first one, by path, for an id built twice)."""
    out: dict[str, str] = {}
    for where in sorted(tree):
        for name in sorted(tree[where]):
            if not name.endswith(DOTNET_PROJECTS):
                continue
            rel = name if where in ("", ".") else posixpath.join(where, name)
            found = re.search(r"<PackageId>\s*([^<\s]+)\s*</PackageId>", read(rel) or "")
            out.setdefault((found.group(1) if found else posixpath.splitext(name)[0]).lower(), rel)
    return out


def sources_under(folder: str, tree: Mapping[str, list[str]]) -> list[str]:
    """The C#/F# sources under `folder` (relative to the root), without those of its bin/ and obj/: what the .NET SDK
    compiles by default for a project file there."""
    prefix = "" if folder == "." else folder + "/"
    out = []
    for where, names in tree.items():
        if where != folder and not (where + "/").startswith(prefix):
            continue
        parts = where[len(prefix) :].split("/") if where != folder else []
        if "bin" in parts or "obj" in parts:
            continue
        base = "" if where == "." else where + "/"
        out += [base + n for n in names if n.endswith(DOTNET_SOURCES)]
    return out


def local_requirements(read: Read, base: str, pyprojects: Iterable[str] = ()) -> tuple[str, ...]:
    """The folders of the local packages the requirements.txt of the project folder `base` (`app/`, "" for the
    root) installs (`-e ../shared`, `../lib`, `file:../lib`), then those its pyproject.toml does (a Poetry path
    dependency, a uv path source or workspace member, a source of its uv workspace root: pyproject.py), then those
    these install in turn (`installed`), each with its `src/` (relative to the root; none above the root, none
    from a URL or an absolute path)."""
    from stackgraph.inference.pyproject import installed, local_dependencies, root_sources  # noqa: PLC0415 - Python only

    out: list[str] = []
    lines = requirement_lines(read, posixpath.normpath(base + "requirements.txt"))
    lines += local_dependencies(read, posixpath.normpath(base + "pyproject.toml"), pyprojects)
    lines += root_sources(read, posixpath.normpath(base + "pyproject.toml"), pyprojects)[1]
    direct = [folder for _, _, folder in lines if folder is not None]
    seen = {posixpath.normpath(base or "."), *direct}
    lines += [entry for _, entry in installed(read, direct, pyprojects, seen)]
    for _, _, folder in lines:
        if folder is not None:
            out += [folder, posixpath.join(folder, "src")]
    return tuple(dict.fromkeys(out))


DIRECT_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@\s*(?=file:)")
"""`name[extras] @ ` before a `file:` URL in a requirements.txt line (a URL of another scheme installs no folder)."""


def requirement_lines(read: Read, rel: str) -> list[tuple[int, str, str | None]]:
    """The local packages a requirements.txt installs: (line, the path as written, its folder relative to the
    root, or None above the root or absolute: `-e /opt/lib`, `file:///opt/lib`, `lib @ file:///opt/lib`)."""
    text = read(rel)
    out: list[tuple[int, str, str | None]] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        for flag in ("-e ", "--editable ", "--editable="):
            if line.startswith(flag):
                line = line[len(flag) :].strip()
        named = DIRECT_REFERENCE.match(line)  # `lib @ file:///opt/lib` (PEP 508): the part after `@`
        line = line[named.end() :].strip() if named is not None else line
        line = line.removeprefix("file://") if line.startswith("file:///") else line.removeprefix("file:")
        written = line.split("[", 1)[0]
        if written.startswith("/"):
            out.append((number, written, None))
        elif written.startswith("."):
            folder = posixpath.normpath(posixpath.join(posixpath.dirname(rel), written))
            out.append((number, written, None if folder == ".." or folder.startswith("../") else folder))
    return out


def go_module(read: Read, rel: str) -> str | None:
    """The `module` path the go.mod at `rel` declares (None: no such file, or no module line)."""
    text = read(rel)
    m = re.search(r"^module\s+(\S+)", text, re.MULTILINE) if text is not None else None
    return m.group(1).strip('"') if m else None


def read_tsconfig(read: Read, rel: str, out: ModuleRoots, hops: int = 3) -> None:
    """Set `baseUrl` and `paths` of the tsconfig.json at `rel` in `out` (unless set there): see `ts_aliases`."""
    base_url, paths = ts_aliases(read, rel, hops)
    if out.js_base is None:
        out.js_base = base_url
    if not out.js_paths:
        out.js_paths.update(paths)


def package_main(read: Read, rel: str) -> str | None:
    """The `main` of the package.json at `rel`, without a leading `./` (None: none given)."""
    data = _json(read, rel)
    main = data.get("main") if isinstance(data, dict) else None
    return main.strip("./") if isinstance(main, str) and main.strip("./") else None


def workspace_package(read: Read, manifest: str, packages: dict[str, WorkspacePackage]) -> None:
    """Add the package a package.json names to `packages` (its main, types, module and "." export); the
    first package of a name wins, and a copy of a Pulumi SDK or provider is no helper library of programs."""
    data = _json(read, manifest)
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name or name in packages or name.startswith(("@pulumi/", "@pulumiverse/")):
        return
    folder = posixpath.dirname(manifest) or "."
    entries = [data.get(k) for k in ("main", "types", "typings", "module", "source")]
    exports = data.get("exports")
    if isinstance(exports, str):
        entries.append(exports)
    elif isinstance(exports, dict):
        dot = exports.get(".")
        entries += [dot] if isinstance(dot, str) else list(dot.values()) if isinstance(dot, dict) else []
    found = [posixpath.normpath(posixpath.join(folder, e)) for e in entries if isinstance(e, str)]
    packages[name] = WorkspacePackage(folder, tuple(found))


def _json(read: Read, rel: str) -> Any:
    """The JSON document at `rel`, None when it cannot be read or parsed."""
    text = read(rel)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
