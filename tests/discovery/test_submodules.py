"""Submodules in `stackgraph diff` (the base tree) and `--changed-since` (what changed inside them).

Real git repositories: a `dns` project in its own repository, added as the submodule `vendor-infra`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo

FILE = ("-c", "protocol.file.allow=always")


@pytest.fixture
def superproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The estate on `main`, with the submodule `vendor-infra` (project dns, stack dev) committed."""
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")  # each test decides what is in the submodule's repository
    sub = write_repo(tmp_path / "dns-repo", {"dns/Pulumi.yaml": project("dns"), "dns/Pulumi.dev.yaml": stack()})
    git(sub, "init", "-q", "-b", "main")
    commit_all(sub, "dns")
    root = git_estate(tmp_path / "estate")
    git(root, *FILE, "submodule", "add", "-q", sub.as_uri(), "vendor-infra")
    commit_all(root, "the submodule")
    return root


def _none(root: Path, ref: str) -> str:
    return f"graph changes since {ref} (merge base {git(root, 'merge-base', ref, 'HEAD')[:12]}): none\n"


def test_a_clean_tree_with_a_submodule_has_no_graph_change(superproject: Path) -> None:
    out = cli("diff", "main", superproject)
    assert (out.code, out.stdout, out.stderr) == (0, _none(superproject, "main"), "")


def test_the_base_reads_the_submodule_at_the_commit_it_records(superproject: Path) -> None:
    git(superproject, "checkout", "-q", "-b", "feature")
    sub = superproject / "vendor-infra"
    write_repo(sub, {"dns/Pulumi.prod.yaml": stack()})
    commit_all(sub, "dns/prod")
    commit_all(superproject, "bump the submodule")
    out = cli("diff", "main", superproject, "-f", "json")
    assert out.code == 0, out.stderr
    assert '"added": [\n      "dns/prod"\n    ]' in out.stdout


def test_a_submodule_whose_commit_is_missing_is_left_out_with_a_warning(superproject: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(superproject), str(clone))  # the submodule not checked out
    base = git(clone, "rev-parse", "HEAD")
    out = cli("diff", "HEAD", clone)
    assert (out.code, out.stdout) == (0, _none(clone, "HEAD"))
    assert out.stderr == (
        f"stackgraph: warning: the submodule 'vendor-infra' is left out of the tree of the merge base {base[:12]}: "
        "it is not checked out here (run `git submodule update --init vendor-infra`); any stack in it shows as new\n"
    )


def test_a_change_inside_a_submodule_selects_its_stacks(superproject: Path) -> None:
    git(superproject, "checkout", "-q", "-b", "feature")
    write_repo(superproject / "vendor-infra", {"dns/Pulumi.dev.yaml": stack(["networking/dev"])})  # uncommitted
    out = cli("ls", superproject, "--changed-since", "main", "--why")
    assert (out.code, out.stdout, out.stderr) == (0, "dns/dev  changed: vendor-infra/dns/Pulumi.dev.yaml\n", "")
    commit_all(superproject / "vendor-infra", "dns/dev needs the network")
    commit_all(superproject, "bump the submodule")
    assert cli("ls", superproject, "--changed-since", "main", "--why").stdout == out.stdout


def test_a_new_submodule_selects_every_stack_in_it(superproject: Path) -> None:
    out = cli("ls", superproject, "--changed-since", "HEAD~1")
    assert (out.code, out.stdout, out.stderr) == (0, "dns/dev\n", "")


def test_a_submodule_that_cannot_be_looked_into_is_named_in_a_warning(superproject: Path, tmp_path: Path) -> None:
    sub = superproject / "vendor-infra"
    write_repo(sub, {"dns/Pulumi.dev.yaml": stack(["networking/dev"])})
    commit_all(sub, "dns/dev needs the network")
    commit_all(superproject, "bump the submodule")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(superproject), str(clone))
    out = cli("ls", clone, "--changed-since", "HEAD~1")
    assert (out.code, out.stdout) == (0, "")
    assert out.stderr == (
        "stackgraph: warning: the submodule 'vendor-infra' changed, but its files cannot be compared: it is not "
        "checked out (run `git submodule update --init vendor-infra`); nothing is selected for it\n"
        "stackgraph: no stack selected\n"
    )
    shutil.rmtree(superproject / ".git/modules")  # the base's commit of the submodule is nowhere now
    shutil.rmtree(sub)
    write_repo(sub, {"dns/Pulumi.yaml": project("dns"), "dns/Pulumi.dev.yaml": stack()})
    git(sub, "init", "-q", "-b", "main")  # a repository of other history
    commit_all(sub, "dns, again")
    out = cli("ls", superproject, "--changed-since", "HEAD~1")
    old = git(superproject, "rev-parse", "HEAD~1:vendor-infra")
    assert out.stderr.startswith(
        "stackgraph: warning: the submodule 'vendor-infra' changed, but its files cannot be compared: the commit "
        f"the merge base records ({old[:12]}) is not in its repository (fetch it: `git -C vendor-infra fetch`)"
    )
