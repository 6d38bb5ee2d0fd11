"""`scan` says each unresolved reference once, and `silence:` in stackgraph.yaml turns off warnings by code on
every command (scan still lists them in its output). Through typer's runner and the console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.model import DiagnosticCode
from tests.helpers.clirun import both
from tests.helpers.repo_builder import project, stack, write_repo

PROGRAM = 'import os\nimport pulumi\n\nref = pulumi.StackReference(os.environ["UPSTREAM"])\n'
REASON = "cannot resolve '<?>': environment variable UPSTREAM, read at run time"
WARNING = f"stackgraph: warning: a/__main__.py:4: StackReference for dev, prod: {REASON}\n"
SKIPPED = "stackgraph: warning: 1 file skipped (template: 1); --verbose lists them\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            "a/Pulumi.yaml": project("a", runtime="python"),
            "a/Pulumi.dev.yaml": stack(),
            "a/Pulumi.prod.yaml": stack(),
            "a/__main__.py": PROGRAM,
            "templates/x/Pulumi.yaml": "name: ${PROJECT}\nruntime: yaml\n",
        },
    )


def test_scan_text_names_each_unresolved_reference_once(repo: Path) -> None:
    for out in both("scan", repo):
        assert out.code == 0, out.stderr
        assert out.stdout.count("a/__main__.py:4") == 1
        assert f"unresolved a/__main__.py:4 (stacks dev, prod): {REASON}\n" in out.stdout
        assert "a/__main__.py" not in out.stderr  # the text on stdout says it: not again on stderr


def test_scan_json_and_output_file_say_it_once_on_stderr(repo: Path, tmp_path: Path) -> None:
    for out in both("scan", repo, "-f", "json"):
        assert out.code == 0, out.stderr
        assert out.stderr == WARNING
        assert [r["stack"] for r in json.loads(out.stdout)["references"]] == ["dev", "prod"]
    for out in both("scan", repo, "-o", tmp_path / "scan.txt"):
        assert out.stderr == WARNING + f"stackgraph: wrote {tmp_path / 'scan.txt'}\n"
        assert (tmp_path / "scan.txt").read_text().count("a/__main__.py:4") == 1


@pytest.mark.parametrize("command", [("plan", "-f", "text"), ("ls",), ("graph", "-f", "json"), ("why",)])
def test_warnings_without_silence(repo: Path, command: tuple[str, ...]) -> None:
    args = [command[0], repo, *command[1:], *(["a/dev", "a/prod"] if command[0] == "why" else [])]
    for out in both(*args):
        assert out.stderr.startswith(WARNING), out.stderr


@pytest.mark.parametrize("command", [("plan", "-f", "text"), ("ls",), ("graph", "-f", "json"), ("why",)])
def test_silence_turns_codes_off_on_every_command(repo: Path, command: tuple[str, ...]) -> None:
    (repo / "stackgraph.yaml").write_text("silence:\n  - unresolved\n  - skipped\n")
    args = [command[0], repo, *command[1:], *(["a/dev", "a/prod"] if command[0] == "why" else [])]
    for out in both(*args):
        assert "warning" not in out.stderr, out.stderr


def test_silence_one_code_keeps_the_others(repo: Path) -> None:
    (repo / "stackgraph.yaml").write_text("silence: [skipped]\n")
    for out in both("plan", repo, "-f", "text"):
        assert out.stderr == WARNING
    (repo / "stackgraph.yaml").write_text("silence: [unresolved]\n")
    for out in both("plan", repo, "-f", "text"):
        assert out.stderr == SKIPPED
    for out in both("plan", repo, "-f", "text", "--verbose"):  # --verbose lists what was skipped anyway
        assert "skipped: templates/x/Pulumi.yaml" in out.stderr


def test_scan_still_lists_silenced_warnings_and_strict_still_fails(repo: Path) -> None:
    (repo / "stackgraph.yaml").write_text("silence: [unresolved]\n")
    for out in both("scan", repo, "-f", "json", "--strict"):
        assert out.code == 1
        assert "unresolved" not in out.stderr.replace("could not be resolved", "")
        assert "unresolved" in [d["code"] for d in json.loads(out.stdout)["diagnostics"]]
    for out in both("scan", repo):
        assert f"unresolved a/__main__.py:4 (stacks dev, prod): {REASON}\n" in out.stdout


def test_a_silence_change_is_seen_by_a_cached_scan(repo: Path) -> None:
    for out in both("scan", repo, "-f", "json"):
        assert out.stderr == WARNING
    (repo / "stackgraph.yaml").write_text("silence: [unresolved]\n")
    for out in both("scan", repo, "-f", "json"):
        assert out.stderr == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "org: acme\nsilence:\n  - unresolved\n  - unresolvd\n",
            "stackgraph.yaml:4: 'silence': unknown warning code 'unresolvd'; the codes are "
            + ", ".join(sorted([*(c.value for c in DiagnosticCode), "skipped"])),
        ),
        ("silence: unresolved\n", "stackgraph.yaml:1: 'silence' must be a list of warning codes, e.g. [not-imported]"),
        ("silence: [[a]]\n", "stackgraph.yaml:1: 'silence' must be a list of warning codes, e.g. [not-imported]"),
    ],
)
def test_a_bad_silence_is_bad_input(repo: Path, content: str, message: str) -> None:
    (repo / "stackgraph.yaml").write_text(content)
    for out in both("plan", repo):
        assert (out.code, out.stdout, out.stderr) == (2, "", f"stackgraph: error: {message}\n")
