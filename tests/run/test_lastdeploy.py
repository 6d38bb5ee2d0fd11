"""The last deployment of a stack in its `pulumi stack history --json` rows (newest first), and why not."""

from __future__ import annotations

from typing import Any

import pytest

from stackgraph.model import StackId
from stackgraph.run.pulumi.lastdeploy import Deployment, last_deployment

A, B = "a" * 40, "b" * 40


def row(kind: str, result: str, head: str | None = A, dirty: str = "false", when: str = "T") -> dict[str, Any]:
    env = {"git.dirty": dirty, **({"git.head": head} if head else {})}
    return {"kind": kind, "result": result, "startTime": when, "environment": env}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row("update", "succeeded")], Deployment(A, None, "T")),
        ([row("update", "failed", B), row("update", "succeeded")], Deployment(A, None, "T")),  # the last good one
        (
            [row("refresh", "succeeded", B), row("preview", "succeeded", B), row("update", "succeeded")],
            Deployment(A, None, "T"),
        ),
        (
            [row("destroy", "succeeded", B, when="D"), row("update", "succeeded")],
            Deployment(None, "destroyed at D: nothing of it is deployed", "D"),
        ),
        ([row("destroy", "failed", B), row("update", "succeeded")], Deployment(A, None, "T")),
        ([row("update", "succeeded", None)], Deployment(None, "its last deployment (T) recorded no git commit", "T")),
        ([row("update", "succeeded", "main")], Deployment(None, "its last deployment (T) recorded no git commit", "T")),
        (
            [row("update", "succeeded", dirty="true")],
            Deployment(
                None,
                f"its last deployment (T) ran from {A[:12]} with uncommitted changes: what it deployed is not in git",
                "T",
            ),
        ),
        ([], Deployment(None, "never deployed (no update in its history)")),
        ({"not": "a list"}, Deployment(None, "never deployed (no update in its history)")),
        ([row("update", "failed"), "junk"], Deployment(None, "no successful deployment among its last 2 updates")),
    ],
)
def test_last_deployment(rows: Any, expected: Deployment) -> None:
    assert last_deployment(rows, StackId("net/dev")) == expected
