"""Every kind of bad input gets one line naming the file (and line), exit 2, and no traceback.

Each case runs through typer's CliRunner and through the installed console script.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, both, cli, script
from tests.helpers.nobody import as_nobody, public_folder, readable
from tests.helpers.repo_builder import project, stack, write_repo

NET = {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()}

CASES: dict[str, tuple[dict, str]] = {
    "invalid-yaml-project": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\nconfig:\n  x: [1, 2\n"},
        "a/Pulumi.yaml:4: invalid YAML: did not find expected ',' or ']'; fix the syntax",
    ),
    "invalid-yaml-stack": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  a:x: 1\n   b: 2\n"},
        "a/Pulumi.dev.yaml:3: invalid YAML: mapping values are not allowed in this context; fix the syntax",
    ),
    "yaml-tab": (
        {"a/Pulumi.yaml": "name: a\n\truntime: yaml\n"},
        "a/Pulumi.yaml:2: invalid YAML: found a tab character that violates indentation; fix the syntax",
    ),
    "yaml-two-documents-in-settings": (
        {"a/Pulumi.yaml": project("a"), "stackgraph.yaml": "org: acme\n---\nexclude: [x]\n"},
        "stackgraph.yaml:2: a second YAML document; stackgraph reads one: merge it into the first",
    ),
    "yaml-recursive-alias": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  a:x: &x [1, *x]\n"},
        "a/Pulumi.dev.yaml:2: invalid YAML: found an alias that contains itself; fix the syntax",
    ),
    "yaml-billion-laughs": (
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": "config:\n  a:l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + "".join(f"  a:l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)),
        },
        "a/Pulumi.dev.yaml:2: invalid YAML: aliases expand to more than 250,000 values; remove aliases of aliases",
    ),
    "yaml-duplicate-key-project": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\nname: b\n"},
        "a/Pulumi.yaml:3: invalid YAML: the key 'name' is given twice, on lines 1 and 3; keep one",
    ),
    "yaml-duplicate-key-stack": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  a:x: 1\n  b: 2\n  a:x: 3\n"},
        "a/Pulumi.dev.yaml:4: invalid YAML: the key 'a:x' is given twice, on lines 2 and 4; keep one",
    ),
    "yaml-duplicate-key-flow": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config: {a:x: 1,\n  a:x: 2}\n"},
        "a/Pulumi.dev.yaml:2: invalid YAML: the key 'a:x' is given twice, on lines 1 and 2; keep one",
    ),
    "yaml-duplicate-key-beside-merge": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\nb: &x {c: 1}\nd:\n  <<: *x\n  e: 1\n  e: 2\n"},
        "a/Pulumi.yaml:7: invalid YAML: the key 'e' is given twice, on lines 6 and 7; keep one",
    ),
    "yaml-duplicate-key-settings": (
        {"stackgraph.yaml": "org: acme\nexclude: []\norg: other\n", **NET},
        "stackgraph.yaml:3: invalid YAML: the key 'org' is given twice, on lines 1 and 3; keep one",
    ),
    "yaml-null-byte": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": 'config:\n  a:x: 1\n  a:y: "b\x00c"\n'},
        "a/Pulumi.dev.yaml:3: invalid YAML: a null byte (\\x00) at column 10, which YAML does not allow; remove it",
    ),
    "yaml-control-character": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\ndescription: \x07\n"},
        "a/Pulumi.yaml:3: invalid YAML: the control character U+0007 at column 14, which YAML does not allow; "
        "remove it",
    ),
    "yaml-unhashable-key": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  ? [a, b]\n  : 1\n"},
        "a/Pulumi.dev.yaml:2: invalid YAML: found an unhashable key; fix the syntax",
    ),
    "yaml-unknown-tag": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\nmain: !Ref other\n"},
        "a/Pulumi.yaml:3: invalid YAML: could not determine a constructor for the tag '!Ref'; fix the syntax",
    ),
    "project-without-name": (
        {"a/Pulumi.yaml": {"runtime": "yaml"}},
        "a/Pulumi.yaml: missing 'name' (the project name); add it",
    ),
    "project-without-runtime": (
        {"a/Pulumi.yml": {"name": "a"}},
        "a/Pulumi.yml: missing 'runtime' (for example `runtime: python`); add it",
    ),
    "project-empty": (
        {"a/Pulumi.yaml": ""},
        "a/Pulumi.yaml: a project file must be a mapping with 'name' and 'runtime'; fix its content",
    ),
    "project-not-mapping": (
        {"a/Pulumi.yaml": "- a\n"},
        "a/Pulumi.yaml: a project file must be a mapping with 'name' and 'runtime'; fix its content",
    ),
    "name-is-number": (
        {"a/Pulumi.yaml": "name: 12\nruntime: yaml\n"},
        "a/Pulumi.yaml:1: invalid project name 12: use letters, digits, '_', '.' and '-' (at most 100)",
    ),
    "name-with-space": (
        {"a/Pulumi.yaml": "name: a b\nruntime: yaml\n"},
        "a/Pulumi.yaml:1: invalid project name 'a b': use letters, digits, '_', '.' and '-' (at most 100)",
    ),
    "runtime-is-list": (
        {"a/Pulumi.yaml": "name: a\nruntime: [python]\n"},
        "a/Pulumi.yaml:2: 'runtime' must be a name or a mapping with 'name' (and 'options'); fix its type",
    ),
    "runtime-mapping-without-name": (
        {"a/Pulumi.yaml": "name: a\nruntime:\n  options: {}\n"},
        "a/Pulumi.yaml:3: 'runtime' must be a name or a mapping with 'name' (and 'options'); fix its type",
    ),
    "main-is-list": (
        {"a/Pulumi.yaml": "name: a\nruntime: yaml\nmain: [x]\n"},
        "a/Pulumi.yaml:3: 'main' must be a string, not a list; fix its type",
    ),
    "stack-not-mapping": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "- a\n"},
        "a/Pulumi.dev.yaml: a stack file must be a mapping (with 'config:'); fix its content",
    ),
    "stack-config-is-list": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  - a\n"},
        "a/Pulumi.dev.yaml:2: 'config' must be a mapping, not a list; fix its type",
    ),
    "depends-on-number": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  stackgraph:dependsOn: 3\n"},
        "a/Pulumi.dev.yaml:2: 'stackgraph:dependsOn' must be a list of stack ids like `networking/prod`; fix its type",
    ),
    "depends-on-mapping": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  stackgraph:dependsOn:\n    x: y\n"},
        "a/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' must be a list of stack ids like `networking/prod`; fix its type",
    ),
    "depends-on-bad-name": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  stackgraph:dependsOn:\n    - 'a b/dev'\n"},
        "a/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' entry 'a b/dev' is not a stack name; "
        "write `project/stack` or `org/project/stack`",
    ),
    "depends-on-four-parts": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  stackgraph:dependsOn:\n    - o/a/b/dev\n"},
        "a/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' entry 'o/a/b/dev' is not a stack name; "
        "write `project/stack` or `org/project/stack`",
    ),
    "project-default-depends-on-wrong-type": (
        {"a/Pulumi.yaml": project("a", config={"stackgraph:dependsOn": {"default": 7}}), "a/Pulumi.dev.yaml": stack()},
        "a/Pulumi.yaml:5: 'stackgraph:dependsOn' must be a list of stack ids like `networking/prod`; fix its type",
    ),
    "tags-wrong-type": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n  stackgraph:tags: [1]\n"},
        "a/Pulumi.dev.yaml:2: 'stackgraph:tags' must be a list of names (letters, digits, '_', '.', '-'); fix it",
    ),
    "environment-wrong-type": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "environment: 3\n"},
        "a/Pulumi.dev.yaml:1: 'environment' must be a list of ESC environment names; fix its type",
    ),
    "cycle": (
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.dev.yaml": stack(["b/dev"]),
            "b/Pulumi.yaml": project("b"),
            "b/Pulumi.dev.yaml": stack(["c/dev"]),
            "c/Pulumi.yaml": project("c"),
            "c/Pulumi.dev.yaml": stack(["a/dev"]),
        },
        "dependency cycle: a/dev -> b/dev -> c/dev -> a/dev; a/dev depends on b/dev (a/Pulumi.dev.yaml:3); "
        "b/dev depends on c/dev (b/Pulumi.dev.yaml:3); c/dev depends on a/dev (c/Pulumi.dev.yaml:3); "
        "remove one of these dependencies",
    ),
    "cycle-through-project-default": (
        {
            "a/Pulumi.yaml": project("a", config={"stackgraph:dependsOn": {"value": ["b/{stack}"]}}),
            "a/Pulumi.dev.yaml": stack(),
            "b/Pulumi.yaml": project("b"),
            "b/Pulumi.dev.yaml": stack(["a/dev"]),
        },
        "dependency cycle: a/dev -> b/dev -> a/dev; a/dev depends on b/dev (a/Pulumi.yaml:6); "
        "b/dev depends on a/dev (b/Pulumi.dev.yaml:3); remove one of these dependencies",
    ),
    "self-dependency": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack(["a/dev"])},
        "dependency cycle: a/dev -> a/dev; a/dev depends on a/dev (a/Pulumi.dev.yaml:3); "
        "remove one of these dependencies",
    ),
    "unknown-project": (
        {**NET, "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["nett/dev"])},
        "app/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' names 'nett/dev', which is no stack in this repository "
        "(did you mean 'net/dev'?); fix the name, or write `org/project/stack` for a stack outside the repository",
    ),
    "unknown-stack": (
        {**NET, "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["net/prod"])},
        "app/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' names 'net/prod', which is no stack in this repository "
        "(did you mean 'net/dev'?); fix the name, or write `org/project/stack` for a stack outside the repository",
    ),
    "unknown-case": (
        {**NET, "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["NET/DEV"])},
        "app/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' names 'NET/DEV', which is no stack in this repository "
        "(did you mean 'net/dev'?); fix the name, or write `org/project/stack` for a stack outside the repository",
    ),
    "unknown-nothing-close": (
        {**NET, "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["zzzzzz/qqq"])},
        "app/Pulumi.dev.yaml:3: 'stackgraph:dependsOn' names 'zzzzzz/qqq', which is no stack in this repository; "
        "fix the name, or write `org/project/stack` for a stack outside the repository",
    ),
    "same-id-two-folders": (
        {
            "a/Pulumi.yaml": project("x"),
            "a/Pulumi.dev.yaml": stack(),
            "b/Pulumi.yaml": project("x"),
            "b/Pulumi.dev.yaml": stack(),
        },
        "b/Pulumi.dev.yaml: stack 'x/dev' is defined twice, here and in a/Pulumi.dev.yaml; "
        'rename one of the projects or stacks, or leave this folder out: `exclude: ["/b"]` in stackgraph.yaml',
    ),
    "not-utf8": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": b"config:\n  a:x: \xff\xfe\n"},
        "a/Pulumi.dev.yaml: not valid UTF-8 (invalid start byte); save the file as UTF-8",
    ),
    "folder-named-like-stack-file": (
        {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": None},
        "a/Pulumi.dev.yaml: a folder named like a Pulumi file; rename or remove it",
    ),
    "folder-named-like-stack-file-in-config-dir": (
        {"a/Pulumi.yaml": project("a", stackConfigDir="../cfg"), "cfg/Pulumi.dev.yaml": None},
        "cfg/Pulumi.dev.yaml: a folder named like a Pulumi file; rename or remove it",
    ),
    "config-dir-outside": (
        {"a/Pulumi.yaml": project("a", stackConfigDir="../../elsewhere")},
        "a/Pulumi.yaml: 'stackConfigDir' '../../elsewhere' leads outside the scanned folder; "
        "scan a folder that contains it",
    ),
    "settings-unknown-key": (
        {"stackgraph.yaml": "org: acme\nfoo: 1\n", **NET},
        "stackgraph.yaml:2: unknown key 'foo'; the keys are contracts, exclude, org, pools, silence, watch",
    ),
    "settings-org-wrong-type": (
        {"stackgraph.yaml": "org: [acme]\n", **NET},
        "stackgraph.yaml:1: 'org' must be a string",
    ),
    "settings-pools-not-a-mapping": (
        {"stackgraph.yaml": "pools: [acct]\n", **NET},
        "stackgraph.yaml:1: 'pools' must map pool names to {limit: N, stacks: [\"SELECTOR\", ...]}",
    ),
    "settings-pool-without-stacks": (
        {"stackgraph.yaml": "pools:\n  acct:\n    limit: 2\n", **NET},
        "stackgraph.yaml:3: 'pools.acct' must be {limit: N, stacks: [\"SELECTOR\", ...]}",
    ),
    "settings-pool-limit-zero": (
        {"stackgraph.yaml": "pools:\n  acct:\n    limit: 0\n    stacks: [stack:prod]\n", **NET},
        "stackgraph.yaml:3: 'pools.acct.limit' must be a whole number of stacks, 1 or more, not 0",
    ),
    "settings-pool-limit-true": (
        {"stackgraph.yaml": "pools:\n  acct:\n    limit: true\n    stacks: [stack:prod]\n", **NET},
        "stackgraph.yaml:3: 'pools.acct.limit' must be a whole number of stacks, 1 or more, not True",
    ),
    "settings-pool-bad-name": (
        {"stackgraph.yaml": "pools:\n  'a b':\n    limit: 1\n    stacks: [stack:prod]\n", **NET},
        "stackgraph.yaml:2: pool name 'a b': use letters, digits, '.', '_' and '-' (a letter or digit first)",
    ),
    "settings-pool-git-ref": (
        {"stackgraph.yaml": "pools:\n  acct:\n    limit: 1\n    stacks:\n      - stack:dev\n      - '[main]'\n", **NET},
        "stackgraph.yaml:6: pools.acct: '[main]': a pool selector cannot name a git ref; name stacks instead",
    ),
}


def assert_one_line_error(out: Outcome, message: str, code: int = 2) -> None:
    assert (out.code, out.stderr, out.stdout) == (code, f"stackgraph: error: {message}\n", "")


def assert_json_error(out: Outcome, message: str, code: int = 2) -> None:
    """Under -f json: the same line on stderr, and on stdout the error object whose parts make that line."""
    assert (out.code, out.stderr) == (code, f"stackgraph: error: {message}\n")
    error = json.loads(out.stdout)["error"]
    assert sorted(error) == ["exit_code", "file", "line", "message"]
    where = f"{error['file']}:{error['line']}" if error["line"] else error["file"]
    assert (f"{where}: " if where else "") + error["message"] == message
    assert error["exit_code"] == code


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    spec, message = CASES[name]
    root = write_repo(tmp_path / "repo", spec)
    for out in both("plan", root, "-f", "json"):
        assert_json_error(out, message)
    assert_one_line_error(cli("graph", root), message)
    assert_one_line_error(cli("scan", root), message)


def test_a_large_file_without_aliases_is_read(tmp_path: Path) -> None:
    """400,000 keys are more values than the alias budget: never reported as "aliases expand"."""
    keys = "".join(f"  a:k{i}: v\n" for i in range(400_000))
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": "config:\n" + keys})
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout, out.stderr) == (0, "deploy order: 1 stack in 1 level\n1\ta/dev\n", "")


def test_broken_link_named_like_a_stack_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a")})
    (root / "a/Pulumi.dev.yaml").symlink_to(root / "a/missing.yaml")
    for out in both("plan", root):
        assert_one_line_error(out, "a/Pulumi.dev.yaml: cannot read: a broken link; fix or remove it")


def test_fifo_named_like_a_stack_file(tmp_path: Path) -> None:
    """Never opened (it would block): skipped with a warning, and counted."""
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.prod.yaml": {"config": {}}})
    os.mkfifo(root / "a/Pulumi.dev.yaml")
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\ta/prod\n")
    assert out.stderr == (
        "stackgraph: warning: a/Pulumi.dev.yaml: a FIFO, not a regular file: skipped, never opened\n"
        "stackgraph: warning: 1 file skipped (not a regular file: 1); --verbose lists them\n"
    )


def test_symlink_to_a_parent_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """`back -> ../..` loses nothing: the folder it names is read where it is (a folder reached twice is read
    once); following it would read it again, forever. Not followed, named, counted; the repository is planned."""
    root = write_repo(tmp_path, {**NET, "net/sub/keep.txt": "x"})
    (root / "net/sub/back").symlink_to(root / "net", target_is_directory=True)
    (root / "up").symlink_to("..")  # above the root: outside it
    (root / "net/sub/top").symlink_to("../..", target_is_directory=True)
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\tnet/dev\n")
    assert out.stderr == (
        "stackgraph: warning: net/sub/top: a link to a folder above it (links to ../..): not followed; "
        "that folder is read where it is\n"
        f"stackgraph: warning: net/sub/back: a link to a folder above it (links to {root}/net): not followed; "
        "that folder is read where it is\n"
        "stackgraph: warning: up: a link that leads outside the scanned folder (links to ..): not followed\n"
        "stackgraph: warning: 3 files skipped (link to a folder above it: 2, link outside the scanned folder: 1); "
        "--verbose lists them\n"
    )


def test_symlink_to_itself_is_a_loop(tmp_path: Path) -> None:
    root = write_repo(tmp_path, NET)
    (root / "net/self").symlink_to(root / "net/self")
    for out in both("plan", root):
        assert_one_line_error(out, "net/self: symlink loop; remove or fix the link")


def test_linked_folder_reached_twice_is_read_once(tmp_path: Path) -> None:
    root = write_repo(tmp_path, NET)
    (root / "alias").symlink_to(root / "net", target_is_directory=True)
    out = cli("plan", root, "-f", "text")
    assert (out.code, out.stdout, out.stderr) == (0, "deploy order: 1 stack in 1 level\n1\tnet/dev\n", "")


def test_missing_folder_and_file_instead_of_folder(tmp_path: Path) -> None:
    assert_one_line_error(
        cli("plan", tmp_path / "nope"),
        f"{tmp_path / 'nope'}: no such folder; pass the folder that holds your Pulumi projects",
    )
    (tmp_path / "f.txt").write_text("x")
    assert_one_line_error(
        cli("plan", tmp_path / "f.txt"),
        f"{tmp_path / 'f.txt'}: not a folder; pass the folder that holds your Pulumi projects",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "-f", "yaml"), "--format yaml: choose one of table, text, json, markdown"),
        (("graph", "-f", "gif"), "--format gif: choose one of dot, mermaid, json, svg, png, html"),
        (("graph", "--cluster", "team"), "--cluster team: choose one of env, project, none"),
        (("scan", "-f", "dot"), "--format dot: choose one of text, json"),
        (
            ("plan", "--env", "prd"),
            "--env prd: no stack has that name; did you mean 'prod'? the stack names are: dev, prod",
        ),
        (
            ("plan", "-o", "/nonexistent/dir/plan.txt"),
            "/nonexistent/dir/plan.txt: cannot write: No such file or directory; choose another --output",
        ),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = write_repo(tmp_path, {**NET, "net/Pulumi.prod.yaml": stack()})
    out = cli(args[0], root, *args[1:])
    assert_one_line_error(out, message)


@pytest.fixture
def public_tmp() -> Iterator[Path]:
    """A folder an unprivileged user can enter (pytest's tmp_path is private to root)."""
    with public_folder() as path:
        yield path


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("a/Pulumi.dev.yaml", "a/Pulumi.dev.yaml: cannot read the file: Permission denied; check its permissions"),
        ("a/Pulumi.yaml", "a/Pulumi.yaml: cannot read the file: Permission denied; check its permissions"),
        ("a/sub", "a/sub: cannot list the folder: Permission denied; check its permissions"),
    ],
)
def test_unreadable_file_or_folder(public_tmp: Path, target: str, message: str) -> None:
    root = write_repo(public_tmp / "repo", {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack(), "a/sub": None})
    readable(root)
    (root / target).chmod(0)
    out = script("plan", root, prefix=as_nobody(), env={"STACKGRAPH_LOG_DIR": str(public_tmp / "logs")})
    assert_one_line_error(out, message)


def test_a_link_that_cannot_be_followed_is_skipped_not_a_crash(public_tmp: Path) -> None:
    """`stackgraph scan /` or a folder holding a link into /proc: realpath raises EACCES for a user (was exit 3)."""
    if not Path("/proc/1/cwd").is_symlink():
        pytest.skip("no /proc/1/cwd link to point at")
    root = write_repo(public_tmp / "repo", {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack()})
    readable(root)  # before the link: chmod would follow it
    (root / "a" / "init-cwd").symlink_to("/proc/1/cwd")
    out = script("plan", root, "--verbose", prefix=as_nobody(), env={"STACKGRAPH_LOG_DIR": str(public_tmp / "logs")})
    assert (out.code, out.stdout) == (0, "deploy order: 1 stack in 1 level\n1\ta/dev\n"), out.stderr
    assert "skipped: a/init-cwd: link outside the scanned folder (links to /proc/1/cwd)\n" in out.stderr, out.stderr
