"""A StackReference made in a loop over a literal dict or object is one reference per entry, as over a literal list
(test_loop_references.py): Python `for k, v in {..}.items()` (also `.keys()`, `.values()`, the dict itself, in a
comprehension, through a name given the dict once); TS/JS `Object.entries({..}).forEach(([k, v]) => ..)`, `for (const
[k, v] of Object.entries(..))`, `Object.keys`/`Object.values`, `for (const k in {..})`, an array of arrays unpacked;
Go `for k, v := range map[string]string{..}`; and a member of items that are literal objects, dicts or structs (TS/JS
`for (const p of [{name: "net"}, ..])` reading `p.name`, `deps.map(({ name }) => ..)`; Python `p["name"]`; Go
`d.Project`). An entry that may be hidden, added or changed (a computed or repeated key, a `...spread`, the object
changed or passed on, `Object` not the global one, an item's member written) or a loop that may skip one stays
unresolved, saying why and where. These were all 'a value bound by a loop' (or not a literal list, 'a run-time value
(p.name)', 'an item of a run-time value') before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_loop_references import edges, reasons, scan

FOLLOWED = {
    "python-items": (
        "python",
        'for name, env in {"net": "dev", "data": "prod"}.items():\n    pulumi.StackReference(f"acme/{name}/{env}")\n',
        ["data/prod", "net/dev"],
    ),
    "python-comprehension-over-items": (
        "python",
        'refs = {k: pulumi.StackReference(f"acme/{v}/{stack}") for k, v in {"n": "net", "d": "data"}.items()}\n',
        ["data/dev", "net/dev"],
    ),
    "python-the-dict-itself": (
        "python",
        'for name in {"net": 1, "data": 2}:\n    pulumi.StackReference(f"acme/{name}/{stack}")\n',
        ["data/dev", "net/dev"],
    ),
    "python-keys": (
        "python",
        'for name in {"net": 1, "data": 2}.keys():\n    pulumi.StackReference(f"acme/{name}/{stack}")\n',
        ["data/dev", "net/dev"],
    ),
    "python-values": (
        "python",
        'for p in {"n": "net", "d": "data"}.values():\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        ["data/dev", "net/dev"],
    ),
    "python-a-module-dict-in-a-function": (
        "python",
        'PROJECTS = {"n": "net", "d": "data"}\nfirst = PROJECTS.get("n")\ndef main():\n'
        '    return [pulumi.StackReference(f"acme/{p}/{stack}") for p in PROJECTS.values()]\nmain()\n',
        ["data/dev", "net/dev"],
    ),
    "python-items-of-dict-items": (
        "python",
        'for p in [{"name": "net", "env": "dev"}, {"name": "data", "env": "prod"}]:\n'
        "    pulumi.StackReference(f\"acme/{p['name']}/{p['env']}\")\n",
        ["data/prod", "net/dev"],
    ),
    "python-items-in-a-comprehension-over-a-name": (
        "python",
        'DEPS = [{"project": "net"}, {"project": "data"}]\ndef main():\n'
        '    return {d["project"]: pulumi.StackReference(f"acme/{d[\'project\']}/{stack}") for d in DEPS}\nmain()\n',
        ["data/dev", "net/dev"],
    ),
    "python-items-of-dict-values": (
        "python",
        'for k, v in {"a": {"project": "net"}, "b": {"project": "data"}}.items():\n'
        "    pulumi.StackReference(f\"acme/{v['project']}/{stack}\")\n",
        ["data/dev", "net/dev"],
    ),
    "ts-entries-foreach": (
        "nodejs",
        'Object.entries({net: "dev", "data": "prod"}).forEach(([name, e]) => {\n'
        "    new pulumi.StackReference(`acme/${name}/${e}`);\n});\n",
        ["data/prod", "net/dev"],
    ),
    "ts-for-of-entries-of-a-name": (
        "nodejs",
        'const P = { n: "net", d: "data" };\nconst first = P.n;\nfor (const [k, v] of Object.entries(P)) {\n'
        "    refs[k] = new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-keys": (
        "nodejs",
        "for (const k of Object.keys({ net: 1, data: 2 })) {\n    new pulumi.StackReference(`acme/${k}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-values-map": (
        "nodejs",
        'Object.values({ n: "net", d: "data" }).map((v) => new pulumi.StackReference(`acme/${v}/${env}`));\n',
        ["data/dev", "net/dev"],
    ),
    "ts-for-in": (
        "nodejs",
        "for (const k in { net: 1, data: 2 }) {\n    new pulumi.StackReference(`acme/${k}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-array-of-pairs": (
        "nodejs",
        'for (const [name, e] of [["net", "dev"], ["data", "prod"]]) {\n'
        "    new pulumi.StackReference(`acme/${name}/${e}`);\n}\n",
        ["data/prod", "net/dev"],
    ),
    "ts-a-skipped-position": (
        "nodejs",
        'for (const [, v] of Object.entries({ n: "net", d: "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-shorthand-member": (
        "nodejs",
        'const net = "net";\nfor (const v of Object.values({ net, d: "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        ["data/dev", "net/dev"],
    ),
    "ts-a-callback-in-an-entries-callback": (
        "nodejs",
        'Object.entries({ n: "net", d: "data" }).forEach(([k, v]) => {\n'
        '    ["x", "y"].forEach((q) => new pulumi.StackReference(`acme/${v}-${q}/${env}`));\n});\n',
        ["acme/data-x/dev", "acme/data-y/dev", "acme/net-x/dev", "acme/net-y/dev"],
    ),
    "ts-members-of-object-items": (
        "nodejs",
        'for (const p of [{ name: "net", e: "dev" }, { name: "data", e: "prod" }]) {\n'
        "    new pulumi.StackReference(`acme/${p.name}/${p.e}`);\n}\n",
        ["data/prod", "net/dev"],
    ),
    "ts-members-in-a-map-over-a-name": (
        "nodejs",
        'const DEPS = [{ project: "net" }, { project: "data" }];\n'
        "export const deps = DEPS.map((d) => new pulumi.StackReference(`acme/${d.project}/${env}`));\n",
        ["data/dev", "net/dev"],
    ),
    "ts-members-of-object-values": (
        "nodejs",
        'Object.values({ a: { project: "net" }, b: { project: "data" } }).forEach((v) => {\n'
        "    new pulumi.StackReference(`acme/${v.project}/${env}`);\n});\n",
        ["data/dev", "net/dev"],
    ),
    "ts-members-in-nested-loops": (
        "nodejs",
        'for (const p of [{ name: "net" }, { name: "data" }]) {\n    for (const q of ["x", "y"]) {\n'
        "        new pulumi.StackReference(`acme/${p.name}-${q}/${env}`);\n    }\n}\n",
        ["acme/data-x/dev", "acme/data-y/dev", "acme/net-x/dev", "acme/net-y/dev"],
    ),
    "ts-an-object-pattern-in-a-for-of": (
        "nodejs",
        'for (const { name, env: e } of [{ name: "net", env: "dev" }, { name: "data", env: "prod" }]) {\n'
        "    new pulumi.StackReference(`acme/${name}/${e}`);\n}\n",
        ["data/prod", "net/dev"],
    ),
    "ts-an-object-pattern-in-a-map-over-a-name": (
        "nodejs",
        'const DEPS = [{ project: "net" }, { project: "data" }];\n'
        "export const deps = DEPS.map(({ project }) => new pulumi.StackReference(`acme/${project}/${env}`));\n",
        ["data/dev", "net/dev"],
    ),
    "go-map-value": (
        "go",
        '\t\tfor _, v := range map[string]string{"n": "net", "d": "data"} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", v, ctx.Stack()), nil)\n\t\t}\n',
        ["data/dev", "net/dev"],
    ),
    "go-map-key": (
        "go",
        '\t\tfor k := range map[string]bool{"net": true, "data": true} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+k+"/"+ctx.Stack(), nil)\n\t\t}\n',
        ["data/dev", "net/dev"],
    ),
    "go-fields-of-struct-items": (
        "go",
        "\t\tfor _, d := range []struct{ Project, Env string }{\n"
        '\t\t\t{Project: "net", Env: "dev"}, {Project: "data", Env: "prod"}} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", d.Project, d.Env), nil)\n\t\t}\n',
        ["data/prod", "net/dev"],
    ),
    "go-a-named-map-key-and-value": (
        "go",
        '\t\tenvs := map[string]string{"net": "dev", "data": "prod"}\n\t\t_ = len(envs)\n'
        '\t\tfor name, e := range envs {\n\t\t\tpulumi.NewStackReference(ctx, "acme/"+name+"/"+e, nil)\n\t\t}\n',
        ["data/prod", "net/dev"],
    ),
}


@pytest.mark.parametrize(("runtime", "body", "want"), list(FOLLOWED.values()), ids=list(FOLLOWED))
def test_a_loop_over_a_literal_dict_gives_one_edge_per_entry(
    tmp_path: Path, runtime: str, body: str, want: list[str]
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert (edges(doc), reasons(doc)) == (want, [])


UNRESOLVED = {
    "python-a-repeated-key": (
        "python",
        'for k, v in {"a": "net", "a": "data"}.items():\n    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "over a dict whose keys are not distinct constants",
    ),
    "python-keys-that-are-names": (
        "python",
        'x = "a"\ny = "a"\nfor k, v in {x: "net", y: "data"}.items():\n'
        '    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "over a dict whose keys are not distinct constants",
    ),
    "python-a-spread": (
        "python",
        'B = {"x": "net"}\nfor v in {**B, "y": "data"}.values():\n    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "over a dict whose keys are not distinct constants (or with a `**spread`)",
    ),
    "python-an-item-set": (
        "python",
        'D = {"a": "net"}\nD["b"] = "data"\nfor k, v in D.items():\n    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "over 'D', a list, set or dict changed or passed on",
    ),
    "python-updated": (
        "python",
        'D = {"a": "net"}\nD.update(b="data")\nfor v in D.values():\n    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "over 'D', a list, set or dict changed or passed on",
    ),
    "python-items-in-one-name": (
        "python",
        'for kv in {"a": "net"}.items():\n    pulumi.StackReference(f"acme/{kv}/{stack}")\n',
        "whose items are not each 1 values",
    ),
    "python-a-continue-on-the-key": (
        "python",
        'for k, v in {"a": "net", "b": "data"}.items():\n    if k == "a":\n        continue\n'
        '    pulumi.StackReference(f"acme/{v}/{stack}")\n',
        "whose exit at line 5 depends on the loop variable",
    ),
    "python-an-item-changed-elsewhere": (
        "python",
        'DEPS = [{"project": "net"}]\nDEPS[0]["project"] = "data"\nfor d in DEPS:\n'
        "    pulumi.StackReference(f\"acme/{d['project']}/{stack}\")\n",
        "over 'DEPS', read elsewhere: the items of its items may change",
    ),
    "python-an-item-set-in-the-body": (
        "python",
        'for p in [{"name": "net"}]:\n    p["name"] = "data"\n'
        "    pulumi.StackReference(f\"acme/{p['name']}/{stack}\")\n",
        "whose variable 'p' is used at line 4 but to read an item",
    ),
    "python-a-dict-passed-on-in-the-body": (
        "python",
        'for p in [{"name": "net"}]:\n    change(p)\n    pulumi.StackReference(f"acme/{p[\'name\']}/{stack}")\n',
        "whose variable 'p' is used at line 4 but to read an item",
    ),
    "python-a-dict-without-the-key": (
        "python",
        'for p in [{"name": "net"}, {"other": "data"}]:\n    pulumi.StackReference(f"acme/{p[\'name\']}/{stack}")\n',
        "whose items are not each a dict with 'name'",
    ),
    "ts-a-repeated-key": (
        "nodejs",
        'for (const [k, v] of Object.entries({ a: "net", "a": "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "over an object with the key 'a' twice",
    ),
    "ts-a-computed-key": (
        "nodejs",
        'const n = "a";\nfor (const v of Object.values({ [n]: "net", b: "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "over an object with a computed or numeric key, a method or a `...spread`",
    ),
    "ts-a-spread": (
        "nodejs",
        'const B = { x: "net" };\nfor (const v of Object.values({ ...B, b: "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "over an object with a computed or numeric key, a method or a `...spread`",
    ),
    "ts-a-proto-member": (
        "nodejs",
        'for (const v of Object.values({ __proto__: "net", b: "data" })) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "over an object with a `__proto__`",
    ),
    "ts-a-member-set": (
        "nodejs",
        'const P: any = { a: "net" };\nP.b = "data";\nfor (const [k, v] of Object.entries(P)) {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "over 'P', an object changed or passed on",
    ),
    "ts-passed-on": (
        "nodejs",
        'const P: any = { a: "net" };\ngrow(P);\nObject.entries(P).forEach(([k, v]) => {\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n});\n",
        "over 'P', an object changed or passed on",
    ),
    "ts-object-not-the-global-one": (
        "nodejs",
        'const Object = { entries: (o: any) => [["a", "data"]] };\n'
        'for (const [k, v] of Object.entries({ a: "net" })) {\n    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n',
        "over a value that is not a literal array (nor a literal object's entries)",
    ),
    "ts-a-continue-on-the-key": (
        "nodejs",
        'for (const [k, v] of Object.entries({ a: "net", b: "data" })) {\n    if (k === "a") continue;\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "whose exit at line 5 depends on the loop variable",
    ),
    "ts-a-return-in-an-entries-callback": (
        "nodejs",
        'Object.entries({ a: "net", b: "data" }).forEach(([k, v]) => {\n    if (k === "a") return;\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n});\n",
        "whose exit at line 5 depends on the loop variable",
    ),
    "ts-for-in-over-an-array": (
        "nodejs",
        'for (const k in ["net", "data"]) {\n    new pulumi.StackReference(`acme/${k}/${env}`);\n}\n',
        "over a value that is not a literal object",
    ),
    "ts-a-hole": (
        "nodejs",
        'for (const p of ["net", , "data"]) {\n    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n',
        "over an array with a `...spread` or a hole",
    ),
    "ts-entries-not-unpacked": (
        "nodejs",
        'for (const e of Object.entries({ a: "net" })) {\n    new pulumi.StackReference(`acme/${e}/${env}`);\n}\n',
        "whose items are [key, value] pairs",
    ),
    "ts-strings-unpacked": (
        "nodejs",
        '["ne", "da"].forEach(([x, y]) => {\n    new pulumi.StackReference(`acme/${x}${y}/${env}`);\n});\n',
        "whose items are not each an array of 2 values",
    ),
    "ts-assigned-in-the-body": (
        "nodejs",
        'for (let [k, v] of Object.entries({ a: "net" })) {\n    v = "data";\n'
        "    new pulumi.StackReference(`acme/${v}/${env}`);\n}\n",
        "whose variable 'v' is assigned in its body at line 5",
    ),
    "ts-an-item-changed-elsewhere": (
        "nodejs",
        'const DEPS = [{ project: "net" }];\nDEPS[0].project = "data";\nfor (const d of DEPS) {\n'
        "    new pulumi.StackReference(`acme/${d.project}/${env}`);\n}\n",
        "over 'DEPS', read elsewhere: the members of its items may change",
    ),
    "ts-a-member-written-in-the-body": (
        "nodejs",
        'for (const p of [{ name: "net" }]) {\n    p.name = "data";\n'
        "    new pulumi.StackReference(`acme/${p.name}/${env}`);\n}\n",
        "whose variable 'p' is used at line 5 but to read a member",
    ),
    "ts-an-item-passed-on": (
        "nodejs",
        'for (const p of [{ name: "net" }]) {\n    change(p);\n'
        "    new pulumi.StackReference(`acme/${p.name}/${env}`);\n}\n",
        "whose variable 'p' is used at line 5 but to read a member",
    ),
    "ts-a-member-written-in-a-callback": (
        "nodejs",
        '[{ name: "net" }].forEach((d) => {\n    d.name = "data";\n'
        "    new pulumi.StackReference(`acme/${d.name}/${env}`);\n});\n",
        "whose variable 'd' is used at line 5 but to read a member",
    ),
    "ts-an-item-without-the-member": (
        "nodejs",
        'for (const p of [{ name: "net" }, { other: "data" }]) {\n'
        "    new pulumi.StackReference(`acme/${p.name}/${env}`);\n}\n",
        "whose items are not each an object with 'name'",
    ),
    "ts-an-object-pattern-of-a-missing-member": (
        "nodejs",
        '[{ project: "net" }, { other: "data" }].forEach(({ project }) => {\n'
        "    new pulumi.StackReference(`acme/${project}/${env}`);\n});\n",
        "whose items are not each an object with 'project'",
    ),
    "ts-an-object-pattern-over-items-changed-elsewhere": (
        "nodejs",
        'const DEPS = [{ project: "net" }];\nDEPS[0].project = "data";\n'
        "DEPS.forEach(({ project }) => new pulumi.StackReference(`acme/${project}/${env}`));\n",
        "over 'DEPS', read elsewhere: the members of its items may change",
    ),
    "go-keys-that-are-names": (
        "go",
        '\t\tx, y := "a", "a"\n\t\tfor _, v := range map[string]string{x: "net", y: "data"} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+v+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over a map whose keys are not distinct literal strings",
    ),
    "go-an-item-set": (
        "go",
        '\t\tm := map[string]string{"a": "net"}\n\t\tm["b"] = "data"\n\t\tfor _, v := range m {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+v+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over 'm', a map changed or passed on",
    ),
    "go-deleted": (
        "go",
        '\t\tm := map[string]bool{"net": true, "data": true}\n\t\tdelete(m, "net")\n\t\tfor k := range m {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+k+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over 'm', a map changed or passed on",
    ),
    "go-a-field-written-in-the-body": (
        "go",
        '\t\tfor _, d := range []struct{ Project string }{{Project: "net"}} {\n\t\t\td.Project = "data"\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+d.Project+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "whose variable 'd' is used at line 12 but to read a field",
    ),
    "go-an-item-changed-elsewhere": (
        "go",
        '\t\tdeps := []struct{ Project string }{{Project: "net"}}\n\t\tdeps[0].Project = "data"\n'
        "\t\tfor _, d := range deps {\n"
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+d.Project+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over 'deps', read elsewhere: the fields of its items may change",
    ),
    "go-struct-items-without-field-names": (
        "go",
        '\t\tfor _, d := range []struct{ Project string }{{"net"}} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+d.Project+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "whose items are not each a struct literal with 'Project' written",
    ),
    "go-a-continue-on-the-key": (
        "go",
        '\t\tfor k, v := range map[string]string{"a": "net", "b": "data"} {\n\t\t\tif k == "a" {\n'
        '\t\t\t\tcontinue\n\t\t\t}\n\t\t\tpulumi.NewStackReference(ctx, "acme/"+v+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "whose exit at line 13 depends on the loop variable",
    ),
}


@pytest.mark.parametrize(("runtime", "body", "why"), list(UNRESOLVED.values()), ids=list(UNRESOLVED))
def test_a_loop_that_may_not_bind_each_entry_stays_unresolved(
    tmp_path: Path, runtime: str, body: str, why: str
) -> None:
    doc = scan(tmp_path, runtime, body)
    assert edges(doc) == []
    (reason,) = set(reasons(doc))
    assert why in reason, reason
    assert "bound by a loop" in reason and "app/" in reason, reason
