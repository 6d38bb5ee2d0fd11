"""Render a `Plan` as JSON, text, Markdown or a rich table. Pure functions; same plan, same output."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from stackgraph.model import Edge, EdgeKind, StackId
from stackgraph.plan import Direction, Plan
from stackgraph.render import jsonfmt

PLAN_SCHEMA = "stackgraph.plan/v1"


class PlanFormat(str, enum.Enum):
    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def plan_edges(plan: Plan) -> list[Edge]:
    """The edges among the plan's stacks (and to external ones), with evidence where it is direct."""
    direct = {(e.dependent, e.dependency): e for e in plan.repo.edges}
    in_plan = set(plan.stack_ids)
    out: dict[tuple[StackId, StackId], Edge] = {}
    for dependent, dependency in plan.graph.edges():
        out[(dependent, dependency)] = direct.get(
            (dependent, dependency), Edge(dependent, dependency, (EdgeKind.TRANSITIVE,), ())
        )
    outside = set(plan.repo.external) | set(plan.repo.dangling)
    for e in plan.repo.edges:
        if e.dependent in in_plan and e.dependency in outside:
            out[(e.dependent, e.dependency)] = e
    return [out[k] for k in sorted(out)]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The `stackgraph.plan/v1` document (see docs/formats.md)."""
    by_id = plan.repo.stack_by_id()
    runtimes = {p.path: p.runtime for p in plan.repo.projects}
    edges = plan_edges(plan)
    in_plan = set(plan.stack_ids)
    ids = sorted(in_plan)
    return {
        "schema": PLAN_SCHEMA,
        "direction": plan.direction.value,
        "levels": [list(level) for level in plan.levels],
        "stacks": [
            {
                "id": i,
                "project": by_id[i].project,
                "stack": by_id[i].name,
                "path": by_id[i].project_path,
                "runtime": runtimes[by_id[i].project_path],
            }
            for i in ids
        ],
        "edges": [e.to_json() for e in edges],
        "external": sorted({e.dependency for e in edges} & set(plan.repo.external)),
        "dangling": sorted({e.dependency for e in edges} & set(plan.repo.dangling)),
        "critical_path": list(plan.critical_path),
        "diagnostics": [d.to_json() for d in plan.repo.diagnostics],
    }


def render_json(plan: Plan) -> str:
    return jsonfmt.dumps(plan_to_dict(plan))


def _deps(plan: Plan) -> dict[StackId, list[StackId]]:
    """What each stack waits for: its dependencies when deploying, its dependents (in the plan) when destroying."""
    deps: dict[StackId, list[StackId]] = {}
    in_plan = set(plan.stack_ids)
    for e in plan_edges(plan):
        if plan.direction is Direction.UP:
            deps.setdefault(e.dependent, []).append(e.dependency)
        elif e.dependency in in_plan:  # external stacks are never destroyed: nothing waits on them
            deps.setdefault(e.dependency, []).append(e.dependent)
    return {k: sorted(v) for k, v in deps.items()}


def _waits_header(plan: Plan) -> str:
    return "Depends on" if plan.direction is Direction.UP else "Destroyed after"


def _title(plan: Plan) -> str:
    n, k = len(plan.stack_ids), len(plan.levels)
    verb = "deploy" if plan.direction.value == "up" else "destroy"
    return f"{verb} order: {n} stack{'s' * (n != 1)} in {k} level{'s' * (k != 1)}"


def render_text(plan: Plan) -> str:
    """Plain lines: one per stack, with its level and what it waits for."""
    deps = _deps(plan)
    lines = [_title(plan)]
    for i, level in enumerate(plan.levels, 1):
        for sid in level:
            after = deps.get(sid, [])
            lines.append(f"{i}\t{sid}" + (f"\tafter {', '.join(after)}" if after else ""))
    return "\n".join(lines) + "\n"


def render_markdown(plan: Plan) -> str:
    """A Markdown table for pull requests and docs."""
    deps = _deps(plan)
    by_id = plan.repo.stack_by_id()
    lines = [
        f"**stackgraph** {_title(plan)}",
        "",
        f"| Level | Stack | Path | {_waits_header(plan)} |",
        "| ---: | --- | --- | --- |",
    ]
    for i, level in enumerate(plan.levels, 1):
        for sid in level:
            after = ", ".join(f"`{d}`" for d in deps.get(sid, [])) or "-"
            lines.append(f"| {i} | `{sid}` | `{by_id[sid].project_path}` | {after} |")
    return "\n".join(lines) + "\n"


def render_table(plan: Plan) -> Any:
    """A rich Table (printed by the CLI)."""
    from rich.table import Table  # noqa: PLC0415 - rich's table code loads only for terminal output

    deps = _deps(plan)
    by_id = plan.repo.stack_by_id()
    table = Table(title=_title(plan), title_justify="left")
    table.add_column("Level", justify="right", style="bold")
    table.add_column("Stack", style="cyan")
    table.add_column("Path")
    table.add_column(_waits_header(plan), style="dim")
    for i, level in enumerate(plan.levels, 1):
        for j, sid in enumerate(level):
            table.add_row(str(i) if j == 0 else "", sid, by_id[sid].project_path, ", ".join(deps.get(sid, [])))
        if i < len(plan.levels):
            table.add_section()
    return table


RENDERERS: dict[PlanFormat, Callable[[Plan], Any]] = {
    PlanFormat.TABLE: render_table,
    PlanFormat.TEXT: render_text,
    PlanFormat.JSON: render_json,
    PlanFormat.MARKDOWN: render_markdown,
}
