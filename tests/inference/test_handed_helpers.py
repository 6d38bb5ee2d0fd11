"""A helper holding a StackReference given as an argument instead of called (`names.map(netRef)` in TS/JS,
`map(net_ref, names)` in Python): the calls made with it are not followed, so each such use is an unresolved
reference saying where. It was dropped silently: only the calls written out were references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli

TS = """import * as pulumi from "@pulumi/pulumi";
function netRef(project: string) {
    return new pulumi.StackReference(`acme/${project}/prod`);
}
const dnsRef = (project: string) => new pulumi.StackReference(`acme/${project}/dev`);
export const app = netRef("app");
export const many = ["network", "storage"].map(netRef);
export const more = ["zones"].map(dnsRef);
function local(netRef: (p: string) => unknown) { return ["x"].map(netRef); }
"""

PY = """import pulumi
def net_ref(project):
    return pulumi.StackReference(f"acme/{project}/prod")
app = net_ref("app")
many = list(map(net_ref, ["network", "storage"]))
def local(net_ref):
    return list(map(net_ref, ["x"]))
"""

GIVEN = "given as a value there, the calls made with it are not followed"


@pytest.mark.parametrize(
    ("runtime", "file", "source", "expected"),
    [
        (
            "nodejs",
            "index.ts",
            TS,
            [
                (3, "app/prod"),
                (3, f"cannot resolve 'acme/<?>/prod' via the call at app/index.ts:7: 'netRef' {GIVEN}"),
                (5, f"cannot resolve 'acme/<?>/dev' via the call at app/index.ts:8: 'dnsRef' {GIVEN}"),
            ],
        ),
        (
            "python",
            "__main__.py",
            PY,
            [
                (3, "app/prod"),
                (3, f"cannot resolve 'acme/<?>/prod' via the call at app/__main__.py:5: 'net_ref' {GIVEN}"),
            ],
        ),
    ],
)
def test_a_helper_given_as_a_value_is_an_unresolved_reference(
    tmp_path: Path, runtime: str, file: str, source: str, expected: list[tuple[int, str]]
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    (app / file).write_text(source)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    found = [(int(r["site"].rpartition(":")[2]), _target(r)) for r in refs]
    assert sorted(found) == sorted(expected)


def _target(ref: dict[str, Any]) -> str:
    return str(ref["reason"]) if ref["target"] is None else f"{ref['target']['project']}/{ref['target']['stack']}"
