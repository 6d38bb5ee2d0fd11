"""Edges known from deployed state drawn apart (dashed in DOT, `-. state .->` in Mermaid, which the real
parser accepts), and `verify`'s text and `stackgraph.verify/v1` renderings: exact golden strings."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from stackgraph.deployed import (
    DeployedReference,
    DeployedState,
    Finding,
    FindingCode,
    StateStatus,
    Verification,
)
from stackgraph.discovery.scan import scan
from stackgraph.graph.build import build_graph
from stackgraph.model import Edge, EdgeKind, Evidence, Repo, Severity, StackId
from stackgraph.render import graph_formats as gf
from stackgraph.render import verify_formats as vf
from tests.helpers.mermaid import node, parse
from tests.helpers.repo_builder import project, stack, write_repo

APP, NET, DB = StackId("app/dev"), StackId("net/dev"), StackId("db/dev")
URN = "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/net/dev"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """db/dev -> net/dev declared; app/dev -> net/dev known from state only."""
    spec = {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "db/Pulumi.yaml": project("db"),
        "db/Pulumi.dev.yaml": stack(["net/dev"]),
        "app/Pulumi.yaml": project("app"),
        "app/Pulumi.dev.yaml": stack(),
    }
    repo = scan(write_repo(tmp_path, spec), infer=False)
    state = Edge(APP, NET, (EdgeKind.STATE,), (Evidence(EdgeKind.STATE, "state:app/dev", None, URN),))
    return dataclasses.replace(repo, edges=(state, *repo.edges))


def test_dot_draws_state_edges_dashed(repo: Repo) -> None:
    dot = gf.render_dot(gf.make_view(repo, build_graph(repo), cluster=gf.Cluster.NONE))
    edges = [line for line in dot.splitlines() if "->" in line]
    assert edges == [
        f'\t"net/dev" -> "app/dev" [style=dashed tooltip="state:app/dev {URN}"]',
        '\t"net/dev" -> "db/dev" [tooltip="db/Pulumi.dev.yaml:3 stackgraph:dependsOn: net/dev"]',
    ]


def test_mermaid_draws_state_edges_apart_and_parses(repo: Repo, tmp_path: Path) -> None:
    text = gf.render_mermaid(gf.make_view(repo, build_graph(repo), cluster=gf.Cluster.NONE))
    assert text == (
        "flowchart TD\n"
        '  s0["app/dev"]\n'
        '  s1["db/dev"]\n'
        '  s2["net/dev"]\n'
        "  s2 -. state .-> s0\n"
        "  s2 --> s1\n"
        "  classDef external stroke-dasharray: 5 5,color:#555555\n"
        "  classDef dangling fill:#ffe9e6,stroke:#c0392b,stroke-width:2px\n"
    )
    (tmp_path / "state.mmd").write_text(text, encoding="utf-8")
    code, results = parse(node(), [tmp_path / "state.mmd"])
    assert (code, results["state.mmd"]["ok"]) == (0, True)


VERIFICATION = Verification(
    "file:///state",
    (
        DeployedState(APP, StateStatus.DEPLOYED, (DeployedReference(APP, "organization/net/dev", URN, (), NET),), 3),
        DeployedState(DB, StateStatus.UNREADABLE, problem="db/dev: cannot read its state (boom): check it"),
        DeployedState(NET, StateStatus.NOT_DEPLOYED, problem="net/dev: not in the backend file:///state"),
    ),
    (
        Finding(Severity.ERROR, FindingCode.MISSING_EDGE, APP, NET, "app/dev reads net/dev ...", URN, ("a.py:5",)),
        Finding(Severity.INFO, FindingCode.NOT_DEPLOYED, NET, None, "net/dev is not deployed (...)"),
    ),
)


def test_verify_text() -> None:
    assert vf.render_text(VERIFICATION) == (
        "verify: 3 stacks (1 deployed, 1 not deployed, 1 unreadable) in file:///state: 1 error, 0 warnings, 1 info\n"
        "error: app/dev reads net/dev ...\n"
        "info: net/dev is not deployed (...)\n"
        "unreadable: db/dev: cannot read its state (boom): check it\n"
    )


def test_verify_json() -> None:
    text = vf.render_json(VERIFICATION)
    assert text.splitlines()[:5] == [
        "{",
        '  "schema": "stackgraph.verify/v1",',
        '  "backend": "file:///state",',
        '  "complete": false,',
        '  "summary": {"stacks": 3, "deployed": 1, "not-deployed": 1, "unreadable": 1, "error": 1, "warning": 0, '
        '"info": 1},',
    ]
    doc = json.loads(text)
    assert doc["stacks"][1] == {
        "id": "db/dev", "status": "unreadable", "resources": 0,
        "problem": "db/dev: cannot read its state (boom): check it", "references": [],
    }  # fmt: skip
    assert doc["findings"][0] == {
        "severity": "error", "code": "missing-edge", "stack": "app/dev", "target": "net/dev",
        "message": "app/dev reads net/dev ...", "urn": URN, "sites": ["a.py:5"],
    }  # fmt: skip
