"""Read YAML files safely and fast, keeping line numbers for error messages.

Uses libyaml's C loader when PyYAML was built with it, typing values as Pulumi does (YAML 1.2's core
schema, as Go's yaml.v3: see `yamlfast.plain`), not as PyYAML does (YAML 1.1: `yes` a boolean,
`2001-02-30` a date it cannot build). Every problem becomes an `InputError` naming the file and line;
nothing here raises anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from stackgraph import files, yamlfast
from stackgraph.errors import InputError

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]  # the pure-Python loader where libyaml is missing

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "merge"
_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (_TAG + name for name in ("null", "bool", "int", "float", "timestamp"))
_TAGS = {type(None): _NULL, bool: _BOOL, int: _INT, float: _FLOAT, str: _STR}


class _Loader(_SafeLoader):
    """libyaml's safe loader with Pulumi's typing of plain scalars (`yamlfast.plain`) and its explicit tags."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        """The tag of a node: for a plain scalar, that of its value as Pulumi reads it (`<<`: a merge key)."""
        if kind is yaml.ScalarNode and implicit[0] and isinstance(value, str):
            return _MERGE if value == "<<" else _TAGS[type(yamlfast.plain(value))]
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return,no-untyped-call]  # PyYAML is untyped


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    """Build a scalar with a tag: a plain one typed as Pulumi types it, or one whose tag is written (`!!int 1`).

    Raises ConstructorError for a value its written tag does not fit (`!!int abc`, `!!bool yes`), as yaml.v3
    refuses it. A timestamp stays its text, as Pulumi keeps it; other tags (`!!binary`) are PyYAML's.
    """
    tag, text = node.tag, node.value
    if tag in (_STR, _MERGE):  # `<<` as a value is a string
        return text
    if tag in (_NULL, _BOOL, _INT, _FLOAT):
        value = yamlfast.plain(text)
        if tag == _FLOAT and type(value) is int:
            return float(value)
        if _TAGS[type(value)] == tag:
            return value
        raise _invalid(node)
    try:
        if tag == _TIMESTAMP:
            loader.construct_yaml_timestamp(node)  # checks the date (2001-02-30 is none)
            return text
        return loader.construct_object(node)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):  # PyYAML's constructors on bad text
        raise _invalid(node) from None


def _invalid(node: yaml.ScalarNode) -> yaml.constructor.ConstructorError:
    """The error for a value its tag does not fit, naming the tag and the column, never the value: it may be a
    secret's ciphertext (`secure: !!int AAAB..`), which no message shows."""
    name = node.tag.replace(_TAG, "!!")
    column = node.start_mark.column + 1
    return yaml.constructor.ConstructorError(
        None, None, f"invalid value for {name} at column {column}; fix the value or remove the tag", node.start_mark
    )


for _tag in (_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _MERGE):  # also where PyYAML builds (`!!set`, merges)
    _Loader.add_constructor(_tag, _scalar)


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
    rest: int | None = None
    """The line where a second document starts (`---`): Pulumi (Go's yaml.v3 `Unmarshal`) reads the first document
    of a file and ignores the rest, and so does this reader; the caller says so."""

    @cached_property
    def node(self) -> yaml.Node | None:
        """The node tree of the document (None for an empty one, or a JSON text libyaml cannot compose)."""
        if self.source is None:
            return self.composed
        text, rel = self.source
        if self.lines is not None:  # read by the fast reader: valid YAML it reads as libyaml does, so composing is
            return _composed(text)  # all that is left (its values are `data`; building them again costs 3x more)
        try:
            return _libyaml(text, rel).node
        except InputError:  # JSON that YAML does not take (a tab where YAML wants spaces): no line numbers
            return None

    def line_of(self, *path: str | int) -> int | None:
        """Return the 1-based line of the value at `path` (mapping keys / list indexes), if present."""
        if self.lines is not None:
            found = self.lines.get(path)
            return found[0] if found is not None else None
        node = self.node
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
        node = self.node
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
    """Load one YAML document from text; `rel` is the name used in messages (a name ending in `.json` is JSON).

    The simple YAML of most Pulumi files is read by `yamlfast`, which reads it as libyaml would; anything
    else (and every invalid document) is read by libyaml.
    """
    if rel.endswith(".json"):
        return _json(text, rel)
    fast = yamlfast.read(text)
    if fast is not None:
        return YamlDoc(fast[0], lines=fast[1], source=(text, rel))
    return _libyaml(text, rel)


def _json(text: str, rel: str) -> YamlDoc:
    """A JSON project or stack file (`Pulumi.json`, `Pulumi.dev.json`), read as Pulumi reads it (Go's encoding/json:
    a key given twice takes its last value; NaN and Infinity are no JSON). Line numbers of its values come from
    libyaml's node tree of the same text, composed when first asked for (JSON is YAML's flow style)."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not a JSON value")

    try:
        data = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}; fix the syntax", file=rel, line=exc.lineno) from None
    except ValueError as exc:  # NaN, Infinity
        raise InputError(f"invalid JSON: {exc}; write a number or a string", file=rel) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply; flatten the data", file=rel) from None
    return YamlDoc(data, source=(text, rel))


def _libyaml(text: str, rel: str) -> YamlDoc:
    """Load one YAML document from text with libyaml's loader."""
    loader = _Loader(text)
    try:
        node = loader.get_node() if loader.check_node() else None  # the first document, as yaml.v3 reads it
        data = _build(node, loader, set(), [MAX_VALUES + len(text)]) if node is not None else None
        rest = _next_document(loader, text)
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
    return YamlDoc(data, node, rest=rest)


def _composed(text: str) -> yaml.Node | None:
    """The node tree of the first document of a text the fast reader read (one document, nothing libyaml refuses)."""
    loader = _Loader(text)
    try:
        return loader.get_node() if loader.check_node() else None
    finally:
        loader.dispose()


def _next_document(loader: Any, text: str) -> int | None:
    """The line where a document after the first starts (its `---`), or None. The text after the first document is
    never read (yaml.v3 stops there too), so an error in it is no error of the file, only where the rest begins."""
    try:
        if not loader.check_node():
            return None
        at = int(loader.peek_event().start_mark.line)  # libyaml marks an explicit start after its `---`
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line if mark is not None else 0
    except yaml.YAMLError:
        at = 0
    lines = text.splitlines()[: at + 1]
    markers = [i for i, line in enumerate(lines) if line == "---" or line.startswith(("--- ", "---\t"))]
    return (markers[-1] if markers else at) + 1


def _character(char: str | int) -> str:
    code = char if isinstance(char, int) else ord(char)
    return "a null byte (\\x00)" if code == 0 else f"the control character U+{code:04X}"


def _column(text: str, position: int) -> int:
    return position - (text.rfind("\n", 0, position) + 1) + 1


MAX_VALUES = 250_000
"""The most values aliases may add to a document: aliases of aliases ("billion laughs") stop here.

A document's own values are never more than its characters, so the budget is MAX_VALUES plus its
length: a large file without aliases (400,000 keys) is read, never reported as an alias expansion.
"""


def _build(node: yaml.Node, loader: Any, active: set[int], budget: list[int]) -> Any:
    """Return the data of `node`: scalars, lists and mappings built here, other tags (`!!set`) by PyYAML.

    Twice as fast as PyYAML's constructor on config files (most values are strings). A mapping key is its
    text, as in Pulumi (`1` and `1.0` are two keys, `on` no boolean). Aliases are expanded into copies, at
    most MAX_VALUES values beyond the document's own. Raises ConstructorError for an alias that contains
    itself, an unhashable key, a key given twice in one mapping (Pulumi refuses those too), a value its tag
    does not fit, or too many values.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise yaml.constructor.ConstructorError(
            None, None, f"aliases expand to more than {MAX_VALUES:,} values; remove aliases of aliases", node.start_mark
        )
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else _scalar(loader, node)
    key = id(node)
    if key in active:
        raise yaml.constructor.ConstructorError(None, None, "found an alias that contains itself", node.start_mark)
    active.add(key)
    try:
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [_build(item, loader, active, budget) for item in node.value]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return _mapping(node, loader, active, budget)
        return loader.construct_object(node, deep=True)  # other tags (`!!set`, `!!omap`): PyYAML's way
    finally:
        active.discard(key)


def _mapping(node: yaml.MappingNode, loader: Any, active: set[int], budget: list[int]) -> dict[Any, Any]:
    """Build a mapping; merge keys (`<<: *base`) as yaml.v3 merges them: keys written here win."""
    merged = any(k.tag == _MERGE for k, _ in node.value)
    if merged:
        _unique_keys(node)
        loader.flatten_mapping(node)  # the merged pairs first, so that those written here win below
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        name = _key(key_node, loader, active, budget)
        if name in out and not merged:
            first = next(k for k, _ in node.value if _key(k, loader, active, budget) == name)
            _twice(first, key_node, name)
        out[name] = _build(value_node, loader, active, budget)
    return out


def _key(node: yaml.Node, loader: Any, active: set[int], budget: list[int]) -> Any:
    """The text of a scalar key (its tag, if written, checked); raise ConstructorError for a list or mapping."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR:
            _scalar(loader, node)
        return node.value
    raise yaml.constructor.ConstructorError(None, None, "found an unhashable key", node.start_mark)


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
