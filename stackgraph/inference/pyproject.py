"""The local packages a Python project's pyproject.toml installs: Poetry path dependencies and uv path sources.

Pulumi's Python runtime installs a program's dependencies with its `toolchain` (`pip`, `poetry`, `uv`): Poetry reads
`[tool.poetry.dependencies]` (and `dev-dependencies`, `[tool.poetry.group.<name>.dependencies]`), where
`lib = { path = "../lib", develop = true }` installs the folder `../lib`; uv reads `[tool.uv.sources]`, where
`lib = { path = "../lib", editable = true }` does. A uv workspace member (`lib = { workspace = true }`) is the
folder of the member of the workspace root's `[tool.uv.workspace] members` whose `[project] name` is `lib`.

The file is read with a small reader of the TOML this needs (tables, keys, strings, booleans, inline tables and
arrays, also over several lines); Python 3.10 has no `tomllib`. A file it cannot read says nothing, as any project
file (projectfiles.py); an import that then finds nothing is said where it is made (`targets.hidden_sites`).
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any

Read = Callable[[str], "str | None"]
Tables = dict[str, dict[str, tuple[int, Any]]]
"""Table name (`tool.poetry.dependencies`) -> key -> (line, value)."""

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_REQUIREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # the name a PEP 508 requirement starts with
_ATOM = re.compile(r"[^,\]\}\s#]+")
POETRY = re.compile(r"tool\.poetry\.(dependencies|dev-dependencies|group\.[^.]+\.dependencies)")


class _Bad(ValueError):
    """Text the reader does not read."""


def tables(text: str) -> Tables:
    """The tables of a TOML text and their keys, with the line of each key (raises `_Bad`)."""
    out: Tables = {"": {}}
    current: str | None = ""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        number += 1
        line = lines[number - 1].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            current = None  # an array of tables: nothing read here lives in one
            continue
        if line.startswith("["):
            keys, at = _key(line, 1)
            if line[at:].split("#", 1)[0].strip() != "]":
                raise _Bad(line)
            current = ".".join(keys)
            out.setdefault(current, {})
            continue
        keys, at = _key(line, 0)
        if line[at : at + 1] != "=":
            raise _Bad(line)
        start, rest = number, line[at + 1 :]
        while True:
            try:
                value, end = _value(rest, _skip(rest, 0))
                break
            except IndexError:  # an array or a string that goes on: read the next line too
                if number >= len(lines):
                    raise _Bad(line) from None
                number += 1
                rest += "\n" + lines[number - 1]
        if rest[_skip(rest, end) :].strip():
            raise _Bad(line)
        if current is not None:
            *head, last = [current, *keys] if current else keys
            out.setdefault(".".join(head), {})[last] = (start, value)
    return out


def _skip(s: str, i: int) -> int:
    """Past blanks, line ends and comments."""
    while i < len(s):
        if s[i] in " \t\r\n":
            i += 1
        elif s[i] == "#":
            while i < len(s) and s[i] != "\n":
                i += 1
        else:
            break
    return i


def _key(s: str, i: int) -> tuple[list[str], int]:
    """A dotted key (`a."b.c".d`) from `i`: its parts, and where what follows it starts."""
    parts = []
    while True:
        i = _skip(s, i)
        if i < len(s) and s[i] in "\"'":
            part, i = _string(s, i)
        else:
            m = _BARE.match(s, i)
            if m is None:
                raise _Bad(s)
            part, i = m.group(), m.end()
        parts.append(part)
        i = _skip(s, i)
        if i >= len(s) or s[i] != ".":
            return parts, i
        i += 1


def _string(s: str, i: int) -> tuple[str, int]:
    """A basic (`"..."`, with escapes) or literal (`'...'`) string from `i`; IndexError when it does not end."""
    quote, j = s[i], i + 1
    while j < len(s) and s[j] != quote and s[j] != "\n":
        j += 2 if quote == '"' and s[j] == "\\" else 1
    if j >= len(s) or s[j] != quote:
        raise IndexError(j)
    return (str(json.loads(s[i : j + 1])) if quote == '"' else s[i + 1 : j]), j + 1


def _value(s: str, i: int) -> tuple[Any, int]:
    if i >= len(s):
        raise IndexError(i)
    c = s[i]
    if c in "\"'":
        if s.startswith(c * 3, i):
            raise _Bad(s)  # multi-line strings: nothing this reads is one
        return _string(s, i)
    if c == "[":
        items: list[Any] = []
        i = _skip(s, i + 1)
        while True:
            if i >= len(s):
                raise IndexError(i)
            if s[i] == "]":
                return items, i + 1
            item, i = _value(s, i)
            items.append(item)
            i = _skip(s, i)
            if i < len(s) and s[i] == ",":
                i = _skip(s, i + 1)
            elif i < len(s) and s[i] != "]":
                raise _Bad(s)
    if c == "{":
        table: dict[str, Any] = {}
        i = _skip(s, i + 1)
        while i < len(s) and s[i] != "}":
            keys, i = _key(s, i)
            if s[i : i + 1] != "=":
                raise _Bad(s)
            item, i = _value(s, _skip(s, i + 1))
            table[".".join(keys)] = item
            i = _skip(s, i)
            if i < len(s) and s[i] == ",":
                i = _skip(s, i + 1)
        if i >= len(s):
            raise IndexError(i)
        return table, i + 1
    m = _ATOM.match(s, i)
    if m is None:
        raise _Bad(s)
    word = m.group()
    return {"true": True, "false": False}.get(word, word), m.end()


def read_tables(read: Read, rel: str) -> Tables | None:
    """The tables of the TOML file at `rel` (None: missing, unreadable, or not TOML this reader reads)."""
    text = read(rel)
    if text is None:
        return None
    try:
        return tables(text)
    except (_Bad, ValueError, IndexError):
        return None


def _paths(value: Any) -> list[str]:
    """The `path` of a dependency's table, or of each table of a list of them (Poetry's multiple constraints)."""
    found = value if isinstance(value, list) else [value]
    return [v["path"] for v in found if isinstance(v, dict) and isinstance(v.get("path"), str)]


def local_dependencies(read: Read, rel: str, listing: Iterable[str] = ()) -> list[tuple[int, str, str | None]]:
    """The local packages the pyproject.toml at `rel` installs: (line, the path as written, its folder relative to
    the root, or None above the root or absolute). `listing`: the folders of the repository, to find the members of
    a uv workspace its `{ workspace = true }` sources name."""
    data = read_tables(read, rel)
    if data is None:
        return []
    folder = posixpath.dirname(rel)
    out: list[tuple[int, str, str | None]] = []
    for name, keys in sorted(data.items()):
        poetry = POETRY.fullmatch(name)
        sub = next((t for t in ("dependencies", "dev-dependencies") if name.startswith(f"tool.poetry.{t}.")), None)
        if poetry is not None or name == "tool.uv.sources":
            out += [(line, p, _folder(folder, p)) for line, value in keys.values() for p in _paths(value)]
        elif sub is not None and isinstance(keys.get("path", (0, None))[1], str):
            line, written = keys["path"]
            out.append((line, written, _folder(folder, written)))
    sources = data.get("tool.uv.sources", {})
    members = [n for n, (_, v) in sources.items() if isinstance(v, dict) and v.get("workspace") is True]
    if members:
        found = workspace_members(read, folder, listing)
        out += [(sources[n][0], f"{n} (workspace member)", found.get(_normal(n))) for n in members]
    return sorted(out, key=lambda item: item[0])


def _folder(folder: str, written: str) -> str | None:
    if written.startswith("/") or re.match(r"[A-Za-z]:[\\/]", written):
        return None
    out = posixpath.normpath(posixpath.join(folder, written))
    return None if out == ".." or out.startswith("../") else out


def _normal(name: str) -> str:
    """A package name as Python packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def workspace_members(read: Read, folder: str, listing: Iterable[str]) -> dict[str, str]:
    """The members of the uv workspace that holds `folder` (the nearest pyproject.toml at or above it with a
    `[tool.uv.workspace]`), by normalized `[project] name` -> folder."""
    found = _workspace(read, folder)
    if found is None:
        return {}
    here, data = found
    out: dict[str, str] = {}
    for member in (f for f in sorted(set(listing)) if _member(f, here, data)):
        name = (read_tables(read, posixpath.join(member, "pyproject.toml")) or {}).get("project", {}).get("name")
        if name is not None and isinstance(name[1], str):
            out.setdefault(_normal(name[1]), member)
    return out


def _workspace(read: Read, folder: str) -> tuple[str, Tables] | None:
    """The folder ("" for the repository's root) and tables of the nearest pyproject.toml at or above `folder` with
    a `[tool.uv.workspace]` (None: there is none)."""
    here = "" if folder in ("", ".") else folder
    while True:
        data = read_tables(read, posixpath.join(here, "pyproject.toml") if here else "pyproject.toml")
        if data is not None and "tool.uv.workspace" in data:
            return here, data
        if not here:
            return None
        here = posixpath.dirname(here)


def _member(folder: str, root: str, data: Tables) -> bool:
    """Whether `folder` is a member of the workspace whose root `root` has the tables `data` (its `members` globs
    name it, its `exclude` globs do not)."""
    workspace = data.get("tool.uv.workspace", {})
    base = root + "/" if root else ""
    globs = [g for g in workspace.get("members", (0, []))[1] if isinstance(g, str)]
    skip = [g for g in workspace.get("exclude", (0, []))[1] if isinstance(g, str)]
    return _matches(folder, base, globs) and not _matches(folder, base, skip)


def root_sources(read: Read, rel: str, listing: Iterable[str] = ()) -> tuple[str, list[tuple[int, str, str | None]]]:
    """What the `[tool.uv.sources]` of the uv workspace root holding the project of the pyproject.toml at `rel`
    installs for it, as uv applies the root's sources to every member: the root's pyproject.toml, and (line there,
    the path as written, its folder) as `local_dependencies` gives them. Only a package the member depends on
    (`[project] dependencies`, `optional-dependencies`, `[dependency-groups]`) that its own `[tool.uv.sources]`
    does not name (the member's entry wins); none for the root itself, a folder that is no member, or a member
    the reader cannot read. The packages those install in turn: `installed`."""
    folder = posixpath.dirname(rel)
    member = read_tables(read, rel)
    found = _workspace(read, posixpath.dirname(folder)) if folder not in ("", ".") else None
    if member is None or "tool.uv.workspace" in member or found is None or not _member(folder, *found):
        return "", []  # a pyproject.toml with a workspace of its own is that workspace's root
    here, data = found
    root = posixpath.join(here, "pyproject.toml") if here else "pyproject.toml"
    own = {_normal(n) for n in member.get("tool.uv.sources", {})}
    wanted = _dependencies(member) - own
    chosen = {n: v for n, v in data.get("tool.uv.sources", {}).items() if _normal(n) in wanted}
    out = [(line, p, _folder(here, p)) for line, value in chosen.values() for p in _paths(value)]
    members = [n for n, (_, v) in chosen.items() if isinstance(v, dict) and v.get("workspace") is True]
    if members:
        named = workspace_members(read, here, listing)
        out += [(chosen[n][0], f"{n} (workspace member)", named.get(_normal(n))) for n in members]
    return root, sorted(out, key=lambda item: item[0])


Entry = tuple[int, str, "str | None"]
"""A local package a file installs: (line, the path as written, its folder relative to the root, or None)."""


def installed(read: Read, folders: Iterable[str], listing: Iterable[str], seen: set[str]) -> list[tuple[str, Entry]]:
    """The local packages the local packages in `folders` install in turn, transitively, as uv and Poetry install
    them (a package's own `[tool.uv.sources]` path sources and workspace members, the sources of its uv
    workspace's root, its Poetry path dependencies; pip reads none of a package's requirements.txt): (the file
    that names one, the entry). `seen`: the folders already read (the project's, `folders`), grown as they are
    read: each is read once, so packages that name each other end."""
    listing = tuple(listing)
    out: list[tuple[str, Entry]] = []
    todo = list(folders)
    while todo:
        rel = posixpath.join(todo.pop(0), "pyproject.toml")
        root, from_root = root_sources(read, rel, listing)
        for file, entries in ((rel, local_dependencies(read, rel, listing)), (root, from_root)):
            for entry in entries:
                out.append((file, entry))
                if entry[2] is not None and entry[2] not in seen:
                    seen.add(entry[2])
                    todo.append(entry[2])
    return out


def _dependencies(data: Tables) -> set[str]:
    """The normalized names of the packages a pyproject.toml's project depends on (PEP 508 strings)."""
    project = data.get("project", {})
    lists = [project.get("dependencies", (0, []))[1]]
    lists += [v for _, v in data.get("project.optional-dependencies", {}).values()]
    lists += [v for _, v in data.get("dependency-groups", {}).values()]
    out = set()
    for items in lists:
        for item in items if isinstance(items, list) else []:
            m = _REQUIREMENT.match(item.strip()) if isinstance(item, str) else None
            if m is not None:
                out.add(_normal(m.group()))
    return out


def _matches(folder: str, base: str, globs: list[str]) -> bool:
    """Whether `folder` is one a glob of the workspace (`libs/*`, relative to `base`) names; `*` stays in a folder."""
    parts = folder.split("/")
    for glob in globs:
        pattern = posixpath.normpath(base + glob).split("/")
        if len(pattern) == len(parts) and all(fnmatch.fnmatchcase(f, p) for f, p in zip(parts, pattern, strict=True)):
            return True
    return False
