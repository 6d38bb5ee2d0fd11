"""Every branch name git accepts is a ref to compare with; only `]` clashes with a `[REF]` selector."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git, git_estate

NAMES = ["fix#123", "café", "user=bob", "feat(x)", "v1%2", "it's", "a,b"]


@pytest.mark.parametrize("name", NAMES)
def test_a_branch_name_git_accepts_is_a_ref(tmp_path: Path, name: str) -> None:
    root = git_estate(tmp_path / "repo")
    git(root, "branch", name)
    edit(root, "ops/monitoring/__main__.py")
    commit_all(root, "change monitoring")
    for args in (("--changed-since", name), ("-s", f"[{name}]")):
        out = cli("ls", root, *args)
        assert (out.code, out.stdout) == (0, "monitoring/dev\nmonitoring/prod\n"), (args, out.stderr)


def test_a_branch_with_a_closing_bracket_goes_through_changed_since(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "repo")
    git(root, "branch", "a]b")
    assert cli("ls", root, "--changed-since", "a]b").code == 0
    out = cli("ls", root, "-s", "[a]b]")
    assert out.code == 2
    assert out.stderr == (
        "stackgraph: error: --select: '[a]b]': a ']' ends a [REF] selector; give the ref 'a]b' with --changed-since "
        "instead\n"
    )
