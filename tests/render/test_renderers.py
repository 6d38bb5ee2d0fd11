"""Renderers: exact golden strings for plan (text, markdown, json) and graph (dot, mermaid, json).

The goldens were read line by line against the fixture: levels, evidence lines, external and
dangling styling, transitive edges drawn dotted. The Mermaid ones also pass the real parser
(test_mermaid.py); the DOT ones render with `dot` (test_cli.py).
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from stackgraph.discovery.scan import scan
from stackgraph.graph.build import build_graph
from stackgraph.model import Diagnostic, Edge, Evidence, Repo, Severity, StackId
from stackgraph.plan import Direction, make_plan, select_env
from stackgraph.render import graph_formats as gf
from stackgraph.render import plan_formats as pf
from stackgraph.render import scan_formats as sf
from tests.helpers.goldens import MERMAID_SMALL
from tests.helpers.repo_builder import project, stack, write_repo

SMALL = {
    "stackgraph.yaml": {"org": "acme"},
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "net/Pulumi.prod.yaml": stack(),
    "app/Pulumi.yaml": project("app", runtime="python", config={"stackgraph:dependsOn": ["net/{stack}"]}),
    "app/Pulumi.dev.yaml": stack(),
    "app/Pulumi.prod.yaml": stack(["net/prod", "acme/shared/prod"]),
}


@pytest.fixture
def small(tmp_path: Path) -> Repo:
    return scan(write_repo(tmp_path, SMALL), infer=False)


def ev(file: str, line: int, value: str) -> dict[str, object]:
    return {"kind": "explicit", "file": file, "line": line, "detail": f"stackgraph:dependsOn: {value}"}


EDGES_JSON = [
    {"from": "app/dev", "to": "net/dev", "kind": "explicit", "evidence": [ev("app/Pulumi.yaml", 5, "net/{stack}")]},
    {
        "from": "app/prod",
        "to": "acme/shared/prod",
        "kind": "explicit",
        "evidence": [ev("app/Pulumi.prod.yaml", 4, "acme/shared/prod")],
    },
    {"from": "app/prod", "to": "net/prod", "kind": "explicit", "evidence": [ev("app/Pulumi.prod.yaml", 3, "net/prod")]},
]


def test_plan_json(small: Repo) -> None:
    assert pf.render_json(make_plan(small, build_graph(small))) == (
        "{\n"
        '  "schema": "stackgraph.plan/v1",\n'
        '  "direction": "up",\n'
        '  "levels": [\n'
        '    ["net/dev", "net/prod"],\n'
        '    ["app/dev", "app/prod"]\n'
        "  ],\n"
        '  "stacks": [\n'
        '    {"id": "app/dev", "project": "app", "stack": "dev", "path": "app", "runtime": "python"},\n'
        '    {"id": "app/prod", "project": "app", "stack": "prod", "path": "app", "runtime": "python"},\n'
        '    {"id": "net/dev", "project": "net", "stack": "dev", "path": "net", "runtime": "yaml"},\n'
        '    {"id": "net/prod", "project": "net", "stack": "prod", "path": "net", "runtime": "yaml"}\n'
        "  ],\n"
        '  "edges": [\n'
        '    {"from": "app/dev", "to": "net/dev", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.yaml", "line": 5, '
        '"detail": "stackgraph:dependsOn: net/{stack}"}]},\n'
        '    {"from": "app/prod", "to": "acme/shared/prod", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.prod.yaml", "line": 4, '
        '"detail": "stackgraph:dependsOn: acme/shared/prod"}]},\n'
        '    {"from": "app/prod", "to": "net/prod", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.prod.yaml", "line": 3, '
        '"detail": "stackgraph:dependsOn: net/prod"}]}\n'
        "  ],\n"
        '  "external": ["acme/shared/prod"],\n'
        '  "dangling": [],\n'
        '  "critical_path": ["net/dev", "app/dev"],\n'
        '  "diagnostics": []\n'
        "}\n"
    )


def test_plan_json_destroy_one_env(small: Repo) -> None:
    the_plan = make_plan(small, build_graph(small), select_env(small, "dev"), direction=Direction.DESTROY)
    doc = json.loads(pf.render_json(the_plan))
    assert (doc["direction"], doc["levels"], doc["external"], doc["critical_path"]) == (
        "destroy",
        [["app/dev"], ["net/dev"]],
        [],
        ["app/dev", "net/dev"],
    )
    assert doc["edges"] == EDGES_JSON[:1]


def test_plan_text(small: Repo) -> None:
    assert pf.render_text(make_plan(small, build_graph(small))) == (
        "deploy order: 4 stacks in 2 levels\n"
        "1\tnet/dev\n"
        "1\tnet/prod\n"
        "2\tapp/dev\tafter net/dev\n"
        "2\tapp/prod\tafter acme/shared/prod, net/prod\n"
    )


def test_plan_text_destroy_waits_for_dependents(small: Repo) -> None:
    assert pf.render_text(make_plan(small, build_graph(small), direction=Direction.DESTROY)) == (
        "destroy order: 4 stacks in 2 levels\n"
        "1\tapp/dev\n"
        "1\tapp/prod\n"
        "2\tnet/dev\tafter app/dev\n"
        "2\tnet/prod\tafter app/prod\n"
    )


def test_plan_markdown(small: Repo) -> None:
    assert pf.render_markdown(make_plan(small, build_graph(small))) == (
        "**stackgraph** deploy order: 4 stacks in 2 levels\n"
        "\n"
        "| Level | Stack | Path | Depends on |\n"
        "| ---: | --- | --- | --- |\n"
        "| 1 | `net/dev` | `net` | - |\n"
        "| 1 | `net/prod` | `net` | - |\n"
        "| 2 | `app/dev` | `app` | `net/dev` |\n"
        "| 2 | `app/prod` | `app` | `acme/shared/prod`, `net/prod` |\n"
    )


def test_plan_markdown_destroy(small: Repo) -> None:
    the_plan = make_plan(small, build_graph(small), select_env(small, "prod"), direction=Direction.DESTROY)
    assert pf.render_markdown(the_plan) == (
        "**stackgraph** destroy order: 2 stacks in 2 levels\n"
        "\n"
        "| Level | Stack | Path | Destroyed after |\n"
        "| ---: | --- | --- | --- |\n"
        "| 1 | `app/prod` | `app` | - |\n"
        "| 2 | `net/prod` | `net` | `app/prod` |\n"
    )


def test_plan_table(small: Repo) -> None:
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(pf.render_table(make_plan(small, build_graph(small))))
    text = "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())  # rich pads the title
    assert text == (
        "deploy order: 4 stacks in 2 levels\n"
        "┏━━━━━━━┳━━━━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ Level ┃ Stack    ┃ Path ┃ Depends on                 ┃\n"
        "┡━━━━━━━╇━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│     1 │ net/dev  │ net  │                            │\n"
        "│       │ net/prod │ net  │                            │\n"
        "├───────┼──────────┼──────┼────────────────────────────┤\n"
        "│     2 │ app/dev  │ app  │ net/dev                    │\n"
        "│       │ app/prod │ app  │ acme/shared/prod, net/prod │\n"
        "└───────┴──────────┴──────┴────────────────────────────┘\n"
    )


DOT_SMALL = (
    "digraph stackgraph {\n"
    "\tgraph [fontname=Helvetica newrank=true nodesep=0.4 rankdir=TB]\n"
    "\tnode [fontname=Helvetica fontsize=11 shape=box]\n"
    '\tedge [arrowsize=0.7 color="#555555"]\n'
    "\tsubgraph cluster_0 {\n"
    '\t\tcolor="#bbbbbb" fontname=Helvetica label=dev style=rounded\n'
    '\t\t"app/dev" [label="app/dev" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
    '\t\t"net/dev" [label="net/dev" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
    "\t}\n"
    "\tsubgraph cluster_1 {\n"
    '\t\tcolor="#bbbbbb" fontname=Helvetica label=prod style=rounded\n'
    '\t\t"app/prod" [label="app/prod" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
    '\t\t"net/prod" [label="net/prod" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
    "\t}\n"
    '\t"acme/shared/prod" [label="acme/shared/prod\\n(external)" color="#777777" fontcolor="#555555" '
    'style="rounded,dashed"]\n'
    "\t{\n"
    "\t\trank=same\n"
    '\t\t"acme/shared/prod"\n'
    '\t\t"net/dev"\n'
    '\t\t"net/prod"\n'
    "\t}\n"
    "\t{\n"
    "\t\trank=same\n"
    '\t\t"app/dev"\n'
    '\t\t"app/prod"\n'
    "\t}\n"
    '\t"net/dev" -> "app/dev" [tooltip="app/Pulumi.yaml:5 stackgraph:dependsOn: net/{stack}"]\n'
    '\t"acme/shared/prod" -> "app/prod" [tooltip="app/Pulumi.prod.yaml:4 stackgraph:dependsOn: acme/shared/prod"]\n'
    '\t"net/prod" -> "app/prod" [tooltip="app/Pulumi.prod.yaml:3 stackgraph:dependsOn: net/prod"]\n'
    "}\n"
)


def test_graph_dot(small: Repo) -> None:
    assert gf.render_dot(gf.make_view(small, build_graph(small))) == DOT_SMALL


def test_graph_mermaid(small: Repo) -> None:
    assert gf.render_mermaid(gf.make_view(small, build_graph(small))) == MERMAID_SMALL


def test_graph_json(small: Repo) -> None:
    assert gf.render_json(gf.make_view(small, build_graph(small))) == (
        "{\n"
        '  "schema": "stackgraph.graph/v1",\n'
        '  "levels": [\n'
        '    ["acme/shared/prod", "net/dev", "net/prod"],\n'
        '    ["app/dev", "app/prod"]\n'
        "  ],\n"
        '  "nodes": [\n'
        '    {"id": "acme/shared/prod", "kind": "external", "project": "shared", "stack": "prod", "level": 0},\n'
        '    {"id": "app/dev", "kind": "stack", "project": "app", "stack": "dev", "level": 1},\n'
        '    {"id": "app/prod", "kind": "stack", "project": "app", "stack": "prod", "level": 1},\n'
        '    {"id": "net/dev", "kind": "stack", "project": "net", "stack": "dev", "level": 0},\n'
        '    {"id": "net/prod", "kind": "stack", "project": "net", "stack": "prod", "level": 0}\n'
        "  ],\n"
        '  "edges": [\n'
        '    {"from": "app/dev", "to": "net/dev", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.yaml", "line": 5, '
        '"detail": "stackgraph:dependsOn: net/{stack}"}]},\n'
        '    {"from": "app/prod", "to": "acme/shared/prod", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.prod.yaml", "line": 4, '
        '"detail": "stackgraph:dependsOn: acme/shared/prod"}]},\n'
        '    {"from": "app/prod", "to": "net/prod", "kind": "explicit", '
        '"evidence": [{"kind": "explicit", "file": "app/Pulumi.prod.yaml", "line": 3, '
        '"detail": "stackgraph:dependsOn: net/prod"}]}\n'
        "  ]\n"
        "}\n"
    )
    assert json.loads(gf.render_json(gf.make_view(small, build_graph(small))))["edges"] == EDGES_JSON


CODE = Evidence("code", "app/__main__.py", 7, 'StackReference("acme/cache/dev")')


@pytest.fixture
def chain(tmp_path: Path) -> Repo:
    """net <- db <- app, and app reads a missing stack `cache/dev` (a dangling node, as inference reports it)."""
    root = write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "db/Pulumi.yaml": project("db"),
            "db/Pulumi.dev.yaml": stack(["net/dev"]),
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(["db/dev"]),
        },
    )
    repo = scan(root, infer=False)
    dangling = Edge(StackId("app/dev"), StackId("cache/dev"), ("code",), (CODE,))
    return dataclasses.replace(
        repo,
        dangling=(StackId("cache/dev"),),
        edges=(repo.edges[0], dangling, *repo.edges[1:]),
        diagnostics=(Diagnostic(Severity.WARNING, "dangling", "no stack cache/dev", "app/__main__.py", 7),),
    )


def _chain_view(chain: Repo) -> gf.GraphView:
    keep = map(StackId, ["net/dev", "app/dev", "cache/dev"])  # db/dev left out: app/dev -> net/dev is implied
    return gf.make_view(chain, build_graph(chain).subset(keep), cluster=gf.Cluster.PROJECT)


def test_graph_dot_dangling_and_transitive(chain: Repo) -> None:
    assert gf.render_dot(_chain_view(chain)) == (
        "digraph stackgraph {\n"
        "\tgraph [fontname=Helvetica newrank=true nodesep=0.4 rankdir=TB]\n"
        "\tnode [fontname=Helvetica fontsize=11 shape=box]\n"
        '\tedge [arrowsize=0.7 color="#555555"]\n'
        "\tsubgraph cluster_0 {\n"
        '\t\tcolor="#bbbbbb" fontname=Helvetica label=app style=rounded\n'
        '\t\t"app/dev" [label="app/dev" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
        "\t}\n"
        "\tsubgraph cluster_1 {\n"
        '\t\tcolor="#bbbbbb" fontname=Helvetica label=net style=rounded\n'
        '\t\t"net/dev" [label="net/dev" color="#3a64b0" fillcolor="#eef4ff" style="rounded,filled"]\n'
        "\t}\n"
        '\t"cache/dev" [label="cache/dev\\n(dangling)" color="#c0392b" fillcolor="#ffe9e6" '
        'style="rounded,filled,bold"]\n'
        "\t{\n"
        "\t\trank=same\n"
        '\t\t"cache/dev"\n'
        '\t\t"net/dev"\n'
        "\t}\n"
        "\t{\n"
        "\t\trank=same\n"
        '\t\t"app/dev"\n'
        "\t}\n"
        '\t"cache/dev" -> "app/dev" [tooltip="app/__main__.py:7 StackReference(\\"acme/cache/dev\\")"]\n'
        '\t"net/dev" -> "app/dev" [style=dotted tooltip="implied by the full graph"]\n'
        "}\n"
    )


def test_graph_mermaid_dangling_and_transitive(chain: Repo) -> None:
    assert gf.render_mermaid(_chain_view(chain)) == (
        "flowchart TD\n"
        '  subgraph g0["app"]\n'
        '    s0["app/dev"]\n'
        "  end\n"
        '  subgraph g1["net"]\n'
        '    s2["net/dev"]\n'
        "  end\n"
        '  s1["cache/dev (dangling)"]\n'
        "  s1 --> s0\n"
        "  s2 -.-> s0\n"
        "  classDef external stroke-dasharray: 5 5,color:#555555\n"
        "  classDef dangling fill:#ffe9e6,stroke:#c0392b,stroke-width:2px\n"
        "  class s1 dangling\n"
    )


def test_graph_json_dangling_and_transitive(chain: Repo) -> None:
    assert gf.render_json(_chain_view(chain)) == (
        "{\n"
        '  "schema": "stackgraph.graph/v1",\n'
        '  "levels": [\n'
        '    ["cache/dev", "net/dev"],\n'
        '    ["app/dev"]\n'
        "  ],\n"
        '  "nodes": [\n'
        '    {"id": "app/dev", "kind": "stack", "project": "app", "stack": "dev", "level": 1},\n'
        '    {"id": "cache/dev", "kind": "dangling", "project": "cache", "stack": "dev", "level": 0},\n'
        '    {"id": "net/dev", "kind": "stack", "project": "net", "stack": "dev", "level": 0}\n'
        "  ],\n"
        '  "edges": [\n'
        '    {"from": "app/dev", "to": "cache/dev", "kind": "code", '
        '"evidence": [{"kind": "code", "file": "app/__main__.py", "line": 7, '
        '"detail": "StackReference(\\"acme/cache/dev\\")"}]},\n'
        '    {"from": "app/dev", "to": "net/dev", "kind": "transitive", "evidence": []}\n'
        "  ]\n"
        "}\n"
    )


def test_plan_json_dangling_and_diagnostics(chain: Repo) -> None:
    doc = json.loads(pf.render_json(make_plan(chain, build_graph(chain))))
    assert doc["levels"] == [["net/dev"], ["db/dev"], ["app/dev"]]
    assert doc["dangling"] == ["cache/dev"]
    assert [e["to"] for e in doc["edges"]] == ["cache/dev", "db/dev", "net/dev"]
    assert doc["diagnostics"] == [
        {
            "severity": "warning",
            "code": "dangling",
            "message": "no stack cache/dev",
            "file": "app/__main__.py",
            "line": 7,
        }
    ]


def test_graph_cluster_none_and_reduce(chain: Repo) -> None:
    view = gf.make_view(chain, build_graph(chain), reduce=True, cluster=gf.Cluster.NONE)
    assert "subgraph" not in gf.render_dot(view).replace("\t{\n\t\trank=same", "")
    assert [(e.dependent, e.dependency, e.kinds) for e in view.edges] == [
        ("app/dev", "cache/dev", ("code",)),
        ("app/dev", "db/dev", ("explicit",)),
        ("db/dev", "net/dev", ("explicit",)),
    ]


def test_scan_text(small: Repo) -> None:
    assert sf.render_text(small) == (
        "2 projects, 4 stacks, 3 dependencies, 0 stack references\n"
        "project app (python) at app: dev, prod\n"
        "project net (yaml) at net: dev, prod\n"
        "app/dev -> net/dev [explicit]\n"
        "    app/Pulumi.yaml:5 stackgraph:dependsOn: net/{stack}\n"
        "app/prod -> acme/shared/prod [explicit]\n"
        "    app/Pulumi.prod.yaml:4 stackgraph:dependsOn: acme/shared/prod\n"
        "app/prod -> net/prod [explicit]\n"
        "    app/Pulumi.prod.yaml:3 stackgraph:dependsOn: net/prod\n"
    )
