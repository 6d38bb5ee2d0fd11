"""A moved or case-renamed project folder is no removed stack: no removal warning when it lives on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git, git_estate


@pytest.mark.parametrize(
    ("old", "new"), [("services/api", "apps/api"), ("services/api", "services/API")], ids=["moved", "case"]
)
@pytest.mark.parametrize("committed", [True, False], ids=["committed", "staged"])
def test_a_moved_project_folder_warns_of_no_removal(tmp_path: Path, old: str, new: str, committed: bool) -> None:
    root = git_estate(tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "feature")
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    git(root, "mv", old, new)
    if committed:
        commit_all(root, "move api")
    out = cli("ls", root, "--changed-since", "main", "--no-dependents")
    assert out.code == 0, out.stderr
    assert out.stdout == "api/dev\napi/prod\napi/sandbox\n"
    assert "removed" not in out.stderr, out.stderr


def test_a_deleted_project_still_warns(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "repo")
    git(root, "rm", "-q", "-r", "ops/monitoring")
    commit_all(root, "drop monitoring")
    out = cli("ls", root, "--changed-since", "HEAD~1")
    assert "the project 'monitoring' in 'ops/monitoring' was removed" in out.stderr
