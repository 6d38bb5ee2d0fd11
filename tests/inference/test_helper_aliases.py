"""A helper (a function whose parameter builds a StackReference's name) called without its name as the callee of a
call the linker sees: given another name (`const f = r.net`, `g = ref`, `f := lib.Ref`), stored in an object, a
dict, an array or a struct, returned, run through `net.call(..)` / `.apply` / `.bind` (TS/JS), `ref.__call__`, used
as a decorator or a parameter's default (Python), given as an argument (Go). Each such use is now a call with every
parameter unknown: the site gets an unresolved reference saying which use escapes (file:line), besides what the
calls written out resolve (escaped.py of each front-end, go_escaped.py).

Was: the site was resolved from the calls written out alone, `f("zzz")` dropped without a word: the scan claimed
the targets were exactly {data} while the program also referenced zzz. Guards: a re-export under another name is
followed; a name read without handing the function on (a type, a test, text, `ref.__name__`) adds nothing; a Go
function given to `pulumi.Run` adds nothing to a site that reads no parameter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

TS_LIB = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    "export function net(name: string) { return new pulumi.StackReference(`organization/${name}/dev`); }\n"
)
TS_HERE = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    "function net(n: string) { return new pulumi.StackReference(`organization/${n}/dev`); }\n"
)
CJS_LIB = (
    'const pulumi = require("@pulumi/pulumi");\n'
    "function net(name) { return new pulumi.StackReference(`organization/${name}/dev`); }\n"
)
PY_LIB = 'import pulumi\ndef ref(name):\n    return pulumi.StackReference(f"organization/{name}/dev")\n'
GO_MOD = "module app\n\ngo 1.21\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.100.0\n"
GO_LIB = (
    'package lib\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    "func Ref(ctx *pulumi.Context, name string) (*pulumi.StackReference, error) {\n"
    '\treturn pulumi.NewStackReference(ctx, "organization/"+name+"/dev", nil)\n}\n'
)
GO_HEAD = 'package main\n\nimport (\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\t"app/lib"\n)\n\n'
GO_REF = (
    "func ref(ctx *pulumi.Context, name string) {\n"
    '\tpulumi.NewStackReference(ctx, "organization/"+name+"/dev", nil)\n}\n\n'
)


def _go_run(body: str) -> str:
    return (
        GO_HEAD + "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n" + body + "\t\treturn nil\n\t})\n}\n"
    )


def _ts(index: str) -> dict[str, str]:
    return {"lib/refs.ts": TS_LIB, "app/index.ts": index}


def _go(main: str, **more: str) -> dict[str, str]:
    return {"app/go.mod": GO_MOD, "app/lib/lib.go": GO_LIB, "app/main.go": main, **more}


USED = (
    "cannot resolve 'organization/<?>/dev' via the call at {}: '{}' used as a value there (`{}`), the calls made with "
    "it are not followed"
)

CASES: dict[str, tuple[str, dict[str, str], list[tuple[str, str]]]] = {
    "ts imported namespace member, another name": (
        "nodejs",
        _ts('import * as r from "../lib/refs";\nr.net("data");\nconst f = r.net;\nf("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "r.net", "f = r.net"))],
    ),
    "ts imported name, another name": (
        "nodejs",
        _ts('import { net } from "../lib/refs";\nnet("data");\nconst g = net;\ng("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "net", "g = net"))],
    ),
    "ts destructured from the namespace": (
        "nodejs",
        _ts('import * as r from "../lib/refs";\nr.net("data");\nconst { net } = r;\nnet("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "r.net", "{ net } = r"))],
    ),
    "ts in an object": (
        "nodejs",
        _ts('import { net } from "../lib/refs";\nnet("data");\nconst o = { net };\no.net("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "net", "o = { net }"))],
    ),
    "ts in an array": (
        "nodejs",
        _ts('import { net } from "../lib/refs";\nnet("data");\nconst fs = [net];\nfs[0]("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "net", "fs = [net]"))],
    ),
    "ts call": (
        "nodejs",
        _ts('import { net } from "../lib/refs";\nnet("data");\nnet.call(undefined, "zzz");\n'),
        [
            ("lib/refs.ts:2", "data/dev"),
            ("lib/refs.ts:2", USED.format("app/index.ts:3", "net", "net.call(undefined, ...)")),
        ],
    ),
    "ts bind": (
        "nodejs",
        _ts('import { net } from "../lib/refs";\nnet("data");\nconst b = net.bind(null);\nb("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "net", "net.bind(null)"))],
    ),
    "ts returned": (
        "nodejs",
        _ts('import * as r from "../lib/refs";\nr.net("data");\nfunction get() { return r.net; }\nget()("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", USED.format("app/index.ts:3", "r.net", "return r.net;"))],
    ),
    "ts function of the file, another name": (
        "nodejs",
        {"app/index.ts": TS_HERE + 'net("data");\nconst f = net;\nf("zzz");\n'},
        [("app/index.ts:2", "data/dev"), ("app/index.ts:2", USED.format("app/index.ts:4", "net", "f = net"))],
    ),
    "ts function of the file, exported in an object": (
        "nodejs",
        {"app/index.ts": TS_HERE + 'net("data");\nexport const o = { net: net };\n'},
        [("app/index.ts:2", "data/dev"), ("app/index.ts:2", USED.format("app/index.ts:4", "net", "o = { net: net }"))],
    ),
    "ts guard: re-exported under another name, names read without handing the function on": (
        "nodejs",
        {
            "lib/refs.ts": TS_LIB,
            "lib/other.ts": 'export { net as netRef } from "./refs";\n',
            "app/index.ts": 'import { net } from "../lib/refs";\nimport { netRef } from "../lib/other";\n'
            'netRef("data");\nnet("zzz");\nlet t: typeof net;\nif (net === undefined) { console.log(`${net}`); }\n'
            "console.log(net.name);\n",
        },
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", "zzz/dev")],
    ),
    "js CommonJS export under another name": (
        "nodejs",
        {
            "lib/refs.js": CJS_LIB + "module.exports = { net, netRef: net };\n",
            "app/index.js": 'const r = require("../lib/refs");\nr.net("data");\nr.netRef("zzz");\n',
        },
        [
            ("lib/refs.js:2", "data/dev"),
            ("lib/refs.js:2", USED.format("lib/refs.js:3", "net", "module.exports = { net, netRef: net }")),
        ],
    ),
    "js guard: CommonJS exports under the function's own name": (
        "nodejs",
        {
            "lib/refs.js": CJS_LIB + "module.exports = { net: net };\nexports.net = net;\nmodule.exports.net = net;\n",
            "app/index.js": 'const r = require("../lib/refs");\nr.net("data");\n',
        },
        [("lib/refs.js:2", "data/dev")],
    ),
    "py imported module member, another name": (
        "python",
        {"app/refs.py": PY_LIB, "app/__main__.py": 'import refs\nrefs.ref("data")\nf = refs.ref\nf("zzz")\n'},
        [
            ("app/refs.py:3", "data/dev"),
            ("app/refs.py:3", USED.format("app/__main__.py:3", "refs.ref", "f = refs.ref")),
        ],
    ),
    "py imported name under an alias, another name": (
        "python",
        {"app/refs.py": PY_LIB, "app/__main__.py": 'from refs import ref as r2\nr2("data")\nx = r2\nx("zzz")\n'},
        [("app/refs.py:3", "data/dev"), ("app/refs.py:3", USED.format("app/__main__.py:3", "r2", "x = r2"))],
    ),
    "py in a dict": (
        "python",
        {
            "app/refs.py": PY_LIB,
            "app/__main__.py": 'from refs import ref\nref("data")\nd = {"a": ref}\nd["a"]("zzz")\n',
        },
        [("app/refs.py:3", "data/dev"), ("app/refs.py:3", USED.format("app/__main__.py:3", "ref", "d = {...: ref}"))],
    ),
    "py function of the file, in a list": (
        "python",
        {"app/__main__.py": PY_LIB + 'ref("data")\nfs = [ref]\nfs[0]("zzz")\n'},
        [
            ("app/__main__.py:3", "data/dev"),
            ("app/__main__.py:3", USED.format("app/__main__.py:5", "ref", "fs = [ref]")),
        ],
    ),
    "py function of the file, returned": (
        "python",
        {"app/__main__.py": PY_LIB + 'ref("data")\ndef get():\n    return ref\nget()("zzz")\n'},
        [
            ("app/__main__.py:3", "data/dev"),
            ("app/__main__.py:3", USED.format("app/__main__.py:6", "ref", "return ref")),
        ],
    ),
    "py a parameter's default": (
        "python",
        {"app/__main__.py": PY_LIB + 'ref("data")\ndef build(make=ref):\n    return make("zzz")\nbuild()\n'},
        [("app/__main__.py:3", "data/dev"), ("app/__main__.py:3", USED.format("app/__main__.py:5", "ref", "ref"))],
    ),
    "py __call__": (
        "python",
        {"app/__main__.py": PY_LIB + 'ref("data")\nref.__call__("zzz")\n'},
        [
            ("app/__main__.py:3", "data/dev"),
            ("app/__main__.py:3", USED.format("app/__main__.py:5", "ref", "ref.__call__(...)")),
        ],
    ),
    "py guard: names read without handing the function on": (
        "python",
        {
            "app/__main__.py": PY_LIB
            + 'ref("data")\nprint(ref.__name__, f"{ref}")\nif ref is None:\n    pass\nx: ref = None\nref("zzz")\n'
        },
        [("app/__main__.py:3", "data/dev"), ("app/__main__.py:3", "zzz/dev")],
    ),
    "go imported package function, another name": (
        "go",
        _go(_go_run('\t\tlib.Ref(ctx, "data")\n\t\tf := lib.Ref\n\t\tf(ctx, "zzz")\n')),
        [
            ("app/lib/lib.go:6", "data/dev"),
            ("app/lib/lib.go:6", USED.format("app/main.go:11", "lib.Ref", "f := lib.Ref")),
        ],
    ),
    "go package variable in another file": (
        "go",
        _go(
            _go_run('\t\tlib.Ref(ctx, "data")\n\t\tother(ctx, "zzz")\n'),
            **{
                "app/other.go": GO_HEAD.replace('\t"app/lib"\n', '\t"app/lib"\n')
                + "var h = lib.Ref\n\nfunc other(ctx *pulumi.Context, n string) {\n\th(ctx, n)\n}\n"
            },
        ),
        [
            ("app/lib/lib.go:6", "data/dev"),
            ("app/lib/lib.go:6", USED.format("app/other.go:8", "lib.Ref", "h = lib.Ref")),
        ],
    ),
    "go function of the file, another name and an argument": (
        "go",
        _go(
            GO_HEAD.replace('\t"app/lib"\n', "")
            + GO_REF
            + 'func apply(ctx *pulumi.Context, f func(*pulumi.Context, string)) {\n\tf(ctx, "web")\n}\n\n'
            + 'func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tref(ctx, "data")\n'
            + '\t\tg := ref\n\t\tg(ctx, "zzz")\n\t\tapply(ctx, ref)\n\t\tfs := []func(*pulumi.Context, string){ref}\n'
            + '\t\tfs[0](ctx, "zzz")\n\t\treturn nil\n\t})\n}\n'
        ),
        [
            ("app/main.go:8", "data/dev"),
            ("app/main.go:8", USED.format("app/main.go:18", "ref", "g := ref")),
            ("app/main.go:8", USED.format("app/main.go:20", "ref", "apply(ctx, ref)")),
            ("app/main.go:8", USED.format("app/main.go:21", "ref", "[]func(*pulumi.Context, string){ref}")),
        ],
    ),
    "go guard: a function given to pulumi.Run": (
        "go",
        _go(
            GO_HEAD.replace('\t"app/lib"\n', "")
            + "func run(ctx *pulumi.Context) error {\n"
            + '\tpulumi.NewStackReference(ctx, "organization/data/dev", nil)\n\treturn nil\n}\n\n'
            + "func main() {\n\tpulumi.Run(run)\n}\n"
        ),
        [("app/main.go:8", "data/dev")],
    ),
}


def _scan(root: Path, runtime: str, files: dict[str, str]) -> list[tuple[str, str]]:
    """Scan projects data, zzz and app (stack dev each) with `files`: app's references, each site with its target
    or the reason it is unresolved."""
    for name in ("data", "zzz", "app"):
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime if name == 'app' else 'yaml'}\n")
        (root / name / "Pulumi.dev.yaml").write_text("config: {}\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    return sorted((r["site"], r["target_id"] or r["reason"]) for r in refs if r["project_path"] == "app")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_helper_used_as_a_value_is_never_dropped(tmp_path: Path, case: str) -> None:
    runtime, files, expected = CASES[case]
    assert _scan(tmp_path, runtime, files) == sorted(expected)


def test_the_reference_of_the_task_is_reported(tmp_path: Path) -> None:
    """The repository of the report: `plan` and `scan` show the drop no longer (the unresolved reference is a
    diagnostic of the scan, and zzz is no longer claimed to be unreferenced by app)."""
    files = _ts('import * as r from "../lib/refs";\nr.net("data");\nconst f = r.net;\nf("zzz");\n')
    _scan(tmp_path, "nodejs", files)
    found = json.loads(cli("scan", tmp_path, "-f", "json").stdout)
    assert [(e["from"], e["to"]) for e in found["edges"]] == [("app/dev", "data/dev")]
    assert [d["message"] for d in found["diagnostics"]] == [
        f"StackReference for app/dev: {USED.format('app/index.ts:3', 'r.net', 'f = r.net')}"
    ]
