"""examples/ gives the same graph from code alone as from its explicit declarations."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEPENDS_ON = re.compile(r"^\s*stackgraph:dependsOn:.*\n(?:\s+- .*\n)*", re.MULTILINE)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")


def _copy_without_declarations(tmp_path: Path) -> Path:
    dest = tmp_path / "examples"
    shutil.copytree(EXAMPLES, dest, ignore=shutil.ignore_patterns("node_modules"))
    stripped = 0
    for stack_file in dest.glob("*/Pulumi.*.yaml"):
        text = stack_file.read_text(encoding="utf-8")
        new = DEPENDS_ON.sub("", text)
        stripped += new != text
        stack_file.write_text(new, encoding="utf-8")
    assert stripped == 12  # every stack file declared its dependencies
    return dest


def _edges(repo_path: Path, *, infer: bool) -> set[tuple[str, str]]:
    return {(e.dependent, e.dependency) for e in scan(repo_path, infer=infer).edges}


def test_code_alone_gives_the_declared_graph(tmp_path: Path) -> None:
    declared = _edges(EXAMPLES, infer=False)
    inferred = _edges(_copy_without_declarations(tmp_path), infer=True)
    assert len(declared) == 14
    assert inferred == declared


def test_every_edge_of_the_examples_has_code_and_explicit_evidence() -> None:
    repo = scan(EXAMPLES)
    assert {e.kinds for e in repo.edges} == {("code", "explicit")}
    assert [r for r in repo.references if not r.resolved] == []
    assert repo.diagnostics == ()


def test_the_references_of_the_examples_read_the_outputs_they_use() -> None:
    refs = {(r.site, r.stack, r.target_id): r.outputs for r in scan(EXAMPLES).references}
    assert refs[("api/__main__.py:15", "dev", "database/dev")] == ("dbHost", "dbName", "dbPassword", "dbPort")
    assert refs[("api/__main__.py:15", "prod", "cluster/prod")] == ("clusterEndpoint",)
    assert refs[("web/index.ts:12", "dev", "cluster/dev")] == ("clusterName",)
    assert refs[("monitoring/Pulumi.yaml:22", "prod", "web/prod")] == ("webUrl",)
    assert len(refs) == 14
