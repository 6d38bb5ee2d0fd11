"""StackReference sites a program reaches in ways the finders did not follow, which were dropped silently (no
reference, no warning): a helper of another module given as a value (`import { ref } from "./refs"`, then
`names.map(ref)`; `from refs import ref`, then `map(ref, names)`), a helper method called on a parameter
(`def use(h): h.ref("x")`), and StackReference itself given as a value (`make(pulumi.StackReference, name)`). Each is
now an unresolved reference naming the line; what no stack runs stays an info note, never a warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli

GIVEN = "given as a value there, the calls made with it are not followed"


def _scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[str, Any]:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    (app / "Pulumi.prod.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (app / name).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _found(scan: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((r["site"], _target(r)) for r in scan["references"])


def _target(ref: dict[str, Any]) -> str:
    return str(ref["reason"]) if ref["target"] is None else f"{ref['target']['project']}/{ref['target']['stack']}"


@pytest.mark.parametrize(
    ("runtime", "files", "expected"),
    [
        (
            "nodejs",
            {
                "refs.ts": 'import * as pulumi from "@pulumi/pulumi";\n'
                "export function ref(name: string) { return new pulumi.StackReference(name); }\n",
                "index.ts": 'import { ref } from "./refs";\nimport * as r from "./refs";\n'
                'export const a = ref("acme/net/prod");\n'
                'export const all = ["acme/dns/prod"].map(ref);\nexport const more = ["x"].map(r.ref);\n',
            },
            [
                ("app/refs.ts:2", "net/prod"),
                ("app/refs.ts:2", f"cannot resolve '<?>' via the call at app/index.ts:4: 'ref' {GIVEN}"),
                ("app/refs.ts:2", f"cannot resolve '<?>' via the call at app/index.ts:5: 'r.ref' {GIVEN}"),
            ],
        ),
        (
            "python",
            {
                "refs.py": "import pulumi\ndef ref(name):\n    return pulumi.StackReference(name)\n",
                "__main__.py": "import refs\nfrom refs import ref\na = ref('acme/net/prod')\n"
                "allrefs = list(map(ref, ['acme/dns/prod']))\nmore = list(map(refs.ref, ['x']))\n",
            },
            [
                ("app/refs.py:3", "net/prod"),
                ("app/refs.py:3", f"cannot resolve '<?>' via the call at app/__main__.py:4: 'ref' {GIVEN}"),
                ("app/refs.py:3", f"cannot resolve '<?>' via the call at app/__main__.py:5: 'refs.ref' {GIVEN}"),
            ],
        ),
    ],
)
def test_a_helper_of_another_module_given_as_a_value_is_an_unresolved_reference(
    tmp_path: Path, runtime: str, files: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert _found(_scan(tmp_path, runtime, files)) == sorted(expected)


def test_a_helper_method_called_on_a_parameter_is_an_unresolved_reference(tmp_path: Path) -> None:
    main = (
        "import pulumi\nclass Helper:\n    def ref(self, name):\n        return pulumi.StackReference(name)\n"
        "a = Helper().ref('acme/net/prod')\ndef use(h):\n    return h.ref('acme/dns/prod')\nb = use(Helper())\n"
    )
    why = (
        "`h.ref()` at app/__main__.py:7 may run Helper.ref(): a method called on the parameter 'h', whose class is not"
    )
    assert _found(_scan(tmp_path, "python", {"__main__.py": main})) == sorted(
        [
            ("app/__main__.py:4", "net/prod"),
            ("app/__main__.py:4", f"cannot resolve '<?>' via the call at app/__main__.py:7: {why} followed"),
        ]
    )


@pytest.mark.parametrize(
    ("runtime", "file", "source", "at"),
    [
        (
            "nodejs",
            "index.ts",
            'import * as pulumi from "@pulumi/pulumi";\n'
            "function make(ctor: typeof pulumi.StackReference, name: string) { return new ctor(name); }\n"
            'export const r = make(pulumi.StackReference, "acme/dns/prod");\n',
            "app/index.ts:3",
        ),
        (
            "python",
            "__main__.py",
            "import pulumi\ndef make(cls, name):\n    return cls(name)\n"
            "r = make(pulumi.StackReference, 'acme/dns/prod')\n",
            "app/__main__.py:4",
        ),
    ],
)
def test_stack_reference_given_as_a_value_is_an_unresolved_reference(
    tmp_path: Path, runtime: str, file: str, source: str, at: str
) -> None:
    why = f"`pulumi.StackReference` given as a value at {at}, the StackReferences made with it are not followed"
    assert _found(_scan(tmp_path, runtime, {file: source})) == [(at, f"cannot resolve '<?>': {why}")]


def test_what_no_stack_runs_stays_a_note_not_a_warning(tmp_path: Path) -> None:
    scan = _scan(
        tmp_path,
        "python",
        {
            "refs.py": "import pulumi\ndef ref(name):\n    return pulumi.StackReference(name)\n",
            "__main__.py": "import pulumi\nfrom refs import ref\na = ref('acme/net/prod')\n"
            "if pulumi.get_stack() == 'other':\n    b = list(map(ref, ['x']))\n    c = make(pulumi.StackReference)\n"
            "def check(x):\n    return isinstance(x, pulumi.StackReference)\n",
            "unused.py": "import pulumi\nfrom refs import ref\nb = list(map(ref, ['x']))\n"
            "c = make(pulumi.StackReference)\n",
        },
    )
    assert _found(scan) == [("app/refs.py:3", "net/prod")]
    assert not [d for d in scan["diagnostics"] if d["severity"] == "warning"]
    notes = sorted((d["file"], d["line"]) for d in scan["diagnostics"] if d["severity"] == "info")
    assert ("app/__main__.py", 6) in notes
    assert ("app/unused.py", 4) in notes
