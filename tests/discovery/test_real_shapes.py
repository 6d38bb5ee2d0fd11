"""Shapes of real repositories the scan read wrongly: each as Pulumi reads it."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo


def test_an_absolute_stack_config_dir_is_below_the_project_folder(tmp_path: Path) -> None:
    """Pulumi joins `stackConfigDir` to the project folder (Go's filepath.Join), a leading '/' included: `/config`
    is the project's `config/`, not a folder outside the scanned root (which was an error, exit 2)."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", stackConfigDir="/config"),
            "app/config/Pulumi.dev.yaml": stack(),
            "top/Pulumi.yaml": project("top", stackConfigDir="/"),
            "top/Pulumi.prod.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [(s.id, s.file) for s in repo.stacks] == [
        ("app/dev", "app/config/Pulumi.dev.yaml"),
        ("top/prod", "top/Pulumi.prod.yaml"),
    ]
    assert repo.diagnostics == ()
    assert repo.skipped == ()
