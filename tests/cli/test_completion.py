"""Shell completion: the scripts of bash, zsh and fish, their installation, and the values completed from the
repository (stack ids, stack names, selection atoms, formats), through each shell's protocol.

The protocol is what the installed scripts send (environment variables, as typer's scripts set them);
bash's own script is also sourced and run by a real bash, with the words bash splits at `:`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.clirun import BIN, both, cli, script
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            "infra/net/Pulumi.yaml": project("net"),
            "infra/net/Pulumi.dev.yaml": stack(tags=["base"]),
            "infra/net/Pulumi.prod.yaml": stack(tags=["base"]),
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"], tags=["front"]),
            "app/Pulumi.prod.yaml": stack(["net/prod"]),
        },
    )


def bash(words: list[str], cwd: Path) -> list[str]:
    """Ask the console script what bash's script would get for `words` (the last one being completed)."""
    env = {
        "COMP_WORDS": "\n".join(["stackgraph", *words]),
        "COMP_CWORD": str(len(words)),
        "_STACKGRAPH_COMPLETE": "complete_bash",
    }
    out = script(env=env, cwd=cwd)
    assert (out.code, out.stderr) == (0, ""), out.stderr
    return [line for line in out.stdout.splitlines() if line]  # nothing to offer: one empty line


def fish(line: str, cwd: Path) -> list[str]:
    env = {
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_STACKGRAPH_COMPLETE": "complete_fish",
    }
    out = script(env=env, cwd=cwd)
    assert (out.code, out.stderr) == (0, ""), out.stderr
    return out.stdout.splitlines()


def zsh(line: str, cwd: Path) -> str:
    out = script(env={"_TYPER_COMPLETE_ARGS": line, "_STACKGRAPH_COMPLETE": "complete_zsh"}, cwd=cwd)
    assert (out.code, out.stderr) == (0, ""), out.stderr
    return out.stdout


IDS = ["app/dev", "app/prod", "net/dev", "net/prod"]


@pytest.mark.parametrize(
    ("words", "want"),
    [
        (["why", ".", ""], IDS),
        (["why", ".", "app/dev", "n"], ["net/dev", "net/prod"]),
        (["plan", "-e", ""], ["dev", "prod"]),
        (["plan", "--select", ""], ["project:", "stack:", "tag:", "path:", *IDS]),
        (["plan", "-s", "pro"], ["project:"]),
        (["plan", "-s", "+app/"], ["+app/dev", "+app/prod"]),
        (["plan", "-s", "2+n"], ["2+net/dev", "2+net/prod"]),
        (["plan", "-s", "@a"], ["@app/dev", "@app/prod"]),
        (["plan", "-s", "app/dev,st"], ["app/dev,stack:"]),
        (["ls", "--exclude", "net"], ["net/dev", "net/prod"]),
        (["graph", "-f", ""], ["dot", "mermaid", "json", "svg", "png", "html"]),
        (["scan", "-f", "j"], ["json"]),
    ],
)
def test_bash_completes_values_of_the_repository(repo: Path, words: list[str], want: list[str]) -> None:
    assert bash(words, repo) == want


@pytest.mark.parametrize(
    ("words", "want"),
    [
        # bash splits `project:ap` into `project`, `:`, `ap`; it replaces only what follows the colon
        (["plan", "-s", "project", ":", "a"], ["app"]),
        (["plan", "-s", "project", ":"], ["app", "net"]),
        (["plan", "-s", "tag", ":", ""], ["base", "front"]),
        (["plan", "-s", "path", ":", "in"], ["infra/net"]),
        (["plan", "-s", "+stack", ":", "p"], ["prod"]),
        (["ci", "gitlab", ".", "--manual", "stack", ":", "p"], ["prod"]),
    ],
)
def test_bash_completes_after_a_colon(repo: Path, words: list[str], want: list[str]) -> None:
    assert bash(words, repo) == want


def test_the_path_argument_names_the_repository(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert bash(["why", str(repo), "app/"], elsewhere) == ["app/dev", "app/prod"]
    assert bash(["why", ".", "app/"], elsewhere) == []  # no repository here: nothing, and no error


def test_inside_a_project_the_repository_above_is_read(repo: Path) -> None:
    (repo / "stackgraph.yaml").write_text("org: acme\n")
    assert bash(["plan", "-s", "net/"], repo / "infra" / "net") == ["net/dev", "net/prod"]


def test_a_broken_repository_completes_nothing_quietly(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "bad", {"a/Pulumi.yaml": "name: a\nruntime: yaml\nconfig: [1\n"})
    assert bash(["why", ".", ""], root) == []


def test_zsh_and_fish_complete_the_same_values(repo: Path) -> None:
    assert fish("stackgraph why . app/", repo) == ["app/dev", "app/prod"]
    assert fish("stackgraph plan -s project:", repo) == ["project:app", "project:net"]
    assert zsh("stackgraph why . app/", repo) == '_arguments \'*: :(("app/dev"\n"app/prod"))\'\n'
    assert zsh("stackgraph plan -s project:a", repo) == "_arguments '*: :((\"project\\\\:app\"))'\n"


def test_completion_through_typer_runner(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("_STACKGRAPH_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "stackgraph\nwhy\n.\nnet/")
    monkeypatch.setenv("COMP_CWORD", "3")
    out = cli()
    assert (out.code, out.stdout) == (0, "net/dev\nnet/prod\n")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(shell: str) -> None:
    first = {
        "bash": "_stackgraph_completion() {",
        "zsh": "#compdef stackgraph",
        "fish": "complete --command stackgraph",
    }
    for out in both("--show-completion", shell):
        assert out.code == 0, out.stderr
        assert out.stdout.startswith(first[shell])
        assert "_STACKGRAPH_COMPLETE=complete_" + shell in out.stdout


def test_show_completion_of_another_shell_is_a_usage_error() -> None:
    for out in both("--show-completion", "tcsh"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == "stackgraph: error: --show-completion tcsh: choose one of bash, zsh, fish\n"


def test_install_completion_writes_where_bash_reads_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    out = script("--install-completion", "bash", env={"HOME": str(home)})
    assert out.code == 0, out.stderr
    installed = home / ".bash_completions" / "stackgraph.sh"
    assert out.stderr == (
        f"stackgraph: bash completion installed in {installed}; it works in shells started from now on\n"
    )
    assert installed.read_text() == script("--show-completion", "bash").stdout.rstrip("\n")
    assert f"source '{installed}'" in (home / ".bashrc").read_text()


def test_install_completion_where_nothing_can_be_written_is_one_line(tmp_path: Path) -> None:
    """A home inside a regular file: no folder can be made there (root included)."""
    (tmp_path / "a-file").write_text("")
    home = tmp_path / "a-file" / "home"
    out = script("--install-completion", "bash", env={"HOME": str(home)})
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"stackgraph: error: --install-completion bash: cannot write {home}: Not a directory\n",
    )


def test_install_completion_for_zsh_and_fish(tmp_path: Path) -> None:
    for shell, file in (("zsh", ".zfunc/_stackgraph"), ("fish", ".config/fish/completions/stackgraph.fish")):
        home = tmp_path / shell
        home.mkdir()
        out = script("--install-completion", shell, env={"HOME": str(home)})
        assert out.code == 0, out.stderr
        assert (home / file).read_text().strip() == script("--show-completion", shell).stdout.strip()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_a_real_bash_runs_the_script(repo: Path) -> None:
    """Source the script in bash, set the words as bash's readline splits them, call the function."""
    shown = script("--show-completion", "bash").stdout
    program = (
        f"export PATH={BIN.parent}:$PATH\n{shown}\n"
        "COMP_WORDS=(stackgraph plan -s project : n); COMP_CWORD=5\n"
        '_stackgraph_completion stackgraph; printf "%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(stackgraph why . ''); COMP_CWORD=3\n"
        '_stackgraph_completion stackgraph; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["net", *IDS]


def test_help_lists_the_options_and_loads_no_completion_module() -> None:
    for out in both("--help"):
        assert "--install-completion" in out.stdout and "--show-completion" in out.stdout
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "stackgraph", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    loaded = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "stackgraph.cli.usage" in loaded  # the check sees our own modules
    assert "stackgraph.cli.completion" not in loaded
