"""Stack files that import Pulumi ESC environments (`environment:`).

An environment's definition lives in Pulumi Cloud, not in the repository: through `fn::open::pulumi-stacks` it
may give the stack other stacks' outputs (as config or environment variables), a dependency no file here shows.
One info per environment says so, on the `environment` line of the first stack file importing it, with how many
others do (names only: never a config value), and how to declare the edges the scan cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable

from stackgraph.model import Diagnostic, DiagnosticCode, Severity, Stack


def notes(stacks: Iterable[Stack]) -> list[Diagnostic]:
    """One info per ESC environment imported, on the `environment` line of the first stack file (by path) importing
    it, with how many other stack files do: an estate whose every stack imports a shared environment gets one line,
    not one per stack file (`scan -f json` lists each stack's `environment`)."""
    importers: dict[str, dict[str, int | None]] = {}  # environment -> stack file -> its `environment` line
    for stack in stacks:
        for name in stack.environment:
            importers.setdefault(name, {}).setdefault(stack.file, stack.environment_line)
    out = []
    for name, files in importers.items():
        first = min(files)
        others = len(files) - 1
        also = f" (as do {others} other stack file{'s' if others != 1 else ''})" if others else ""
        out.append(
            Diagnostic(
                Severity.INFO,
                DiagnosticCode.ESC_ENVIRONMENT,
                f"imports ESC environment {name}{also}; stack outputs an environment opens "
                "(fn::open::pulumi-stacks) are dependencies stackgraph cannot see: declare them with "
                "stackgraph:dependsOn",
                first,
                files[first],
            )
        )
    return sorted(out, key=lambda d: (d.file or "", d.line or 0, d.message))
