"""Two-part StackReference names (`x/y`) resolved for the backend in use (discovery/backend.py).

Both backends read `x/y` as stack `y` of the referencing project in organization `x`; a self-managed
backend has one organization, `organization`, and fails on any other (tests/e2e proves it with the engine).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.clirun import cli, script
from tests.helpers.repo_builder import write_repo

APP = "name: app\nruntime: yaml\nconfig:\n  ref:\n    type: string\nresources:\n  other:\n"
APP += "    type: pulumi:pulumi:StackReference\n    properties:\n      name: ${ref}\n"
REPO = {
    "net/Pulumi.yaml": "name: net\nruntime: yaml\n",
    "net/Pulumi.dev.yaml": "config: {}\n",
    "app/Pulumi.yaml": APP,
    "app/Pulumi.base.yaml": "config:\n  app:ref: organization/net/dev\n",
    "app/Pulumi.dev.yaml": "config:\n  app:ref: organization/base\n",
    "app/Pulumi.prod.yaml": "config:\n  app:ref: acme/base\n",
}
DIY_NET = (
    "cannot resolve 'net/dev': with a self-managed backend the organization is always 'organization', so the "
    "engine fails on organization 'net' (\"organization name must be 'organization'\"); write 'organization/net/dev'"
)


@pytest.fixture(autouse=True)
def no_login(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No backend from the machine running the tests: no credentials.json, no token, no URL."""
    monkeypatch.setenv("PULUMI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.delenv("PULUMI_ACCESS_TOKEN", raising=False)


def edges(root: Path) -> list[tuple[str, str]]:
    return [(e.dependent, e.dependency) for e in scan(root).edges]


@pytest.mark.parametrize("url", ["file:///var/state", "s3://bucket/state", "gs://b", "azblob://c"])
def test_a_self_managed_backend_has_one_organization(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    root = write_repo(tmp_path / "repo", {**REPO, "app/Pulumi.bad.yaml": "config:\n  app:ref: net/dev\n"})
    monkeypatch.setenv("PULUMI_BACKEND_URL", url)
    repo = scan(root)
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/base", "net/dev"), ("app/dev", "app/base")]
    reasons = {r.stack: r.reason for r in repo.references if not r.resolved}
    assert reasons == {
        "bad": DIY_NET,
        "prod": DIY_NET.replace("'net/dev'", "'acme/base'")
        .replace("organization 'net'", "organization 'acme'")
        .replace("'organization/net/dev'", "'organization/acme/base'"),
    }


def test_pulumi_cloud_reads_the_organization(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`acme/base` is stack `base` of the current project in organization `acme`: this repository's when
    `org:` says acme (or says nothing); another organization's stack, outside the repository, otherwise."""
    root = write_repo(tmp_path / "repo", REPO)
    monkeypatch.setenv("PULUMI_BACKEND_URL", "https://api.pulumi.com")
    expected = [("app/base", "net/dev"), ("app/dev", "app/base"), ("app/prod", "app/base")]
    assert edges(root) == expected
    (root / "stackgraph.yaml").write_text("org: acme\n")
    assert edges(root) == expected
    (root / "stackgraph.yaml").write_text("org: other\n")
    repo = scan(root)
    assert [(e.dependent, e.dependency) for e in repo.edges] == [
        ("app/base", "net/dev"),
        ("app/dev", "app/base"),
        ("app/prod", "acme/app/base"),
    ]
    assert repo.external == ("acme/app/base",)


def test_the_project_backend_url_decides_for_its_project(tmp_path: Path) -> None:
    """Without $PULUMI_BACKEND_URL, a project's own `backend.url` is its backend."""
    spec = {**REPO, "app/Pulumi.yaml": APP + "backend:\n  url: s3://state-bucket\n"}
    root = write_repo(tmp_path / "repo", spec)
    repo = scan(root)
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/base", "net/dev"), ("app/dev", "app/base")]
    assert [r.stack for r in repo.references if not r.resolved] == ["prod"]


def test_a_pulumi_login_decides_when_nothing_else_does(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    home = tmp_path / "home"
    home.mkdir()
    (home / "credentials.json").write_text('{"current": "file:///srv/state"}')
    assert [r.stack for r in scan(root).references if not r.resolved] == ["prod"]
    (home / "credentials.json").write_text('{"current": "https://api.pulumi.com"}')
    assert [r.stack for r in scan(root).references if not r.resolved] == []


def test_nothing_configured_reads_names_as_pulumi_cloud_and_organization_as_ours(tmp_path: Path) -> None:
    """A plan job in CI often has no credentials: literal organizations are not flagged, and `organization`
    (the embedded backend's) is this repository's too."""
    root = write_repo(tmp_path / "repo", REPO)
    assert edges(root) == [("app/base", "net/dev"), ("app/dev", "app/base"), ("app/prod", "app/base")]


def test_the_console_script_follows_the_environment(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = {"PULUMI_HOME": str(tmp_path / "home"), "STACKGRAPH_CACHE_DIR": "off"}
    cloud = script("scan", root, "--strict", env={**env, "PULUMI_BACKEND_URL": "https://api.pulumi.com"})
    assert (cloud.code, cloud.stderr) == (0, "")
    diy = script("scan", root, "--strict", env={**env, "PULUMI_BACKEND_URL": "file:///srv/state"})
    assert diy.code == 1
    assert diy.stderr.splitlines()[-1] == "stackgraph: 1 stack reference(s) could not be resolved (--strict)"


def test_a_deploy_with_nothing_configured_reads_names_as_its_embedded_file_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`up` with no backend configured deploys to stackgraph's embedded file backend: `acme/base` fails there,
    and the deploy says so before any engine runs; `plan` (no backend in use) reads it as Pulumi Cloud does."""
    root = write_repo(tmp_path / "repo", REPO)
    monkeypatch.setenv("STACKGRAPH_PULUMI_BIN", str(tmp_path / "no-engine"))  # stop before any engine runs
    warning = "stackgraph: warning: app/Pulumi.yaml:7: StackReference for prod: " + DIY_NET.replace(
        "'net/dev'", "'acme/base'"
    ).replace("organization 'net'", "organization 'acme'").replace("'organization/net/dev'", "'organization/acme/base'")
    for command in ("up", "preview", "refresh", "destroy"):
        out = cli(command, root)
        assert warning in out.stderr.splitlines(), out.stderr
    assert "warning" not in cli("plan", root).stderr
    monkeypatch.setenv("PULUMI_ACCESS_TOKEN", "pul-test")  # Pulumi Cloud: a literal organization is fine
    assert "StackReference" not in cli("up", root).stderr


LEGACY = {
    "dns/Pulumi.yaml": "name: aws-dns\nruntime: yaml\nbackend:\n  url: s3://state/\n",
    "dns/Pulumi.infra.dns.yaml": "config: {}\n",
    "eks/Pulumi.yaml": (
        "name: eks\nruntime: yaml\nbackend:\n  url: s3://state/\nresources:\n  dns:\n"
        "    type: pulumi:pulumi:StackReference\n    properties:\n      name: infra.dns\n"
    ),
    "eks/Pulumi.infra.eks.QA.yaml": "config: {}\n",
}


def test_a_one_part_name_of_another_projects_stack_names_it_for_the_legacy_layout(tmp_path: Path) -> None:
    """mitodl/ol-infrastructure: projects on one S3 backend name each other's stacks by the stack alone
    (`StackReference("infrastructure.aws.dns")` from project `ol-infrastructure-eks`), which only Pulumi's
    legacy self-managed layout (stacks not scoped by project) reads as project `ol-infrastructure-aws-dns`'s
    stack. The scan cannot know the layout, so the edge stays dangling, but the warning names that stack and
    how to declare the edge instead of only saying to add a stack file to project `eks`."""
    root = write_repo(tmp_path / "repo", LEGACY)
    repo = scan(root)
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("eks/infra.eks.QA", "eks/infra.dns")]
    (message,) = [d.message for d in repo.diagnostics if d.code.value == "dangling"]
    assert message == (
        "stack 'eks/infra.eks.QA' references 'eks/infra.dns', but project 'eks' has no stack 'infra.dns'; "
        "add its stack file or fix the reference. Project 'aws-dns' has a stack 'infra.dns': a self-managed "
        "backend with the legacy layout (stacks not scoped by project, deprecated by Pulumi) reads the name as "
        "that stack; if yours has it, declare the edge: `stackgraph:dependsOn: [aws-dns/infra.dns]`"
    )


def test_a_one_part_name_names_no_other_stack_on_pulumi_cloud(tmp_path: Path) -> None:
    """Pulumi Cloud scopes every stack by project: the same name there is never another project's stack."""
    files = {
        k: v.replace("backend:\n  url: s3://state/\n", "backend:\n  url: https://api.pulumi.com\n")
        for k, v in LEGACY.items()
    }
    (message,) = [
        d.message for d in scan(write_repo(tmp_path / "repo", files)).diagnostics if d.code.value == "dangling"
    ]
    assert "legacy" not in message and message.endswith("add its stack file or fix the reference")


def test_two_projects_with_the_stack_are_both_named_and_neither_is_chosen(tmp_path: Path) -> None:
    """The legacy layout holds one stack of a name: which project's file is deployed is not for the scan to guess."""
    files = {
        **LEGACY,
        "dns2/Pulumi.yaml": LEGACY["dns/Pulumi.yaml"].replace("aws-dns", "dns-old"),
        "dns2/Pulumi.infra.dns.yaml": "",
    }
    (message,) = [
        d.message for d in scan(write_repo(tmp_path / "repo", files)).diagnostics if d.code.value == "dangling"
    ]
    assert message.endswith(
        "Projects 'aws-dns' and 'dns-old' have a stack 'infra.dns': a self-managed backend with the legacy layout "
        "(stacks not scoped by project, deprecated by Pulumi) reads the name as the one of those stacks it holds; "
        "if yours has it, declare the edge: `stackgraph:dependsOn: [PROJECT/infra.dns]`"
    )
