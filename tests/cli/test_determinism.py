"""Same repository, same bytes: whatever order files were created in and the file system lists them in."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo
from tests.helpers.specs import EXAMPLES, full_spec

COMMANDS = [
    ("plan", "-f", "text"),
    ("plan", "-f", "json"),
    ("plan", "-f", "markdown"),
    ("plan", "-f", "table", "-o", "{out}"),
    ("plan", "-f", "json", "--destroy"),
    ("plan", "-f", "json", "--env", "dev"),
    ("graph", "-f", "dot"),
    ("graph", "-f", "dot", "--cluster", "project", "--reduce"),
    ("graph", "-f", "mermaid"),
    ("graph", "-f", "mermaid", "--cluster", "none", "--env", "prod"),
    ("graph", "-f", "json"),
    ("graph", "-f", "json", "--reduce"),
    ("scan", "-f", "json"),
    ("scan", "-f", "text"),
]


def outputs(root: Path, tmp: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for i, args in enumerate(COMMANDS):
        target = tmp / f"out{i}"
        argv = [a.replace("{out}", str(target)) for a in args]
        result = cli(argv[0], root, *argv[1:])
        assert result.code == 0, (args, result.stderr)
        out[" ".join(args)] = target.read_bytes() if "-o" in args else result.stdout_bytes
    return out


class _Listing:
    """What os.scandir returns, with its entries in an order of our choosing."""

    def __init__(self, entries: list[os.DirEntry[str]]) -> None:
        self._entries = entries

    def __iter__(self) -> Iterator[os.DirEntry[str]]:
        return iter(self._entries)

    def __enter__(self) -> _Listing:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.fixture
def shuffled_listing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make os.scandir and os.listdir list entries in a random order; count the listings that changed."""
    rng = random.Random(20240601)
    real_scandir, real_listdir = os.scandir, os.listdir
    changed: list[int] = []

    def shuffle(items: list) -> list:
        before = list(items)
        rng.shuffle(items)
        if len(items) > 1 and items == before:
            items.reverse()
        changed.append(1)
        return items

    def scandir(path: object = ".") -> _Listing:
        with real_scandir(path) as it:  # type: ignore[call-overload]
            entries = list(it)
        return _Listing(shuffle(entries))

    def listdir(path: object = ".") -> list[str]:
        return shuffle(real_listdir(path))  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    return changed


def test_shuffled_creation_and_listing_give_the_same_bytes(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    spec = full_spec()
    first = outputs(write_repo(tmp_path / "a", spec), tmp_path)
    assert b"addons/demo.example" in first["plan -f json"]
    assert b"other/shared/prod" in first["graph -f json"]
    for seed in (1, 2):
        root = write_repo(tmp_path / f"seed{seed}", spec, seed=seed)
        assert outputs(root, tmp_path) == first, f"creation order {seed}"
    changed = request.getfixturevalue("shuffled_listing")
    root = write_repo(tmp_path / "listed", spec, seed=3)
    assert outputs(root, tmp_path) == first
    assert len(changed) > 20  # the walk (and stackConfigDir) really went through the shuffled listings


def test_examples_plan_levels_per_environment() -> None:
    for env in ("dev", "prod"):
        out = cli("plan", EXAMPLES, "-f", "text", "--env", env)
        assert out.code == 0, out.stderr
        levels = [line.split("\t")[:2] for line in out.stdout.splitlines()[1:]]
        assert [(lvl, sid) for lvl, sid in levels] == [
            ("1", f"networking/{env}"),
            ("2", f"cluster/{env}"),
            ("2", f"database/{env}"),
            ("3", f"api/{env}"),
            ("3", f"web/{env}"),
            ("4", f"monitoring/{env}"),
        ]


def test_examples_plan_json_all_environments() -> None:
    doc = json.loads(cli("plan", EXAMPLES, "-f", "json").stdout)
    assert doc["levels"] == [
        ["networking/dev", "networking/prod"],
        ["cluster/dev", "cluster/prod", "database/dev", "database/prod"],
        ["api/dev", "api/prod", "web/dev", "web/prod"],
        ["monitoring/dev", "monitoring/prod"],
    ]
    assert {s["runtime"] for s in doc["stacks"]} >= {"yaml", "python", "nodejs"}
    assert doc["external"] == [] and doc["dangling"] == []
    destroy = json.loads(cli("plan", EXAMPLES, "-f", "json", "--destroy").stdout)
    assert destroy["levels"] == doc["levels"][::-1]
