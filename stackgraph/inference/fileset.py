"""The files an import may name, and the folder links an import path may go through.

The walk reads a folder once, at its own path; a link to it (`lib/shared -> realshared`) is not read again
(`Tree.links`). An import through the link (`from shared.refs import x` with `lib` on `sys.path`,
`import "../lib/shared/refs"`) names the file at the link's target path, as the runtime does.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping

MAX_LINKS = 8
"""Links followed for one path (a linked folder inside a linked folder): more is a loop the walk did not read."""


class FileSet:
    """The project's files, the files in no project it may import, and the files of other projects, which an import
    by a path reaches as the runtime would (membership only: iterating gives the project's own files, which is what
    a package or `global:` lookup needs). A path through a folder link (`links`: the link -> the path its folder
    is read at) is a member when the file at its target path is."""

    def __init__(
        self,
        own: frozenset[str],
        outside: frozenset[str],
        others: frozenset[str] = frozenset(),
        links: Mapping[str, str] | None = None,
    ) -> None:
        self.own = own
        self.outside = outside
        self.others = others
        self.links: Mapping[str, str] = links or {}

    def __contains__(self, file: object) -> bool:
        return isinstance(file, str) and self.find(file) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.own)

    def _has(self, file: str) -> bool:
        return file in self.own or file in self.outside or file in self.others

    def find(self, file: str) -> str | None:
        """The path the scan reads `file` at: itself, or its path with the folder links on it followed (None: no
        file the scan reads)."""
        for _ in range(MAX_LINKS + 1):
            if self._has(file):
                return file
            real = self.real(file)
            if real == file:
                return None
            file = real
        return None

    def real(self, path: str) -> str:
        """`path` with its first folder link (the nearest the root) replaced by the path its folder is read at."""
        if not self.links or not path:
            return path
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            there = self.links.get("/".join(parts[:i]))
            if there is not None:
                rest = parts[i:]
                return posixpath.join(there, *rest) if there != "." else "/".join(rest) or "."
        return path

    def real_folder(self, folder: str) -> str:
        """`folder` with every folder link on it followed (a Go package folder)."""
        for _ in range(MAX_LINKS):
            real = self.real(folder)
            if real == folder:
                break
            folder = real
        return folder
