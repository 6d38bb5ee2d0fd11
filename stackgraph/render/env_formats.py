"""Environments as text and JSON: the plan `env up` prints before it creates anything, and `env ls`.

Pure functions of their arguments; the same input gives the same bytes (times are given, never read).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from stackgraph.envplan import TAG_CREATED, TAG_FROM, TAG_TTL, Environment, EnvPlan, format_time
from stackgraph.files import shown_json
from stackgraph.model import StackId

ENVS_SCHEMA = "stackgraph.envs/v1"


def render_env_plan(plan: EnvPlan, levels: Sequence[Sequence[StackId]]) -> str:
    """The environment's plan: the stacks created (in deploy order), the references rewritten, what is shared."""
    base_of = plan.base_of()
    lines = [
        f"environment {plan.name} from {plan.base}: {len(plan.created)} stack(s) to create, "
        f"{len(plan.rewrites)} config value(s) rewritten, {len(plan.shared)} shared"
    ]
    lines.append("create (in this order):")
    for number, level in enumerate(levels, 1):
        lines.extend(f"  {number}  {sid}  with the config of {base_of[sid]}" for sid in level)
    if plan.rewrites:
        lines.append("rewrite (stack  key  old -> new  where the old value is written):")
        lines.extend(f"  {r.stack}  {r.key}  {r.old} -> {r.new}  ({r.file})" for r in plan.rewrites)
    else:
        lines.append("rewrite: no config value names another copied stack")
    readers: dict[StackId, list[StackId]] = {}
    for new, read in plan.reads:
        readers.setdefault(read, []).append(new)
    shared = sorted(set(plan.shared) | set(readers))
    if shared:
        lines.append("shared (read as they are, never copied nor changed):")
        for sid in shared:
            by = readers.get(sid)
            lines.append(f"  {sid}" + (f"  read by {', '.join(sorted(by))}" if by else "  read by none of them"))
    return "\n".join(lines) + "\n"


def _age(seconds: float) -> str:
    seconds = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_envs_text(envs: Sequence[Environment], now: float) -> str:
    """One block per environment: name, base, age, TTL and expiry, then its stacks."""
    if not envs:
        return "no environment (no stack carries the tag stackgraph:env)\n"
    lines = []
    for env in envs:
        created = env.created
        age = _age(now - created) if created is not None else "unknown age"
        end = env.expires()
        ttl = env.tag(TAG_TTL) or "none"
        state = "" if end is None else (" EXPIRED" if end <= now else f", expires {format_time(end)}")
        lines.append(
            f"{env.name}  from {env.tag(TAG_FROM) or '?'}  {len(env.stacks)} stack(s)  {age}  ttl {ttl}{state}"
        )
        lines.extend(f"  {s.id}  {s.resources} resource(s)" for s in env.stacks)
    return "\n".join(lines) + "\n"


def render_envs_json(envs: Sequence[Environment], now: float) -> str:
    """`stackgraph.envs/v1`: every environment with its tags, expiry and stacks."""
    doc = {
        "schema": ENVS_SCHEMA,
        "environments": [
            {
                "name": env.name,
                "from": env.tag(TAG_FROM) or None,
                "created": env.tag(TAG_CREATED) or None,
                "ttl": env.tag(TAG_TTL) or None,
                "ttl_s": env.ttl_s,
                "expires": format_time(end) if (end := env.expires()) is not None else None,
                "expired": env.expired(now),
                "stacks": [{"id": s.id, "resources": s.resources} for s in env.stacks],
            }
            for env in envs
        ],
    }
    return shown_json(json.dumps(doc, indent=2, sort_keys=False)) + "\n"


OUTPUTS_SCHEMA = "stackgraph.env-outputs/v1"
_CELL = 200  # characters of one value in the markdown table
_LIMIT = 60_000  # a GitHub comment holds 65,535 characters


def env_marker(name: str) -> str:
    """The first line of `env outputs -f markdown`: one sticky comment per environment."""
    return f"<!-- stackgraph:env {name} -->"


def render_env_outputs_json(name: str, outputs: Mapping[StackId, Mapping[str, Any]]) -> str:
    """`stackgraph.env-outputs/v1`: every stack's outputs (secret ones are "[secret]", as the engine masks them)."""
    stacks = {sid: dict(sorted(outputs[sid].items())) for sid in sorted(outputs)}
    doc = {"schema": OUTPUTS_SCHEMA, "name": name, "stacks": stacks}
    return shown_json(json.dumps(doc, indent=2)) + "\n"


def render_env_outputs_markdown(name: str, outputs: Mapping[StackId, Mapping[str, Any]]) -> str:
    """A table stack / output / value, under 60,000 characters (a pull request comment); long values cut."""
    head = [env_marker(name), f"## Environment {name}: {len(outputs)} stack(s)", ""]
    rows = ["| stack | output | value |", "| --- | --- | --- |"]
    for sid in sorted(outputs):
        values = outputs[sid]
        if not values:
            rows.append(f"| {sid} | | (no outputs) |")
        for key in sorted(values):
            rows.append(f"| {sid} | {_cell(key)} | `{_cell(_text(values[key]))}` |")
    text = "\n".join(head + rows) + "\n"
    if len(text) <= _LIMIT:
        return text
    kept: list[str] = []
    size = len("\n".join(head)) + 200
    for row in rows:
        if size + len(row) + 1 > _LIMIT:
            break
        kept.append(row)
        size += len(row) + 1
    left = len(rows) - len(kept)
    note = f"\n{left} more output(s) left out: `stackgraph env outputs {name} -f json` lists them all\n"
    return "\n".join(head + kept) + "\n" + note


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(",", ":"))


def _cell(text: str) -> str:
    text = " ".join(text.split()).replace("|", "\\|").replace("`", "'")
    return text if len(text) <= _CELL else text[: _CELL - 3] + "..."
