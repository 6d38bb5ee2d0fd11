"""A package that hands on one of its modules by another name (`from . import stacks as all_stacks` in
infra/__init__.py): `from infra import all_stacks` then `all_stacks.network.require_output("subnets")` reads the
StackReference `network` of infra/stacks.py (pymodules.submodule, followed by the linker), and so does a value
(`all_stacks.db_name`). Was: the read was lost without a word (the reference's outputs lacked the key and were not
marked open) and the value was unresolved, `infra.all_stacks` being no file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

STACKS = """import pulumi

cfg = pulumi.Config()
network = pulumi.StackReference(cfg.require("networkStack"))
db_name = f"db-{pulumi.get_stack()}"
"""
INIT = "from .stacks import network\nfrom . import stacks as all_stacks\n"
MAIN = """import pulumi
from infra import all_stacks, network
import infra

pulumi.export("vpc", network.get_output("vpc_id"))
pulumi.export("subnets", all_stacks.network.require_output("subnets"))
pulumi.export("zone", infra.all_stacks.network.get_output("zone"))
db = pulumi.StackReference(f"acme/db/{all_stacks.db_name}")
"""


def _scan(root: Path) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    files = {
        "app/Pulumi.yaml": "name: app\nruntime: python\n",
        "app/Pulumi.dev.yaml": "config:\n  app:networkStack: acme/net/dev\n",
        "app/infra/__init__.py": INIT,
        "app/infra/stacks.py": STACKS,
        "app/__main__.py": MAIN,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    return sorted(
        (
            r["site"],
            r["stack"],
            "/".join((r["target"] or {}).values()) or r["reason"],
            tuple(r["outputs"]),
            r["reads_open"] or "",
        )
        for r in json.loads(out.stdout)["references"]
    )


def test_reads_and_values_through_a_module_handed_on_by_a_package(tmp_path: Path) -> None:
    assert _scan(tmp_path) == [
        ("app/__main__.py:8", "dev", "acme/db/db-dev", (), ""),
        ("app/infra/stacks.py:4", "dev", "acme/net/dev", ("subnets", "vpc_id", "zone"), ""),
    ]
