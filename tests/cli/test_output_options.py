"""Every command that prints data takes the same `-f/--format` and `-o/--output`, with one wording of errors;
`why` prints JSON too. Through typer's runner and the console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import both
from tests.helpers.repo_builder import project, stack, write_repo

DATA_COMMANDS = {
    "scan": ([], "text, json"),
    "plan": ([], "table, text, json, markdown"),
    "graph": ([], "dot, mermaid, json, svg, png, html"),
    "ls": ([], "text, json"),
    "why": (["app/dev", "net/dev"], "text, json"),
    "diff": (["main"], "text, markdown, json"),
    "ci": (["github"], "yaml"),
    "report": ([], "html, svg, png"),
    "check": ([], "text, json"),
    "verify": ([], "text, json"),
}


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


def _argv(command: str, repo: Path) -> list[str | Path]:
    before, _choices = DATA_COMMANDS[command]
    if command == "diff":
        return [command, *before, repo]
    if command == "ci":
        return [command, *before, repo]
    if command == "report":
        return [command, repo]
    return [command, repo, *before]


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_every_data_command_has_format_and_output(command: str) -> None:
    for out in both(command, "--help"):
        assert out.code == 0, out.stderr
        assert "-f, --format FORMAT" in out.stdout
        assert "The output format: " in out.stdout
        assert "-o, --output FILE" in out.stdout


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_a_bad_format_has_one_wording(repo: Path, command: str) -> None:
    _before, choices = DATA_COMMANDS[command]
    for out in both(*_argv(command, repo), "-f", "nope"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == f"stackgraph: error: --format nope: choose one of {choices}\n"


@pytest.mark.parametrize("command", ["scan", "plan", "graph", "ls", "why"])
def test_an_unwritable_output_has_one_wording(repo: Path, command: str) -> None:
    target = repo / "no" / "such" / "out.txt"
    for out in both(*_argv(command, repo), "-o", target):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            f"stackgraph: error: {target}: cannot write: No such file or directory; choose another --output\n"
        )


WHY_JSON = {
    "schema": "stackgraph.why/v1",
    "a": "app/dev",
    "b": "net/dev",
    "related": True,
    "dependent": "app/dev",
    "dependency": "net/dev",
    "edges": [
        {
            "from": "app/dev",
            "to": "net/dev",
            "kind": "explicit",
            "evidence": [
                {
                    "kind": "explicit",
                    "file": "app/Pulumi.dev.yaml",
                    "line": 3,
                    "detail": "stackgraph:dependsOn: net/dev",
                }
            ],
        }
    ],
}


def test_why_as_json(repo: Path, tmp_path: Path) -> None:
    for out in both("why", repo, "app/dev", "net/dev", "-f", "json"):
        assert out.code == 0, out.stderr
        assert json.loads(out.stdout) == WHY_JSON
        assert out.stdout.startswith('{\n  "schema": "stackgraph.why/v1",\n')
    for i, out in enumerate(both("why", repo, "net/dev", "app/dev", "-o", tmp_path / "why.txt")):
        assert (out.code, out.stdout) == (0, ""), out.stderr
        assert out.stderr == f"stackgraph: wrote {tmp_path / 'why.txt'}\n", i
        assert (tmp_path / "why.txt").read_text() == (
            "app/dev depends on net/dev directly (deploy net/dev first)\n"
            "app/dev -> net/dev\n"
            "    explicit: app/Pulumi.dev.yaml:3 stackgraph:dependsOn: net/dev\n"
        )


def test_why_of_independent_stacks_as_json_exits_1(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": stack(),
            "b/Pulumi.yaml": project("b"),
            "b/Pulumi.dev.yaml": stack(),
        },
    )
    for out in both("why", root, "a/dev", "b/dev", "-f", "json"):
        assert out.code == 1
        assert json.loads(out.stdout) == {
            "schema": "stackgraph.why/v1",
            "a": "a/dev",
            "b": "b/dev",
            "related": False,
            "dependent": None,
            "dependency": None,
            "edges": [],
        }


def test_env_ls_takes_the_same_options(repo: Path) -> None:
    for out in both("env", "ls", "--help"):
        assert "-f, --format FORMAT" in out.stdout and "-o, --output FILE" in out.stdout
    for out in both("env", "ls", repo, "-f", "nope"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == "stackgraph: error: --format nope: choose one of text, json\n"


def test_env_outputs_takes_the_same_options(repo: Path) -> None:
    for out in both("env", "outputs", "--help"):
        assert "-f, --format FORMAT" in out.stdout and "-o, --output FILE" in out.stdout
    for out in both("env", "outputs", "pr-1", repo, "-f", "nope"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == "stackgraph: error: --format nope: choose one of markdown, json\n"
