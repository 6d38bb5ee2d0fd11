"""Write small Pulumi repositories to disk from specs, for tests and benchmarks.

A spec maps relative paths to contents: a `str` is written as is, `bytes` raw, a
mapping or list as YAML (keys in the order given), `None` makes an empty folder.
`project()` and `stack()` build the usual Pulumi.yaml / Pulumi.<stack>.yaml mappings.

    write_repo(tmp_path, {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.dev.yaml": stack(depends_on=["net/dev"]),
    })
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

Content = str | bytes | Mapping[str, Any] | Sequence[Any] | None
Spec = Mapping[str, Content]


def project(name: str, runtime: Any = "yaml", **extra: Any) -> dict[str, Any]:
    """A Pulumi.yaml mapping: name, runtime, then `extra` keys (`stackConfigDir`, `config`, ...)."""
    return {"name": name, "runtime": runtime, **extra}


def stack(
    depends_on: Sequence[str] | None = None,
    *,
    config: Mapping[str, Any] | None = None,
    tags: Sequence[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A Pulumi.<stack>.yaml mapping with `config:` (dependsOn and tags included when given)."""
    cfg: dict[str, Any] = dict(config or {})
    if depends_on is not None:
        cfg["stackgraph:dependsOn"] = list(depends_on)
    if tags is not None:
        cfg["stackgraph:tags"] = list(tags)
    return {"config": cfg, **extra}


def render(content: Content) -> bytes:
    """The bytes a spec value is written as."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode()
    return yaml.safe_dump(content, sort_keys=False, default_flow_style=False).encode()


def write_repo(root: Path, spec: Spec, *, seed: int | None = None) -> Path:
    """Write `spec` below `root` and return `root`.

    With `seed`, folders and files are created in a shuffled order (the same
    content, another creation order), for tests of deterministic output.
    """
    root.mkdir(parents=True, exist_ok=True)
    items = sorted(spec.items())
    if seed is not None:
        random.Random(seed).shuffle(items)
    for rel, content in items:
        path = root / rel
        if content is None:
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(content))
    return root
