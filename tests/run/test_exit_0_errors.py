"""An engine that exits 0 although its event log reports errors: the stack fails (recorded event lines).

Pulumi 3.274.1 with pulumi-yaml: `fn::readFile: ${net.outputs["token"]}` (a path that is the output of a
StackReference) fails inside the program, the engine prints "creating failed ... 1 error" and "1 errored",
its summary event says "result": "succeeded", and `pulumi up` (and `pulumi preview`) exit 0. The lines
below are from such runs (`--event-log`), resource events left out; tests/e2e/test_exit_0_errors_engine.py
runs the same with the real engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import StackId
from stackgraph.run import pulumi as pl
from stackgraph.run.pulumi.reported import exited_0_text, reported_errors
from stackgraph.run.types import Job
from tests.helpers.repo_builder import project, stack, write_repo

PRELUDE = '{"sequence":0,"timestamp":1796613083,"preludeEvent":{"config":{}}}'
READ_FILE_ERROR = (
    '{"sequence":8,"timestamp":1796613083,"diagnosticEvent":{"prefix":"error: ","message":"Error reading file at '
    "path /nonexist/tok: open /nonexist/tok: no such file or directory\\n\\n  on Pulumi.yaml line 12:\\n  12:     "
    '    fn::readFile: ${net.outputs[\\"token\\"]}\\n\\n\\n","color":"never","severity":"error"}}'
)
UP_SUMMARY = (
    '{"sequence":12,"timestamp":1796613083,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,'
    '"resourceChanges":{"create":2},"PolicyPacks":{},"isPreview":false,"result":"succeeded"}}'
)
PREVIEW_SUMMARY = (
    '{"sequence":13,"timestamp":1796613103,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,'
    '"resourceChanges":{"same":2},"PolicyPacks":{},"isPreview":true,"result":"succeeded"}}'
)
CANCEL = '{"sequence":13,"timestamp":1796613083,"cancelEvent":{}}'
# `fn::readFile: /nonexist/file` alone: the engine exits 1 on this one (its summary says "failed").
PLAIN_ERRORS = (
    '{"sequence":3,"timestamp":1796613084,"diagnosticEvent":{"prefix":"error: ","message":"Error reading file at '
    'path /nonexist/file: open /nonexist/file: no such file or directory\\n","color":"never","severity":"error"}}',
    '{"sequence":4,"timestamp":1796613084,"diagnosticEvent":{"prefix":"error: ","message":"Error registering '
    'resource [box]: no diagnostics\\n","color":"never","severity":"error"}}',
    '{"sequence":6,"timestamp":1796613084,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,'
    '"resourceChanges":{"create":1},"PolicyPacks":{},"isPreview":false,"result":"failed"}}',
)
EXIT_0_UP = (PRELUDE, READ_FILE_ERROR, UP_SUMMARY, CANCEL)
EXIT_0_PREVIEW = (PRELUDE, READ_FILE_ERROR, PREVIEW_SUMMARY, CANCEL)


def _events(*lines: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines]


def _diag(severity: str, **extra: Any) -> str:
    return json.dumps({"diagnosticEvent": {"message": "m\n", "color": "never", "severity": severity, **extra}})


def test_the_recorded_exit_0_update_and_preview_report_one_error() -> None:
    assert reported_errors(_events(*EXIT_0_UP)) == 1
    assert reported_errors(_events(*EXIT_0_PREVIEW)) == 1
    assert reported_errors(_events(PRELUDE, *PLAIN_ERRORS, CANCEL)) == 2


def test_a_clean_log_reports_none_whatever_else_the_engine_said() -> None:
    lines = (PRELUDE, _diag("info"), _diag("info#err"), _diag("warning"), _diag("debug"), UP_SUMMARY, CANCEL)
    assert reported_errors(_events(*lines)) == 0
    assert reported_errors([]) == 0


def test_failed_operations_and_a_failed_summary_count_when_no_error_diagnostic_says_so() -> None:
    failed_op = json.dumps({"resOpFailedEvent": {"metadata": {"op": "create", "urn": "u"}, "status": 1, "steps": 1}})
    assert reported_errors(_events(PRELUDE, failed_op, failed_op, UP_SUMMARY)) == 2
    assert reported_errors(_events(PRELUDE, PLAIN_ERRORS[2])) == 1
    # The error diagnostics are the count when there are any (a failed operation comes with its diagnostic).
    assert reported_errors(_events(READ_FILE_ERROR, failed_op, PLAIN_ERRORS[2])) == 1


def test_the_text_says_it_plainly() -> None:
    assert exited_0_text(1) == "the engine exited 0 but reported 1 error (see its log)"
    assert exited_0_text(2) == "the engine exited 0 but reported 2 errors (see its log)"


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})


def _job(tmp_path: Path, repo_dir: Path, op: pl.Operation) -> Job:
    exe = tmp_path / "bin" / "pulumi"  # a stand-in: the job is made, never run
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    repo = scan(repo_dir)
    environ = {"PATH": str(exe.parent), "HOME": str(tmp_path), "STACKGRAPH_PULUMI_BIN": str(exe)}
    engine = pl.prepare(repo, [s.id for s in repo.stacks], environ=environ)
    net = repo.stack_by_id()[StackId("net/dev")]
    return pl.make_job(engine, net, op, events_dir=tmp_path / "events")


@pytest.mark.parametrize("op", list(pl.Operation))
def test_every_operation_fails_when_the_engine_exits_0_with_errors(
    tmp_path: Path, repo_dir: Path, op: pl.Operation
) -> None:
    job = _job(tmp_path, repo_dir, op)
    (step,) = job.steps
    assert step.event_log is not None and step.check is not None and job.summarize is not None
    step.event_log.write_text("".join(line + "\n" for line in EXIT_0_PREVIEW), encoding="utf-8")
    # The worker calls the check once the step exited 0 (its event log copied): the job fails there.
    assert step.check() == "the engine exited 0 but reported 1 error (see its log)"
    summary = job.summarize(tmp_path / "dev.log")
    assert summary["exit_0_errors"] == 1
    assert summary["engine_error"] == (
        "the engine exited 0 but reported 1 error (see its log): Error reading file at path /nonexist/tok: open "
        '/nonexist/tok: no such file or directory on Pulumi.yaml line 12: 12: fn::readFile: ${net.outputs["token"]}'
    )


def test_a_clean_exit_0_passes_and_its_summary_is_unchanged(tmp_path: Path, repo_dir: Path) -> None:
    job = _job(tmp_path, repo_dir, pl.Operation.UP)
    (step,) = job.steps
    assert step.event_log is not None and step.check is not None and job.summarize is not None
    step.event_log.write_text("".join(line + "\n" for line in (PRELUDE, _diag("warning"), UP_SUMMARY, CANCEL)))
    assert step.check() is None
    summary = job.summarize(tmp_path / "dev.log")
    assert "exit_0_errors" not in summary and "engine_error" not in summary


def test_an_engine_that_exited_non_zero_keeps_its_summary(tmp_path: Path, repo_dir: Path) -> None:
    """The check runs only after an exit 0: a failed engine's summary quotes its first error as before."""
    job = _job(tmp_path, repo_dir, pl.Operation.UP)
    (step,) = job.steps
    assert step.event_log is not None and job.summarize is not None
    step.event_log.write_text("".join(line + "\n" for line in (PRELUDE, *PLAIN_ERRORS, CANCEL)))
    summary = job.summarize(tmp_path / "dev.log")
    assert "exit_0_errors" not in summary
    assert summary["engine_error"] == (
        "Error reading file at path /nonexist/file: open /nonexist/file: no such file or directory"
    )
