"""A cache of whole scan results: an unchanged repository is neither read nor inferred again.

After the walk, `scan` takes a fingerprint of everything its result depends on: the
stackgraph code that reads and infers (a digest of its source), the list of folders and
files the walk found, and for every one of those files, plus the files read outside the
walk (settings files, `package.json`, `tsconfig.json`, `go.mod`, `stackConfigDir` folders),
git-style stat data: size, mtime_ns, ctime_ns and inode. When the fingerprint matches
the one stored with a result, that result is returned and nothing else is read.

The "racy" rule of fingerprint.py applies: stat data is taken before any file is read (the
walk's own, for the files it lists: one system call per file, not two; inference's as it reads),
so an edit during a scan is seen by the next one.

One JSON file per scanned folder under `$STACKGRAPH_CACHE_DIR/result` or
`${XDG_CACHE_HOME:-~/.cache}/stackgraph/result` (`STACKGRAPH_CACHE_DIR=off` switches it
off); only the `MAX_CACHES` most recently used are kept. JSON, never pickle (a cache file
must never be able to run code), written by orjson straight from the model's objects (codec.py:
each object its field values in order); written to a temporary file renamed into place; a
corrupt, unreadable or unwritable cache is ignored and never fails a scan. Secrets are
never stored: config values are masked (values.py) (`secure:` values are SECRET
before they reach the model). Repositories of fewer than `MIN_FILES` project and stack
files are scanned directly and leave no cache behind.

Renderings: beside a result, `<name>.<kind>.out` may hold a command's output for it (the
`scan` document: 8.6 MB for 2,000 projects), under the same fingerprint plus a digest of the
code that rendered it, so an unchanged repository neither decodes its result nor renders it
again. A header line (JSON: fingerprint, versions, length, metadata such as the warnings to
print), then the text. Renderings never hold secrets.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import posixpath
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from stackgraph.cache import codec, store
from stackgraph.cache import files as filecache
from stackgraph.cache.fingerprint import Fingerprint, ReadLog, package_stat
from stackgraph.cache.values import masked, secret_tag, unmasked
from stackgraph.discovery.walk import Tree
from stackgraph.model import (
    Declared,
    Diagnostic,
    Edge,
    Evidence,
    Export,
    Exports,
    Project,
    Reference,
    Repo,
    Severity,
    Skipped,
    Stack,
    StackId,
    Target,
)

MIN_FILES = filecache.MIN_FILES
MAX_CACHES = 32
FORMAT = 7
"""The layout of a result (5: a reference ends with `reads_open`; 6: then `reads`; 7: `imports`)."""
SETTINGS_NAMES = ("stackgraph.yaml", ".stackgraph.yaml")
"""Read by config.load_settings at the root."""
PARSERS = (
    "tree_sitter",
    "tree_sitter_typescript",
    "tree_sitter_javascript",
    "tree_sitter_go",
    "tree_sitter_java",
    "tree_sitter_c_sharp",
    "tree_sitter_fsharp",
    "pathspec",
)
"""Installed packages a scan result depends on (the grammars; pathspec for .gitignore files)."""


_VERSION: list[str] = []


def code_version() -> str:
    """A digest of the source that a scan result depends on (discovery, inference, caches, model, YAML,
    settings) and of the parsers installed."""
    if not _VERSION:
        pkg = Path(__file__).resolve().parent.parent
        sources = [p for folder in ("discovery", "inference", "cache") for p in sorted((pkg / folder).rglob("*.py"))]
        sources += [pkg / name for name in ("model.py", "yamlio.py", "yamlfast.py", "config.py", "errors.py")]
        parsers = "".join(f"{name}\0{package_stat(name)}\n" for name in PARSERS)  # an upgrade may read differently
        _VERSION.append(store.source_digest(sources, pkg, seed=f"{FORMAT}\0{sys.version}\0{parsers}"))
    return _VERSION[0]


def _tree_fingerprint(root: Path, tree: Tree) -> Fingerprint:
    """Every folder and file the walk found (with the stat data the walk took), and the settings files."""
    fp = Fingerprint(root, tree.started_ns)  # racy from the start of the walk, which took the stat data
    for name in SETTINGS_NAMES:
        fp.add(name)
    for folder in sorted(tree.files):
        fp.hash.update(f"{folder}/\0\n".encode(errors="surrogateescape"))  # a name need not be UTF-8
        base = "" if folder == "." else folder + "/"
        for name in tree.files[folder]:
            rel = base + name
            fp.add(rel, tree.stats.get(rel))
    for link, there in sorted(tree.links.items()):  # an import through a link names the file at `there`
        fp.hash.update(f"{link}\0->{there}\n".encode(errors="surrogateescape"))
    return fp


class ResultCache:
    """The stored result of one scanned root (and inference switch)."""

    def __init__(
        self, root: Path, tree: Tree, n_files: int, infer: bool, *, env: str | None = None, backend: str = ""
    ) -> None:
        self.path: Path | None = None
        self.n_files = n_files
        self.valid: dict[str, Any] | None = None
        """The fingerprint (stat digest, listed folders, files read, racy digests) of the result loaded or saved."""
        self.tree = tree
        self.root = root
        self.dirs: list[str] = []
        self.reads: ReadLog | None = None
        folder = store.cache_dir("result") if n_files >= MIN_FILES else None
        if folder is None:
            return
        try:
            self.version = code_version()
        except OSError:
            return
        self.fingerprint = _tree_fingerprint(root, tree)
        key = f"{root}\0{infer}\0{env or ''}\0{backend}"  # backend: the kind a project without backend.url uses
        name = hashlib.blake2b(key.encode(errors="surrogateescape"), digest_size=16).hexdigest()
        self.path = folder / f"{name}.json"

    def load(self) -> Repo | None:
        """The stored result when nothing it depends on changed, else None."""
        if self.path is None:
            return None
        try:
            data = codec.loads(self.path.read_bytes())
            if not isinstance(data, dict) or data.get("version") != self.version or not self._unchanged(data):
                return None
            repo = _decode_repo(data["repo"], str(self.root))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None
        self.valid = {k: data[k] for k in ("stat", "dirs", "read", "racy")}
        store.touch(self.path)  # recently used: the last to be pruned
        return repo

    def _unchanged(self, stored: dict[str, Any]) -> bool:
        """True when the fingerprint stored with a result (or a rendering) is the one of the tree now: the
        walk's, the folders listed outside it, and the files read outside it (each stat'ed again now)."""
        fp = self.fingerprint.copy()
        for rel in stored["dirs"]:
            fp.add_listing(rel)
        fp.add_paths(stored["read"])
        return fp.digest() == stored["stat"] and fp.unchanged(stored["racy"])

    def _output_path(self, kind: str) -> Path | None:
        if self.path is None or not kind.replace("-", "_").isidentifier():
            return None
        return self.path.with_name(f"{self.path.stem}.{kind}.out")

    def load_output(self, kind: str, version: str) -> tuple[dict[str, Any], str] | None:
        """A rendering of the result stored by `save_output` (its metadata and text), when nothing
        the result depends on changed and `version` (of the code that rendered it) is the same."""
        path = self._output_path(kind)
        if path is None:
            return None
        try:
            with path.open("rb") as f:
                header = codec.loads(f.readline())
                body = f.read().decode("utf-8", "surrogateescape")
            if not isinstance(header, dict) or header.get("version") != f"{self.version}/{version}":
                return None
            if not self._unchanged(header) or len(body) != header["chars"]:
                return None
            meta = header["meta"]
            if not isinstance(meta, dict):
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        store.touch(path)
        return meta, body

    def save_output(self, kind: str, version: str, text: str, meta: Mapping[str, Any]) -> None:
        """Store a rendering of the result this cache loaded or saved (never a secret: renderings hold
        none), under the same fingerprint; never raises. Nothing is stored when no result was."""
        path = self._output_path(kind)
        if path is None or self.valid is None:
            return
        header: dict[str, Any] = {"version": f"{self.version}/{version}", **self.valid}
        header |= {"chars": len(text), "meta": dict(meta)}
        try:
            line = codec.dumps(header, {}) + b"\n"  # one line: orjson escapes a newline in a string
        except (TypeError, ValueError):
            return
        with contextlib.suppress(OSError):
            store.write_atomic(path, line + text.encode("utf-8", "surrogateescape"))

    def add_config_dirs(self, projects: list[Project]) -> None:
        """Stack config folders are listed outside the walk: fingerprint them before stack files are read."""
        if self.path is None:
            return
        for p in projects:
            if p.stack_config_dir:
                rel = posixpath.normpath(posixpath.join(p.path, p.stack_config_dir))
                if rel.startswith(".."):
                    continue  # an error of the scan, never stored
                self.dirs.append(rel)
                self.fingerprint.add_listing(rel)

    def read_files(self) -> tuple[str, ...]:
        """The files read outside the walk for the result (sorted): as they were read, or as stored with
        the result loaded (empty before either)."""
        if self.reads is not None:
            return tuple(sorted(self.reads.stamps))
        if self.valid is not None:
            return tuple(self.valid["read"])
        return ()

    def add_reads(self, reads: ReadLog) -> None:
        """The log of the files read outside the walk while the result is made (by inference): `save` keys
        the result on each with the stat data it had when it was read."""
        self.reads = reads

    def save(self, repo: Repo) -> None:
        """Store `repo` with the fingerprint taken before it was read (the files of `add_reads` with their
        stat data as they were read); never raises."""
        if self.path is None:
            return
        fp = self.fingerprint.copy()
        stamps = self.reads.stamps if self.reads is not None else {}
        fp.add_stamps(stamps)
        body: dict[str, Any] = {
            "version": self.version,
            "stat": fp.digest(),
            "dirs": self.dirs,
            "read": sorted(stamps),
            "racy": fp.racy,
            "repo": _repo_parts(repo),
        }
        try:
            text = codec.dumps(body, _ENCODERS, secret_tag)
        except (TypeError, ValueError):  # orjson's error, also for an Uncacheable value of an encoder
            return  # a value JSON cannot hold exactly: scan every time
        try:
            store.write_atomic(self.path, text)
            store.prune(self.path.parent, MAX_CACHES, companions=".out")
        except OSError:
            return
        self.valid = {k: body[k] for k in ("stat", "dirs", "read", "racy")}


def _repo_parts(repo: Repo) -> dict[str, Any]:
    """The result as `_ENCODERS` write it: every object as its field values in order (tuples become JSON
    arrays), config mappings masked (values.py: SECRET becomes a tag; a value JSON cannot hold exactly
    raises Uncacheable), a Diagnostic's severity as its value."""
    return {
        "projects": repo.projects,
        "stacks": repo.stacks,
        "edges": repo.edges,
        "external": repo.external,
        "dangling": repo.dangling,
        "references": repo.references,
        "diagnostics": repo.diagnostics,
        "skipped": repo.skipped,
        "exports": repo.exports,
        "imports": repo.imports,
    }


MASKED_FIELDS: dict[type, tuple[str, ...]] = {
    Project: ("runtime_options", "config"),
    Stack: ("config",),
}
"""The mappings of config (with SECRET in them) each class holds: written masked (values.py). Named, not guessed
from annotations: tests/cache/test_resultcache.py checks that every mapping field of these classes is here."""


def _masked_row(cls: type) -> codec.Encoder:
    """An object of `cls` as its field values in order, its MASKED_FIELDS masked."""
    row = codec.row(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    at = [names.index(name) for name in MASKED_FIELDS[cls]]  # ValueError: a field renamed without this table

    def encode(obj: Any) -> list[Any]:
        values = list(row(obj))
        for i in at:
            values[i] = masked(values[i] if type(values[i]) is dict else dict(values[i]))
        return values

    return encode


_ENCODERS: dict[type, codec.Encoder] = {
    Project: _masked_row(Project),
    Stack: _masked_row(Stack),
    Diagnostic: lambda d: (d.severity.value, d.code, d.message, d.file, d.line),
}
_ENCODERS |= {cls: codec.row(cls) for cls in (Declared, Edge, Evidence, Export, Exports, Reference, Skipped, Target)}


def _decode_fields(row: list[Any], declared: Callable[[Sequence[Any]], Any]) -> list[Any]:
    """The field values of a project or stack as stored: a list is a tuple field (a list in it, a Declared),
    a dict a mapping (its tags back to SECRET)."""
    return [
        tuple(declared(d) if type(d) is list else d for d in v)
        if type(v) is list
        else unmasked(v)
        if type(v) is dict
        else v
        for v in row
    ]


def _decode_repo(data: dict[str, Any], root: str) -> Repo:
    declared, project, stack = codec.builder(Declared), codec.builder(Project), codec.builder(Stack)
    projects = tuple(project(_decode_fields(row, declared)) for row in data["projects"])
    stacks = tuple(stack(_decode_fields(row, declared)) for row in data["stacks"])
    evidence, edge, target, reference = (
        codec.builder(Evidence),
        codec.builder(Edge),
        codec.builder(Target),
        codec.builder(Reference),
    )
    refs = []
    for row in data["references"]:
        row[6] = None if row[6] is None else target(row[6])
        row[8] = tuple(row[8])
        row[10] = tuple(row[10])
        row[14] = tuple(tuple(r) for r in row[14])
        refs.append(reference(row))
    return Repo(
        root=root,
        projects=projects,
        stacks=stacks,
        edges=tuple(edge((a, b, tuple(kinds), tuple(map(evidence, ev)))) for a, b, kinds, ev in data["edges"]),
        external=tuple(StackId(x) for x in data["external"]),
        dangling=tuple(StackId(x) for x in data["dangling"]),
        references=tuple(refs),
        diagnostics=tuple(
            Diagnostic(Severity(s), code, msg, file, line) for s, code, msg, file, line in data["diagnostics"]
        ),
        skipped=tuple(Skipped(file, reason, detail) for file, reason, detail in data.get("skipped", ())),
        exports=tuple(_decode_exports(row, declared) for row in data["exports"]),
        imports=tuple((file, path) for file, path in data["imports"]),
    )


def _decode_exports(row: Sequence[Any], declared: Callable[[Sequence[Any]], Any]) -> Exports:
    path, names, complete, opened = row
    return Exports(path, tuple(Export(*e) for e in names), bool(complete), tuple(map(declared, opened)))
