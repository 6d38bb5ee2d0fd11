"""The use case behind `stackgraph report`: find a run report, read it, add the graph, draw it.

The report names stacks, times, statuses and one-line errors only; the graph comes from scanning
the repository the run was in (for the critical path and the picture), so a stack that is gone
from the repository is still on the timeline. Nothing here runs a stack.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.errors import InputError, StackgraphError, UsageError
from stackgraph.model import StackId
from stackgraph.render.timeline import RunView, parse_run
from stackgraph.statedir import location

if TYPE_CHECKING:
    from stackgraph.render.graph_formats import GraphView

RUNS = Path(".stackgraph") / "runs"
_RUN_FILE = re.compile(r"^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}\.json$")


def locate(target: Path | None, repo: Path | None) -> tuple[Path, Path]:
    """Return (report file, repository): TARGET a report, or a repository whose newest run is wanted.

    Raises UsageError when there is no such file or no run report in the repository.
    """
    target = target if target is not None else (repo or Path())
    if target.is_dir():
        root = repo or _repository(target, "showing its newest run")
        return newest(root), root
    if not target.is_file():
        raise UsageError(f"{target}: no such file or folder; pass a run report (JSON) or the repository of a run")
    if repo is None:
        parent = target.resolve().parent
        repo = (
            parent.parent.parent
            if parent.parts[-2:] == RUNS.parts
            else _repository(Path(), "taking its graph and logs for the report")
        )
    return target, repo


def _repository(folder: Path, doing: str) -> Path:
    """The repository whose runs a folder shows: itself, or, inside a project folder, the root above it.

    A run started inside a project folder is kept under the repository root, as `up` and the other
    commands find it (discovery/rootfind.py): `report` from that same folder looks there too, and says so.
    """
    from stackgraph.discovery.rootfind import locate as find

    found = find(folder)
    if found.scope is None:
        return folder
    print(
        f"stackgraph: note: {folder} is inside a project: the repository is {found.root} ({found.how} "
        f"above it); {doing}",
        file=sys.stderr,
    )
    return found.root


def newest(root: Path) -> Path:
    """The newest run report in `root/.stackgraph/runs/` (run ids sort by time); UsageError when none."""
    runs = location(root) / RUNS.name
    try:
        names = sorted(e.name for e in os.scandir(runs) if _RUN_FILE.match(e.name))
    except OSError:
        names = []
    if not names:
        raise UsageError(
            f"{runs}: no run report; run `stackgraph up` (or preview, run, ...) in {root} first, or pass a report file"
        )
    return runs / names[-1]


def load(report: Path) -> RunView:
    """Read a `stackgraph.run/v1` file; InputError (exit 2) when it is unreadable or not one."""
    try:
        text = report.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{report}: cannot read: {exc.strerror or exc}; make it readable, or pass another") from None
    except UnicodeDecodeError:
        raise InputError(
            f"{report}: not a run report (not UTF-8 text, so not JSON); pass a run report that `up --report` wrote, "
            "or the repository of a run"
        ) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{report}: not JSON ({exc}); pass a run report that `up --report` wrote") from None
    return parse_run(data, str(report))


def with_graph(view: RunView, root: Path) -> tuple[RunView, GraphView | None]:
    """Add the critical path (from the repository's graph) and the view of the run's stacks in that graph.

    A repository that cannot be scanned is a warning: the timeline is drawn without both.
    """
    from stackgraph.discovery.scan import scan
    from stackgraph.graph.build import build_graph
    from stackgraph.render.graph_formats import make_view

    try:
        repo = scan(root)
        full = build_graph(repo)
    except StackgraphError as exc:
        print(f"stackgraph: warning: {exc}; the run is drawn without its critical path and graph", file=sys.stderr)
        return view, None
    ran = {s.id: d for s in view.stacks if (d := view.duration(s)) is not None and s.id in full}
    oriented = full.reversed() if view.command == "destroy" else full
    path = oriented.subset(ran).critical_path(ran) if ran else []
    view = dataclasses.replace(view, critical=tuple(s for s in path if s in ran))
    ids = {s.id for s in view.stacks if s.id in full}
    outside = set(repo.external) | set(repo.dangling)
    keep: set[StackId] = set(ids)
    for sid in ids:
        keep.update(d for d in full.dependencies(sid) if d in outside)
    return view, make_view(repo, full.subset(keep))


def log_links(view: RunView, root: Path, page_dir: Path) -> dict[str, str]:
    """Stack id -> its log, relative to the folder the page is written to (POSIX), for logs that exist."""
    out: dict[str, str] = {}
    for s in view.stacks:
        if s.log is None:
            continue
        log = (root / s.log).resolve()
        if log.is_file():
            out[s.id] = Path(os.path.relpath(log, page_dir.resolve())).as_posix()
    return out
