"""An unresolved reference whose site is in a file outside the referencing project's folder (a module shared by
several projects, another project's package) names the stacks it concerns by id: `dev` alone does not say whose."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

SHARED = 'import * as pulumi from "@pulumi/pulumi";\n\nexport const up = new pulumi.StackReference(process.env.UP!);\n'
MAIN = 'import { up } from "../shared/refs";\n\nexport const v = up.getOutput("x");\n'
REASON = "cannot resolve '<?>': environment variable UP, read at run time"


def test_a_shared_site_names_each_project_s_stack_by_id(tmp_path: Path) -> None:
    """josephtate/copr-pulumi-go-aws: the `certs` project's unresolved reference, made in the `cluster` project's
    package, read `unresolved cluster/resources/stackref.go:33 (stack poc)`, which reads as the cluster's stack."""
    files = {"shared/refs.ts": SHARED}
    for name in ("app", "web"):
        files |= {
            f"{name}/Pulumi.yaml": project(name, runtime="nodejs"),
            f"{name}/Pulumi.dev.yaml": stack(),
            f"{name}/index.ts": MAIN,
            f"{name}/package.json": f'{{"name": "{name}", "main": "index.ts"}}',
        }
    root = write_repo(tmp_path, files)
    out = cli("scan", root)
    assert out.code == 0, out.stderr
    assert f"unresolved shared/refs.ts:3 (stacks app/dev, web/dev): {REASON}\n" in out.stdout
    out = cli("plan", root)
    assert f"stackgraph: warning: shared/refs.ts:3: StackReference for app/dev: {REASON}\n" in out.stderr
    assert f"stackgraph: warning: shared/refs.ts:3: StackReference for web/dev: {REASON}\n" in out.stderr


def test_a_site_in_the_project_s_own_folder_names_its_stacks_by_name(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="nodejs"),
            "app/Pulumi.dev.yaml": stack(),
            "app/index.ts": SHARED,
            "app/package.json": '{"name": "app", "main": "index.ts"}',
        },
    )
    out = cli("scan", root)
    assert f"unresolved app/index.ts:3 (stack dev): {REASON}\n" in out.stdout
    assert f"stackgraph: warning: app/index.ts:3: StackReference for dev: {REASON}\n" in cli("plan", root).stderr
