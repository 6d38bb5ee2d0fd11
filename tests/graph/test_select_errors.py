"""Every way a selection can be wrong: one line on stderr, exit 2, no traceback, nothing on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git, git_estate
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = git_estate(tmp_path_factory.mktemp("estate"), {"watch": {"lib/**": ["project:nope"]}})
    git(root, "branch", "release")
    return root


E = "stackgraph: error: "

CASES = [
    # atoms that match nothing, with the name that was probably meant
    (["-s", "project:apii"], "--select: 'project:apii' matches no project (did you mean 'project:api'?)"),
    (["-s", "api/dve"], "--select: 'api/dve' matches no stack (did you mean 'api/dev'?)"),
    (["-s", "zzz/*"], "--select: 'zzz/*' matches no stack; `stackgraph ls` lists the stacks"),
    (["-s", "stack:prd"], "--select: 'stack:prd' matches no stack name (did you mean 'stack:prod'?)"),
    (["-s", "stack:qa"], "--select: 'stack:qa' matches no stack name; the stack names are: dev, prod, sandbox"),
    (["-s", "path:servces"], "--select: 'path:servces' matches no project folder (did you mean 'path:services'?)"),
    (
        ["-s", "path:../x"],
        "--select: 'path:../x' leaves the scanned folder; paths are relative to it, like 'path:services'",
    ),
    (["-s", "tag:fronted"], "--select: 'tag:fronted' matches no tag (did you mean 'tag:frontend'?)"),
    (
        ["-s", "tag:zzz"],
        "--select: 'tag:zzz' matches no tag; the tags are: backend, core, critical, data, debug, experimental, "
        "frontend, ops",
    ),
    (["-s", "+api/dve"], "--select: '+api/dve' matches no stack (did you mean 'api/dev'?)"),
    (["-s", "api/dev project:apii"], "--select: 'project:apii' matches no project (did you mean 'project:api'?)"),
    (["--exclude", "project:apii"], "--exclude: 'project:apii' matches no project (did you mean 'project:api'?)"),
    (
        ["-s", "project:api,project:web"],
        "--select: 'project:api,project:web' matches no stack: its parts have no stack in common; "
        "separate them with a space for the stacks any of them matches",
    ),
    # syntax
    (
        ["-s", "api"],
        "--select: 'api' is not a selector; write 'project:api' (its stacks), 'stack:api' (an environment) "
        "or 'api/<stack>'",
    ),
    (
        ["-s", "env:prod"],
        "--select: unknown selector 'env:' in 'env:prod'; use project:, stack:, path:, tag:, "
        "a 'project/stack' id or [REF]",
    ),
    (["-s", "project:"], "--select: 'project:' needs a name after 'project:', like 'project:api'"),
    (["-s", "project:a%"], "--select: 'project:a%': 'a%' is not a valid project name or glob; check it"),
    (
        ["-s", "api/dev v"],
        "--select: 'v' is not a selector; write 'project:v' (its stacks), 'stack:v' (an environment) or 'v/<stack>'",
    ),
    (["-s", "@+api/dev"], "--select: '@+api/dev' mixes '@' with '+'; write '@x' or '+x+'"),
    (["-s", "+"], "--select: '+' has no selector around its operators; write for example '+api/dev'"),
    (["-s", "a/b,,c/d"], "--select: 'a/b,,c/d' has an empty part around ','; write 'a,b' for the stacks both match"),
    (["-s", " "], "--select: empty selector; write for example 'project:api' or 'api/dev'"),
    (["-s", "[main"], "--select: '[main' opens '[' without closing it; write '[main]'"),
    *[
        (
            ["-s", arg],
            f"--select: '{shown}': the ref is empty (in CI, an empty variable such as "
            "${{ github.event.before }}); name a branch, tag or commit, like '[main]'",
        )
        for arg, shown in (("[]", "[]"), ("[ ]", "[ ]"), ("project:api [\t] ", "[\t]"), ("[ ]+", "[ ]"))
    ],
    (
        ["-s", "[main..HEAD]"],
        "--select: '[main..HEAD]': 'main..HEAD' is a range, but a ref names one commit; write '[main]'",
    ),
    (["-s", "[-p]"], "--select: '[-p]': '-p' is not a git ref; name a branch, tag or commit"),
    # git refs
    (
        ["-s", "[mian]"],
        "--select '[mian]': git does not know the ref 'mian' (did you mean 'main'?); name a branch, tag or "
        "commit (fetch it first if it is remote)",
    ),
    (
        ["--changed-since", "relaese"],
        "--changed-since: git does not know the ref 'relaese' (did you mean 'release'?); name a branch, tag or "
        "commit (fetch it first if it is remote)",
    ),
    (
        ["--changed-since", "origin/main"],
        "--changed-since: git does not know the ref 'origin/main' (did you mean 'main'?); name a branch, tag or "
        "commit (fetch it first if it is remote)",
    ),
    (["--changed-since", "--help"], "--changed-since: '--help' is not a git ref; name a branch, tag or commit"),
    (["--changed-since", "a b"], "--changed-since: 'a b' is not a git ref; name a branch, tag or commit"),
    (
        ["--changed-since", "main...HEAD"],
        "--changed-since: 'main...HEAD' is a range, but a ref names one commit; write 'main'",
    ),
    # options
    (
        ["--no-dependents"],
        "--no-dependents works with --changed-since REF, --since-deployed or a [REF] selector; add one or drop it",
    ),
    (
        ["-s", "api/dev", "--no-dependents"],
        "--no-dependents works with --changed-since REF, --since-deployed or a [REF] selector; add one or drop it",
    ),
    (
        ["--env", "prd"],
        "--env prd: no stack has that name; did you mean 'prod'? the stack names are: dev, prod, sandbox",
    ),
]


@pytest.mark.parametrize("command", ["ls", "plan", "graph"])
@pytest.mark.parametrize(("args", "message"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_bad_selection(estate: Path, command: str, args: list[str], message: str) -> None:
    out = cli(command, estate, *args)
    assert (out.code, out.stderr, out.stdout) == (2, E + message + "\n", "")


def test_a_watch_selector_that_matches_nothing_names_the_settings_file_and_line(estate: Path) -> None:
    edit(estate, "lib/util.py")
    try:
        out = cli("ls", estate, "--changed-since", "HEAD")
    finally:
        (estate / "lib/util.py").unlink()
    assert (out.code, out.stderr) == (
        2,
        E + "stackgraph.yaml:3: watch 'lib/**': 'project:nope' matches no project; `stackgraph ls` lists the stacks\n",
    )


def test_a_watch_selector_cannot_name_a_ref(tmp_path: Path) -> None:
    root = git_estate(tmp_path, {"watch": {"lib/**": ["[main]"]}})
    edit(root, "lib/util.py")
    out = cli("ls", root, "--changed-since", "HEAD")
    assert (out.code, out.stderr) == (
        2,
        E
        + "stackgraph.yaml:3: watch 'lib/**': '[main]': a watch selector cannot name a git ref; name stacks instead\n",
    )


def test_changed_since_outside_a_git_repository(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack()})
    out = cli("ls", root, "--changed-since", "main")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"{E}--changed-since: {root} is not inside a git repository; change detection needs one (scan a git checkout)\n"
    )


def test_changed_since_before_the_first_commit(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack()})
    git(root, "init", "-q", "-b", "main")
    out = cli("ls", root, "-s", "[main]")
    assert (out.code, out.stderr) == (
        2,
        E + "--select '[main]': the git repository has no commit yet; commit once, then compare with a ref\n",
    )


def test_a_ref_with_no_common_history(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    git(root, "checkout", "-q", "--orphan", "other")
    commit_all(root, "unrelated")
    out = cli("ls", root, "--changed-since", "main")
    assert (out.code, out.stderr) == (
        2,
        E + "--changed-since: 'main' and HEAD have no commit in common; compare with a ref that HEAD grew from\n",
    )


def test_errors_are_the_same_from_the_console_script(estate: Path) -> None:
    from tests.helpers.clirun import script

    out = script("ls", estate, "-s", "project:apii")
    message = "--select: 'project:apii' matches no project (did you mean 'project:api'?)"
    assert (out.code, out.stderr) == (2, E + message + "\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-s", "API/dev"], "--select: 'API/dev' matches no stack (did you mean 'api/dev'?)"),
        (["-s", "project:API"], "--select: 'project:API' matches no project (did you mean 'project:api'?)"),
        (["-s", "stack:PROD"], "--select: 'stack:PROD' matches no stack name (did you mean 'stack:prod'?)"),
        (
            ["--env", "DEV"],
            "--env DEV: no stack has that name; did you mean 'dev'? the stack names are: dev, prod, sandbox",
        ),
    ],
)
def test_a_name_wrong_only_in_case_is_suggested(estate: Path, args: list[str], message: str) -> None:
    """Names are case-sensitive (as Pulumi's); difflib finds no close match for 'API' against 'api', so the name
    differing only in case is suggested first."""
    out = cli("ls", estate, *args)
    assert (out.code, out.stdout, out.stderr) == (2, "", f"{E}{message}\n")


def test_why_suggests_a_stack_wrong_only_in_case(estate: Path) -> None:
    out = cli("why", estate, "API/DEV", "networking/dev")
    assert (out.code, out.stdout) == (2, "")
    hint = f"(did you mean 'api/dev'?); run `stackgraph scan {estate}` to list them"
    assert out.stderr == f"{E}'API/DEV' is no stack of {estate} {hint}\n"
