"""Shapes of real repositories the scan read wrongly: each as Pulumi reads it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference import prefetch
from tests.helpers.clirun import cli
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


SETTINGS = {"settings": {"sourceContext": {"git": {"branch": "refs/heads/main"}}, "gitHub": {"deployCommits": True}}}


def test_a_deployment_settings_file_is_no_stack(tmp_path: Path) -> None:
    """`pulumi deployment settings init` writes `Pulumi.<stack>.deploy.yaml` beside the stack file (or in
    stackConfigDir): a file of `settings:`, no stack. Was: a stack `dev.deploy`, which `up` would have created."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="nodejs"),
            "app/Pulumi.dev.yaml": stack(),
            "app/Pulumi.dev.deploy.yaml": SETTINGS,
            "app/index.ts": "export const x = 1;\n",
            "cfg/Pulumi.yaml": project("cfg", runtime="nodejs", stackConfigDir="stacks"),
            "cfg/stacks/Pulumi.prod.deploy.yaml": SETTINGS,  # the deployment settings of a stack with no config
            "json/Pulumi.json": '{"name": "js", "runtime": "nodejs"}',
            "json/Pulumi.dev.json": '{"config": {}}',
            "json/Pulumi.dev.deploy.json": '{"settings": {"executorContext": {"executorImage": "x"}}}',
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["app/dev", "js/dev"]
    assert [(k.file, k.reason) for k in repo.skipped] == [
        ("app/Pulumi.dev.deploy.yaml", "deployment-settings"),
        ("cfg/stacks/Pulumi.prod.deploy.yaml", "deployment-settings"),
        ("json/Pulumi.dev.deploy.json", "deployment-settings"),
    ]
    assert repo.diagnostics == ()
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tjs/dev\n")
    assert out.stderr == (  # no warning that files were skipped: nothing is lost
        "stackgraph: note: 1 project has no stack file (cfg); pass --env NAME to plan a stack NAME for each\n"
    )
    assert "skipped: app/Pulumi.dev.deploy.yaml: deployment settings" in cli("scan", root).stdout


def test_a_dot_deploy_stack_file_with_a_stack_files_keys_is_a_stack(tmp_path: Path) -> None:
    """A stack may be named `x.deploy`: its file holds `config:` (or no `settings:`), and is read as a stack."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.blue.deploy.yaml": {**SETTINGS, "config": {"app:x": "1"}},
            "app/Pulumi.green.deploy.yaml": stack(),
            "app/Pulumi.red.deploy.yaml": "",
        },
    )
    assert [s.id for s in scan(root, infer=False).stacks] == ["app/blue.deploy", "app/green.deploy", "app/red.deploy"]


def test_a_deployment_settings_file_read_by_the_early_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The early worker (a large first scan) reads the last half of the stack files: a settings file among them is
    left to this process, which skips it, as a scan in one process does."""
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    spec: dict[str, Any] = {}
    for name in ("a", "b", "c"):
        spec |= {
            f"{name}/Pulumi.yaml": project(name, runtime="nodejs"),
            f"{name}/Pulumi.dev.yaml": stack(),
            f"{name}/index.ts": "export const x = 1;\n",
        }
    spec["c/Pulumi.dev.deploy.yaml"] = SETTINGS
    root = write_repo(tmp_path, spec)
    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    repo = scan(root)
    assert [s.id for s in repo.stacks] == ["a/dev", "b/dev", "c/dev"]
    assert [k.file for k in repo.skipped] == ["c/Pulumi.dev.deploy.yaml"]


def _git_repo(root: Path) -> Path:
    """A git work tree whose top `.gitignore` and `.git/info/exclude` ignore files below `infra/` (one of them
    tracked all the same), with a project in a folder the top ignores."""
    write_repo(
        root,
        {
            ".gitignore": "Pulumi.local.yaml\nscratch/\n",
            "infra/.gitignore": "Pulumi.mine.yaml\n",
            "infra/app/Pulumi.yaml": project("app"),
            "infra/app/Pulumi.dev.yaml": stack(),
            "infra/app/Pulumi.local.yaml": stack(),
            "infra/app/Pulumi.mine.yaml": stack(),
            "infra/app/Pulumi.kept.yaml": stack(),
            "infra/app/Pulumi.staging.yaml": stack(),
            "infra/scratch/Pulumi.yaml": project("scratch"),
            "infra/scratch/Pulumi.dev.yaml": stack(),
        },
    )
    for args in (
        ("init", "-q"),
        ("add", "infra/app/Pulumi.yaml", "infra/app/Pulumi.dev.yaml"),
        ("add", "--force", "infra/app/Pulumi.kept.yaml"),
        ("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "x"),
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    (root / ".git/info").mkdir(exist_ok=True)
    (root / ".git/info/exclude").write_text("Pulumi.staging.yaml\n")
    return root


def test_a_scan_below_the_top_of_a_git_work_tree_skips_what_the_folders_above_ignore(tmp_path: Path) -> None:
    """git applies the `.gitignore` of every folder from the top of the work tree down, and `.git/info/exclude`:
    a scan of `infra/` skips what a scan of the whole repository skips. Was: it read the rules at and below its own
    folder only, so a developer's ignored stack file (`Pulumi.local.yaml`) was a stack to deploy from `infra/`."""
    root = _git_repo(tmp_path / "repo")
    whole = scan(root, infer=False)
    assert [s.id for s in whole.stacks] == ["app/dev", "app/kept"]
    for sub, prefix in (("infra", "app/"), ("infra/app", "")):
        repo = scan(root / sub, infer=False)
        assert [s.id for s in repo.stacks] == ["app/dev", "app/kept"], sub  # kept: tracked, read although ignored
        ignored = sorted(k.file for k in repo.skipped if k.reason == "ignored")
        expected = [f"{prefix}Pulumi.{s}.yaml" for s in ("local", "mine", "staging")]
        assert ignored == expected + (["scratch/Pulumi.dev.yaml", "scratch/Pulumi.yaml"] if prefix else []), sub


def test_a_scan_of_a_folder_git_ignores_reads_it_by_its_own_rules(tmp_path: Path) -> None:
    """Scanning a folder the rules above ignore (`scratch/`) is on purpose: those rules are not applied to it."""
    root = _git_repo(tmp_path / "repo")
    repo = scan(root / "infra/scratch", infer=False)
    assert [s.id for s in repo.stacks] == ["scratch/dev"]
    assert repo.skipped == ()
