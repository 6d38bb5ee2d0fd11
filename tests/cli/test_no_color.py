"""`NO_COLOR` (any non-empty value) turns off every style: colours, bold and dim alike (https://no-color.org).

`FORCE_COLOR=1` makes rich style output that is not a terminal, so the styled case can be seen (and the
test can fail) through typer's runner and the console script alike.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from stackgraph.model import StackId
from stackgraph.run.display import LiveDisplay
from tests.helpers.clirun import cli, script
from tests.helpers.repo_builder import project, stack, write_repo

ESC = "\x1b["


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()},
    )


def test_plan_table_is_styled_without_no_color(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    for out in (cli("plan", repo, "-f", "table"), script("plan", repo, "-f", "table")):
        assert out.code == 0, out.stderr
        assert f"{ESC}1m" in out.stdout  # bold


@pytest.mark.parametrize("value", ["1", "true", "0", "anything"])
def test_no_color_turns_off_every_style(repo: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", value)
    for args in (("plan", repo, "-f", "table"), ("plan", repo), ("ls", repo), ("scan", repo), ("--help",)):
        for out in (cli(*args), script(*args)):
            assert out.code == 0, out.stderr
            assert ESC not in out.stdout + out.stderr, args
    assert "Level" in cli("plan", repo, "-f", "table").stdout


def test_an_empty_no_color_changes_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "")
    assert f"{ESC}1m" in script("plan", repo, "-f", "table").stdout


@pytest.mark.parametrize(("no_color", "styled"), [("", True), ("1", False)])
def test_the_live_view_of_a_run(monkeypatch: pytest.MonkeyPatch, no_color: str, styled: bool) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", no_color)
    stream = io.StringIO()
    display = LiveDisplay(stream)
    display.line(f"{StackId('net/dev')} started")
    assert "net/dev started" in stream.getvalue()
    assert (f"{ESC}2m" in stream.getvalue()) is styled  # the time stamp is dim
