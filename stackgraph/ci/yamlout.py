"""Dump pipelines as YAML: keys in the order given, block style, multi-line scripts as `|` blocks.

Deterministic: the same data gives the same bytes. No anchors or aliases (CI systems and people
read these files), no line folding (a long `needs:` list stays one item a line).
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never emits aliases and writes multi-line strings as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any, header: str = "") -> str:
    """Return `header` (comment lines, each starting with '#') then `data` as a YAML document."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=10_000, allow_unicode=True)
    return header + body


def comment(*lines: str) -> str:
    """Return `lines` as YAML comment lines."""
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)
