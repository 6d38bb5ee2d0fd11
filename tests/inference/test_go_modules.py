"""Go import paths: a package of a module the program uses whether or not its path has a dot (`module app`, what
`pulumi new go` writes), and the standard library's packages as Go builds them."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.frontends.golang import find
from tests.helpers.repo_builder import project, stack, write_repo

MAIN = """package main

import (
	"{path}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		_, err := pulumi.NewStackReference(ctx, "acme/"+refs.Net+"/dev", nil)
		return err
	}})
}}
"""


REFS = 'package refs\n\nconst Net = "networking"\n'
REPLACED = "module app\n\ngo 1.21\n\nrequire lib v0.0.0\n\nreplace lib => ../lib\n"
WORK = "go 1.21\n\nuse ./app\n\nreplace (\n\tlib v0.0.0 => ./lib\n)\n"
"""A go.work `replace` (lbrlabs/iac-in-go's eks program imports its pkg/ modules through a workspace)."""
NESTED = "module app\n\ngo 1.21\n\nrequire app/shared v0.0.0\n\nreplace app/shared => ../pkg/shared\n"


@pytest.mark.parametrize(
    ("path", "files"),
    [
        ("app/refs", {"app/go.mod": "module app\n", "app/refs/refs.go": REFS}),  # the program's own module
        ("net/refs", {"app/go.mod": "module net\n", "app/refs/refs.go": REFS}),  # named as a standard package
        ("lib/refs", {"app/go.mod": REPLACED, "lib/go.mod": "module lib\n", "lib/refs/refs.go": REFS}),  # replaced
        (
            "lib/refs",
            {"app/go.mod": "module app\n", "go.work": WORK, "lib/go.mod": "module lib\n", "lib/refs/refs.go": REFS},
        ),
        (  # a module whose path extends the program's, in another folder: the longest module path decides
            "app/shared/refs",
            {"app/go.mod": NESTED, "pkg/shared/go.mod": "module app/shared\n", "pkg/shared/refs/refs.go": REFS},
        ),
    ],
)
def test_a_dotless_module_path_is_read(tmp_path: Path, path: str, files: dict[str, str]) -> None:
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("networking"),
                "net/Pulumi.dev.yaml": stack(),
                "app/Pulumi.yaml": project("app", runtime="go"),
                "app/Pulumi.dev.yaml": stack(),
                "app/main.go": MAIN.format(path=path),
                **files,
            },
        )
    )
    assert [(r.site, r.target_id, r.reason) for r in repo.references] == [("app/main.go:10", "networking/dev", "")]


def test_a_standard_library_path_is_no_package_of_a_module_of_its_name() -> None:
    """Go builds `net/http` from the standard library in a module named `net` (a module that also held it would not
    build: "ambiguous import"); `net/refs`, which the standard library has not, is the module's."""
    text = 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"net/refs"\n\t"app/infra"\n)\n'
    facts = find(text, "main.go")
    assert sorted(m.path for m in facts.imports) == ["app/infra", "net/refs"]


def test_a_go_work_replace_of_a_missing_folder_is_said(tmp_path: Path) -> None:
    """Its packages are not read: a name the program reads from one is unresolved, naming the go.work line."""
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("networking"),
                "net/Pulumi.dev.yaml": stack(),
                "app/Pulumi.yaml": project("app", runtime="go"),
                "app/Pulumi.dev.yaml": stack(),
                "app/main.go": MAIN.format(path="lib/refs"),
                "app/go.mod": "module app\n",
                "go.work": WORK.replace("./lib", "./gone"),
            },
        )
    )
    [ref] = repo.references
    assert (ref.site, ref.target_id) == ("app/main.go:10", None)
    assert "go.work:6 replaces lib with ./gone, a folder not in the repository" in ref.reason
    said = [(d.code, d.file, d.line) for d in repo.diagnostics if d.code == "not-followed"]
    assert said == [("not-followed", "go.work", 6)]


@pytest.mark.parametrize("work", [None, "go 1.20\n\nuse ./app\n\nreplace example.com/infra/pkg/refs => ./pkg/refs\n"])
def test_a_module_of_the_repository_required_without_a_replace_is_read_and_said(
    tmp_path: Path, work: str | None
) -> None:
    """lbrlabs/iac-in-go without its go.work: eks/go.mod requires the repository's pkg/ module by version, so Go
    builds the published version. That is this repository's code (at some version): its StackReference is read from
    the folder, with an info saying so; with a go.work replace, Go builds the folder and nothing is said."""
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("networking"),
                "net/Pulumi.dev.yaml": stack(),
                "app/Pulumi.yaml": project("app", runtime="go"),
                "app/Pulumi.dev.yaml": stack(),
                "app/main.go": MAIN.format(path="example.com/infra/pkg/refs"),
                "app/go.mod": "module app\n\ngo 1.20\n\nrequire (\n\texample.com/infra/pkg/refs v0.1.0\n)\n",
                "pkg/refs/go.mod": "module example.com/infra/pkg/refs\n",
                "pkg/refs/refs.go": REFS,
                **({"go.work": work} if work else {}),
            },
        )
    )
    assert [(r.site, r.target_id) for r in repo.references] == [("app/main.go:10", "networking/dev")]
    said = [(d.severity.value, d.file, d.line, d.message) for d in repo.diagnostics if d.code == "not-followed"]
    why = (
        "requires example.com/infra/pkg/refs, a module of this repository (pkg/refs/go.mod), with no replace or "
        "go.work use: Go builds its published version; its packages are read from pkg/refs in its place"
    )
    assert said == ([] if work else [("info", "app/go.mod", 6, why)])


CALLED = """package main

import (
	"github.com/pulumi/demo-installers/app/settings"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := settings.Load(ctx)
		return err
	})
}
"""
SETTINGS = """package settings

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func Load(ctx *pulumi.Context) (pulumi.StringOutput, error) {
	cfg := config.New(ctx, "")
	ref, err := pulumi.NewStackReference(ctx, cfg.Require("baseStack"), nil)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return ref.GetStringOutput(pulumi.String("vpcId")), nil
}
"""


def test_a_module_of_the_repository_under_github_com_pulumi_is_the_programs_own(tmp_path: Path) -> None:
    """pulumi/pulumi-self-hosted-installers: the program's own module path starts `github.com/pulumi/`, like the
    SDK's. Its packages are the program's (read, their StackReferences followed), not the SDK's; the SDK and the
    providers' SDKs (`github.com/pulumi/pulumi-aws/sdk/...`, `github.com/pulumi/pulumi-azure-native-sdk/...`) stay
    out of the imports."""
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("networking"),
                "net/Pulumi.dev.yaml": stack(),
                "app/Pulumi.yaml": project("app", runtime="go"),
                "app/Pulumi.dev.yaml": stack(config={"app:baseStack": "acme/networking/dev"}),
                "app/go.mod": "module github.com/pulumi/demo-installers/app\n\ngo 1.22\n",
                "app/main.go": CALLED,
                "app/settings/settings.go": SETTINGS,
            },
        )
    )
    assert [(r.site, r.target_id, r.reason) for r in repo.references] == [
        ("app/settings/settings.go:10", "networking/dev", "")
    ]
    assert [d.message for d in repo.diagnostics if d.code == "not-imported"] == []
    sdk = (
        "github.com/pulumi/pulumi/sdk/v3/go/pulumi",
        "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3",
        "github.com/pulumi/pulumi-azure-native-sdk/resources/v2",
    )
    text = "package main\n\nimport (\n" + "".join(f'\t"{p}"\n' for p in sdk) + '\t"github.com/pulumi/x/y"\n)\n'
    assert [m.path for m in find(text, "main.go").imports] == ["github.com/pulumi/x/y"]
