"""In CI (`CI` true, 1 or yes) a missing browser, Graphviz or CI tool fails its tests; elsewhere they skip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.browser import browser_or_skip
from tests.helpers.citools import require
from tests.helpers.required import dot

FINDERS: dict[str, Callable[[], object]] = {
    "browser": browser_or_skip,
    "dot": dot,
    "ci-tool": lambda: require("no-such-tool-stackgraph"),
}


@pytest.fixture
def nothing_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no chromium, no dot


@pytest.mark.usefixtures("nothing_installed")
@pytest.mark.parametrize("value", ["true", "1", "yes", "TRUE", " Yes "])
@pytest.mark.parametrize("finder", sorted(FINDERS))
def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch, finder: str, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as ended:
        FINDERS[finder]()
    assert ended.type is pytest.fail.Exception
    assert str(ended.value).startswith("required in CI: ")


@pytest.mark.usefixtures("nothing_installed")
@pytest.mark.parametrize("value", [None, "", "false", "0", "no"])
@pytest.mark.parametrize("finder", sorted(FINDERS))
def test_a_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, finder: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as ended:
        FINDERS[finder]()
    assert ended.type is pytest.skip.Exception
