"""A changed file outside every project: the programs the scan read it for, or that surely import it, select their
stacks; a program file or dependency manifest that nothing maps is named in a warning, never dropped in silence."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git_estate

REFS = """import * as pulumi from "@pulumi/pulumi";
export function netRef() {
    return new pulumi.StackReference(`${pulumi.getOrganization()}/networking/${pulumi.getStack()}`);
}
"""
EDGE = """import * as pulumi from "@pulumi/pulumi";
import { netRef } from "../../shared/refs";
export const vpc = netRef().getOutput("vpcId");
"""


def _shared(root: Path) -> Path:
    git_estate(root)
    edit(root, "shared/refs.ts", REFS)
    edit(root, "apps/edge/Pulumi.yaml", "name: edge\nruntime: nodejs\n")
    edit(root, "apps/edge/Pulumi.dev.yaml", "config: {}\n")
    edit(root, "apps/edge/index.ts", EDGE)
    edit(root, "lib/util.py", "X = 1\n")
    edit(root, "package-lock.json", "{}\n")
    commit_all(root, "a shared module")
    return root


def test_a_shared_module_the_scan_read_selects_the_projects_that_import_it(tmp_path: Path) -> None:
    root = _shared(tmp_path / "repo")
    why = cli("why", root, "edge/dev", "networking/dev")
    assert "shared/refs.ts:3" in why.stdout, why.stderr  # the evidence the scan records
    edit(root, "shared/refs.ts", "// changed\n")
    commit_all(root, "change it")
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why")
    assert out.code == 0, out.stderr
    assert out.stdout == "edge/dev  changed: shared/refs.ts\n"
    assert "warning" not in out.stderr


def test_an_unmapped_program_file_or_lock_file_outside_every_project_is_named_in_a_warning(tmp_path: Path) -> None:
    root = _shared(tmp_path / "repo")
    edit(root, "lib/util.py", "Y = 2\n")
    edit(root, "package-lock.json", " \n")
    edit(root, "README.md")  # no program reads a README: no word about it
    commit_all(root, "change them")
    out = cli("ls", root, "--changed-since", "HEAD~1")
    assert out.code == 0
    assert out.stderr == (
        "stackgraph: warning: changed outside every project: lib/util.py, package-lock.json; no program the scan "
        "read is known to import them and no `watch` glob maps them, so nothing is selected for them; if programs "
        "use them (by a path the scan cannot follow, a package install), map them to the stacks they affect with "
        "`watch:` in stackgraph.yaml\n"
        "stackgraph: no stack selected\n"
    )


def test_a_watched_file_is_not_named_in_the_warning(tmp_path: Path) -> None:
    root = _shared(tmp_path / "repo")
    edit(root, "stackgraph.yaml", 'watch:\n  "lib/**": ["project:api"]\n')
    commit_all(root, "watch lib")
    edit(root, "lib/util.py", "Y = 2\n")
    commit_all(root, "change it")
    out = cli("ls", root, "--changed-since", "HEAD~1", "-s", "api/dev")
    assert (out.code, out.stdout, out.stderr) == (0, "api/dev\n", "")


def test_a_module_of_another_project_that_a_program_reads_selects_both_projects(tmp_path: Path) -> None:
    # edge imports core's module, which holds edge's StackReference: a change to it changes both programs
    root = tmp_path / "repo"
    git_estate(root)
    edit(root, "apps/core/Pulumi.yaml", "name: core\nruntime: nodejs\n")
    edit(root, "apps/core/Pulumi.dev.yaml", "config: {}\n")
    edit(root, "apps/core/index.ts", "export const x = 1;\n")
    edit(root, "apps/core/refs.ts", REFS)
    edit(root, "apps/edge/Pulumi.yaml", "name: edge\nruntime: nodejs\n")
    edit(root, "apps/edge/Pulumi.dev.yaml", "config: {}\n")
    edit(root, "apps/edge/index.ts", EDGE.replace("../../shared/refs", "../core/refs"))
    commit_all(root, "edge reads a module of core")
    assert "apps/core/refs.ts:3" in cli("why", root, "edge/dev", "networking/dev").stdout
    edit(root, "apps/core/refs.ts", "// changed\n")
    edit(root, "apps/core/Pulumi.dev.yaml", "# a comment\n")  # a stack file selects its own stack only
    commit_all(root, "change it")
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "core/dev  changed: apps/core/Pulumi.dev.yaml, apps/core/refs.ts\nedge/dev  changed: apps/core/refs.ts\n"
    )


TAGS_USER = """import * as pulumi from "@pulumi/pulumi";
import { tags } from "../../lib/tags";
export const team = tags.team;
"""


def test_a_shared_module_without_a_stack_reference_selects_the_programs_that_import_it(tmp_path: Path) -> None:
    # lib/tags.ts holds no StackReference: the programs that surely import it (edge, directly; none other) change
    # with it, in every language whose imports the scan follows (TS here, Python and Go below)
    root = _shared(tmp_path / "repo")
    edit(root, "lib/tags.ts", 'export const tags = { team: "core" };\n')
    edit(root, "apps/edge/tags.ts", TAGS_USER.replace("../../lib/tags", "../../lib/tags.js"))
    edit(root, "apps/edge/index.ts", 'import "./tags";\n')
    edit(root, "lib/unused.ts", "export const x = 1;\n")  # imported by no program: still the warning
    commit_all(root, "a shared module of tags")
    edit(root, "lib/tags.ts", "// changed\n")
    edit(root, "lib/unused.ts", "// changed\n")
    commit_all(root, "change them")
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why")
    assert out.code == 0, out.stderr
    assert out.stdout == "edge/dev  changed: lib/tags.ts\n"
    assert "changed outside every project: lib/unused.ts;" in out.stderr
    assert "lib/tags.ts" not in out.stderr


def test_a_python_module_on_sys_path_and_a_go_package_through_replace_select_their_programs(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    git_estate(root)
    edit(root, "shared/__init__.py", "")
    edit(root, "shared/tags.py", "TAGS = {}\n")
    edit(root, "apps/pyapp/Pulumi.yaml", "name: pyapp\nruntime: python\n")
    edit(root, "apps/pyapp/Pulumi.dev.yaml", "config: {}\n")
    edit(root, "apps/pyapp/__main__.py", 'import sys\nsys.path.insert(0, "../..")\nfrom shared.tags import TAGS\n')
    edit(root, "golib/go.mod", "module example.com/golib\n\ngo 1.21\n")
    edit(root, "golib/tags/tags.go", 'package tags\n\nvar Team = "core"\n')
    edit(root, "apps/goapp/Pulumi.yaml", "name: goapp\nruntime: go\n")
    edit(root, "apps/goapp/Pulumi.dev.yaml", "config: {}\n")
    edit(
        root,
        "apps/goapp/go.mod",
        "module example.com/goapp\n\ngo 1.21\n\nrequire example.com/golib v0.0.0\n\n"
        "replace example.com/golib => ../../golib\n",
    )
    edit(
        root,
        "apps/goapp/main.go",
        'package main\n\nimport (\n\t"example.com/golib/tags"\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n\n'
        "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
        '\t\tctx.Export("team", pulumi.String(tags.Team))\n\t\treturn nil\n\t})\n}\n',
    )
    commit_all(root, "two programs import shared code")
    edit(root, "shared/tags.py", "TAGS = {'a': 1}\n")
    commit_all(root, "change the python module")
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why")
    assert (out.code, out.stdout, out.stderr) == (0, "pyapp/dev  changed: shared/tags.py\n", "")
    edit(root, "golib/tags/tags.go", "var Other = 1\n")
    commit_all(root, "change the go package")
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why")
    assert (out.code, out.stdout, out.stderr) == (0, "goapp/dev  changed: golib/tags/tags.go\n", "")
