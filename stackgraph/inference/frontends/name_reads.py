"""The reads one file makes on the names it imports from other modules, gathered the same way for every language
(python/reads.py, typescript/imported.py): the keys read on each imported name with the line of each key's first
read, and why they may not be all. The linker adds them to the site held in that name in the other module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stackgraph.inference import ir


class NameReads:
    """Keys read on imported names, by name: `add` as they are found, `reads` the facts (sorted)."""

    def __init__(self, lines: Mapping[tuple[str, str], int]) -> None:
        self.lines = lines  # (name as read in the file, key) -> the line of its first read there
        self.found: dict[ir.Import, tuple[dict[str, int], str]] = {}  # -> (key -> first line, why not all)

    def add(self, imp: ir.Import, keys: set[str], why: str, base: str) -> None:
        """Keys read on `imp`, spelled `base` in the file (`net`, `refs.net`), and why they may not be all."""
        if keys or why:
            had, had_why = self.found.get(imp, ({}, ""))
            for key in keys:
                at = self.lines.get((base, key), 0)
                had[key] = min(at, had.get(key, at))
            self.found[imp] = had, had_why or why

    def reads(self, more: Iterable[ir.NameRead] = ()) -> tuple[ir.NameRead, ...]:
        """The reads found, and `more` (a star import's), in one order whatever the order of discovery."""
        out = [
            ir.NameRead(imp, tuple(sorted(keys)), why, tuple(keys[k] for k in sorted(keys)))
            for imp, (keys, why) in self.found.items()
        ]
        out += more
        return tuple(sorted(out, key=lambda r: (r.name.module.path, r.name.name, r.reads_open)))
