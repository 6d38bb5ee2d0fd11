"""A merge that touches no stack deploys nothing and succeeds: CD pipelines must not fail on a docs change."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli, script
from tests.helpers.estate import commit_all, edit, git_estate


def test_nothing_changed_since_the_ref_runs_nothing_and_exits_0(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    edit(root, "README.md")  # outside every project and not watched
    commit_all(root, "docs only")
    report = tmp_path / "report.json"
    out = cli("run", root, "--changed-since", "HEAD~1", "--report", report, "--", "false")
    assert out.code == 0, out.stderr
    assert "stackgraph: no stack changed since HEAD~1; nothing to run\n" in out.stderr
    doc = json.loads(report.read_text())
    assert (doc["schema"], doc["command"], doc["stacks"]) == ("stackgraph.run/v1", "run", [])


def test_a_ref_selector_that_selects_nothing_also_succeeds_through_the_console_script(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    out = script("run", root, "-s", "[HEAD]", "--", "false")
    assert out.code == 0, out.stderr
    assert "stackgraph: no stack changed; nothing to run" in out.stderr


def test_a_selection_that_matches_nothing_without_git_is_still_bad_input(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    out = cli("run", root, "--env", "dev", "-s", "stack:prod", "--", "true")
    assert out.code == 2
    assert "no stack to run" in out.stderr
