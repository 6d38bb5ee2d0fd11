"""`ci --branch`: every name git takes as a branch (`release#1`, `fix+2`, `café`), written so that each system's
filter or rule matches that branch and no other; names git refuses are one exit-2 line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from stackgraph.app.ci import branch_problem
from stackgraph.ci.github import filter_literal
from stackgraph.ci.model import System
from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

NAMES = [
    "main", "release#1", "fix+2", "café", "a/b", "a//b", ".a", "a/.b", "a.lock", "a.lock/b", "a..b", "a@{b",
    "a@b", "-a", "a-", "a.", "a/", "/a", "a b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "a]b", "!a",
    "HEAD", "a$b", "a'b", 'a"b', "ab.lck", "a/b.lock/c", "a\tb", "",
]  # fmt: skip


def small(root: Path) -> Path:
    return write_repo(root, {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})


@pytest.mark.parametrize("name", NAMES)
def test_a_branch_name_is_taken_exactly_when_git_takes_it(name: str) -> None:
    git = subprocess.run(["git", "check-ref-format", "--branch", name], capture_output=True, check=False)
    assert (branch_problem(name, System.GITHUB) is None) == (git.returncode == 0), name
    assert (branch_problem(name, System.ARGO) is None) == (git.returncode == 0), name


@pytest.mark.parametrize("name", ["release#1", "fix+2", "café", "a]b", "!a", "feature/x+y!"])
def test_github_filters_match_the_branch_itself(tmp_path: Path, name: str) -> None:
    out = cli("ci", "github", small(tmp_path / "repo"), "--branch", name)
    assert out.code == 0, out.stderr
    on = yaml.safe_load(out.stdout)["on"]
    (pattern,) = on["push"]["branches"]
    assert on["pull_request"]["branches"] == [pattern] == [filter_literal(name)]
    assert _github_matches(pattern, name)
    assert not _github_matches(pattern, name.replace("+", "++") + "x")
    path = tmp_path / "workflow.yml"
    path.write_text(out.stdout, encoding="utf-8")
    lint = subprocess.run([require("actionlint"), "-no-color", str(path)], capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout


def _github_matches(pattern: str, name: str) -> bool:
    """GitHub's filter: `\\` escapes the next character; `+` repeats the one before (as in a regex)."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out, i = out + re.escape(pattern[i + 1]), i + 2
            continue
        out += {"*": "[^/]*", "?": ".?", "+": "+"}.get(c, re.escape(c))
        i += 1
    return re.fullmatch(out, name) is not None


def test_gitlab_rules_compare_the_branch_as_written(tmp_path: Path) -> None:
    out = cli("ci", "gitlab", small(tmp_path / "repo"), "--parent", "--branch", "release#1+x")
    assert out.code == 0, out.stderr
    assert '$CI_COMMIT_BRANCH == "release#1+x"' in out.stdout
    yaml.safe_load(out.stdout)


@pytest.mark.parametrize(("system", "name", "message"), [
    ("github", "a b", "not a branch name git takes"),
    ("argo", "a..b", "not a branch name git takes"),
    ("gitlab", "HEAD", "not a branch name git takes"),
    ("gitlab", 'ma"in', "GitLab rules compare the branch as a quoted string"),
    ("gitlab", "a$b", "GitLab rules compare the branch as a quoted string"),
])  # fmt: skip
def test_refused_branches_are_one_line_and_exit_2(tmp_path: Path, system: str, name: str, message: str) -> None:
    out = cli("ci", system, small(tmp_path / "repo"), "--branch", name)
    assert (out.code, out.stdout) == (2, ""), out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"stackgraph: error: --branch {name!r}: {message}")


def test_argo_and_github_take_a_quote_in_a_branch(tmp_path: Path) -> None:
    for system in ("github", "argo"):
        out = cli("ci", system, small(tmp_path / system), "--branch", 'ma"in')
        assert out.code == 0, out.stderr
        assert 'ma"in' in str(yaml.safe_load(out.stdout))
