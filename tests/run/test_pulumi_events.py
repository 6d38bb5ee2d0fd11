"""The resource steps of a preview, read from an engine event log."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.run.pulumi.events import resource_steps


def _pre(op: str, kind: str, name: str) -> dict[str, object]:
    urn = f"urn:pulumi:dev::shop::{kind}::{name}"
    return {"resourcePreEvent": {"metadata": {"op": op, "urn": urn, "type": kind}, "planning": True}}


def test_changes_in_engine_order_once_each_without_same_and_replacement_parts(tmp_path: Path) -> None:
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
        ("create", "aws:s3/bucket:Bucket", "logs"),
        ("create", "pulumi:providers:aws", "eu-west"),
        ("replace", "random:index/randomPet:RandomPet", "pet"),
        ("update", "aws:lambda/function:Function", "fn"),
    ]
    assert resource_steps(tmp_path / "missing.jsonl") == []
