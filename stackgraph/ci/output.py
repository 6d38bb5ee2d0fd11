"""The CI system's own language: GitHub workflow commands and GitLab collapsible sections. Pure.

- `detect_ci`: which system a run is in (`--ci` wins; else `GITHUB_ACTIONS=true` or
  `GITLAB_CI=true`; else none).
- GitHub: `::group::`/`::endgroup::`, `::error file=..,line=..,title=..::message` and
  `::warning`, with the data and property escaping of the runner (`%`, CR, LF; and `:` `,`
  in properties), within the per-step limits: at most 10 errors and 10 warnings; the rest
  is summarized in the last annotation of each kind. `::stop-commands::` wraps output that
  is not ours, so a `::` line in an engine's output is never read as a command.
- GitLab: `section_start`/`section_end` lines with the escape codes GitLab's log parser reads.

Nothing here reads the environment or prints: callers pass the environment and write the lines.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GITHUB_ERRORS_PER_STEP = 10
GITHUB_WARNINGS_PER_STEP = 10
STEP_SUMMARY_LIMIT = 1024 * 1024  # bytes: GitHub rejects a larger step summary


class CiSystem(str, enum.Enum):
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


def detect_ci(environ: Mapping[str, str], forced: str | None = None) -> CiSystem:
    """The CI system: `forced` (from --ci) when given, else GitHub/GitLab from their variables.

    Raises ValueError for a `forced` name that is not a `CiSystem` value. Only the exact value
    `true` (any case, surrounding blanks ignored) counts, as the runners set it.
    """
    if forced is not None:
        return CiSystem(forced.strip().lower())
    if environ.get("GITHUB_ACTIONS", "").strip().lower() == "true":
        return CiSystem.GITHUB
    if environ.get("GITLAB_CI", "").strip().lower() == "true":
        return CiSystem.GITLAB
    return CiSystem.NONE


# --- GitHub workflow commands ---------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the runner unescapes it (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also `:` and `,`, which end a property)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def group_start(title: str) -> str:
    return f"::group::{escape_data(title)}"


def group_end() -> str:
    return "::endgroup::"


def stop_commands(token: str) -> str:
    """Stop the runner reading workflow commands until `resume_commands(token)`."""
    return f"::stop-commands::{token}"


def resume_commands(token: str) -> str:
    return f"::{token}::"


class Level(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Annotation:
    """One GitHub annotation; `file` relative to the workspace (the checkout), POSIX."""

    level: Level
    message: str
    file: str | None = None
    line: int | None = None
    title: str | None = None


def annotation_line(a: Annotation) -> str:
    """`::error file=F,line=N,title=T::message` with every part escaped."""
    props = []
    if a.file:
        props.append(f"file={escape_property(a.file)}")
        if a.line:
            props.append(f"line={a.line}")
    if a.title:
        props.append(f"title={escape_property(a.title)}")
    head = f"::{a.level.value}"
    if props:
        head += " " + ",".join(props)
    return f"{head}::{escape_data(a.message)}"


def annotation_lines(
    annotations: Iterable[Annotation],
    *,
    max_errors: int = GITHUB_ERRORS_PER_STEP,
    max_warnings: int = GITHUB_WARNINGS_PER_STEP,
) -> list[str]:
    """The lines for `annotations`, in order, within the per-step limits.

    When a level has more than its limit, the first `limit - 1` are kept and one last
    annotation of that level names how many were left out and where (a few locations),
    so GitHub never drops one silently.
    """
    by_level: dict[Level, list[Annotation]] = {Level.ERROR: [], Level.WARNING: []}
    for a in annotations:
        by_level[a.level].append(a)
    out: list[str] = []
    for level, limit in ((Level.ERROR, max_errors), (Level.WARNING, max_warnings)):
        items = by_level[level]
        if len(items) <= limit:
            out.extend(annotation_line(a) for a in items)
            continue
        kept, rest = items[: limit - 1], items[limit - 1 :]
        out.extend(annotation_line(a) for a in kept)
        out.append(annotation_line(_summary_of(level, rest)))
    return out


def _summary_of(level: Level, rest: Sequence[Annotation]) -> Annotation:
    where = [_where(a) for a in rest[:5]]
    more = f" and {len(rest) - 5} more" if len(rest) > 5 else ""
    word = "errors" if level is Level.ERROR else "warnings"
    return Annotation(
        level,
        f"{len(rest)} more {word} (GitHub shows at most 10 per step): {'; '.join(where)}{more}; "
        "the job log and the step summary have them all",
        title=f"stackgraph: {len(rest)} more {word}",
    )


def _where(a: Annotation) -> str:
    place = f"{a.file}:{a.line}" if a.file and a.line else a.file or ""
    text = a.title or a.message
    return f"{place} {text}".strip()


# --- GitLab collapsible sections ---------------------------------------------------------------

_ESC = "\x1b[0K"
_SECTION_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def section_name(text: str) -> str:
    """A section name GitLab accepts (letters, digits, `_`, `.`, `-`) made from `text`."""
    return _SECTION_NAME.sub("_", text)


def section_start(name: str, header: str, at: int, *, collapsed: bool = True) -> str:
    """`ESC[0Ksection_start:<unix time>:<name>[collapsed=true]\\rESC[0K<header>`."""
    option = "[collapsed=true]" if collapsed else ""
    clean = header.replace("\r", " ").replace("\n", " ")
    return f"{_ESC}section_start:{at}:{section_name(name)}{option}\r{_ESC}{clean}"


def section_end(name: str, at: int) -> str:
    """`ESC[0Ksection_end:<unix time>:<name>\\rESC[0K`."""
    return f"{_ESC}section_end:{at}:{section_name(name)}\r{_ESC}"
