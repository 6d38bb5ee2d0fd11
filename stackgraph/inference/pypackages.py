"""The package of the Python project a Pulumi program runs in: the pyproject.toml at or above the program whose
environment the runtime uses, and the packages it builds, which that environment has installed.

Pulumi's Python `toolchain` picks the environment (sdk/python/toolchain): `poetry` runs `poetry install` in the
program's folder and `uv` runs `uv sync` there, and both find their project by walking up to the nearest
pyproject.toml; both install that project's own package (Poetry unless `package-mode = false`, uv when it is a
package: a `[build-system]`, or `tool.uv.package = true`). With `pip` (the default) Pulumi installs requirements.txt
only: a `virtualenv` beside a pyproject.toml (`virtualenv: ../../.venv`, the root's `.venv`) is that project's
environment, where Poetry and uv keep it; without a `virtualenv` the program runs in the Python on PATH, the
environment a `poetry run` or `uv run` at the nearest pyproject.toml above sets.

Only the packages the file declares are followed, by the import's first name: Poetry `packages` (`include`,
`from`), setuptools `packages` with `package-dir`, or `packages.find` `where`/`include`/`exclude`, hatch `packages`,
`sources` and `include`, uv_build's `module-root` and `module-name`, else the build backend's default (the project's
name as a module, in `src/` or beside the file). Whatever else: not followed, and said where the import misses.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stackgraph.inference.pyproject import Read, Tables, read_tables

MODULE = ("/__init__.py", ".py")


@dataclass(frozen=True)
class PyPackage:
    """Top-level import names (`fnmatch` patterns, less `exclude`) a pyproject.toml installs from `base` (a folder
    relative to the root, "" for the root): `file` and `line` declare it, `how` says by what, `env` why it is the
    program's environment."""

    names: tuple[str, ...]
    base: str
    file: str
    line: int
    how: str
    env: str
    exclude: tuple[str, ...] = ()

    def admits(self, top: str) -> bool:
        return any(fnmatch.fnmatchcase(top, n) for n in self.names) and not any(
            fnmatch.fnmatchcase(top, n) for n in self.exclude
        )

    def holds(self, file: str) -> bool:
        """Whether `file` is a module of the package (below `base`, in a top-level name it admits)."""
        prefix = self.base + "/" if self.base else ""
        if not file.startswith(prefix):
            return False
        top = file[len(prefix) :].split("/", 1)[0]
        return self.admits(top.removesuffix(".py"))

    def note(self, file: str) -> str:
        return f"{file} from the package {self._shown()} of {self.file}:{self.line} ({self.how}), {self.env}"

    def _shown(self) -> str:
        return ", ".join(self.names) + (f" (not {', '.join(self.exclude)})" if self.exclude else "")


def nearest(folder: str, pyprojects: Collection[str]) -> str | None:
    """The nearest pyproject.toml at or above `folder` (a path relative to the root), None: none."""
    here = "" if folder in ("", ".") else folder
    while True:
        if (here or ".") in pyprojects:
            return posixpath.join(here, "pyproject.toml") if here else "pyproject.toml"
        if not here:
            return None
        here = posixpath.dirname(here)


def environment(options: Mapping[str, Any], folder: str, pyprojects: Collection[str]) -> tuple[str | None, str]:
    """The pyproject.toml whose package the environment that runs the program in `folder` holds (per the runtime's
    `options`), and why; None and why not."""
    toolchain = options.get("toolchain", "pip")
    found = nearest(folder, pyprojects)
    if toolchain in ("poetry", "uv"):
        why = f"the nearest pyproject.toml at or above the project, which `toolchain: {toolchain}` installs"
        return (found, why) if found else (None, f"`toolchain: {toolchain}` finds no pyproject.toml above the project")
    venv = options.get("virtualenv")
    if not isinstance(venv, str) or not venv:
        why = "the nearest pyproject.toml above the project (no `virtualenv`: the program runs in its environment)"
        return (found, why) if found else (None, "no pyproject.toml is at or above the project")
    path = posixpath.normpath(posixpath.join(folder, venv))
    if venv.startswith(("/", "~")) or path == ".." or path.startswith("../"):
        return None, f"`virtualenv: {venv}` is outside the repository"
    owner = posixpath.dirname(path)
    if (owner or ".") in pyprojects:
        why = f"whose environment `virtualenv: {venv}` is"
        return (posixpath.join(owner, "pyproject.toml") if owner else "pyproject.toml"), why
    return None, f"`virtualenv: {venv}` is no environment of a pyproject.toml, Pulumi installs requirements.txt there"


def installed(
    read: Read, options: Mapping[str, Any], folder: str, pyprojects: Collection[str], exists: Callable[[str], bool]
) -> tuple[PyPackage, ...]:
    """The packages the environment of the program in `folder` has installed from its pyproject.toml."""
    rel, env = environment(options, folder, pyprojects)
    data = read_tables(read, rel) if rel is not None else None
    if rel is None or data is None:
        return ()
    return tuple(declared(data, rel, exists, env)[0])


def declared(data: Tables, rel: str, exists: Callable[[str], bool], env: str = "") -> tuple[list[PyPackage], str]:
    """The packages the pyproject.toml `rel` (read as `data`) builds, or none and why."""
    backend = str(data.get("build-system", {}).get("build-backend", (0, ""))[1])
    poetry = data.get("tool.poetry", {})
    if "poetry" in backend or (not backend and poetry):
        if poetry.get("package-mode", (0, True))[1] is False:
            return [], "`package-mode = false`: Poetry installs no package of its own"
        return _poetry(data, rel, exists, env), ""
    if not backend and data.get("tool.uv", {}).get("package", (0, None))[1] is not True:
        return [], "no `[build-system]`: uv installs no package of its own (`tool.uv.package` is not true)"
    if "setuptools" in backend or not backend:
        return _setuptools(data, rel, exists, env), ""
    if "hatchling" in backend:
        return _hatch(data, rel, exists, env), ""
    if "uv_build" in backend:
        return _uv_build(data, rel, exists, env), ""
    return [], f"build backend {backend}: its packages are not read"


def _folder(rel: str) -> str:
    return posixpath.dirname(rel)


def _join(folder: str, *parts: str) -> str:
    out = posixpath.normpath(posixpath.join(folder, *parts))
    return "" if out == "." else out


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str)]


def _line(data: Tables, table: str, key: str) -> int:
    return int(data.get(table, {}).get(key, (0, None))[0])


def _default(data: Tables, rel: str, exists: Callable[[str], bool], env: str, roots: Iterable[str]) -> list[PyPackage]:
    """The project's name as a module (`ol-infrastructure`: `ol_infrastructure`), in the first of `roots` (folders
    relative to the file's) that holds it: every backend's default."""
    name = data.get("project", {}).get("name") or data.get("tool.poetry", {}).get("name")
    if name is None or not isinstance(name[1], str):
        return []
    module = name[1].replace("-", "_").replace(".", "_").lower()
    for root in roots:
        base = _join(_folder(rel), root)
        if any(exists(_join(base, module) + tail) for tail in MODULE):
            how = f"its name {name[1]}: the module {module} in {base or 'the root'}, the build backend's default"
            return [PyPackage((module,), base, rel, name[0], how, env)]
    return []


def _poetry(data: Tables, rel: str, exists: Callable[[str], bool], env: str) -> list[PyPackage]:
    line, packages = data.get("tool.poetry", {}).get("packages", (0, None))
    if not isinstance(packages, list):
        return _default(data, rel, exists, env, ("", "src"))
    out = []
    for item in packages:
        include = item.get("include") if isinstance(item, dict) else None
        where = item.get("from", "") if isinstance(item, dict) else ""
        if isinstance(include, str) and isinstance(where, str) and include.strip("/"):
            top = include.strip("/").split("/")[0].removesuffix(".py")
            how = f"`[tool.poetry] packages`: include {include}" + (f" from {where}" if where else "")
            out.append(PyPackage((top,), _join(_folder(rel), where), rel, line, how, env))
    return out


def _setuptools(data: Tables, rel: str, exists: Callable[[str], bool], env: str) -> list[PyPackage]:
    tool = data.get("tool.setuptools", {})
    dirs = tool.get("package-dir", (0, {}))[1]
    root = dirs.get("", "") if isinstance(dirs, dict) and isinstance(dirs.get("", ""), str) else ""
    line, packages = tool.get("packages", (0, None))
    if isinstance(packages, list):
        tops = sorted({p.split(".")[0] for p in _strings(packages)})
        how = "`[tool.setuptools] packages`" + (f", `package-dir` {root}" if root else "")
        return [PyPackage((t,), _join(_folder(rel), root), rel, line, how, env) for t in tops]
    find = data.get("tool.setuptools.packages.find", {})
    if find:
        wheres = _strings(find.get("where", (0, ["."]))[1]) or ["."]
        names = tuple(p.split(".")[0] for p in _strings(find.get("include", (0, ["*"]))[1])) or ("*",)
        skip = tuple(p for p in _strings(find.get("exclude", (0, []))[1]) if "." not in p.rstrip(".*"))
        at = min((v[0] for v in find.values()), default=0)
        how = "`[tool.setuptools.packages.find]`"
        return [PyPackage(names, _join(_folder(rel), w), rel, at, f"{how} where {w}", env, skip) for w in wheres]
    return _default(data, rel, exists, env, (root,) if root else ("src", ""))


def _hatch(data: Tables, rel: str, exists: Callable[[str], bool], env: str) -> list[PyPackage]:
    for table in ("tool.hatch.build.targets.wheel", "tool.hatch.build"):
        keys = data.get(table, {})
        sources = data.get(table + ".sources", {}) or _inline(keys.get("sources"))
        line, packages = keys.get("packages", (0, None))
        if isinstance(packages, list):
            how = f"`[{table}] packages`"
            found = [(posixpath.basename(p.rstrip("/")), posixpath.dirname(p.rstrip("/"))) for p in _strings(packages)]
            return [PyPackage((t.removesuffix(".py"),), _join(_folder(rel), b), rel, line, how, env) for t, b in found]
        if sources:
            return _hatch_sources(keys, sources, rel, f"`[{table}]` sources", env)
    return _default(data, rel, exists, env, ("src", ""))


def _inline(found: tuple[int, Any] | None) -> dict[str, tuple[int, Any]]:
    """Hatch `sources` written in the target's table: an inline table by prefix, or a list under ""."""
    if found is None:
        return {}
    line, value = found
    return {k: (line, v) for k, v in value.items()} if isinstance(value, dict) else {"": (line, value)}


def _hatch_sources(
    keys: Mapping[str, Any], sources: Mapping[str, Any], rel: str, how: str, env: str
) -> list[PyPackage]:
    """Hatch's `sources`: a path prefix -> what it is installed as (`"src/pkg" = "pkg"`, `"src" = ""`), or a list of
    prefixes to strip (`["src"]`); with `include` (or `only-include`), the paths built."""
    out = []
    include = [p.strip("/") for k in ("only-include", "include") for p in _strings(keys.get(k, (0, []))[1])]
    for prefix, (line, value) in sorted(sources.items()) if "" not in sources else []:
        prefix = prefix.strip("/")
        if value == posixpath.basename(prefix):
            out.append(PyPackage((value,), _join(_folder(rel), posixpath.dirname(prefix)), rel, line, how, env))
        elif value == "":
            named = tuple(p[len(prefix) + 1 :].split("/")[0] for p in include if p.startswith(prefix + "/"))
            out.append(PyPackage(named or ("*",), _join(_folder(rel), prefix), rel, line, how, env))
    line, value = sources.get("", (0, None))
    for prefix in _strings(value):
        prefix = prefix.strip("/")
        named = tuple(p[len(prefix) + 1 :].split("/")[0] for p in include if p.startswith(prefix + "/"))
        out.append(PyPackage(named or ("*",), _join(_folder(rel), prefix), rel, line, how, env))
    return out


def _uv_build(data: Tables, rel: str, exists: Callable[[str], bool], env: str) -> list[PyPackage]:
    tool = data.get("tool.uv.build-backend", {})
    root = tool.get("module-root", (0, "src"))[1]
    names = _strings(tool.get("module-name", (0, []))[1])
    if not isinstance(root, str):
        return []
    if not names:
        return _default(data, rel, exists, env, (root,))
    how = f"`[tool.uv.build-backend]` module-name, module-root {root or 'the root'}"
    line = _line(data, "tool.uv.build-backend", "module-name")
    return [PyPackage((n.split(".")[0],), _join(_folder(rel), root), rel, line, how, env) for n in names]


HIDDEN = (
    "has that name, but no import path stackgraph reads leads to it (a PYTHONPATH set outside the program is not read)"
)


@dataclass(frozen=True)
class Layout:
    """What says where a Python program's environment comes from: its project folder, runtime options, the folders
    with a pyproject.toml, and the files of the repository."""

    read: Read
    folder: str
    options: Mapping[str, Any]
    pyprojects: Collection[str]
    exists: Callable[[str], bool]

    def packages(self) -> tuple[PyPackage, ...]:
        return installed(self.read, self.options, self.folder, self.pyprojects, self.exists)

    def hint(self, file: str, spec: str, named: str = "") -> str:
        """Why `file`, which an import of `spec` would find from some folder, is not read, and what would make it
        read, fitting the layout: the folder to put on the import path, or the pyproject.toml to declare it in.
        `named`: how the file is shown (default: its path)."""
        dotted = spec.replace(".", "/")
        stem = file.removesuffix("/__init__.py").removesuffix(".py")
        root = stem[: -len(dotted)].rstrip("/") if stem.endswith(dotted) else posixpath.dirname(file)
        top, shown, named = spec.split(".", maxsplit=1)[0], f"{root}/" if root else "the repository root", named or file
        here = nearest(root, self.pyprojects)
        data = read_tables(self.read, here) if here is not None else None
        if here is None:
            return f"{named} {HIDDEN}: {self._setup(root, shown)}"
        if data is None:
            return f"{named} {HIDDEN}: {here}, the nearest pyproject.toml above it, is not TOML stackgraph reads"
        found, why = declared(data, here, self.exists)
        own = [p for p in found if p.admits(top) and p.base == root]
        if not own:
            has = f"it declares {', '.join(n for p in found for n in p.names)}" if found else why
            return (
                f"{named} {HIDDEN}: {here}, the nearest pyproject.toml above it, does not declare the package {top} "
                f"({has}): declare it there as a package it installs (from {shown}), or add {shown} to sys.path in the "
                "program"
            )
        env, because = environment(self.options, self.folder, self.pyprojects)
        because = f"it is the environment of {env}" if env is not None else because
        return (
            f"{named} {HIDDEN}: it is in the package {top} of {here}:{own[0].line}, which the program's environment "
            f"does not install ({because}): {self._install(here, data, env)}"
        )

    def _setup(self, root: str, shown: str) -> str:
        """What puts a package on the import path when no pyproject.toml is at or above its folder `root`: `-e` of
        that folder in the project's requirements.txt (read by projectfiles.local_requirements) when a setup.py or
        setup.cfg there makes it installable, else an edit of sys.path."""
        built = next((f"{root}/{n}" for n in ("setup.py", "setup.cfg") if root and self.exists(f"{root}/{n}")), None)
        if built is None:
            return f"add {shown} to sys.path in the program (no pyproject.toml at or above it)"
        rel, requirements = posixpath.relpath(root, self.folder or "."), posixpath.join(self.folder, "requirements.txt")
        return (
            f"{built} builds it, a file stackgraph does not read: install it with `-e {rel}` in {requirements}, or "
            f"add {shown} to sys.path in the program"
        )

    def _install(self, pyproject: str, data: Tables, env: str | None) -> str:
        """What installs the project of `pyproject` in the program's environment (`env`: its pyproject.toml)."""
        rel = posixpath.relpath(posixpath.dirname(pyproject) or ".", self.folder or ".")
        name = (data.get("project", {}).get("name") or data.get("tool.poetry", {}).get("name") or (0, "it"))[1]
        where = env or "the project's pyproject.toml"
        toolchain = self.options.get("toolchain", "pip")
        if toolchain == "poetry":
            return f'add `{name} = {{ path = "{rel}", develop = true }}` to the `[tool.poetry.dependencies]` of {where}'
        if toolchain == "uv":
            source = f'`{name} = {{ path = "{rel}", editable = true }}`'
            return f"depend on {name} with {source} in `[tool.uv.sources]` of {where}"
        return f"install it with `-e {rel}` in requirements.txt"
