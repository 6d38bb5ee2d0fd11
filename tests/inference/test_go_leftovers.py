"""Go names and reads left open by real repositories: a `var x string` set only under an `if` without `else`, a
package-level `var x string` an `init()` may set, and a reference read through a struct field."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Reference
from tests.helpers.repo_builder import project, stack, write_repo

STACKS = ("dev", "prod")
TARGETS = {
    "net/Pulumi.yaml": project("networking"),
    **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod", "dev-eu", "prod-eu", "eu")},
}
GO_MOD = "module example.com/app\n\ngo 1.21\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def per_stack(tmp_path: Path, files: dict[str, str]) -> dict[tuple[str, str | None], tuple[str, str, tuple[str, ...]]]:
    """(site, stack) -> (target or "", reason, outputs) of each reference of the Go project `app`."""
    spec = {"app/Pulumi.yaml": project("app", runtime="go"), **{f"app/Pulumi.{s}.yaml": stack() for s in STACKS}}
    spec |= {"app/go.mod": GO_MOD, **TARGETS, **{f"app/{k}": v for k, v in files.items()}}
    repo = scan(write_repo(tmp_path / "repo", spec))
    return {(r.site.removeprefix("app/"), r.stack): (r.target_id or "", r.reason, r.outputs) for r in repo.references}


def main_go(body: str, name: str = '"acme/networking/"+ctx.Stack()+suffix', header: str = "") -> str:
    return f"""package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var _ = os.Getenv
{header}
func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
{body}
		_, err := pulumi.NewStackReference(ctx, {name}, nil)
		return err
	}})
}}
"""


def site_of(got: dict[tuple[str, str | None], tuple[str, str, tuple[str, ...]]]) -> str:
    [site] = {k[0] for k in got if k[0].startswith("main.go:")}
    return site


# --- 1. `var suffix string` set under an `if` without `else` ---

IF_ON_STACK = '\t\tvar suffix string\n\t\tif ctx.Stack() == "prod" {\n\t\t\tsuffix = "-eu"\n\t\t}'


@pytest.mark.parametrize(
    "body",
    [IF_ON_STACK,
     '\t\tvar suffix string\n\t\tif ctx.Stack() != "prod" {\n\t\t} else {\n\t\t\tsuffix = "-eu"\n\t\t}',
     '\t\tvar (\n\t\t\tsuffix string\n\t\t)\n\t\tif ctx.Stack() == "prod" {\n\t\t\tsuffix = "-eu"\n\t\t}'],
)  # fmt: skip
def test_go_zero_string_set_under_an_if_on_the_stack_is_read_per_stack(tmp_path: Path, body: str) -> None:
    """Each stack takes the value the `if` gives it: the one assigned when taken, Go's zero value "" when not."""
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    site = site_of(got)
    assert got[(site, "dev")][0] == "networking/dev", got
    assert got[(site, "prod")][0] == "networking/prod-eu", got


def test_go_zero_string_set_under_an_if_not_decided_stays_unresolved(tmp_path: Path) -> None:
    """An `if` on a run-time value decides nothing: unresolved, with a reason (never "" taken as the value)."""
    body = '\t\tvar suffix string\n\t\tif os.Getenv("EU") != "" {\n\t\t\tsuffix = "-eu"\n\t\t}'
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    site = site_of(got)
    for s in STACKS:
        target, reason, _ = got[(site, s)]
        assert target == "" and reason.startswith("cannot resolve"), got


@pytest.mark.parametrize(
    ("extra", "where"),
    [('\t\tset := func() { suffix = "-x" }\n\t\tset()\n', "line 14"),  # a closure may set it before the `if`
     ("\t\tset(&suffix)\n", "&suffix")],  # through its address
)  # fmt: skip
def test_go_zero_string_set_under_an_if_and_elsewhere_stays_unresolved(tmp_path: Path, extra: str, where: str) -> None:
    """Set out of the function's own flow too (a closure, `&suffix`): the value before the `if` is not known to be
    "", the reason names where it is set."""
    body = IF_ON_STACK.replace("\t\tif ctx", extra + "\t\tif ctx", 1)
    header = '\nfunc set(s *string) { *s = "-y" }\n' if "&" in extra else ""
    got = per_stack(tmp_path, {"main.go": main_go(body, header=header)})
    site = site_of(got)
    target, reason, _ = got[(site, "dev")]
    assert target == "" and "suffix" in reason and where in reason, got


def test_go_zero_string_set_under_two_ifs_on_the_stack_and_project_is_read_per_stack(tmp_path: Path) -> None:
    """Two `if`s in a row, each decided: a stack that takes neither holds "" (nothing ran before the first)."""
    body = IF_ON_STACK.replace(
        "\t\tif ctx", '\t\tif ctx.Project() == "other" {\n\t\t\tsuffix = "-x"\n\t\t}\n\t\tif ctx', 1
    )
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    site = site_of(got)
    assert (got[(site, "dev")][0], got[(site, "prod")][0]) == ("networking/dev", "networking/prod-eu"), got


def test_go_zero_string_set_under_an_if_in_a_function_with_goto_stays_unresolved(tmp_path: Path) -> None:
    """A `goto` may jump back over the assignment: the value before the `if` is not known."""
    body = IF_ON_STACK + "\n\t\tgoto done\n\tdone:"
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    site = site_of(got)
    assert got[(site, "dev")][0] == "" and "suffix" in got[(site, "dev")][1], got


def test_go_zero_string_set_under_an_if_in_a_loop_stays_unresolved(tmp_path: Path) -> None:
    """In a loop that does not declare it, a later pass starts with what an earlier one set: never read as ""."""
    body = (
        '\t\tvar suffix string\n\t\tfor _, r := range []string{"a", "b"} {\n\t\t\tif ctx.Stack() == "prod" {\n'
        '\t\t\t\tsuffix = "-eu"\n\t\t\t}\n'
        '\t\t\t_, _ = pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack()+suffix, nil)\n'
        "\t\t\tsuffix = r\n\t\t}"
    )
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    loop = [k for k in got if k[1] == "dev" and k[0] == "main.go:18"]
    assert loop and got[loop[0]][0] == "", got


@pytest.mark.parametrize(
    "body",
    [IF_ON_STACK + ' else {\n\t\t\tsuffix = ""\n\t\t}',
     '\t\tsuffix := ""\n\t\tif ctx.Stack() == "prod" {\n\t\t\tsuffix = "-eu"\n\t\t}',
     '\t\tsuffix := "-eu"\n\t\tif ctx.Stack() == "dev" {\n\t\t\tsuffix = ""\n\t\t}',
     '\t\tsuffix := ""\n\t\tif ctx.Stack() == "prod" {\n\t\t\tsuffix = "-eu"\n\t\t} else {\n\t\t\tsuffix = ""\n\t\t}'],
)  # fmt: skip
def test_go_if_else_on_the_stack_still_reads_each_arm(tmp_path: Path, body: str) -> None:
    """Regression: an `if`/`else` (or an `if` over a value given before it) on the stack gives each stack its arm."""
    got = per_stack(tmp_path, {"main.go": main_go(body)})
    site = site_of(got)
    assert got[(site, "dev")][0] == "networking/dev", got
    assert got[(site, "prod")][0] == "networking/prod-eu", got


def test_go_if_else_on_the_stack_for_the_whole_name(tmp_path: Path) -> None:
    """Regression: the whole name chosen by an `if`/`else` on the stack (as in go/ifelse of the corpus)."""
    body = (
        '\t\tvar name string\n\t\tif ctx.Stack() == "prod" {\n\t\t\tname = "acme/networking/eu"\n\t\t} else {\n'
        '\t\t\tname = "acme/networking/" + ctx.Stack()\n\t\t}'
    )
    got = per_stack(tmp_path, {"main.go": main_go(body, name="name")})
    site = site_of(got)
    assert (got[(site, "dev")][0], got[(site, "prod")][0]) == ("networking/dev", "networking/eu"), got


# --- 2. package-level variables some function of the package may set ---


PKG_MAIN = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

const org = "acme"

var project = "networking"

var suffix string

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := pulumi.NewStackReference(ctx, org+"/"+project+"/"+ctx.Stack()+suffix, nil)
		return err
	})
}
"""
OTHER = """package main

type T string

func other(suffix string) string {
	project := "x"
	suffix = project
	return suffix
}

func (project T) named() (suffix string) {
	project = "y"
	suffix = string(project)
	if s := "z"; s != "" {
		var project T
		project = "w"
		_ = project
	}
	return
}

func third() string {
	var suffix string
	suffix = "q"
	project := "p"
	project = "r"
	return suffix + project
}
"""


def test_go_package_variables_nothing_assigns_are_their_value_or_zero_value(tmp_path: Path) -> None:
    """`var suffix string` that no file of the package assigns holds "" (a parameter, a local, a receiver or a named
    result of the same name in another file is another variable); `var project = ".."` and `const` hold their
    value."""
    got = per_stack(tmp_path, {"main.go": PKG_MAIN, "other.go": OTHER})
    assert (got[("main.go:13", "dev")][0], got[("main.go:13", "prod")][0]) == ("networking/dev", "networking/prod"), got


@pytest.mark.parametrize(
    ("files", "name", "where"),
    [({"init.go": 'package main\n\nfunc init() {\n\tsuffix = "-eu"\n}\n'}, "suffix", "init.go:4"),
     ({"init.go": 'package main\n\nfunc init() {\n\tproject = "other"\n}\n'}, "project", "init.go:4"),
     ({"init.go": 'package main\n\nimport "flag"\n\nfunc init() {\n\tflag.StringVar(&suffix, "s", "", "")\n}\n'},
      "suffix", "init.go:6"),
     ({"main.go": PKG_MAIN + '\nfunc init() { suffix = "-eu" }\n'}, "suffix", "main.go:18"),
     ({"main.go": PKG_MAIN + "\nfunc set() {\n\tgo func() { project += \"-eu\" }()\n}\n"}, "project", "main.go:19")],
)  # fmt: skip
def test_go_package_variable_some_function_assigns_stays_unresolved(
    tmp_path: Path, files: dict[str, str], name: str, where: str
) -> None:
    """A package-level variable an `init()` or any function of the package may set (`=`, `+=`, `&suffix`), in
    the same file or another: never its zero value or its declared value; the reason names it and the assignment."""
    got = per_stack(tmp_path, {"main.go": PKG_MAIN, **files})
    target, reason, _ = got[("main.go:13", "dev")]
    assert target == "" and reason.startswith("cannot resolve") and f"'{name}'" in reason and where in reason, got
    assert "-eu" not in reason and "other" not in reason, got  # never the value assigned (it may be a secret)


def test_go_package_variable_assigned_in_a_file_go_does_not_build_is_read(tmp_path: Path) -> None:
    """A file the build constraints leave out (`//go:build ignore`, `_windows.go`) is not the program's."""
    init = 'package main\n\nfunc init() {\n\tsuffix = "-eu"\n}\n'
    files = {"main.go": PKG_MAIN, "init_windows.go": init, "gen.go": "//go:build ignore\n\n" + init}
    got = per_stack(tmp_path, files)
    assert got[("main.go:13", "dev")][0] == "networking/dev", got


# --- 3. a reference read through a field of a local struct ---


def field_main(made: str, extra: str = "") -> str:
    return f"""package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type refs struct {{
	net *pulumi.StackReference
	db  *pulumi.StackReference
}}

func (r refs) use() {{}}

func keep(r *refs) {{}}

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		ref, err := pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
		if err != nil {{
			return err
		}}
{made}
		ctx.Export("vpc", r.net.GetOutput(pulumi.String("vpcId")))
		ctx.Export("subnets", r.net.GetStringOutput(pulumi.String("subnetIds")))
{extra}		return nil
	}})
}}
"""


@pytest.mark.parametrize(
    "made",
    ["\t\tr := refs{net: ref}", "\t\tr := &refs{net: ref, db: nil}", "\t\tvar r = refs{net: ref}",
     "\t\tvar r refs\n\t\tr.net = ref", "\t\tr := refs{}\n\t\tr.net = ref"],
)  # fmt: skip
def test_go_reads_on_a_local_struct_field_set_once_from_the_reference_are_its_reads(tmp_path: Path, made: str) -> None:
    """`r := refs{net: ref}; r.net.GetOutput(pulumi.String("vpcId"))`: the keys are the reference's, complete
    (another field of the struct read, `r` given to `_` only: nothing handed on)."""
    got = per_stack(tmp_path, {"main.go": field_main(made, "\t\t_ = r.db\n\t\t_ = r\n")})
    target, _, outputs = got[("main.go:16", "dev")]
    assert (target, outputs) == ("networking/dev", ("subnetIds", "vpcId")), got
    [ref] = [r for r in _references(tmp_path) if r.site == "app/main.go:16" and r.stack == "dev"]
    assert ref.reads_open == "", ref.reads_open


def test_go_reference_held_in_a_local_struct_field_directly_is_followed(tmp_path: Path) -> None:
    """`r := refs{}; r.net, err = pulumi.NewStackReference(..)`: the reads on `r.net` are its own."""
    main = field_main("").replace(
        "\t\tref, err := pulumi.NewStackReference(",
        "\t\tr := refs{}\n\t\tvar err error\n\t\tr.net, err = pulumi.NewStackReference(",
    )
    got = per_stack(tmp_path, {"main.go": main})
    [ref] = [r for r in _references(tmp_path) if r.site == "app/main.go:18" and r.stack == "dev"]
    assert (ref.outputs, ref.reads_open) == (("subnetIds", "vpcId"), ""), (ref.outputs, ref.reads_open, got)


@pytest.mark.parametrize(
    ("made", "extra", "why"),
    [("\t\tr := refs{net: ref}\n\t\tr.net = nil", "", "refs{net: ref}"),  # set twice
     ("\t\tr := refs{net: ref}\n\t\tr = refs{}", "", "refs{net: ref}"),  # `r` given another value
     ("\t\tr := refs{net: ref}", "\t\tkeep(&r)\n", "refs{net: ref}"),  # `r` handed on
     ("\t\tr := refs{net: ref}", "\t\tr.use()\n", "refs{net: ref}"),  # a method of `r` may read it
     ("\t\tr := refs{net: ref}", "\t\tf := r.use\n\t\tf()\n", "refs{net: ref}"),  # a method value too
     ("\t\tr := refs{net: ref}", "\t\tother := r.net\n\t\t_ = other\n", "refs{net: ref}"),  # `r.net` passed on
     ("\t\tr := refs{net: ref}", "\t\tctx.Export(\"ref\", ref)\n", "ctx.Export(..., ref)"),  # `ref` itself too
     ("\t\tr := refs{net: ref}", "\t\tctx.Export(\"x\", r.net.Outputs)\n", "r.net.Outputs")],  # outputs passed on
)  # fmt: skip
def test_go_reads_on_a_struct_field_not_set_once_stay_open(tmp_path: Path, made: str, extra: str, why: str) -> None:
    """The field set again, `r` reassigned or handed on (an argument, a method called on it), `r.net` or the
    reference used otherwise: the reads stay open, naming a use."""
    per_stack(tmp_path, {"main.go": field_main(made, extra)})
    [ref] = [r for r in _references(tmp_path) if r.site == "app/main.go:16" and r.stack == "dev"]
    assert ref.target_id == "networking/dev" and why in ref.reads_open, ref.reads_open


def _references(tmp_path: Path) -> list[Reference]:
    return list(scan(tmp_path / "repo").references)


# --- `s += x` appends (was read as `s = x`) ---


@pytest.mark.parametrize(
    ("body", "dev", "prod"),
    [('\t\tname := "acme/networking/"\n\t\tname += ctx.Stack()', "networking/dev", "networking/prod"),
     ('\t\tname := "acme/networking/" + ctx.Stack()\n\t\tif ctx.Stack() == "prod" {\n\t\t\tname += "-eu"\n\t\t}',
      "networking/dev", "networking/prod-eu")],
)  # fmt: skip
def test_go_append_to_a_string_keeps_what_it_held(tmp_path: Path, body: str, dev: str, prod: str) -> None:
    """`name += x` is the name before, then `x` (never `x` alone: "acme/networking/" + "-eu" is not "-eu")."""
    got = per_stack(tmp_path, {"main.go": main_go(body, name="name")})
    site = site_of(got)
    assert (got[(site, "dev")][0], got[(site, "prod")][0]) == (dev, prod), got


def test_go_append_on_the_line_the_string_is_given_a_value_stays_unresolved(tmp_path: Path) -> None:
    got = per_stack(tmp_path, {"main.go": main_go('\t\tname := "acme/"; name += "networking/dev"', name="name")})
    target, reason, _ = got[(site_of(got), "dev")]
    assert target == "" and "'name', appended to" in reason, got
