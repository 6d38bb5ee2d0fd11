"""A `stackConfigDir` is listed outside the walk (Pulumi reads it even when hidden or gitignored), by the walk's
rules for a file: a link leading outside the root and a FIFO are never opened, skipped with a warning; a stack file
read there is never also counted skipped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stackgraph.cache import results as resultcache
from stackgraph.discovery.scan import scan
from stackgraph.model import Skipped
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

A = {"a/Pulumi.yaml": project("a", stackConfigDir="config"), "a/config/Pulumi.dev.yaml": stack()}


def test_a_link_leading_outside_is_never_opened(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("config: [\n")  # invalid YAML: reading it would be exit 2
    root = write_repo(tmp_path / "repo", A)
    (root / "a/config/Pulumi.ext.yaml").symlink_to(outside)
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\ta/dev\n")
    assert out.stderr == (
        f"stackgraph: warning: a/config/Pulumi.ext.yaml: a link that leads outside the scanned folder (links to "
        f"{outside}): not followed\n"
        "stackgraph: warning: 1 file skipped (link outside the scanned folder: 1); --verbose lists them\n"
    )
    assert scan(root).skipped == (Skipped("a/config/Pulumi.ext.yaml", "outside-root", f"links to {outside}"),)


def test_a_link_leading_outside_from_a_hidden_folder_is_skipped_as_a_link(tmp_path: Path) -> None:
    """The walk counts the files of a hidden folder by name ('hidden'); listed as the stackConfigDir, the link
    is what it is: one entry, outside-root, with its warning."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("config: {}\n")
    root = write_repo(tmp_path / "repo", {"a/Pulumi.yaml": project("a", stackConfigDir=".pulumi")})
    (root / "a/.pulumi").mkdir()
    (root / "a/.pulumi/Pulumi.ext.yaml").symlink_to(outside)
    repo = scan(root)
    assert repo.stacks == ()
    assert repo.skipped == (Skipped("a/.pulumi/Pulumi.ext.yaml", "outside-root", f"links to {outside}"),)
    assert [(d.code, d.file) for d in repo.diagnostics] == [("outside-root", "a/.pulumi/Pulumi.ext.yaml")]


def test_a_fifo_is_skipped_with_a_warning_as_anywhere_else(tmp_path: Path) -> None:
    root = write_repo(tmp_path, A)
    os.mkfifo(root / "a/config/Pulumi.f.yaml")
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\ta/dev\n")
    assert out.stderr == (
        "stackgraph: warning: a/config/Pulumi.f.yaml: a FIFO, not a regular file: skipped, never opened\n"
        "stackgraph: warning: 1 file skipped (not a regular file: 1); --verbose lists them\n"
    )


@pytest.mark.parametrize(
    ("spec", "config"),
    [
        ({".gitignore": "config/\n"}, "config"),  # the walk skips it: ignored
        ({"stackgraph.yaml": {"exclude": ["a/config"]}}, "config"),  # excluded
        ({}, ".pulumi"),  # hidden
    ],
)
def test_a_skipped_folder_named_by_stack_config_dir_is_read_and_not_counted_skipped(
    tmp_path: Path, spec: dict[str, object], config: str
) -> None:
    files = {"a/Pulumi.yaml": project("a", stackConfigDir=config), f"a/{config}/Pulumi.dev.yaml": stack()}
    root = write_repo(tmp_path, {**spec, **files, "b/.hide/Pulumi.yaml": project("b")})
    repo = scan(root)
    assert [(s.id, s.file) for s in repo.stacks] == [("a/dev", f"a/{config}/Pulumi.dev.yaml")]
    assert repo.skipped == (Skipped("b/.hide/Pulumi.yaml", "hidden"),)  # the walk's other skips stand
    out = cli("scan", root, "-f", "json")
    assert json.loads(out.stdout)["skipped"] == [{"file": "b/.hide/Pulumi.yaml", "reason": "hidden", "detail": ""}]


def test_a_cached_scan_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(resultcache, "MIN_FILES", 0)
    outside = tmp_path / "outside.yaml"
    outside.write_text("config: {}\n")
    files = {"a/Pulumi.yaml": project("a", stackConfigDir=".pulumi"), "a/.pulumi/Pulumi.dev.yaml": stack()}
    root = write_repo(tmp_path / "repo", files)
    (root / "a/.pulumi/Pulumi.ext.yaml").symlink_to(outside)
    cold, warm = scan(root), scan(root)
    assert cold == warm
    assert [s.id for s in warm.stacks] == ["a/dev"]
    assert warm.skipped == (Skipped("a/.pulumi/Pulumi.ext.yaml", "outside-root", f"links to {outside}"),)
