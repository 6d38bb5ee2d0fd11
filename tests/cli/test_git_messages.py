"""Messages for refs and repositories git cannot use, and for selectors and `watch` entries that match
nothing for a reason the user can fix: one line, exit 2, saying what git or the glob said."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git, git_estate
from tests.helpers.repo_builder import write_repo

E = "stackgraph: error: "


@pytest.mark.parametrize(
    ("tag", "kind", "target"), [("blobtag", "blob", "HEAD:README.md"), ("treetag", "tree", "HEAD^{tree}")]
)
def test_a_ref_to_a_blob_or_a_tree_says_it_is_not_a_commit(tmp_path: Path, tag: str, kind: str, target: str) -> None:
    root = git_estate(tmp_path / "estate")
    sha = git(root, "rev-parse", target)
    git(root, "tag", tag, sha)
    for args, origin in ((("ls", root, "--changed-since", tag), "--changed-since"), (("diff", tag, root), "diff")):
        out = cli(*args)
        assert (out.code, out.stdout, out.stderr) == (
            2,
            "",
            f"{E}{origin}: '{tag}' names a {kind} ({sha[:12]}), not a commit; name a branch, tag or commit\n",
        )


def test_a_repository_git_refuses_for_its_owner_says_why_and_how_to_trust_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_estate(tmp_path / "estate")
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own switch for this check (git >= 2.35.2)
    for args, origin in (
        (("ls", root, "--changed-since", "HEAD"), "--changed-since"),
        (("diff", "HEAD", root), "diff"),
    ):
        out = cli(*args)
        assert (out.code, out.stdout, out.stderr) == (
            2,
            "",
            f"{E}{origin}: git refuses the repository at {root}: it is owned by another user (dubious ownership); "
            f"if you trust it, run `git config --global --add safe.directory {root}`\n",
        )


@pytest.mark.parametrize(
    ("selector", "what"), [("infra/*[", "stack"), ("project:net[", "project"), ("path:infra/[!]x", "project folder")]
)
def test_an_unclosed_bracket_in_a_selector_is_pointed_at(tmp_path: Path, selector: str, what: str) -> None:
    root = git_estate(tmp_path / "estate")
    out = cli("ls", root, "-s", selector)
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"{E}--select: '{selector}' matches no {what}: its '[' is not closed, so it stands for a '[' in a name; "
        "close it ('[abc]') or remove it\n",
    )


def test_a_watch_selector_that_matches_nothing_names_its_line(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate", {"watch": {"lib/**": ["project:api", "project:nosuch"]}})
    write_repo(root, {"lib/util.txt": "x\n"})
    commit_all(root, "lib")
    out = cli("ls", root, "--changed-since", "HEAD~1")
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"{E}stackgraph.yaml:4: watch 'lib/**': 'project:nosuch' matches no project; `stackgraph ls` lists the "
        "stacks\n",
    )


def test_a_ref_a_shallow_clone_cut_off_says_to_fetch_the_history(tmp_path: Path) -> None:
    """`actions/checkout` clones with depth 1: HEAD~1 is a real commit the clone lacks, not a typo to fetch."""
    root = git_estate(tmp_path / "estate")
    (root / "README.md").write_text("second\n")
    commit_all(root, "second")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    for args, origin in (
        (("ls", shallow, "--changed-since", "HEAD~1"), "--changed-since"),
        (("diff", "HEAD~1", shallow), "diff"),
    ):
        out = cli(*args)
        assert (out.code, out.stdout, out.stderr) == (
            2,
            "",
            f"{E}{origin}: git does not know the ref 'HEAD~1': this clone is shallow (its history is cut); fetch "
            "the history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0) or the "
            "ref, then run again\n",
        )
