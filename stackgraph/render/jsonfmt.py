"""The layout of every JSON document stackgraph prints: one key per line, one list item per line.

    {
      "schema": "stackgraph.plan/v1",
      "levels": [
        ["net/dev", "net/prod"],
        ["app/dev"]
      ],
      "critical_path": ["net/dev", "app/dev"]
    }

Readable and greppable for large plans (one stack, one edge per line), and fast: every item is
encoded by the json module's C encoder, which `indent=` would switch off. Pure and deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def dumps(doc: Mapping[str, Any]) -> str:
    """Return `doc` as JSON text: keys in the given order, lists of lists or objects one item per line."""
    parts = []
    for key, value in doc.items():
        head = f"  {json.dumps(key)}: "
        if isinstance(value, list) and value and all(isinstance(v, list | dict) for v in value):
            items = ",\n".join(f"    {json.dumps(v)}" for v in value)
            parts.append(f"{head}[\n{items}\n  ]")
        else:
            parts.append(head + json.dumps(value))
    return "{\n" + ",\n".join(parts) + "\n}\n"
