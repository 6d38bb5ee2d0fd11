"""The markdown summary of a run: golden text, escaping, the cut under the limit, and Mermaid that parses."""

from __future__ import annotations

from pathlib import Path

from stackgraph.graph.diff import GraphDiff, LevelChange
from stackgraph.model import Edge, Evidence, StackId
from stackgraph.render.markdown_summary import (
    LIMIT,
    ResourceChange,
    SummaryInput,
    render_markdown_summary,
    render_status_mermaid,
)
from stackgraph.results import RunResult, StackResult, Status
from tests.helpers.mermaid import node, parse

S = StackId
ROOT = Path("/r")
LOGS = ROOT / ".stackgraph/logs/R"


def _result(command: str = "preview") -> RunResult:
    stacks = [
        StackResult(
            S("net/dev"),
            Status.SUCCEEDED,
            None,
            10.0,
            13.2,
            LOGS / "net/dev.log",
            {"changes": {"create": 2, "same": 1}},
        ),
        StackResult(
            S("db/dev"),
            Status.FAILED,
            None,
            13.2,
            15.1,
            LOGS / "db/dev.log",
            {"changes": {}, "engine_error": "bad | <b>x</b> `y`"},
            "preview exited with code 255: error: bad",
        ),
        StackResult(S("api/dev"), Status.SKIPPED, S("db/dev")),
        StackResult(
            S("web/dev"),
            Status.SUCCEEDED,
            None,
            13.2,
            14.0,
            LOGS / "web/dev.log",
            {"changes": {"update": 1, "replace": 1, "delete": 2}},
        ),
        StackResult(S("cdn/dev"), Status.SUCCEEDED, None, 13.2, 14.0, LOGS / "cdn/dev.log", {"changes": {"same": 4}}),
    ]
    return RunResult(command, 10.0, 16.5, 4, stacks, run_id="R", log_dir=LOGS)


EDGES = [(S("db/dev"), S("net/dev")), (S("api/dev"), S("db/dev")), (S("web/dev"), S("net/dev"))]
WHY = {
    S("net/dev"): ("changed: net/index.ts",),
    S("db/dev"): ("depends on net/dev (changed)",),
    S("api/dev"): ("depends on db/dev", "matches 'api/*'"),
    S("web/dev"): ("depends on net/dev (changed)",),
    S("cdn/dev"): ("changed: cdn/Pulumi.dev.yaml",),
}
RESOURCES = {
    S("net/dev"): [
        ResourceChange("create", "aws:s3/bucket:Bucket", "logs"),
        ResourceChange("same", "pulumi:pulumi:Stack", "net-dev"),
    ],
    S("web/dev"): [ResourceChange("update", "aws:lambda/function:Function", "fn|x")],
}
DIFF = GraphDiff(
    "main",
    "0123456789abcdef0123",
    (S("cdn/dev"),),
    (),
    (
        Edge(
            S("db/dev"),
            S("net/dev"),
            ("explicit",),
            (Evidence("explicit", "db/Pulumi.dev.yaml", 3, "stackgraph:dependsOn: net/dev"),),
        ),
    ),
    (),
    (LevelChange(S("api/dev"), 1, 2),),
)

GOLDEN = """\
<!-- stackgraph:preview -->
## stackgraph preview: 3 succeeded, 1 failed, 1 skipped in 6.5s

| Stack | Status | Duration | Changes |
| --- | --- | ---: | --- |
| `net/dev` | ✅ succeeded | 3.2s | +2 |
| `db/dev` | ❌ failed | 1.9s | - |
| `api/dev` | ⏭️ skipped: db/dev failed | - | - |
| `web/dev` | ✅ succeeded | 0.8s | ~1 -2 +-1 |
| `cdn/dev` | ✅ succeeded | 0.8s | no changes |

### Failed

- `db/dev` failed: `bad | <b>x</b> 'y'` (log: `.stackgraph/logs/R/db/dev.log`)

### Graph changes since `0123456789ab` (`main`)

- new stack `cdn/dev`
- `db/dev` now depends on `net/dev` (`db/Pulumi.dev.yaml:3 stackgraph:dependsOn: net/dev`)
- `api/dev` moves from level 2 to level 3

<details><summary>Why these 5 stacks (<code>--changed-since main</code>)</summary>

- `net/dev`: changed: net/index.ts
- `db/dev`: depends on net/dev (changed)
- `api/dev`: depends on db/dev; matches 'api/*'
- `web/dev`: depends on net/dev (changed)
- `cdn/dev`: changed: cdn/Pulumi.dev.yaml

</details>

### Graph

```mermaid
flowchart TD
  s0["api/dev ⏭️"]
  s1["cdn/dev ✅"]
  s2["db/dev ❌"]
  s3["net/dev ✅"]
  s4["web/dev ✅"]
  s2 --> s0
  s3 --> s2
  s3 --> s4
  classDef ok fill:#dcfce7,stroke:#15803d
  class s1,s3,s4 ok
  classDef failed fill:#fee2e2,stroke:#b91c1c,stroke-width:2px
  class s2 failed
  classDef skipped fill:#f3f4f6,stroke:#6b7280,stroke-dasharray: 5 5
  class s0 skipped
```

### Resources that change

<details><summary><code>net/dev</code>: +2</summary>

| Change | Type | Name |
| --- | --- | --- |
| `+ create` | `aws:s3/bucket:Bucket` | `logs` |

</details>

<details><summary><code>web/dev</code>: ~1 -2 +-1</summary>

| Change | Type | Name |
| --- | --- | --- |
| `~ update` | `aws:lambda/function:Function` | `fn\\|x` |

</details>
"""


def _doc(command: str = "preview", **extra: object) -> SummaryInput:
    fields: dict[str, object] = {
        "root": ROOT,
        "selection": "--changed-since main",
        "why": WHY,
        "edges": EDGES,
        "resources": RESOURCES,
        "diff": DIFF,
    }
    fields.update(extra)
    return SummaryInput(_result(command), **fields)  # type: ignore[arg-type]  # test data, checked by the golden


def test_golden_preview_summary() -> None:
    assert render_markdown_summary(_doc()) == GOLDEN


def test_a_failed_stack_never_shows_no_changes() -> None:
    """Its zeros say nothing about what it would change: `-`, or what the engine counted before it stopped."""
    from stackgraph.render.markdown_summary import changes_text

    def shown(status: Status, changes: dict[str, int]) -> str:
        return changes_text(StackResult(S("a/dev"), status, summary={"changes": changes}))

    assert shown(Status.FAILED, {"same": 3}) == "-"
    assert shown(Status.CANCELLED, {}) == "-"
    assert shown(Status.FAILED, {"create": 2, "same": 1}) == "+2 so far"
    assert shown(Status.SUCCEEDED, {"same": 3}) == "no changes"


def test_up_has_no_resource_details_and_no_selection_means_every_stack() -> None:
    text = render_markdown_summary(_doc("up", why={}, selection="", diff=None))
    assert text.startswith("<!-- stackgraph:up -->\n## stackgraph up: 3 succeeded, 1 failed, 1 skipped in 6.5s\n")
    assert "Resources that change" not in text and "<details>" not in text
    assert "Graph changes" not in text
    assert "\nSelection: every stack.\n" in text


def test_an_empty_run_says_nothing_ran() -> None:
    empty = RunResult("up", 1.0, 1.0, 4, [], run_id="R")
    assert render_markdown_summary(SummaryInput(empty)) == (
        "<!-- stackgraph:up -->\n## stackgraph up: 0 succeeded in 0.0s\n\nNo stack was selected: nothing ran.\n"
    )


def _big(n_stacks: int, n_resources: int) -> SummaryInput:
    stacks = [
        StackResult(
            S(f"p{i:04d}/dev"),
            Status.SUCCEEDED,
            None,
            0.0,
            1.0,
            LOGS / f"p{i}.log",
            {"changes": {"create": n_resources}},
        )
        for i in range(n_stacks)
    ]
    result = RunResult("preview", 0.0, 9.0, 4, stacks, run_id="R")
    resources = {
        s.id: [ResourceChange("create", "aws:ec2/instance:Instance", f"vm-{j:05d}") for j in range(n_resources)]
        for s in stacks
    }
    edges = [(stacks[i].id, stacks[i - 1].id) for i in range(1, n_stacks)]
    why = {s.id: ("changed: a/very/long/path/to/a/file/that/changed/in/this/pull/request.ts",) for s in stacks}
    return SummaryInput(result, ROOT, "--changed-since main", why, edges, resources, report=".stackgraph/runs/R.json")


def test_a_large_preview_is_cut_below_the_limit_with_a_note() -> None:
    text = render_markdown_summary(_big(40, 200))
    assert len(text) < LIMIT
    assert text.count("| ✅ succeeded |") == 40  # every row of the table stays
    assert "```mermaid" in text and "Why these 40 stacks" in text
    note = text.splitlines()[-1]
    assert note.startswith("> Cut to stay under 60,000 characters: left out ")
    assert " of 40 resource details. Everything is in the run report `.stackgraph/runs/R.json` and the job log." in note
    kept = text.count("<details><summary><code>p")
    assert 0 < kept < 40 and f"left out {40 - kept} of 40 resource details" in note


def test_a_huge_run_keeps_the_table_first_and_drops_the_graph_beyond_mermaid_limits() -> None:
    text = render_markdown_summary(_big(2000, 1))
    assert len(text) < LIMIT
    note = text.splitlines()[-1]
    assert "the graph (1999 edges, more than Mermaid draws)" in note
    assert "```mermaid" not in text
    assert "of 2000 table rows" in note
    assert "selection reasons" in note and "resource details" in note
    # The table is cut at a row boundary.
    rows = [ln for ln in text.splitlines() if ln.startswith("| `p")]
    assert rows and all(ln.endswith(" | +1 |") for ln in rows)


def test_the_same_input_gives_the_same_bytes_whatever_the_order_of_edges() -> None:
    a = render_markdown_summary(_doc())
    b = render_markdown_summary(_doc(edges=list(reversed(EDGES))))
    assert a == b


def test_status_diagrams_parse_with_the_real_mermaid(tmp_path: Path) -> None:
    node_bin = node()
    diagrams = {
        "preview": render_status_mermaid(_doc()),
        "every-status": render_status_mermaid(
            SummaryInput(
                RunResult(
                    "up",
                    0.0,
                    1.0,
                    2,
                    [StackResult(S(f"p{i}/x.y-z_{st.value}"), st) for i, st in enumerate(Status)],
                )
            )
        ),
        "big": render_status_mermaid(_big(60, 1)),
        "quotes": render_status_mermaid(
            SummaryInput(RunResult("up", 0.0, 1.0, 2, [StackResult(S('o/"q"/s'), Status.FAILED)]))
        ),
    }
    diagrams["broken"] = diagrams["preview"].replace('["api/dev ⏭️"]', '["api/dev"', 1)
    files = []
    for name, text in diagrams.items():
        path = tmp_path / f"{name}.mmd"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    code, results = parse(node_bin, files)
    assert code == 1
    assert {name: r["ok"] for name, r in results.items()} == {
        **{f"{name}.mmd": True for name in diagrams if name != "broken"},
        "broken.mmd": False,
    }
