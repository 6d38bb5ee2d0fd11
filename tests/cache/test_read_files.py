"""The result cache is keyed on the files inference actually read beside the programs (tsconfig.json and
what it extends, package.json, go.mod, ...), as it read them: no list of such files to keep in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import stackgraph.inference as inference
from stackgraph.cache import results
from stackgraph.discovery import scan as scan_module
from stackgraph.discovery.scan import scan
from stackgraph.discovery.walk import walk
from stackgraph.inference.projectfiles import ModuleRoots
from tests.helpers.repo_builder import project, stack, write_repo

INDEX = """import * as pulumi from "@pulumi/pulumi";
import { NET } from "@shared/names";

export const net = new pulumi.StackReference(`${pulumi.getOrganization()}/${NET}/${pulumi.getStack()}`);
"""


def _base(target: str) -> str:
    return json.dumps({"compilerOptions": {"baseUrl": ".", "paths": {"@shared/*": [target]}}})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """`app` imports `@shared/names` through the `paths` of a tsconfig it extends; neither tsconfig is listed
    by the walk (.gitignore), so only what inference read can key the result."""
    return write_repo(
        tmp_path / "repo",
        {
            ".gitignore": "tsconfig*.json\n",
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="nodejs"),
            "app/Pulumi.dev.yaml": stack(),
            "app/index.ts": INDEX,
            "app/src/names.ts": 'export const NET = "net";\n',
            "app/tsconfig.json": json.dumps({"extends": "./tsconfig.base.json"}),
            "app/tsconfig.base.json": _base("src/*"),
        },
    )


@pytest.fixture
def inferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A result cache for every scan (of any size); counts the scans that ran inference (a hit runs none)."""
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(results, "MIN_FILES", 0)
    calls: list[int] = []
    real = scan_module._infer

    def counted(*a, **k):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(scan_module, "_infer", counted)
    return calls


def _edges(root: Path) -> list[tuple[str, str]]:
    return [(e.dependent, e.dependency) for e in scan(root).edges]


def test_an_edit_to_a_tsconfig_the_walk_does_not_list_is_seen(repo: Path, inferences: list[int]) -> None:
    listed = {f"{folder}/{name}" for folder, names in walk(repo, ()).files.items() for name in names}
    assert "app/tsconfig.base.json" not in listed and "app/index.ts" in listed
    assert _edges(repo) == [("app/dev", "net/dev")]
    assert _edges(repo) == [("app/dev", "net/dev")] and len(inferences) == 1
    (repo / "app" / "tsconfig.base.json").write_text(_base("elsewhere/*"))  # the import no longer leads anywhere
    assert _edges(repo) == [] and len(inferences) == 2
    (repo / "app" / "tsconfig.base.json").write_text(_base("src/*"))
    assert _edges(repo) == [("app/dev", "net/dev")] and len(inferences) == 3


def test_a_file_inference_tried_to_read_that_appears_later_is_seen(repo: Path, inferences: list[int]) -> None:
    (repo / "app" / "tsconfig.json").unlink()  # no paths: the import is not followed
    assert _edges(repo) == []
    assert _edges(repo) == [] and len(inferences) == 1
    (repo / "app" / "tsconfig.json").write_text(json.dumps({"extends": "./tsconfig.base.json"}))
    assert _edges(repo) == [("app/dev", "net/dev")] and len(inferences) == 2


def test_a_new_kind_of_side_file_keys_the_cache_without_editing_the_cache(
    repo: Path, inferences: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A front-end that starts reading another file (here one outside the repository) reads it through its
    sources: the result cache follows, and files it did not read do not matter."""
    (repo.parent / "stack-names.cfg").write_text("net\n")
    (repo.parent / "unread.cfg").write_text("x\n")
    real = inference.module_roots

    def with_settings(read, *a, **k) -> ModuleRoots:  # type: ignore[no-untyped-def]
        read("../stack-names.cfg")
        return real(read, *a, **k)

    monkeypatch.setattr(inference, "module_roots", with_settings)
    scan(repo)
    scan(repo)
    assert len(inferences) == 1
    (repo.parent / "unread.cfg").write_text("changed\n")
    scan(repo)
    assert len(inferences) == 1
    (repo.parent / "stack-names.cfg").write_text("network\n")
    scan(repo)
    assert len(inferences) == 2
    scan(repo)
    assert len(inferences) == 2
