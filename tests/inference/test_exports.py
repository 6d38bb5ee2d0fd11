"""The outputs each program exports, read statically: complete sets and open ones, in every language.

tests/inference/contracts holds the labelled projects (see its README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stackgraph.discovery.scan import scan
from stackgraph.model import Repo

CONTRACTS = Path(__file__).parent / "contracts"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    mp = pytest.MonkeyPatch()
    mp.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        return scan(CONTRACTS)
    finally:
        mp.undo()


def labels() -> dict[str, object]:
    out = {}
    for path in sorted(CONTRACTS.rglob("expect.yaml")):
        out[path.parent.relative_to(CONTRACTS).as_posix()] = yaml.safe_load(path.read_text(encoding="utf-8"))["exports"]
    return out


LANGUAGES = {".py": "python", ".ts": "typescript", ".js": "javascript", ".go": "go", ".cs": "csharp",
             ".fs": "fsharp", ".java": "java"}  # fmt: skip


def language_of(project: Path) -> str:
    """The language of a labelled project: YAML by its runtime, else that of its program files (one)."""
    if yaml.safe_load((project / "Pulumi.yaml").read_text(encoding="utf-8"))["runtime"] == "yaml":
        return "yaml"
    [found] = {LANGUAGES[p.suffix] for p in project.rglob("*") if p.suffix in LANGUAGES}
    return found


def test_every_language_has_a_complete_and_an_open_case() -> None:
    languages = {path: language_of(CONTRACTS / path) for path in labels()}
    want = labels()
    complete = {languages[p] for p, e in want.items() if e != "open"}
    opened = {languages[p] for p, e in want.items() if e == "open"}
    every = {"python", "typescript", "javascript", "go", "csharp", "fsharp", "java", "yaml"}
    assert complete == every
    assert opened == every - {"yaml"}  # a YAML program's keys are always written out


def test_the_exports_of_every_project_are_as_labelled(repo: Repo) -> None:
    got = {x.project_path: "open" if not x.complete else sorted(x.exported()) for x in repo.exports}
    assert got == labels()


def test_an_open_set_says_why_with_file_and_line(repo: Repo) -> None:
    opened = {x.project_path: x.open for x in repo.exports if not x.complete}
    assert opened
    for path, why in opened.items():
        assert why, path
        assert all(d.file.startswith(path + "/") and d.line and d.value for d in why), why
    assert [d.value for d in opened["open/go"]] == ["ctx.Export in a loop"]
    assert [(d.file, d.line) for d in opened["open/ts"]] == [("open/ts/index.ts", 4)]


def test_each_export_has_its_file_and_line(repo: Repo) -> None:
    py = repo.exports_by_path()["producers/py"]
    assert [(e.name, e.location()) for e in py.names] == [
        ("dbHost", "producers/py/__main__.py:5"),  # a module constant as the key
        ("vpcId", "producers/py/__main__.py:4"),
    ]
    ts = repo.exports_by_path()["producers/ts"]
    assert "notAnOutput" not in ts.exported()  # a module the entry does not export from


def test_exports_survive_the_result_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from stackgraph.cache import results
    from stackgraph.discovery import scan as scan_module

    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(results, "MIN_FILES", 1)
    copy = tmp_path / "repo"
    shutil.copytree(CONTRACTS, copy)
    first = scan(copy)
    assert any(p.suffix == ".json" for p in (tmp_path / "cache").rglob("*.json"))

    def not_again(*args: object) -> None:
        raise AssertionError("read again instead of loaded from the result cache")

    monkeypatch.setattr(scan_module, "_read", not_again)
    second = scan(copy)
    assert second.exports == first.exports
    assert any(not x.complete for x in second.exports)


def test_scan_json_lists_the_exports(repo: Repo) -> None:
    from stackgraph.render.scan_formats import scan_to_dict

    doc = scan_to_dict(repo)
    by_path = {x["project_path"]: x for x in doc["exports"]}
    assert by_path["producers/go"] == {
        "project_path": "producers/go",
        "complete": True,
        "names": [
            {"name": "dbHost", "file": "producers/go/main.go", "line": 8},
            {"name": "vpcId", "file": "producers/go/main.go", "line": 7},
        ],
        "open": [],
    }
    assert by_path["open/py"]["complete"] is False
    assert by_path["open/py"]["open"] == [
        {"reason": "pulumi.export in a loop", "file": "open/py/__main__.py", "line": 5}
    ]
