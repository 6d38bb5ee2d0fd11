"""A parse cache keyed by file content: an unchanged file is never parsed twice.

Entries are JSON (never pickle: a cache folder someone else can write must not be able to run
code; written by orjson, see cache/codec.py), kept in one pack file per scanned root under
`$STACKGRAPH_CACHE_DIR/parse` or
`${XDG_CACHE_HOME:-~/.cache}/stackgraph/parse` (a file each cost ~0.4 ms of system time to create:
half a second on a cold scan of 2,000 projects). A pack holds the entries its last scan used or
made, so a removed file's entry goes with the next scan. The key also covers the finders' own
source, so a new stackgraph never reads old facts. A pack is written to a temporary file renamed
into place, so concurrent scans are safe (the last one wins; the other's new entries are parsed
again next time); an entry that cannot be read or decoded is treated as missing and rewritten. Facts
JSON cannot hold (an integer beyond 64 bits, a lone surrogate, expressions nested over ~250 deep) are
not kept: that file is parsed every time. Any OSError disables writing for the rest of the run; a cache
problem never fails a scan.

An entry is the JSON of its facts, each dataclass a one-key object `{"<class>": [field values in
order]}` (a JSON array is a tuple), encoded by orjson as the facts are made and written into the pack
as it is (`codec.Fragment`): never encoded twice, never a JSON string inside JSON.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stackgraph.cache import codec, store
from stackgraph.inference import ir

FORMAT = 50
"""The layout of an entry (3: with the exports of each file; 4: with `reads_open` of sites and calls, the
signatures of Java and C# methods, or the line of each sys.path edit and of each import; 6: all of them;
7: each dataclass `{"<class>": [values]}` and entries nested in the pack, not JSON strings; 8: the name a
site is shared by and the reads on imported names; 9: the string tests `ir.Has` and a site's `closure`; 10: where
the keys read in another file are read; 11: the string operations `ir.Case`, `ir.Replace`, ...; 12: an export
named by a constant, `ir.Exported.key`; 13: a name of another module a file assigns, `ir.NameRead.assigned`; 14: the
unpacking of a split, `ir.Split.limit` / `targets` / `starred`, and `ir.Exported.default`; 15: Python's `rsplit` and
whitespace splits, `ir.Split.right` and `sep` None, and the lines of TS imports, `FileFacts.import_lines`; 16: the
splits of C# and Java, `ir.Split.limit` -2 for Java's `split(regex)`; 17: the modules Python imports need,
`FileFacts.required_imports`, and `a.b.name` of `import a.b` read as an import; 18: the `cls.x()` /
`self.x()` a Python site or call ran as its class's own method, which another module may override, `Site.closed` /
`Call.closed`; 19: the loops over literal collections around a site, `Site.loops`, `ir.Loop`, `ir.LoopVar`; 20: a
reference handed to a function of another module, `Site.handed`, `ir.Handed`, and the functions of a file that read
keys on one, `FileFacts.readers`, `ir.Reader`; 21: the `and` / `or` of tests, `ir.Junction`; 22: the same readers
for Go, the readers among a package's functions and the calls handing a reference to a function of another file or
package, and Go names given a function's returned values; 23: the calls of a helper used as a value (escaped.py);
24: a Python helper that is an instance method, and a call
made on an instance, `Site.instance` / `Call.instance` / `Call.on_instance`; 25: a module used as a value, a call of
`ir.EVERY` of it; 26: the
guards of Go sites and calls, and the `switch` clauses around a site or call, switch_guards.py; 27: the tests of
the calls of the TS/JS module function holding a site or call, call_guards.py; 28: a C# variable set by `out x` /
`ref x`; 29: the early exits before a site or call, early_exits.py; 30: C# switch expression arms, and the first clause
that matches; 31: a C# `case x when ..` taken only when its `when` holds too; 32: the tests of the calls of the
Python or Go module function holding a site or call, and the functions they read, `Site.called_in` /
`Call.called_in`, python/call_guards.py, go_call_guards.py; 33: a switch label with a `when` guard (C#, Java) read
as the label `and` an undecided guard, the loops around a site whose body's only `break`/`return` belong to a
`switch`, a nested loop or a function there, TS/JS loads guarded through `module.exports = require(..)` and
`switch` clauses, and the clauses of a Go `switch true {` read as tests; 34: a Go struct decoded from
structured config, `ir.ConfigRead.fold`; 35: Go map literals read at a key, `ir.Select`, and a package-level map's
items exported as `m[]` / `m[].F`, go_maps.py; 36: the `ok` of a Go `v, ok := m[k]`, and a package-level
map's `m[]?`; 37: a Go struct decoded by RequireSecretObject / GetSecretObject / TrySecretObject; 38: TypeScript
string enum members, enums.py; 39: a branch ending in a call that ends the program is an early exit; 40: a Go, Python
or TS/JS site or call in a function only other files call, `Site.held` / `Call.held`, the names a Go file uses as
values, `FileFacts.valued`, and Go calls with no arguments; 41: the labels of a TS/JS `switch (true)` read as
tests; 42: a config read on a Config parameter, `ir.ConfigVia` of an `ir.Param`; 43: JS `null` and `===`,
`ir.Undefined.null` and `ir.Eq.strict`, C# `null`, Python `x is None`; 44: a config value read as a string,
`ir.ConfigRead.text` / `ir.ConfigVia.text`; 45: Java's `Optional` of `config.get(k)`, `ir.Opt` and
`ir.Present`; 46: a Go file with a dot import values every name it calls, `FileFacts.valued`; 47: what a TS/JS
or Python config read gives, `ir.ConfigRead.kind` / `ir.ConfigVia.kind` (was `.text`); 48: a default in code that
stands for a false or empty value too, `ir.ConfigRead.empty` / `ir.ConfigVia.empty`; 49: a Java `m.get(k)` on a
parameter declared another type than Config (a `Map`) is no config read; 50: a chain of defaults, `a || b || c`,
Python `a or b or c`, Go's `if v == ""` twice, nested in `ConfigRead.default`, and `"" || d` the default)."""
_CLASSES: tuple[type, ...] = (
    ir.Lit, ir.Concat, ir.ConfigRead, ir.ConfigVia, ir.CurrentStack, ir.CurrentProject, ir.CurrentOrg,
    ir.Param, ir.Function, ir.Apply, ir.Eq, ir.Has, ir.Truthy, ir.Conditional, ir.Import, ir.Unknown, ir.ConfigObject,
    ir.Split, ir.Select, ir.Undefined, ir.Record, ir.Overloads, ir.OneOf, ir.Signature,
    ir.Case, ir.Replace, ir.RegexReplace, ir.Trim, ir.Slice, ir.LoopVar, ir.Loop, ir.Junction, ir.Opt, ir.Present,
    ir.Site, ir.Call, ir.Field, ir.Exported, ir.NameRead, ir.Reader, ir.Handed,
    ir.FileFacts,
)  # fmt: skip
"""The dataclasses facts are made of (and `ir.Module`, written as its kind's value and its path)."""


def _tagged(cls: type) -> codec.Encoder:
    """An instance of `cls` as `{"<class>": [field values]}`."""
    tag, row = cls.__name__, codec.row(cls)
    return lambda obj: {tag: row(obj)}


_ENCODERS: dict[type, codec.Encoder] = {cls: _tagged(cls) for cls in _CLASSES}
_ENCODERS[ir.Module] = lambda m: {"Module": (m.kind.value, m.path)}  # the kind is stored as its value
_BUILDERS: dict[str, Callable[[Sequence[Any]], Any]] = {cls.__name__: codec.builder(cls) for cls in _CLASSES}


def _module(values: Sequence[Any]) -> ir.Module:
    kind, path = values  # ValueError when there are not two
    return ir.Module(ir.ModuleKind(kind), path)


_BUILDERS["Module"] = _module
_NESTED = (list, dict)


def default_dir() -> Path | None:
    """The parse cache's folder (see cache.store.cache_dir); None when caching is switched off."""
    return store.cache_dir("parse")


def _code_version() -> str:
    """A digest of the inference package's source and FORMAT: facts from other code are never reused."""
    return _digest(FORMAT)


@functools.cache
def _digest(layout: int) -> str:
    """`_code_version`, read once a process (the early pre-parse worker and the scan's own cache both ask)."""
    h = hashlib.sha256(f"format {layout}\0".encode())
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
        name = hashlib.sha256(str(root).encode(errors="surrogateescape")).hexdigest()[:32]
        self.path = self.folder / f"{name}.json"
        self.writable = True
        self.hits = 0
        self.misses = 0
        self._stored: dict[str, Any] | None = None  # the pack as read: key -> the entry's JSON data
        self._kept: dict[str, Any] = {}  # what this scan used (JSON data) or made (JSON bytes): the next pack
        self._changed = False  # an entry made, or a stored one that could not be decoded

    @staticmethod
    def key(file: str, language: str, text: str) -> str:
        return hashlib.sha256(f"{language}\0{file}\0{text}".encode(errors="surrogateescape")).hexdigest()

    def on_disk(self) -> bool:
        """Whether a pack of this root exists (a scan made it before), without reading it; True when that cannot be
        told (a cache folder this user may not enter: the pack is then read as a cache problem, never a failure)."""
        try:
            return self._stored is not None or self.path.exists()
        except OSError:
            return True

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
    ) -> ir.FileFacts:
        """The facts of a file: from the pack, or parsed and kept for the next pack (the pre-parse worker's
        facts come with their entries instead: `keep_encoded`)."""
        k = self.key(file, language, text)
        cached = self._get(k)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        facts = finder(language)(text, file)
        self._keep(k, facts)
        return facts

    def keep_encoded(self, k: str, entry: bytes | None) -> None:
        """Keep an entry the pre-parse worker made (`k` and `encode` of the facts it parsed; None when JSON
        cannot hold them) for the next pack, unless one is kept or stored under `k` already."""
        if entry is None or k in self._kept:
            return
        raw = self._pack().get(k)
        if raw is not None:
            self._kept[k] = raw
            return
        self._kept[k] = entry
        self._changed = True

    def save(self) -> None:
        """Write the pack: the entries this scan used or made; never raises. Nothing is written when
        the pack on disk holds exactly those."""
        if not self.writable or (not self._changed and self._kept.keys() == self._pack().keys()):
            return
        try:
            entries = {k: codec.Fragment(v) if type(v) is bytes else v for k, v in self._kept.items()}
            store.write_atomic(self.path, codec.dumps({"entries": entries}, {}))
            store.prune(self.folder, MAX_PACKS)
        except OSError:
            self.writable = False

    def _pack(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = {}
            try:
                data = codec.loads(self.path.read_bytes())
            except (OSError, ValueError):
                return self._stored
            entries = data.get("entries") if isinstance(data, dict) else None
            if isinstance(entries, dict):
                self._stored = entries
            store.touch(self.path)  # recently used: the last to be pruned
        return self._stored

    def _get(self, k: str) -> ir.FileFacts | None:
        raw = self._kept.get(k)
        if raw is None:
            raw = self._pack().get(k)
        if raw is None:
            return None
        try:
            facts = decode(codec.loads(raw) if type(raw) is bytes else raw)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
            facts = None
        if not isinstance(facts, ir.FileFacts):
            self._kept.pop(k, None)
            self._changed = True  # rewritten: parsed again by the caller
            return None
        self._kept[k] = raw
        return facts

    def _keep(self, k: str, facts: ir.FileFacts) -> None:
        try:
            self._kept[k] = encode(facts)
        except TypeError:  # facts JSON cannot hold (see the module docstring): parsed again next time
            return
        self._changed = True


def encode(facts: ir.FileFacts) -> bytes:
    """The JSON of facts (see the module docstring); raises TypeError on what JSON cannot hold."""
    return codec.dumps(facts, _ENCODERS)


def decode(data: Any) -> Any:
    """The inverse of `encode` (on the JSON data, not its text); raises KeyError, TypeError, ValueError
    or IndexError on data it did not write."""
    if type(data) is list:
        return tuple([decode(v) if type(v) in _NESTED else v for v in data])
    if type(data) is not dict or len(data) != 1:
        raise TypeError("not an encoded value")
    ((tag, values),) = data.items()
    if type(values) is not list:
        raise TypeError("not the field values of an object")
    return _BUILDERS[tag]([decode(v) if type(v) in _NESTED else v for v in values])
