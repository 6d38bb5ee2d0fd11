"""Change detection on real git repositories: what changed since a ref selects which stacks, and why.

Each test builds the estate (tests/helpers/estate.py) in a new git repository, makes
commits, branches, tags and working-tree changes, and runs `stackgraph ls --why`.
Full plan order of the estate:
    0 api/sandbox networking/*   1 cluster/* database/*   2 api/dev api/prod web/*   3 monitoring/*
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, cli
from tests.helpers.estate import commit_all, edit, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo


def why(root: Path, *args: str) -> Outcome:
    return cli("ls", root, "--why", *args)


def table(*rows: tuple[str, str]) -> str:
    width = max(len(sid) for sid, _ in rows)
    return "".join(f"{sid:<{width}}  {reason}\n" for sid, reason in rows)


def ids(root: Path, *args: str) -> list[str]:
    out = cli("ls", root, *args)
    assert out.code == 0, out.stderr
    return out.stdout.split()


def test_a_program_file_changed_on_a_branch(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "checkout", "-q", "-b", "feature")
    edit(root, "infra/database/__main__.py")
    commit_all(root, "database: change the program")
    out = why(root, "--changed-since", "main")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == table(
        ("database/dev", "changed: infra/database/__main__.py"),
        ("database/prod", "changed: infra/database/__main__.py"),
        ("api/dev", "dependent of database/dev"),
        ("api/prod", "dependent of database/prod"),
        ("monitoring/dev", "dependent of database/dev"),
        ("monitoring/prod", "dependent of database/prod"),
    )
    assert ids(root, "--changed-since", "main", "--no-dependents") == ["database/dev", "database/prod"]


def test_only_a_stack_file_changed(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    edit(root, "infra/database/Pulumi.prod.yaml", "# a comment\n")
    commit_all(root, "database/prod: a comment")
    out = why(root, "--changed-since", "HEAD~1")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == table(
        ("database/prod", "changed: infra/database/Pulumi.prod.yaml"),
        ("api/prod", "dependent of database/prod"),
        ("monitoring/prod", "dependent of database/prod"),
    )


def test_a_shared_library_maps_through_watch(tmp_path: Path) -> None:
    root = git_estate(tmp_path, {"watch": {"lib/shared/**": ["project:api", "web/dev"], "*.proto": ["stack:prod"]}})
    edit(root, "lib/shared/util.py")
    edit(root, "README.md")  # outside every project and not watched: selects nothing
    edit(root, "stackgraph.yaml", "# a comment\n")  # idem
    commit_all(root, "lib: change")
    out = why(root, "--changed-since", "HEAD~1")
    assert (out.code, out.stderr) == (0, "")
    watched = "changed: lib/shared/util.py (watch 'lib/shared/**')"
    assert out.stdout == table(
        ("api/dev", watched),
        ("api/prod", watched),
        ("api/sandbox", watched),
        ("web/dev", watched),
        ("monitoring/dev", "dependent of api/dev"),
        ("monitoring/prod", "dependent of api/prod"),
    )
    edit(root, "protos/deep/x.proto")  # a glob without '/' matches a file name in any folder
    assert ids(root, "--changed-since", "HEAD", "--no-dependents") == [
        "networking/prod",
        "cluster/prod",
        "database/prod",
        "api/prod",
        "web/prod",
        "monitoring/prod",
    ]


def test_a_rename_counts_on_both_sides(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "mv", "services/api/__main__.py", "services/web/api_main.py")
    git(root, "mv", "services/api/Pulumi.sandbox.yaml", "services/api/Pulumi.staging.yaml")
    commit_all(root, "move files")
    out = why(root, "--changed-since", "HEAD~1")
    assert out.code == 0
    assert out.stderr == (
        "stackgraph: warning: stack 'api/sandbox' was removed (services/api/Pulumi.sandbox.yaml deleted); "
        "nothing is selected for it\n"
    )
    assert out.stdout == table(
        ("api/dev", "changed: services/api/__main__.py"),
        ("api/prod", "changed: services/api/__main__.py"),
        ("api/staging", "changed: services/api/Pulumi.staging.yaml, services/api/__main__.py"),
        ("web/dev", "changed: services/web/api_main.py"),
        ("web/prod", "changed: services/web/api_main.py"),
        ("monitoring/dev", "dependent of api/dev"),
        ("monitoring/prod", "dependent of api/prod"),
    )


def test_a_deleted_program_file_selects_its_project(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "rm", "-q", "infra/cluster/__main__.py")
    commit_all(root, "cluster: remove the program")
    assert ids(root, "--changed-since", "HEAD~1") == [
        "cluster/dev",
        "cluster/prod",
        "api/dev",
        "api/prod",
        "web/dev",
        "web/prod",
        "monitoring/dev",
        "monitoring/prod",
    ]


def test_a_deleted_stack_file_warns_and_selects_nothing_for_it(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "rm", "-q", "services/api/Pulumi.sandbox.yaml")
    commit_all(root, "api/sandbox: gone")
    out = why(root, "--changed-since", "HEAD~1")
    assert (out.code, out.stdout) == (0, "")
    assert out.stderr == (
        "stackgraph: warning: stack 'api/sandbox' was removed (services/api/Pulumi.sandbox.yaml deleted); "
        "nothing is selected for it\n"
        "stackgraph: no stack selected\n"
    )


def test_a_deleted_project_warns_for_each_of_its_stacks(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    shutil.rmtree(root / "ops/monitoring")  # not even committed: a working-tree deletion
    out = why(root, "--changed-since", "main")
    assert (out.code, out.stdout) == (0, "")
    assert out.stderr == (
        "stackgraph: warning: stack 'monitoring/dev' was removed (ops/monitoring/Pulumi.dev.yaml deleted); "
        "nothing is selected for it\n"
        "stackgraph: warning: stack 'monitoring/prod' was removed (ops/monitoring/Pulumi.prod.yaml deleted); "
        "nothing is selected for it\n"
        "stackgraph: warning: the project 'monitoring' in 'ops/monitoring' was removed "
        "(ops/monitoring/Pulumi.yaml deleted); nothing is selected for it (its stacks stay deployed: destroy them "
        "with `pulumi destroy`)\n"
        "stackgraph: no stack selected\n"
    )


def test_a_removed_stack_that_others_still_reference_names_them(tmp_path: Path) -> None:
    # cdn goes; site's program still reads its outputs: cdn's stacks stay deployed, so nothing breaks yet, but
    # the reviewer learns which stacks fail once they are destroyed
    root = git_estate(tmp_path)
    edit(root, "edge/cdn/Pulumi.yaml", "name: cdn\nruntime: python\n")
    edit(root, "edge/cdn/Pulumi.dev.yaml", "config: {}\n")
    edit(root, "edge/cdn/__main__.py", "import pulumi\npulumi.export('host', 'cdn.example.com')\n")
    edit(root, "edge/site/Pulumi.yaml", "name: site\nruntime: python\n")
    edit(root, "edge/site/Pulumi.dev.yaml", "config: {}\n")
    program = "import pulumi\ncdn = pulumi.StackReference(f'acme/cdn/{pulumi.get_stack()}')\n"
    edit(root, "edge/site/__main__.py", program)
    commit_all(root, "cdn and site")
    shutil.rmtree(root / "edge/cdn")
    out = why(root, "--changed-since", "HEAD")
    assert (out.code, out.stdout) == (0, ""), out.stderr
    assert out.stderr.splitlines()[0] == (
        "stackgraph: warning: stack 'cdn/dev' was removed (edge/cdn/Pulumi.dev.yaml deleted); nothing is "
        "selected for it; site/dev still references a stack of that name (its deployments fail once it is "
        "destroyed)"
    )


def test_a_deleted_project_whose_name_cannot_be_read_is_named_by_its_folder(tmp_path: Path) -> None:
    """The name comes from the project file at the merge base (`git show`, parsed, never run); a name Pulumi
    would refuse is not repeated: the warnings fall back to the folder, as before."""
    root = git_estate(tmp_path)
    (root / "ops/monitoring/Pulumi.yaml").write_text("name: not a name\nruntime: python\n")
    commit_all(root, "monitoring: a name Pulumi refuses")
    shutil.rmtree(root / "ops/monitoring")
    out = why(root, "--changed-since", "HEAD")
    assert out.code == 0
    assert out.stderr == (
        "stackgraph: warning: a stack was removed (ops/monitoring/Pulumi.dev.yaml deleted); "
        "nothing is selected for it\n"
        "stackgraph: warning: a stack was removed (ops/monitoring/Pulumi.prod.yaml deleted); "
        "nothing is selected for it\n"
        "stackgraph: warning: the project in 'ops/monitoring' was removed (ops/monitoring/Pulumi.yaml deleted); "
        "nothing is selected for it (its stacks stay deployed: destroy them with `pulumi destroy`)\n"
        "stackgraph: no stack selected\n"
    )


def test_uncommitted_and_untracked_files(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    edit(root, "services/web/__main__.py")
    git(root, "add", "services/web/__main__.py")  # staged
    edit(root, "infra/database/Pulumi.dev.yaml", "# unstaged\n")  # unstaged
    edit(root, "infra/cluster/new file é.py")  # untracked, an awkward name
    edit(root, "infra/networking/debug.log")  # untracked but ignored by .gitignore: no change
    out = why(root, "--changed-since", "main", "--no-dependents")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == table(
        ("cluster/dev", "changed: infra/cluster/new file é.py"),
        ("cluster/prod", "changed: infra/cluster/new file é.py"),
        ("database/dev", "changed: infra/database/Pulumi.dev.yaml"),
        ("web/dev", "changed: services/web/__main__.py"),
        ("web/prod", "changed: services/web/__main__.py"),
    )
    assert ids(root, "--changed-since", "main") == [
        "cluster/dev",
        "cluster/prod",
        "database/dev",
        "api/dev",
        "api/prod",
        "web/dev",
        "web/prod",
        "monitoring/dev",
        "monitoring/prod",
    ]


@pytest.mark.parametrize("form", ["branch", "tag", "annotated-tag", "sha", "short-sha", "relative"])
@pytest.mark.parametrize("how", ["option", "atom"])
def test_ref_as_a_branch_a_tag_or_a_sha(tmp_path: Path, form: str, how: str) -> None:
    root = git_estate(tmp_path)
    sha = git(root, "rev-parse", "HEAD")
    git(root, "branch", "release")
    git(root, "tag", "v1")
    git(root, "tag", "-a", "v1-annotated", "-m", "v1")
    edit(root, "services/web/__main__.py")
    commit_all(root, "web: change")
    ref = {
        "branch": "release",
        "tag": "v1",
        "annotated-tag": "v1-annotated",
        "sha": sha,
        "short-sha": sha[:10],
        "relative": "HEAD~1",
    }[form]
    args = ["--changed-since", ref] if how == "option" else ["-s", f"[{ref}]"]
    assert ids(root, *args) == ["web/dev", "web/prod", "monitoring/dev", "monitoring/prod"]


def test_changes_count_from_the_merge_base(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "checkout", "-q", "-b", "feature")
    edit(root, "services/web/__main__.py")
    commit_all(root, "web: change")
    git(root, "checkout", "-q", "main")
    edit(root, "infra/database/__main__.py")
    commit_all(root, "database: change on main after feature branched")
    git(root, "checkout", "-q", "feature")
    assert ids(root, "--changed-since", "main", "--no-dependents") == ["web/dev", "web/prod"]


def test_the_scanned_folder_is_a_subfolder_of_the_git_repository(tmp_path: Path) -> None:
    git_estate(tmp_path / "pulumi", {"watch": {"../lib/**": ["project:api"]}})
    shutil.rmtree(tmp_path / "pulumi/.git")
    (tmp_path / "README.md").write_text("# mono\n")
    edit(tmp_path, "lib/x.py")
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "monorepo")
    edit(tmp_path, "lib/x.py")  # beside the scanned folder: through watch
    edit(tmp_path, "pulumi/services/web/__main__.py")
    edit(tmp_path, "README.md")  # at the git root, outside the scanned folder: nothing
    out = why(tmp_path / "pulumi", "--changed-since", "main", "--no-dependents")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == table(
        ("api/dev", "changed: ../lib/x.py (watch '../lib/**')"),
        ("api/prod", "changed: ../lib/x.py (watch '../lib/**')"),
        ("api/sandbox", "changed: ../lib/x.py (watch '../lib/**')"),
        ("web/dev", "changed: services/web/__main__.py"),
        ("web/prod", "changed: services/web/__main__.py"),
    )


def test_stack_files_in_a_stack_config_dir(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "jobs/Pulumi.yaml": project("jobs", stackConfigDir="stacks"),
            "jobs/main.yaml": "# program\n",
            "jobs/stacks/Pulumi.dev.yaml": stack(),
            "jobs/stacks/Pulumi.prod.yaml": stack(),
        },
    )
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "jobs")
    edit(root, "jobs/stacks/Pulumi.dev.yaml", "# x\n")
    (root / "jobs/stacks/Pulumi.prod.yaml").unlink()
    out = why(root, "--changed-since", "main")
    assert (out.code, out.stdout) == (0, "jobs/dev  changed: jobs/stacks/Pulumi.dev.yaml\n")
    assert out.stderr == (
        "stackgraph: warning: stack 'jobs/prod' was removed (jobs/stacks/Pulumi.prod.yaml deleted); "
        "nothing is selected for it\n"
    )


def test_nothing_changed_selects_nothing(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    out = cli("ls", root, "--changed-since", "main")
    assert (out.code, out.stdout, out.stderr) == (0, "", "stackgraph: no stack selected\n")
    out = cli("plan", root, "--changed-since", "main", "-f", "json")
    assert out.code == 0
    assert '"levels": []' in out.stdout


def test_the_users_git_config_does_not_change_the_answer(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    for key, value in (
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("color.status", "always"),
        ("diff.relative", "true"),
        ("diff.renames", "false"),
        ("status.showUntrackedFiles", "no"),
        ("status.relativePaths", "true"),
        ("core.quotePath", "true"),
    ):
        git(root, "config", key, value)
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "services/web/__main__.py", "services/web/main é.py")
    commit_all(root, "web: rename the program")
    edit(root, "infra/cluster/untracked é.py")
    assert ids(root, "--changed-since", "main", "--no-dependents") == [
        "cluster/dev",
        "cluster/prod",
        "web/dev",
        "web/prod",
    ]


SETTINGS = "settings:\n  sourceContext:\n    git:\n      branch: refs/heads/main\n"


def test_a_deleted_deployment_settings_file_is_no_removed_stack(tmp_path: Path) -> None:
    """`Pulumi.prod.deploy.yaml` held `pulumi deployment settings` (read from git at the base): deleting it selects
    its project's stacks as any file of the project does, with no warning of a stack `database/prod.deploy`
    removed; a real stack `prod.deploy` deleted is still said removed."""
    root = git_estate(tmp_path)
    (root / "infra/database/Pulumi.prod.deploy.yaml").write_text(SETTINGS)
    (root / "infra/database/Pulumi.qa.deploy.yaml").write_text("config:\n  database:size: 1\n")
    commit_all(root, "database: deployment settings, and a stack qa.deploy")
    (root / "infra/database/Pulumi.prod.deploy.yaml").unlink()
    (root / "infra/database/Pulumi.qa.deploy.yaml").unlink()
    commit_all(root, "database: remove them")
    out = why(root, "--changed-since", "HEAD~1", "--no-dependents")
    assert out.code == 0
    assert "prod.deploy" not in out.stderr
    assert "stack 'database/qa.deploy' was removed (infra/database/Pulumi.qa.deploy.yaml deleted)" in out.stderr
    assert out.stdout == table(
        ("database/dev", "changed: infra/database/Pulumi.prod.deploy.yaml"),
        ("database/prod", "changed: infra/database/Pulumi.prod.deploy.yaml"),
    )
