"""`--since-deployed` against git, without a backend: the commits a stack was deployed from, compared with HEAD."""

from __future__ import annotations

from pathlib import Path

from stackgraph.app.since_deployed import taken
from stackgraph.discovery.scan import scan
from stackgraph.graph.build import build_graph
from stackgraph.model import StackId
from stackgraph.run.pulumi.lastdeploy import Deployment
from tests.helpers.estate import commit_all, edit, git, git_estate


def test_changed_unchanged_elsewhere_and_unknown_commits(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "repo")
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "-b", "side")
    edit(root, "README.md", "side\n")
    commit_all(root, "a commit on another branch")
    side = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "main")
    edit(root, "services/web/__main__.py")
    commit_all(root, "web changes")
    repo = scan(root)
    said: list[str] = []
    found = taken(
        repo,
        build_graph(repo),
        {
            StackId("web/dev"): Deployment(base),  # changed since
            StackId("api/dev"): Deployment(base),  # not changed since
            StackId("cluster/dev"): Deployment(side),  # deployed from a commit HEAD does not hold
            StackId("networking/dev"): Deployment("f" * 40),  # a commit this clone lacks
            StackId("database/dev"): Deployment(None, "never deployed (no update in its history)"),
        },
        said.append,
    )
    assert found == {
        "web/dev": (f"changed: services/web/__main__.py since its last deployment ({base[:12]})",),
        "cluster/dev": (f"its last deployment ran from {side[:12]}, which is not in HEAD's history (another branch?)",),
        "networking/dev": (
            "its last deployment ran from ffffffffffff, which this clone does not have (fetch the history: "
            "`git fetch --unshallow`, or actions/checkout with fetch-depth: 0)",
        ),
        "database/dev": ("never deployed (no update in its history)",),
    }
    assert said == []


def test_it_cannot_be_given_with_changed_since(tmp_path: Path) -> None:
    from tests.helpers.clirun import cli

    root = git_estate(tmp_path / "repo")
    out = cli("ls", root, "--since-deployed", "--changed-since", "main")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "stackgraph: error: --since-deployed and --changed-since both say what changed: give one of them\n"
    )
