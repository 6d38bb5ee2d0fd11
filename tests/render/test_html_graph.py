"""`graph -f html`: one self-contained page with the graph's data; same repository, same bytes; no secret."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stackgraph.model import Edge, StackId
from stackgraph.render import graph_formats as gf
from stackgraph.render.grid import grid_positions
from stackgraph.render.html.page import json_script
from tests.helpers.clirun import both, cli
from tests.helpers.html_repo import CANARY, OUTSIDE, STACKS, html_repo
from tests.helpers.required import dot

pytestmark = pytest.mark.usefixtures("needs_dot")


@pytest.fixture
def needs_dot() -> None:
    dot()


def page_data(text: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="sg-data">(.*?)</script>', text, re.DOTALL)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_graph_html_is_one_offline_page_with_every_stack(tmp_path: Path) -> None:
    root = html_repo(tmp_path)
    for i, out in enumerate(both("graph", "-f", "html", "-o", tmp_path / "g.html", root)):
        assert out.code == 0, out.stderr
        text = (tmp_path / "g.html").read_text(encoding="utf-8")
        assert f"stackgraph: wrote {tmp_path / 'g.html'}" in out.stderr, i
    assert text.startswith("<!DOCTYPE html>\n")
    assert "Content-Security-Policy\" content=\"default-src 'none';" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", text), "the page loads nothing from anywhere"
    data = page_data(text)
    nodes = {n["id"]: n for n in data["nodes"]}  # type: ignore[attr-defined]
    assert sorted(nodes) == sorted([*STACKS, *OUTSIDE])
    assert {sid: n["kind"] for sid, n in nodes.items() if n["kind"] != "stack"} == OUTSIDE
    assert nodes["db/dev"] | {} == {
        "id": "db/dev",
        "kind": "stack",
        "project": "db",
        "env": "dev",
        "level": 1,
        "file": "db/Pulumi.dev.yaml",
        "tags": ["data"],
    }
    assert nodes["net/dev"]["tags"] == ["core"]  # the project's tags apply
    for i in range(len(nodes)):  # every node and edge of the drawing can be found by the script
        assert f'id="sg_n{i}"' in text
    for j in range(len(data["edges"])):  # type: ignore[arg-type]
        assert f'id="sg_e{j}"' in text
    evidence = [ev for e in data["edges"] for ev in e["evidence"]]  # type: ignore[attr-defined]
    assert {"kind": "code", "file": "api/__main__.py", "line": 3, "detail": ev_detail()} in evidence


EDGE_EVIDENCE = {
    ("api/dev", "cache/dev"): ("explicit", [("explicit", "api/Pulumi.dev.yaml", 3)]),
    ("api/dev", "db/dev"): ("code", [("code", "api/__main__.py", 3)]),
    ("api/prod", "acme/shared/prod"): ("explicit", [("explicit", "api/Pulumi.prod.yaml", 4)]),
    ("api/prod", "db/prod"): ("code", [("code", "api/__main__.py", 3)]),
    ("api/prod", "net/prod"): ("explicit", [("explicit", "api/Pulumi.prod.yaml", 3)]),
    ("db/dev", "net/dev"): ("explicit", [("explicit", "db/Pulumi.dev.yaml", 5)]),
    ("mon/dev", "web/dev"): ("explicit", [("explicit", "mon/Pulumi.dev.yaml", 3)]),
    ("web/dev", "api/dev"): ("explicit", [("explicit", "web/Pulumi.dev.yaml", 3)]),
}
"""Every dependency of the HTML repository: its kind and the kind and place of each piece of evidence."""

LEGEND_ENTRIES = (
    '<span class="sg-sw"></span>stack in this repository',
    '<span class="sg-sw external"></span>external stack (outside the repository, never deployed)',
    '<span class="sg-sw dangling"></span>dangling (referenced, but no such stack file)',
    '<span class="sg-line"></span>dependency, drawn from it to what deploys after it',
    '<span class="sg-line dotted"></span>implied through stacks left out of the selection',
    '<span class="sg-sw sel"></span>selected stack',
    '<span class="sg-sw up"></span>what it needs (all the way down)',
    '<span class="sg-sw down"></span>what needs it (all the way up)',
    '<span class="sg-sw hit"></span>search match',
)


def test_graph_html_has_its_legend_and_each_dependency_with_its_evidence_kind(tmp_path: Path) -> None:
    out = cli("graph", "-f", "html", html_repo(tmp_path))
    assert out.code == 0, out.stderr
    aside = re.search(r"<aside>(.*?)</aside>", out.stdout, re.DOTALL)
    assert aside is not None
    legend = re.search(r'<div class="sg-legend">\n<h3>Legend</h3>\n(.*?)\n</div>', aside.group(1), re.DOTALL)
    assert legend is not None
    assert re.findall(r"<div>(.*?)</div>", legend.group(1)) == list(LEGEND_ENTRIES)
    data = page_data(out.stdout)
    ids = [n["id"] for n in data["nodes"]]  # type: ignore[attr-defined]
    edges = {
        (ids[e["from"]], ids[e["to"]]): (e["kind"], [(ev["kind"], ev["file"], ev["line"]) for ev in e["evidence"]])
        for e in data["edges"]  # type: ignore[attr-defined]
    }
    assert edges == EDGE_EVIDENCE


def ev_detail() -> str:
    return 'StackReference(f"acme/db/{pulumi.get_stack()}")'


def test_graph_html_is_deterministic_and_holds_no_secret(tmp_path: Path) -> None:
    root = html_repo(tmp_path)
    first = cli("graph", "-f", "html", root)
    second = cli("graph", "-f", "html", root)
    assert first.code == 0, first.stderr
    assert first.stdout_bytes == second.stdout_bytes
    assert CANARY not in first.stdout
    assert CANARY in (root / "db" / "Pulumi.dev.yaml").read_text()  # the canary is there to leak
    assert "graphviz version" not in first.stdout.lower()  # no tool version: the same bytes on every machine


def test_graph_html_selection_draws_only_the_chosen_stacks(tmp_path: Path) -> None:
    out = cli("graph", "-f", "html", "--select", "web/dev+", html_repo(tmp_path))
    assert out.code == 0, out.stderr
    assert sorted(n["id"] for n in page_data(out.stdout)["nodes"]) == ["mon/dev", "web/dev"]  # type: ignore[attr-defined]


def test_embedded_json_cannot_close_its_script_element() -> None:
    evil = {"detail": "</script><script>alert(1)</script><!-- & -->"}
    element = json_script(evil, "x")
    assert element.count("</script>") == 1 and element.endswith("</script>")
    assert "<!--" not in element
    inner = element.removeprefix('<script type="application/json" id="x">').removesuffix("</script>")
    assert json.loads(inner) == evil


def wide_view(n: int) -> gf.GraphView:
    """`n` independent stacks and one that needs them all: one very wide level."""
    roots = [gf.Node(StackId(f"p{i:04d}/dev"), "stack", f"p{i:04d}", "dev", 0) for i in range(n)]
    top = gf.Node(StackId("zz/dev"), "stack", "zz", "dev", 1)
    edges = tuple(Edge(top.id, r.id, ("explicit",), ()) for r in roots)
    return gf.GraphView((*roots, top), edges, gf.Cluster.ENV)


def test_grid_positions_cut_levels_into_rows_top_down_and_are_deterministic() -> None:
    levels = [[StackId(f"a{i}") for i in range(5)], [StackId("b")]]
    deps = {StackId("b"): [StackId("a4")]}
    pos = grid_positions(levels, deps, wrap=2)
    assert pos == grid_positions(levels, deps, wrap=2)
    rows = sorted({y for _, y in pos.values()}, reverse=True)  # Graphviz's y grows upwards
    assert len(rows) == 4  # a0 a1 | a2 a3 | a4 | b
    assert [sorted(s for s, (_, y) in pos.items() if y == row) for row in rows] == [
        ["a0", "a1"],
        ["a2", "a3"],
        ["a4"],
        ["b"],
    ]
    assert min(x for x, _ in pos.values()) > 0 and min(y for _, y in pos.values()) > 0


def test_a_wide_graph_is_no_strip_in_the_page() -> None:
    view = wide_view(400)  # above DOT_WRAP_LIMIT: placed on a grid, drawn by neato -n2
    text = gf.render_html(view)
    assert text.count('class="node"') == 401
    box = re.search(r'<svg[^>]*viewBox="([^"]+)"', text)
    assert box is not None
    _, _, width, height = map(float, box.group(1).split())
    assert width / height < 4, (width, height)  # one row of 400 stacks would be ~100:1


def test_a_mid_sized_wide_graph_is_wrapped_by_dot() -> None:
    view = wide_view(60)
    assert gf.html_wrap(view) == 12
    source = gf.dot_source(view, wrap=12)
    assert source.count("rank=same") == 6  # 60 stacks in 5 rows, then zz/dev
    assert source.count("style=invis") == 5
    assert gf.dot_source(view) == gf.render_dot(view)  # the DOT format itself is unchanged
