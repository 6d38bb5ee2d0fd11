"""A parse cache keyed by file content: an unchanged file is never parsed twice.

Entries are JSON (never pickle: a cache folder someone else can write must not be
able to run code), one file per content hash under
`$STACKGRAPH_CACHE_DIR` or `${XDG_CACHE_HOME:-~/.cache}/stackgraph/parse`. The key
also covers the finders' own source, so a new stackgraph never reads old facts.
Writes go to a temporary file renamed into place, so concurrent scans are safe; an
entry that cannot be read or decoded is treated as missing and rewritten. Any
OSError disables writing for the rest of the run; a cache problem never fails a scan.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stackgraph.cache import store
from stackgraph.inference import ir

FORMAT = 3
"""The layout of an entry (3: with the exports of each file)."""
_TYPES: dict[str, Callable[..., Any]] = {
    cls.__name__: cls
    for cls in (
        ir.Lit, ir.Concat, ir.ConfigRead, ir.ConfigVia, ir.CurrentStack, ir.CurrentProject, ir.CurrentOrg,
        ir.Param, ir.Function, ir.Apply, ir.Eq, ir.Truthy, ir.Conditional, ir.Import, ir.Unknown, ir.ConfigObject,
        ir.Split, ir.Select, ir.Undefined, ir.Record,
        ir.Site, ir.Call, ir.Field, ir.Exported,
        ir.FileFacts,
    )
}  # fmt: skip
_TYPES["Module"] = lambda kind, path: ir.Module(ir.ModuleKind(kind), path)  # the kind is stored as its value


def default_dir() -> Path | None:
    """The parse cache's folder (see cache.store.cache_dir); None when caching is switched off."""
    return store.cache_dir("parse")


def _code_version() -> str:
    """A digest of the inference package's source: facts from other code are never reused."""
    h = hashlib.sha256(f"format {FORMAT}\0".encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        h.update(str(path.relative_to(here)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """Facts by content hash; see the module docstring for the safety rules."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / _code_version()
        self.writable = True
        self.hits = 0
        self.misses = 0

    def _path(self, file: str, language: str, text: str) -> Path:
        key = hashlib.sha256(f"{language}\0{file}\0{text}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key[2:]}.json"

    def has(self, file: str, language: str, text: str) -> bool:
        """Whether an entry exists (it may still be unreadable: then it is parsed again)."""
        return self._path(file, language, text).is_file()

    def facts(
        self, file: str, language: str, text: str, finder: Callable[[str], Callable[[str, str], ir.FileFacts]]
    ) -> ir.FileFacts:
        path = self._path(file, language, text)
        cached = self._read(path)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        facts = finder(language)(text, file)
        self._write(path, facts)
        return facts

    def _read(self, path: Path) -> ir.FileFacts | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            facts = decode(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        return facts if isinstance(facts, ir.FileFacts) else None

    def _write(self, path: Path, facts: ir.FileFacts) -> None:
        if not self.writable:
            return
        try:
            # json.dumps, not json.dump: dump streams through the pure-Python encoder (5x slower).
            store.write_atomic(path, json.dumps(encode(facts), separators=(",", ":")), own_name=True)
        except OSError:
            self.writable = False


def encode(value: Any) -> Any:
    """Turn IR values into JSON data (dataclasses tagged with their class name)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"_": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = encode(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    return value


def decode(data: Any) -> Any:
    """The inverse of `encode`; raises KeyError/TypeError on data it did not write."""
    if isinstance(data, dict):
        cls = _TYPES[data["_"]]
        return cls(**{k: decode(v) for k, v in data.items() if k != "_"})
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    return data
