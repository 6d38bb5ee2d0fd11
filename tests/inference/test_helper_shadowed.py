"""A call through a parameter (or a local variable, a loop variable, a nested function) that has the name of a
helper of the program is no call of that helper: `def build(make): return make("dev")` calls what `build` is given.
It was taken for a call of the imported or module-level `make`, and made the wrong edge `app/dev -> net/dev`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

REFS_PY = 'import pulumi\ndef make(stack):\n    return pulumi.StackReference(f"acme/net/{stack}")\n'
OTHER_PY = 'def other(stack):\n    return pulumi.StackReference(f"acme/data/{stack}")\n'
REFS_TS = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    "export function make(stack: string) {\n    return new pulumi.StackReference(`acme/net/${stack}`);\n}\n"
)
OTHER_TS = "function other(stack: string) {\n    return new pulumi.StackReference(`acme/data/${stack}`);\n}\n"


def _scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """Scan projects app (with `files`), net and data, each with stack dev: the edges, and each site's target or
    the reason it is unresolved."""
    (tmp_path / "stackgraph.yaml").write_text("org: acme\n")
    for name in ("app", "net", "data"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        (folder / "Pulumi.dev.yaml").write_text("config: {}\n")
    for rel, text in files.items():
        (tmp_path / "app" / rel).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)
    edges = {(e["from"], e["to"]) for e in found["edges"]}
    refs = {r["site"]: r["target_id"] or f"unresolved: {r['reason']}" for r in found["references"]}
    return edges, refs


NO_CALL = "unresolved: cannot resolve 'acme/{}/<stack>': helper parameter 'stack' (no call with a known argument)"

PY_SHADOWED = {  # (the body, whether `make` is imported from refs.py; else defined in the file above it)
    "parameter, imported helper": ("from refs import make\ndef build(make):\n    return make('dev')\n", True),
    "parameter, helper of the file": ("def build(make):\n    return make('dev')\n", False),
    "keyword-only parameter": ("from refs import make\ndef build(*, make):\n    return make('dev')\n", True),
    "lambda parameter": ("from refs import make\nbuild = lambda make: make('dev')\n", True),
    "local variable": ("def build():\n    make = other\n    return make('dev')\n", False),
    "loop variable": ("def build():\n    for make in (other,):\n        make('dev')\n", False),
    "nested def": ("def build():\n    def make(s):\n        return s\n    return make('dev')\n", False),
    "comprehension variable": ("def build():\n    return [make('dev') for make in [other]]\n", False),
}


@pytest.mark.parametrize("case", sorted(PY_SHADOWED))
def test_python_a_call_through_a_local_name_is_not_the_helper(tmp_path: Path, case: str) -> None:
    body, imported = PY_SHADOWED[case]
    main = "import pulumi\n" + (body if imported else REFS_PY.split("\n", 1)[1] + body) + OTHER_PY
    files = {"__main__.py": main, "refs.py": REFS_PY} if imported else {"__main__.py": main}
    edges, refs = _scan(tmp_path, "python", files)
    assert edges == set()
    data = NO_CALL.format("data")
    if case in PY_OTHER_AS_VALUE:  # `make('dev')` runs `other`, used as a value there (escaped.py): not followed
        use = PY_OTHER_AS_VALUE[case]
        data = _other_used("app/__main__.py:5", use)
    assert set(refs.values()) == {NO_CALL.format("net"), data}


PY_OTHER_AS_VALUE = {"local variable": "make = other", "loop variable": "(other,)", "comprehension variable": "[other]"}


def test_python_a_call_through_a_parameter_does_not_name_a_stack(tmp_path: Path) -> None:
    """The same in a name: `make` is `build`'s parameter, not the imported function giving "acme/net/dev"."""
    helpers = "def make(stack):\n    return f'acme/net/{stack}'\n"
    main = "import pulumi\nfrom names import make\ndef build(make):\n    return pulumi.StackReference(make('dev'))\n"
    edges, refs = _scan(tmp_path, "python", {"__main__.py": main, "names.py": helpers})
    assert edges == set()
    assert list(refs.values()) == [
        "unresolved: cannot resolve '<?>': the result of make(), a parameter of the function at app/__main__.py:3 "
        "(not followed)"
    ]


PY_PLAIN = {
    "module level, imported": "from refs import make\nr = make('dev')\n",
    "in a function, imported": "from refs import make\ndef build(env):\n    return make(env)\nr = build('dev')\n",
    "in a function, its own import": "def build():\n    from refs import make\n    return make('dev')\nbuild()\n",
    "in a function with another parameter": "from refs import make\ndef build(other):\n    return make('dev')\n",
}


@pytest.mark.parametrize("case", sorted(PY_PLAIN))
def test_python_a_helper_called_by_its_name_still_binds(tmp_path: Path, case: str) -> None:
    edges, refs = _scan(tmp_path, "python", {"__main__.py": "import pulumi\n" + PY_PLAIN[case], "refs.py": REFS_PY})
    assert edges == {("app/dev", "net/dev")}
    assert refs == {"app/refs.py:3": "net/dev"}


IMPORT_TS = 'import { make } from "./refs";\n'
FILE_HELPER_TS = REFS_TS.split("\n", 1)[1].replace("export ", "")
TS_SHADOWED = {  # (the body, whether `make` is imported from refs.ts; else defined in the file above it)
    "parameter, imported helper": ("function build(make: (s: string) => any) {\n    return make('dev');\n}\n", True),
    "parameter, helper of the file": (
        "function build(make: (s: string) => any) {\n    return make('dev');\n}\n",
        False,
    ),
    "arrow parameter": ("const build = (make: (s: string) => any) => make('dev');\n", True),
    "destructured parameter": ("function build({ make }: { make: (s: string) => any }) {\n    make('dev');\n}\n", True),
    "local const": ("function build() {\n    const make = other;\n    return make('dev');\n}\n", True),
    "local const, helper of the file": (
        "function build() {\n    const make = other;\n    return make('dev');\n}\n",
        False,
    ),
    "loop variable": ("function build() {\n    for (const make of [other]) {\n        make('dev');\n    }\n}\n", True),
    "nested function": (
        "function build() {\n    function make(s: string) {\n        return s;\n    }\n    return make('dev');\n}\n",
        True,
    ),
}


@pytest.mark.parametrize("case", sorted(TS_SHADOWED))
def test_typescript_a_call_through_a_local_name_is_not_the_helper(tmp_path: Path, case: str) -> None:
    body, imported = TS_SHADOWED[case]
    head = 'import * as pulumi from "@pulumi/pulumi";\n' + (IMPORT_TS if imported else FILE_HELPER_TS)
    files = {"index.ts": head + body + OTHER_TS}
    edges, refs = _scan(tmp_path, "nodejs", {**files, "refs.ts": REFS_TS} if imported else files)
    assert edges == set()
    data = NO_CALL.format("data")
    if case in TS_OTHER_AS_VALUE:  # `make('dev')` runs `other`, used as a value there (escaped.py): not followed
        at, use = TS_OTHER_AS_VALUE[case]
        data = _other_used(f"app/index.ts:{at}", use)
    assert set(refs.values()) == {NO_CALL.format("net"), data}


USED = "used as a value there (`{}`), the calls made with it are not followed"


def _other_used(where: str, use: str) -> str:
    """The reason of the data site when `other` is used as a value at `where` (escaped.py): its calls not followed."""
    return f"unresolved: cannot resolve 'acme/data/<?>' via the call at {where}: 'other' {USED.format(use)}"


TS_OTHER_AS_VALUE = {"local const": (4, "make = other"), "local const, helper of the file": (6, "make = other"),
                     "loop variable": (4, "[other]")}  # fmt: skip


def test_typescript_a_call_through_a_parameter_does_not_name_a_stack(tmp_path: Path) -> None:
    helpers = "export function make(stack: string) {\n    return `acme/net/${stack}`;\n}\n"
    main = (
        'import * as pulumi from "@pulumi/pulumi";\nimport { make } from "./names";\n'
        "function build(make: (s: string) => string) {\n    return new pulumi.StackReference(make('dev'));\n}\n"
    )
    edges, refs = _scan(tmp_path, "nodejs", {"index.ts": main, "names.ts": helpers})
    assert edges == set()
    assert list(refs.values()) == [
        "unresolved: cannot resolve '<?>': the result of make(), a name the function at app/index.ts:3 binds"
    ]


TS_PLAIN = {
    "file level, imported": "const r = make('dev');\n",
    "in a function, imported": "function build(env: string) {\n    return make(env);\n}\nconst r = build('dev');\n",
    "in a function with another parameter": "function build(other: string) {\n    return make('dev');\n}\n",
}


@pytest.mark.parametrize("case", sorted(TS_PLAIN))
def test_typescript_a_helper_called_by_its_name_still_binds(tmp_path: Path, case: str) -> None:
    main = 'import * as pulumi from "@pulumi/pulumi";\n' + IMPORT_TS + TS_PLAIN[case]
    edges, refs = _scan(tmp_path, "nodejs", {"index.ts": main, "refs.ts": REFS_TS})
    assert edges == {("app/dev", "net/dev")}
    assert refs == {"app/refs.ts:3": "net/dev"}


GO_HEAD = (
    'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    "type mk = func(*pulumi.Context, string) (*pulumi.StackReference, error)\n\n"
    "func ref(ctx *pulumi.Context, stack string) (*pulumi.StackReference, error) {\n"
    '\treturn pulumi.NewStackReference(ctx, "acme/net/"+stack, nil)\n}\n\n'
    "func other(ctx *pulumi.Context, stack string) (*pulumi.StackReference, error) {\n"
    '\treturn pulumi.NewStackReference(ctx, "acme/data/"+stack, nil)\n}\n\n'
)
GO_MAIN = "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\t{}\n\t\treturn nil\n\t})\n}\n"
GO_SHADOWED = {
    "parameter": ('func build(ctx *pulumi.Context, ref mk) {\n\tref(ctx, "dev")\n}\n', "build(ctx, other)"),
    "local variable": ('func build(ctx *pulumi.Context) {\n\tref := other\n\tref(ctx, "dev")\n}\n', "build(ctx)"),
    "range variable": (
        'func build(ctx *pulumi.Context) {\n\tfor _, ref := range []mk{other} {\n\t\tref(ctx, "dev")\n\t}\n}\n',
        "build(ctx)",
    ),
}


def _go(body: str, run: str) -> dict[str, str]:
    go_mod = "module app\n\ngo 1.21\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.100.0\n"
    return {"go.mod": go_mod, "main.go": GO_HEAD + body + GO_MAIN.replace("{}", run)}


@pytest.mark.parametrize("case", sorted(GO_SHADOWED))
def test_go_a_call_through_a_local_name_is_not_the_helper(tmp_path: Path, case: str) -> None:
    edges, refs = _scan(tmp_path, "go", _go(*GO_SHADOWED[case]))
    assert edges == set()
    at, use = GO_OTHER_AS_VALUE[case]  # `ref(ctx, "dev")` runs `other`, used as a value there (go_escaped.py)
    data = _other_used(f"app/main.go:{at}", use)
    assert set(refs.values()) == {NO_CALL.format("net"), data}


GO_OTHER_AS_VALUE = {"parameter": (20, "build(ctx, other)"), "local variable": (16, "ref := other"),
                     "range variable": (16, "[]mk{other}")}  # fmt: skip


def test_go_a_helper_called_by_its_name_still_binds(tmp_path: Path) -> None:
    body = 'func build(ctx *pulumi.Context, other string) {\n\tref(ctx, "dev")\n}\n'
    edges, refs = _scan(tmp_path, "go", _go(body, 'build(ctx, "x")'))
    assert edges == {("app/dev", "net/dev")}
    assert refs["app/main.go:8"] == "net/dev"


CS_HELPERS = (
    '    static StackReference Make(string stack) => new StackReference($"acme/net/{stack}");\n'
    '    static StackReference Other(string stack) => new StackReference($"acme/data/{stack}");\n'
)
CS_SHADOWED = {
    "delegate parameter": '    static StackReference Build(Func<string, StackReference> Make) => Make("dev");\n',
    "local delegate": (
        "    static StackReference Build()\n    {\n        Func<string, StackReference> Make = Other;\n"
        '        return Make("dev");\n    }\n'
    ),
}


def _cs(body: str) -> dict[str, str]:
    program = (
        "using System;\nusing Pulumi;\n\nclass Program\n{\n"
        + CS_HELPERS
        + body
        + "    static void Main() => Deployment.RunAsync(() => { Build(); });\n}\n"
    )
    return {"Program.cs": program, "App.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'}


@pytest.mark.parametrize("case", sorted(CS_SHADOWED))
def test_csharp_a_call_through_a_delegate_named_like_the_helper_is_not_the_helper(tmp_path: Path, case: str) -> None:
    edges, refs = _scan(tmp_path, "dotnet", _cs(CS_SHADOWED[case]))
    assert edges == set()
    assert set(refs.values()) == {NO_CALL.format("net"), NO_CALL.format("data")}


def test_csharp_a_helper_called_by_its_name_still_binds(tmp_path: Path) -> None:
    edges, refs = _scan(tmp_path, "dotnet", _cs('    static StackReference Build() => Make("dev");\n'))
    assert edges == {("app/dev", "net/dev")}
    assert refs["app/Program.cs:6"] == "net/dev"
