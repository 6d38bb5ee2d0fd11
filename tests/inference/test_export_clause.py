"""A module-level StackReference exported by a local `export { net }` clause (`export { net as network }` too) is
followed into the modules that import it, as `export const net = ..` is: the keys they read are checked, and a use
there that cannot be read opens its reads. Found on real repositories, where such a site stayed open ("not
checked") however plainly the importer read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.contracts import check
from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

REF = 'import * as pulumi from "@pulumi/pulumi";\nconst net = new pulumi.StackReference("acme/net/dev");\n'
NET = 'export const vpcId = "vpc-1";\n'


def repo_of(tmp_path: Path, refs: str, index: str) -> Repo:
    spec = {
        "net/Pulumi.yaml": project("net", runtime="nodejs"),
        "net/Pulumi.dev.yaml": stack(),
        "net/index.ts": NET,
        "app/Pulumi.yaml": project("app", runtime="nodejs"),
        "app/Pulumi.dev.yaml": stack(),
        "app/refs.ts": refs,
        "app/index.ts": index,
    }
    return scan(write_repo(tmp_path / "repo", spec))


@pytest.mark.parametrize(
    ("clause", "name"),
    [
        ("export { net };\n", "net"),
        ("export { net as network };\n", "network"),
        ("export { other, net };\nconst other = 1;\n", "net"),
        ("export { net as network, net };\n", "network"),
    ],
    ids=["plain", "renamed", "among-others", "twice"],
)
def test_a_reference_exported_by_a_clause_is_read_where_it_is_imported(tmp_path: Path, clause: str, name: str) -> None:
    index = f'import {{ {name} }} from "./refs";\nexport const a = {name}.getOutput("vpcId");\n'
    index += f'export const b = {name}.getOutput("subnetIds");\n'
    repo = repo_of(tmp_path, REF + clause, index)
    [ref] = repo.references
    assert (ref.file, ref.line, ref.outputs, ref.reads_open) == ("app/refs.ts", 2, ("subnetIds", "vpcId"), "")
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev")]
    result = check(repo)
    assert [(f.output, f.file, f.line) for f in result.errors] == [("subnetIds", "app/index.ts", 3)]
    assert (result.checked, result.unchecked) == (2, 0)


@pytest.mark.parametrize(
    ("clause", "index", "why"),
    [
        ("export { net };\n", 'import { net } from "./refs";\nuse(net);\n', "`use(net)` at app/index.ts:2"),
        ("export { net as n };\n", 'import { n } from "./refs";\nuse(n);\n', "`use(n)` at app/index.ts:2"),
        ("export { net };\nuse(net);\n", 'import { net } from "./refs";\n', "`use(net)` at app/refs.ts:4"),
        (  # `let` given another value: which reference the importer gets is not known
            "export { net };\nnet = other;\n",
            'import { net } from "./refs";\nnet.getOutput("vpcId");\n',
            "`export { net }` at app/refs.ts:3",
        ),
    ],
    ids=["importer-passes-it-on", "renamed-passed-on", "passed-on-at-home", "reassigned"],
)
def test_a_reference_exported_by_a_clause_stays_open_where_its_use_cannot_be_read(
    tmp_path: Path, clause: str, index: str, why: str
) -> None:
    refs = REF.replace("const net", "let net") if "net = other" in clause else REF
    repo = repo_of(tmp_path, refs + clause, index)
    [ref] = repo.references
    assert ref.reads_open.startswith(why), ref.reads_open


def test_a_reference_the_entry_module_exports_by_a_clause_is_a_stack_output(tmp_path: Path) -> None:
    """`export { net }` in the entry module makes the whole reference a stack output: any key of it may be read."""
    repo = repo_of(tmp_path, "export const x = 1;\n", REF + 'export { net as network };\nnet.getOutput("vpcId");\n')
    [ref] = repo.references
    assert ref.outputs == ("vpcId",)
    assert "exports the reference as a stack output" in ref.reads_open, ref.reads_open
