"""The tree of the merge base, as `stackgraph diff` writes it: exactly what the commit holds.

Real git repositories: `.gitattributes` export attributes, links, crafted trees with paths git never
checks out, and the cache of written trees.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import GIT_ENV, commit_all, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo

E = "stackgraph: error: "


def _none(root: Path, ref: str = "HEAD") -> str:
    return f"graph changes since {ref} (merge base {git(root, 'rev-parse', 'HEAD')[:12]}): none\n"


def test_export_ignore_and_export_subst_do_not_change_the_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    root = git_estate(tmp_path / "estate")
    write_repo(root, {"tools/Pulumi.yaml": project("tools"), "tools/Pulumi.dev.yaml": stack()})
    write_repo(root, {"version.txt": "$Format:%H$\n"})
    attributes = "tools export-ignore\nservices/web/Pulumi.prod.yaml export-ignore\nversion.txt export-subst\n"
    write_repo(root, {".gitattributes": attributes})
    commit_all(root, "export attributes")
    out = cli("diff", "HEAD", root)
    assert (out.code, out.stdout, out.stderr) == (0, _none(root), "")
    tree = tmp_path / "cache" / "base" / git(root, "rev-parse", "HEAD")
    assert (tree / "tools/Pulumi.dev.yaml").is_file()
    assert (tree / "version.txt").read_text() == "$Format:%H$\n"


def test_modes_and_links_inside_are_kept_links_leaving_are_left_out_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    root = git_estate(tmp_path / "estate")
    write_repo(root, {"bin/run.sh": "#!/bin/sh\n"})
    (root / "bin/run.sh").chmod(0o755)
    (root / "web").symlink_to("services/web")
    (root / "abs").symlink_to("/etc/passwd")
    (root / "up").symlink_to("../..")
    (root / "sub").mkdir()
    (root / "sub/c").symlink_to("..")  # the root: inside
    (root / "sub/l").symlink_to("c/..")  # through sub/c: above the root
    commit_all(root, "links")
    out = cli("diff", "HEAD", root)
    assert (out.code, out.stdout) == (0, _none(root)), out.stderr
    left_out = (
        f"stackgraph: warning: in the tree of the merge base {git(root, 'rev-parse', 'HEAD')[:12]}, links that "
        "lead outside the repository are left out: abs, sub/l, up\n"
    )
    assert out.stderr.endswith(left_out)
    tree = tmp_path / "cache" / "base" / git(root, "rev-parse", "HEAD")
    assert os.readlink(tree / "web") == "services/web"
    assert os.readlink(tree / "sub/c") == ".."
    assert not any(os.path.lexists(tree / p) for p in ("abs", "up", "sub/l"))
    assert (tree / "bin/run.sh").stat().st_mode & 0o111
    again = cli("diff", "HEAD", root)  # from the cache: the warning is said again
    assert (again.stdout, again.stderr) == (out.stdout, out.stderr)


@pytest.mark.parametrize("bad", ["..", "sub/.git", "a/./b"])
def test_a_tree_with_a_path_git_never_checks_out_is_refused(tmp_path: Path, bad: str) -> None:
    root = git_estate(tmp_path / "estate")
    blob = git(root, "hash-object", "-w", "--stdin")  # empty
    tree = _tree(root, {bad: blob, "ok": blob})
    commit = git(root, "commit-tree", tree, "-p", "HEAD", "-m", "crafted")
    git(root, "update-ref", "HEAD", commit)
    out = cli("diff", "HEAD", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"{E}the tree of the merge base {commit[:12]} holds the path {bad!r}, which would leave the folder it is "
        "written to or write into .git; stackgraph refuses to write it (git refuses to check it out)\n"
    )


def _tree(root: Path, files: dict[str, str]) -> str:
    """A tree object holding `files` (path -> blob) as given: `git mktree` does not check the names."""
    here: dict[str, str] = {}
    below: dict[str, dict[str, str]] = {}
    for path, blob in files.items():
        head, sep, rest = path.partition("/")
        if sep:
            below.setdefault(head, {})[rest] = blob
        else:
            here[head] = blob
    lines = [f"100644 blob {b}\t{n}" for n, b in here.items()]
    lines += [f"040000 tree {_tree(root, sub)}\t{n}" for n, sub in below.items()]
    proc = subprocess.run(
        ["git", "mktree"],
        check=False,
        cwd=root,
        env=GIT_ENV,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_an_error_in_the_base_tree_says_it_is_the_base(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    write_repo(root, {"services/web/Pulumi.prod.yaml": "config:\n  aws:region: [\n"})
    commit_all(root, "broken")
    base = git(root, "rev-parse", "HEAD")
    write_repo(root, {"services/web/Pulumi.prod.yaml": stack()})  # fixed in the working tree only
    out = cli("diff", "HEAD", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.startswith(
        f"{E}in the tree of the merge base {base[:12]} of HEAD: services/web/Pulumi.prod.yaml:2: invalid YAML"
    )


def test_a_tree_cached_by_an_older_version_is_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    root = git_estate(tmp_path / "estate")
    old = tmp_path / "cache" / "base" / git(root, "rev-parse", "HEAD")
    write_repo(old, {"stray/Pulumi.yaml": project("stray"), "stray/Pulumi.dev.yaml": stack()})
    (old / ".stackgraph-complete").touch()  # the marker of trees written by `git archive`
    out = cli("diff", "HEAD", root)
    assert (out.code, out.stdout, out.stderr) == (0, _none(root), "")
    assert not (old / "stray").exists()
