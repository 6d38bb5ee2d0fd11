"""A helper function whose name is bound more than once (python/redefined.py): a call runs the `def` the name holds
when it runs, so each `def` is bound only by the calls that see it; one no call sees is unresolved, saying it is
defined again; after an `if` whose arms both define it, a call may run either (both are followed).

TS/JS: a `function` declared again replaces it for every call (hoisting); a `let` function assigned again is not
followed (its sites unresolved, saying why).

Was: every `def make` of a file was bound by every call of `make` (a wrong edge for the `def` defined again), and a
`def` in an arm of an `if` was no helper at all (unresolved: "no call with a known argument", though called)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

NET = '    return pulumi.StackReference(f"acme/net/{s}")\n'
DATA = '    return pulumi.StackReference(f"acme/data/{s}")\n'


def scan(tmp_path: Path, files: dict[str, str], runtime: str = "python") -> dict[int, set[str]]:
    """Line of each reference of the program `app` -> its targets, or why it is unresolved."""
    for project, kind in (("app", runtime), ("net", "yaml"), ("data", "yaml")):
        (tmp_path / project).mkdir()
        (tmp_path / project / "Pulumi.yaml").write_text(f"name: {project}\nruntime: {kind}\n")
        (tmp_path / project / "Pulumi.dev.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (tmp_path / "app" / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found: dict[int, set[str]] = {}
    for r in json.loads(out.stdout)["references"]:
        found.setdefault(int(r["site"].rpartition(":")[2]), set()).add(r["target_id"] or r["reason"])
    return found


def test_a_def_defined_again_before_the_call_is_never_called(tmp_path: Path) -> None:
    main = f"import pulumi\ndef make(s):\n{NET}def make(s):\n{DATA}r = make('dev')\n"
    found = scan(tmp_path, {"__main__.py": main})
    assert found[5] == {"data/dev"}
    assert found[3] == {"cannot resolve 'acme/net/<?>': never called: `make` is defined again at app/__main__.py:4"}


def test_a_def_in_each_arm_of_an_if_is_followed_for_both(tmp_path: Path) -> None:
    main = f"import os\nimport pulumi\nif os.environ.get('X'):\n    def make(s):\n    {NET}else:\n"
    main += f"    def make(s):\n    {DATA}r = make('dev')\n"
    found = scan(tmp_path, {"__main__.py": main})
    assert found == {5: {"net/dev"}, 8: {"data/dev"}}


def test_an_arm_a_stack_never_takes_is_left_out(tmp_path: Path) -> None:
    main = "import pulumi\ncfg = pulumi.Config()\nif cfg.get_bool('x'):\n    def make(s):\n"
    main += f"    {NET}else:\n    def make(s):\n    {DATA}r = make('dev')\n"
    assert scan(tmp_path, {"__main__.py": main}) == {8: {"data/dev"}}  # x is not set: the else runs


def test_a_def_defined_again_after_the_call_is_the_one_it_runs(tmp_path: Path) -> None:
    main = f"import pulumi\ndef make(s):\n{NET}r = make('dev')\ndef make(s):\n{DATA}"
    found = scan(tmp_path, {"__main__.py": main})
    assert found[3] == {"net/dev"}
    assert found[6] == {"cannot resolve 'acme/data/<s>': helper parameter 's' (no call with a known argument)"}


def test_an_imported_helper_is_the_def_its_module_ends_with(tmp_path: Path) -> None:
    helpers = f"import pulumi\ndef make(s):\n{NET}def make(s):\n{DATA}"
    found = scan(tmp_path, {"__main__.py": "from helpers import make\nmake('dev')\n", "helpers.py": helpers})
    assert found[5] == {"data/dev"}
    assert found[3] == {"cannot resolve 'acme/net/<?>': never called: `make` is defined again at app/helpers.py:4"}


def test_a_def_in_a_loop_a_function_may_call_is_unresolved(tmp_path: Path) -> None:
    main = f"import pulumi\ndef make(s):\n{NET}def run():\n    return make('dev')\nfor i in range(2):\n"
    main += f"    def make(s):\n    {DATA}run()\n"
    found = scan(tmp_path, {"__main__.py": main})
    assert all("which `def make` the call at app/__main__.py:5 runs is not followed" in r for r in found[3])
    assert all("is not followed" in r for r in found[8])


def test_a_helper_defined_once_is_still_followed(tmp_path: Path) -> None:
    main = f"import pulumi\ndef make(s):\n{NET}def other(s):\n{DATA}make('dev')\nother('dev')\n"
    assert scan(tmp_path, {"__main__.py": main}) == {3: {"net/dev"}, 5: {"data/dev"}}


TS_NET = "(s: string) { return new pulumi.StackReference(`acme/net/${s}`); }\n"
TS_DATA = "(s: string) { return new pulumi.StackReference(`acme/data/${s}`); }\n"
TS_HEAD = 'import * as pulumi from "@pulumi/pulumi";\n'


def test_a_typescript_function_declared_again_runs_the_last_for_every_call(tmp_path: Path) -> None:
    index = f"{TS_HEAD}const r = make('dev');\nfunction make{TS_NET}function make{TS_DATA}"
    found = scan(tmp_path, {"index.ts": index}, "nodejs")
    assert found[4] == {"data/dev"}
    reason = "never called: `make` is declared again at app/index.ts:4 (the last one runs for every call)"
    assert found[3] == {f"cannot resolve 'acme/net/<?>': {reason}"}


def test_a_typescript_let_function_assigned_again_is_not_followed(tmp_path: Path) -> None:
    index = f"{TS_HEAD}let make = {TS_NET.replace(' {', ' => {')}make('dev');\nmake = {TS_DATA.replace(' {', ' => {')}"
    index += "make('prod');\n"
    found = scan(tmp_path, {"index.ts": index}, "nodejs")
    assert all("`make` is given more than one function (app/index.ts:2, app/index.ts:4)" in r for r in found[2])
    assert not {"net/dev", "net/prod", "data/dev"} & (found[2] | found[4])
