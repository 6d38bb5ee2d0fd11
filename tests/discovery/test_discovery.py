"""Discovery: which files are projects and stacks, what is read from them, what is skipped."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pathspec
import pytest

from stackgraph.discovery.scan import scan
from stackgraph.discovery.walk import _matcher
from stackgraph.model import SECRET
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

NET = {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()}


def ids(root: Path) -> list[str]:
    return [s.id for s in scan(root, infer=False).stacks]


def edges(root: Path) -> list[tuple[str, str]]:
    return [(e.dependent, e.dependency) for e in scan(root, infer=False).edges]


def test_project_file_yml_and_runtime_forms(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yml": project("a", runtime="python", main="src/", description="A."),
            "a/Pulumi.dev.yml": stack(),  # a Pulumi.yml project reads Pulumi.<stack>.yml, as the engine does
            "b/Pulumi.yaml": project("b", runtime={"name": "nodejs", "options": {"typescript": True}}),
            "b/Pulumi.dev.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    a, b = repo.projects
    assert (a.name, a.path, a.file, a.runtime, a.runtime_options, a.main, a.description) == (
        "a",
        "a",
        "a/Pulumi.yml",
        "python",
        {},
        "src/",
        "A.",
    )
    assert (b.name, b.file, b.runtime, b.runtime_options, b.main) == (
        "b",
        "b/Pulumi.yaml",
        "nodejs",
        {"typescript": True},
        None,
    )
    assert [s.id for s in repo.stacks] == ["a/dev", "b/dev"]


def test_project_at_the_root(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"Pulumi.yaml": project("solo"), "Pulumi.dev.yaml": stack()})
    repo = scan(root, infer=False)
    assert [(p.path, p.file) for p in repo.projects] == [(".", "Pulumi.yaml")]
    assert [(s.id, s.file, s.project_path) for s in repo.stacks] == [("solo/dev", "Pulumi.dev.yaml", ".")]


def test_stack_names_with_dots_and_the_project_files_extension(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.demo.example.yaml": stack(),
            "a/Pulumi.prod.yml": stack(),  # Pulumi reads Pulumi.prod.yaml for a Pulumi.yaml project, never this
            "a/Pulumi.yaml.bak": "x",
            "a/pulumi.dev.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [(s.id, s.name, s.file) for s in repo.stacks] == [
        ("a/demo.example", "demo.example", "a/Pulumi.demo.example.yaml"),
    ]
    assert ("a/Pulumi.prod.yml", "other-extension") in {(k.file, k.reason) for k in repo.skipped}


def test_stack_config_dir(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a", stackConfigDir="config"),
            "a/config/Pulumi.dev.yaml": stack(),
            "a/config/Pulumi.prod.yaml": stack(),
            "a/config/notes.txt": "x",
            "a/Pulumi.stray.yaml": stack(),  # Pulumi reads only stackConfigDir when it is set
            "b/Pulumi.yaml": project("b", stackConfigDir="../shared/b"),
            "shared/b/Pulumi.dev.yaml": stack(["a/dev"]),
        },
    )
    repo = scan(root, infer=False)
    assert repo.projects[0].stack_config_dir == "config"
    assert [(s.id, s.file) for s in repo.stacks] == [
        ("a/dev", "a/config/Pulumi.dev.yaml"),
        ("a/prod", "a/config/Pulumi.prod.yaml"),
        ("b/dev", "shared/b/Pulumi.dev.yaml"),
    ]
    assert edges(root) == [("b/dev", "a/dev")]


def test_config_naming_a_folder_is_the_older_stack_config_dir(tmp_path: Path) -> None:
    """`config: ../config` (a string) is Pulumi's deprecated spelling of stackConfigDir, still in public
    repositories (nginxinc/kic-reference-architectures): read as the folder of the stack files, never refused."""
    root = write_repo(
        tmp_path,
        {
            "infra/eks/Pulumi.yaml": "name: eks\nruntime: python\nconfig: ../../config\n",
            "config/Pulumi.dev.yaml": stack(),
            "infra/eks/Pulumi.stray.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert repo.projects[0].stack_config_dir == "../../config"
    assert [(s.id, s.file) for s in repo.stacks] == [("eks/dev", "config/Pulumi.dev.yaml")]


def test_config_folder_and_stack_config_dir_together_are_refused(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {"a/Pulumi.yaml": "name: a\nruntime: python\nstackConfigDir: c\nconfig: d\n", "a/c/Pulumi.dev.yaml": stack()},
    )
    result = cli("plan", str(root))
    assert result.code == 2
    assert "a/Pulumi.yaml:4: 'config' names a folder and 'stackConfigDir' is set too" in result.stderr


def test_missing_stack_config_dir_means_no_stacks_and_a_warning(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {"a/Pulumi.yaml": project("a", stackConfigDir="config"), "a/Pulumi.dev.yaml": stack(), **NET},
    )
    assert ids(root) == ["net/dev"]
    out = cli("plan", root, "-f", "json")
    message = (
        "'stackConfigDir' 'config' is not a folder, so project 'a' has no stacks; "
        "Pulumi.dev.yaml beside its Pulumi.yaml is not read (Pulumi reads stackConfigDir only)"
    )
    assert (out.code, out.stderr) == (
        0,
        f"stackgraph: warning: a/Pulumi.yaml: {message}\n"
        "stackgraph: warning: 1 file skipped (outside stackConfigDir: 1); --verbose lists them\n",
    )
    assert json.loads(out.stdout)["diagnostics"] == [
        {
            "severity": "warning",
            "code": "no-stack-config-dir",
            "message": message,
            "file": "a/Pulumi.yaml",
            "line": None,
        }
    ]


TEMPLATE = (
    "name: ${PROJECT}\ndescription: ${DESCRIPTION}\nruntime: python\ntemplate:\n"
    "  description: A minimal AWS Python Pulumi program\n  config:\n    aws:region:\n      default: us-east-1\n"
)


@pytest.mark.parametrize(
    "text",
    [
        TEMPLATE,
        "name: ${PROJECT}\nruntime: nodejs\n",
        "name: '{{ .ProjectName }}'\nruntime: go\n",
        "name: '{{cookiecutter.project_slug}}'\nruntime: python\n",
        "name: <%= projectName %>\nruntime: nodejs\n",
        "name: acme-${SERVICE}\nruntime: yaml\n",
        "name: '{% raw %}x{% endraw %}'\nruntime: yaml\n",
    ],
    ids=["pulumi-new-template", "dollar-brace", "go-template", "cookiecutter", "erb", "partial", "jinja-block"],
)
def test_templates_are_skipped_with_a_note(tmp_path: Path, text: str) -> None:
    """A project file whose name is a placeholder is a template: skipped with its folder, with an info."""
    root = write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "templates/starter/Pulumi.yaml": text,
            "templates/starter/Pulumi.dev.yaml": stack(),
            "templates/starter/__main__.py": 'import pulumi\nref = pulumi.StackReference("acme/nowhere/dev")\n',
        },
    )
    assert ids(root) == ["net/dev"]
    out = cli("scan", root, "-f", "json")
    assert (out.code, out.stderr) == (0, "")  # an info: printed in the document, not on stderr
    doc = json.loads(out.stdout)
    assert [p["path"] for p in doc["projects"]] == ["net"] and doc["references"] == []
    assert doc["diagnostics"] == [
        {
            "severity": "info",
            "code": "template",
            "message": "a project template (its name is a placeholder such as '${PROJECT}' or '{{ name }}'): "
            "skipped with its folder",
            "file": "templates/starter/Pulumi.yaml",
            "line": None,
        }
    ]
    assert doc["skipped"] == [  # its stack file too: nothing in the template's folder is read
        {"file": "templates/starter/Pulumi.dev.yaml", "reason": "template", "detail": "in a template project"},
        {"file": "templates/starter/Pulumi.yaml", "reason": "template", "detail": "its name is a placeholder"},
    ]
    assert cli("plan", root, "-f", "json").code == 0


def test_a_template_section_is_a_project(tmp_path: Path) -> None:
    """Pulumi's examples carry a `template:` block (config for `pulumi new`): they are projects like any other."""
    section = "  description: A web app\n  config:\n    aws:region:\n      default: us-east-1\n"
    root = write_repo(
        tmp_path,
        {
            **NET,
            "web/Pulumi.yaml": f"name: web\nruntime: yaml\ndescription: Web\ntemplate:\n{section}",
            "web/Pulumi.dev.yaml": stack(["net/dev"]),
            "web/Pulumi.prod.yaml": stack(),
            "api/Pulumi.yaml": "name: api\nruntime: python\ntemplate:\n  displayName: API\n",
            "api/Pulumi.dev.yaml": stack(),
            "api/__main__.py": 'import pulumi\nweb = pulumi.StackReference(f"acme/web/{pulumi.get_stack()}")\n',
        },
    )
    repo = scan(root)
    assert [p.name for p in repo.projects] == ["api", "net", "web"]
    assert [s.id for s in repo.stacks] == ["api/dev", "net/dev", "web/dev", "web/prod"]
    assert [(e.dependent, e.dependency, e.kinds) for e in repo.edges] == [
        ("api/dev", "web/dev", ("code",)),
        ("web/dev", "net/dev", ("explicit",)),
    ]
    assert repo.skipped == () and repo.diagnostics == ()


SKIPPED = {
    ".git/x/Pulumi.yaml": project("git"),
    ".git/x/Pulumi.dev.yaml": stack(),
    ".hidden/Pulumi.yaml": project("hidden"),
    "app/node_modules/dep/Pulumi.yaml": project("nodemod"),
    "app/node_modules/dep/Pulumi.dev.yaml": stack(),
    "env/pyvenv.cfg": "home = /usr/bin\n",
    "env/lib/x/Pulumi.yaml": project("venv"),
    "env/lib/x/Pulumi.dev.yaml": stack(),
    "tools/lib/python3.11/site-packages/pkg/Pulumi.yaml": project("sitepkg"),
    "tools/lib/python3.11/site-packages/pkg/Pulumi.dev.yaml": stack(),
    "go/vendor/mod/Pulumi.yaml": project("vendored"),
    "web/build/Pulumi.yaml": project("built"),
    "web/dist/Pulumi.yaml": project("dist"),
    "java/target/Pulumi.yaml": project("target"),
    "dotnet/bin/Pulumi.yaml": project("bin"),
    "dotnet/obj/Pulumi.yaml": project("obj"),
    "generated/Pulumi.yaml": project("generated"),
    "generated/Pulumi.dev.yaml": stack(),
    "app/tmp-out/Pulumi.yaml": project("ignored-nested"),
    "app/scratch.Pulumi.yaml": "not: a project\n",
}


def test_skips_what_is_not_a_project_of_the_repository(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **SKIPPED,
            ".gitignore": "/generated/\n*.log\nPulumi.local.yaml\n",
            "app/.gitignore": "tmp-*/\n",
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(),
            # a .gitignore'd stack file is not a stack
            "app/Pulumi.local.yaml": stack(),
        },
    )
    repo = scan(root, infer=False)
    assert [p.name for p in repo.projects] == ["app"]
    assert [s.id for s in repo.stacks] == ["app/dev"]


def test_settings_exclude(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path, {**NET, "stackgraph.yaml": {"exclude": ["sandbox/**"]}, "sandbox/x/Pulumi.yaml": project("x")}
    )
    assert [p.name for p in scan(root, infer=False).projects] == ["net"]


def test_nested_projects_are_projects_of_their_own(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "platform/Pulumi.yaml": project("platform"),
            "platform/Pulumi.dev.yaml": stack(),
            "platform/addons/Pulumi.yaml": project("addons"),
            "platform/addons/Pulumi.dev.yaml": stack(["platform/dev"]),
        },
    )
    repo = scan(root, infer=False)
    assert [(p.name, p.path) for p in repo.projects] == [("platform", "platform"), ("addons", "platform/addons")]
    assert [(s.id, s.file) for s in repo.stacks] == [
        ("addons/dev", "platform/addons/Pulumi.dev.yaml"),
        ("platform/dev", "platform/Pulumi.dev.yaml"),
    ]
    assert edges(root) == [("addons/dev", "platform/dev")]


SECRET_VALUE = "AAABAKZ3c2VjcmV0LWNpcGhlcnRleHQtdGhhdC1tdXN0LW5ldmVyLWxlYWs="


def secret_repo(root: Path) -> Path:
    return write_repo(
        root,
        {
            **NET,
            "db/Pulumi.yaml": project("db", runtime="python"),
            "db/Pulumi.dev.yaml": (
                "config:\n"
                "  db:user: admin\n"
                "  db:password:\n"
                f"    secure: {SECRET_VALUE}\n"
                "  db:nested:\n"
                "    tokens:\n"
                f"      - secure: {SECRET_VALUE}x\n"
                "      - plain\n"
                "  stackgraph:dependsOn:\n"
                "    - net/dev\n"
                "environment:\n"
                "  - acme/db-dev\n"
                "  - acme/common\n"
            ),
        },
    )


def test_secure_keys_recorded_values_masked(tmp_path: Path) -> None:
    repo = scan(secret_repo(tmp_path), infer=False)
    db = repo.stack_by_id()["db/dev"]
    assert db.secure_keys == ("db:nested.tokens[0]", "db:password")
    assert db.config["db:password"] is SECRET
    assert db.config["db:nested"] == {"tokens": [SECRET, "plain"]}
    assert db.environment == ("acme/db-dev", "acme/common")
    assert SECRET_VALUE not in repr(repo)


OUTPUTS = [
    ("scan",),
    ("scan", "-f", "json"),
    *[("plan", "-f", f) for f in ("text", "json", "markdown", "table")],
    *[("plan", "--destroy", "-f", f) for f in ("text", "json")],
    *[("graph", "-f", f, "--cluster", c) for f in ("dot", "mermaid", "json") for c in ("env", "project", "none")],
    ("graph", "-f", "svg"),
]


@pytest.mark.parametrize("args", OUTPUTS, ids=[" ".join(a) for a in OUTPUTS])
def test_secret_value_appears_in_no_output(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = secret_repo(tmp_path / "repo")
    out = cli(args[0], root, *args[1:])
    assert out.code == 0, out.stderr
    assert "db/dev" in out.stdout
    for text in (out.stdout, out.stderr):
        assert "AAABA" not in text
    written = tmp_path / "out"
    assert cli(args[0], root, *args[1:], "-o", written).code == 0
    assert b"AAABA" not in written.read_bytes()


def test_secret_value_stays_out_of_error_messages(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": f"config:\n  stackgraph:dependsOn:\n    secure: {SECRET_VALUE}\n",
        },
    )
    out = cli("plan", root)
    assert out.code == 2
    assert out.stderr == (
        "stackgraph: error: a/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' must be a list of stack ids like "
        "`networking/prod`; fix its type\n"
    )


def test_scan_json_records_secure_keys_and_environment(tmp_path: Path) -> None:
    out = cli("scan", secret_repo(tmp_path), "-f", "json")
    doc = json.loads(out.stdout)
    assert doc["schema"] == "stackgraph.scan/v1"
    assert doc["stacks"][0] == {
        "id": "db/dev",
        "project": "db",
        "name": "dev",
        "file": "db/Pulumi.dev.yaml",
        "secure_keys": ["db:nested.tokens[0]", "db:password"],
        "environment": ["acme/db-dev", "acme/common"],
    }


def test_environment_imports_mapping_form(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "environment:\n  imports: [x/y]\n"}
    )
    assert scan(root, infer=False).stacks[0].environment == ("x/y",)


@pytest.mark.parametrize(
    "default",
    [
        ["net/{stack}"],
        "net/{stack}",
        {"value": ["net/${stack}"]},
        {"default": ["net/${pulumi.stack}"]},
        {"type": "array", "default": ["net/{stack}"]},
    ],
    ids=["plain-list", "plain-string", "value", "default", "typed-default"],
)
def test_project_level_depends_on_default(tmp_path: Path, default: object) -> None:
    root = write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "net/Pulumi.prod.yaml": stack(),
            "app/Pulumi.yaml": project("app", config={"stackgraph:dependsOn": default}),
            "app/Pulumi.dev.yaml": stack(),
            "app/Pulumi.prod.yaml": stack(),
            # a stack's own list replaces the project's default; [] means no dependencies
            "app/Pulumi.sandbox.yaml": stack([]),
        },
    )
    repo = scan(root, infer=False)
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev"), ("app/prod", "net/prod")]
    evidence = repo.edges[0].evidence[0]
    assert (evidence.kind, evidence.file) == ("explicit", "app/Pulumi.yaml")
    assert evidence.line is not None


def test_stack_list_overrides_project_default(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            "db/Pulumi.yaml": project("db"),
            "db/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", config={"stackgraph:dependsOn": ["net/{stack}"]}),
            "app/Pulumi.dev.yaml": stack(["db/dev"]),
        },
    )
    assert edges(root) == [("app/dev", "db/dev")]


def test_evidence_names_file_and_line(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": "config:\n  x: 1\n  stackgraph:dependsOn:\n    # the network\n    - net/dev\n",
        },
    )
    [edge] = scan(root, infer=False).edges
    assert edge.to_json() == {
        "from": "app/dev",
        "to": "net/dev",
        "kind": "explicit",
        "evidence": [
            {"kind": "explicit", "file": "app/Pulumi.dev.yaml", "line": 5, "detail": "stackgraph:dependsOn: net/dev"}
        ],
    }


def test_external_stacks(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "stackgraph.yaml": {"org": "acme"},
            **NET,
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["acme/net/dev", "acme/shared/prod", "partner/net/dev"]),
        },
    )
    repo = scan(root, infer=False)
    assert edges(root) == [("app/dev", "acme/shared/prod"), ("app/dev", "net/dev"), ("app/dev", "partner/net/dev")]
    assert repo.external == ("acme/shared/prod", "partner/net/dev")
    out = cli("plan", root, "-f", "json")
    doc = json.loads(out.stdout)
    assert doc["levels"] == [["net/dev"], ["app/dev"]]
    assert doc["external"] == ["acme/shared/prod", "partner/net/dev"]
    graph = json.loads(cli("graph", root, "-f", "json").stdout)
    assert [(n["id"], n["kind"], n["level"]) for n in graph["nodes"]] == [
        ("acme/shared/prod", "external", 0),
        ("app/dev", "stack", 1),
        ("net/dev", "stack", 0),
        ("partner/net/dev", "external", 0),
    ]


def test_tags(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a", config={"stackgraph:tags": ["core", "net"]}),
            "a/Pulumi.dev.yaml": stack(),
            "a/Pulumi.prod.yaml": stack(tags=["prod", "core", "prod"]),
        },
    )
    repo = scan(root, infer=False)
    assert repo.projects[0].tags == ("core", "net")
    assert [s.tags for s in repo.stacks] == [None, ("core", "prod")]


def test_empty_stack_file_is_a_stack_without_config(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": ""})
    [s] = scan(root, infer=False).stacks
    assert (s.id, dict(s.config), s.depends_on) == ("a/dev", {}, None)


def test_plan_of_a_folder_without_stacks_says_why(tmp_path: Path) -> None:
    """Not an empty order with exit 0: most likely the wrong folder, so bad input (exit 2), with the reason."""
    for out in both("plan", tmp_path, "-f", "text"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            f"stackgraph: error: {tmp_path}: no Pulumi project here (no Pulumi.yaml below this folder); "
            "pass the folder that holds your projects\n"
        )
    write_repo(tmp_path, {".gitignore": "infra/\n", "infra/net/Pulumi.yaml": project("net")})
    out = cli("plan", tmp_path)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "stackgraph: warning: 1 file skipped (ignored by .gitignore: 1); --verbose lists them\n"
        f"stackgraph: error: {tmp_path}: no project below this folder; 1 project file skipped (ignored by .gitignore): "
        "infra/net/Pulumi.yaml; pass the folder that holds your projects\n"
    )
    write_repo(tmp_path, {"app/Pulumi.yaml": project("app"), "web/Pulumi.yaml": project("web")})
    out = cli("plan", tmp_path)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.endswith(
        f"stackgraph: error: {tmp_path}: 2 projects but no stack file (Pulumi.<stack>.yaml); "
        "pass --env NAME to plan a stack NAME for each, or add stack files\n"
    )
    assert (
        cli("plan", tmp_path, "--env", "dev", "-f", "text").stdout.splitlines()[0]
        == "deploy order: 2 stacks in 1 level"
    )


def test_yaml_anchors_and_merge_keys(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": (
                "config:\n"
                "  a:common: &common\n"
                "    region: eu-west-1\n"
                "  a:sized:\n"
                "    <<: *common\n"
                "    size: 2\n"
                "  a:again: *common\n"
                "  stackgraph:dependsOn: [net/dev]\n"
            ),
        },
    )
    repo = scan(root, infer=False)
    config = repo.stack_by_id()["a/dev"].config
    assert (config["a:sized"], config["a:again"]) == ({"region": "eu-west-1", "size": 2}, {"region": "eu-west-1"})
    assert [(e.dependent, e.dependency, e.evidence[0].line) for e in repo.edges] == [("a/dev", "net/dev", 8)]


def test_gitignore_matcher_agrees_with_pathspec() -> None:
    patterns = [
        "/generated/", "*.log", "Pulumi.local.yaml", "node_modules/", "build", "a/**/b", "**/tmp-*/", "docs/*.md",
        "\\#x", "foo/bar/", "*.py[cod]", "dir/", "/root-only.txt", "x?y", "[ab]c", "!keep.log", "!/generated/k",
    ]  # fmt: skip
    names = ["generated", "x.log", "keep.log", "Pulumi.local.yaml", "node_modules", "build", "a", "b", "tmp-1",
             "docs", "r.md", "#x", "foo", "bar", "m.pyc", "dir", "root-only.txt", "xzy", "ac", "cc", "k"]  # fmt: skip
    rng = random.Random(7)
    paths = set()
    for _ in range(3000):
        path = "/".join(rng.choice(names) for _ in range(rng.randint(1, 4)))
        paths |= {path, path + "/"}
    for _ in range(60):
        lines = rng.sample(patterns, rng.randint(1, 6))
        spec, match = pathspec.GitIgnoreSpec.from_lines(lines), _matcher(lines)
        assert [p for p in sorted(paths) if bool(spec.match_file(p)) != match(p)] == [], lines


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("environment: [{name: base}]\n", "1: environment: entry 1 is a mapping"),
        ("environment: [true, base]\n", "1: environment: entry 1 is a boolean"),
        ("environment:\n  - base\n  - 2024\n", "3: environment: entry 2 is a number"),
        ("environment:\n  - base\n  -\n", "3: environment: entry 2 is empty (null)"),
        ("environment:\n  - ''\n", "2: environment: entry 1 is empty"),
        ("environment:\n  imports:\n    - base\n    - [x]\n", "4: environment.imports: entry 2 is a list"),
    ],
)
def test_an_environment_entry_that_is_no_name_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    """Not dropped (`[{name: base}]` was `[]`) nor made text (`[true, base]` was `["True", "base"]`)."""
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": text})
    out = cli("scan", root)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == f"stackgraph: error: a/Pulumi.dev.yaml:{message}; write the environment's name\n"


def test_environment_names_as_a_string_a_list_and_imports(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.one.yaml": "environment: acme/base\n",
            "a/Pulumi.two.yaml": "environment: [acme/base, 'yes']\n",
            "a/Pulumi.three.yaml": "environment:\n  imports: [x/y]\n  values: {a: 1}\n",
            "a/Pulumi.four.yaml": "environment:\n  - acme/base: {merge: false}\n  - x/y\n",  # ESC import options
        },
    )
    envs = {s.name: s.environment for s in scan(root, infer=False).stacks}
    assert envs == {"one": ("acme/base",), "two": ("acme/base", "yes"), "three": ("x/y",), "four": ("acme/base", "x/y")}
