"""Read YAML files safely and fast, keeping line numbers for error messages.

Uses libyaml's C loader when PyYAML was built with it. Every problem becomes an
`InputError` naming the file and line; nothing here raises anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from stackgraph import files, yamlfast
from stackgraph.errors import InputError

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the pure-Python loader where libyaml is missing


@dataclass(frozen=True)
class YamlDoc:
    """A loaded document and where its values are (for line numbers).

    A document libyaml read keeps its node tree; one the fast reader read (`yamlfast`) keeps an index of
    lines instead, and composes the node tree with libyaml only when `node` is first asked for.
    """

    data: Any
    composed: yaml.Node | None = None
    lines: yamlfast.Lines | None = field(default=None, repr=False)
    source: tuple[str, str] | None = field(default=None, repr=False)
    """The text and its name in messages, for the node tree of a document the fast reader read."""

    @cached_property
    def node(self) -> yaml.Node | None:
        """The node tree of the document (None for an empty one)."""
        if self.source is None:
            return self.composed
        return _libyaml(*self.source).node

    def line_of(self, *path: str | int) -> int | None:
        """Return the 1-based line of the value at `path` (mapping keys / list indexes), if present."""
        if self.lines is not None:
            found = self.lines.get(path)
            return found[0] if found is not None else None
        node = self.composed
        for step in path:
            node = _child(node, step)
            if node is None:
                return None
        return node.start_mark.line + 1 if node is not None else None

    def line_of_key(self, *path: str) -> int | None:
        """Return the 1-based line of the last key of `path` itself (not of its value), if present."""
        last = path[-1]
        if self.lines is not None:
            found = self.lines.get(path)
            return found[1] if found is not None else None
        node = self.composed
        for step in path[:-1]:
            node = _child(node, step)
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == last:
                    return int(key.start_mark.line) + 1
        return None


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                return value  # type: ignore[no-any-return]  # YAML values are untyped
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]  # type: ignore[no-any-return]  # YAML nodes are untyped
    return None


def read_text(path: Path, rel: str) -> str:
    """Read a file as UTF-8; an unreadable file is an `InputError` naming it."""
    try:
        return files.read_text(path)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 ({exc.reason}); save the file as UTF-8", file=rel) from None
    except files.NotRegular:
        raise InputError("not a regular file (a FIFO, socket or device); replace it with a file", file=rel) from None
    except IsADirectoryError:
        raise InputError("a folder named like a Pulumi file; rename or remove it", file=rel) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}; check its permissions", file=rel) from None


def load(path: Path, rel: str) -> YamlDoc:
    """Load one YAML document from `path`; `rel` is the name used in messages."""
    return loads(read_text(path, rel), rel)


def loads(text: str, rel: str) -> YamlDoc:
    """Load one YAML document from text; `rel` is the name used in messages.

    The simple YAML of most Pulumi files is read by `yamlfast`, which reads it as libyaml would; anything
    else (and every invalid document) is read by libyaml.
    """
    fast = yamlfast.read(text)
    if fast is not None:
        return YamlDoc(fast[0], lines=fast[1], source=(text, rel))
    return _libyaml(text, rel)


def _libyaml(text: str, rel: str) -> YamlDoc:
    """Load one YAML document from text with libyaml's loader."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = _build(node, loader, set(), [MAX_VALUES + len(text)]) if node is not None else None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply; flatten the data", file=rel) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error at the end of the text (an unclosed bracket) points past the last line: name the last one.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        fix = "" if ";" in problem else "; fix the syntax"  # a problem of ours says its own fix
        raise InputError(f"invalid YAML: {problem}{fix}", file=rel, line=line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; it has no line, only a position
        raise InputError(
            f"invalid YAML: {_character(exc.character)} at column {_column(text, exc.position)}, which YAML "
            "does not allow; remove it",
            file=rel,
            line=text.count("\n", 0, exc.position) + 1,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}; fix the syntax", file=rel) from None
    finally:
        loader.dispose()
    return YamlDoc(data, node)


def _character(char: str | int) -> str:
    code = char if isinstance(char, int) else ord(char)
    return "a null byte (\\x00)" if code == 0 else f"the control character U+{code:04X}"


def _column(text: str, position: int) -> int:
    return position - (text.rfind("\n", 0, position) + 1) + 1


_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "merge"


MAX_VALUES = 250_000
"""The most values aliases may add to a document: aliases of aliases ("billion laughs") stop here.

A document's own values are never more than its characters, so the budget is MAX_VALUES plus its
length: a large file without aliases (400,000 keys) is read, never reported as an alias expansion.
"""


def _build(node: yaml.Node, loader: Any, active: set[int], budget: list[int]) -> Any:
    """Return the data of `node`: strings, lists and mappings built here, everything else by PyYAML.

    Twice as fast as PyYAML's constructor on config files (most values are strings). Aliases are
    expanded into copies, at most MAX_VALUES values beyond the document's own. Raises
    ConstructorError for an alias that contains itself, an unhashable key, a key given twice in one
    mapping (Pulumi refuses those too), or too many values.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise yaml.constructor.ConstructorError(
            None, None, f"aliases expand to more than {MAX_VALUES:,} values; remove aliases of aliases", node.start_mark
        )
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node)
    key = id(node)
    if key in active:
        raise yaml.constructor.ConstructorError(None, None, "found an alias that contains itself", node.start_mark)
    active.add(key)
    try:
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [_build(item, loader, active, budget) for item in node.value]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP and all(k.tag != _MERGE for k, _ in node.value):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                name = _build(key_node, loader, active, budget)
                if isinstance(name, list | dict):
                    raise yaml.constructor.ConstructorError(None, None, "found an unhashable key", key_node.start_mark)
                if name in out:
                    first = next(k for k, _ in node.value if _build(k, loader, active, budget) == name)
                    _twice(first, key_node, name)
                out[name] = _build(value_node, loader, active, budget)
            return out
        if isinstance(node, yaml.MappingNode):  # merge keys (`<<`): PyYAML would keep the last of a key given twice
            _unique_keys(node)
        return loader.construct_object(node, deep=True)  # merge keys (`<<`) and other tags: PyYAML's way
    finally:
        active.discard(key)


def _twice(first: yaml.Node, key_node: yaml.Node, name: Any) -> None:
    """Raise ConstructorError for `key_node`, which gives the key `name` again after `first`."""
    lines = f"lines {first.start_mark.line + 1} and {key_node.start_mark.line + 1}"
    raise yaml.constructor.ConstructorError(
        None, None, f"the key '{name}' is given twice, on {lines}; keep one", key_node.start_mark
    )


def _unique_keys(mapping: yaml.MappingNode) -> None:
    """Raise ConstructorError when a plain key (not `<<`) appears twice among the keys of `mapping`."""
    seen: dict[str, yaml.Node] = {}
    for key_node, _ in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
            if key_node.value in seen:
                _twice(seen[key_node.value], key_node, key_node.value)
            seen[key_node.value] = key_node
