"""C# target-typed `new(..)`: a StackReference made by `new("acme/net/dev")` where the type comes from the target
(a declaration, a return type, a property, an assignment, a parameter of a method of the file). Where the type
cannot be known the reference is reported unknown at its line; `new(..)` typed as another class is not one.

Before, only `object_creation_expression` was read: every `new(..)` StackReference was dropped silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Reference
from tests.helpers.repo_builder import project, stack, write_repo

NET = '"acme/networking/dev"'
OTHER = '"acme/networking/prod"'


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def references(tmp_path: Path, members: str, run: str = "") -> list[Reference]:
    """The references of a program whose class `Refs` holds `members`; `run` goes in `Deployment.RunAsync`."""
    program = (
        "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Pulumi;\n\n"
        f"await Deployment.RunAsync(() =>\n{{\n{run}\n}});\n\n"
        f"class Other\n{{\n    public Other(string name) {{ }}\n}}\n\nclass Refs\n{{\n{members}\n}}\n"
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod")},
            "app/Pulumi.yaml": project("app", runtime="dotnet"),
            "app/Pulumi.dev.yaml": stack(),
            "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
            "app/Program.cs": program,
        },
    )
    return scan(root).references


def targets(refs: list[Reference]) -> list[str | None]:
    return sorted((r.target_id or "") for r in refs)


@pytest.mark.parametrize(
    ("members", "run"),
    [
        pytest.param("", f"    StackReference net = new({NET});", id="local"),
        pytest.param("", f"    Pulumi.StackReference? net = new({NET});", id="qualified-nullable-local"),
        pytest.param(f"    private readonly StackReference _r = new({NET});", "", id="field"),
        pytest.param(
            f"    private static readonly global::Pulumi.StackReference R = new({NET});", "", id="global-field"
        ),
        pytest.param(f"    public StackReference R {{ get; }} = new({NET});", "", id="property"),
        pytest.param(f"    public StackReference R => new({NET});", "", id="expression-bodied-property"),
        pytest.param(f"    public StackReference R {{ get {{ return new({NET}); }} }}", "", id="getter"),
        pytest.param(f"    public static StackReference Make() => new({NET});", "", id="expression-bodied-method"),
        pytest.param(
            f"    public static StackReference Make()\n    {{\n        return new({NET});\n    }}", "", id="return"
        ),
        pytest.param(
            f"    public static async Task<StackReference> Make()\n    {{\n        return new({NET});\n    }}",
            "",
            id="async-return",
        ),
        pytest.param("", f"    static StackReference Make() => new({NET});\n    Make();", id="local-function"),
        pytest.param(
            f"    private StackReference _r;\n    public Refs() {{ _r = new({NET}); }}", "", id="assigned-field"
        ),
        pytest.param(
            f"    private StackReference? _r;\n    public void Set() {{ this._r = new({NET}); }}",
            "",
            id="assigned-this-field",
        ),
        pytest.param(
            f"    public StackReference R {{ get; set; }}\n    public void Set() {{ R = new({NET}); }}",
            "",
            id="assigned-property",
        ),
        pytest.param("", f"    StackReference net;\n    net = new({NET});", id="assigned-local"),
        pytest.param(f"    public void Set(StackReference? r) {{ r ??= new({NET}); }}", "", id="assigned-parameter"),
        pytest.param(
            f"    public static void Use(StackReference r) {{ }}\n    public static void Go() => Use(new({NET}));",
            "",
            id="argument",
        ),
        pytest.param(
            f"    public static void Use(int n, StackReference r) {{ }}\n    public static void Go() => "
            f"Use(r: new({NET}), n: 1);",
            "",
            id="named-argument",
        ),
        pytest.param(
            f"    public Refs(StackReference r) {{ }}\n    public static Refs Go() => new Refs(new({NET}));",
            "",
            id="constructor-argument",
        ),
        pytest.param(
            f"    static void Use(string s, params StackReference[] refs) {{ }}\n"
            f'    static void Go() => Use("s", new({NET}), new({NET}));',
            "",
            id="params-argument",
        ),
        pytest.param("", f"    var up = true;\n    StackReference net = up ? (new({NET})) : new({NET});", id="arms"),
    ],
)
def test_a_target_typed_new_stack_reference_is_read(tmp_path: Path, members: str, run: str) -> None:
    refs = references(tmp_path, members, run)
    assert refs
    assert {r.target_id for r in refs} == {"networking/dev"}


@pytest.mark.parametrize(
    "args",
    [
        pytest.param('"ignored", new StackReferenceArgs { Name = "acme/networking/dev" }', id="args"),
        pytest.param('"ignored", new() { Name = "acme/networking/dev" }', id="implicit-args"),
        pytest.param('name: "ignored", args: new() { Name = "acme/networking/dev" }', id="labelled-args"),
    ],
)
def test_the_args_name_wins_as_for_new_stack_reference(tmp_path: Path, args: str) -> None:
    refs = references(tmp_path, "", f"    StackReference net = new({args});")
    assert targets(refs) == ["networking/dev"]  # one site: the Args' `new()` is not a StackReference


@pytest.mark.parametrize(
    ("members", "run"),
    [
        pytest.param("", f"    Other o = new({OTHER});", id="local"),
        pytest.param(f"    private readonly Other _o = new({OTHER});", "", id="field"),
        pytest.param(f"    static Other Make() => new({OTHER});", "", id="return"),
        pytest.param(f"    Other _o;\n    void Set() {{ _o = new({OTHER}); }}", "", id="assigned"),
        pytest.param(
            f"    static void Use(Other o) {{ }}\n    static void Go() => Use(new({OTHER}));", "", id="argument"
        ),
        pytest.param(
            f"    static void Use(string s, Other o) {{ }}\n    static void Go() => Use({OTHER}, new({OTHER}));",
            "",
            id="second-argument",
        ),
    ],
)
def test_a_target_typed_new_of_another_class_is_not_a_reference(tmp_path: Path, members: str, run: str) -> None:
    refs = references(tmp_path, members, f"{run}\n    StackReference net = new({NET});")
    assert targets(refs) == ["networking/dev"]  # only the StackReference: `Other` made from "acme/networking/prod"


@pytest.mark.parametrize(
    ("members", "run", "at"),
    [
        pytest.param("", f"    Func<StackReference> f = () => new({NET});", 8, id="lambda"),
        pytest.param(
            "",
            f'    var refs = new Dictionary<string, StackReference>();\n    refs["n"] = new({NET});',
            9,
            id="element",
        ),
        pytest.param(
            "    static StackReference? Held;", f"    Helpers.Use(new({NET}));", 8, id="method-of-another-file"
        ),
        pytest.param("", f"    var list = new List<StackReference> {{ new({NET}) }};", 8, id="collection"),
    ],
)
def test_a_target_typed_new_of_a_type_not_known_is_reported_unknown(
    tmp_path: Path, members: str, run: str, at: int
) -> None:
    (ref,) = references(tmp_path, members, run)
    assert (ref.file, ref.line, ref.resolved, ref.target_id) == ("app/Program.cs", at, False, None)
    assert "target-typed new(..) whose type is not known here" in ref.reason


def test_a_new_that_a_stack_reference_constructor_cannot_take_is_not_reported(tmp_path: Path) -> None:
    run = (
        '    var list = new List<int>(new(1));\n    var e = new Exception(new("x", 1, 2, 3));\n'
        f"    StackReference net = new({NET});"
    )
    assert targets(references(tmp_path, "", run)) == ["networking/dev"]
