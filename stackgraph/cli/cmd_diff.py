"""`stackgraph diff REF [PATH]`: how the stack graph changed since the merge base of REF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.cli.common import check_format, emit
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import OutOpt, PathArg, format_option


@handle_errors
def diff(
    ref: Annotated[str, typer.Argument(help="A branch, tag or commit; compared from its merge base with HEAD.")],
    path: PathArg = Path(),
    format: Annotated[str, format_option("text", "markdown", "json")] = "text",
    output: OutOpt = None,
) -> None:
    """Show how the stack graph changed between the merge base of REF and the working tree.

    Stacks added and removed, dependencies added and removed with their evidence, and the
    stacks whose level in the deploy order moved. The base is the merge base's tree, written
    from git objects (git ls-tree, git cat-file) into a cache folder and scanned like a
    checkout; nothing is executed.
    """
    from stackgraph.app.diff import graph_diff
    from stackgraph.render.diff_formats import RENDERERS, DiffFormat

    fmt = DiffFormat(check_format(format, (f.value for f in DiffFormat)))
    emit(RENDERERS[fmt](graph_diff(path, ref, origin="diff")), output)
