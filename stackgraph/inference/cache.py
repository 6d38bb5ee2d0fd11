"""A parse cache keyed by file content: an unchanged file is never parsed twice.

Entries are JSON (never pickle: a cache folder someone else can write must not be able to run
code), kept in one pack file per scanned root under `$STACKGRAPH_CACHE_DIR/parse` or
`${XDG_CACHE_HOME:-~/.cache}/stackgraph/parse` (a file each cost ~0.4 ms of system time to create:
half a second on a cold scan of 2,000 projects). A pack holds the entries its last scan used or
made, so a removed file's entry goes with the next scan. The key also covers the finders' own
source, so a new stackgraph never reads old facts. A pack is written to a temporary file renamed
into place, so concurrent scans are safe (the last one wins; the other's new entries are parsed
again next time); an entry that cannot be read or decoded is treated as missing and rewritten. Any
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

FORMAT = 6
"""The layout of an entry (3: with the exports of each file; 4: with `reads_open` of sites and calls, the
signatures of Java and C# methods, or the line of each sys.path edit and of each import; 6: all of them)."""
_TYPES: dict[str, Callable[..., Any]] = {
    cls.__name__: cls
    for cls in (
        ir.Lit, ir.Concat, ir.ConfigRead, ir.ConfigVia, ir.CurrentStack, ir.CurrentProject, ir.CurrentOrg,
        ir.Param, ir.Function, ir.Apply, ir.Eq, ir.Truthy, ir.Conditional, ir.Import, ir.Unknown, ir.ConfigObject,
        ir.Split, ir.Select, ir.Undefined, ir.Record, ir.Overloads, ir.OneOf, ir.Signature,
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


MAX_PACKS = 32
"""The packs kept (the most recently used): one per repository scanned."""


class Cache:
    """Facts by content hash, for the scans of `root`; see the module docstring for the safety rules."""

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.folder = folder / _code_version()
        name = hashlib.sha256(str(root).encode()).hexdigest()[:32]
        self.path = self.folder / f"{name}.json"
        self.writable = True
        self.hits = 0
        self.misses = 0
        self._stored: dict[str, str] | None = None  # the pack as read: key -> the entry's JSON text
        self._kept: dict[str, str] = {}  # what this scan used or made: the next pack
        self._changed = False  # an entry made, or a stored one that could not be decoded

    @staticmethod
    def key(file: str, language: str, text: str) -> str:
        return hashlib.sha256(f"{language}\0{file}\0{text}".encode()).hexdigest()

    def has(self, file: str, language: str, text: str) -> bool:
        """Whether an entry exists (it may still be undecodable: then it is parsed again)."""
        k = self.key(file, language, text)
        return k in self._kept or k in self._pack()

    def facts(
        self,
        file: str,
        language: str,
        text: str,
        finder: Callable[[str], Callable[[str, str], ir.FileFacts]],
        *,
        keep: bool = True,
    ) -> ir.FileFacts:
        """The facts of a file: from the pack, or parsed (and kept for the next pack unless `keep` is
        False: the pre-parse worker's copy of the cache, whose facts this process keeps itself)."""
        k = self.key(file, language, text)
        cached = self._get(k)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        facts = finder(language)(text, file)
        if keep:
            self._keep(k, facts)
        return facts

    def remember(self, file: str, language: str, text: str, facts: ir.FileFacts) -> None:
        """Keep facts parsed elsewhere (by the pre-parse worker) for the next pack."""
        k = self.key(file, language, text)
        if k in self._kept:
            return
        raw = self._pack().get(k)
        if raw is not None:
            self._kept[k] = raw
        else:
            self._keep(k, facts)

    def kept_keys(self) -> frozenset[str]:
        """The entries kept so far (see `kept_since`)."""
        return frozenset(self._kept)

    def kept_since(self, before: frozenset[str]) -> dict[str, Any]:
        """The entries kept since `kept_keys` gave `before` (what a forked process made, to send back)."""
        return {k: v for k, v in self._kept.items() if k not in before}

    def adopt(self, entries: dict[str, Any]) -> None:
        """Keep entries another process made (`kept_since`) for the next pack."""
        for k, v in entries.items():
            if k not in self._kept:
                self._kept[k] = v
                self._changed = True

    def save(self) -> None:
        """Write the pack: the entries this scan used or made; never raises. Nothing is written when
        the pack on disk holds exactly those."""
        if not self.writable or (not self._changed and self._kept.keys() == self._pack().keys()):
            return
        try:
            store.write_atomic(self.path, json.dumps({"entries": self._kept}, separators=(",", ":")))
            store.prune(self.folder, MAX_PACKS)
        except OSError:
            self.writable = False

    def _pack(self) -> dict[str, str]:
        if self._stored is None:
            self._stored = {}
            try:
                data = json.loads(self.path.read_bytes())
            except (OSError, ValueError):
                return self._stored
            entries = data.get("entries") if isinstance(data, dict) else None
            if isinstance(entries, dict):
                self._stored = {k: v for k, v in entries.items() if isinstance(v, str)}
            store.touch(self.path)  # recently used: the last to be pruned
        return self._stored

    def _get(self, k: str) -> ir.FileFacts | None:
        raw = self._kept.get(k)
        if raw is None:
            raw = self._pack().get(k)
        if raw is None:
            return None
        try:
            facts = decode(json.loads(raw))
        except (ValueError, TypeError, KeyError, AttributeError):
            facts = None
        if not isinstance(facts, ir.FileFacts):
            self._kept.pop(k, None)
            self._changed = True  # rewritten: parsed again by the caller
            return None
        self._kept[k] = raw
        return facts

    def _keep(self, k: str, facts: ir.FileFacts) -> None:
        # json.dumps, not json.dump: dump streams through the pure-Python encoder (5x slower).
        self._kept[k] = json.dumps(encode(facts), separators=(",", ":"))
        self._changed = True


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
