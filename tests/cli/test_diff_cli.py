"""`stackgraph diff REF [PATH]` on real git repositories: what changed in the graph since the merge base."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import both, cli
from tests.helpers.estate import commit_all, edit, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo

E = "stackgraph: error: "


def _branch_with_changes(root: Path) -> None:
    """On `feature`: database/dev needs cluster/dev, web/prod drops the CDN, a sandbox goes, a staging comes."""
    git(root, "checkout", "-q", "-b", "feature")
    write_repo(root, {"infra/database/Pulumi.dev.yaml": stack(["networking/dev", "cluster/dev"])})
    commit_all(root, "database/dev needs the cluster")
    (root / "services/api/Pulumi.sandbox.yaml").unlink()
    write_repo(root, {"services/web/Pulumi.prod.yaml": stack(["cluster/prod"])})  # uncommitted
    write_repo(root, {"ops/monitoring/Pulumi.staging.yaml": stack()})  # untracked


def test_json_names_added_and_removed_stacks_edges_with_evidence_and_moved_levels(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    base = git(root, "rev-parse", "HEAD")
    _branch_with_changes(root)
    for out in both("diff", "main", root, "-f", "json"):
        assert out.code == 0, out.stderr
        assert json.loads(out.stdout) == {
            "schema": "stackgraph.diff/v1",
            "base": base,
            "ref": "main",
            "stacks": {"added": ["monitoring/staging"], "removed": ["api/sandbox"]},
            "edges": {
                "added": [
                    {
                        "from": "database/dev",
                        "to": "cluster/dev",
                        "evidence": [
                            {
                                "kind": "explicit",
                                "file": "infra/database/Pulumi.dev.yaml",
                                "line": 4,
                                "detail": "stackgraph:dependsOn: cluster/dev",
                            }
                        ],
                    }
                ],
                "removed": [
                    {
                        "from": "web/prod",
                        "to": "other/cdn/prod",
                        "evidence": [
                            {
                                "kind": "explicit",
                                "file": "services/web/Pulumi.prod.yaml",
                                "line": 4,
                                "detail": "stackgraph:dependsOn: other/cdn/prod",
                            }
                        ],
                    }
                ],
            },
            "levels": {
                "changed": [
                    {"id": "api/dev", "base": 2, "head": 3},
                    {"id": "database/dev", "base": 1, "head": 2},
                    {"id": "monitoring/dev", "base": 3, "head": 4},
                ]
            },
        }


def test_text_and_markdown_say_it_in_words(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    base = git(root, "rev-parse", "HEAD")
    _branch_with_changes(root)
    out = cli("diff", "main", root)
    assert out.code == 0, out.stderr
    assert out.stdout == (
        f"graph changes since main (merge base {base[:12]})\n"
        "+ stack monitoring/staging\n"
        "- stack api/sandbox\n"
        "+ database/dev depends on cluster/dev (infra/database/Pulumi.dev.yaml:4 stackgraph:dependsOn: cluster/dev)\n"
        "- web/prod no longer depends on other/cdn/prod "
        "(services/web/Pulumi.prod.yaml:4 stackgraph:dependsOn: other/cdn/prod)\n"
        "~ api/dev moves from level 3 to level 4\n"
        "~ database/dev moves from level 2 to level 3\n"
        "~ monitoring/dev moves from level 4 to level 5\n"
    )
    md = cli("diff", "main", root, "-f", "markdown")
    assert md.code == 0, md.stderr
    assert md.stdout.splitlines()[:4] == [
        f"### Graph changes since `{base[:12]}` (`main`)",
        "",
        "- new stack `monitoring/staging`",
        "- removed stack `api/sandbox`",
    ]
    assert (
        "- `database/dev` now depends on `cluster/dev` "
        "(`infra/database/Pulumi.dev.yaml:4 stackgraph:dependsOn: cluster/dev`)" in md.stdout
    )


def test_the_base_is_the_merge_base_not_the_tip_of_the_ref(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "checkout", "-q", "main")
    write_repo(root, {"ops/monitoring/Pulumi.qa.yaml": stack()})  # lands on main after the branch point
    commit_all(root, "qa on main")
    git(root, "checkout", "-q", "feature")
    out = cli("diff", "main", root, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["stacks"] == {"added": [], "removed": []}  # not "removed monitoring/qa"
    assert doc["base"] == git(root, "merge-base", "main", "HEAD")


def test_no_change_says_so(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    edit(root, "README.md")  # a change, but not to the graph
    out = cli("diff", "HEAD", root)
    assert out.code == 0, out.stderr
    assert out.stdout == f"graph changes since HEAD (merge base {git(root, 'rev-parse', 'HEAD')[:12]}): none\n"


def test_a_subfolder_that_did_not_exist_at_the_base_has_only_new_stacks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    edit(repo, "README.md")
    commit_all(repo, "no projects yet")
    write_repo(repo / "infra", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})
    out = cli("diff", "main", repo / "infra", "-f", "json")
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout)["stacks"] == {"added": ["net/dev"], "removed": []}


def test_nothing_is_executed_and_the_repository_is_left_as_it_was(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "estate")
    marker = tmp_path / "ran"
    edit(root, "infra/networking/__main__.py", f"open({str(marker)!r}, 'w').write('x')\n")
    commit_all(root, "a program with a side effect")
    before = (git(root, "status", "--porcelain"), git(root, "worktree", "list"), git(root, "stash", "list"))
    out = cli("diff", "HEAD~1", root)
    assert out.code == 0, out.stderr
    assert not marker.exists()
    assert (git(root, "status", "--porcelain"), git(root, "worktree", "list"), git(root, "stash", "list")) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("nope",),
            "diff: git does not know the ref 'nope'; name a branch, tag or commit (fetch it first if it is remote)",
        ),
        (("",), "diff: the ref is empty; name a branch, tag or commit (e.g. origin/main)"),
        (("  ",), "diff: the ref is empty; name a branch, tag or commit (e.g. origin/main)"),
        (("--", "-x"), "diff: '-x' is not a git ref; name a branch, tag or commit"),
        (("main", "-f", "yaml"), "--format yaml: choose one of text, markdown, json"),
    ],
)
def test_bad_refs_and_formats_are_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = git_estate(tmp_path / "estate")
    ref, rest = (args[1], args[2:]) if args[0] == "--" else (args[0], args[1:])
    head = ("diff", "--", ref, root) if args[0] == "--" else ("diff", ref, root)
    for out in both(*head, *rest):
        assert (out.code, out.stdout, out.stderr) == (2, "", f"{E}{message}\n")


def test_outside_git_and_without_commits_is_one_line_and_exit_2(tmp_path: Path) -> None:
    plain = write_repo(tmp_path / "plain", {"net/Pulumi.yaml": project("net")})
    for out in both("diff", "main", plain):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            f"{E}diff: {plain} is not inside a git repository; change detection needs one (scan a git checkout)\n"
        )
    git(plain, "init", "-q", "-b", "main")
    out = cli("diff", "main", plain)
    assert (out.code, out.stderr) == (
        2,
        f"{E}diff: the git repository has no commit yet; commit once, then compare with a ref\n",
    )
    missing = cli("diff", "main", tmp_path / "missing")
    assert (missing.code, missing.stderr) == (
        2,
        f"{E}{tmp_path / 'missing'}: no such folder; pass the folder that holds your Pulumi projects\n",
    )


def test_the_base_tree_is_kept_in_the_cache_and_reused_or_removed_when_caching_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = git_estate(tmp_path / "estate")
    write_repo(root, {"ops/monitoring/Pulumi.qa.yaml": stack()})
    commit_all(root, "qa")
    base = git(root, "rev-parse", "HEAD~1")
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    first = cli("diff", "HEAD~1", root, "-f", "json")
    tree = tmp_path / "cache" / "base" / base
    assert first.code == 0, first.stderr
    assert (tree / "infra/networking/Pulumi.yaml").is_file()
    stamp = (tree / "infra/networking/Pulumi.yaml").stat().st_mtime_ns
    assert cli("diff", "HEAD~1", root, "-f", "json").stdout == first.stdout
    assert (tree / "infra/networking/Pulumi.yaml").stat().st_mtime_ns == stamp  # not written again
    assert json.loads(first.stdout)["stacks"]["added"] == ["monitoring/qa"]
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def spy(*args: Any, **kwargs: Any) -> str:
        made.append(Path(real_mkdtemp(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(tempfile, "mkdtemp", spy)
    assert cli("diff", "HEAD~1", root, "-f", "json").stdout == first.stdout
    bases = [p for p in made if p.name.startswith("stackgraph-base-")]
    assert len(bases) == 1 and not bases[0].exists()
