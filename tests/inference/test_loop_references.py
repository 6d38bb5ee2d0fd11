"""A StackReference made in a loop over a literal list is one reference per item (`for p in ["net", "data"]:`,
`[.. for n in ("a", "b")]`, TS `for (const p of [..])` and `[..].map(n => ..)`, Go `range []string{..}`): each
gives its edge, the evidence naming the item. A loop that may not bind every item at the site (the list changed,
a `break`, a test of the variable before the site, the variable assigned in the body) stays unresolved, saying why.
Found on public repositories, where these were all 'a value bound by a loop'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

MAIN = {"python": "__main__.py", "nodejs": "index.ts", "go": "main.go"}
HEAD = {
    "python": "import pulumi\nstack = pulumi.get_stack()\n",
    "nodejs": 'import * as pulumi from "@pulumi/pulumi";\nconst env = pulumi.getStack();\nconst refs: any = {};\n',
    "go": 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n\n'
    "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n",
}
TAIL = {"python": "", "nodejs": "", "go": "\t\treturn nil\n\t})\n}\n"}


def scan(root: Path, runtime: str, body: str) -> dict[str, Any]:
    """Scan a repo whose `app` (stack dev) runs `body` after `HEAD` (the stack in `stack`, `env`, `ctx.Stack()`)."""
    spec: dict[str, object] = {"stackgraph.yaml": "org: acme\n"}
    for name in ("net", "data", "a", "b"):
        spec[f"{name}/Pulumi.yaml"] = project(name)
        spec[f"{name}/Pulumi.dev.yaml"] = stack()
    spec["app/Pulumi.yaml"] = project("app", runtime)
    spec["app/Pulumi.dev.yaml"] = stack()
    whole = body.startswith("package ")  # a Go file of its own (a helper outside `main`)
    spec[f"app/{MAIN[runtime]}"] = body if whole else HEAD[runtime] + body + TAIL[runtime]
    if runtime == "go":
        spec["app/go.mod"] = "module app\n\ngo 1.21\n"
    out = cli("scan", write_repo(root, spec), "-f", "json")
    assert out.code == 0, out.stderr
    doc: dict[str, Any] = json.loads(out.stdout)
    return doc


def edges(doc: dict[str, Any]) -> list[str]:
    return sorted(e["to"] for e in doc["edges"] if e["from"] == "app/dev")


def reasons(doc: dict[str, Any]) -> list[str]:
    return sorted(r["reason"] for r in doc["references"] if not r["resolved"])


def details(doc: dict[str, Any]) -> list[str]:
    return sorted(ev["detail"] for e in doc["edges"] for ev in e["evidence"])


LITERAL = {
    "python": (
        "refs = {}\n"
        'for p in ["net", "data"]:\n'
        '    refs[p] = pulumi.StackReference(f"acme/{p}/{stack}")\n'
        'others = [pulumi.StackReference(f"acme/{n}/{stack}") for n in ("a", "b")]\n'
    ),
    "nodejs": (
        'for (const p of ["net", "data"]) {\n'
        "    refs[p] = new pulumi.StackReference(`acme/${p}/${env}`);\n"
        "}\n"
        'const xs = ["a", "b"].map((n) => new pulumi.StackReference(`acme/${n}/${env}`));\n'
    ),
    "go": (
        '\t\tfor _, p := range []string{"net", "data"} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", p, ctx.Stack()), nil)\n'
        "\t\t}\n"
        '\t\tfor _, n := range [2]string{"a", "b"} {\n'
        '\t\t\tif _, err := pulumi.NewStackReference(ctx, "acme/"+n+"/"+ctx.Stack(), nil); err != nil {\n'
        "\t\t\t\treturn err\n"
        "\t\t\t}\n"
        "\t\t}\n"
    ),
}
NAMED = {
    "python": (
        'NAMES = ["net", "data"]\n'
        "def main():\n"
        "    for p in NAMES:\n"
        '        pulumi.StackReference(f"acme/{p}/{stack}")\n'
        "main()\n"
    ),
    "nodejs": (
        'const NAMES = ["net", "data"];\n'
        "function main() {\n"
        "    for (const p of NAMES) {\n"
        "        new pulumi.StackReference(`acme/${p}/${env}`);\n"
        "    }\n"
        "}\n"
        "main();\n"
    ),
    "go": (
        '\t\tnames := []string{"net", "data"}\n'
        "\t\tfor i, p := range names {\n"
        "\t\t\t_ = names[i]\n"
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n'
        "\t\t}\n"
    ),
}
NESTED = {
    "python": (
        'for p in ["net", "data"]:\n    for q in ["x", "y"]:\n        pulumi.StackReference(f"acme/{p}-{q}/{stack}")\n'
    ),
    "nodejs": (
        'for (const p of ["net", "data"]) {\n'
        '    ["x", "y"].forEach((q) => { new pulumi.StackReference(`acme/${p}-${q}/${env}`); });\n'
        "}\n"
    ),
    "go": (
        '\t\tfor _, p := range []string{"net", "data"} {\n'
        '\t\t\tfor _, q := range []string{"x", "y"} {\n'
        '\t\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"-"+q+"/"+ctx.Stack(), nil)\n'
        "\t\t\t}\n"
        "\t\t}\n"
    ),
}
IN_HELPER = {
    "python": (
        "def refs(env):\n"
        '    return [pulumi.StackReference(f"acme/{p}/{env}") for p in ["net", "data"]]\n'
        'refs("dev")\n'
        'refs("prod")\n'
    ),
    "nodejs": (
        "function refs(e: string) {\n"
        '    return ["net", "data"].map((p) => new pulumi.StackReference(`acme/${p}/${e}`));\n'
        "}\n"
        'refs("dev");\n'
        'refs("prod");\n'
    ),
    "go": (
        'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
        "func refs(ctx *pulumi.Context, e string) {\n"
        '\tfor _, p := range []string{"net", "data"} {\n'
        '\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+e, nil)\n'
        "\t}\n"
        "}\n\n"
        "func main() {\n"
        "\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
        '\t\trefs(ctx, "dev")\n'
        '\t\trefs(ctx, "prod")\n'
        "\t\treturn nil\n"
        "\t})\n"
        "}\n"
    ),
}


@pytest.mark.parametrize("runtime", sorted(LITERAL))
def test_a_loop_over_a_literal_list_gives_one_edge_per_item(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, LITERAL[runtime])
    assert edges(doc) == ["a/dev", "b/dev", "data/dev", "net/dev"]
    assert reasons(doc) == []


@pytest.mark.parametrize("runtime", sorted(NAMED))
def test_a_name_bound_once_to_a_literal_list_is_followed(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, NAMED[runtime])
    assert edges(doc) == ["data/dev", "net/dev"]


@pytest.mark.parametrize("runtime", sorted(NESTED))
def test_nested_loops_give_one_edge_per_pair_of_items(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, NESTED[runtime])
    assert edges(doc) == ["acme/data-x/dev", "acme/data-y/dev", "acme/net-x/dev", "acme/net-y/dev"]


@pytest.mark.parametrize("runtime", sorted(IN_HELPER))
def test_a_loop_in_a_helper_called_twice_gives_each_item_for_each_call(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, IN_HELPER[runtime])
    assert edges(doc) == ["data/dev", "data/prod", "net/dev", "net/prod"]


ITEMS_READ_PARAMETERS = {
    "python": 'def refs(env):\n    for p in [f"net-{env}"]:\n        pulumi.StackReference(f"acme/{p}/dev")\n'
    'refs("a")\nrefs("b")\n',
    "nodejs": "function refs(e: string) {\n    for (const p of [`net-${e}`]) {\n"
    '        new pulumi.StackReference(`acme/${p}/dev`);\n    }\n}\nrefs("a");\nrefs("b");\n',
    "go": 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
    'func refs(ctx *pulumi.Context, e string) {\n\tfor _, p := range []string{"net-" + e} {\n'
    '\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/dev", nil)\n\t}\n}\n\n'
    "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
    '\t\trefs(ctx, "a")\n\t\trefs(ctx, "b")\n\t\treturn nil\n\t})\n}\n',
}


@pytest.mark.parametrize("runtime", sorted(ITEMS_READ_PARAMETERS))
def test_items_that_read_the_parameters_of_a_helper_are_bound_at_each_call(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, ITEMS_READ_PARAMETERS[runtime])
    assert edges(doc) == ["acme/net-a/dev", "acme/net-b/dev"]


READ_BEFORE_THE_LOOP = {  # `n` reads the `p` given before the loop, not the loop's
    "nodejs": 'function main() {\n    const p = "x";\n    const n = `acme/${p}/${env}`;\n'
    '    for (const p of ["net"]) {\n        new pulumi.StackReference(n);\n    }\n'
    '    for (const q of ["data"]) {\n        new pulumi.StackReference(`acme/${q}/${env}`);\n    }\n}\nmain();\n',
    "go": '\t\tp := "x"\n\t\tn := "acme/" + p + "/" + ctx.Stack()\n'
    '\t\tfor _, p := range []string{"net"} {\n\t\t\tpulumi.NewStackReference(ctx, n, nil)\n\t\t}\n'
    '\t\tfor _, q := range []string{"data"} {\n'
    '\t\t\tpulumi.NewStackReference(ctx, "acme/"+q+"/"+ctx.Stack(), nil)\n\t\t}\n',
}


@pytest.mark.parametrize("runtime", sorted(READ_BEFORE_THE_LOOP))
def test_a_read_before_the_loop_is_not_of_its_variable(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, READ_BEFORE_THE_LOOP[runtime])
    assert edges(doc) == ["data/dev"]  # the loop beside is followed; `n` is not the loop's item
    assert len(reasons(doc)) == 1


@pytest.mark.parametrize("runtime", sorted(LITERAL))
def test_the_evidence_names_the_item(tmp_path: Path, runtime: str) -> None:
    doc = scan(tmp_path, runtime, LITERAL[runtime])
    lines = (HEAD[runtime] + LITERAL[runtime]).splitlines()
    at = next(n for n, text in enumerate(lines, 1) if text.lstrip().startswith("for"))
    net = [d for d in details(doc) if '"net"' in d]
    assert len(net) == 1
    assert net[0].endswith(f' for p = "net" at app/{MAIN[runtime]}:{at}'), net


UNRESOLVED = {
    "python-changed": (
        "python",
        'names = ["net"]\nnames.append("data")\nfor p in names:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "over 'names', a list, set or dict changed or passed on",
    ),
    "python-passed-on": (
        "python",
        'names = ["net"]\nmore = names\nfor p in names:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "over 'names', a list, set or dict changed or passed on",
    ),
    "python-bound-twice": (
        "python",
        'names = ["net"]\nnames = ["data"]\nfor p in names:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "over 'names', which is not a literal list, tuple, set or dict given once",
    ),
    "python-break": (
        "python",
        'for p in ["net", "data"]:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n    if p == "net":\n'
        "        break\n",
        "which has a `break` at line 6",
    ),
    "python-continue-on-the-variable": (
        "python",
        'for p in ["net", "data"]:\n    if p == "net":\n        continue\n'
        '    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "whose exit at line 5 depends on the loop variable",
    ),
    "python-if-on-the-variable": (
        "python",
        'for p in ["net", "data"]:\n    name = p.upper()\n    if name != "NET":\n'
        '        pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "whose site at line 6 depends on the loop variable",
    ),
    "python-comprehension-if": (
        "python",
        'refs = [pulumi.StackReference(f"acme/{p}/{stack}") for p in ["net", "data"] if p != "net"]\n',
        "whose `if` at line 3 reads a loop variable",
    ),
    "python-assigned-in-the-body": (
        "python",
        'for p in ["net", "data"]:\n    p = p + "-x"\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "whose variable 'p' is assigned in its body at line 4",
    ),
    "python-not-a-literal": (
        "python",
        'for p in pulumi.Config().require_object("names"):\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',
        "over a value that is not a literal list, tuple, set or dict",
    ),
    "ts-changed": (
        "nodejs",
        'const names = ["net"];\nnames.push("data");\nfor (const p of names) {\n'
        "    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n",
        "over 'names', an array changed or passed on",
    ),
    "ts-map-of-a-changed-array": (
        "nodejs",
        'const names = ["net"];\nnames[1] = "data";\n'
        "names.map((p) => new pulumi.StackReference(`acme/${p}/${env}`));\n",
        "over 'names', an array changed or passed on",
    ),
    "ts-break": (
        "nodejs",
        'for (const p of ["net", "data"]) {\n    new pulumi.StackReference(`acme/${p}/${env}`);\n'
        '    if (p === "net") { break; }\n}\n',
        "which has a `break` at line 6",
    ),
    "ts-continue-on-the-variable": (
        "nodejs",
        'for (const p of ["net", "data"]) {\n    if (p === "net") continue;\n'
        "    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n",
        "whose exit at line 5 depends on the loop variable",
    ),
    "ts-return-in-a-callback": (
        "nodejs",
        '["net", "data"].forEach((p) => {\n    if (p === "net") { return; }\n'
        "    new pulumi.StackReference(`acme/${p}/${env}`);\n});\n",
        "whose exit at line 5 depends on the loop variable",
    ),
    "ts-if-on-the-variable": (
        "nodejs",
        'for (const p of ["net", "data"]) {\n    if (p !== "net") {\n'
        "        new pulumi.StackReference(`acme/${p}/${env}`);\n    }\n}\n",
        "whose site at line 6 depends on the loop variable",
    ),
    "ts-assigned-in-the-body": (
        "nodejs",
        'for (let p of ["net", "data"]) {\n    p = p + "-x";\n    new pulumi.StackReference(`acme/${p}/${env}`);\n}\n',
        "whose variable 'p' is assigned in its body at line 5",
    ),
    "python-return-after-the-site": (
        "python",
        'def main():\n    for p in ["net", "data"]:\n        ref = pulumi.StackReference(f"acme/{p}/{stack}")\n'
        "        return ref\nmain()\n",
        "which ends at line 6 in its first run",
    ),
    "ts-return-after-the-site": (
        "nodejs",
        'function main() {\n    for (const p of ["net", "data"]) {\n'
        "        new pulumi.StackReference(`acme/${p}/${env}`);\n"
        '        if (p === "net") { return; }\n    }\n}\nmain();\n',
        "whose exit at line 7 depends on the loop variable",
    ),
    "go-changed": (
        "go",
        '\t\tnames := []string{"net"}\n\t\tnames = append(names, "data")\n\t\tfor _, p := range names {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over 'names', which is not a literal slice given once",
    ),
    "go-passed-on": (
        "go",
        '\t\tnames := []string{"net"}\n\t\tgrow(names)\n\t\tfor _, p := range names {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "over 'names', a slice changed or passed on",
    ),
    "go-break": (
        "go",
        '\t\tfor _, p := range []string{"net", "data"} {\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n'
        '\t\t\tif p == "net" {\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n',
        "which has a `break` at line 14",
    ),
    "go-continue-on-the-variable": (
        "go",
        '\t\tfor _, p := range []string{"net", "data"} {\n\t\t\tif p == "net" {\n\t\t\t\tcontinue\n\t\t\t}\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "whose exit at line 13 depends on the loop variable",
    ),
    "go-if-on-the-variable": (
        "go",
        '\t\tfor _, p := range []string{"net", "data"} {\n\t\t\tif p != "net" {\n'
        '\t\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n\t\t\t}\n\t\t}\n',
        "whose site at line 13 depends on the loop variable",
    ),
    "go-assigned-in-the-body": (
        "go",
        '\t\tfor _, p := range []string{"net", "data"} {\n\t\t\tp += "-x"\n'
        '\t\t\tpulumi.NewStackReference(ctx, "acme/"+p+"/"+ctx.Stack(), nil)\n\t\t}\n',
        "whose variable 'p' is assigned in its body at line 12",
    ),
}


@pytest.mark.parametrize(("runtime", "body", "why"), list(UNRESOLVED.values()), ids=list(UNRESOLVED))
def test_a_loop_that_may_not_bind_each_item_stays_unresolved(tmp_path: Path, runtime: str, body: str, why: str) -> None:
    doc = scan(tmp_path, runtime, body)
    assert edges(doc) == []
    (reason,) = set(reasons(doc))
    assert why in reason, reason
    assert f"bound by a loop {'(the `.' if '.map' in body or 'forEach' in body else 'at app/'}" in reason, reason


def test_python_a_guard_that_does_not_read_the_variable_is_decided_per_stack(tmp_path: Path) -> None:
    body = 'for p in ["net", "data"]:\n    if stack == "prod":\n        pulumi.StackReference(f"acme/{p}/{stack}")\n'
    doc = scan(tmp_path, "python", body)
    assert (edges(doc), reasons(doc)) == ([], [])  # dev never takes the `if`: no reference, none unresolved
    doc = scan(tmp_path / "2", "python", body.replace("prod", "dev"))
    assert edges(doc) == ["data/dev", "net/dev"]


def test_python_an_item_not_known_is_unresolved_alone(tmp_path: Path) -> None:
    doc = scan(tmp_path, "python", 'for p in ["net", len]:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n')
    assert edges(doc) == ["net/dev"]
    (reason,) = reasons(doc)
    assert reason.startswith("cannot resolve 'acme/<?>/dev' for p = item 2 of the list at app/__main__.py:3: "), reason


def test_python_tuple_unpacking_binds_each_name_to_its_part(tmp_path: Path) -> None:
    body = 'for name, env in [("net", "dev"), ("data", "prod")]:\n    pulumi.StackReference(f"acme/{name}/{env}")\n'
    doc = scan(tmp_path, "python", body)
    assert edges(doc) == ["data/prod", "net/dev"]
    assert 'for name, env = "net", "dev" at app/__main__.py:3' in details(doc)[-1]


@pytest.mark.parametrize(
    "body",
    [
        'refs = (pulumi.StackReference(f"acme/{p}/{stack}") for p in ["net"])\n',  # runs only when iterated
        'fs = [lambda: pulumi.StackReference(f"acme/{p}/{stack}") for p in ["net"]]\n',  # reads p when called
        'for p in ["net"]:\n    pass\nelse:\n    pulumi.StackReference(f"acme/{p}/{stack}")\n',  # after the loop
    ],
    ids=["generator", "lambda", "else"],
)
def test_python_a_site_that_does_not_run_in_the_loop_body_is_not_followed(tmp_path: Path, body: str) -> None:
    doc = scan(tmp_path, "python", body + 'for q in ["data"]:\n    pulumi.StackReference(f"acme/{q}/{stack}")\n')
    assert edges(doc) == ["data/dev"]  # the loop that is followed, beside
    assert reasons(doc) and all("a value bound by a loop" in r for r in reasons(doc))


def test_python_loops_of_too_many_items_are_not_followed(tmp_path: Path) -> None:
    nine = ", ".join(f'"n{i}"' for i in range(9))
    body = f'for p in [{nine}]:\n    for q in [{nine}]:\n        pulumi.StackReference(f"acme/{{p}}{{q}}/{{stack}}")\n'
    doc = scan(tmp_path, "python", body)
    assert edges(doc) == []
    (reason,) = reasons(doc)
    assert "'p', 'q', bound by loops of more than 64 combinations of items (not followed)" in reason


def test_check_reads_the_outputs_of_each_item(tmp_path: Path) -> None:
    main = (
        "import pulumi\n"
        'for p in ["net", "data"]:\n'
        '    ref = pulumi.StackReference(f"acme/{p}/dev")\n'
        '    pulumi.export(p, ref.get_output("url"))\n'
    )
    spec: dict[str, object] = {
        "stackgraph.yaml": "org: acme\n",
        "net/Pulumi.yaml": {**project("net"), "outputs": {"url": "u"}},
        "net/Pulumi.dev.yaml": stack(),
        "data/Pulumi.yaml": {**project("data"), "outputs": {"uri": "u"}},
        "data/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", "python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": main,
    }
    root = write_repo(tmp_path, spec)
    plan = cli("plan", root)
    assert plan.code == 0, plan.stderr
    order = plan.stdout
    assert order.index("data/dev") < order.index("app/dev") and order.index("net/dev") < order.index("app/dev")
    out = cli("check", root)
    assert out.code == 1, out.stdout + out.stderr
    assert out.stdout.splitlines() == [
        "error: app/__main__.py:4: reads output 'url' of data/dev (the StackReference at line 3), which does not "
        "export it (it exports uri); did you mean 'uri'?",
        "1 error, 0 infos; 2 reads checked",
    ]
