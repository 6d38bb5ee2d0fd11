"""Setup objects in Java, C#, Go and F#: the shapes around the labelled corpus cases (java/setup, csharp/ctorsetup,
go/setup, fsharp/setup) that must stay unresolved with their reason, or pick the right constructor."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

TARGETS = {"net/Pulumi.yaml": project("networking"), "net/Pulumi.dev.yaml": stack()}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def refs(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[str, str]:
    spec = {"app/Pulumi.yaml": project("app", runtime=runtime), "app/Pulumi.dev.yaml": stack(), **TARGETS}
    repo = scan(write_repo(tmp_path / "repo", {**spec, **{f"app/{k}": v for k, v in files.items()}}))
    return {r.site.removeprefix("app/"): r.target_id or r.reason for r in repo.references}


JAVA_SETUP = """package s;
public class Setup {
    private final String env;
    private final String org;
    public Setup(String env) { this("acme", env); }
    public Setup(String org, String env) { this.org = org; this.env = env; }
    public Setup(String org, String env, boolean flip) {
        if (flip) { this.env = org; } else { this.env = env; }
        this.org = org;
    }
    public String net() { return org + "/networking/" + env; }
}
"""


def test_java_picks_the_constructor_of_the_arity_made_follows_this_and_never_guesses_the_others(tmp_path: Path) -> None:
    app = """package s;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            new StackReference(new Setup("acme", ctx.stackName()).net());
            new StackReference(new Setup(ctx.stackName()).net());
            new StackReference(new Setup("acme", ctx.stackName(), true).net());
            new StackReference(new Other().name());
        });
    }
}
"""
    other = "package s;\npublic class Other {\n    private String env;\n    public String name() { return env; }\n}\n"
    got = refs(tmp_path, "java", {"src/main/java/s/App.java": app, "src/main/java/s/Setup.java": JAVA_SETUP,
                                  "src/main/java/s/Other.java": other})  # fmt: skip
    assert got["src/main/java/s/App.java:7"] == "networking/dev"
    assert got["src/main/java/s/App.java:8"] == "networking/dev"  # this("acme", env): what Setup(org, env) gives
    assert "field 'env' of Setup, assigned in a branch or more than once" in got["src/main/java/s/App.java:9"]
    assert "field 'env' of Other, which no constructor sets" in got["src/main/java/s/App.java:10"]


CSHARP_SETUP = """public class Setup
{
    public Setup(string org, string env) { Org = org; Env = env; }
    public Setup(string env) : this("acme", env) { }
    public Setup(string env, int a, int b, int c) : this(env: env, org: "acme") { }
    public Setup(string org, string env, bool flip)
    {
        if (flip) { Env = org; } else { Env = env; }
        Org = org;
    }
    public string Org { get; set; }
    public string Env { get; }
    public string Net() => $"{Org}/networking/{Env}";
}

public class Pair
{
    public Pair(string org, string env) { Org = org; Env = env; }
    public Pair(int attempt, string env) { Org = "acme"; Env = env; }
    public string Org { get; }
    public string Env { get; }
    public string Net() => $"{Org}/networking/{Env}";
}

public class Other
{
    public string Env { get; }
    public string Name() => Env;
}
"""


def test_csharp_picks_the_constructor_a_creation_runs_and_never_guesses_the_others(tmp_path: Path) -> None:
    program = """using Pulumi;
return await Deployment.RunAsync(() =>
{
    var stack = Deployment.Instance.StackName;
    new StackReference(new Setup("acme", stack).Net());
    new StackReference(new Setup(stack).Net());
    new StackReference(new Setup(stack, 1, 2, 3).Net());
    new StackReference(new Setup("acme", stack, true).Net());
    new StackReference(new Pair("acme", stack).Net());
    new StackReference(new Other().Name());
    var later = new Setup("acme", "prod");
    later.Org = stack;
    new StackReference(later.Net());
});
"""
    got = refs(tmp_path, "dotnet", {"app.csproj": "<Project />", "Program.cs": program, "Setup.cs": CSHARP_SETUP})
    assert got["Program.cs:5"] == "networking/dev"
    assert got["Program.cs:6"] == "networking/dev"  # : this("acme", env)
    assert "field 'Org' of Setup, set through this(..) with named arguments" in got["Program.cs:7"]
    assert "field 'Env' of Setup, assigned in a branch or more than once" in got["Program.cs:8"]
    assert "2 overloads of 'Pair' take 2 arguments" in got["Program.cs:9"]
    assert "field 'Env' of Other, which no constructor sets" in got["Program.cs:10"]
    assert got["Program.cs:13"].startswith("cannot resolve") and "networking/prod" not in got["Program.cs:13"]


def test_go_reads_keyed_struct_literals_only(tmp_path: Path) -> None:
    main = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Setup struct{ Env, Org string }

func (s Setup) Net() string { return s.Org + "/networking/" + s.Env }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		keyed := &Setup{Org: "acme", Env: ctx.Stack()}
		pulumi.NewStackReference(ctx, keyed.Net(), nil)
		positional := Setup{ctx.Stack(), "acme"}
		pulumi.NewStackReference(ctx, positional.Net(), nil)
		var later Setup
		later.Env = ctx.Stack()
		pulumi.NewStackReference(ctx, later.Net(), nil)
		return nil
	})
}
"""
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main})
    assert got["main.go:12"] == "networking/dev"
    assert got["main.go:14"].startswith("cannot resolve") and "networking/dev" not in got["main.go:14"]
    assert got["main.go:17"].startswith("cannot resolve")


def test_fsharp_reads_record_expressions_not_copies(tmp_path: Path) -> None:
    setup = """module Setup

type StackSetup =
    { Env: string
      Org: string }
    member this.Net = this.Org + "/networking/" + this.Env
"""
    program = """module Program

open Pulumi

let infra () =
    let setup = { Env = Deployment.Instance.StackName; Org = "acme" }
    let a = StackReference(setup.Net)
    let copy = { setup with Env = "prod" }
    let b = StackReference(copy.Net)
    ()
"""
    got = refs(tmp_path, "dotnet", {"Setup.fs": setup, "Program.fs": program})
    assert got["Program.fs:7"] == "networking/dev"
    assert got["Program.fs:9"].startswith("cannot resolve")


GO_STACKREF = """package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type StackRef struct {
	org string
	ref *pulumi.StackReference
}

func (s *StackRef) Init(ctx *pulumi.Context, slug string) error {
	r, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", slug, ctx.Stack()), nil)
	s.ref = r
	return err
}

func (s *StackRef) Owned(ctx *pulumi.Context, slug string) {
	pulumi.NewStackReference(ctx, s.org+"/"+slug+"/"+ctx.Stack(), nil)
}
"""


def _go_main(made: str, calls: str) -> str:
    return f"""package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		{made}
		{calls}
		ctx.Export("vpc", st.ref.GetOutput(pulumi.String("vpcId")))
		return nil
	}})
}}
"""


@pytest.mark.parametrize(
    "made",
    ["var st StackRef", "st := &StackRef{}", "st := StackRef{}", "st := new(StackRef)", "var st = StackRef{}",
     'st := StackRef{org: "acme"}', 'st := StackRef{"acme", nil}'],
)  # fmt: skip
def test_go_binds_a_method_called_on_a_struct_value(tmp_path: Path, made: str) -> None:
    """steal-this-idp: `var st StackRef; st.Init(ctx, "network")` binds the method's parameter `slug`; the reads
    on the struct field holding the reference are not followed (and say so)."""
    main = _go_main(made, 'if err := st.Init(ctx, "networking"); err != nil {\n\t\t\treturn err\n\t\t}')
    files = {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main, "stackref.go": GO_STACKREF}
    spec = {"app/Pulumi.yaml": project("app", runtime="go"), "app/Pulumi.dev.yaml": stack(), **TARGETS}
    repo = scan(write_repo(tmp_path / "repo", {**spec, **{f"app/{k}": v for k, v in files.items()}}))
    [ref] = [r for r in repo.references if r.line == 15]
    assert ref.target_id == "networking/dev", ref.reason
    assert "s.ref = r" in ref.reads_open


@pytest.mark.parametrize(
    ("made", "why"),
    [("var st StackRef", "field 'org' of StackRef, not set where it is made"),
     ("st := new(StackRef)", "field 'org' of StackRef, not set where it is made"),
     ('st := StackRef{"acme", nil}', "written by position")],
)  # fmt: skip
def test_go_method_on_a_struct_value_never_guesses_a_field_not_written(tmp_path: Path, made: str, why: str) -> None:
    main = _go_main(made, 'st.Owned(ctx, "networking")')
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main,
                                "stackref.go": GO_STACKREF})  # fmt: skip
    assert got["stackref.go:21"].startswith("cannot resolve") and why in got["stackref.go:21"]


def test_go_method_on_a_keyed_struct_literal_reads_its_field(tmp_path: Path) -> None:
    main = _go_main('st := &StackRef{org: "acme"}', 'st.Owned(ctx, "networking")')
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main,
                                "stackref.go": GO_STACKREF})  # fmt: skip
    assert got["stackref.go:21"] == "networking/dev"


def test_go_receiver_is_never_a_package_level_name(tmp_path: Path) -> None:
    """`func (e Env) Net(..)` using `e` itself: the receiver, not the package constant `e` of another file."""
    env = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Env string

func (e Env) Net(ctx *pulumi.Context) {
	pulumi.NewStackReference(ctx, "acme/networking/"+e, nil)
}
"""
    main = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

const e = "dev"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		Env("dev").Net(ctx)
		return nil
	})
}
"""
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main, "env.go": env})
    assert got["env.go:8"].startswith("cannot resolve") and "receiver" in got["env.go:8"]


GO_SETUP_ON_RECEIVER = """package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type StackRef struct {
	ref *pulumi.StackReference
}

func (s *StackRef) Init(ctx *pulumi.Context, slug string) error {
	r, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/%s/%s", slug, ctx.Stack()), nil)
	s.ref = r
	return err
}

func (s *StackRef) Setup(ctx *pulumi.Context) error {
	return s.Init(ctx, "networking")
}

func (s *StackRef) SetupFor(ctx *pulumi.Context, slug string) error {
	return s.Init(ctx, slug)
}

func (s *StackRef) SetupFromEnv(ctx *pulumi.Context) error {
	return s.Init(ctx, os.Getenv("SLUG"))
}
"""


@pytest.mark.parametrize(
    ("call", "want"),
    [("st.Setup(ctx)", "networking/dev"),
     ('st.SetupFor(ctx, "networking")', "networking/dev"),
     ("st.SetupFromEnv(ctx)", "cannot resolve")],
)  # fmt: skip
def test_go_method_called_on_the_receiver_binds_its_parameters(tmp_path: Path, call: str, want: str) -> None:
    """`func (s *StackRef) Setup(ctx) error { return s.Init(ctx, "network") }`, called as `st.Setup(ctx)`:
    `Init`'s `slug` is bound through the call on the receiver (a literal, or a parameter of `Setup` bound by its
    own caller); a value not known where it is made stays unresolved, with its reason."""
    main = f"""package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		var st StackRef
		return {call}
	}})
}}
"""
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main,
                                "stackref.go": GO_SETUP_ON_RECEIVER})  # fmt: skip
    assert got["stackref.go:15"].startswith(want), got["stackref.go:15"]
    if want == "cannot resolve":
        assert "SLUG" in got["stackref.go:15"] or "Getenv" in got["stackref.go:15"], got


def _go_zero(body: str) -> dict[str, str]:
    return {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": f"""package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
{body}
		_, err := pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack()+suffix, nil)
		return err
	}})
}}
"""}  # fmt: skip


def test_go_var_without_value_never_assigned_holds_its_zero_value(tmp_path: Path) -> None:
    """`var suffix string`, never assigned: Go's zero value "" (not a package-level name of another file)."""
    got = refs(tmp_path, "go", _go_zero("\t\tvar suffix string"))
    assert got["main.go:8"] == "networking/dev", got


@pytest.mark.parametrize(
    ("body", "where"),
    [('\t\tvar suffix string\n\t\tfor _, s := range []string{"-a"} {\n\t\t\tsuffix = s\n\t\t}', "a branch or a loop"),
     ("\t\tvar suffix string\n\t\tdefer func() { suffix = \"-x\" }()", "line 8")],
)  # fmt: skip
def test_go_var_without_value_assigned_later_is_unresolved(tmp_path: Path, body: str, where: str) -> None:
    """Assigned later in a loop or a closure: never the zero value, never the assigned value; the reason names
    the assignment, or (a loop, read through the branch logic every assignment goes through) that it is in one.
    (An `if` without `else` on the stack is read per stack: test_go_leftovers.py.)"""
    got = refs(tmp_path, "go", _go_zero(body))
    [site] = [k for k in got if k.startswith("main.go:")]
    reason = got[site]
    assert reason.startswith("cannot resolve") and "suffix" in reason and where in reason, got


def test_go_var_without_value_assigned_before_the_use_reads_that_value(tmp_path: Path) -> None:
    got = refs(tmp_path, "go", _go_zero('\t\tvar suffix string\n\t\tsuffix = ""'))
    assert got["main.go:9"] == "networking/dev", got


def test_go_var_without_value_read_before_its_assignment_is_unresolved(tmp_path: Path) -> None:
    """`var s string; use(s); s = "x"`: never the value assigned after the use (it was taken before)."""
    files = _go_zero("\t\tvar suffix string")
    files["main.go"] = files["main.go"].replace("\t\treturn err\n", '\t\tsuffix = "-late"\n\t\treturn err\n')
    got = refs(tmp_path, "go", files)
    assert got["main.go:8"].startswith("cannot resolve") and "line 9" in got["main.go:8"], got


def test_go_var_without_value_set_in_both_arms_of_an_if_on_the_stack_is_read_per_stack(tmp_path: Path) -> None:
    """`var env string; if ctx.Stack() == "prod" { env = "-eu" } else { env = "" }`: each stack takes its arm, as
    before `var` without a value was declared (the zero value never hides the branch logic)."""
    body = (
        '\t\tvar suffix string\n\t\tif ctx.Stack() == "prod" {\n\t\t\tsuffix = "-eu"\n\t\t} else {\n'
        '\t\t\tsuffix = ""\n\t\t}'
    )
    got = refs(tmp_path, "go", _go_zero(body))
    assert [v for k, v in got.items() if k.startswith("main.go:")] == ["networking/dev"], got


GO_LOADER = """package main

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type Cfg struct {
	Env      string
	OrgStack string
	NetStack string
	EnvStack string
	Region   string
	Code     string
}

func loadCfg(ctx *pulumi.Context) *Cfg {
	conf := config.New(ctx, "")
	c := &Cfg{
		Env:      conf.Require("env"),
		OrgStack: conf.Require("org_stack_name"),
		NetStack: conf.Get("network_stack_name"),
		EnvStack: conf.Get("env_stack_name"),
		Region:   conf.Get("region"),
	}
	if c.NetStack == "" {
		c.NetStack = fmt.Sprintf("acme/networking/%s", c.Env)
	}
	if c.EnvStack == "" {
		c.EnvStack = strings.Replace(c.OrgStack, "networking", "environments", 1)
	}
	if c.Region == "" {
		c.Region = "us-central1"
	}
	codes := map[string]string{"dev": "d"}
	c.Code = codes[c.Env]
	EXTRA
	return c
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := loadCfg(ctx)
		pulumi.NewStackReference(ctx, "org", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.OrgStack)})
		pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.NetStack)})
		pulumi.NewStackReference(ctx, "env", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.EnvStack)})
		code := "acme/networking/" + cfg.Code
		pulumi.NewStackReference(ctx, "code", &pulumi.StackReferenceArgs{Name: pulumi.String(code)})
		return nil
	})
}

func fill(c *Cfg) {}
"""
LOADER_CONFIG = {"app:env": "dev", "app:org_stack_name": "acme/networking/dev"}


def _loader_refs(tmp_path: Path, extra: str) -> dict[str, str]:
    spec = {
        "app/Pulumi.yaml": project("app", runtime="go"),
        "app/Pulumi.dev.yaml": stack(config=LOADER_CONFIG),
        "app/go.mod": "module foundation-app\n\ngo 1.21\n",
        "app/main.go": GO_LOADER.replace("EXTRA", extra),
        "env/Pulumi.yaml": project("environments"),
        "env/Pulumi.dev.yaml": stack(),
        **TARGETS,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    lines = spec["app/main.go"].splitlines()
    site = {f"main.go:{i}": ln.split('"')[1] for i, ln in enumerate(lines, 1) if "NewStackReference(ctx, " in ln}
    return {site[r.site.removeprefix("app/")]: r.target_id or r.reason for r in repo.references}


def test_go_config_loader_function_returning_a_struct_is_read_with_its_defaults(tmp_path: Path) -> None:
    """VitruvianSoftware/pulumi-example-foundation: each stage reads its config in `loadXConfig(ctx)`, which fills
    a `&XConfig{..}` from `conf.Require`/`conf.Get` and gives defaults with `if c.F == "" { c.F = .. }`; the
    StackReferences in main read `cfg.OrgStackName`. They were all unresolved ("a run-time value")."""
    got = _loader_refs(tmp_path, "")
    assert got["org"] == "networking/dev"  # conf.Require, set in the stack file
    assert got["net"] == "networking/dev"  # conf.Get, unset: the default built from another field
    assert got["env"] == "environments/dev"  # the default strings.Replace of another field
    assert got["code"] == ""  # c.Code = codes[c.Env], a map literal read at "dev" (go_maps.py): acme/networking/d,
    # resolved to a stack the repository does not hold (no target id, no reason)


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ('if c.Env == "prod" {\n\t\tc.OrgStack = "acme/networking/prod"\n\t}', "c.OrgStack"),
        ("fill(c)", "handed on"),
        ('conf.GetObject("org", &c.OrgStack)', "c.OrgStack"),
        ('if c.Env == "x" {\n\t\treturn nil\n\t}', "returns"),
    ],
)
def test_go_config_loader_never_guesses_a_field_set_elsewhere(tmp_path: Path, extra: str, why: str) -> None:
    """The loader's struct changed other than by a default (`if` on another value, handed to a function, its
    field's address taken, or a second `return`): the field is unresolved with the reason, never the literal's."""
    got = _loader_refs(tmp_path, extra)
    assert got["org"].startswith("cannot resolve"), got
    assert why in got["org"]


def test_go_struct_field_set_after_it_is_made_is_never_the_literal_value(tmp_path: Path) -> None:
    """`s := &Setup{Net: "acme/networking/dev"}` then `s.Net = "acme/other/dev"` (or `cfg := loadCfg(ctx)` then
    `cfg.OrgStack = ..`): the program names the other stack; reading the literal's value made a false edge to
    networking/dev. Modelled on the loaders of VitruvianSoftware/pulumi-example-foundation."""
    main = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Setup struct{ Net string }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		s := &Setup{Net: "acme/networking/dev"}
		s.Net = "acme/other/dev"
		pulumi.NewStackReference(ctx, s.Net, nil)
		return nil
	})
}
"""
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main})
    assert got["main.go:11"].startswith("cannot resolve"), got
    assert "`s.Net` set at app/main.go:10 after it is made" in got["main.go:11"]
    loader = GO_LOADER.replace("EXTRA", "").replace(
        "cfg := loadCfg(ctx)\n", 'cfg := loadCfg(ctx)\n\t\tcfg.OrgStack = "x/y/z"\n'
    )
    spec = {"app/Pulumi.yaml": project("app", runtime="go"), "app/Pulumi.dev.yaml": stack(config=LOADER_CONFIG),
            "app/go.mod": "module foundation-app\n\ngo 1.21\n", "app/main.go": loader, **TARGETS}  # fmt: skip
    repo = scan(write_repo(tmp_path / "loader", spec))
    at = next(i for i, ln in enumerate(loader.splitlines(), 1) if '"org"' in ln)
    org = next(r for r in repo.references if r.file == "app/main.go" and r.line == at)
    assert org.target_id is None and f"`cfg.OrgStack` set at app/main.go:{at - 1} after it is made" in org.reason
