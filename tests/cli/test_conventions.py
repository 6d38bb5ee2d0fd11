"""Small conventions: `-V` beside `--version`, `-o -` meaning stdout wherever `-o` exists, value names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stackgraph import __version__
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_short_and_long(flag: str) -> None:
    for outcome in both(flag):
        assert outcome.code == 0, outcome.stderr
        assert outcome.stdout == f"stackgraph {__version__}\n"


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-f", "json"],
        ["plan", "-f", "text"],
        ["graph", "-f", "dot"],
        ["graph", "-f", "mermaid"],
        ["graph", "-f", "json"],
        ["scan", "-f", "json"],
        ["ls"],
    ],
)
def test_dash_output_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
        },
    )
    monkeypatch.chdir(tmp_path)
    plain = cli(*args, root)
    for dashed in both(*args, root, "-o", "-"):
        assert dashed.code == 0, dashed.stderr
        assert dashed.stdout == plain.stdout
        assert "wrote" not in dashed.stderr
    assert not (tmp_path / "-").exists()


COMMANDS = [
    *[[c] for c in ("scan", "plan", "graph", "ls", "why", "check", "verify", "diff", "ci", "report")],
    *[[c] for c in ("up", "preview", "refresh", "destroy", "run")],
    *[["env", c] for c in ("up", "down", "ls", "gc", "outputs")],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_option_value_is_named_as_its_help_and_the_docs_name_it(command: list[str]) -> None:
    """`--parallelism N`, `--timeout SECONDS`, `--report FILE` (docs/deploying.md), never typer's
    `<int>`, `<float>`, `<path>` beside a help text that says N, SECONDS or FILE."""
    out = cli(*command, "--help")
    assert out.code == 0, out.stderr
    assert re.findall(r"--[a-z-]+ <[a-z]+>", out.stdout) == []
