"""The lines that tell a user about the problems a scan found (warnings and errors, not infos)."""

from __future__ import annotations

from collections.abc import Iterable

from stackgraph.model import Diagnostic, Severity


def diagnostic_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One `stackgraph: <severity>: <file:line>: <message>` line per warning or error, in order."""
    lines = []
    for d in diagnostics:
        if d.severity is not Severity.INFO:
            where = f"{d.location()}: " if d.file else ""
            lines.append(f"stackgraph: {d.severity.value}: {where}{d.message}")
    return lines
