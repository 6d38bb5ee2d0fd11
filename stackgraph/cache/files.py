"""A cache of read project and stack files, so an unchanged large repository is not parsed again.

One JSON file per scanned folder under `$STACKGRAPH_CACHE_DIR/scan` or
`${XDG_CACHE_HOME:-~/.cache}/stackgraph/scan` (`STACKGRAPH_CACHE_DIR=off` switches it off; see store.py).
An entry is reused only when the file's content hash, its path and the project it belongs
to are the same, and the cache was written by the same stackgraph source. JSON (by orjson), never
pickle; written to a temporary file renamed into place; an unreadable or corrupt cache is
ignored and any OSError only disables writing: a cache problem never fails a scan.
Repositories of fewer than `MIN_FILES` project and stack files are read directly (they
parse in milliseconds) and leave no cache behind; only the `MAX_CACHES` most recently used
caches are kept. Secrets are never stored: values of
`secure:` keys are masked before anything reaches the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stackgraph import files
from stackgraph.cache import codec, store
from stackgraph.cache.values import Uncacheable, masked, secret_tag, unmasked
from stackgraph.model import Declared, Project, Stack

MIN_FILES = 256
MAX_CACHES = 32


def _code_version() -> str:
    """A digest of the code that reads files: entries written by other code are never reused."""
    pkg = Path(__file__).resolve().parent.parent
    sources = [pkg / "discovery" / "projects.py", Path(__file__).resolve(), pkg / "cache" / "values.py"]
    sources += [pkg / "yamlio.py", pkg / "yamlfast.py", pkg / "model.py"]
    return store.source_digest(sources, pkg, size=8)


class FileCache:
    """Read files through the cache of one scanned root. Not thread-safe."""

    def __init__(self, root: Path, n_files: int) -> None:
        folder = store.cache_dir("scan") if n_files >= MIN_FILES else None
        self.path: Path | None = None
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, Any] = {}  # an entry as a list, or as its JSON (`take`)
        if folder is None:
            return
        self.version = _code_version()
        name = hashlib.blake2b(os.fsencode(root), digest_size=16).hexdigest()
        self.path = folder / f"{name}.json"
        try:
            data = codec.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version and isinstance(data["entries"], dict):
                self.old = data["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def read(self, path: Path, rel: str, context: str, parse: Callable[[str | None], Project | Stack]) -> Any:
        """Return `parse(text)` for the file at `path`, from the cache when nothing changed.

        `context` holds what the result depends on besides the file (the owning project).
        `parse(None)` reads the file itself (used when it is not valid UTF-8, to get its error).
        """
        read = _read(path) if self.path is not None else None
        if read is None:
            return parse(None)
        raw, text = read
        digest = _digest(raw)
        entry = self.old.get(rel)
        if entry is not None and entry[0] == digest and entry[1] == context:
            try:
                result = _decode(entry[2])
            except (KeyError, TypeError, ValueError, IndexError):
                result = None
            if result is not None:
                self.new[rel] = entry
                return result
        result = parse(text)
        with contextlib.suppress(Uncacheable):
            self.new[rel] = [digest, context, _encode(result)]
        return result

    def take(self, rel: str, result: Any, entry: bytes | None) -> Any:
        """Keep `result`, read elsewhere (`fresh`), and its entry for the next cache; return it."""
        if self.path is not None and entry is not None:
            self.new[rel] = codec.Fragment(entry)
        return result

    def wants(self) -> bool | None:
        """Whether files read elsewhere (`fresh`) should come with entries; None when this cache holds entries to
        reuse, so that files are read through it (`read`), not elsewhere."""
        if self.old:
            return None
        return self.path is not None

    def save(self) -> None:
        """Write the entries used by this scan, when they differ from what was read; keep MAX_CACHES caches.
        The entries are let go afterwards (the scan goes on to inference, which needs the memory more)."""
        try:
            self._save()
        finally:
            self.old, self.new = {}, {}

    def _save(self) -> None:
        if self.path is None:
            return
        if self.new == self.old:
            store.touch(self.path)  # recently used: the last to be pruned
            return
        try:
            text = codec.dumps({"version": self.version, "entries": self.new}, {}, secret_tag)
        except TypeError:  # a string orjson refuses (a lone surrogate; YAML and the walk give none): read them all
            return
        try:
            store.write_atomic(self.path, text)
            store.prune(self.path.parent, MAX_CACHES)
        except OSError:
            pass


def fresh(path: Path, context: str, parse: Callable[[str], Any], entry: bool) -> tuple[Any, bytes | None] | None:
    """`parse(text)` of the file at `path` and, with `entry`, the cache entry `FileCache.read` would make of it (as
    JSON; None when the result is Uncacheable): a file read in another process. None when the file cannot be read
    as UTF-8 (then `FileCache.read` reads it, and says why)."""
    read = _read(path)
    if read is None:
        return None
    raw, text = read
    result = parse(text)
    if not entry:
        return result, None
    try:
        return result, codec.dumps([_digest(raw), context, _encode(result)], {}, secret_tag)
    except (Uncacheable, TypeError):
        return result, None


def _read(path: Path) -> tuple[bytes, str] | None:
    """The bytes and UTF-8 text of a file; None when it cannot be read as UTF-8 (its parser then says why)."""
    try:
        raw = files.read_bytes(path)
        return raw, raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _declared(items: tuple[Declared, ...] | None) -> list[list[Any]] | None:
    return None if items is None else [[d.value, d.file, d.line] for d in items]


def _undeclared(items: list[list[Any]] | None) -> tuple[Declared, ...] | None:
    return None if items is None else tuple(Declared(v, f, line) for v, f, line in items)


def _encode(obj: Project | Stack) -> dict[str, Any]:
    if isinstance(obj, Project):
        return {
            "kind": "project",
            "fields": [
                obj.name,
                obj.path,
                obj.file,
                obj.runtime,
                obj.main,
                obj.stack_config_dir,
                obj.description,
                obj.backend_url,
            ],
            "runtime_options": masked(dict(obj.runtime_options)),
            "config": masked(dict(obj.config)),
            "depends_on": _declared(obj.depends_on),
            "tags": list(obj.tags),
        }
    return {
        "kind": "stack",
        "fields": [obj.project, obj.name, obj.file, obj.project_path],
        "config": masked(dict(obj.config)),
        "secure_keys": list(obj.secure_keys),
        "environment": list(obj.environment),
        "environment_line": obj.environment_line,
        "depends_on": _declared(obj.depends_on),
        "tags": None if obj.tags is None else list(obj.tags),
    }


def _decode(data: dict[str, Any]) -> Project | Stack:
    if data["kind"] == "project":
        name, path, file, runtime, main, stack_config_dir, description, backend_url = data["fields"]
        return Project(
            name=name,
            path=path,
            file=file,
            runtime=runtime,
            runtime_options=unmasked(data["runtime_options"]),
            main=main,
            stack_config_dir=stack_config_dir,
            description=description,
            config=unmasked(data["config"]),
            depends_on=_undeclared(data["depends_on"]) or (),
            tags=tuple(data["tags"]),
            backend_url=backend_url,
        )
    project, name, file, project_path = data["fields"]
    tags = data["tags"]
    return Stack(
        project=project,
        name=name,
        file=file,
        project_path=project_path,
        config=unmasked(data["config"]),
        secure_keys=tuple(data["secure_keys"]),
        environment=tuple(data["environment"]),
        environment_line=data["environment_line"],
        depends_on=_undeclared(data["depends_on"]),
        tags=None if tags is None else tuple(tags),
    )
