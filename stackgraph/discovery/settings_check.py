"""Check `stackgraph.yaml` against the repository when it is loaded: every `watch` glob compiles, every
`exclude` entry skips something.

config.py checks the file's shape (keys and types); what needs the walk or the glob language is here;
the selectors inside `watch` are parsed in the application layer (app/load.py), which may use graph/.
A broken glob is an `InputError` with file and line; an `exclude` entry that matched nothing is a
warning with file and line (a typo or a moved folder: the projects it meant to leave out are read).
"""

from __future__ import annotations

from stackgraph.config import Settings
from stackgraph.discovery.changes import watch_glob
from stackgraph.discovery.walk import Tree, unused_excludes
from stackgraph.errors import InputError
from stackgraph.model import Diagnostic, DiagnosticCode, Severity


def check_watch_globs(settings: Settings) -> None:
    """Compile every `watch` glob; raises InputError naming the settings file and the glob's line."""
    for pattern, _ in settings.watch:
        try:
            watch_glob(pattern)
        except InputError as exc:
            raise InputError(exc.message, file=settings.file, line=settings.watch_line(pattern)) from None


def exclude_warnings(settings: Settings, tree: Tree) -> list[Diagnostic]:
    """One warning per `exclude` entry that skipped no folder or file of the walk."""
    lines = _lines(settings.exclude_lines, len(settings.exclude))
    return [
        Diagnostic(
            Severity.WARNING,
            DiagnosticCode.UNUSED_EXCLUDE,
            f"exclude {settings.exclude[i]!r} matches no folder or file; fix the glob or remove it",
            settings.file,
            lines[i],
        )
        for i in unused_excludes(tree, settings.exclude)
    ]


def _lines(lines: tuple[int | None, ...], n: int) -> tuple[int | None, ...]:
    return lines if len(lines) == n else (None,) * n  # Settings made in code, without a file
