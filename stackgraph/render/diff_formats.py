"""Render a `GraphDiff` as text, Markdown or the `stackgraph.diff/v1` JSON document. Pure functions.

In text and Markdown levels are counted from 1, as `stackgraph plan` prints them; in JSON
from 0, as in the other JSON documents (`stackgraph.graph/v1`, `stackgraph.ls/v1`).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import Any

from stackgraph.files import shown_json
from stackgraph.graph.diff import GraphDiff
from stackgraph.model import Edge

DIFF_SCHEMA = "stackgraph.diff/v1"


class DiffFormat(str, enum.Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


def _edge_json(e: Edge) -> dict[str, Any]:
    return {"from": e.dependent, "to": e.dependency, "evidence": [ev.to_json() for ev in e.evidence]}


def diff_to_dict(diff: GraphDiff) -> dict[str, Any]:
    """The `stackgraph.diff/v1` document (see docs/formats.md)."""
    return {
        "schema": DIFF_SCHEMA,
        "base": diff.base,
        "ref": diff.ref,
        "stacks": {"added": list(diff.stacks_added), "removed": list(diff.stacks_removed)},
        "edges": {
            "added": [_edge_json(e) for e in diff.edges_added],
            "removed": [_edge_json(e) for e in diff.edges_removed],
        },
        "levels": {"changed": [{"id": c.id, "base": c.base, "head": c.head} for c in diff.levels_changed]},
    }


def render_json(diff: GraphDiff) -> str:
    """The document as JSON text (2-space indent, trailing newline)."""
    return shown_json(json.dumps(diff_to_dict(diff), indent=2)) + "\n"


def evidence_text(e: Edge) -> str:
    """`file:line detail; ...`, or a note when the edge has none (implied through other stacks)."""
    return "; ".join(f"{ev.location()} {ev.detail}".strip() for ev in e.evidence) or "no direct evidence"


def _title(diff: GraphDiff) -> str:
    return f"graph changes since {diff.ref} (merge base {diff.base[:12]})"


def render_text(diff: GraphDiff) -> str:
    """Plain lines: a title, then one line per change, `+` added and `-` removed."""
    lines = [_title(diff) + (": none" if diff.empty else "")]
    lines += [f"+ stack {sid}" for sid in diff.stacks_added]
    lines += [f"- stack {sid}" for sid in diff.stacks_removed]
    lines += [f"+ {e.dependent} depends on {e.dependency} ({evidence_text(e)})" for e in diff.edges_added]
    lines += [f"- {e.dependent} no longer depends on {e.dependency} ({evidence_text(e)})" for e in diff.edges_removed]
    lines += [f"~ {c.id} moves from level {c.base + 1} to level {c.head + 1}" for c in diff.levels_changed]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Inline code that survives backticks and pipes in the text (a Markdown table cell too)."""
    body = text.replace("`", "'").replace("|", "\\|")
    return f"`{body}`"


def render_markdown(diff: GraphDiff, *, heading: str = "###") -> str:
    """A Markdown section for a pull request: what now depends on what, and what moved."""
    lines = [f"{heading} Graph changes since `{diff.base[:12]}` ({_code(diff.ref)})", ""]
    if diff.empty:
        return "\n".join([*lines, "No stack, dependency or level changed."]) + "\n"
    for sid in diff.stacks_added:
        lines.append(f"- new stack {_code(sid)}")
    for sid in diff.stacks_removed:
        lines.append(f"- removed stack {_code(sid)}")
    for e in diff.edges_added:
        lines.append(f"- {_code(e.dependent)} now depends on {_code(e.dependency)} ({_code(evidence_text(e))})")
    for e in diff.edges_removed:
        lines.append(f"- {_code(e.dependent)} no longer depends on {_code(e.dependency)} ({_code(evidence_text(e))})")
    for c in diff.levels_changed:
        lines.append(f"- {_code(c.id)} moves from level {c.base + 1} to level {c.head + 1}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[DiffFormat, Callable[[GraphDiff], str]] = {
    DiffFormat.TEXT: render_text,
    DiffFormat.MARKDOWN: render_markdown,
    DiffFormat.JSON: render_json,
}
