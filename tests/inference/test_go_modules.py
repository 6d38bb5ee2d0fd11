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


@pytest.mark.parametrize(
    ("path", "files"),
    [
        ("app/refs", {"app/go.mod": "module app\n", "app/refs/refs.go": REFS}),  # the program's own module
        ("net/refs", {"app/go.mod": "module net\n", "app/refs/refs.go": REFS}),  # named as a standard package
        ("lib/refs", {"app/go.mod": REPLACED, "lib/go.mod": "module lib\n", "lib/refs/refs.go": REFS}),  # replaced
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
