"""Go files that `go build` leaves out of their package for linux/amd64 (build constraints, `_`-prefixed names, file
names for another system) hold no StackReference, define no constant and export nothing; each such site is said.

Probed on real layouts: pulumi/pulumi's tests/integration/stack_reference/go programs carry `//go:build !all`
(built by a plain `go build`); a `//go:build ignore` generator (`gen.go`, a `func main` of its own) or an
`_scratch.go` beside main.go is never compiled, yet stackgraph read their StackReferences as the program's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.gobuild import unbuilt
from tests.helpers.repo_builder import project, stack, write_repo

MAIN = """// Copyright 2016-2020, Pulumi Corporation.  All rights reserved.
//go:build !all
// +build !all

package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		slug := fmt.Sprintf("%v/%v/%v", "acme", netProject, ctx.Stack())
		_, err := pulumi.NewStackReference(ctx, slug, nil)
		return err
	})
}
"""
OTHER = """{header}package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func other(ctx *pulumi.Context) {{
	pulumi.NewStackReference(ctx, "acme/legacy/dev", nil)
	ctx.Export("legacyOnly", pulumi.String("x"))
}}
"""


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("networking"),
            "net/Pulumi.dev.yaml": stack(),
            "legacy/Pulumi.yaml": project("legacy"),
            "legacy/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="go"),
            "app/Pulumi.dev.yaml": stack(),
            "app/go.mod": "module example.com/stack_reference\n\ngo 1.17\n",
            "app/main.go": MAIN,
            "app/names.go": 'package main\n\nconst netProject = "networking"\n',
            **files,
        },
    )


@pytest.mark.parametrize(
    ("name", "header", "why"),
    [
        ("gen.go", "//go:build ignore\n\n", "`//go:build ignore` leaves it out of the build for linux/amd64"),
        ("win.go", "// Windows only.\n//go:build windows\n\n", "`//go:build windows` leaves it out"),
        ("old.go", "// +build ignore\n\n", "`// +build ignore` leaves it out"),
        ("arm.go", "//go:build linux && (arm64 || 386)\n\n", "`//go:build linux && (arm64 || 386)` leaves it out"),
        ("_scratch.go", "", "the go tool ignores a file whose name starts with '_'"),
        ("legacy_windows.go", "", "its name builds it for windows only, not linux/amd64"),
        ("legacy_darwin_arm64.go", "", "its name builds it for darwin/arm64 only"),
    ],
)
def test_a_file_go_does_not_build_holds_no_reference(tmp_path: Path, name: str, header: str, why: str) -> None:
    repo = scan(_repo(tmp_path, {f"app/{name}": OTHER.format(header=header)}))
    assert [(r.site, r.target_id) for r in repo.references] == [("app/main.go:16", "networking/dev")]
    [said] = [d for d in repo.diagnostics if d.file == f"app/{name}"]
    assert (said.code, said.line) == ("not-imported", 6 + header.count("\n"))
    assert why in said.message and said.message.startswith("StackReference in a file Go does not build")
    assert "legacyOnly" not in repo.exports_by_path()["app"].exported()


@pytest.mark.parametrize(
    "header",
    [
        "//go:build linux\n\n",
        "//go:build !windows && amd64\n\n",
        "//go:build go1.18 && unix\n\n",
        "//go:build cgo\n\n",  # depends on the machine: kept
        "// +build linux,amd64 darwin\n\n",
        "// Package main.\n// +build ignore\npackage main\n",  # no blank line: package documentation, no constraint
    ],
)
def test_a_file_go_builds_for_linux_amd64_keeps_its_reference(tmp_path: Path, header: str) -> None:
    text = OTHER.format(header=header).replace("package main\npackage main", "package main")
    repo = scan(_repo(tmp_path, {"app/other_linux.go": text}))
    assert sorted(r.target_id for r in repo.references) == ["legacy/dev", "networking/dev"]
    assert "legacyOnly" in repo.exports_by_path()["app"].exported()


def test_a_constant_is_read_from_the_file_go_builds(tmp_path: Path) -> None:
    """`netProject` is defined twice in package main, once per system: the linux/amd64 build reads names.go."""
    files = {
        "app/names.go": '//go:build !windows\n\npackage main\n\nconst netProject = "networking"\n',
        "app/a_windows.go": 'package main\n\nconst netProject = "legacy"\n',
    }
    repo = scan(_repo(tmp_path, files))
    assert [(r.site, r.target_id) for r in repo.references] == [("app/main.go:16", "networking/dev")]


def test_an_imported_package_is_its_files_go_builds(tmp_path: Path) -> None:
    """A package of the module: its file for another system holds no reference of the program."""
    main = MAIN.replace('"fmt"', '"fmt"\n\n\t"example.com/stack_reference/refs"')
    main = main.replace("\t\treturn err\n", "\t\trefs.Legacy(ctx)\n\t\treturn err\n")
    legacy = OTHER.format(header="").replace("package main", "package refs").replace("func other", "func Legacy")
    files = {"app/main.go": main, "app/refs/refs_windows.go": legacy, "app/refs/refs.go": "package refs\n"}
    repo = scan(_repo(tmp_path, files))
    assert [r.target_id for r in repo.references] == ["networking/dev"]
    assert [d.file for d in repo.diagnostics if d.code == "not-imported"] == ["app/refs/refs_windows.go"]


@pytest.mark.parametrize(
    ("file", "text", "built"),
    [
        ("linux.go", "package main\n", True),  # the part before the first `_` is the name, not a system
        ("x_linux_amd64.go", "package main\n", True),
        ("x_amd64_test.go", "package main\n", True),
        ("x_windows_test.go", "package main\n", False),
        ("x_unix.go", "package main\n", True),  # `unix` is a tag, not a file-name system
        ("x.go", "/* a\nblock */\n//go:build windows\n\npackage main\n", False),
        ("x.go", "//go:build go1.99\n\npackage main\n", True),  # a release newer than known: undecided, kept
        ("x.go", "//go:build (\n\npackage main\n", True),  # not read: kept
        ("x.go", "package main\n\n//go:build windows\n", True),  # after the package clause: no constraint
    ],
)
def test_build_constraints(file: str, text: str, built: bool) -> None:
    assert (unbuilt(f"app/{file}", text) is None) is built
