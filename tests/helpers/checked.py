"""What `stackgraph check` says of a scanned repository, in the short form the reader tests compare."""

from __future__ import annotations

from pathlib import Path

from stackgraph.contracts import check
from stackgraph.discovery.scan import scan


def outcome(root: Path) -> tuple[list[str], list[str]]:
    """Each error as `file:line key` (a key read in the site's own file at the site's line: the CLI finds the line
    that reads it), and each open site's reason."""
    result = check(scan(root))
    errors = [f"{f.file}:{f.line} {f.output}" for f in result.errors]
    return errors, [o.reason for o in result.open_reads]
