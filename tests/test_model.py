"""The model's typed kinds print, format, compare and serialize as their plain string values."""

from __future__ import annotations

import json

from stackgraph.graph.selector import PartKind, parse


def test_a_str_enum_is_its_value_everywhere() -> None:
    kind = PartKind.PROJECT
    assert (str(kind), f"{kind}", f"{kind:>8}", json.dumps([kind])) == ("project", "project", " project", '["project"]')
    assert kind == "project" and {"project": 1}[kind] == 1


def test_parts_carry_their_kind() -> None:
    kinds = [
        p.kind for t in parse("+api/dev project:web,[main] tag:t path:x stack:s", "--select").terms for p in t.parts
    ]
    assert kinds == [PartKind.ID, PartKind.PROJECT, PartKind.CHANGED, PartKind.TAG, PartKind.PATH, PartKind.STACK]
