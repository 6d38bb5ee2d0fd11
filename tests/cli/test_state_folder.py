"""stackgraph's own `.stackgraph/` folder is never committed nor a change, and an empty ref is bad input."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import both, cli
from tests.helpers.estate import commit_all, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo


def test_a_run_writes_a_gitignore_into_the_folder_it_creates(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})
    out = cli("run", root, "--", "true")
    assert out.code == 0, out.stderr
    assert (root / ".stackgraph/.gitignore").read_text() == (
        "# Written by stackgraph: its logs, run reports and state are never committed.\n*\n"
    )
    (root / ".stackgraph/.gitignore").write_text("mine\n")  # never overwritten
    assert cli("run", root, "--", "true").code == 0
    assert (root / ".stackgraph/.gitignore").read_text() == "mine\n"


def test_the_state_folder_is_never_a_change(tmp_path: Path) -> None:
    """Even when git sees it (a folder made by an older stackgraph, without its .gitignore)."""
    root = write_repo(tmp_path, {"Pulumi.yaml": project("root"), "Pulumi.dev.yaml": stack()})
    git(root, "init", "-q")
    commit_all(root, "init")
    (root / ".stackgraph/runs").mkdir(parents=True)
    (root / ".stackgraph/runs/last.json").write_text("{}\n")
    for out in both("plan", root, "--changed-since", "HEAD", "-f", "text"):
        assert (out.code, out.stdout) == (0, "deploy order: 0 stacks in 0 levels\n"), out.stderr
    (root / "Pulumi.dev.yaml").write_text("config: {a: 1}\n")
    out = cli("plan", root, "--changed-since", "HEAD", "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\troot/dev\n")


def test_an_empty_changed_since_is_bad_input(tmp_path: Path) -> None:
    """`--changed-since ${{ github.event.before }}` on a new branch: never 'everything changed'."""
    root = git_estate(tmp_path)
    for args in (("plan", root), ("ls", root), ("graph", root), ("run", root, "--", "true"), ("up", root)):
        for out in both(*args[:2], "--changed-since", "", *args[2:]):
            assert (out.code, out.stdout) == (2, ""), (args, out.stderr)
            assert out.stderr == (
                "stackgraph: error: --changed-since: the ref is empty (in CI, an empty variable such as "
                "${{ github.event.before }}); name a branch, tag or commit\n"
            )
