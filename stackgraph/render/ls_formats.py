"""Render the stacks `stackgraph ls` selected, in plan order, as text or JSON. Pure functions."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from typing import Any

from stackgraph.files import shown_json
from stackgraph.model import StackId
from stackgraph.plan import Plan

LS_SCHEMA = "stackgraph.ls/v1"
Why = Mapping[StackId, tuple[str, ...]]


class LsFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


def render_text(plan: Plan, why: Why, *, explain: bool = False) -> str:
    """One stack id per line, in plan order; with `explain`, why each was selected after it."""
    ids = plan.stack_ids
    if not explain:
        return "".join(f"{sid}\n" for sid in ids)
    width = max((len(sid) for sid in ids), default=0)
    return "".join(f"{sid:<{width}}  {'; '.join(why.get(sid, ()))}\n" for sid in ids)


def render_json(plan: Plan, why: Why, *, explain: bool = False) -> str:
    """The `stackgraph.ls/v1` document: every selected stack with its level and reasons."""
    del explain  # the reasons are always in the document
    by_id = plan.repo.stack_by_id()
    stacks: list[dict[str, Any]] = [
        {
            "id": sid,
            "project": by_id[sid].project,
            "stack": by_id[sid].name,
            "path": by_id[sid].project_path,
            "level": level,
            "why": list(why.get(sid, ())),
        }
        for level, ids in enumerate(plan.levels)
        for sid in ids
    ]
    return shown_json(json.dumps({"schema": LS_SCHEMA, "stacks": stacks}, indent=2)) + "\n"


RENDERERS: dict[LsFormat, Callable[..., str]] = {LsFormat.TEXT: render_text, LsFormat.JSON: render_json}
