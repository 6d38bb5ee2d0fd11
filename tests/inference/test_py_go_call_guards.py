"""A StackReference (or a helper call) in a Python module function, or a Go function of the package, runs only when
one of its calls does: it takes the tests around those calls, joined by `or` (frontends/python/call_guards.py,
frontends/go_call_guards.py), unless another file the program runs mentions the function (it may call it there).
Before, `if get_stack() == "base": base_stack() else: env_stack()` (and Go's `switch ctx.Stack() { case "base":
return baseStack(ctx) ..}`) gave every stack the references of both functions: dev got an edge to net/base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

PY = """import pulumi


def ref(name):
    return pulumi.StackReference(f"acme/{name}")


def base_stack(depth=0):
    pulumi.StackReference("acme/net/base")
    if depth < 1:
        base_stack(depth + 1)  # calls itself: runs already


def env_stack():
    pulumi.StackReference(f"acme/net/{pulumi.get_stack()}")
    if pulumi.get_stack() == "prod":
        audit()
        audit_stack()


def audit():
    pulumi.StackReference("acme/audit/prod")


def audit_stack():
    ref("audit/prod")  # a helper call: only where audit_stack runs


if pulumi.get_stack() == "base":
    base_stack()
else:
    env_stack()
"""

GO = """package main

import (
\t"fmt"

\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tswitch ctx.Stack() {
\t\tcase "base":
\t\t\treturn baseStack(ctx, 0)
\t\tdefault:
\t\t\treturn envStack(ctx)
\t\t}
\t})
}

func ref(ctx *pulumi.Context, name string) error {
\t_, err := pulumi.NewStackReference(ctx, "acme/"+name, nil)
\treturn err
}

func baseStack(ctx *pulumi.Context, depth int) error {
\t_, err := pulumi.NewStackReference(ctx, "acme/net/base", nil)
\tif depth < 1 {
\t\treturn baseStack(ctx, depth+1)
\t}
\treturn err
}

func envStack(ctx *pulumi.Context) error {
\t_, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/net/%s", ctx.Stack()), nil)
\tif ctx.Stack() == "prod" {
\t\taudit(ctx)
\t\tauditStack(ctx)
\t}
\treturn err
}

func audit(ctx *pulumi.Context) {
\tpulumi.NewStackReference(ctx, "acme/audit/prod", nil)
}

func auditStack(ctx *pulumi.Context) {
\tref(ctx, "audit/prod")
}
"""

GUARDED = {
    "base": {"net/base"},  # env_stack is the else: base never runs it
    "dev": {"net/dev"},  # no net/base: dev never calls base_stack
    "prod": {"net/prod", "audit/prod"},  # audit() is called in env_stack under `if prod`: both tests hold
}
EVERY = {"base", "dev", "prod"}
BASE_KEPT = {stack: {*targets, "net/base"} for stack, targets in GUARDED.items()}
"""`GUARDED` with net/base for every stack: the other functions still guarded."""


def _repo(root: Path, runtime: str, files: dict[str, str]) -> dict[str, set[str]]:
    root.mkdir(exist_ok=True)
    for name, stacks in {"app": ("base", "dev", "prod"), "net": ("base", "dev", "prod"), "audit": ("prod",)}.items():
        (root / name).mkdir()
        (root / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        for stack in stacks:
            (root / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    if runtime == "go":
        (root / "app" / "go.mod").write_text("module app\n\ngo 1.21\n")
    for file, text in files.items():
        (root / "app" / file).parent.mkdir(exist_ok=True)
        (root / "app" / file).write_text(text)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {"base": set(), "dev": set(), "prod": set()}
    for edge in json.loads(out.stdout)["edges"]:
        got[edge["from"].removeprefix("app/")].add(edge["to"])
    return got


def _having(got: dict[str, set[str]], target: str) -> set[str]:
    return {stack for stack, targets in got.items() if target in targets}


def test_python_functions_called_under_a_test_make_their_references_for_its_stacks(tmp_path: Path) -> None:
    assert _repo(tmp_path, "python", {"__main__.py": PY}) == GUARDED


def test_python_match_case_call(tmp_path: Path) -> None:
    program = PY.replace(
        'if pulumi.get_stack() == "base":\n    base_stack()\nelse:\n    env_stack()\n',
        'match pulumi.get_stack():\n    case "base":\n        base_stack()\n    case _:\n        env_stack()\n',
    )
    assert _repo(tmp_path, "python", {"__main__.py": program}) == GUARDED


def test_python_function_imported_and_called_by_another_module_keeps_every_stack(tmp_path: Path) -> None:
    entry = "import stacks\nfrom stacks import base_stack\n\nbase_stack()\n"
    got = _repo(tmp_path, "python", {"__main__.py": entry, "stacks.py": PY})
    assert got == BASE_KEPT  # audit and env_stack are not named there: still guarded


def test_python_helper_call_in_a_function_another_module_calls_keeps_every_stack(tmp_path: Path) -> None:
    entry = "import stacks\n\nstacks.audit_stack()\n"
    got = _repo(tmp_path, "python", {"__main__.py": entry, "stacks.py": PY})
    assert _having(got, "audit/prod") == EVERY  # ref("audit/prod") in audit_stack
    assert _having(got, "net/base") == {"base"}


def test_python_function_named_in_a_file_the_program_never_runs_stays_guarded(tmp_path: Path) -> None:
    files = {"__main__.py": PY, "tool.py": "from __main__ import base_stack\n\nbase_stack()\n"}
    assert _repo(tmp_path, "python", files) == GUARDED


PY_KEPT = {
    "decorated": "@pulumi.runtime.test\ndef base_stack(depth=0):",
    "a value": "pulumi.runtime.register_stack_transformation(base_stack)\n\n\ndef base_stack(depth=0):",
    "called always": "def base_stack(depth=0):",  # and `base_stack()` added at the end
    "named in a string": '__all__ = ["base_stack"]\n\n\ndef base_stack(depth=0):',
    "bound again": "base_stack = None\n\n\ndef base_stack(depth=0):",
}
"""Ways of using `base_stack` that keep its site for every stack (`PY`'s `def base_stack(depth=0):` replaced)."""


@pytest.mark.parametrize("use", sorted(PY_KEPT))
def test_python_function_used_otherwise_keeps_every_stack(tmp_path: Path, use: str) -> None:
    program = PY.replace("def base_stack(depth=0):", PY_KEPT[use], 1)
    program += "base_stack()\n" if use == "called always" else ""
    assert _repo(tmp_path, "python", {"__main__.py": program}) == BASE_KEPT


def test_go_functions_called_under_a_switch_case_make_their_references_for_its_stacks(tmp_path: Path) -> None:
    assert _repo(tmp_path, "go", {"main.go": GO}) == GUARDED


def test_go_function_called_from_another_file_of_the_package_keeps_every_stack(tmp_path: Path) -> None:
    other = (
        'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
        "func other(ctx *pulumi.Context) {\n\tbaseStack(ctx, 0)\n}\n"
    )
    got = _repo(tmp_path, "go", {"main.go": GO, "other.go": other})
    assert got == BASE_KEPT


def test_go_helper_call_in_a_function_another_file_calls_keeps_every_stack(tmp_path: Path) -> None:
    other = "package main\n\nfunc other() { auditStack(nil) }\n"
    got = _repo(tmp_path, "go", {"main.go": GO, "other.go": other})
    assert _having(got, "audit/prod") == EVERY  # ref(ctx, "audit/prod") in auditStack
    assert _having(got, "net/base") == {"base"}


def test_go_function_named_in_a_file_go_build_leaves_out_stays_guarded(tmp_path: Path) -> None:
    other = "//go:build ignore\n\npackage main\n\nfunc other() { baseStack(nil, 0) }\n"
    assert _repo(tmp_path, "go", {"main.go": GO, "other.go": other}) == GUARDED


GO_KEPT = {
    "a value": ("\t\tswitch ctx.Stack() {", "\t\tf := baseStack\n\t\t_ = f\n\t\tswitch ctx.Stack() {"),
    "called always": ("\t\tswitch ctx.Stack() {", "\t\t_ = baseStack(ctx, 1)\n\t\tswitch ctx.Stack() {"),
    "shadowed": (
        "func envStack(ctx *pulumi.Context) error {",
        "func envStack(ctx *pulumi.Context, baseStack int) error {",
    ),
}
"""Ways of using `baseStack` that keep its site for every stack (a part of `GO` replaced)."""


@pytest.mark.parametrize("use", sorted(GO_KEPT))
def test_go_function_used_otherwise_keeps_every_stack(tmp_path: Path, use: str) -> None:
    program = GO.replace(*GO_KEPT[use], 1)
    assert _repo(tmp_path, "go", {"main.go": program}) == BASE_KEPT


PY_CHAIN = """import pulumi


def audit():
    pulumi.StackReference("acme/audit/prod")


def env_stack():
    audit()  # no test here: audit runs where env_stack does


if pulumi.get_stack() != "base":
    env_stack()
"""

GO_CHAIN = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tif ctx.Stack() != "base" {
\t\t\tenvStack(ctx)
\t\t}
\t\treturn nil
\t})
}

func envStack(ctx *pulumi.Context) {
\taudit(ctx)
}

func audit(ctx *pulumi.Context) {
\tpulumi.NewStackReference(ctx, "acme/audit/prod", nil)
}
"""


def test_a_call_in_a_function_takes_the_tests_of_that_functions_calls(tmp_path: Path) -> None:
    assert _having(_repo(tmp_path / "py", "python", {"__main__.py": PY_CHAIN}), "audit/prod") == {"dev", "prod"}
    assert _having(_repo(tmp_path / "go", "go", {"main.go": GO_CHAIN}), "audit/prod") == {"dev", "prod"}


def test_a_call_in_a_function_another_file_calls_keeps_every_stack(tmp_path: Path) -> None:
    """`audit` is named in no other file, but `env_stack`, whose calls its test reads, is: base may run it."""
    py = {"__main__.py": "import stacks\n\nstacks.env_stack()\n", "stacks.py": PY_CHAIN}
    assert _having(_repo(tmp_path / "py", "python", py), "audit/prod") == EVERY
    go = {"main.go": GO_CHAIN, "other.go": "package main\n\nfunc other() { envStack(nil) }\n"}
    assert _having(_repo(tmp_path / "go", "go", go), "audit/prod") == EVERY


def test_python_module_used_as_a_value_by_another_module_keeps_every_stack(tmp_path: Path) -> None:
    """`getattr(stacks, name)()` may call any function of `stacks`, named there or not."""
    entry = 'import pulumi\nimport stacks\n\ngetattr(stacks, "env" + "_stack")()\n'
    got = _repo(tmp_path, "python", {"__main__.py": entry, "stacks.py": PY_CHAIN})
    assert _having(got, "audit/prod") == EVERY


GO_MAIN = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tswitch ctx.Stack() {
\t\tcase "base":
\t\t\treturn baseStack(ctx)
\t\tcase "prod":
\t\t\tauditStack(ctx)
\t\t}
\t\treturn nil
\t})
}
"""

GO_SPLIT = {
    "main.go": GO_MAIN,
    "base.go": 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    "func baseStack(ctx *pulumi.Context) error {\n"
    '\t_, err := pulumi.NewStackReference(ctx, "acme/net/base", nil)\n\treturn err\n}\n',
    "audit.go": 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    'func auditStack(ctx *pulumi.Context) {\n\tref(ctx, "audit/prod")\n}\n\n'
    "func ref(ctx *pulumi.Context, name string) {\n"
    '\tpulumi.NewStackReference(ctx, "acme/"+name, nil)\n}\n',
}
"""A Go program whose stack functions are each in a file of its own: `main.go` picks one per stack."""


def test_go_functions_of_other_files_run_for_the_stacks_their_calls_are_made_for(tmp_path: Path) -> None:
    """Before, `baseStack` in base.go (named nowhere else in its file) gave every stack its reference: dev and
    prod got an edge to net/base; and the helper call in `auditStack` gave base and dev one to audit/prod."""
    got = _repo(tmp_path, "go", GO_SPLIT)
    assert got == {"base": {"net/base"}, "dev": set(), "prod": {"audit/prod"}}


def test_go_function_called_through_functions_of_several_files(tmp_path: Path) -> None:
    """main.go calls envStack (env.go) under `if != base`, which calls audit (audit.go) with no test."""
    files = {
        "main.go": GO_CHAIN.split("func envStack", maxsplit=1)[0],
        "env.go": "package main\n\nfunc envStack(ctx *pulumi.Context) {\n\taudit(ctx)\n}\n",
        "audit.go": "package main\n\nfunc audit(ctx *pulumi.Context) {\n"
        '\tpulumi.NewStackReference(ctx, "acme/audit/prod", nil)\n}\n',
    }
    assert _having(_repo(tmp_path, "go", files), "audit/prod") == {"dev", "prod"}


GO_SPLIT_KEPT = {
    "a value in another file": {"other.go": "package main\n\nvar later = baseStack\n"},
    "a call with no test": {"other.go": "package main\n\nfunc init() { baseStack(nil) }\n"},
    "functions calling each other": {
        "base.go": 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
        "func baseStack(ctx *pulumi.Context) error {\n"
        '\tpulumi.NewStackReference(ctx, "acme/net/base", nil)\n\treturn again(ctx)\n}\n',
        "again.go": "package main\n\nfunc again(ctx *pulumi.Context) error {\n\treturn baseStack(ctx)\n}\n",
    },
    "never called": {"main.go": GO_MAIN.replace("return baseStack(ctx)", "return nil")},
}
"""Files added to (or replacing those of) `GO_SPLIT` that leave `baseStack`'s reference to every stack."""


@pytest.mark.parametrize("case", sorted(GO_SPLIT_KEPT))
def test_go_function_of_another_file_run_otherwise_keeps_every_stack(tmp_path: Path, case: str) -> None:
    got = _repo(tmp_path, "go", {**GO_SPLIT, **GO_SPLIT_KEPT[case]})
    assert _having(got, "net/base") == EVERY
    assert _having(got, "audit/prod") == {"prod"}


GO_LIB_SPLIT = {
    "main.go": GO_MAIN.replace(
        'import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
        'import (\n\t"app/lib"\n\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)',
    ).replace("baseStack(ctx)", "lib.Base(ctx)"),
    "audit.go": GO_SPLIT["audit.go"],
    "lib/base.go": 'package lib\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    "func Base(ctx *pulumi.Context) error {\n"
    '\t_, err := pulumi.NewStackReference(ctx, "acme/net/base", nil)\n\treturn err\n}\n',
}
"""`GO_SPLIT` with `baseStack` the exported `Base` of the package `app/lib`, which main.go calls as `lib.Base`."""


def test_go_exported_function_of_another_package_runs_where_it_is_called(tmp_path: Path) -> None:
    got = _repo(tmp_path, "go", GO_LIB_SPLIT)
    assert got == {"base": {"net/base"}, "dev": set(), "prod": {"audit/prod"}}


PY_SPLIT = {
    "__main__.py": "import pulumi\nimport stacks\nfrom audit import audit_stack as audit\n\n"
    'if pulumi.get_stack() == "base":\n    stacks.base_stack()\n'
    'elif pulumi.get_stack() == "prod":\n    audit()\n',
    "stacks.py": 'import pulumi\n\n\ndef base_stack():\n    pulumi.StackReference("acme/net/base")\n',
    "audit.py": 'import pulumi\n\n\ndef ref(name):\n    return pulumi.StackReference(f"acme/{name}")\n\n\n'
    'def audit_stack():\n    ref("audit/prod")\n',
}
"""A Python program whose stack functions are each in a module of its own, called from `__main__.py` per stack
(one imported under another name)."""


def test_python_functions_of_other_modules_run_for_the_stacks_their_calls_are_made_for(tmp_path: Path) -> None:
    """Before, `base_stack` (named nowhere else in stacks.py) gave every stack its reference, and the helper call in
    `audit_stack` gave base and dev an edge to audit/prod."""
    got = _repo(tmp_path, "python", PY_SPLIT)
    assert got == {"base": {"net/base"}, "dev": set(), "prod": {"audit/prod"}}


def test_python_function_re_exported_by_a_package_runs_where_it_is_called(tmp_path: Path) -> None:
    files = {
        "__main__.py": 'import pulumi\nimport envs\n\nif pulumi.get_stack() == "base":\n    envs.base_stack()\n',
        "envs/__init__.py": "from .stacks import base_stack\n",
        "envs/stacks.py": PY_SPLIT["stacks.py"],
    }
    assert _having(_repo(tmp_path, "python", files), "net/base") == {"base"}


PY_SPLIT_KEPT = {
    "a value in another module": {"later.py": "from stacks import base_stack as b\n\nhooks = [b]\n"},
    "a call with no test": {"later.py": "import stacks\n\nstacks.base_stack()\n"},
    "the module used as a value": {"later.py": 'import stacks\n\ngetattr(stacks, "base" + "_stack")()\n'},
    "never called": {"__main__.py": PY_SPLIT["__main__.py"].replace("stacks.base_stack()", "pass")},
}
"""Modules added to (or replacing those of) `PY_SPLIT` that leave `base_stack`'s reference to every stack
(`later.py` is imported by `__main__.py` in each)."""


@pytest.mark.parametrize("case", sorted(PY_SPLIT_KEPT))
def test_python_function_of_another_module_run_otherwise_keeps_every_stack(tmp_path: Path, case: str) -> None:
    files = {**PY_SPLIT, **PY_SPLIT_KEPT[case]}
    if "later.py" in files:
        files["__main__.py"] = "import later\n" + files["__main__.py"]
    got = _repo(tmp_path, "python", files)
    assert _having(got, "net/base") == EVERY
    assert _having(got, "audit/prod") == {"prod"}


TS_SPLIT = {
    "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport { baseStack as base } from "./stacks";\n'
    'import * as audit from "./audit";\n\nswitch (pulumi.getStack()) {\n'
    '    case "base":\n        base();\n        break;\n    case "prod":\n        audit.auditStack();\n}\n',
    "stacks.ts": 'import * as pulumi from "@pulumi/pulumi";\n\n'
    'export function baseStack() {\n    return new pulumi.StackReference("acme/net/base");\n}\n',
    "audit.ts": 'import * as pulumi from "@pulumi/pulumi";\n\n'
    "const ref = (name: string) => new pulumi.StackReference(`acme/${name}`);\n\n"
    'export const auditStack = () => ref("audit/prod");\n',
}
"""A TypeScript program whose stack functions are each exported by a module of its own and called from `index.ts`
per stack (one imported under another name, one through a namespace)."""


def test_ts_functions_of_other_modules_run_for_the_stacks_their_calls_are_made_for(tmp_path: Path) -> None:
    """Before, an exported `baseStack` gave every stack its reference (dev and prod got an edge to net/base), and
    the helper call in `auditStack` gave base and dev one to audit/prod."""
    got = _repo(tmp_path, "nodejs", TS_SPLIT)
    assert got == {"base": {"net/base"}, "dev": set(), "prod": {"audit/prod"}}


def test_ts_function_re_exported_by_a_barrel_runs_where_it_is_called(tmp_path: Path) -> None:
    files = {
        **TS_SPLIT,
        "index.ts": TS_SPLIT["index.ts"].replace('from "./stacks"', 'from "./envs"'),
        "envs/index.ts": 'export { baseStack } from "../stacks";\n',
    }
    assert _having(_repo(tmp_path, "nodejs", files), "net/base") == {"base"}


TS_SPLIT_KEPT = {
    "a value in another module": {
        "later.ts": 'import { baseStack } from "./stacks";\n\nexport const hooks = { baseStack };\n'
    },
    "a call with no test": {"later.ts": 'import * as stacks from "./stacks";\n\nstacks.baseStack();\n'},
    "the module used as a value": {
        "later.ts": 'import * as stacks from "./stacks";\n\nObject.values(stacks).forEach((f) => f());\n'
    },
    "a default export": {
        "stacks.ts": TS_SPLIT["stacks.ts"].replace("export function baseStack", "export default function baseStack"),
        "index.ts": TS_SPLIT["index.ts"].replace("{ baseStack as base }", "base"),
    },
    "never called": {"index.ts": TS_SPLIT["index.ts"].replace("base();", "")},
}
"""Modules added to (or replacing those of) `TS_SPLIT` that leave `baseStack`'s reference to every stack
(`later.ts` is imported by `index.ts` in each)."""


@pytest.mark.parametrize("case", sorted(TS_SPLIT_KEPT))
def test_ts_function_of_another_module_run_otherwise_keeps_every_stack(tmp_path: Path, case: str) -> None:
    files = {**TS_SPLIT, **TS_SPLIT_KEPT[case]}
    if "later.ts" in files:
        files["index.ts"] = 'import "./later";\n' + files["index.ts"]
    got = _repo(tmp_path, "nodejs", files)
    assert _having(got, "net/base") == EVERY
    opened = case == "the module used as a value"  # a module object as a value: any module's, any function
    assert _having(got, "audit/prod") == (EVERY if opened else {"prod"})


def test_ts_functions_of_one_name_in_two_modules_each_run_where_their_calls_are(tmp_path: Path) -> None:
    """`base.deploy()` under `if`, `env.deploy()` in its `else`: each module's own declaration of `deploy` is no use
    of the other's (was: read as a value use, so both references counted for every stack)."""
    module = (
        'import * as pulumi from "@pulumi/pulumi";\n\nexport function deploy() {{\n'
        '    return new pulumi.StackReference("acme/{}");\n}}\n'
    )
    files = {
        "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport * as base from "./base";\n'
        'import * as env from "./env";\n\nif (pulumi.getStack() === "base") {\n    base.deploy();\n} else {\n'
        "    env.deploy();\n}\n",
        "base.ts": module.format("net/base"),
        "env.ts": module.format("audit/prod"),
    }
    got = _repo(tmp_path, "nodejs", files)
    assert got == {"base": {"net/base"}, "dev": {"audit/prod"}, "prod": {"audit/prod"}}
