"""A run inside CI, with the fake engine: GitHub groups, annotations and step summary; GitLab sections;
`--markdown FILE`; `--ci` forcing or switching off; secrets in none of it; the same lines outside CI."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import git_estate
from tests.helpers.repo_builder import project, write_repo
from tests.helpers.run_harness import STAMP, Bench, Done

GRAPH = {"net/dev": [], "db/dev": ["net/dev"], "api/dev": ["db/dev"], "web/dev": ["net/dev"]}
SCRIPT = {"db/dev": {"print": ["connecting", "::warning::engine text, not a command"], "exit": 1}}
SECRET = "s3cr3t-Value-42"


def _bench(tmp_path: Path) -> Bench:
    bench = Bench(tmp_path, GRAPH, SCRIPT)
    # A secret in a stack file, and a scan warning with a file and line (a reference read at run time).
    write_repo(
        bench.root,
        {
            "net/Pulumi.dev.yaml": {"config": {"net:password": {"secure": SECRET}}},
            "web/Pulumi.yaml": project("web", runtime="python"),
            "web/__main__.py": 'import os\nimport pulumi\n\nref = pulumi.StackReference(os.environ["WHERE"])\n',
        },
    )
    return bench


def _plain(text: str) -> list[str]:
    """Lines without their time (also in a group's title)."""
    return re.sub(r"^::group::\d\d:\d\d:\d\d ", "::group::", STAMP.sub("", text), flags=re.MULTILINE).splitlines()


def test_github_groups_logs_annotates_and_writes_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = _bench(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.write_text("# earlier step output\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    markdown = tmp_path / "summary.md"
    done = bench.run("-p", "1", "--markdown", str(markdown))
    assert done.code == 1, done.stderr
    lines = _plain(done.stderr)
    # db/dev's log is folded under its end line, with workflow commands stopped inside it.
    start = next(i for i, ln in enumerate(lines) if ln.startswith("::group::done db/dev (failed, "))
    token = lines[start + 1].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    end = lines.index("::endgroup::", start)
    inside = lines[start + 2 : end - 1]
    assert lines[end - 1] == f"::{token}::"
    assert "connecting" in inside and "::warning::engine text, not a command" in inside
    assert any(ln.startswith("# stackgraph ") for ln in inside)
    assert "skip api/dev: db/dev failed" in lines
    assert sum(1 for ln in lines if ln.startswith("::group::done ")) == 3  # net, db, web; api never ran
    # Annotations after the summary: the failed stack on its stack file, the scan warning on its line.
    errors = [ln for ln in lines if ln.startswith("::error ")]
    assert errors == [
        "::error file=repo/db/Pulumi.dev.yaml,title=run db/dev failed::"
        "command exited with code 1: error: db/dev failed on purpose"
    ]
    warnings = [ln for ln in lines if ln.startswith("::warning file=")]
    assert warnings == [
        "::warning file=repo/web/__main__.py,line=4,title=stackgraph%3A unresolved::"
        "StackReference for dev: cannot resolve '<?>': environment variable WHERE, read at run time"
    ]
    assert lines.index(errors[0]) > next(i for i, ln in enumerate(lines) if ln.startswith("run summary:"))
    # The markdown summary: in the file, and appended to the step summary after what was there.
    text = markdown.read_text()
    assert text.startswith("<!-- stackgraph:run -->\n## stackgraph run: 2 succeeded, 1 failed, 1 skipped in ")
    assert "| `db/dev` | ❌ failed |" in text and "```mermaid\nflowchart TD\n" in text
    assert summary.read_text() == "# earlier step output\n" + text + "\n"
    for output in (done.stderr, text, summary.read_text()):
        assert SECRET not in output


def test_gitlab_folds_each_log_in_a_collapsed_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _bench(tmp_path)
    monkeypatch.setenv("GITLAB_CI", "true")
    # Bytes, not text: universal newlines would turn the \r GitLab needs into \n.
    proc = subprocess.run(bench.argv("-p", "1"), env=bench.env(), capture_output=True, timeout=60, check=False)
    assert proc.returncode == 1
    done = Done(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    starts = re.findall(
        r"\x1b\[0Ksection_start:\d+:stack_(\w+)\[collapsed=true\]\r\x1b\[0K\d\d:\d\d:\d\d done ", done.stderr
    )
    ends = re.findall(r"\x1b\[0Ksection_end:\d+:stack_(\w+)\r\x1b\[0K", done.stderr)
    assert sorted(starts) == sorted(ends) == ["db_dev", "net_dev", "web_dev"]
    assert "::" not in done.stderr.replace("::warning::engine text", "")  # no GitHub commands in GitLab
    assert SECRET not in done.stderr


def test_ci_none_and_no_ci_give_the_same_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = _bench(tmp_path / "a").run("-p", "1")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    forced_off = _bench(tmp_path / "b").run("-p", "1", "--ci", "none")
    normalize = [
        (re.compile(r"run \d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}"), "run R"),
        (re.compile(r"\d+\.\d+s"), "Ns"),
        (re.compile(r"logs/[^/\s]+"), "logs/R"),
        (re.compile(str(tmp_path / "[ab]")), "TMP"),
    ]

    def norm(text: str) -> list[str]:
        for pattern, repl in normalize:
            text = pattern.sub(repl, text)
        return [ln for ln in _plain(text) if not ln.startswith("critical path: ")]  # durations decide it

    assert outside.code == forced_off.code == 1
    assert norm(forced_off.stderr) == norm(outside.stderr)
    assert "::" not in outside.stderr.replace("::warning::engine text", "")


def test_ci_github_is_forced_without_the_variable(tmp_path: Path) -> None:
    done = _bench(tmp_path).run("-p", "1", "--ci", "github")
    assert "::group::" in done.stderr and "::error file=" in done.stderr


def test_bad_ci_and_markdown_options_are_one_line_and_exit_2_before_anything_runs(tmp_path: Path) -> None:
    bench = _bench(tmp_path)
    bad = bench.run("--ci", "jenkins")
    assert (bad.code, bad.stderr) == (2, "stackgraph: error: --ci jenkins: choose one of github, gitlab, none\n")
    missing = tmp_path / "nowhere" / "summary.md"
    out = bench.run("--markdown", str(missing))
    assert (out.code, out.stderr) == (
        2,
        f"stackgraph: error: --markdown {missing}: the folder {missing.parent} does not exist\n",
    )
    assert bench.events() == []


def test_a_step_summary_near_1_mib_gets_a_note_not_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _bench(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.write_bytes(b"x" * (1024 * 1024 - 200))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = bench.run("-p", "1")
    assert "would take the step summary past GitHub's 1 MiB" in done.stderr
    assert summary.stat().st_size <= 1024 * 1024
    assert summary.read_bytes().endswith(b"the step summary would pass GitHub's 1 MiB.\n")


def test_nothing_changed_still_writes_the_markdown(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    markdown = tmp_path / "summary.md"
    out = cli("run", root, "--changed-since", "HEAD", "--markdown", markdown, "--", "false")
    assert out.code == 0, out.stderr
    assert markdown.read_text() == (
        "<!-- stackgraph:run -->\n## stackgraph run: 0 succeeded in 0.0s\n\n"
        "No stack was selected (`--changed-since HEAD`): nothing ran.\n"
    )


def test_bad_input_naming_a_file_is_also_an_annotation_in_github(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = _bench(tmp_path)
    write_repo(bench.root, {"db/Pulumi.dev.yaml": {"config": {"stackgraph:dependsOn": ["gone/dev"]}}})
    message = (
        "'stackgraph:dependsOn' names 'gone/dev', which is no stack in this repository (did you mean 'net/dev'?); "
        "fix the name, or write `org/project/stack` for a stack outside the repository"
    )
    plain = bench.run()
    assert (plain.code, plain.stderr) == (2, f"stackgraph: error: db/Pulumi.dev.yaml:3: {message}\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    annotated = bench.run()
    assert (annotated.code, annotated.stderr) == (
        2,
        f"stackgraph: error: db/Pulumi.dev.yaml:3: {message}\n"
        f"::error file=repo/db/Pulumi.dev.yaml,line=3,title=stackgraph%3A bad input::{message}\n",
    )
    for out in (cli("plan", bench.root, "-f", "text"), cli("run", bench.root, "--ci", "github", "--", "true")):
        assert out.code == 2 and "::error file=repo/db/Pulumi.dev.yaml,line=3," in out.stderr
    assert "::error" not in bench.run("--ci", "none").stderr
    assert bench.events() == []
