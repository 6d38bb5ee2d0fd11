"""A config key the program reads that the stack file sets only under another namespace: the reference stays
unresolved, and the reason names the key it does set (a project renamed after its stack files were written:
pulumi/pulumi-self-hosted-installers' ecs-hosted/go stack files keep `application-go:` keys for a project now
named `selfhosted-ecs-go-application`)."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

PROGRAM = """import * as pulumi from "@pulumi/pulumi";
const cfg = new pulumi.Config();
const net = new pulumi.StackReference(cfg.require("networkStack"));
export const vpc = net.getOutput("vpcId");
"""


def _refs(tmp_path: Path, config: dict[str, str]) -> list[tuple[str, str | None, str]]:
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("net"),
                "net/Pulumi.dev.yaml": stack(),
                "web/Pulumi.yaml": project("web-frontend", runtime="nodejs"),
                "web/Pulumi.dev.yaml": stack(config=config),
                "web/index.ts": PROGRAM,
            },
        )
    )
    return [(r.site, r.target_id, r.reason) for r in repo.references]


def test_a_key_set_only_under_an_old_project_name_is_named_in_the_reason(tmp_path: Path) -> None:
    [(site, target, reason)] = _refs(tmp_path, {"web:networkStack": "acme/net/dev", "aws:region": "us-east-1"})
    assert (site, target) == ("web/index.ts:3", None)
    assert reason == (
        "cannot resolve '<config networkStack>': config key 'web-frontend:networkStack' is not set in "
        "web/Pulumi.dev.yaml or web/Pulumi.yaml; it sets 'web:networkStack', of another namespace than "
        "'web-frontend' (a project renamed after its stack file was written?)"
    )


def test_the_key_under_the_projects_own_name_resolves_and_no_other_key_is_named(tmp_path: Path) -> None:
    assert _refs(tmp_path, {"web-frontend:networkStack": "acme/net/dev", "web:networkStack": "acme/x/dev"}) == [
        ("web/index.ts:3", "net/dev", "")
    ]
    [(_, target, reason)] = _refs(tmp_path / "unset", {"web:otherKey": "acme/net/dev"})
    assert target is None
    assert reason.endswith("is not set in web/Pulumi.dev.yaml or web/Pulumi.yaml")


def test_a_key_of_another_namespace_read_on_purpose_names_no_renamed_project(tmp_path: Path) -> None:
    """`new pulumi.Config("shared")` reads namespace `shared`: a `web-frontend:` key of the same name is the
    program's own, no sign of a renamed project."""
    program = PROGRAM.replace("new pulumi.Config()", 'new pulumi.Config("shared")')
    root = write_repo(
        tmp_path,
        {
            "web/Pulumi.yaml": project("web-frontend", runtime="nodejs"),
            "web/Pulumi.dev.yaml": stack(config={"web-frontend:networkStack": "acme/net/dev"}),
            "web/index.ts": program,
        },
    )
    [ref] = scan(root).references
    assert ref.reason.endswith("config key 'shared:networkStack' is not set in web/Pulumi.dev.yaml or web/Pulumi.yaml")
