"""Methods of a TS/JS class as helpers: `Refs.of("data")` (static) and `refs.ref("net")` on `const refs = new
Refs("organization")` bind the method's parameters, and `this.org` set by the constructor from its parameters takes
the `new` call's argument, when EVERY call of the method is seen in the file. Both sites were unresolved ("helper
parameter 'name' (no call with a known argument)"). A class exported, extended, reached through `this` or used as a
value, or an object of it handed on (exported, re-exported through a barrel, stored in an object, passed to a
function), keeps its sites unresolved naming why: a call made elsewhere could give them any name (an earlier attempt
bound the one call it saw and dropped the others without a word)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

HEAD = 'import * as pulumi from "@pulumi/pulumi";\n'
REFS = (
    "class Refs {\n"
    "    constructor(private org: string) {}\n"
    "    ref(name: string) { return new pulumi.StackReference(`${this.org}/${name}/${pulumi.getStack()}`); }\n"
    "    static of(name: string) { return new pulumi.StackReference(`organization/${name}/${pulumi.getStack()}`); }\n"
    "}\n"
)  # the sites are at lines 4 (`ref`) and 5 (`of`) of a file starting with HEAD


def _scan(tmp_path: Path, files: dict[str, str]) -> tuple[set[tuple[str, str, str]], dict[str, list[str]]]:
    """Scan projects app (nodejs, with `files`), net and data (stack dev each): the edges with the evidence's
    file:line, and each site's targets (or reasons it is unresolved), sorted."""
    for name in ("app", "net", "data"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {'nodejs' if name == 'app' else 'yaml'}\n")
        (folder / "Pulumi.dev.yaml").write_text("config: {}\n")
    for rel, text in files.items():
        (tmp_path / "app" / rel).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)
    edges = {(e["from"], e["to"], f"{e['evidence'][0]['file']}:{e['evidence'][0]['line']}") for e in found["edges"]}
    refs: dict[str, list[str]] = {}
    for r in found["references"]:
        refs.setdefault(r["site"], []).append(r["target_id"] or f"unresolved: {r['reason']}")
    return edges, {k: sorted(v) for k, v in refs.items()}


def test_a_static_and_an_instance_method_bind_their_calls(tmp_path: Path) -> None:
    main = (
        HEAD + REFS + 'const refs = new Refs("organization");\nconst net = refs.ref("net");\n'
        'const data = Refs.of("data");\nexport const x = net.getOutput("vpc");\n'
    )
    edges, refs = _scan(tmp_path, {"index.ts": main})
    assert edges == {("app/dev", "net/dev", "app/index.ts:4"), ("app/dev", "data/dev", "app/index.ts:5")}
    assert refs == {"app/index.ts:4": ["net/dev"], "app/index.ts:5": ["data/dev"]}
    out = json.loads(cli("scan", tmp_path, "-f", "json").stdout)
    assert {r["site"]: r["outputs"] for r in out["references"]} == {"app/index.ts:4": ["vpc"], "app/index.ts:5": []}
    assert sorted(e["evidence"][0]["detail"] for e in out["edges"]) == [
        "StackReference(`${this.org}/${name}/${pulumi.getStack()}`) via the call at app/index.ts:8",
        "StackReference(`organization/${name}/${pulumi.getStack()}`) via the call at app/index.ts:9",
    ]


NO_CALL = (
    "unresolved: cannot resolve 'organization/<name>/dev': helper parameter 'name' (no call with a known argument)"
)

BOUND = {  # (the program, its instance method's site): each binds `ref` to "net" with org "organization"
    "new, then a call": (HEAD + REFS + 'new Refs("organization").ref("net");\n', "app/index.ts:4"),
    "this.org = org in the constructor": (
        HEAD
        + REFS.replace("constructor(private org: string) {}", "constructor(org: string) { this.org = org; }")
        + 'const refs = new Refs("organization");\nrefs.ref("net");\n',
        "app/index.ts:4",
    ),
    "the constructor's default": (
        HEAD + REFS.replace("private org: string", 'private org = "organization"') + "new Refs().ref(`net`);\n",
        "app/index.ts:4",
    ),
    "a class implementing an interface": (
        HEAD.replace("\n", "\ninterface Named { ref(name: string): unknown }\n", 1)
        + REFS.replace("class Refs {", "class Refs implements Named {")
        + 'new Refs("organization").ref("net");\n',
        "app/index.ts:5",
    ),
    "in the entry function": (
        HEAD + REFS + 'export = async () => {\n    const refs = new Refs("organization");\n    refs.ref("net");\n};\n',
        "app/index.ts:4",
    ),
    "a function passing the object's argument on": (
        HEAD + REFS + 'function run(org: string) {\n    const refs = new Refs(org);\n    return refs.ref("net");\n}\n'
        'run("organization");\n',
        "app/index.ts:4",
    ),
    "a method passing this.org to a function": (
        HEAD
        + "function mk(o: string, n: string) { return new pulumi.StackReference(`${o}/${n}/dev`); }\n"
        + REFS.replace(
            "ref(name: string) { return new pulumi.StackReference(`${this.org}/${name}/${pulumi.getStack()}`); }",
            'ref() { return mk(this.org, "net"); }',
        )
        + 'const refs = new Refs("organization");\nrefs.ref();\n',
        "app/index.ts:2",
    ),
}


@pytest.mark.parametrize("case", sorted(BOUND))
def test_an_instance_method_binds_this_field_from_the_new(tmp_path: Path, case: str) -> None:
    main, site = BOUND[case]
    edges, refs = _scan(tmp_path, {"index.ts": main})
    assert {(f, t) for f, t, _ in edges} == {("app/dev", "net/dev")}
    assert refs[site] == ["net/dev"]
    assert [v for k, v in refs.items() if k != site] == [[NO_CALL]]  # `of`, never called: reported


def test_javascript_class(tmp_path: Path) -> None:
    main = (
        'const pulumi = require("@pulumi/pulumi");\nclass Refs {\n  constructor(org) { this.org = org; }\n'
        "  ref(name) { return new pulumi.StackReference(`${this.org}/${name}/dev`); }\n}\n"
        'const refs = new Refs("organization");\nrefs.ref("net");\nrefs.ref("data");\n'
    )
    edges, refs = _scan(tmp_path, {"index.js": main})
    assert edges == {("app/dev", "net/dev", "app/index.js:4"), ("app/dev", "data/dev", "app/index.js:4")}
    assert refs == {"app/index.js:4": ["data/dev", "net/dev"]}


def test_a_field_set_in_a_branch_of_the_constructor_stays_a_run_time_value(tmp_path: Path) -> None:
    main = (
        HEAD
        + REFS.replace(
            "constructor(private org: string) {}", "constructor(org: string) { if (org) { this.org = org; } }"
        )
        + 'const refs = new Refs("organization");\nrefs.ref("net");\n'
    )
    edges, refs = _scan(tmp_path, {"index.ts": main})
    assert edges == set()
    assert refs["app/index.ts:4"] == [
        "unresolved: cannot resolve '<?>/net/dev' via the call at app/index.ts:8: a run-time value (this.org)"
    ]


def _open(method: str, why: str, field: bool) -> str:
    """The reason a site of a method of an open class is unresolved."""
    name = "'<?>/<?>/dev': a run-time value (this.org); " if field else "'organization/<?>/dev': "
    return f"unresolved: cannot resolve {name}a parameter of {method}, whose calls are not all seen ({why})"


CALLER = "import { Refs } from './index';\nnew Refs('organization').ref('data');\nRefs.of('net');\n"
OPEN = {  # (files, why the methods of the class in the first file are not all seen)
    "class exported, used from another file": (
        {"index.ts": HEAD + "export " + REFS + 'new Refs("organization").ref("net");\nRefs.of("net");\n',
         "other.ts": CALLER},
        "the class Refs is exported at app/index.ts:2",
    ),
    "object exported": (
        {"index.ts": HEAD + REFS + 'export const refs = new Refs("organization");\nrefs.ref("net");\n',
         "other.ts": "import { refs } from './index';\nrefs.ref('data');\n"},
        "the object `refs` of Refs is exported at app/index.ts:7",
    ),
    "object re-exported through a barrel": (
        {"refs.ts": HEAD + REFS + 'const refs = new Refs("organization");\nrefs.ref("net");\nexport { refs };\n',
         "lib.ts": 'export { refs } from "./refs";\n',
         "index.ts": 'import { refs } from "./lib";\nrefs.ref("data");\n'},
        "`refs` at app/refs.ts:9 hands on the object `refs` of Refs",
    ),
    "object stored in an object another module reads": (
        {"refs.ts": HEAD + REFS + 'const refs = new Refs("organization");\nrefs.ref("net");\n'
         "export const lib = { x: { y: refs } };\n",
         "index.ts": 'import { lib } from "./refs";\nlib.x.y.ref("data");\n'},
        "`y: refs` at app/refs.ts:9 hands on the object `refs` of Refs",
    ),
    "object passed to a function": (
        {"index.ts": HEAD + REFS + 'const refs = new Refs("organization");\nrefs.ref("net");\nsetup(refs);\n'},
        "`(refs)` at app/index.ts:9 hands on the object `refs` of Refs",
    ),
    "subclass overriding the method": (
        {"index.ts": HEAD + REFS + "class Sub extends Refs {\n    ref(name: string) { return super.ref(name); }\n}\n"
         'new Refs("organization").ref("net");\nnew Sub("organization").ref("data");\n'},
        "`extends Refs` at app/index.ts:7 uses the class Refs otherwise than calling its own methods",
    ),
    "method called through this": (
        {"index.ts": HEAD + REFS[:-2] + '    all() { return this.ref("data"); }\n}\n'
         + 'const refs = new Refs("organization");\nrefs.ref("net");\nrefs.all();\n'},
        "`this.ref` at app/index.ts:6 (the calls of a method from its own class are not followed)",
    ),
    "object kept in a field of another class (`this.refs.ref(..)`)": (
        {"index.ts": HEAD + REFS + "class App {\n    refs: Refs;\n"
         '    constructor() { this.refs = new Refs("organization"); this.refs.ref("net"); }\n}\nnew App();\n'},
        "an object of Refs made at app/index.ts:9 is handed on (`this.refs = new Refs(...)`)",
    ),
    "name bound again (a parameter)": (
        {"index.ts": HEAD + REFS + 'const refs = new Refs("organization");\nrefs.ref("net");\n'
         'export function f(refs: any) { return refs.ref("data"); }\n'},
        "`refs: any` at app/index.ts:9 hands on the object `refs` of Refs",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(OPEN))
def test_a_method_whose_calls_are_not_all_seen_stays_unresolved_naming_why(tmp_path: Path, case: str) -> None:
    files, why = OPEN[case]
    edges, refs = _scan(tmp_path, files)
    file = next(iter(files))
    assert edges == set()  # no edge from the one call seen: the others may name any stack
    assert refs[f"app/{file}:4"] == [_open("Refs.prototype.ref()", why, field=True)]
    assert refs[f"app/{file}:5"] == [_open("Refs.of()", why, field=False)]
