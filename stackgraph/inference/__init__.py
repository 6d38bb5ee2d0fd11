"""Infer stack dependencies from program code, statically, in every Pulumi language.

`infer(...)` is called by the scanner. For each project it reads the program files
(parsed with real parsers, never executed), finds every StackReference constructor,
evaluates its name for each stack file of the project, and returns the references,
the edges they make (with evidence) and the dangling targets. Files that only
mention no StackReference are parsed only when a reference needs their constants
or helpers. Deterministic: projects, files and sites are visited in sorted order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import posixpath
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from stackgraph.config import Settings
from stackgraph.inference import ir
from stackgraph.inference.cache import Cache, default_dir
from stackgraph.inference.link import Linker
from stackgraph.inference.refs import ProjectRefs, bindings_for
from stackgraph.inference.sources import MARKERS, Outside, Sources, finder, shared_language
from stackgraph.discovery.resolve import Resolver
from stackgraph.discovery.types import InferResult
from stackgraph.discovery.walk import Tree
from stackgraph.model import Diagnostic, Project, Severity, Stack

FAMILY = {"python": "python", "typescript": "js", "tsx": "js", "javascript": "js", "go": "go"}


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
    result = InferResult()
    if prefetch is None:
        prefetch = Prefetch(root, tree, projects, parallel=False)
    prefetch.finish()
    by_path: dict[str, list[Stack]] = defaultdict(list)
    for s in stacks:
        by_path[s.project_path].append(s)
    for project in sorted(projects, key=lambda p: p.path):
        sources = prefetch.sources[project.path]
        _infer_project(project, sources, sorted(by_path[project.path], key=lambda s: s.name), resolver, result)
    return result


PARALLEL_MIN = 200
"""Files to parse (not in the parse cache) from which a second process pays for itself."""
_JOBS: list[tuple[str, str, str]] = []
_CLAIMS: list[Any] = []
"""[the shared pair (next job from the front, end of the jobs left)], inherited by the worker through fork."""


class Prefetch:
    """The program files of every project, and, on a large cold repository, a forked process parsing them.

    The scanner starts it once the projects are read: the worker parses the files that mention a
    StackReference and are not in the parse cache (writing the parse cache) from the front of the
    list while this process reads the stack files; `finish` then parses from the back of the list
    here until the two meet, and takes the worker's facts through a pipe. Each job is claimed under
    a lock on a shared pair of indexes, so the split follows how fast each side really is (a loaded
    core, a slow stack-file read) rather than a fixed share. Below PARALLEL_MIN such files, on one
    core, or without fork, files are parsed on demand as before.
    """

    def __init__(self, root: Path, tree: Tree, projects: list[Project], *, parallel: bool = True) -> None:
        folder = default_dir()
        cache = Cache(folder) if folder is not None else None
        files = tree.files_by_project()
        outside = _outside(root, tree, files)
        self.sources = {p.path: Sources(root, p, files.get(p.path, []), cache, outside) for p in projects}
        self.pool: Any = None
        self.jobs: list[tuple[Sources, str]] = []
        if not parallel or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork") or _threads_running():
            return
        jobs: list[tuple[Sources, str]] = []
        for sources in self.sources.values():
            for file in sources.files:
                if not sources.mentions(file, MARKERS):
                    continue
                if cache is None or not cache.has(file, sources.language[file], sources.text(file) or ""):
                    jobs.append((sources, file))
        if len(jobs) < PARALLEL_MIN:
            return
        _JOBS[:] = [(file, sources.language[file], sources.text(file) or "") for sources, file in jobs]
        try:
            context = multiprocessing.get_context("fork")
            self.claims = context.Array("l", [0, len(jobs)])
            _CLAIMS[:] = [self.claims]
            self.pool = context.Pool(1)  # forks now: the worker has _JOBS and _CLAIMS
            self.result = self.pool.apply_async(_parse_jobs)
            self.jobs = jobs
        except (OSError, ValueError):
            self.close()  # parsed on demand instead
        finally:
            _JOBS.clear()
            _CLAIMS.clear()

    def finish(self) -> None:
        """Parse this process's share, then take the worker's facts (on any failure, they are parsed on demand)."""
        if self.pool is None:
            return
        try:
            while (i := _claim(self.claims, front=False)) is not None:
                sources, file = self.jobs[i]
                sources.facts(file)
            facts = self.result.get()
            for i, found in facts.items():
                sources, file = self.jobs[i]
                sources._facts[file] = found
        except (OSError, ValueError, EOFError, IndexError, multiprocessing.ProcessError):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def _outside(root: Path, tree: Tree, owned: dict[str, list[str]]) -> Outside:
    """The TS/JS files in no project (`shared/stack-refs.ts`), those that mention a StackReference, and the
    workspace packages (a package.json with a name) among them.

    A project that surely imports one (by a relative path or its package name) runs its StackReferences as
    its own.
    """
    mine = {f for files in owned.values() for f in files}
    out = Outside()
    manifests = []
    for folder, names in tree.files.items():
        base = "" if folder == "." else folder + "/"
        for name in names:
            rel = base + name
            if rel in mine:
                continue
            if name == "package.json":
                manifests.append(rel)
            lang = shared_language(rel)
            if lang is None:
                continue
            out.language[rel] = lang
            try:
                text = (root / rel).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if any(m in text for m in MARKERS):
                out.marked.append(rel)
    out.marked.sort()
    out.files = frozenset(out.language)
    if out.language:
        for manifest in sorted(manifests):
            _workspace_package(root, manifest, out.packages)
    return out


def _workspace_package(root: Path, manifest: str, packages: dict[str, str]) -> None:
    """Record `name -> "folder|entry|..."` of a package.json (its main, types, module and "." export)."""
    try:
        data = json.loads((root / manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name or name in packages or name.startswith(("@pulumi/", "@pulumiverse/")):
        return  # a copy of a Pulumi SDK or provider in the repository is no helper library of the programs
    folder = posixpath.dirname(manifest) or "."
    entries = [data.get(k) for k in ("main", "types", "typings", "module", "source")]
    exports = data.get("exports")
    if isinstance(exports, str):
        entries.append(exports)
    elif isinstance(exports, dict):
        dot = exports.get(".")
        entries += [dot] if isinstance(dot, str) else list(dot.values()) if isinstance(dot, dict) else []
    found = [posixpath.normpath(posixpath.join(folder, e)) for e in entries if isinstance(e, str)]
    packages[name] = "|".join([folder, *found])


def _threads_running() -> bool:
    """Whether other threads run: forking then may copy a lock some thread holds (never fork then)."""
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1


def _claim(claims: Any, *, front: bool) -> int | None:
    """Take the next job from the front (the worker) or the back (this process); None when none is left."""
    with claims.get_lock():
        if claims[0] >= claims[1]:
            return None
        if front:
            claims[0] += 1
            return int(claims[0] - 1)
        claims[1] -= 1
        return int(claims[1])


def _parse_jobs() -> dict[int, ir.FileFacts]:
    """In the worker: the facts of the jobs it claims from the front (the parse cache is written here too)."""
    folder = default_dir()
    cache = Cache(folder) if folder is not None else None
    claims = _CLAIMS[0]
    out = {}
    while (i := _claim(claims, front=True)) is not None:
        file, language, text = _JOBS[i]
        out[i] = cache.facts(file, language, text, finder) if cache is not None else finder(language)(text, file)
    return out


def _infer_project(
    project: Project, sources: Sources, stacks: list[Stack], resolver: Resolver, result: InferResult
) -> None:
    candidates = [f for f in sources.files if sources.mentions(f, MARKERS)]
    if not candidates and not sources.shared:
        return
    sites: list[ir.Site] = []
    for file in candidates:
        facts = sources.facts(file)
        if facts.error:
            result.diagnostics.append(
                Diagnostic(Severity.WARNING, "unparsed", f"{facts.error}; its StackReferences are not read", file)
            )
        sites.extend(facts.sites)
    linker = Linker(project.path, sources, _aliases(sources))
    live = _Reachability(project, sources, linker)
    for file in sources.shared:  # a shared file counts only when the program surely imports it
        if live.imports_shared(file):
            sites.extend(sources.facts(file).sites)
    if not sites:
        return
    refs = ProjectRefs(project, stacks, linker, resolver, result)
    for site in sorted(sites, key=lambda s: (s.file, s.line)):
        if not live.reaches(site.file):
            result.diagnostics.append(
                Diagnostic(
                    Severity.INFO,
                    "not-imported",
                    "StackReference in a module the program never imports; ignored",
                    site.file,
                    site.line,
                )
            )
            continue
        refs.add_site(site, bindings_for(site, lambda s: _calls(s, sources, live), linker))
    refs.finish()


def _calls(site: ir.Site, sources: Sources, live: _Reachability):  # type: ignore[no-untyped-def]
    assert site.func is not None
    for file in sources.files + live.reached_outside():
        if live.reaches(file) and sources.mentions(file, (site.func,)):
            for call in sources.facts(file).calls:
                yield file, call


class _Reachability:
    """Which files the program runs: those its entry point imports, transitively (None: all)."""

    def __init__(self, project: Project, sources: Sources, linker: Linker) -> None:
        self.project = project
        self.sources = sources
        self.linker = linker
        self._live: dict[str, set[str] | None] = {}
        self._outside: list[str] | None = None

    def reaches(self, file: str) -> bool:
        family = FAMILY.get(self.sources.language.get(file, ""))
        if family is None:
            return True
        if family not in self._live:
            self._live[family] = self.linker.reachable(self._entries(family))
        live = self._live[family]
        return live is None or file in live

    def reached_outside(self) -> list[str]:
        """The files in no project (TS/JS) that the program surely imports."""
        if self._outside is None:
            if "js" not in self._live:
                self._live["js"] = self.linker.reachable(self._entries("js"))
            live = self._live["js"]
            self._outside = sorted(f for f in live if f in self.sources.outside.files) if live is not None else []
        return self._outside

    def imports_shared(self, file: str) -> bool:
        """Whether the program surely imports `file`, a shared file outside every project."""
        family = FAMILY.get(self.sources.language.get(file, ""))
        if family is None or not self.reaches(file):
            return False
        return self._live.get(family) is not None

    def _entries(self, family: str) -> list[str]:
        base = "" if self.project.path == "." else self.project.path + "/"
        main = (self.project.main or "").strip("./")
        files = set(self.sources.files)
        if family == "python":
            if main.endswith(".py"):
                return [base + main]
            return [posixpath.normpath(base + posixpath.join(main, "__main__.py"))]
        if family == "go":
            folder = posixpath.normpath(base + main) if main else (base.rstrip("/") or ".")
            return sorted(f for f in files if posixpath.dirname(f) == folder and f.endswith(".go"))
        tries = []
        for entry in (main, _package_main(self.sources.root / (base or "."))):
            if entry:
                stem = posixpath.normpath(base + entry)
                tries += [stem, re.sub(r"\.[cm]?jsx?$", ".ts", stem)]
                tries += [f"{stem}/index{e}" for e in (".ts", ".js", ".mts", ".mjs", ".cjs")]
        tries += [base + f"index{e}" for e in (".ts", ".js", ".mts", ".mjs", ".cjs", ".tsx")]
        return [t for t in tries if t in files][:1]


def _tsconfig(root: Path, rel: str, out: dict[str, str], hops: int = 3) -> None:
    """`baseUrl` and `paths` of a tsconfig.json (JSON with comments), following a relative `extends`.

    Fills `js-base` (a folder) and `js-path:<pattern>` (its targets, `|`-separated, relative to the root);
    the file itself wins over the one it extends.
    """
    try:
        data = json.loads(_strip_jsonc((root / rel).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict):
        return
    folder = posixpath.dirname(rel)
    options = data.get("compilerOptions")
    options = options if isinstance(options, dict) else {}
    base_url = options.get("baseUrl")
    if isinstance(base_url, str) and "js-base" not in out:
        out["js-base"] = posixpath.normpath(posixpath.join(folder, base_url))
    paths = options.get("paths")
    if isinstance(paths, dict):
        anchor = posixpath.normpath(posixpath.join(folder, base_url)) if isinstance(base_url, str) else folder
        for pattern, targets in paths.items():
            if isinstance(targets, list) and f"js-path:{pattern}" not in out:
                found = [posixpath.normpath(posixpath.join(anchor, t)) for t in targets if isinstance(t, str)]
                out[f"js-path:{pattern}"] = "|".join(found)
    extends = data.get("extends")
    if isinstance(extends, str) and extends.startswith(".") and hops > 0:
        target = posixpath.normpath(posixpath.join(folder, extends))
        _tsconfig(root, target if target.endswith(".json") else target + ".json", out, hops - 1)


def _strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas (tsconfig.json) as plain JSON."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = end + 2 if end >= 0 else n
        else:
            out.append(ch)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _package_main(folder: Path) -> str | None:
    try:
        data = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    main = data.get("main") if isinstance(data, dict) else None
    return main.strip("./") if isinstance(main, str) and main.strip("./") else None


def _aliases(sources: Sources) -> dict[str, str]:
    """Module roots of the project: tsconfig `baseUrl`, Go module paths (go.mod)."""
    out: dict[str, str] = {}
    base = "" if sources.project.path == "." else sources.project.path + "/"
    _tsconfig(sources.root, posixpath.normpath(base + "tsconfig.json"), out)
    for name, where in sources.outside.packages.items():
        out[f"js-pkg:{name}"] = where
    for file in sources.files:
        if file.endswith(".go"):
            break
    else:
        return out
    folders = {posixpath.dirname(f) for f in sources.files if f.endswith(".go")}
    up = base.rstrip("/")
    while up:  # a go.mod above the project (one module for a whole monorepo)
        folders.add(up)
        up = posixpath.dirname(up)
    folders.add("")
    for gomod in sorted(folders):
        path = sources.root / (gomod or ".") / "go.mod"
        try:
            m = re.search(r"^module\s+(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        except OSError:
            continue
        if m:
            out[f"go:{m.group(1).strip(chr(34))}"] = gomod or "."
    return out
