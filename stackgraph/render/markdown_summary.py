"""The markdown summary of a run, for a pull request comment and a CI step summary. Pure.

    <!-- stackgraph:preview -->
    ## stackgraph preview: 5 succeeded, 1 failed, 2 skipped in 12.3s
    table: stack / status / duration / resource changes (+create ~update -delete +-replace)
    the failed stacks' first error; why each stack was selected; the graph changes (a
    `GraphDiff`, when a base is known); a Mermaid graph of the stacks coloured by status;
    for preview, a folded <details> per stack with the resources that change.

The first line is a stable marker, so a workflow can find and update one sticky comment.
The whole text stays under `limit` characters (60,000 by default: a GitHub comment holds
65,535): when it would not fit, whole sections or their last items are left out in a fixed
order (resource details, the graph, the selection reasons, the graph changes, table rows)
and a closing note says what was left out and where to find it. The same input gives the
same bytes. Nothing here holds a secret: statuses, ids, file paths, counts, the engine's
first error (masked by the engine) and resource types and names (from URNs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stackgraph.graph.diff import GraphDiff
from stackgraph.model import StackId
from stackgraph.render.diff_formats import render_markdown as render_diff
from stackgraph.results import RunResult, StackResult, Status, cause_text, failure_reason, rel

LIMIT = 60_000
MERMAID_MAX_EDGES = 500  # Mermaid's own default `maxEdges`: GitHub draws nothing beyond it

ICON = {
    Status.SUCCEEDED: "✅",
    Status.FAILED: "❌",
    Status.CANCELLED: "⛔",
    Status.SKIPPED: "⏭️",
    Status.NOT_STARTED: "⏸️",
    Status.PENDING: "⏳",
    Status.RUNNING: "⏳",
}
_CLASS = {  # Mermaid class per status, and its style
    Status.SUCCEEDED: ("ok", "fill:#dcfce7,stroke:#15803d"),
    Status.FAILED: ("failed", "fill:#fee2e2,stroke:#b91c1c,stroke-width:2px"),
    Status.CANCELLED: ("cancelled", "fill:#ffedd5,stroke:#c2410c"),
    Status.SKIPPED: ("skipped", "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray: 5 5"),
    Status.NOT_STARTED: ("notstarted", "fill:#f3f4f6,stroke:#9ca3af,stroke-dasharray: 2 2"),
    Status.PENDING: ("pending", "fill:#ffffff,stroke:#9ca3af"),
    Status.RUNNING: ("running", "fill:#dbeafe,stroke:#1d4ed8"),
}
_CHANGE_SIGNS = (("create", "+"), ("update", "~"), ("delete", "-"), ("replace", "+-"))


@dataclass(frozen=True)
class ResourceChange:
    """One resource a preview would change: Pulumi's op (create, update, ...), its type and name."""

    op: str
    type: str
    name: str


@dataclass(frozen=True)
class SummaryInput:
    """Everything the summary shows; `edges` are `(dependent, dependency)` among the run's stacks."""

    result: RunResult
    root: Path | None = None  # log paths are shown relative to it
    selection: str = ""  # the selection options as typed (`--changed-since origin/main --env dev`)
    why: Mapping[StackId, Sequence[str]] = field(default_factory=dict)  # empty: every stack
    edges: Sequence[tuple[StackId, StackId]] = ()
    resources: Mapping[StackId, Sequence[ResourceChange]] = field(default_factory=dict)
    diff: GraphDiff | None = None
    report: str | None = None  # where the full run report is, for the cut note


@dataclass
class _Section:
    """A part of the summary: a head, items that may be cut from the end, a tail."""

    name: str  # as the cut note names it
    head: str = ""
    items: list[str] = field(default_factory=list)
    tail: str = ""
    whole: bool = False  # all or nothing (a diagram cut in half does not parse)
    dropped: str | None = None  # left out whatever the room, and why


def marker(command: str) -> str:
    """The first line: `<!-- stackgraph:<command> -->`."""
    return f"<!-- stackgraph:{command} -->"


def render_markdown_summary(doc: SummaryInput, *, limit: int = LIMIT) -> str:
    """The summary of `doc.result`, under `limit` characters (see the module docstring)."""
    result = doc.result
    top = f"{marker(result.command)}\n## stackgraph {result.command}: {_counts(result)}\n\n"
    if not result.stacks:
        chosen = f" ({_code(doc.selection)})" if doc.selection else ""
        return top + f"No stack was selected{chosen}: nothing ran.\n"
    sections = [_table(doc), _failures(doc), _diff(doc), _why(doc), _graph(doc), _details(doc)]
    kept, left_out = _fit(sections, limit - len(top) - _NOTE_ROOM)
    body = "".join(s.head + "".join(kept[s.name]) + s.tail for s in sections if kept[s.name])
    return (top + body).rstrip("\n") + "\n" + _note(left_out, doc, limit)


# --- sections -------------------------------------------------------------------------------------


def _table(doc: SummaryInput) -> _Section:
    rows = [
        f"| {_code(s.id, table=True)} | {_status(doc.result, s)} | {_secs(s)} | {changes_text(s)} |\n"
        for s in doc.result.stacks
    ]
    head = "| Stack | Status | Duration | Changes |\n| --- | --- | ---: | --- |\n"
    return _Section("table rows", head, rows, "\n")


def _failures(doc: SummaryInput) -> _Section:
    items = []
    for s in doc.result.stacks:
        if s.status not in (Status.FAILED, Status.CANCELLED):
            continue
        log = f" (log: {_code(rel(s.log, doc.root))})" if s.log is not None and s.started_at is not None else ""
        items.append(f"- {_code(s.id)} {s.status.value}: {_code(failure_reason(s) or s.status.value)}{log}\n")
    return _Section("failures", "### Failed\n\n", items, "\n")


def _diff(doc: SummaryInput) -> _Section:
    if doc.diff is None:
        return _Section("graph changes")
    return _Section("graph changes", items=[render_diff(doc.diff) + "\n"], whole=True)


def _why(doc: SummaryInput) -> _Section:
    if not doc.why:
        chosen = f" ({_code(doc.selection)})" if doc.selection else ""
        return _Section("selection reasons", items=[f"Selection: every stack{chosen}.\n\n"])
    n = len(doc.result.stacks)
    chosen = f" (<code>{_html(doc.selection)}</code>)" if doc.selection else ""
    head = f"<details><summary>Why these {n} stack{'s' * (n != 1)}{chosen}</summary>\n\n"
    items = [f"- {_code(s.id)}: {_text('; '.join(doc.why.get(s.id, ())) or '-')}\n" for s in doc.result.stacks]
    return _Section("selection reasons", head, items, "\n</details>\n\n")


def _graph(doc: SummaryInput) -> _Section:
    if len(doc.edges) > MERMAID_MAX_EDGES:
        return _Section("the graph", dropped=f"the graph ({len(doc.edges)} edges, more than Mermaid draws)")
    diagram = "### Graph\n\n```mermaid\n" + render_status_mermaid(doc) + "```\n\n"
    return _Section("the graph", items=[diagram], whole=True)


def _details(doc: SummaryInput) -> _Section:
    if doc.result.command != "preview":
        return _Section("resource details")
    items = []
    for s in doc.result.stacks:
        changes = [c for c in doc.resources.get(s.id, ()) if c.op not in ("same", "read")]
        if not changes:
            continue
        rows = "".join(
            f"| {_code(_op(c.op), table=True)} | {_code(c.type, table=True)} | {_code(c.name, table=True)} |\n"
            for c in changes
        )
        items.append(
            f"<details><summary><code>{_html(s.id)}</code>: {_html(changes_text(s))}</summary>\n\n"
            f"| Change | Type | Name |\n| --- | --- | --- |\n{rows}\n</details>\n\n"
        )
    return _Section("resource details", "### Resources that change\n\n", items)


def render_status_mermaid(doc: SummaryInput) -> str:
    """A Mermaid flowchart of the run's stacks, one class per status; arrows dependency -> dependent."""
    stacks = sorted(doc.result.stacks, key=lambda s: s.id)
    ids = {s.id: f"s{i}" for i, s in enumerate(stacks)}
    lines = ["flowchart TD"]
    for s in stacks:
        label = f"{s.id} {ICON[s.status]}".replace('"', "#quot;")
        lines.append(f'  {ids[s.id]}["{label}"]')
    for dependent, dependency in sorted(doc.edges):
        if dependent in ids and dependency in ids:
            lines.append(f"  {ids[dependency]} --> {ids[dependent]}")
    for status, (name, style) in _CLASS.items():
        members = [ids[s.id] for s in stacks if s.status is status]
        if members:
            lines.append(f"  classDef {name} {style}")
            lines.append(f"  class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"


# --- fitting under the limit ----------------------------------------------------------------------

_NOTE_ROOM = 600  # kept free for the cut note
_PRIORITY = ("table rows", "failures", "graph changes", "selection reasons", "the graph", "resource details")


def _fit(sections: list[_Section], budget: int) -> tuple[dict[str, list[str]], list[str]]:
    """Keep sections (and their first items) in priority order while they fit.

    Returns the items kept per section (none: the section is not shown) and what was left out.
    """
    kept: dict[str, list[str]] = {s.name: [] for s in sections}
    left_out: list[str] = []
    used = 0
    for s in sorted(sections, key=lambda s: _PRIORITY.index(s.name)):
        if s.dropped:
            left_out.append(s.dropped)
            continue
        frame = len(s.head) + len(s.tail)
        size = frame + sum(map(len, s.items))
        if not s.items or used + size <= budget:
            kept[s.name] = list(s.items)
            used += size if s.items else 0
            continue
        taken: list[str] = []
        if not s.whole:
            room = budget - used - frame
            for item in s.items:
                if len(item) > room:
                    break
                taken.append(item)
                room -= len(item)
        if taken:
            kept[s.name] = taken
            used += frame + sum(map(len, taken))
            left_out.append(f"{len(s.items) - len(taken)} of {len(s.items)} {s.name}")
        else:
            left_out.append(s.name)
    return kept, left_out


def _note(left_out: list[str], doc: SummaryInput, limit: int) -> str:
    if not left_out:
        return ""
    where = f"the run report `{doc.report}`" if doc.report else "the run report (.stackgraph/runs/)"
    return (
        f"\n> Cut to stay under {limit:,} characters: left out {', '.join(left_out)}. "
        f"Everything is in {where} and the job log.\n"
    )


# --- words ----------------------------------------------------------------------------------------


def _counts(result: RunResult) -> str:
    order = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.SKIPPED, Status.NOT_STARTED)
    n = {st: sum(1 for s in result.stacks if s.status is st) for st in order}
    parts = [f"{n[st]} {st.value.replace('-', ' ')}" for st in order if n[st] or st is Status.SUCCEEDED]
    return f"{', '.join(parts)} in {result.wall_s:.1f}s"


def _status(result: RunResult, s: StackResult) -> str:
    text = f"{ICON[s.status]} {s.status.value}"
    if s.status in (Status.SKIPPED, Status.NOT_STARTED):
        text += f": {_text(cause_text(result, s), table=True)}"
    return text


def _secs(s: StackResult) -> str:
    return "-" if s.duration_s is None else f"{s.duration_s:.1f}s"


def changes_text(s: StackResult) -> str:
    """`+2 ~1 -0 +-1` from the engine's resource changes (zeros left out), `no changes`, or `-`. A stack that
    failed or was cancelled shows what the engine counted before it stopped (`+2 so far`), or `-`: its
    zeros say nothing about the changes it would make, so never `no changes` (a reviewer would read "safe")."""
    changes = s.summary.get("changes")
    if not isinstance(changes, Mapping):
        return "-"
    parts = [f"{sign}{changes[key]}" for key, sign in _CHANGE_SIGNS if changes.get(key)]
    if s.status in (Status.FAILED, Status.CANCELLED):
        return " ".join(parts) + " so far" if parts else "-"
    return " ".join(parts) or "no changes"


def _op(op: str) -> str:
    sign = {"create": "+", "update": "~", "delete": "-", "replace": "+-", "create-replacement": "++"}
    return f"{sign.get(op, '')} {op}".strip()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(text: str, *, table: bool = False) -> str:
    """Free text: no HTML, one line, pipes escaped in a table cell."""
    out = _html(" ".join(text.split()))
    return out.replace("|", "\\|") if table else out


def _code(text: str, *, table: bool = False) -> str:
    """Inline code that survives backticks (and pipes, in a table cell)."""
    body = " ".join(text.split()).replace("`", "'")
    if table:
        body = body.replace("|", "\\|")
    return f"`{body}`"
