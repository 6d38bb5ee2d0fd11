"""The files that determine a stack (discovery/stackfiles.py), on real git repositories and outside git."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from stackgraph.discovery.stackfiles import MISSING, changed, git_facts, stack_files
from stackgraph.model import StackId
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import project, stack, write_repo

SPEC = {
    "app/Pulumi.yaml": project("app"),
    "app/Pulumi.dev.yaml": stack(),
    "app/Pulumi.prod.yaml": stack(),
    "app/lib/helper.txt": "v1",
    "app/inner/Pulumi.yaml": project("inner"),
    "app/inner/Pulumi.dev.yaml": stack(),
    "app/node_modules/x/index.js": "ignored",
    ".gitignore": "node_modules/\n",
    "README.md": "outside every project",
}
APP = StackId("app/dev")


def test_a_stack_is_its_project_files_less_nested_projects_and_other_stack_files(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "one")
    (root / "app" / "new.txt").write_text("untracked, not ignored")
    files = stack_files(scan(root), [APP])[APP]
    assert sorted(files) == ["app/Pulumi.dev.yaml", "app/Pulumi.yaml", "app/lib/helper.txt", "app/new.txt"]
    assert all(d.startswith("sha256:") and len(d) == 71 for d in files.values())


def test_outside_git_the_folder_is_walked_less_the_usual_noise(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    files = stack_files(scan(root), [APP], ignore=["app/lib"])[APP]
    assert sorted(files) == ["app/Pulumi.dev.yaml", "app/Pulumi.yaml"]


def test_an_edit_shows_as_a_changed_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    repo = scan(root)
    before = stack_files(repo, [APP])[APP]
    (root / "app" / "lib" / "helper.txt").write_text("v2")
    (root / "app" / "Pulumi.prod.yaml").write_text("config: {edited: true}\n")  # another stack's file: no change
    (root / "app" / "added.txt").write_text("new")
    after = stack_files(repo, [APP])[APP]
    assert changed(before, after) == [("app/added.txt", "added"), ("app/lib/helper.txt", "changed")]
    assert changed(after, {**after, "app/added.txt": MISSING}) == [("app/added.txt", "removed")]


def test_git_facts(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    assert git_facts(root).commit is None
    git(root, "init", "-q", "-b", "main")
    first = commit_all(root, "one")
    second = commit_all_after(root)
    facts = git_facts(root)
    assert (facts.commit, facts.dirty, facts.root_commit) == (second, False, first)
    (root / "plans").mkdir()
    (root / "plans" / "plan.json").write_text("{}")
    assert git_facts(root, ["plans"]).dirty is False
    assert git_facts(root).dirty is True


def commit_all_after(root: Path) -> str:
    (root / "README.md").write_text("two")
    return commit_all(root, "two")
