"""What the readers of output keys of Python and TypeScript share: a reference handed to a function.

A reference passed to a helper of the same file has that helper's reads counted for it (`passed`, through the
front-end's helper_keys.py); one passed to a function of another module is noted as an `ir.Handed` call while a
site's reads are collected (`handing`) and left to the linker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

from stackgraph.inference import ir

P = ParamSpec("P")
F = TypeVar("F")  # a front-end's function node


@dataclass(frozen=True)
class Reader:
    """What a helper reads on its parameter: keys written as literals, the parameters whose values are keys, and
    why it is not such a reader ("" when it is)."""

    fixed: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()
    why: str = ""
    lines: tuple[tuple[str, int], ...] = ()  # the line of the first read of each of `fixed`


class Readers(Generic[F]):
    """The readers of one file's helpers, each made once per (function, parameter): `_read` makes one, `_ident`
    and `_line` tell a function node's identity and line."""

    file: str

    def __init__(self) -> None:
        self._readers: dict[tuple[int, str], Reader] = {}
        self._busy: set[tuple[int, str]] = set()  # the readers being made (see `reader`)

    def reader(self, fn: F, param: str) -> Reader:
        """What `fn` reads on its parameter `param` (made once per pair; a helper reached again while its own is made,
        through calls that pass the reference on, is no reader: recursion)."""
        key = (self._ident(fn), param)
        found = self._readers.get(key)
        if found is None:
            if key in self._busy:
                return Reader(why=f"calls itself at {self.file}:{self._line(fn)}")
            self._busy.add(key)
            try:
                found = self._readers[key] = self._read(fn, param)
            finally:
                self._busy.discard(key)
        return found

    def _ident(self, fn: F) -> int:
        raise NotImplementedError

    def _line(self, fn: F) -> int:
        raise NotImplementedError

    def _read(self, fn: F, param: str) -> Reader:
        raise NotImplementedError


class KeyHelpers(Protocol):
    """The helpers of one file that read keys on a reference given them (python/ or typescript/helper_keys.py)."""

    handed: list[ir.Handed] | None

    def bound(self, node: Any) -> tuple[dict[str, int], str] | None: ...


H = TypeVar("H", bound=KeyHelpers)


class HandingReads(Generic[H]):
    """The part of a file's key reader that follows a reference into the functions it is handed to."""

    helpers: H | None
    lines: dict[tuple[str, str], int]  # (name, key) -> the line of its first read

    def handing(
        self, read: Callable[P, tuple[set[str], str]], *args: P.args, **kwargs: P.kwargs
    ) -> tuple[set[str], str, tuple[ir.Handed, ...]]:
        """`read(..)` (a site's keys, and why they may not be all) with the calls of functions of other modules that it
        passes the reference to, left to the linker (helper_keys.py); not thread-safe (one finder per file)."""
        if self.helpers is None:
            return (*read(*args, **kwargs), ())
        self.helpers.handed = []
        try:
            keys, why = read(*args, **kwargs)
            return keys, why, tuple(dict.fromkeys(self.helpers.handed))
        finally:
            self.helpers.handed = None

    def passed(self, node: Any, name: str) -> tuple[set[str], str] | None:
        """For `node` (the name `name` holding a reference) passed to a helper of the file that reads a key on it
        (helper_keys.py): the keys it reads (their lines noted in `lines`) and why they may not be all; None when
        `node` is passed to no such helper."""
        bound = self.helpers.bound(node) if self.helpers is not None else None
        if bound is None:
            return None
        keys, why = bound
        for key, at in keys.items():
            self.lines[(name, key)] = min(at, self.lines.get((name, key), at))
        return set(keys), why
