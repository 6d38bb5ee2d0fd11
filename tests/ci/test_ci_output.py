"""GitHub workflow commands and GitLab sections: detection, escaping, limits, placement. Golden strings."""

from __future__ import annotations

import pytest

from stackgraph.ci.output import (
    Annotation,
    CiSystem,
    Level,
    annotation_line,
    annotation_lines,
    detect_ci,
    escape_data,
    escape_property,
    group_end,
    group_start,
    section_end,
    section_start,
)
from stackgraph.model import Diagnostic, Severity, Stack, StackId
from stackgraph.render.ci_annotations import Place, error_site, run_annotations
from stackgraph.results import RunResult, StackResult, Status


@pytest.mark.parametrize(
    ("environ", "forced", "expected"),
    [
        ({}, None, CiSystem.NONE),
        ({"CI": "true"}, None, CiSystem.NONE),  # CI alone names no system
        ({"GITHUB_ACTIONS": "true"}, None, CiSystem.GITHUB),
        ({"GITHUB_ACTIONS": " TRUE "}, None, CiSystem.GITHUB),
        ({"GITHUB_ACTIONS": "false"}, None, CiSystem.NONE),
        ({"GITHUB_ACTIONS": "1"}, None, CiSystem.NONE),
        ({"GITLAB_CI": "true"}, None, CiSystem.GITLAB),
        ({"GITHUB_ACTIONS": "true", "GITLAB_CI": "true"}, None, CiSystem.GITHUB),
        ({"GITHUB_ACTIONS": "true"}, "none", CiSystem.NONE),
        ({}, "gitlab", CiSystem.GITLAB),
        ({}, "GitHub", CiSystem.GITHUB),
    ],
)
def test_detection(environ: dict[str, str], forced: str | None, expected: CiSystem) -> None:
    assert detect_ci(environ, forced) is expected


def test_an_unknown_forced_system_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="jenkins"):
        detect_ci({}, "jenkins")


def test_escaping_follows_the_runner() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"
    # Escaping `%` first keeps an already escaped-looking text intact when unescaped.
    assert escape_data("%0A") == "%250A"


def test_annotation_lines() -> None:
    a = Annotation(Level.ERROR, "boom: line1\nline2 100%", "infra/db/index.ts", 12, "up db/dev failed")
    assert (
        annotation_line(a)
        == "::error file=infra/db/index.ts,line=12,title=up db/dev failed::boom: line1%0Aline2 100%25"
    )
    assert annotation_line(Annotation(Level.WARNING, "w", "a,b:c.yaml")) == "::warning file=a%2Cb%3Ac.yaml::w"
    assert annotation_line(Annotation(Level.WARNING, "plain")) == "::warning::plain"
    assert (
        annotation_line(Annotation(Level.ERROR, "no line", "f.py", None, "t")) == "::error file=f.py,title=t::no line"
    )


def test_limits_keep_nine_and_summarize_the_rest_per_level() -> None:
    errors = [Annotation(Level.ERROR, f"e{i}", f"f{i}.py", i + 1) for i in range(13)]
    warnings = [Annotation(Level.WARNING, f"w{i}", f"g{i}.py") for i in range(10)]
    lines = annotation_lines([*errors, *warnings])
    assert [ln.split("::")[1].split(" ")[0] for ln in lines].count("error") == 10
    assert [ln.split("::")[1].split(" ")[0] for ln in lines].count("warning") == 10  # exactly 10: all shown
    assert lines[:9] == [annotation_line(a) for a in errors[:9]]
    assert lines[9] == (
        "::error title=stackgraph%3A 4 more errors::4 more errors (GitHub shows at most 10 per step): "
        "f9.py:10 e9; f10.py:11 e10; f11.py:12 e11; f12.py:13 e12; the job log and the step summary have them all"
    )
    assert lines[10:] == [annotation_line(a) for a in warnings]


def test_exactly_at_the_limit_nothing_is_summarized_and_more_than_five_left_out_are_counted() -> None:
    ten = [Annotation(Level.ERROR, f"e{i}") for i in range(10)]
    assert annotation_lines(ten) == [f"::error::e{i}" for i in range(10)]
    many = annotation_lines([Annotation(Level.WARNING, f"w{i}", "x.yaml", i + 1) for i in range(30)])
    assert len(many) == 10
    assert (
        "21 more warnings" in many[-1]
        and "x.yaml:10 w9; x.yaml:11 w10; x.yaml:12 w11; x.yaml:13 w12; x.yaml:14 w13 and 16 more" in many[-1]
    )


def test_groups_and_gitlab_sections() -> None:
    assert group_start("done api/dev (failed, 1.0s): 100%\nx") == "::group::done api/dev (failed, 1.0s): 100%25%0Ax"
    assert group_end() == "::endgroup::"
    assert section_start("stack_api/dev", "done api/dev (succeeded, 3.0s)", 1700000000) == (
        "\x1b[0Ksection_start:1700000000:stack_api_dev[collapsed=true]\r\x1b[0Kdone api/dev (succeeded, 3.0s)"
    )
    assert section_end("stack_api/dev", 1700000003) == "\x1b[0Ksection_end:1700000003:stack_api_dev\r\x1b[0K"
    assert section_start("s", "a\r\nb", 1, collapsed=False) == "\x1b[0Ksection_start:1:s\r\x1b[0Ka  b"


def _stack(project: str, name: str, path: str) -> Stack:
    return Stack(project, name, f"{path}/Pulumi.{name}.yaml", path)


STACKS = {StackId("db/dev"): _stack("db", "dev", "infra/db"), StackId("web/dev"): _stack("web", "dev", "web")}
PLACE = Place("deploy", "/w/deploy", STACKS)


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ('Traceback: File "/w/deploy/infra/db/__main__.py", line 7, in <module>', ("infra/db/__main__.py", 7)),
        ("index.ts(12,5): error TS2304: Cannot find name 'x'", ("infra/db/index.ts", 12)),
        ("at Object.<anonymous> (/w/deploy/infra/db/src/index.ts:31:9)", ("infra/db/src/index.ts", 31)),
        ("./main.go:14:2: undefined: foo", ("infra/db/main.go", 14)),
        # Outside the project, in node_modules, or not a program file: the stack file.
        ("at x (/w/deploy/web/index.ts:3:1)", ("infra/db/Pulumi.dev.yaml", None)),
        ("at x (/w/deploy/infra/db/node_modules/p/index.js:3:1)", ("infra/db/Pulumi.dev.yaml", None)),
        ("dial tcp api.example.com:443: connection refused", ("infra/db/Pulumi.dev.yaml", None)),
        ("", ("infra/db/Pulumi.dev.yaml", None)),
    ],
)
def test_the_error_site_of_a_failed_stack(text: str, site: tuple[str, int | None]) -> None:
    assert error_site(text, PLACE, STACKS[StackId("db/dev")]) == site


def test_run_annotations_put_failures_first_then_diagnostics_with_a_file() -> None:
    result = RunResult(
        "up",
        0.0,
        1.0,
        4,
        [
            StackResult(StackId("db/dev"), Status.FAILED, summary={"engine_error": "index.ts(3,1): boom"}),
            StackResult(StackId("web/dev"), Status.SKIPPED, cause=StackId("db/dev")),
        ],
    )
    diagnostics = [
        Diagnostic(Severity.WARNING, "unresolved", "cannot resolve the stack name", "web/index.ts", 4),
        Diagnostic(Severity.INFO, "external", "an external stack", "web/index.ts", 5),
        Diagnostic(Severity.WARNING, "no-file", "no file here"),
        Diagnostic(Severity.ERROR, "bad-config", "not a list", "infra/db/Pulumi.dev.yaml", 2),
    ]
    assert run_annotations(result, diagnostics, PLACE) == [
        Annotation(Level.ERROR, "index.ts(3,1): boom", "deploy/infra/db/index.ts", 3, "up db/dev failed"),
        Annotation(Level.ERROR, "not a list", "deploy/infra/db/Pulumi.dev.yaml", 2, "stackgraph: bad-config"),
        Annotation(Level.WARNING, "cannot resolve the stack name", "deploy/web/index.ts", 4, "stackgraph: unresolved"),
    ]
