"""A stack's config value for a key, as Pulumi looks it up: the stack file, then Pulumi.yaml's `config:` block
(a plain value, `value:` or `default:`); and whether the stack has a value for the key at all (Java's
`config.get(k).isPresent()`, iroptional.py)."""

from __future__ import annotations

from typing import Any

from stackgraph.model import Project, Stack


def resolved_key(namespace: str | None, key: str, project: Project) -> tuple[str, str]:
    """The namespace and key a read of `key` in `namespace` (None: the project's own) names: `ns:k` in the key
    wins."""
    if ":" in key:
        namespace, key = key.split(":", 1)
    return namespace or project.name, key


def config_value(project: Project, stack: Stack | None, ns: str, key: str) -> tuple[Any, str] | None:
    """Return (value, file) of config `ns:key` for the stack: stack file first, then Pulumi.yaml."""
    own = ns == project.name
    if stack is not None:
        for k in (f"{ns}:{key}", key) if own else (f"{ns}:{key}",):
            if k in stack.config:
                return stack.config[k], stack.file
    for k in (key, f"{ns}:{key}") if own else (f"{ns}:{key}",):
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
