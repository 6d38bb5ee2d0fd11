"""A folder or file whose name is not UTF-8 is read and planned; every output shows its bytes as `\\xNN`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, git_estate

ODD = os.fsdecode(b"n\xe9t")  # the folder `n<0xe9>t`, a Latin-1 name
SHOWN = "n\\xe9t"

PROGRAM = """import * as pulumi from "@pulumi/pulumi";
const net = new pulumi.StackReference(`organization/networking/${pulumi.getStack()}`);
export const vpc = net.getOutput("vpcId");
"""


def _odd_repo(root: Path) -> Path:
    git_estate(root)
    folder = root / ODD
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: edge\nruntime: nodejs\n", encoding="utf-8")
    (folder / "Pulumi.dev.yaml").write_text("config: {}\n", encoding="utf-8")
    (folder / "index.ts").write_text(PROGRAM, encoding="utf-8")
    commit_all(root, "a folder named in Latin-1")
    return root


def _strict_json(out: str) -> dict[str, object]:
    def refuse(text: str) -> object:
        raise AssertionError(f"not JSON: {text}")

    doc = json.loads(out, parse_constant=refuse)
    assert "\\udc" not in out and out.encode("utf-8")  # no lone surrogate (strict parsers refuse one)
    return doc  # type: ignore[no-any-return]  # a JSON object, as every document stackgraph prints


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "cached"])
def test_a_project_folder_named_not_utf8_is_planned_and_shown_escaped(tmp_path: Path, warm: bool) -> None:
    root = _odd_repo(tmp_path / "repo")
    if warm:
        assert cli("scan", root, "-f", "json").code == 0
    scan = cli("scan", root, "-f", "json")
    assert scan.code == 0, scan.stderr
    doc = _strict_json(scan.stdout)
    assert {"name": "edge", "path": SHOWN, "runtime": "nodejs", "file": f"{SHOWN}/Pulumi.yaml", "main": None} in doc[
        "projects"
    ]
    edge = next(e for e in doc["edges"] if e["from"] == "edge/dev")  # type: ignore[attr-defined]  # scan/v1 layout
    assert edge["evidence"][0]["file"] == f"{SHOWN}/index.ts"
    plan = cli("plan", root, "-f", "json")
    assert plan.code == 0, plan.stderr
    assert {"id": "edge/dev", "project": "edge", "stack": "dev", "path": SHOWN, "runtime": "nodejs"} in _strict_json(
        plan.stdout
    )["stacks"]
    for args in (("ls", root), ("graph", root, "-f", "json"), ("graph", root, "-f", "dot"), ("plan", root)):
        out = cli(*args)
        assert out.code == 0, (args, out.stderr)
    text = cli("scan", root)
    assert f"project edge (nodejs) at {SHOWN}: dev" in text.stdout
    why = cli("why", root, "edge/dev", "networking/dev")
    assert why.code == 0 and f"{SHOWN}/index.ts:2" in why.stdout, why.stderr


def test_a_folder_named_not_utf8_is_written_to_an_output_file(tmp_path: Path) -> None:
    root = _odd_repo(tmp_path / "repo")
    for fmt in ("text", "json"):
        target = tmp_path / f"out.{fmt}"
        out = cli("scan", root, "-f", fmt, "-o", target)
        assert out.code == 0, out.stderr
        text = target.read_bytes().decode("utf-8")
        assert (SHOWN if fmt == "text" else SHOWN.replace("\\", "\\\\")) in text


def test_path_selects_the_folder_as_it_is_shown(tmp_path: Path) -> None:
    root = _odd_repo(tmp_path / "repo")
    out = cli("ls", root, "-s", f"path:{SHOWN}")
    assert (out.code, out.stdout) == (0, "edge/dev\n"), out.stderr


def test_a_changed_file_named_not_utf8_is_shown_escaped_in_why(tmp_path: Path) -> None:
    root = git_estate(tmp_path / "repo")
    (root / os.fsdecode(b"services/web/caf\xe9.txt")).write_bytes(b"x")
    commit_all(root, "a file named in Latin-1")
    target = tmp_path / "why.txt"
    out = cli("ls", root, "--changed-since", "HEAD~1", "--why", "-o", target)
    assert out.code == 0, out.stderr
    assert "web/dev          changed: services/web/caf\\xe9.txt\n" in target.read_text(encoding="utf-8")
    js = cli("ls", root, "--changed-since", "HEAD~1", "--why", "-f", "json")
    assert js.code == 0, js.stderr
    doc = _strict_json(js.stdout)
    stacks: list[dict[str, object]] = doc["stacks"]  # type: ignore[assignment]  # the ls/v1 layout
    web = next(s for s in stacks if s["id"] == "web/dev")
    assert web["why"] == ["changed: services/web/caf\\xe9.txt"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ODD, SHOWN),
        ("x\\udce9", "x\\udce9"),  # the characters backslash, u, d, c, e, 9: kept
        ("\U0001f480", "\U0001f480"),  # a surrogate pair in JSON: kept
        ('q"' + os.fsdecode(b"\xff"), 'q"\\xff'),
    ],
)
def test_shown_json_writes_only_lone_bytes_as_xnn(value: str, expected: str) -> None:
    from stackgraph.files import shown, shown_json

    text = shown_json(json.dumps({"a": value}))
    assert json.loads(text) == {"a": expected} == {"a": shown(value)}
