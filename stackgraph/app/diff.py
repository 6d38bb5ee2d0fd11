"""The use case behind `stackgraph diff` (and the graph changes of a preview's markdown summary)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.graph.diff import GraphDiff

if TYPE_CHECKING:
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo


def graph_diff(path: Path, ref: str, *, origin: str, head: tuple[Repo, StackGraph] | None = None) -> GraphDiff:
    """Scan the merge base of `ref` and HEAD (from git, never run) and `path` as it is; compare them.

    `head`: the scan and graph of `path` when the caller has them already.

    Raises `UsageError` (exit 2, naming `origin`) for an empty or unknown ref, a folder outside
    git, or a repository without history in common; `GraphError` for a cycle (in the working
    tree, or at the base: the message says which).
    """
    from stackgraph.app.load import silenced
    from stackgraph.discovery.changes import merge_base
    from stackgraph.discovery.rootfind import locate
    from stackgraph.discovery.scan import scan
    from stackgraph.discovery.snapshot import checkout_of
    from stackgraph.errors import GraphError, StackgraphError, UsageError
    from stackgraph.graph.build import build_graph
    from stackgraph.graph.diff import diff_graphs
    from stackgraph.graph.selector import check_ref
    from stackgraph.render.diagnostics import diagnostic_lines

    if not ref.strip():
        raise UsageError(f"{origin}: the ref is empty; name a branch, tag or commit (e.g. origin/main)")
    check_ref(ref, origin)
    if not path.is_dir():
        raise UsageError(f"{path}: no such folder; pass the folder that holds your Pulumi projects")
    located = locate(path)  # from inside a project folder: its repository, as ls/plan/graph find it
    if located.scope is not None and head is None:
        print(
            f"stackgraph: note: {path} is inside a project: the repository is {located.root} ({located.how} "
            "above it); comparing its whole graph",
            file=sys.stderr,
            flush=True,
        )
        path = located.root
    found = merge_base(path.resolve(), ref, origin)
    if head is None:
        repo = scan(path)
        graph = build_graph(repo)
        for line in diagnostic_lines(repo.diagnostics, silenced(repo)):
            print(line, file=sys.stderr, flush=True)
    else:
        repo, graph = head
    with checkout_of(found) as tree:
        for warning in tree.warnings:
            print(f"stackgraph: warning: {warning}", file=sys.stderr, flush=True)
        try:
            old = scan(tree.folder)
        except StackgraphError as exc:  # a file of the base, not of the working tree: say so
            raise type(exc)(f"in the tree of the merge base {found.commit[:12]} of {ref}: {exc}") from None
        try:
            base = build_graph(old)
        except GraphError as exc:
            raise GraphError(f"at the merge base {found.commit[:12]} of {ref}: {exc}") from None
    return diff_graphs((old, base), (repo, graph), ref=ref, base_commit=found.commit)
