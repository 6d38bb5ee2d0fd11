"""What a config key set nowhere reads as, per language, and how that value compares (evaluate.py `test`).

A config read of a key that no stack file, Pulumi.yaml default or ESC environment can set (`Val.unset`) is
a value of its language: JS `config.get(k)` gives `undefined`, Python's `None`, C#'s `null`, Go's `conf.Get(k)`
the empty string. Comparing it is then decided as the language does: `undefined == null` holds in JS and
`undefined === null` does not; no such value equals a string; Go's "" equals "" only. The other languages are not
followed: only a test of its truth is decided. (Java's `config.get(k)` is an `Optional`, read by its methods:
iroptional.py.)
"""

from __future__ import annotations

import posixpath

from stackgraph.model import Project, Stack

UNDEFINED = "undefined"  # JS `undefined`, Python `None`, C# `null`
NULL = "null"  # JS `null`: `== undefined`, not `=== undefined`
EMPTY = "empty"  # Go: `conf.Get(k)` of a key not set is ""
ABSENT = "absent"  # not set, but how it compares is not followed (Java's Optional, F#, YAML)

_READ_AS = {
    **dict.fromkeys((".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"), UNDEFINED),
    **dict.fromkeys((".py", ".pyi"), UNDEFINED),
    ".cs": UNDEFINED,
    ".go": EMPTY,
}

Side = tuple[str, str | None]
"""One operand: what it is when not set (`UNDEFINED` ..; "" for a value), and its text (None: not known)."""


def read_as(file: str) -> str:
    """What a config read written in `file` gives for a key set nowhere."""
    return _READ_AS.get(posixpath.splitext(file)[1].lower(), ABSENT)


def of_literal(null: bool) -> str:
    """What `ir.Undefined` is: JS's `null` (`null`), else `undefined` / `None` / `null`."""
    return NULL if null else UNDEFINED


def equal(a: Side, b: Side, strict: bool) -> bool | None:
    """Whether `a == b` (`strict`: JS's `===`); None when that is not decided."""
    (a_kind, a_text), (b_kind, b_text) = a, b
    if not a_kind and not b_kind:  # two values: equal when both are known (`[a, undefined].includes(x)`, x set)
        return None if a_text is None or b_text is None else a_text == b_text
    if ABSENT in (a_kind, b_kind):
        return None
    if a_kind and b_kind:
        if a_kind == b_kind:
            return True
        if {a_kind, b_kind} == {UNDEFINED, NULL}:
            return not strict
        return None
    kind, text = (a_kind, b_text) if a_kind else (b_kind, a_text)
    if text is None:
        return None
    return text == "" if kind == EMPTY else False


def why_not_set(project: Project, stack: Stack | None, full: str) -> str:
    """Why config key `full` has no value for `stack` (None: the project, which has no stack files)."""
    if stack is None:
        return f"config key '{full}' is not set in {project.file} and the project has no stack files"
    if stack.environment:
        envs = ", ".join(stack.environment)
        return f"config key '{full}' is not set in {stack.file}; it may come from ESC environment {envs}"
    if stack.file == project.file:  # a stack of `--env` that has no stack file yet
        return f"config key '{full}' is not set in {project.file} (stack '{stack.name}' has no stack file)"
    return f"config key '{full}' is not set in {stack.file} or {project.file}" + _elsewhere(project, stack, full)


def _elsewhere(project: Project, stack: Stack, full: str) -> str:
    """The same key of the project's own namespace in other namespaces of the stack file: a project renamed after
    its stack files were written (`oldname:key` left in them) reads none of them."""
    ns, key = full.split(":", 1)
    if ns != project.name:
        return ""
    others = sorted(k for k in stack.config if ":" in k and k.split(":", 1)[1] == key and k != full)
    if not others:
        return ""
    said = ", ".join(f"'{k}'" for k in others)
    return f"; it sets {said}, of another namespace than '{ns}' (a project renamed after its stack file was written?)"
