"""The plain-line display inside a CI job: each stack's log folded under its end line.

GitHub (`GithubDisplay`): when a stack ends, its end line ("done api/dev (succeeded, 3.2s)")
becomes a `::group::` title and the stack's whole log is printed inside the group, between
`::stop-commands::` markers so that nothing the engine printed is read as a workflow command.
GitLab (`GitlabDisplay`): the same inside a collapsed `section_start`/`section_end`.
Stacks run in parallel, so a log is printed once its stack has ended, never interleaved.
Stacks that never started (skipped, not started) keep their single plain line.

A log longer than `MAX_LOG_BYTES` is shown by its end, with a line naming the file. The logs
hold what the engines printed (Pulumi masks secrets: `--show-secrets=false`) and stackgraph's
own `# stackgraph` step lines; nothing else is added.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import IO

from stackgraph.ci.output import (
    CiSystem,
    group_end,
    group_start,
    resume_commands,
    section_end,
    section_start,
    stop_commands,
)
from stackgraph.results import StackResult, rel
from stackgraph.run.display import PlainDisplay, event_line

MAX_LOG_BYTES = 512 * 1024


class _FoldingDisplay(PlainDisplay):
    """Print a stack's end line as the title of a fold holding its log."""

    def stack_ended(self, result: StackResult) -> None:
        self.result_of[result.id] = result
        text = f"{time.strftime('%H:%M:%S')} {event_line(result, self.result_of)}"
        if result.log is None or result.started_at is None:
            self.stream.write(text + "\n")
        else:
            self.stream.write(self.fold(result, text, read_log(result.log, self.root)))
        self.stream.flush()

    def fold(self, result: StackResult, title: str, log: str) -> str:
        raise NotImplementedError


class GithubDisplay(_FoldingDisplay):
    """`::group::<end line>`, the log (workflow commands stopped), `::endgroup::`."""

    def fold(self, result: StackResult, title: str, log: str) -> str:
        token = secrets.token_hex(16)
        lines = (group_start(title), stop_commands(token), log.rstrip("\n"), resume_commands(token), group_end())
        return "".join(line + "\n" for line in lines)


class GitlabDisplay(_FoldingDisplay):
    """A collapsed section per stack, headed by its end line."""

    def fold(self, result: StackResult, title: str, log: str) -> str:
        name = f"stack_{result.id}"
        began = int(result.started_at or time.time())
        ended = int(result.ended_at or time.time())
        return f"{section_start(name, title, began)}\n{log.rstrip(chr(10))}\n{section_end(name, ended)}\n"


def read_log(path: Path, root: Path | None) -> str:
    """The text of a stack's log; its last MAX_LOG_BYTES with a note when longer; a note when unreadable."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - MAX_LOG_BYTES))
            data = fh.read()
    except OSError as exc:
        return f"(no log: {rel(path, root)}: {exc.strerror})"
    text = data.decode("utf-8", "replace")
    if size > MAX_LOG_BYTES:
        text = (
            f"(the last {MAX_LOG_BYTES // 1024} KiB of {size // 1024} KiB; all of it: {rel(path, root)})\n"
            + (text.split("\n", 1)[-1])
        )
    return text


def make_ci_display(ci: CiSystem, *, root: Path | None = None, stream: IO[str] | None = None) -> PlainDisplay | None:
    """The display for `ci`, or None outside CI (the caller keeps its usual display)."""
    if ci is CiSystem.GITHUB:
        return GithubDisplay(stream, root=root)
    if ci is CiSystem.GITLAB:
        return GitlabDisplay(stream, root=root)
    return None
