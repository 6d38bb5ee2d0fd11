"""The resource steps of a preview, read from an engine event log."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.run.pulumi.events import resource_steps


def _pre(op: str, kind: str, name: str) -> dict[str, object]:
    urn = f"urn:pulumi:dev::shop::{kind}::{name}"
    return {"resourcePreEvent": {"metadata": {"op": op, "urn": urn, "type": kind}, "planning": True}}


def test_changes_sorted_by_name_once_each_without_same_and_replacement_parts(tmp_path: Path) -> None:
    events = [
        {"preludeEvent": {"config": {"shop:password": "[secret]"}}},
        _pre("same", "pulumi:pulumi:Stack", "shop-dev"),
        _pre("create", "aws:s3/bucket:Bucket", "logs"),
        _pre("create", "pulumi:providers:aws", "default_6_0_0"),
        _pre("create", "pulumi:providers:pulumi", "default"),
        _pre("create", "pulumi:providers:aws", "eu-west"),
        _pre("replace", "random:index/randomPet:RandomPet", "pet"),
        _pre("create-replacement", "random:index/randomPet:RandomPet", "pet"),
        _pre("delete-replaced", "random:index/randomPet:RandomPet", "pet"),
        _pre("update", "aws:lambda/function:Function", "fn"),
        _pre("update", "aws:lambda/function:Function", "fn"),
        {"resourcePreEvent": {"metadata": "torn"}},
        {"summaryEvent": {"resourceChanges": {"create": 1}}},
    ]
    log = tmp_path / "events.jsonl"
    log.write_text("\n".join(json.dumps(e) for e in events) + '\n{"resourcePreEv', encoding="utf-8")
    assert resource_steps(log) == [
        ("create", "pulumi:providers:aws", "eu-west"),
        ("update", "aws:lambda/function:Function", "fn"),
        ("create", "aws:s3/bucket:Bucket", "logs"),
        ("replace", "random:index/randomPet:RandomPet", "pet"),
    ]
    assert resource_steps(tmp_path / "missing.jsonl") == []


def test_the_same_changes_in_another_engine_order_give_the_same_list(tmp_path: Path) -> None:
    """The engine runs independent steps in parallel: its event order is a race, the list is not."""
    steps = [
        _pre("update", "a:b:C", "label"),
        _pre("update", "a:b:D", "secretbox"),
        _pre("update", "a:b:C", "tokencopy"),
    ]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text("\n".join(json.dumps(e) for e in steps), encoding="utf-8")
    two.write_text("\n".join(json.dumps(e) for e in reversed(steps)), encoding="utf-8")
    assert resource_steps(one) == resource_steps(two)
    assert [name for _, _, name in resource_steps(two)] == ["label", "secretbox", "tokencopy"]
