"""A file a project holds only through a tracked folder link (`services/api/shared -> ../../lib/shared`).

Git reports the change at the file's own path, outside every project; the project's folder holds it too,
so it selects that project's stacks (rule 2), as a file under the project's folder does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git, git_estate


def linked_estate(tmp_path: Path) -> Path:
    root = git_estate(tmp_path / "repo")
    edit(root, "lib/shared/helpers.py", "def helper():\n    return 1\n")
    edit(root, "lib/shared/settings.yaml", "size: 1\n")
    os.symlink("../../lib/shared", root / "services/api/shared")
    commit_all(root, "api holds lib/shared through a link")
    return root


@pytest.mark.parametrize("rel", ["lib/shared/helpers.py", "lib/shared/settings.yaml", "lib/shared/new.yaml"])
def test_a_file_in_a_folder_a_project_links_to_selects_the_project(tmp_path: Path, rel: str) -> None:
    root = linked_estate(tmp_path)
    git(root, "checkout", "-q", "-b", "feature")
    edit(root, rel, "# changed\n")
    commit_all(root, f"change {rel}")
    out = cli("ls", root, "--why", "--changed-since", "main", "--no-dependents")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == "".join(f"{'api/' + env:<13}changed: {rel}\n" for env in ("dev", "prod", "sandbox"))


def test_a_file_in_a_linked_folder_of_no_project_still_warns(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "repo")
    edit(root, "lib/real/helpers.py", "x = 1\n")
    os.symlink("real", root / "lib/alias")
    commit_all(root, "a link outside every project")
    edit(root, "lib/real/helpers.py")
    out = cli("ls", root, "--changed-since", "HEAD")
    assert (out.code, out.stdout) == (0, "")
    assert "changed outside every project: lib/real/helpers.py;" in out.stderr
