"""An import through a folder link (`lib/shared -> realshared`) names the file at the link's target path, as the
runtime does. The walk reads a linked folder once, at its own path, and does not read the link again: the import
found no file and the StackReference in it was dropped without a word (no edge, no warning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.cache import results as resultcache
from stackgraph.discovery.scan import scan
from stackgraph.discovery.walk import walk
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

REFS_PY = 'import pulumi\ndb_name = pulumi.StackReference("org/db/dev")\n'
MAIN_PY = (
    "import os, sys\n"
    'sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))\n'
    "from shared.refs import db_name\n"
    "import pulumi\n"
    'pulumi.export("x", db_name)\n'
)


def _edges(repo: Repo) -> list[tuple[str, str, str]]:
    return sorted((e.dependent, e.dependency, ev.file or "") for e in repo.edges for ev in e.evidence)


def _db(files: dict[str, object]) -> dict[str, object]:
    return {"infra/db/Pulumi.yaml": project("db"), "infra/db/Pulumi.dev.yaml": stack(), **files}


def _link(root: Path, link: str, target: str) -> None:
    (root / link).symlink_to(target, target_is_directory=True)


def test_the_walk_records_a_link_to_a_folder_read_at_its_own_path(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"lib/realshared/refs.py": "x = 1\n", "lib/realshared/sub/a.py": "y = 2\n"})
    _link(root, "lib/shared", "realshared")
    tree = walk(root)
    assert tree.links == {"lib/shared": "lib/realshared"}
    assert "lib/shared" not in tree.files


def test_a_python_import_through_a_linked_folder_reads_the_file_at_its_target(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        _db(
            {
                "infra/py/Pulumi.yaml": project("py", runtime="python"),
                "infra/py/Pulumi.dev.yaml": stack(),
                "infra/py/__main__.py": MAIN_PY,
                "lib/realshared/__init__.py": "",
                "lib/realshared/refs.py": REFS_PY,
            }
        ),
    )
    _link(root, "lib/shared", "realshared")
    repo = scan(root)
    assert ("py/dev", "db/dev", "lib/realshared/refs.py") in _edges(repo)
    assert not [r for r in repo.references if not r.resolved]


def test_a_js_import_through_a_linked_folder_reads_the_file_at_its_target(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        _db(
            {
                "infra/app/Pulumi.yaml": project("app", runtime="nodejs"),
                "infra/app/Pulumi.dev.yaml": stack(),
                "infra/app/package.json": '{"name": "app", "main": "index.ts"}\n',
                "infra/app/index.ts": 'import { db } from "../../lib/shared/refs";\nexport const x = db;\n',
                "lib/realshared/refs.ts": (
                    'import * as pulumi from "@pulumi/pulumi";\n'
                    'export const db = new pulumi.StackReference("org/db/dev");\n'
                ),
            }
        ),
    )
    _link(root, "lib/shared", "realshared")
    repo = scan(root)
    assert ("app/dev", "db/dev", "lib/realshared/refs.ts") in _edges(repo)


def test_a_go_package_through_a_linked_folder_reads_the_files_at_its_target(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        _db(
            {
                "go.mod": "module example.com/infra\n\ngo 1.21\n",
                "infra/gop/Pulumi.yaml": project("gop", runtime="go"),
                "infra/gop/Pulumi.dev.yaml": stack(),
                "infra/gop/main.go": (
                    "package main\n\n"
                    'import (\n\t"example.com/infra/lib/shared"\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n\n'
                    "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
                    "\t\t_, err := shared.Db(ctx)\n\t\treturn err\n\t})\n}\n"
                ),
                "lib/realshared/refs.go": (
                    "package shared\n\n"
                    'import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
                    "func Db(ctx *pulumi.Context) (*pulumi.StackReference, error) {\n"
                    '\treturn pulumi.NewStackReference(ctx, "org/db/dev", nil)\n}\n'
                ),
            }
        ),
    )
    _link(root, "lib/shared", "realshared")
    repo = scan(root)
    assert ("gop/dev", "db/dev", "lib/realshared/refs.go") in _edges(repo)


def test_the_file_set_follows_links_and_links_inside_linked_folders() -> None:
    from stackgraph.inference.fileset import FileSet  # new: the tests above run on the old code

    files = FileSet(
        frozenset({"app/main.py"}),
        frozenset({"lib/real/refs.py", "other/deep/x.py", "top.py"}),
        links={"lib/shared": "lib/real", "lib/real/more": "other", "up": "."},
    )
    assert files.find("lib/shared/refs.py") == "lib/real/refs.py"
    assert files.find("lib/shared/more/deep/x.py") == "other/deep/x.py"
    assert files.find("up/top.py") == "top.py"
    assert files.find("up/lib/shared/refs.py") == "lib/real/refs.py"
    assert files.find("lib/shared/gone.py") is None
    assert "lib/shared/refs.py" in files
    assert files.real_folder("lib/shared/more/deep") == "other/deep"
    assert files.real_folder("elsewhere") == "elsewhere"


def test_a_link_moved_to_another_folder_is_seen_by_the_result_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(resultcache, "MIN_FILES", 0)
    other = REFS_PY.replace("org/db/dev", "org/net/dev")
    files = {
        "infra/net/Pulumi.yaml": project("net"),
        "infra/net/Pulumi.dev.yaml": stack(),
        "infra/py/Pulumi.yaml": project("py", runtime="python"),
        "infra/py/Pulumi.dev.yaml": stack(),
        "infra/py/__main__.py": MAIN_PY,
        "lib/realshared/refs.py": REFS_PY,
        "lib/othershared/refs.py": other,
    }
    root = write_repo(tmp_path / "repo", _db(files))
    _link(root, "lib/shared", "realshared")
    assert ("py/dev", "db/dev", "lib/realshared/refs.py") in _edges(scan(root))
    (root / "lib/shared").unlink()
    _link(root, "lib/shared", "othershared")
    edges = _edges(scan(root))
    assert ("py/dev", "net/dev", "lib/othershared/refs.py") in edges
    assert ("py/dev", "db/dev", "lib/realshared/refs.py") not in edges
