"""The cascade rule of `up --plan` in the executor: a stack whose new preview adds operations that were not
approved stops before its update, and its dependents are skipped (docs/deploying.md, "Cascade-safe apply").

The jobs are those app/apply_plan.py builds, with shell steps in place of the engine: the "preview" step
writes the event log the new preview would, the check is apply_plan's `_rechecker`, the "up" step leaves
a marker. The real engine runs the same rule on two stacks in tests/e2e/test_saved_plan_engine.py.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Any

import pytest

from stackgraph.app.apply_plan import _rechecker, applied_summary
from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import Status
from stackgraph.run.executor import execute
from stackgraph.run.types import Job, RunOptions, Step

NET, APP, WEB, DOCS = StackId("net/dev"), StackId("app/dev"), StackId("web/dev"), StackId("docs/dev")
URN = "urn:pulumi:dev::app::pulumi:index:Stash::"
APPROVED = {URN + "db": "update"}  # what the saved plan approved for app/dev


def _sh(name: str, code: str, tmp: Path) -> Step:
    return Step(name, ("sh", "-c", code), tmp, dict(os.environ))


def _applies(sid: StackId, tmp: Path) -> Step:
    return _sh("up", f"touch {shlex.quote(str(tmp / sid.replace('/', '-')))}", tmp)


def _rechecked(tmp: Path, op: str, bundle: Path) -> Job:
    """app/dev: preview again (its event log proposes `op` on the resource approved as an update), then up."""
    wanted = tmp / "proposed.jsonl"
    wanted.write_text(json.dumps({"resourcePreEvent": {"metadata": {"op": op, "urn": URN + "db", "type": "x"}}}))
    events = tmp / "repreview.jsonl"
    seen: dict[str, Any] = {}  # what the check found, for the summary
    doc = {"path": ".", "selection": {"env": "dev"}}
    check = _rechecker(APP, APPROVED, events, seen, doc, bundle)
    preview = Step("preview", ("cp", str(wanted), str(events)), tmp, dict(os.environ), check=check)
    return Job(
        APP,
        (preview, _applies(APP, tmp)),
        summarize=lambda log: applied_summary(tmp / "up.jsonl", log, APPROVED, seen, cascade=True),
    )


def _run(tmp: Path, op: str) -> dict[StackId, Any]:
    graph = StackGraph([NET, APP, WEB, DOCS], [(APP, NET), (WEB, APP)])
    jobs = {sid: Job(sid, (_applies(sid, tmp),)) for sid in (NET, WEB, DOCS)}
    jobs[APP] = _rechecked(tmp, op, tmp / "plan")
    result = execute(graph, jobs, RunOptions(retries=2, retry_backoff_s=0), command="up", log_root=tmp / "logs")
    return {r.id: r for r in result.stacks}


def _applied(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if p.name.endswith("-dev"))


def test_a_new_operation_stops_the_stack_before_its_update_and_skips_its_dependents(tmp_path: Path) -> None:
    out = _run(tmp_path, "replace")
    app = out[APP]
    assert (app.status, app.attempts) == (Status.FAILED, 1)  # the check's refusal is never retried
    assert app.error == (
        "stopped: previewed again after its upstreams were applied, it adds 1 operation(s) that were not approved: "
        "replace pulumi:index:Stash db (approved: update); nothing was applied to app/dev; to approve them, run "
        f"`stackgraph preview . --env dev --save-plan {tmp_path / 'plan'}`, review it, then "
        f"`stackgraph up . --plan {tmp_path / 'plan'}`"
    )
    assert (app.summary["approval"], app.summary["unapproved"]) == (
        "stopped",
        ["replace pulumi:index:Stash db (approved: update)"],
    )
    assert (out[WEB].status, out[WEB].cause) == (Status.SKIPPED, APP)  # its dependent does not run
    assert (out[NET].status, out[DOCS].status) == (Status.SUCCEEDED, Status.SUCCEEDED)  # the rest goes on
    assert _applied(tmp_path) == ["docs-dev", "net-dev"]  # nothing applied to app/dev nor to web/dev


@pytest.mark.parametrize("op", ["update", "same"])
def test_an_equal_or_smaller_change_proceeds_and_the_dependents_run(tmp_path: Path, op: str) -> None:
    out = _run(tmp_path, op)
    assert {sid: r.status for sid, r in out.items()} == dict.fromkeys(out, Status.SUCCEEDED)
    assert _applied(tmp_path) == ["app-dev", "docs-dev", "net-dev", "web-dev"]
