"""How `up --plan` sums up one stack's update against its approval (app/apply_plan.py), from event logs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stackgraph.app.apply_plan import applied_summary

URN = "urn:pulumi:dev::app::pulumi:index:Stash::"


def events(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def step(op: str, name: str) -> dict[str, Any]:
    return {"resourcePreEvent": {"metadata": {"op": op, "urn": URN + name, "type": "pulumi:index:Stash"}}}


def summary(result: str, **changes: int) -> dict[str, Any]:
    return {"summaryEvent": {"resourceChanges": changes, "durationSeconds": 1, "result": result}}


def error(message: str) -> dict[str, Any]:
    return {"diagnosticEvent": {"severity": "error", "message": message}}


def test_an_update_that_did_what_was_approved(tmp_path: Path) -> None:
    log = events(tmp_path / "e.jsonl", step("update", "label"), summary("succeeded", update=1, same=2))
    out = applied_summary(log, tmp_path / "x.log", {URN + "label": "update"}, {}, cascade=True)
    assert (out["approval"], out["previewed_again"], out["changes"]) == ("matched", True, {"same": 2, "update": 1})


def test_an_update_that_did_less(tmp_path: Path) -> None:
    log = events(tmp_path / "e.jsonl", summary("succeeded", same=3))
    out = applied_summary(log, tmp_path / "x.log", {URN + "label": "update"}, {}, cascade=False)
    assert (out["approval"], out["not_applied"]) == ("less", [URN + "label"])
    assert "previewed_again" not in out


def test_a_plan_violation_is_named_with_its_known_causes(tmp_path: Path) -> None:
    said = f"resource {URN}box violates plan: properties changed: ~~input[{{c}}!={{b}}]"
    log = events(tmp_path / "e.jsonl", error(said), summary("failed"))
    out = applied_summary(log, tmp_path / "x.log", {URN + "box": "update"}, {}, cascade=False)
    assert out["engine_error"].startswith(f"the engine refused to go beyond the approved update plan: {said} (")
    assert "pulumi/pulumi#11587" in out["engine_error"]
    assert "approval" not in out


def test_a_silent_failure_says_so(tmp_path: Path) -> None:
    log = events(tmp_path / "e.jsonl", summary("failed", update=1))
    out = applied_summary(log, tmp_path / "x.log", {}, {}, cascade=False)
    assert out["engine_error"].startswith("the engine failed without saying why (")
    assert "#16670" in out["engine_error"]


def test_a_stack_the_cascade_rule_stopped(tmp_path: Path) -> None:
    seen = {"unapproved": ["replace pulumi:index:Stash zone (approved: no change)"]}
    out = applied_summary(tmp_path / "none.jsonl", tmp_path / "x.log", {}, seen, cascade=True)
    assert out == {"approval": "stopped", "unapproved": seen["unapproved"]}


def test_an_update_whose_engine_exited_0_with_errors_says_so_first(tmp_path: Path) -> None:
    """Pulumi 3.274 + pulumi-yaml: a failed `fn::readFile` of an output, the engine exits 0 (test_exit_0_errors.py)."""
    log = events(
        tmp_path / "e.jsonl", step("create", "box"), error("Error reading file"), summary("succeeded", create=1)
    )
    out = applied_summary(log, tmp_path / "x.log", {URN + "box": "create"}, {}, cascade=False, exit_0_errors=1)
    assert out["engine_error"] == "the engine exited 0 but reported 1 error (see its log): Error reading file"
    assert out["exit_0_errors"] == 1
    assert out["approval"] == "matched"  # what it applied is still compared with what was approved
