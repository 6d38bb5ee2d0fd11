"""A stack's config value for a key, as Pulumi looks it up: the stack file, then Pulumi.yaml's `config:` block
(a plain value, `value:` or `default:`); and whether the stack has a value for the key at all (Java's
`config.get(k).isPresent()`, iroptional.py)."""

from __future__ import annotations

import posixpath
from typing import Any

from stackgraph.model import Project, Stack

LEGACY = ":config"
"""The old form of a config namespace: `aws:config` for `aws` (`new Config("aws:config")`, `aws:config:region` in a
stack file)."""

_STRIPS = frozenset((".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".cs", ".fs", ".java"))
"""The files of the SDKs whose Config drops a trailing `:config` of its name (Node.js, .NET, Java); Python's and
Go's keep it, and whether their runtime finds the key then is not followed."""


def resolved_key(namespace: str | None, key: str, project: Project, file: str = "") -> tuple[str, str, str]:
    """The namespace and key a read of `key` in `namespace` (None: the project's own), written in `file`, names:
    `ns:k` in the key wins; and why that key is not known ("" when it is): the old namespace form `aws:config` is
    `aws` in Node.js, .NET and Java, and not followed in the other languages."""
    if ":" in key:
        namespace, key = key.split(":", 1)
    ns = namespace or project.name
    if ns.endswith(LEGACY) and len(ns) > len(LEGACY):
        if posixpath.splitext(file)[1].lower() not in _STRIPS:
            return (
                ns,
                key,
                f"config namespace '{ns}' (whether this SDK reads it as '{ns[: -len(LEGACY)]}' is not followed)",
            )
        ns = ns[: -len(LEGACY)]
    return ns, key, ""


def _names(ns: str, key: str, own: bool, bare_first: bool) -> tuple[str, ...]:
    """The names `ns:key` may be written under in a config block: also `ns:config:key` (the old form Pulumi still
    reads) and, for the project's own namespace, `key` alone."""
    full = (f"{ns}:{key}", f"{ns}{LEGACY}:{key}")
    if not own:
        return full
    return (key, *full) if bare_first else (*full, key)


def config_value(project: Project, stack: Stack | None, ns: str, key: str) -> tuple[Any, str] | None:
    """Return (value, file) of config `ns:key` for the stack: stack file first, then Pulumi.yaml."""
    own = ns == project.name
    if stack is not None:
        for k in _names(ns, key, own, bare_first=False):
            if k in stack.config:
                return stack.config[k], stack.file
    for k in _names(ns, key, own, bare_first=True):
        if k in project.config:
            value = project.config[k]
            if isinstance(value, dict):
                if "value" in value:
                    return value["value"], project.file
                if "default" in value:
                    return value["default"], project.file
                return None
            return value, project.file
    return None


def presence(project: Project, stack: Stack | None, ns: str, key: str) -> tuple[bool | None, str]:
    """Whether the stack has a value for `ns:key` (a secret or an object too), and where it comes from; False when
    it surely has none (no stack file, Pulumi.yaml default or ESC environment can give it one); None when
    that is not known (the project has no stack files, the stack imports an ESC environment)."""
    found = config_value(project, stack, ns, key)
    if found is not None:
        return True, found[1]
    if stack is not None and not stack.environment:
        return False, ""
    return None, ""
