"""What the walk skips and never reads: each skipped project or stack file is recorded with its reason;
FIFOs are never opened; links outside the root are not followed; tracked files are read although ignored."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Skipped
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

NET = {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()}


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_every_skipped_project_and_stack_file_is_recorded(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            **NET,
            ".gitignore": "/generated/\nPulumi.local.yaml\n",
            "stackgraph.yaml": {"exclude": ["sandbox"]},
            "net/Pulumi.local.yaml": stack(),
            "generated/Pulumi.yaml": project("gen"),
            "generated/Pulumi.dev.yaml": stack(),
            "sandbox/x/Pulumi.yaml": project("x"),
            ".hidden/Pulumi.yaml": project("hidden"),
            "go/vendor/mod/Pulumi.yaml": project("vendored"),
            "libs/@pulumi/pulumi/tests/Pulumi.yaml": project("sdk-copy"),
            "deps/third_party/pulumi/sdk/Pulumi.yaml": project("sdk-copy"),
            "web/build/Pulumi.yaml": project("built"),
            "web/node_modules/dep/Pulumi.yaml": project("never-looked-into"),
            ".git/x/Pulumi.yaml": project("never-looked-into"),
            "tpl/Pulumi.yaml": "name: ${PROJECT}\nruntime: yaml\n",
            "two/Pulumi.yaml": project("two"),
            "two/Pulumi.yml": project("two"),
        },
    )
    repo = scan(root, infer=False)
    assert [p.name for p in repo.projects] == ["net", "two"]
    assert repo.skipped == (
        Skipped(".hidden/Pulumi.yaml", "hidden"),
        Skipped("deps/third_party/pulumi/sdk/Pulumi.yaml", "vendored"),
        Skipped("generated/Pulumi.dev.yaml", "ignored"),
        Skipped("generated/Pulumi.yaml", "ignored"),
        Skipped("go/vendor/mod/Pulumi.yaml", "vendored"),
        Skipped("libs/@pulumi/pulumi/tests/Pulumi.yaml", "vendored"),
        Skipped("net/Pulumi.local.yaml", "ignored"),
        Skipped("sandbox/x/Pulumi.yaml", "excluded"),
        Skipped("tpl/Pulumi.yaml", "template", "its name is a placeholder"),
        Skipped("two/Pulumi.yml", "duplicate", "Pulumi.yaml beside it is the project file"),
        Skipped("web/build/Pulumi.yaml", "build-output"),
    )


def test_a_project_that_is_also_a_virtualenv_root_is_read(tmp_path: Path) -> None:
    """`python -m venv .` inside a project: the project is read; only the virtualenv's own folders are not."""
    root = write_repo(
        tmp_path,
        {
            **NET,
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": 'import pulumi\nnet = pulumi.StackReference(f"acme/net/{pulumi.get_stack()}")\n',
            "app/pyvenv.cfg": "home = /usr/bin\n",
            "app/bin/activate": "# venv\n",
            "app/lib/python3.12/site-packages/pulumi/Pulumi.yaml": project("sdk-fixture"),
            "app/lib/python3.12/site-packages/pulumi/x.py": 'StackReference("acme/nowhere/dev")\n',
            "app/include/x.h": "",
            "app/.venv/lib/Pulumi.yaml": project("inner-venv"),
            "app/venv/Pulumi.yaml": project("venv"),
            "app/node_modules/@pulumi/pulumi/Pulumi.yaml": project("npm"),
        },
    )
    (root / "app/lib64").symlink_to("lib", target_is_directory=True)
    (root / "app/bin/python").symlink_to("/usr/bin/python3")
    repo = scan(root)
    assert [s.id for s in repo.stacks] == ["app/dev", "net/dev"]
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev")]
    assert [r.file for r in repo.references] == ["app/__main__.py"]
    assert repo.skipped == ()


def test_tracked_stack_files_are_read_although_ignored(tmp_path: Path) -> None:
    """git's rule: ignore patterns apply to untracked files only. A repository that ignores `Pulumi.*.yaml`
    but force-adds its stack files plans them; an untracked one stays skipped, and is counted."""
    root = write_repo(
        tmp_path,
        {
            ".gitignore": "Pulumi.*.yaml\nsecrets/\n",
            **NET,
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
            "app/Pulumi.scratch.yaml": stack(),
            "secrets/Pulumi.yaml": project("sec"),
            "secrets/Pulumi.dev.yaml": stack(),
            "secrets/Pulumi.tmp.yaml": stack(),
        },
    )
    git(root, "init", "-q")
    git(root, "add", ".gitignore", "net/Pulumi.yaml", "app/Pulumi.yaml")
    git(root, "add", "-f", "net/Pulumi.dev.yaml", "app/Pulumi.dev.yaml", "secrets/Pulumi.yaml")
    git(root, "add", "-f", "secrets/Pulumi.dev.yaml")
    git(root, "commit", "-qm", "init")
    repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["app/dev", "net/dev", "sec/dev"]
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("app/dev", "net/dev")]
    assert repo.skipped == (
        Skipped("app/Pulumi.scratch.yaml", "ignored"),
        Skipped("secrets/Pulumi.tmp.yaml", "ignored"),
    )
    out = cli("plan", root, "--env", "dev", "-f", "text")
    assert out.code == 0 and out.stdout.splitlines()[1:] == [
        "1\tnet/dev",
        "1\tsec/dev",
        "2\tapp/dev\tafter net/dev",
    ]


def test_outside_git_the_patterns_alone_decide(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {".gitignore": "Pulumi.*.yaml\n", **NET})
    repo = scan(root, infer=False)
    assert repo.stacks == () and repo.skipped == (Skipped("net/Pulumi.dev.yaml", "ignored"),)


@pytest.mark.parametrize(
    "name", [".gitignore", "net/.gitignore", "net/tsconfig.json", "net/package.json", "net/go.mod", "net/index.ts"]
)
def test_a_fifo_is_never_opened(tmp_path: Path, name: str) -> None:
    """Today's hang: a FIFO named .gitignore. Every file stackgraph reads is skipped when it is not regular."""
    root = write_repo(
        tmp_path,
        {
            **NET,
            "net/Pulumi.yaml": project("net", runtime="nodejs"),
            "net/main.ts": 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.StackReference("acme/x/dev");\n',
        },
    )
    os.mkfifo(root / name)
    out = cli_with_timeout("scan", root)  # a hang fails here (subprocess timeout), never blocks the suite
    assert out.returncode == 0, out.stderr
    assert f"stackgraph: warning: {name}: a FIFO, not a regular file: skipped, never opened\n" in out.stderr
    assert Skipped(name, "non-regular", "a FIFO") in scan(root).skipped


def cli_with_timeout(*args: str | Path) -> subprocess.CompletedProcess[str]:
    from tests.helpers.clirun import BIN

    env = {**os.environ, "STACKGRAPH_CACHE_DIR": "off"}
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, timeout=30, env=env, check=False)


def test_a_socket_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = write_repo(tmp_path, NET)
    path = root / "net/Pulumi.prod.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(path))
        except OSError as exc:  # a path too long for AF_UNIX on this machine
            pytest.skip(f"cannot bind a socket here: {exc}")
        repo = scan(root, infer=False)
    assert [s.id for s in repo.stacks] == ["net/dev"]
    assert repo.skipped == (Skipped("net/Pulumi.prod.yaml", "non-regular", "a socket"),)


def test_links_outside_the_root_are_not_followed(tmp_path: Path) -> None:
    """A link to another repository (or /usr) would put foreign stacks into the plan: not followed, named."""
    other = write_repo(
        tmp_path / "other", {"foreign/Pulumi.yaml": project("foreign"), "foreign/Pulumi.dev.yaml": stack()}
    )
    root = write_repo(tmp_path / "repo", NET)
    (root / "linked").symlink_to(other, target_is_directory=True)
    (root / "net/Pulumi.prod.yaml").symlink_to(other / "foreign/Pulumi.dev.yaml")
    (root / "z-inside").symlink_to(root / "net", target_is_directory=True)  # inside: followed (read once)
    for out in both("plan", root, "-f", "text"):
        assert out.code == 0
        assert out.stdout == "deploy order: 1 stack in 1 level\n1\tnet/dev\n"
        assert out.stderr == (
            f"stackgraph: warning: linked: a link that leads outside the scanned folder (links to {other}): "
            "not followed\n"
            f"stackgraph: warning: net/Pulumi.prod.yaml: a link that leads outside the scanned folder (links to "
            f"{other}/foreign/Pulumi.dev.yaml): not followed\n"
            "stackgraph: warning: 2 files skipped (link outside the scanned folder: 2); --verbose lists them\n"
        )


def test_a_thousand_deep_folder_chain_works(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", NET)
    folders = [str(root)]
    for _ in range(1000):  # os.makedirs, Path.mkdir(parents=True) and shutil.rmtree recurse: one level at a time
        folders.append(folders[-1] + "/d")
        os.mkdir(folders[-1])
    deep = Path(folders[-1])
    (deep / "Pulumi.yaml").write_text("name: deep\nruntime: yaml\n")
    (deep / "Pulumi.dev.yaml").write_text("config: {}\n")
    try:
        repo = scan(root)
        assert [s.id for s in repo.stacks] == ["deep/dev", "net/dev"]
        out = cli("ls", root)
        assert (out.code, out.stdout) == (0, "deep/dev\nnet/dev\n")
    finally:
        for name in ("Pulumi.yaml", "Pulumi.dev.yaml"):
            (deep / name).unlink()
        for folder in reversed(folders[1:]):
            os.rmdir(folder)


def test_every_duplicate_stack_id_is_reported_in_one_run(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("x"),
            "a/Pulumi.dev.yaml": stack(),
            "a/Pulumi.prod.yaml": stack(),
            "services/b/Pulumi.yaml": project("x"),
            "services/b/Pulumi.dev.yaml": stack(),
            "services/b/Pulumi.prod.yaml": stack(),
            "c/Pulumi.yaml": project("y"),
            "c/Pulumi.dev.yaml": stack(),
        },
    )
    for out in both("plan", root):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            "stackgraph: error: services/b/Pulumi.dev.yaml: stack 'x/dev' is defined twice, here and in "
            "a/Pulumi.dev.yaml; rename one of the projects or stacks, or leave this folder out: "
            '`exclude: ["services/b"]` in stackgraph.yaml\n'
            "stackgraph: error: services/b/Pulumi.prod.yaml: stack 'x/prod' is defined twice, here and in "
            "a/Pulumi.prod.yaml; rename one of the projects or stacks, or leave this folder out: "
            '`exclude: ["services/b"]` in stackgraph.yaml\n'
        )
    (root / "stackgraph.yaml").write_text('exclude: ["services/b"]\n')
    out = cli("ls", root)
    assert (out.code, out.stdout) == (0, "x/dev\nx/prod\ny/dev\n")
    assert out.stderr == (
        "stackgraph: warning: 3 files skipped (excluded by stackgraph.yaml: 3); --verbose lists them\n"
    )


def _with_local_excludes(root: Path) -> Path:
    """A git repository whose `.git/info/exclude` (git's ignore rules kept out of the repository) names a scratch
    folder of projects and a stack file; one file it matches is tracked."""
    write_repo(
        root,
        {
            **NET,
            "scratch/try/Pulumi.yaml": project("try"),
            "scratch/try/Pulumi.dev.yaml": stack(),
            "net/Pulumi.mine.yaml": stack(),
            "net/Pulumi.shared.yaml": stack(),
        },
    )
    git(root, "init", "-q")
    git(root, "add", "net/Pulumi.shared.yaml")
    git(root, "commit", "-qm", "a tracked file the exclude file names")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("# local\n/scratch/\nPulumi.mine.yaml\nPulumi.shared.yaml\n")
    return root


def test_git_info_exclude_is_read_as_a_root_gitignore(tmp_path: Path) -> None:
    root = _with_local_excludes(tmp_path / "repo")
    repo = scan(root)
    assert {s.id for s in repo.stacks} == {"net/dev", "net/shared"}  # tracked: read although excluded
    assert {(k.file, k.reason) for k in repo.skipped} >= {
        ("scratch/try/Pulumi.yaml", "ignored"),
        ("scratch/try/Pulumi.dev.yaml", "ignored"),
        ("net/Pulumi.mine.yaml", "ignored"),
    }
    out = cli("plan", root)
    assert out.code == 0 and "3 files skipped (ignored by .gitignore: 3)" in out.stderr, out.stderr


def test_git_info_exclude_of_a_linked_worktree_is_the_main_repository_s(tmp_path: Path) -> None:
    main = _with_local_excludes(tmp_path / "repo")
    git(main, "add", "-A", "--force")
    git(main, "commit", "-qm", "everything")
    git(main, "worktree", "add", "-q", str(tmp_path / "linked"))
    linked = tmp_path / "linked"
    assert (linked / ".git").is_file() and (linked / "scratch" / "try" / "Pulumi.yaml").is_file()
    (linked / "scratch" / "new").mkdir()
    (linked / "scratch" / "new" / "Pulumi.yaml").write_text("name: new\nruntime: python\n")  # untracked, excluded
    repo = scan(linked)
    assert ("scratch/new/Pulumi.yaml", "ignored") in {(k.file, k.reason) for k in repo.skipped}
    assert "try" in {p.name for p in repo.projects}  # tracked in this worktree: read


def test_an_info_exclude_of_comments_only_costs_nothing(tmp_path: Path) -> None:
    """git's own template holds comments only: no patterns, and pathspec is not even loaded for it."""
    from stackgraph.discovery import walk

    root = write_repo(tmp_path / "repo", NET)
    git(root, "init", "-q")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("# git ls-files --others --exclude-from=.git/info/exclude\n")
    assert walk._info_exclude(root) is None
    (root / ".git" / "info" / "exclude").write_text("# a comment\n\nsandbox/\n")
    match = walk._info_exclude(root)
    assert match is not None and match("sandbox/") and not match("net/")


def test_an_info_exclude_that_is_a_fifo_is_never_opened(tmp_path: Path) -> None:
    from stackgraph.discovery import walk

    root = write_repo(tmp_path / "repo", NET)
    git(root, "init", "-q")
    (root / ".git" / "info").mkdir(exist_ok=True)
    exclude = root / ".git" / "info" / "exclude"
    exclude.unlink(missing_ok=True)
    os.mkfifo(exclude)
    assert walk._info_exclude(root) is None  # opening it would wait for a writer forever
    assert {s.id for s in scan(root).stacks} == {"net/dev"}
