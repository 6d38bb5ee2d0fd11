"""The displays inside CI: a stack's log folded under its end line (GitHub groups, GitLab sections)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from stackgraph.ci.output import CiSystem
from stackgraph.model import StackId
from stackgraph.results import StackResult, Status
from stackgraph.run import ci_display
from stackgraph.run.ci_display import GithubDisplay, GitlabDisplay, make_ci_display, read_log

STAMP = re.compile(r"\d\d:\d\d:\d\d ")


def _log(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".stackgraph/logs/R/db/dev.log"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_github_folds_the_log_with_workflow_commands_stopped(tmp_path: Path) -> None:
    log = _log(tmp_path, "# stackgraph step up\n::error::not ours\nerror: boom 100%\n")
    out = io.StringIO()
    shown = GithubDisplay(out, root=tmp_path)
    shown.stack_ended(StackResult(StackId("db/dev"), Status.FAILED, None, 1.0, 2.5, log, error="up exited with code 1"))
    shown.stack_ended(StackResult(StackId("api/dev"), Status.SKIPPED, cause=StackId("db/dev")))
    lines = STAMP.sub("", out.getvalue()).splitlines()
    token = lines[1].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert lines == [
        "::group::done db/dev (failed, 1.5s): up exited with code 1",
        f"::stop-commands::{token}",
        "# stackgraph step up",
        "::error::not ours",
        "error: boom 100%",
        f"::{token}::",
        "::endgroup::",
        "skip api/dev: db/dev failed",
    ]


def test_gitlab_folds_the_log_in_a_collapsed_section(tmp_path: Path) -> None:
    log = _log(tmp_path, "line 1\nline 2\n")
    out = io.StringIO()
    shown = GitlabDisplay(out, root=tmp_path)
    shown.stack_ended(StackResult(StackId("db/dev"), Status.SUCCEEDED, None, 1700000000.2, 1700000003.9, log))
    text = STAMP.sub("", out.getvalue())
    assert text == (
        "\x1b[0Ksection_start:1700000000:stack_db_dev[collapsed=true]\r\x1b[0Kdone db/dev (succeeded, 3.7s)\n"
        "line 1\nline 2\n"
        "\x1b[0Ksection_end:1700000003:stack_db_dev\r\x1b[0K\n"
    )


def test_a_long_log_is_shown_by_its_end_and_names_the_file(tmp_path: Path) -> None:
    log = _log(tmp_path, "".join(f"line {i:06d}\n" for i in range(200_000)))  # 2.4 MB
    text = read_log(log, tmp_path)
    first, second = text.splitlines()[:2]
    assert first == (
        f"(the last {ci_display.MAX_LOG_BYTES // 1024} KiB of {log.stat().st_size // 1024} KiB; "
        "all of it: .stackgraph/logs/R/db/dev.log)"
    )
    assert re.fullmatch(r"line \d{6}", second)
    assert text.endswith("line 199999\n")
    assert len(text.encode()) <= ci_display.MAX_LOG_BYTES + 200
    assert read_log(tmp_path / "gone.log", tmp_path) == "(no log: gone.log: No such file or directory)"


def test_outside_ci_there_is_no_ci_display() -> None:
    assert make_ci_display(CiSystem.NONE) is None
    assert isinstance(make_ci_display(CiSystem.GITHUB), GithubDisplay)
    assert isinstance(make_ci_display(CiSystem.GITLAB), GitlabDisplay)
