"""Stack files that import Pulumi ESC environments (`environment:`).

An environment's definition lives in Pulumi Cloud, not in the repository: through `fn::open::pulumi-stacks` it
may give the stack other stacks' outputs (as config or environment variables), a dependency no file here shows.
An info on the `environment` line of each such stack file says so, naming the environments it imports (names
only: never a config value) and how to declare the edges the scan cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable

from stackgraph.model import Diagnostic, DiagnosticCode, Severity, Stack


def notes(stacks: Iterable[Stack]) -> list[Diagnostic]:
    """One info per stack file importing ESC environments, in file order (a file read for two stacks, once)."""
    seen: dict[str, Diagnostic] = {}
    for stack in stacks:
        if stack.environment and stack.file not in seen:
            seen[stack.file] = Diagnostic(
                Severity.INFO,
                DiagnosticCode.ESC_ENVIRONMENT,
                f"imports ESC environment(s) {', '.join(stack.environment)}; stack outputs an environment opens "
                "(fn::open::pulumi-stacks) are dependencies stackgraph cannot see: declare them with "
                "stackgraph:dependsOn",
                stack.file,
                stack.environment_line,
            )
    return [seen[file] for file in sorted(seen)]
