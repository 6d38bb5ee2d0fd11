"""A project in a folder named like build output (`infra/build/`: a CI build farm's stack), or in a hidden folder
(`.deploy/`), is read when git tracks its project file (build output is never committed); else it is skipped as
before, and a `stackgraph:dependsOn` naming one of its stacks says where the stack may be, not only that it does not
exist."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import project, stack, write_repo

SPEC = {
    "infra/build/Pulumi.yaml": project("buildinfra"), "infra/build/Pulumi.dev.yaml": stack(),
    "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["buildinfra/dev"]),
    "app/dist/Pulumi.yaml": project("app"), "app/dist/Pulumi.dev.yaml": stack(),  # a copy the build made
    ".deploy/Pulumi.yaml": project("deploy"), ".deploy/Pulumi.dev.yaml": stack(),
    ".gitignore": "dist/\n",
}  # fmt: skip


def test_a_committed_project_in_a_build_folder_is_read(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "one")
    out = cli("ls", root)
    assert (out.code, sorted(out.stdout.split())) == (0, ["app/dev", "buildinfra/dev", "deploy/dev"]), out.stderr


def test_an_untracked_build_folder_stays_skipped_and_a_dependency_on_it_says_where(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {k: v for k, v in SPEC.items() if not k.startswith("app/dist")})
    out = cli("plan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "stackgraph: error: app/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' names 'buildinfra/dev', which is no stack "
        "in this repository; it may be in one of the project files the scan skipped: .deploy/Pulumi.yaml (hidden "
        "folder), infra/build/Pulumi.yaml (build output); fix the name, or write `org/project/stack` for a stack "
        "outside the repository\n"
    )
