"""A function only other files call (`Site.held`, inference/called.py `held_here`) runs for the stacks that run its
calls there; a call the front-ends give no linked call for must keep every stack, as must a call under a name the
function is re-exported as. Before, a call through `from stacks import *`, `importlib.import_module(..)`,
`require("./stacks").f()`, `import("./stacks")`, a tagged template, `export { f as g } from` or a Go dot import
was not seen: the function ran only for the stacks of its other, guarded call (dev and prod lost their edge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_py_go_call_guards import EVERY, GO_LIB_SPLIT, PY_SPLIT, TS_SPLIT, _having, _repo

PY_LATER = {
    "a star import": {"later.py": "from stacks import *\n\nbase_stack()\n"},
    "importlib": {"later.py": 'import importlib\n\nimportlib.import_module("stacks").base_stack()\n'},
    "__import__": {"later.py": '__import__("stacks").base_stack()\n'},
    "sys.modules": {"later.py": 'import sys\n\nimport stacks\n\nsys.modules["stacks"].base_stack()\n'},
    "exec": {"later.py": 'exec("import stacks; stacks.base_stack()")\n'},
    "a package renaming it": {
        "envs/__init__.py": "from stacks import base_stack as deploy\n",
        "later.py": "import envs\n\nenvs.deploy()\n",
    },
    "a package's star import": {
        "envs/__init__.py": "from stacks import *\n",
        "later.py": "import envs\n\nenvs.base_stack()\n",
    },
}
"""Modules added to `PY_SPLIT` (`later.py` imported by `__main__.py`) that run `base_stack` for every stack."""


@pytest.mark.parametrize("case", sorted(PY_LATER))
def test_python_function_called_in_a_way_not_followed_keeps_every_stack(tmp_path: Path, case: str) -> None:
    files = {**PY_SPLIT, **PY_LATER[case], "__main__.py": "import later\n" + PY_SPLIT["__main__.py"]}
    got = _repo(tmp_path, "python", files)
    assert _having(got, "net/base") == EVERY
    assert _having(got, "audit/prod") == {"prod"}


TS_LATER = {
    "require": {"later.ts": 'require("./stacks").baseStack();\n'},
    "import = require": {"later.ts": 'import stacks = require("./stacks");\n\nstacks.baseStack();\n'},
    "import().then": {"later.ts": 'import("./stacks").then((m) => m.baseStack());\n'},
    "await import()": {
        "later.ts": 'async function go() {\n    const m = await import("./stacks");\n    m.baseStack();\n}\n\ngo();\n'
    },
    "a tagged template": {"later.ts": 'import { baseStack } from "./stacks";\n\nbaseStack`x`;\n'},
    "a barrel renaming it": {
        "barrel.ts": 'export { baseStack as deploy } from "./stacks";\n',
        "later.ts": 'import { deploy } from "./barrel";\n\ndeploy();\n',
    },
    "a barrel's namespace export": {
        "barrel.ts": 'export * as s from "./stacks";\n',
        "later.ts": 'import { s } from "./barrel";\n\ns.baseStack();\n',
    },
}
"""Modules added to `TS_SPLIT` (`later.ts` imported by `index.ts`) that run `baseStack` for every stack."""


@pytest.mark.parametrize("case", sorted(TS_LATER))
def test_ts_function_called_in_a_way_not_followed_keeps_every_stack(tmp_path: Path, case: str) -> None:
    files = {**TS_SPLIT, **TS_LATER[case], "index.ts": 'import "./later";\n' + TS_SPLIT["index.ts"]}
    got = _repo(tmp_path, "nodejs", files)
    assert _having(got, "net/base") == EVERY
    assert _having(got, "audit/prod") == {"prod"}


def test_go_function_called_through_a_dot_import_keeps_every_stack(tmp_path: Path) -> None:
    """`Base(ctx)` after `import . "app/lib"` is `lib.Base`, which main.go calls for base only."""
    later = 'package main\n\nimport . "app/lib"\n\nfunc init() { _ = Base(nil) }\n'
    files = {**GO_LIB_SPLIT, "later.go": later}
    got = _repo(tmp_path, "go", files)
    assert _having(got, "net/base") == EVERY
    assert _having(got, "audit/prod") == {"prod"}


def test_python_functions_of_one_name_in_two_modules_keep_their_own_stacks(tmp_path: Path) -> None:
    """A call of another module's function of the same name (`env.deploy()`) is linked there: not a call of
    `base.deploy` that is not read."""
    files = {
        "__main__.py": 'import pulumi\nfrom envs import base, env\n\nif pulumi.get_stack() == "base":\n'
        "    base.deploy()\nelse:\n    env.deploy()\n",
        "envs/__init__.py": "",
        "envs/base.py": 'import pulumi\n\n\ndef deploy():\n    pulumi.StackReference("acme/net/base")\n',
        "envs/env.py": 'import pulumi\n\n\ndef deploy():\n    pulumi.StackReference("acme/audit/prod")\n',
    }
    got = _repo(tmp_path, "python", files)
    assert _having(got, "net/base") == {"base"}
    assert _having(got, "audit/prod") == {"dev", "prod"}
