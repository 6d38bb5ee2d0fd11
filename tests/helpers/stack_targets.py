"""Scan a one-project program through the CLI and say, per reference, what it names (tests of name inference)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tests.helpers.clirun import cli


def targets(tmp_path: Path, runtime: str, files: dict[str, str], stacks: Iterable[str]) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference of the program `app` (with `files` and a stack file per name of `stacks`)
    -> its target (`project/stack`) or why it is unresolved."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    for name in stacks:
        (app / f"Pulumi.{name}.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return {
        (int(r["site"].rpartition(":")[2]), r["stack"]): (
            f"{r['target']['project']}/{r['target']['stack']}" if r["target"] else r["reason"]
        )
        for r in json.loads(out.stdout)["references"]
    }
