"""Render a scanned `Repo`: the `stackgraph.scan/v1` JSON document and a plain text summary."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from stackgraph.model import DiagnosticCode, Repo
from stackgraph.render import jsonfmt
from stackgraph.render.diagnostics import skipped_lines

SCAN_SCHEMA = "stackgraph.scan/v1"


def version() -> str:
    """A digest of the code behind `scan`'s output (this package; the model is in the scan's own version):
    a stored rendering is used only by the same code."""
    h = hashlib.blake2b(digest_size=12)
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def scan_to_dict(repo: Repo) -> dict[str, Any]:
    """The `stackgraph.scan/v1` document (see docs/formats.md). Never holds a secret value."""
    return {
        "schema": SCAN_SCHEMA,
        "projects": [
            {"name": p.name, "path": p.path, "runtime": p.runtime, "file": p.file, "main": p.main}
            for p in repo.projects
        ],
        "stacks": [
            {
                "id": s.id,
                "project": s.project,
                "name": s.name,
                "file": s.file,
                "secure_keys": list(s.secure_keys),
                "environment": list(s.environment),
            }
            for s in repo.stacks
        ],
        "references": [r.to_json() for r in repo.references],
        "edges": [e.to_json() for e in repo.edges],
        "external": list(repo.external),
        "dangling": list(repo.dangling),
        "diagnostics": [d.to_json() for d in repo.diagnostics],
        "skipped": [k.to_json() for k in repo.skipped],
        "exports": [x.to_json() for x in repo.exports],
    }


def render_json(repo: Repo) -> str:
    return jsonfmt.dumps(scan_to_dict(repo))


def unresolved_lines(repo: Repo) -> list[str]:
    """One line per unresolved reference site and reason, naming every stack it concerns, in scan order: by id
    (`certs/poc`) when the site is in a file outside the referencing project's folder."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in repo.references:
        if not r.resolved:
            inside = r.project_path == "." or r.file.startswith(r.project_path + "/")
            who = r.stack if inside or r.stack is None else f"{r.project}/{r.stack}"
            grouped.setdefault((r.site, r.reason), []).extend([who] if who else [])
    lines = []
    for (site, reason), stacks in grouped.items():
        names = sorted(set(stacks))
        who = f" (stack{'s' * (len(names) > 1)} {', '.join(names)})" if names else ""
        lines.append(f"unresolved {site}{who}: {reason}")
    return lines


def project_level_lines(repo: Repo) -> list[str]:
    """The resolved references of the projects without a stack file, which make no edge until a stack is planned
    (`--env NAME`): `{stack}` is the name of the stack that runs. Counted in the summary, so shown too."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in repo.references:
        if r.stack is None and r.resolved and r.target is not None:
            t = r.target
            shown = "/".join(p for p in (t.org, t.project, t.stack or "{stack}") if p)
            grouped.setdefault((f"{r.project}/{{stack}}", shown), []).append(r.site)
    lines = ["references of projects without a stack file ({stack}: the stack that runs; --env NAME plans one):"]
    for (dependent, dependency), sites in grouped.items():
        lines.append(f"{dependent} -> {dependency} [code]")
        lines.extend(f"    {site}" for site in dict.fromkeys(sites))
    return lines if grouped else []


def render_text(repo: Repo) -> str:
    """A readable summary: projects with their stacks, then every edge with its evidence."""
    counts = (
        (len(repo.projects), "project", "projects"),
        (len(repo.stacks), "stack", "stacks"),
        (len(repo.edges), "dependency", "dependencies"),
        (len(repo.references), "stack reference", "stack references"),
    )
    lines = [", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)]
    by_project: dict[str, list[str]] = {}
    for s in repo.stacks:
        by_project.setdefault(s.project_path, []).append(s.name)
    for p in repo.projects:
        stacks = ", ".join(by_project.get(p.path, [])) or "(no stack files)"
        lines.append(f"project {p.name} ({p.runtime}) at {p.path}: {stacks}")
    for e in repo.edges:
        lines.append(f"{e.dependent} -> {e.dependency} [{'+'.join(e.kinds)}]")
        lines.extend(f"    {ev.location()} {ev.detail}".rstrip() for ev in e.evidence)
    lines.extend(project_level_lines(repo))
    lines.extend(unresolved_lines(repo))
    for d in repo.diagnostics:
        if d.code == DiagnosticCode.UNRESOLVED:  # said once, above, with every stack it concerns
            continue
        where = f"{d.location()}: " if d.file else ""
        lines.append(f"{d.severity.value}: {where}{d.message}")
    lines.extend(skipped_lines(repo.skipped))
    return "\n".join(lines) + "\n"
