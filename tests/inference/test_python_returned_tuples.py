"""A tuple a Python function returns, unpacked at the call (`_, _, stack_name = parse_realm_env_name_from_stack()`).

Real case: tabiya-tech/compass, iac/lib/std_pulumi.py `parse_realm_env_name_from_stack()` returns `realm_name,
environment_name, stack_name` (the last `pulumi.get_stack()`, the first two unpacked from another helper's `return
parts[0], parts[1]`); iac/common/__main__.py unpacks it and names four stacks
`f"tabiya-tech/compass-environment/{stack_name}"`, ... Was: unresolved ('a value bound by a loop, a comprehension,
'with', 'except' or an unpacking'), so compass-common had no edge at all. An unpacking into another count of names
(a ValueError when it runs) or with a `*starred` name stays unresolved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

STACKS = ("tabiya.dev", "eu.prod")

LIB = """import pulumi


def realm_and_env(stack_name: str) -> tuple[str, str]:
    parts = stack_name.split(".")
    if len(parts) != 2:
        raise ValueError(stack_name)
    return parts[0], parts[1]


def parse() -> tuple[str, str, str]:
    stack_name = pulumi.get_stack()
    realm_name, environment_name = realm_and_env(stack_name)
    return realm_name, environment_name, stack_name
"""

USE = """import pulumi


def main():
    _, _, stack_name = parse()
    realm, env, _ = parse()
    pulumi.StackReference(f"acme/net/{stack_name}")
    pulumi.StackReference(f"acme/{realm}-env/{env}")
    a, b = parse()
    pulumi.StackReference(f"acme/bad/{b}")
    *_, last = parse()
    pulumi.StackReference(f"acme/star/{last}")


if __name__ == "__main__":
    main()
"""

IMPORTED = {"__main__.py": "from lib.std import parse\n" + USE, "lib/__init__.py": "", "lib/std.py": LIB}
LOCAL = {"__main__.py": LIB + "\n\n" + USE.replace("import pulumi\n", "", 1)}


@pytest.mark.parametrize("files", [IMPORTED, LOCAL], ids=["imported", "same-file"])
def test_a_returned_tuple_unpacked_at_the_call_gives_each_name_its_item(tmp_path: Path, files: dict[str, str]) -> None:
    got = targets(tmp_path, "python", files, STACKS)
    lines = sorted({line for line, _ in got})
    net, env, bad, star = lines
    for stack in STACKS:
        realm, _, name = stack.partition(".")
        assert got[net, stack] == f"net/{stack}"
        assert got[env, stack] == f"{realm}-env/{name}"
        assert "parse() returns 3 values, unpacked into 2 names" in got[bad, stack] or (
            "<parse().[1 of 2]>" in got[bad, stack] and "lib.std" in got[bad, stack]  # no such item exported there
        )
        assert "unpacking" in got[star, stack]
