"""Read a tsconfig.json as tsc reads it: JSON with comments and trailing commas, with the files it `extends` by a
relative path (a path or, TypeScript 5.0, a list of them), each option from the last file that sets it. An option
set to null is unset, whatever the files it extends say (TypeScript 2.6: `"paths": null` drops inherited aliases).

The tsconfig a program is compiled with is its tsconfig.json or the one Pulumi.yaml names (`program_tsconfig`).
Two readings: the aliases the program's imports go through (`baseUrl`, `paths`: projectfiles.module_roots) and
where tsc writes its output (`outDir`, `rootDir`, `allowJs`, `files`, `include`, `exclude`: tsbuild.py). A file
that is missing or cannot be parsed says nothing; nothing here raises.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stackgraph.model import Project

Read = Callable[[str], "str | None"]
Aliases = tuple["str | None", dict[str, tuple[str, ...]]]


def named_tsconfig(project: Project) -> str | None:
    """The tsconfig the Pulumi.yaml names for its Node.js program (`runtime.options.tsconfig`, which Pulumi's host
    passes as PULUMI_NODEJS_TSCONFIG_PATH: ts-node then reads that file only, and no tsconfig at all when it does
    not exist), relative to the project folder; None: its tsconfig.json (Bun ignores the option)."""
    named = project.runtime_options.get("tsconfig") if project.runtime == "nodejs" else None
    return named if isinstance(named, str) and named else None


def program_tsconfig(project: Project) -> str | None:
    """The tsconfig the Node.js program of `project` is compiled with, relative to the root (the one it names, else
    its tsconfig.json); None when the scan does not read it (an absolute path, or one above the root)."""
    name = named_tsconfig(project) or "tsconfig.json"
    rel = posixpath.normpath(posixpath.join(project.path, name))
    return None if posixpath.isabs(name) or rel == ".." or rel.startswith("../") else rel


def ts_aliases(read: Read, rel: str, hops: int = 3) -> Aliases:
    """`baseUrl` and `paths` of the tsconfig.json at `rel`, as tsc merges it with those it extends (`ts_chain`): each
    option from the last file that sets it (null: unset), `paths` whole (never merged), its targets relative to that
    `baseUrl` when one is set, else to the folder of the file that sets `paths`."""
    base_url: str | None = None
    paths: tuple[str, dict[str, Any]] | None = None
    base_set = paths_set = False
    for file, data in reversed(ts_chain(read, rel, hops)):  # the file itself first
        options = _options(data)
        value = options.get("baseUrl")
        if not base_set and "baseUrl" in options and (value is None or isinstance(value, str)):
            base_set = True
            base_url = None if value is None else posixpath.normpath(posixpath.join(posixpath.dirname(file), value))
        value = options.get("paths")
        if not paths_set and "paths" in options and (value is None or isinstance(value, dict)):
            paths_set = True
            paths = None if value is None else (posixpath.dirname(file), value)
    out: dict[str, tuple[str, ...]] = {}
    anchor = paths[0] if paths is not None and base_url is None else base_url or ""
    for pattern, targets in paths[1].items() if paths is not None else ():
        if isinstance(targets, list):
            out[pattern] = tuple(posixpath.normpath(posixpath.join(anchor, t)) for t in targets if isinstance(t, str))
    return base_url, out


def ts_chain(read: Read, rel: str, hops: int) -> list[tuple[str, dict[str, Any]]]:
    """The tsconfig.json at `rel` and those it extends by a relative path (`extends`, a path or, TypeScript 5.0, a
    list of them; `hops` levels at most), in the order tsc applies them: each entry of `extends` (with what it
    extends) after the one before, the file itself last; a file that cannot be read is left out with its own."""
    data = jsonc(read, rel)
    if not isinstance(data, dict):
        return []
    chain: list[tuple[str, dict[str, Any]]] = []
    extends = data.get("extends")
    for entry in extends if isinstance(extends, list) else [extends]:
        if isinstance(entry, str) and entry.startswith(".") and hops > 0:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), entry))
            chain += ts_chain(read, target if target.endswith(".json") else target + ".json", hops - 1)
    return [*chain, (rel, data)]


@dataclass(frozen=True)
class TsLayout:
    """Where tsc writes a project's output, by its tsconfig.json and those it extends by a relative path (each
    path relative to the repository root; a file's own setting over the one it extends)."""

    config: str
    out_dir: str | None = None
    root_dir: str | None = None
    allow_js: bool = False
    files: tuple[str, ...] | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None


def ts_layout(read: Read, rel: str, hops: int = 3) -> TsLayout | None:
    """`compilerOptions.outDir`, `rootDir`, `allowJs` and `files`, `include`, `exclude` of the tsconfig.json at
    `rel`, with those it extends (`ts_chain`: a later file's setting over an earlier's); None when it cannot be
    read."""
    chain = ts_chain(read, rel, hops)
    if not chain:
        return None
    layout = TsLayout(rel)
    for file, data in chain:
        layout = _ts_layer(layout, file, data)
    return layout


def _ts_layer(base: TsLayout, rel: str, data: dict[str, Any]) -> TsLayout:
    """`base` with the settings of the tsconfig at `rel` (its parsed `data`) over it (an option set to null: unset)."""
    folder = posixpath.dirname(rel)
    options = _options(data)

    def path(key: str, inherited: str | None) -> str | None:
        if key not in options:
            return inherited
        value = options[key]
        if value is None:
            return None
        return posixpath.normpath(posixpath.join(folder, value)) if isinstance(value, str) else inherited

    def patterns(key: str, inherited: tuple[str, ...] | None) -> tuple[str, ...] | None:
        value = data.get(key)
        if not isinstance(value, list):
            return inherited
        return tuple(posixpath.normpath(posixpath.join(folder, p)) for p in value if isinstance(p, str))

    allow = options.get("allowJs", base.allow_js)
    return TsLayout(
        base.config,
        path("outDir", base.out_dir),
        path("rootDir", base.root_dir),
        allow if isinstance(allow, bool) else base.allow_js if allow is not None else False,
        patterns("files", base.files),
        patterns("include", base.include),
        patterns("exclude", base.exclude),
    )


def _options(data: dict[str, Any]) -> dict[str, Any]:
    options = data.get("compilerOptions")
    return options if isinstance(options, dict) else {}


def jsonc(read: Read, rel: str) -> Any:
    """The JSON-with-comments document at `rel` (a tsconfig.json), None when it cannot be read or parsed."""
    text = read(rel)
    if text is None:
        return None
    try:
        return json.loads(strip_jsonc(text))
    except ValueError:
        return None


def strip_jsonc(text: str) -> str:
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
