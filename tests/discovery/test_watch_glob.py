"""The globs of the settings' `watch:` list, and the mapping of changed files to stacks (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.config import Settings
from stackgraph.discovery.changes import ChangedFile, _name_status, _porcelain, map_changes, watch_glob
from stackgraph.errors import InputError
from tests.helpers.estate import load, spec
from tests.helpers.repo_builder import write_repo


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("lib/shared/**", "lib/shared/a.py", True),
        ("lib/shared/**", "lib/shared/deep/b.py", True),
        ("lib/shared/**", "lib/sharedx/a.py", False),
        ("lib/shared", "lib/shared/deep/b.py", True),  # a folder: everything below it
        ("lib/shared/", "lib/shared/a.py", True),
        ("lib/*.py", "lib/a.py", True),
        ("lib/*.py", "lib/x/a.py", False),  # '*' stays inside one folder
        ("lib/**/*.py", "lib/a.py", True),
        ("lib/**/*.py", "lib/x/y/a.py", True),
        ("*.proto", "a/b/c.proto", True),  # no '/': a file name in any folder
        ("*.proto", "c.proto", True),
        ("/*.proto", "a/c.proto", False),  # a leading '/' anchors at the scanned root
        ("/*.proto", "c.proto", True),
        ("lib/?.py", "lib/a.py", True),
        ("lib/?.py", "lib/ab.py", False),
        ("lib/[ab].py", "lib/b.py", True),
        ("lib/[!ab].py", "lib/b.py", False),
        ("lib/[!ab].py", "lib/c.py", True),
        ("../lib/**", "../lib/x.py", True),  # beside the scanned folder
        ("../lib/**", "lib/x.py", False),
        ("lib/a+b.py", "lib/a+b.py", True),  # regex characters are literal
        ("lib/a+b.py", "lib/aab.py", False),
    ],
)
def test_watch_glob(glob: str, path: str, matches: bool) -> None:
    assert watch_glob(glob)(path) is matches


def test_a_broken_watch_glob_names_the_settings_file() -> None:
    with pytest.raises(InputError) as err:
        watch_glob("lib/[z-a].py", "stackgraph.yaml")
    assert str(err.value) == "stackgraph.yaml: watch glob 'lib/[z-a].py' is not a valid glob; fix its brackets"


def test_name_status_takes_both_sides_of_renames() -> None:
    out = "M\0a.py\0R100\0old name.py\0new name.py\0D\0gone.py\0C75\0src.py\0copy.py\0"
    assert list(_name_status(out)) == ["a.py", "old name.py", "new name.py", "gone.py", "src.py", "copy.py"]
    assert list(_name_status("")) == []


def test_porcelain_status_paths() -> None:
    out = " M a.py\0M  staged.py\0?? new dir/x.py\0R  new.py\0old.py\0 D gone.py\0"
    assert list(_porcelain(out)) == ["a.py", "staged.py", "new dir/x.py", "new.py", "old.py", "gone.py"]


def test_map_changes_rules(tmp_path: Path) -> None:
    repo, _ = load(write_repo(tmp_path, spec()))
    settings = Settings(file="stackgraph.yaml", watch=(("lib/**", ("project:api",)),))
    files = [
        ChangedFile("infra/networking/Pulumi.dev.yaml"),  # a stack file: its stack
        ChangedFile("infra/cluster/src/deep/x.py"),  # in a project folder: its stacks
        ChangedFile("services/api/Pulumi.qa.yaml", deleted=True),  # a removed stack: a warning
        ChangedFile("lib/a.py"),  # watched
        ChangedFile("docs/readme.md"),  # nothing
        ChangedFile("../elsewhere.py"),  # beside the scanned folder, not watched: nothing
    ]
    impact = map_changes(repo, files, settings, ref="main", base="abc")
    assert dict(impact.stacks) == {
        "cluster/dev": ("infra/cluster/src/deep/x.py",),
        "cluster/prod": ("infra/cluster/src/deep/x.py",),
        "networking/dev": ("infra/networking/Pulumi.dev.yaml",),
    }
    assert impact.watched == (("lib/**", ("project:api",), ("lib/a.py",)),)
    assert impact.warnings == (
        "stack 'api/qa' was removed (services/api/Pulumi.qa.yaml deleted); nothing is selected for it",
    )
