"""A module of the program imported as a namespace (TS `import * as r`, `const r = require(..)`; Python `import refs`,
`import lib.refs as r`, `from lib import refs`) used as a value other than reading a member of it: given another
name (`const m = r`), passed (`use(r)`, `getattr(refs, "ref")`, `vars(refs)`), stored, exported (`export { r }`),
its `__dict__` read. The calls made with it are not followed, so each such use is a call with every parameter
unknown of each function the module gives: the site of each helper of the module gets an unresolved reference
saying which use escapes (file:line), and the keys read on a helper's result may not all be known.

Was: the site was resolved from the calls written out alone (`r.net("data")`), `m.net("zzz")` dropped without a
word. Guards: a read of a member of the module (`r.net`, the type `r.Net`, `typeof r`), a test, text, a parameter
of the same name, and a module without helpers add nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.inference.test_helper_aliases import CJS_LIB, PY_LIB, TS_LIB, _scan

AS_VALUE = (
    "cannot resolve 'organization/<?>/dev' via the call at {}: the module '{}' used as a value there (`{}`), the calls "
    "of its functions made with it are not followed"
)
CONSTS_TS = "export const region = 'eu-west-1';\n"
CONSTS_PY = 'REGION = "eu-west-1"\n'


def _ts(index: str) -> dict[str, str]:
    return {"lib/refs.ts": TS_LIB, "lib/consts.ts": CONSTS_TS, "app/index.ts": index}


def _py(main: str) -> dict[str, str]:
    return {"app/lib/__init__.py": "", "app/lib/refs.py": PY_LIB, "app/consts.py": CONSTS_PY, "app/__main__.py": main}


TS_IMPORT = 'import * as r from "../lib/refs";\nr.net("data");\n'
PY_SITE = "app/lib/refs.py:3"

CASES: dict[str, tuple[str, dict[str, str], list[tuple[str, str]]]] = {
    "ts namespace under another name": (
        "nodejs",
        _ts(TS_IMPORT + 'const m = r;\nm.net("zzz");\n'),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", AS_VALUE.format("app/index.ts:3", "r", "m = r"))],
    ),
    "ts namespace as an argument, stored, a subscript": (
        "nodejs",
        _ts(TS_IMPORT + 'use(r);\nconst o = { r };\nr["net"]("zzz");\nfunction use(x: unknown) { return x; }\n'),
        [
            ("lib/refs.ts:2", "data/dev"),
            ("lib/refs.ts:2", AS_VALUE.format("app/index.ts:3", "r", "use(r)")),
            ("lib/refs.ts:2", AS_VALUE.format("app/index.ts:4", "r", "o = { r }")),
            ("lib/refs.ts:2", AS_VALUE.format("app/index.ts:5", "r", "r[...](...);")),
        ],
    ),
    "ts namespace exported": (
        "nodejs",
        _ts(TS_IMPORT + "export { r };\n"),
        [("lib/refs.ts:2", "data/dev"), ("lib/refs.ts:2", AS_VALUE.format("app/index.ts:3", "r", "export { r };"))],
    ),
    "js required module under another name": (
        "nodejs",
        {
            "lib/refs.js": CJS_LIB + "module.exports = { net };\n",
            "app/index.js": 'const r = require("../lib/refs");\nr.net("data");\nconst m = r;\nm.net("zzz");\n',
        },
        [("lib/refs.js:2", "data/dev"), ("lib/refs.js:2", AS_VALUE.format("app/index.js:3", "r", "m = r"))],
    ),
    "ts guard: members, types, typeof, tests, text, a parameter, a module without helpers": (
        "nodejs",
        _ts(
            TS_IMPORT + 'import * as c from "../lib/consts";\nuse(c);\nlet t: r.Net | undefined;\n'
            "let u: typeof r | undefined;\nif (r === undefined) { console.log(`${r}`); }\n"
            "function use(r: unknown) { return r; }\nconsole.log(r.net.name, t, u);\n"
        ),
        [("lib/refs.ts:2", "data/dev")],
    ),
    "py module under another name": (
        "python",
        _py('import lib.refs as refs\nrefs.ref("data")\nm = refs\nm.ref("zzz")\n'),
        [(PY_SITE, "data/dev"), (PY_SITE, AS_VALUE.format("app/__main__.py:3", "refs", "m = refs"))],
    ),
    "py module from a package, getattr, vars, an argument, __dict__": (
        "python",
        _py(
            'from lib import refs\nrefs.ref("data")\ngetattr(refs, "ref")("zzz")\nprint(vars(refs))\n'
            'use(m=refs)\nrefs.__dict__["ref"]("zzz")\n'
        ),
        [
            (PY_SITE, "data/dev"),
            (PY_SITE, AS_VALUE.format("app/__main__.py:3", "refs", "getattr(refs, ...)(...)")),
            (PY_SITE, AS_VALUE.format("app/__main__.py:4", "refs", "print(vars(refs))")),
            (PY_SITE, AS_VALUE.format("app/__main__.py:5", "refs", "use(m=refs)")),
            (PY_SITE, AS_VALUE.format("app/__main__.py:6", "refs", "refs.__dict__[...](...)")),
        ],
    ),
    "py guard: attributes, tests, text, an annotation, a parameter, a module without helpers": (
        "python",
        _py(
            'import lib.refs as refs\nimport consts\nrefs.ref("data")\nprint(consts)\nx: refs.Ref = None\n'
            'if refs is None:\n    print(f"{refs}", refs.ref.__name__)\ndef use(refs):\n    return [refs]\n'
        ),
        [(PY_SITE, "data/dev")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_module_used_as_a_value_opens_its_helpers(tmp_path: Path, case: str) -> None:
    runtime, files, expected = CASES[case]
    assert _scan(tmp_path, runtime, files) == sorted(expected)


def test_the_reference_of_the_task_is_reported(tmp_path: Path) -> None:
    """The program of the report: `m.net("zzz")` and `use(r)` are no longer dropped (each is a diagnostic)."""
    _scan(
        tmp_path,
        "nodejs",
        _ts(TS_IMPORT + 'const m = r;\nm.net("zzz");\nuse(r);\ndeclare function use(x: unknown): void;\n'),
    )
    found = json.loads(cli("scan", tmp_path, "-f", "json").stdout)
    assert [(e["from"], e["to"]) for e in found["edges"]] == [("app/dev", "data/dev")]
    assert [d["message"] for d in found["diagnostics"]] == [
        f"StackReference for app/dev: {AS_VALUE.format('app/index.ts:3', 'r', 'm = r')}",
        f"StackReference for app/dev: {AS_VALUE.format('app/index.ts:5', 'r', 'use(r)')}",
    ]


READER_PY = 'import pulumi\ndef net():\n    return pulumi.StackReference("organization/data/dev")\n'


def test_keys_read_on_a_helper_result_through_the_module_as_a_value_are_open(tmp_path: Path) -> None:
    """A helper of a constant name whose result's keys are read: `m.net().get_output("b")` after `m = refs` is not
    followed, so the keys read may not be all (was: only `a`, without a word)."""
    files = {"app/refs.py": READER_PY, "app/__main__.py": 'import refs\na = refs.net().get_output("a")\nm = refs\n'}
    _scan(tmp_path, "python", files)
    found = json.loads(cli("scan", tmp_path, "-f", "json").stdout)
    [ref] = [r for r in found["references"] if r["project_path"] == "app"]
    assert (ref["target_id"], ref["outputs"], ref["reads_open"]) == (
        "data/dev",
        ["a"],
        "the module 'refs' used as a value there (`m = refs`), the calls of its functions made with it are not "
        "followed",
    )
