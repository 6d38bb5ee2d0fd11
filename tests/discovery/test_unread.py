"""Stack files no project reads, and files named almost like Pulumi files, are skipped with their reason
(discovery/unread.py), never dropped: no Pulumi.yaml beside them, beside a project whose stackConfigDir is
elsewhere, in a template project, or misnamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.discovery.unread import MISNAMED_PROJECT, MISNAMED_STACK, NO_PROJECT
from stackgraph.model import Diagnostic, DiagnosticCode, Severity, Skipped
from tests.helpers.repo_builder import project, stack, write_repo

NO_PROJECT_FIX = "; move it beside its project's Pulumi.yaml, or point that project's stackConfigDir at its folder"
TEMPLATE = "name: ${PROJECT}\nruntime: yaml\n"


def warnings(root: Path) -> list[tuple[str | None, DiagnosticCode, str]]:
    return [(d.file, d.code, d.message) for d in scan(root, infer=False).diagnostics if d.severity is Severity.WARNING]


def test_a_stack_file_alone_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"svc/Pulumi.dev.yaml": stack()})
    repo = scan(root, infer=False)
    assert (repo.projects, repo.stacks) == ((), ())
    assert repo.skipped == (Skipped("svc/Pulumi.dev.yaml", "no-project", NO_PROJECT),)
    assert repo.diagnostics == (
        Diagnostic(Severity.WARNING, DiagnosticCode.NO_PROJECT, NO_PROJECT + NO_PROJECT_FIX, "svc/Pulumi.dev.yaml"),
    )


def test_a_stack_file_in_a_folder_below_a_project_is_no_stack_of_it(tmp_path: Path) -> None:
    """The layout of p2-burb: a root project, and a stack file in a folder of its own below it."""
    root = write_repo(
        tmp_path,
        {
            "Pulumi.yaml": project("pulumi-infra", runtime="nodejs"),
            "Pulumi.dev.yaml": stack(),
            "deploy/l1/Pulumi.openstack.yaml": stack(),
            "deploy/l2/Pulumi.yaml": project("l2", runtime="nodejs"),
            "l2/Pulumi.hetzner.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["pulumi-infra/dev"]
    assert repo.skipped == (
        Skipped("deploy/l1/Pulumi.openstack.yaml", "no-project", NO_PROJECT),
        Skipped("l2/Pulumi.hetzner.yaml", "no-project", NO_PROJECT),
    )
    assert [f for f, _, _ in warnings(root)] == ["deploy/l1/Pulumi.openstack.yaml", "l2/Pulumi.hetzner.yaml"]


def test_stack_files_in_a_stack_config_dir_are_no_orphans(tmp_path: Path) -> None:
    """A stackConfigDir beside the project, one above it (shared), and one that is the project folder itself."""
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a", stackConfigDir="config/"),
            "a/config/Pulumi.dev.yaml": stack(),
            "b/Pulumi.yaml": project("b", stackConfigDir="../shared/b"),
            "shared/b/Pulumi.dev.yaml": stack(),
            "c/Pulumi.yaml": project("c", stackConfigDir="."),
            "c/Pulumi.dev.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["a/dev", "b/dev", "c/dev"]
    assert (repo.skipped, repo.diagnostics) == ((), ())


def test_a_stack_file_beside_a_project_with_a_stack_config_dir_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "cfgd/Pulumi.yaml": project("cfgd", runtime="python", stackConfigDir="config/"),
            "cfgd/config/Pulumi.prod.yaml": stack(),
            "cfgd/Pulumi.stray.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["cfgd/prod"]
    detail = "beside a project whose stackConfigDir is config/: Pulumi does not read it"
    assert repo.skipped == (Skipped("cfgd/Pulumi.stray.yaml", "outside-config-dir", detail),)
    assert warnings(root) == [
        ("cfgd/Pulumi.stray.yaml", DiagnosticCode.OUTSIDE_CONFIG_DIR, detail + "; move it into config/ or delete it")
    ]


def test_a_stack_config_dir_that_is_no_folder_names_the_stack_files_beside_the_project(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "cfgf/Pulumi.yaml": project("cfgf", stackConfigDir="notadir"),
            "cfgf/Pulumi.dev.yaml": stack(),
            "cfgf/Pulumi.prod.yaml": stack(),
            "bare/Pulumi.yaml": project("bare", stackConfigDir="nowhere"),
        },
    )
    repo = scan(root, infer=False)
    assert repo.stacks == ()
    detail = "beside a project whose stackConfigDir is notadir/: Pulumi does not read it"
    assert repo.skipped == (
        Skipped("cfgf/Pulumi.dev.yaml", "outside-config-dir", detail),
        Skipped("cfgf/Pulumi.prod.yaml", "outside-config-dir", detail),
    )
    assert warnings(root) == [  # one warning for each project, none more per file (sorted by message)
        (
            "cfgf/Pulumi.yaml",
            DiagnosticCode.NO_STACK_CONFIG_DIR,
            "'stackConfigDir' 'notadir' is not a folder, so project 'cfgf' has no stacks; Pulumi.dev.yaml, "
            "Pulumi.prod.yaml beside its Pulumi.yaml are not read (Pulumi reads stackConfigDir only)",
        ),
        (
            "bare/Pulumi.yaml",
            DiagnosticCode.NO_STACK_CONFIG_DIR,
            "'stackConfigDir' 'nowhere' is not a folder, so project 'bare' has no stacks",
        ),
    ]


def test_the_stack_files_of_a_template_project_are_skipped_with_it(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "tpl/Pulumi.yaml": TEMPLATE,
            "tpl/Pulumi.dev.yaml": stack(),
            "go-tpl/Pulumi.yaml": "name: '{{ .Name }}'\nruntime: go\n",
            "go-tpl/Pulumi.prod.yml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert repo.skipped == (
        Skipped("go-tpl/Pulumi.prod.yml", "template", "in a template project"),
        Skipped("go-tpl/Pulumi.yaml", "template", "its name is a placeholder"),
        Skipped("tpl/Pulumi.dev.yaml", "template", "in a template project"),
        Skipped("tpl/Pulumi.yaml", "template", "its name is a placeholder"),
    )
    assert warnings(root) == []  # the template's own info note says it


def test_misnamed_pulumi_files_are_skipped_and_other_files_untouched(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": stack(),
            "a/Pulumi..yaml": stack(),
            "a/Pulumi.dev.YAML": stack(),
            "a/pulumi.prod.yaml": stack(),
            "b/pulumi.yaml": project("b"),
            "c/Pulumi.YAML": project("c"),
            "c/Pulumi.yml.bak": "",
            "c/pulumi.ts": "",
            "c/pulumi-config.yaml": "",
            "c/Pulumix.yaml": "",
            "c/Pulumi.md": "",
            "c/package.json": "{}",
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["a/dev"]
    stack_reason, project_reason = MISNAMED_STACK + "; rename it", MISNAMED_PROJECT + "; rename it"
    assert repo.skipped == (
        Skipped("a/Pulumi..yaml", "misnamed", stack_reason),
        Skipped("a/Pulumi.dev.YAML", "misnamed", stack_reason),
        Skipped("a/pulumi.prod.yaml", "misnamed", stack_reason),
        Skipped("b/pulumi.yaml", "misnamed", project_reason),
        Skipped("c/Pulumi.YAML", "misnamed", project_reason),
    )
    assert warnings(root) == []


def test_the_skipped_stack_files_are_the_same_from_the_result_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries are part of the cached result: a second scan (a cache hit) gives them again, and a stack
    file added in an orphan folder is seen (the walk's listing is in the fingerprint)."""
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("stackgraph.cache.results.MIN_FILES", 0)
    root = write_repo(tmp_path / "repo", {"a/Pulumi.yaml": project("a"), "svc/Pulumi.dev.yaml": stack()})
    first = scan(root, infer=False)
    assert (
        scan(root, infer=False).skipped == first.skipped == (Skipped("svc/Pulumi.dev.yaml", "no-project", NO_PROJECT),)
    )
    write_repo(root, {"svc/Pulumi.prod.yaml": stack()})
    assert [k.file for k in scan(root, infer=False).skipped] == ["svc/Pulumi.dev.yaml", "svc/Pulumi.prod.yaml"]


INVALID_NAME = "{name!r} is not a stack name (letters, digits, '_', '.' and '-'): Pulumi never reads this file"
INVALID_FIX = "; rename it to Pulumi.<stack>.yaml with a valid name (or delete it)"


def test_a_stack_file_whose_name_holds_no_stack_name_is_skipped_and_the_others_are_read(tmp_path: Path) -> None:
    """pulumi/pulumi-self-hosted-installers' local-docker keeps `Pulumi.<stack> copy 2.yaml`, a copy a file manager
    made, beside the real stack file: Pulumi never selects such a stack, so never reads the file. The scan skips it
    with a warning (it refused the whole repository before, exit 2), beside a project or alone."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.deploy.yaml": stack(),
            "app/Pulumi.deploy copy 2.yaml": stack(),
            "app/Pulumi.d$v.yaml": stack(),
            "loose/Pulumi.a b.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["app/deploy"]
    bad = {
        "app/Pulumi.deploy copy 2.yaml": "deploy copy 2",
        "app/Pulumi.d$v.yaml": "d$v",
        "loose/Pulumi.a b.yaml": "a b",
    }
    assert repo.skipped == tuple(
        sorted(Skipped(f, "invalid-stack-name", INVALID_NAME.format(name=n)) for f, n in bad.items())
    )
    assert sorted(warnings(root)) == sorted(
        (f, DiagnosticCode.INVALID_STACK_NAME, INVALID_NAME.format(name=n) + INVALID_FIX) for f, n in bad.items()
    )
