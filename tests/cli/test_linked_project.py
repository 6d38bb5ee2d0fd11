"""A link to a project folder never takes the folder's place: the project is read at its own path."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git_estate


def _linked(root: Path) -> Path:
    git_estate(root)
    os.symlink("infra/database", root / "alias")  # sorts before `infra`: the walk meets the link first
    commit_all(root, "a link to a project folder")
    return root


def test_the_real_folder_is_the_project_path_and_the_link_is_skipped_with_a_note(tmp_path: Path) -> None:
    root = _linked(tmp_path / "repo")
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [p["path"] for p in doc["projects"] if p["name"] == "database"] == ["infra/database"]
    assert {"file": "alias", "reason": "linked", "detail": "links to infra/database"} in doc["skipped"]
    text = cli("scan", root)
    assert (
        "info: alias: a link to a project folder read at its own path (links to infra/database): not followed; "
        "its projects are read there\n"
    ) in text.stdout


def test_changes_in_the_real_folder_select_the_project(tmp_path: Path) -> None:
    root = _linked(tmp_path / "repo")
    edit(root, "infra/database/__main__.py")
    commit_all(root, "change the database")
    out = cli("ls", root, "--changed-since", "HEAD~1", "-s", "database/dev")
    assert (out.code, out.stdout) == (0, "database/dev\n"), out.stderr
    by_path = cli("ls", root, "-s", "path:infra/database")
    assert (by_path.code, by_path.stdout) == (0, "database/dev\ndatabase/prod\n"), by_path.stderr
