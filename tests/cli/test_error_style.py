"""One error style: click's usage errors are `stackgraph: error:` lines (exit 2), and under `-f json` every
error is also a JSON object on stdout. Each case runs through typer's runner and the console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, both, cli
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
        },
    )


def error_object(out: Outcome) -> dict[str, object]:
    doc = json.loads(out.stdout)
    assert list(doc) == ["error"]
    error = doc["error"]
    assert list(error) == ["message", "file", "line", "exit_code"]
    return dict(error)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["plan", "{repo}", "--formt", "json"],
            "no such option: --formt (did you mean --format?); see 'stackgraph plan --help'",
        ),
        (["plan", "{repo}", "-p", "3"], "no such option: -p; see 'stackgraph plan --help'"),
        (["why", "{repo}", "app/dev"], "missing argument 'b'; see 'stackgraph why --help'"),
        (["nope"], "no such command 'nope'; see 'stackgraph --help'"),
        (
            ["plan", "{repo}", "extra"],
            "got unexpected extra argument(s) (extra); see 'stackgraph plan --help'",
        ),
        (
            ["up", "{repo}", "--parallelism", "many"],
            "invalid value for '--parallelism' / '-p': 'many' is not a valid int; see 'stackgraph up --help'",
        ),
        (["plan", "{repo}", "-f"], "option '-f' requires an argument"),
    ],
)
def test_usage_errors_are_one_stackgraph_line(repo: Path, args: list[str], line: str) -> None:
    argv = [a.replace("{repo}", str(repo)) for a in args]
    for out in both(*argv):
        assert (out.code, out.stdout, out.stderr) == (2, "", f"stackgraph: error: {line}\n")


def test_no_arguments_still_shows_the_help() -> None:
    for out in both():
        assert out.code == 2
        assert "Usage: stackgraph [OPTIONS] COMMAND [ARGS]..." in out.stdout + out.stderr
        assert "stackgraph: error" not in out.stdout + out.stderr


@pytest.mark.parametrize("command", ["plan", "graph", "ls", "scan", "why"])
def test_an_error_under_format_json_is_also_a_json_object(tmp_path: Path, command: str) -> None:
    root = write_repo(tmp_path / "repo", {"a/Pulumi.yaml": "name: a\nruntime: yaml\nconfig:\n  x: [1, 2\n"})
    extra = ["a/dev", "b/dev"] if command == "why" else []
    for out in both(command, root, *extra, "-f", "json"):
        message = "invalid YAML: did not find expected ',' or ']'; fix the syntax"
        assert (out.code, out.stderr) == (2, f"stackgraph: error: a/Pulumi.yaml:4: {message}\n")
        assert error_object(out) == {"message": message, "file": "a/Pulumi.yaml", "line": 4, "exit_code": 2}


def test_a_usage_error_under_format_json_is_also_a_json_object(repo: Path) -> None:
    for argv in (["plan", repo, "-f", "json", "--nope"], ["ls", repo, "--format=json", "--nope"]):
        for out in both(*argv):
            assert out.code == 2
            line = f"no such option: --nope; see 'stackgraph {argv[0]} --help'"
            assert out.stderr == f"stackgraph: error: {line}\n"
            assert error_object(out) == {"message": line, "file": None, "line": None, "exit_code": 2}


def test_a_bad_format_value_is_no_json_request(repo: Path) -> None:
    for out in both("plan", repo, "-f", "yaml"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == "stackgraph: error: --format yaml: choose one of table, text, json, markdown\n"


def test_without_format_json_stdout_stays_empty(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"a/Pulumi.yaml": "name: 12\nruntime: yaml\n"})
    for out in both("plan", root, "-f", "text"):
        assert (out.code, out.stdout) == (2, "")


def test_an_unexpected_error_under_format_json(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("stackgraph.plan.make_plan", broken)
    monkeypatch.setenv("STACKGRAPH_LOG_DIR", str(tmp_path / "logs"))
    out = cli("plan", repo, "-f", "json")
    assert out.code == 3
    error = error_object(out)
    log = next((tmp_path / "logs").glob("crash-*.log"))
    assert error == {
        "message": f"unexpected error: ZeroDivisionError: division by zero; the traceback is in {log}; "
        "please report it",
        "file": str(log),
        "line": None,
        "exit_code": 3,
    }
    assert out.stderr == f"stackgraph: {error['message']}\n"
