"""GitHub annotations for a run: failed stacks and the scan's diagnostics, placed on files. Pure.

A failed (or cancelled) stack is an error on the program file and line its engine's first
error names when it names one inside the project (`index.ts:12`, `File "__main__.py", line 12`,
`main.go:12:5`, `Program.cs(12,5)`), else on the stack's `Pulumi.<stack>.yaml`. A diagnostic
with a file (an unresolved reference, a bad config value, ...) is an error or a warning on
its file and line; infos and diagnostics without a file are not annotated (they are in the
log). Paths are made relative to the workspace (the checkout) with `prefix`, the scanned
folder's path inside it. Errors of failed stacks come first, so the limit of 10 per step
never hides a failure behind a warning-like diagnostic.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stackgraph.ci.output import Annotation, Level
from stackgraph.model import Diagnostic, Severity, Stack, StackId
from stackgraph.results import RunResult, Status, printable

_EXT = r"\.(?:py|ts|tsx|mts|cts|js|mjs|cjs|go|cs|fs|java|kt|scala|yaml|yml)"
_SITES = (
    re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)'),  # Python tracebacks
    re.compile(rf"(?P<file>[\w./\\@+-]+{_EXT})\((?P<line>\d+),\d+\)"),  # C#, TypeScript (tsc)
    re.compile(rf"(?P<file>[\w./\\@+-]+{_EXT}):(?P<line>\d+)\b"),  # file:line[:col], Go, Node stacks
)


@dataclass(frozen=True)
class Place:
    """Where the scanned folder is in the workspace, and each stack's files relative to the scanned folder."""

    prefix: str  # "" when the scanned folder is the workspace
    root: str  # the scanned folder, absolute (engine errors name absolute paths)
    stacks: Mapping[StackId, Stack]

    def path(self, rel: str) -> str:
        return posixpath.normpath(posixpath.join(self.prefix, rel)) if self.prefix else rel


def run_annotations(result: RunResult | None, diagnostics: Iterable[Diagnostic], place: Place) -> list[Annotation]:
    """Errors for failed and cancelled stacks, then errors and warnings for the diagnostics with a file."""
    out: list[Annotation] = []
    if result is not None:
        for s in result.stacks:
            if s.status not in (Status.FAILED, Status.CANCELLED) or s.id not in place.stacks:
                continue
            reason = _reason(s.summary.get("engine_error"), s.error) or s.status.value
            file, line = error_site(reason, place, place.stacks[s.id])
            title = f"{result.command} {s.id} {s.status.value}"
            out.append(Annotation(Level.ERROR, reason, place.path(file), line, title))
    for d in sorted(diagnostics, key=lambda d: (d.severity is not Severity.ERROR, d.file or "", d.line or 0)):
        if d.severity is Severity.INFO or d.file is None:
            continue
        level = Level.ERROR if d.severity is Severity.ERROR else Level.WARNING
        out.append(Annotation(level, d.message, place.path(d.file), d.line, f"stackgraph: {d.code}"))
    return out


def _reason(engine_error: object, error: str | None) -> str | None:
    reason = str(engine_error) if engine_error else error
    return printable(reason) if reason else None  # a process's output: no control character in a CI command


def error_site(text: str, place: Place, stack: Stack) -> tuple[str, int | None]:
    """Find where a failed stack's error points: the first program file:line inside its project.

    Returns (file relative to the scanned folder, line), or (the stack file, None) when the
    error names no such place.
    """
    for pattern in _SITES:
        for m in pattern.finditer(text):
            found = _inside(m.group("file").replace("\\", "/"), place.root, stack.project_path)
            if found is not None:
                return found, int(m.group("line"))
    return stack.file, None


def _inside(file: str, root: str, project_path: str) -> str | None:
    """`file` relative to the scanned folder when it lies inside the project, else None."""
    if posixpath.isabs(file):
        rel = posixpath.relpath(file, root)
        if rel.startswith("../"):
            return None
    else:
        rel = posixpath.normpath(posixpath.join(project_path, file))
    inside = project_path in (".", "") or rel == project_path or rel.startswith(project_path.rstrip("/") + "/")
    if not inside or rel.startswith("../") or "/node_modules/" in f"/{rel}":
        return None
    return rel
