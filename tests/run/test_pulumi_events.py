"""The resource steps of a preview, read from an engine event log."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.run.pulumi.events import resource_steps
from stackgraph.run.pulumi.jobs import publish_events, read_events


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


def test_the_engines_debug_events_are_dropped_from_the_event_log(tmp_path: Path) -> None:
    """The Node.js SDK logs each RPC's raw response at debug level: a StackReference's secret outputs in clear."""
    leak = "ReadResource RPC finished: resp: token,,,s3cr3t-canary"
    kept = [
        {"sequence": 0, "cancelEvent": {}},
        {"sequence": 2, "diagnosticEvent": {"message": "error: boom\n", "severity": "error"}},
        {"sequence": 3, "diagnosticEvent": {"message": "hello\n", "severity": "info"}},
        {"sequence": 4, "summaryEvent": {"resourceChanges": {"create": 1}}},
    ]
    debug = {"sequence": 1, "diagnosticEvent": {"message": leak, "severity": "debug"}}
    written, log = tmp_path / "private" / "dev.events.jsonl", tmp_path / "dev.events.jsonl"
    written.parent.mkdir()
    lines = [json.dumps(e) for e in [*kept[:1], debug, *kept[1:]]]
    written.write_text("\n".join(lines) + "\n" + '{"sequence": 5, "diagnosticEvent": {"message": "s3cr3t-can')
    publish_events(written, log)
    assert "s3cr3t" not in log.read_text()
    assert read_events(log) == kept
    assert log.read_text() == "".join(json.dumps(e) + "\n" for e in kept)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["dev.events.jsonl", "private"]  # no scratch file left
    # An engine that never started: nothing to do.
    publish_events(tmp_path / "never-written.events.jsonl", tmp_path / "out.events.jsonl")
    assert not (tmp_path / "out.events.jsonl").exists()
