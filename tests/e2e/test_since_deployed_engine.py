"""`--since-deployed` with the real engine: each stack is compared with the commit it was last deployed from.

Three Pulumi YAML projects in a git repository, app depending on net (`stackgraph:dependsOn`). Pulumi records
the commit of every update (`git.head`, `git.dirty`) in the stack's history; stackgraph reads it back:
never deployed, deployed from uncommitted changes (the stack files `stack init` salted), changed since, a
dependent of a changed stack, and a change whose deployment failed, which the next run takes again (a
`--changed-since "${{ github.event.before }}"` pipeline would have forgotten it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, show, stackgraph
from tests.helpers.estate import commit_all, git

pytestmark = pytest.mark.engine


def _repo(root: Path) -> Path:
    for name in ("net", "app", "other"):
        (root / name).mkdir(parents=True)
        (root / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: yaml\noutputs:\n  who: {name}\n")
        (root / name / "Pulumi.dev.yaml").write_text("config: {}\n")
    (root / "app" / "Pulumi.dev.yaml").write_text("config:\n  stackgraph:dependsOn: [net/dev]\n")
    (root / ".gitignore").write_text(".stackgraph/\n")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "three projects")
    return root


def test_each_stack_is_compared_with_the_commit_it_was_last_deployed_from(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = _repo(tmp_path / "repo")
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"))

    def ls() -> str:
        proc = stackgraph("ls", root, "--since-deployed", "--why", env=env)
        assert proc.returncode == 0, show(proc)
        return proc.stdout

    def up() -> int:
        proc = stackgraph("up", root, "--since-deployed", "--create-stacks", "--ci", "none", env=env)
        assert proc.returncode in (0, 1), show(proc)
        return proc.returncode

    assert ls().count("never deployed (no update in its history)") == 3
    assert up() == 0
    listed = ls()  # stack init salted the stack files: the trees deployed held uncommitted changes
    assert listed.count("with uncommitted changes: what it deployed is not in git") == 3, listed
    commit_all(root, "the stack files pulumi salted")
    assert up() == 0
    assert ls() == ""  # every stack deployed from HEAD

    program = root / "net" / "Pulumi.yaml"
    program.write_text(program.read_text().replace("who: net", "who: network"))
    commit_all(root, "net: a new output value")
    head = git(root, "rev-parse", "HEAD").strip()
    deployed = git(root, "rev-parse", "HEAD~1").strip()[:12]
    assert ls() == (
        f"net/dev  changed: net/Pulumi.yaml since its last deployment ({deployed})\napp/dev  dependent of net/dev\n"
    )
    broken = root / "other" / "Pulumi.yaml"
    broken.write_text(broken.read_text() + "resources:\n  bad:\n    type: no:such:Type\n")
    commit_all(root, "other: a resource of a type no provider has")
    assert up() == 1  # net and app deploy; other fails
    assert ls() == f"other/dev  changed: other/Pulumi.yaml since its last deployment ({deployed})\n"  # not forgotten
    assert head != git(root, "rev-parse", "HEAD").strip()
