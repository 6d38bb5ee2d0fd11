"""Fingerprints: stat data of the files a result depends on, folded into one digest.

The "racy" rule (as git's index): stat data alone cannot tell two edits within one timestamp tick
apart, so a file whose mtime is no older than `RACY_NS` before the fingerprint was started is also
hashed (blake2b of its content), and its digest is checked on every load. Stat data is taken before a
file is read, so an edit made while a scan runs is seen by the next one.

`ReadLog` records the files read outside the walk, as they are read (stat data first, then the bytes,
whose digest is the racy digest): a cache keyed on it follows what was actually read, with no list of
file names to keep in step with the readers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stackgraph import files

RACY_NS = 2_000_000_000


def stat(path: str) -> tuple[str, int]:
    """Stat data as text ('-' for a missing path) and the mtime in ns (0 when missing)."""
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 12,000 of them per scan
    except OSError:
        return "-", 0
    return stat_text(st), st.st_mtime_ns


def stat_text(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def digest(path: str) -> str:
    """The blake2b digest of a file's content ('-' when it cannot be read)."""
    try:
        return content_digest(files.read_bytes(path))
    except OSError:
        return "-"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def package_stat(name: str) -> str:
    """Stat data of an installed package's folder (a reinstall makes a new one), without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return "-"
    if spec is None or not spec.origin:
        return "-"
    return stat(str(Path(spec.origin).parent))[0]


@dataclass(frozen=True)
class Stamp:
    """What a file was when it was read: its stat data as text, its mtime, and its digest when racy."""

    stat: str
    mtime: int
    digest: str | None = None


@dataclass
class ReadLog:
    """The files below `root` read outside the walk, each with its `Stamp` taken as it was read; a file
    that could not be read (missing, a folder) is recorded too: creating it changes the fingerprint."""

    root: Path
    start_ns: int = field(default_factory=time.time_ns)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict, repr=False)
    """What each file read held when it was read: asked again (a go.mod or go.work by every project below it, a
    tsconfig by each layout question), a file gives the text its stamp was taken with, without a system call."""

    def read_text(self, rel: str) -> str | None:
        """The UTF-8 text of the file at `rel` (None when it cannot be read), recorded."""
        if rel in self.texts:
            return self.texts[rel]
        text = self.texts[rel] = self._read(rel)
        return text

    def _read(self, rel: str) -> str | None:
        path = f"{self.root}/{rel}"
        text, mtime = stat(path)
        try:
            data = files.read_bytes(path)
        except OSError:
            self.stamps.setdefault(rel, Stamp(text, mtime))
            return None
        racy = content_digest(data) if mtime >= self.start_ns - RACY_NS else None
        self.stamps.setdefault(rel, Stamp(text, mtime, racy))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None


class Fingerprint:
    """Stat data of a set of paths, folded into one digest; paths modified recently are hashed too."""

    def __init__(self, root: Path, start_ns: int = 0) -> None:
        self.root = str(root)
        self.start = start_ns or time.time_ns()
        self.hash = hashlib.blake2b(digest_size=16)
        self.racy: dict[str, str] = {}

    def copy(self) -> Fingerprint:
        """A fingerprint that goes on from this one (this one is left as it is)."""
        other = Fingerprint(Path(self.root), self.start)
        other.hash = self.hash.copy()
        other.racy = dict(self.racy)
        return other

    def add(self, rel: str, st: os.stat_result | None = None) -> None:
        """Add `rel` with its stat data (`st` when the walk took it, else asked for now)."""
        path = f"{self.root}/{rel}"
        if st is None:
            text, mtime = stat(path)
        else:
            text, mtime = stat_text(st), st.st_mtime_ns
        self.hash.update(f"{rel}\0{text}\n".encode(errors="surrogateescape"))  # a name need not be UTF-8
        if mtime >= self.start - RACY_NS:
            self.racy[rel] = digest(path)

    def add_stamps(self, stamps: Mapping[str, Stamp]) -> None:
        """Add files with the stamps they had when they were read (in sorted order)."""
        for rel in sorted(stamps):
            stamp = stamps[rel]
            self.hash.update(f"{rel}\0{stamp.stat}\n".encode(errors="surrogateescape"))
            if stamp.mtime >= self.start - RACY_NS:
                self.racy[rel] = stamp.digest if stamp.digest is not None else digest(f"{self.root}/{rel}")

    def add_paths(self, rels: Iterable[str]) -> None:
        """Add files by their stat data now (in sorted order): what `add_stamps` added, checked again."""
        for rel in sorted(rels):
            self.add(rel)

    def add_listing(self, rel: str) -> None:
        """A folder read outside the walk (a stackConfigDir): itself and every entry in it."""
        self.add(rel)
        try:
            names = sorted(os.listdir(f"{self.root}/{rel}"))
        except OSError:
            return
        for name in names:
            self.add(f"{rel}/{name}")

    def digest(self) -> str:
        return self.hash.hexdigest()

    def unchanged(self, racy: Mapping[str, str]) -> bool:
        """Whether every racy file stored with a result still has the digest stored."""
        return all(digest(f"{self.root}/{rel}") == d for rel, d in racy.items())


def outputs_digest(outputs: Mapping[str, Any]) -> str:
    """The digest of a stack's outputs as the engine prints them without `--show-secrets`.

    A secret in the engine's event-log form (`{"4dabf18193072939515e22adb298388d": ..., "ciphertext":
    ...}`) counts as its placeholder "[secret]", so the event log of an update and `pulumi stack output
    --json` give the same digest for the same outputs. Keys are sorted; raises nothing for JSON data.
    """
    text = json.dumps(_plain(dict(outputs)), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(text.encode(errors="surrogateescape"), digest_size=16).hexdigest()


SECRET_SIG = "4dabf18193072939515e22adb298388d"
"""The key the engine marks a secret value with in its serialized form."""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if SECRET_SIG in value:
            return "[secret]"
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
