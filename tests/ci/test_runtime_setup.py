"""The default setup installs what each runtime's program needs, on every system; Bun (`runtime: bun`) too.

A runtime the generator has no setup for is not dropped silently: a warning names the project file.
The generated files with a Bun project pass the systems' validators (actionlint, check-jsonschema, hera).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from stackgraph.inference.exports import RUNTIMES
from tests.ci.test_validate import argo_model, validate
from tests.helpers.citools import require
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

BUN_INSTALL = "command -v bun > /dev/null || npm install -g bun"
PROGRAM = "import * as pulumi from '@pulumi/pulumi';\nexport const name = pulumi.getStack();\n"


def bun_repo(root: Path, *, lock_at_root: bool = False) -> Path:
    """`net` (yaml) and `app` (bun, depends on net/dev); app's bun.lock, or one at the root (a workspace)."""
    lock = "bun.lock" if lock_at_root else "app/bun.lock"
    return write_repo(root, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="bun"), "app/Pulumi.dev.yaml": stack(["net/dev"]),
        "app/index.ts": PROGRAM, "app/package.json": '{"name": "app"}\n', lock: '{"lockfileVersion": 1}\n',
    })  # fmt: skip


def github_steps(root: Path, *args: str) -> list[dict[str, Any]]:
    out = cli("ci", "github", root, *args)
    assert out.code == 0, out.stderr
    steps: list[dict[str, Any]] = yaml.safe_load(out.stdout)["jobs"]["stack-app-dev"]["steps"]
    return steps


def test_github_installs_bun_and_the_bun_programs_packages(tmp_path: Path) -> None:
    steps = github_steps(bun_repo(tmp_path / "repo"))
    uses = [s.get("uses") for s in steps]
    # Pulumi's Bun runtime runs the program with Bun alone ("no Node.js required"): no setup-node.
    assert uses[:4] == ["actions/checkout@v4", "actions/setup-python@v5", "oven-sh/setup-bun@v2", "pulumi/actions@v6"]
    assert steps[4]["run"].splitlines()[1:] == ["bun install --cwd app --frozen-lockfile"]


def test_one_bun_workspace_at_the_root_is_installed_once(tmp_path: Path) -> None:
    steps = github_steps(bun_repo(tmp_path / "repo", lock_at_root=True))
    assert steps[4]["run"].splitlines()[1:] == ["bun install --cwd . --frozen-lockfile"]


def test_gitlab_installs_bun_when_the_image_lacks_it_then_the_packages(tmp_path: Path) -> None:
    out = cli("ci", "gitlab", bun_repo(tmp_path / "repo"))
    assert out.code == 0, out.stderr
    script = yaml.safe_load(out.stdout)["default"]["before_script"]
    assert BUN_INSTALL in script
    assert script[-1] == "bun install --cwd app --frozen-lockfile"
    assert script.index(BUN_INSTALL) < script.index("bun install --cwd app --frozen-lockfile")
    parent = yaml.safe_load(cli("ci", "gitlab", bun_repo(tmp_path / "repo"), "--parent").stdout)
    assert BUN_INSTALL in parent["stackgraph-generate"]["before_script"]


def test_argo_installs_bun_when_the_image_lacks_it_then_the_packages(tmp_path: Path) -> None:
    out = cli("ci", "argo", bun_repo(tmp_path / "repo"))
    assert out.code == 0, out.stderr
    data = yaml.safe_load(out.stdout)
    argo_model(data)
    lines = data["spec"]["templates"][1]["container"]["args"][0].splitlines()
    assert lines.index(BUN_INSTALL) < lines.index("bun install --cwd app --frozen-lockfile") < len(lines) - 1


def test_without_bun_nothing_of_bun_is_installed(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})
    github = cli("ci", "github", root).stdout
    gitlab = cli("ci", "gitlab", root).stdout
    assert "setup-bun" not in github and "bun install" not in github  # (ubuntu-latest holds "bun")
    assert BUN_INSTALL not in gitlab and "bun install" not in gitlab


def test_every_runtime_the_scanner_reads_has_a_setup_on_every_system(tmp_path: Path) -> None:
    from stackgraph.ci.settings import TOOLCHAINS

    assert set(TOOLCHAINS) == set(RUNTIMES)
    spec: dict[str, object] = {}
    for runtime in sorted(RUNTIMES):
        spec[f"{runtime}/Pulumi.yaml"] = project(f"p-{runtime}", runtime=runtime)
        spec[f"{runtime}/Pulumi.dev.yaml"] = stack()
    root = write_repo(tmp_path / "repo", spec)  # type: ignore[arg-type]
    for system in ("github", "gitlab", "argo"):
        out = cli("ci", system, root)
        assert out.code == 0, out.stderr
        assert "no setup" not in out.stderr, out.stderr


@pytest.mark.parametrize("system", ["github", "gitlab", "argo"])
def test_a_runtime_without_a_setup_is_a_warning_naming_the_project_file(tmp_path: Path, system: str) -> None:
    root = write_repo(tmp_path / "repo", {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "edge/Pulumi.yaml": project("edge", runtime={"name": "deno"}), "edge/Pulumi.dev.yaml": stack(),
        "idle/Pulumi.yaml": project("idle", runtime="deno"),  # no stack: no job, no warning
    })  # fmt: skip
    out = cli("ci", system, root)
    assert out.code == 0, out.stderr
    warned = [line for line in out.stderr.splitlines() if "deno" in line]
    assert warned == [
        "stackgraph: warning: edge/Pulumi.yaml: runtime 'deno' has no setup in the generated jobs (they install "
        "the toolchains of bun, dotnet, go, java, nodejs, python, yaml): its stacks' jobs cannot run unless the "
        "runner has it; install it with --setup"
    ]
    assert yaml.safe_load(out.stdout)  # the pipeline is still written
    given = cli("ci", system, root, "--setup", "make ci-tools")  # the user's own setup: theirs to install
    assert given.code == 0 and "deno" not in given.stderr, given.stderr


def test_gitlab_parent_warns_about_a_runtime_without_a_setup_too(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {
        "edge/Pulumi.yaml": project("edge", runtime="deno"), "edge/Pulumi.dev.yaml": stack(),
    })  # fmt: skip
    out = cli("ci", "gitlab", root, "--parent")
    assert out.code == 0, out.stderr
    assert "edge/Pulumi.yaml: runtime 'deno' has no setup" in out.stderr


def test_a_bun_workflow_passes_actionlint_and_the_vendored_schemas(tmp_path: Path) -> None:
    root = bun_repo(tmp_path / "repo")
    files = {}
    for system in ("github", "gitlab"):
        out = cli("ci", system, root)
        assert out.code == 0, out.stderr
        assert "oven-sh/setup-bun" in out.stdout or BUN_INSTALL in out.stdout
        files[system] = tmp_path / f"{system}.yml"
        files[system].write_text(out.stdout, encoding="utf-8")
    lint = validate(require("actionlint"), "-no-color", files["github"])
    assert lint.returncode == 0, lint.stdout + lint.stderr
    checker = require("check-jsonschema")
    for system, schema in (("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")):
        proc = validate(checker, "--builtin-schema", schema, files[system])
        assert proc.returncode == 0, proc.stdout + proc.stderr
