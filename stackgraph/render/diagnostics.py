"""The lines that tell a user about the problems a scan found (warnings and errors, not infos), and what it
skipped: one summary line, or one line per skipped file with --verbose."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from stackgraph.model import SKIP_REASONS, Diagnostic, DiagnosticCode, Repo, Severity, Skipped


def diagnostic_lines(diagnostics: Iterable[Diagnostic], silence: Collection[str] = ()) -> list[str]:
    """One `stackgraph: <severity>: <file:line>: <message>` line per warning or error, in order; warnings whose
    code is in `silence` (stackgraph.yaml) are left out (errors never are)."""
    lines = []
    for d in diagnostics:
        if d.severity is Severity.WARNING and d.code in silence:
            continue
        if d.severity is not Severity.INFO:
            where = f"{d.location()}: " if d.file else ""
            lines.append(f"stackgraph: {d.severity.value}: {where}{d.message}")
    return lines


NOTHING_LOST = frozenset({"linked", "deployment-settings"})
"""Skips the summary line does not count: a link to projects read at their own path, a stack's deployment settings
file (no stack): `--verbose` still lists them."""


def skipped_summary(skipped: Sequence[Skipped], lister: str = "--verbose") -> str | None:
    """The one warning line that counts what a scan skipped, by reason (most first, ties by name); None if nothing.
    `lister`: what lists the files, for a command without `--verbose` another command that has it.

    `stackgraph: warning: 3 files skipped (ignored by .gitignore: 2, template: 1); --verbose lists them`
    """
    skipped = [k for k in skipped if k.reason not in NOTHING_LOST]
    if not skipped:
        return None
    counts = Counter(k.reason for k in skipped)
    parts = ", ".join(
        f"{SKIP_REASONS.get(r, r)}: {n}" for r, n in sorted(counts.items(), key=lambda rn: (-rn[1], rn[0]))
    )
    noun = "file" if len(skipped) == 1 else "files"
    return f"stackgraph: warning: {len(skipped)} {noun} skipped ({parts}); {lister} lists them"


def skipped_lines(skipped: Iterable[Skipped]) -> list[str]:
    """One `skipped: <file>: <reason> (<detail>)` line per skipped file, sorted by file."""
    return [
        f"skipped: {k.file}: {SKIP_REASONS.get(k.reason, k.reason)}" + (f" ({k.detail})" if k.detail else "")
        for k in sorted(skipped)
    ]


UNREAD_CODES = frozenset({DiagnosticCode.UNREADABLE, DiagnosticCode.UNPARSED})
"""Diagnostics of program files whose StackReferences could not be read (unreadable, undecodable, unparsable)."""


def strict_counts(repo: Repo) -> tuple[int, int]:
    """(unresolved reference sites, program files that could not be read): what `--strict` fails on."""
    unresolved = sum(1 for r in repo.references if not r.resolved)
    unread = len({d.file for d in repo.diagnostics if d.code in UNREAD_CODES})
    return unresolved, unread


def strict_line(unresolved: int, unread: int) -> str | None:
    """The line `--strict` prints before exiting 1; None when there is nothing to fail on."""
    parts = []
    if unresolved:
        parts.append(f"{unresolved} stack reference(s) could not be resolved")
    if unread:
        parts.append(f"{unread} program file(s) could not be read")
    return f"stackgraph: {' and '.join(parts)} (--strict)" if parts else None
