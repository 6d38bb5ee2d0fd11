"""A StackReference made in a loop over `enumerate(..)` or `zip(..)` of literal collections (Python), or over an
array's own `.entries()`, `.keys()` or `.values()` (TS/JS), is one reference per item, as over the collection itself
(test_loop_references.py); `zip` pairs items by position and stops at the shortest. A named list or array read
elsewhere only through what leaves it as it is (Python `len(..)`, `x in NAMES`, `enumerate`/`zip`/`sorted`; TS
`.entries()`, `.concat(..)`, `.at(..)`, `.length`..) is still followed. These were all unresolved before ('not a
literal list', 'an array changed or passed on'). What stays unresolved, saying why: an index read in the name (it
would read as text: `i + 1`), a `zip` of a value not written, a set zipped (no known order), a builtin shadowed, a
list or array changed (`.append`, `.push`, `.sort`, `names.length = 0`, a callback given the array itself)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_loop_references import details, edges, reasons, scan

FOLLOWED = {
    "python-enumerate": (
        "python",
        'refs = {}\nfor i, name in enumerate(["net", "data"]):\n'
        '    refs[name] = pulumi.StackReference(f"acme/{name}/{stack}")\n',
        ["data/dev", "net/dev"],
    ),
    "python-enumerate-of-a-name-read-elsewhere": (
        "python",
        'NAMES = ["net", "data"]\nif len(NAMES) > 1 and "net" in NAMES:\n    pass\n'
        'for n, name in enumerate(NAMES, start=1):\n    pulumi.StackReference(f"acme/{name}/{stack}")\n',
        ["data/dev", "net/dev"],
    ),
    "python-zip-pairs-by-position": (
        "python",
        'for name, env in zip(["net", "data"], ["dev", "prod"]):\n    pulumi.StackReference(f"acme/{name}/{env}")\n',
        ["data/prod", "net/dev"],
    ),
    "python-zip-of-names-in-a-comprehension-stops-at-the-shortest": (
        "python",
        'PROJECTS = ("net", "data", "a")\nENVS = ["dev", "prod"]\ndef main():\n'
        '    return [pulumi.StackReference(f"acme/{p}/{e}") for p, e in zip(PROJECTS, ENVS, strict=False)]\n'
        "main()\n",
        ["data/prod", "net/dev"],
    ),
    "python-enumerate-of-dict-values": (
        "python",
        'refs = {i: pulumi.StackReference(f"acme/{v}/{stack}")\n'
        '        for i, v in enumerate({"n": "net", "d": "data"}.values())}\n',
        ["data/dev", "net/dev"],
    ),
    "ts-entries-of-a-name-also-mapped": (
        "nodejs",
        'const names = ["net", "data"];\n'
        "const rs = names.map((n) => new pulumi.StackReference(`acme/${n}/${env}`));\n"
        "for (const [i, n] of names.entries()) {\n    refs[n] = new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-values-of-a-literal": (
        "nodejs",
        'for (const n of ["net", "data"].values()) {\n    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n',
        ["data/dev", "net/dev"],
    ),
    "ts-entries-skipping-the-index": (
        "nodejs",
        'const names = ["net", "data"];\nfor (const [, n] of names.entries()) {\n'
        "    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-members-that-leave-the-array-as-it-is": (
        "nodejs",
        'const names = ["net", "data"];\nconst all = names.concat(["x"]);\nconst first = names.at(0);\n'
        'const i = names.findIndex((n) => n === "net");\nif (names.length > 1) { console.log(names.toString()); }\n'
        "for (const n of names) {\n    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
}


@pytest.mark.parametrize(("runtime", "body", "want"), list(FOLLOWED.values()), ids=list(FOLLOWED))
def test_a_loop_over_enumerate_zip_or_entries_gives_one_edge_per_item(
    tmp_path: Path, runtime: str, body: str, want: list[str]
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert (edges(doc), reasons(doc)) == (want, [])


def test_the_evidence_of_a_zip_names_both_items(tmp_path: Path) -> None:
    body = 'for name, env in zip(["net", "data"], ["dev", "prod"]):\n    pulumi.StackReference(f"acme/{name}/{env}")\n'
    found = details(scan(tmp_path, "python", body))
    assert any('for name, env = "net", "dev" at app/__main__.py:3' in d for d in found), found
    assert any('for name, env = "data", "prod" at app/__main__.py:3' in d for d in found), found


UNRESOLVED = {
    "python-an-index-read": (
        "python",
        'for i, name in enumerate(["net", "data"]):\n    pulumi.StackReference(f"acme/{name}-{i}/{stack}")\n',
        "whose index 'i' (of `enumerate`) is not followed",
    ),
    "python-zip-of-a-value-not-written": (
        "python",
        'def envs():\n    return ["dev", "prod"]\nfor n, e in zip(["net", "data"], envs()):\n'
        '    pulumi.StackReference(f"acme/{n}/{e}")\n',
        "over a value that is not a literal list, tuple, set or dict",
    ),
    "python-a-set-zipped": (
        "python",
        'for n, e in zip({"net", "data"}, ["dev", "prod"]):\n    pulumi.StackReference(f"acme/{n}/{e}")\n',
        "a set's order is not known",
    ),
    "python-enumerate-shadowed": (
        "python",
        "def enumerate(xs):\n    return [(0, x) for x in xs if x != 'net']\n"
        'for i, n in enumerate(["net", "data"]):\n    pulumi.StackReference(f"acme/{n}/{stack}")\n',
        "over a value that is not a literal list, tuple, set or dict",
    ),
    "python-a-list-appended-then-zipped": (
        "python",
        'NAMES = ["net"]\nNAMES.append("data")\nfor n, e in zip(NAMES, ["dev", "prod"]):\n'
        '    pulumi.StackReference(f"acme/{n}/{e}")\n',
        "over 'NAMES', a list, set or dict changed or passed on",
    ),
    "python-zip-into-one-name": (
        "python",
        'for pair in zip(["net", "data"], ["dev", "prod"]):\n    pulumi.StackReference(f"acme/{pair}/{stack}")\n',
        "whose items are not each 1 values",
    ),
    "ts-an-index-read": (
        "nodejs",
        'for (const [i, n] of ["net", "data"].entries()) {\n'
        "    new pulumi.StackReference(`acme/${n}-${i + 1}/${env}`);\n}\n",
        "whose index 'i' (of `.entries()`) is not followed",
    ),
    "ts-pushed": (
        "nodejs",
        'const names = ["net"];\nnames.push("data");\nfor (const [, n] of names.entries()) {\n'
        "    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        "over 'names', an array changed or passed on",
    ),
    "ts-sorted-in-place": (
        "nodejs",
        'const names = ["net", "data"];\nnames.sort();\n'
        "names.map((n) => new pulumi.StackReference(`acme/${n}/${env}`));\n",
        "over 'names', an array changed or passed on",
    ),
    "ts-length-set": (
        "nodejs",
        'const names = ["net", "data"];\nnames.length = 0;\n'
        "for (const n of names) {\n    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        "over 'names', an array changed or passed on",
    ),
    "ts-a-callback-given-the-array": (
        "nodejs",
        'const names = ["net"];\nnames.forEach((n, i, all) => { if (i === 0) { all.push("data"); } });\n'
        "for (const n of names) {\n    new pulumi.StackReference(`acme/${n}/${env}`);\n}\n",
        "over 'names', an array changed or passed on",
    ),
}


@pytest.mark.parametrize(("runtime", "body", "why"), list(UNRESOLVED.values()), ids=list(UNRESOLVED))
def test_a_spread_loop_that_may_not_bind_each_item_stays_unresolved(
    tmp_path: Path, runtime: str, body: str, why: str
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert edges(doc) == []
    (reason,) = set(reasons(doc))
    assert why in reason, reason
    assert "bound by a loop" in reason and "app/" in reason, reason
