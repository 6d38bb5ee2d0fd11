"""Safe interactive defaults: the confirmation prompt (through a real pseudo-terminal) and `--dry-run`.

A fake `pulumi` (a shell script) appends every command line it gets to a marker file and
prints `[]` (no stack in the backend), so a destroy that goes on succeeds with nothing to
destroy, and "nothing ran" is checked by the marker's absence. `run --dry-run` uses the
shared fake engine (tests/helpers/fake_engine.py), which records every start.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.clirun import BIN, cli, script
from tests.helpers.repo_builder import project, stack, write_repo

FAKE_ENGINE = Path(__file__).resolve().parents[1] / "helpers" / "fake_engine.py"
CI_VARS = ("CI", "GITHUB_ACTIONS", "GITLAB_CI")


def make_repo(tmp: Path, env: str = "prod", tags: list[str] | None = None) -> Path:
    return write_repo(
        tmp / "repo",
        {
            "net/Pulumi.yaml": project("net"),
            f"net/Pulumi.{env}.yaml": stack(tags=tags),
            "app/Pulumi.yaml": project("app"),
            f"app/Pulumi.{env}.yaml": stack([f"net/{env}"]),
        },
    )


def fake_pulumi(tmp: Path) -> tuple[Path, Path]:
    marker = tmp / "marker"
    exe = tmp / "bin" / "pulumi"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\necho "$@" >> {marker}\necho "[]"\n')
    exe.chmod(0o755)
    return exe, marker


def env_for(exe: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CI_VARS}
    return env | {"STACKGRAPH_PULUMI_BIN": str(exe), "STACKGRAPH_CACHE_DIR": "off", "NO_COLOR": "1"} | extra


def on_terminal(args: list[str], env: dict[str, str], answer: str | None, timeout: float = 60) -> tuple[int, str]:
    """Run the console script with stdin and stderr on a pseudo-terminal; answer the question if asked."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(BIN), *args], stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    answered = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if answer is not None and not answered and b"[y/N]" in seen:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if proc.poll() is not None and not ready:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        assert proc.stdout is not None
        proc.stdout.close()
    return code, seen.decode(errors="replace").replace("\r\n", "\n")


def test_destroy_on_a_terminal_asks_and_no_runs_nothing(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="dev")
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["destroy", str(root)], env_for(exe), "n")
    assert code == 1, text
    assert "destroy will run on 2 stacks, in this order:\n  1. app/dev  (app)\n  2. net/dev  (net)\n" in text
    assert "Destroy 2 stacks? [y/N] " in text
    assert "stackgraph: error: cancelled, nothing ran: destroy of 2 stack(s) not confirmed" in text
    assert not marker.exists()
    assert not (root / ".stackgraph").exists()


def test_destroy_on_a_terminal_goes_on_with_yes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="dev")
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["destroy", str(root)], env_for(exe), "y")
    assert code == 0, text
    assert "Destroy 2 stacks? [y/N] " in text
    assert "stack ls" in marker.read_text()  # the backend was asked (one --all listing for shared backends)


@pytest.mark.parametrize("answer", ["", "no", "yess", "q"])
def test_anything_but_y_or_yes_cancels(tmp_path: Path, answer: str) -> None:
    root = make_repo(tmp_path, env="dev")
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["destroy", str(root)], env_for(exe), answer)
    assert code == 1, text
    assert not marker.exists()


@pytest.mark.parametrize("env", ["prod", "production", "Production"])
def test_up_of_prod_stacks_asks(tmp_path: Path, env: str) -> None:
    root = make_repo(tmp_path, env=env)
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["up", str(root)], env_for(exe), "n")
    assert code == 1, text
    assert f"  1. net/{env}  (net)  (protected)\n  2. app/{env}  (app)  (protected)\n" in text
    assert "Up 2 stacks? [y/N] " in text
    assert not marker.exists()


def test_up_of_a_protected_tag_asks(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="dev", tags=["protected"])
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["up", str(root)], env_for(exe), "n")
    assert code == 1, text
    assert "  1. net/dev  (net)  (protected)\n  2. app/dev  (app)\n" in text
    assert not marker.exists()


def test_up_of_unprotected_stacks_does_not_ask(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="dev")
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["up", str(root)], env_for(exe), None)
    assert "[y/N]" not in text
    assert code == 2, text  # the fake backend has no stacks: refused, after asking it (no question)
    assert "stack ls" in marker.read_text()  # the backend was asked (one --all listing for shared backends)


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["--yes"], {}),
        (["-y"], {}),
        ([], {"CI": "true"}),
        ([], {"GITHUB_ACTIONS": "true"}),
        ([], {"GITLAB_CI": "true"}),
    ],
)
def test_yes_and_ci_never_ask(tmp_path: Path, args: list[str], extra: dict[str, str]) -> None:
    root = make_repo(tmp_path, env="prod")
    exe, marker = fake_pulumi(tmp_path)
    code, text = on_terminal(["destroy", str(root), *args], env_for(exe, **extra), None)
    assert "[y/N]" not in text
    assert code == 0, text
    assert "stack ls" in marker.read_text()  # the backend was asked (one --all listing for shared backends)


def test_non_interactive_stdin_never_asks(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="prod")
    exe, marker = fake_pulumi(tmp_path)
    proc = subprocess.run(
        [str(BIN), "destroy", str(root)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env_for(exe),
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "[y/N]" not in proc.stderr
    assert "stack ls" in marker.read_text()  # the backend was asked (one --all listing for shared backends)


def expected_dry_run(command: str, root: Path, exe: Path, order: list[str], flags: str) -> str:
    lines = [f"# stackgraph {command} --dry-run: 2 stacks, in this order; nothing was run"]
    for i, sid in enumerate(order, 1):
        proj, name = sid.split("/")
        folder = root.resolve() / proj
        events = root / ".stackgraph" / "logs" / "RUN-ID" / proj / f"{name}.events.jsonl"
        lines += [
            f"{i}. {sid}",
            f"   folder: {proj}",
            f"   $ {exe} {command} --non-interactive {flags}--suppress-progress --color=never "
            f"--stack {name} --cwd {folder} --event-log {events}",
        ]
    return "\n".join(lines) + "\n"


DEPLOY_FLAGS = {
    "up": "--yes --skip-preview --show-secrets=false ",
    "preview": "--show-secrets=false ",
    "refresh": "--yes --skip-preview ",
    "destroy": "--yes --skip-preview ",
}


@pytest.mark.parametrize("command", sorted(DEPLOY_FLAGS))
def test_dry_run_shows_what_would_run_and_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    root = make_repo(tmp_path, env="prod")
    exe, marker = fake_pulumi(tmp_path)
    for k, v in env_for(exe).items():
        monkeypatch.setenv(k, v)
    for name in CI_VARS:
        monkeypatch.delenv(name, raising=False)
    order = ["app/prod", "net/prod"] if command == "destroy" else ["net/prod", "app/prod"]
    want = expected_dry_run(command, root, exe, order, DEPLOY_FLAGS[command])
    for outcome in (cli(command, root, "--dry-run"), script(command, root, "--dry-run")):
        assert outcome.code == 0, outcome.stderr
        assert outcome.stdout == want
        assert "[y/N]" not in outcome.stderr
    assert not marker.exists()
    assert not (root / ".stackgraph").exists()


def test_dry_run_of_run_starts_no_process(tmp_path: Path) -> None:
    root = make_repo(tmp_path, env="dev")
    record = tmp_path / "record.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in CI_VARS}
    env |= {"FAKE_ENGINE_RECORD": str(record), "FAKE_ENGINE_SCRIPT": str(tmp_path / "none.json")}
    env["STACKGRAPH_CACHE_DIR"] = "off"
    outcome = script("run", root, "--dry-run", "--reverse", "--", sys.executable, FAKE_ENGINE, "--x", env=env)
    assert outcome.code == 0, outcome.stderr
    cmd = f"{sys.executable} {FAKE_ENGINE} --x"
    assert outcome.stdout == (
        "# stackgraph run --dry-run: 2 stacks, in this order; nothing was run\n"
        f"1. app/dev\n   folder: app\n   $ {cmd}\n"
        f"2. net/dev\n   folder: net\n   $ {cmd}\n"
    )
    assert not record.exists()
    assert not (root / ".stackgraph").exists()


def test_dry_run_never_shows_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path, env="dev")
    (root / "net" / "Pulumi.dev.yaml").write_text("config:\n  net:token:\n    secure: AAABBBsecretvalue\n")
    exe, _marker = fake_pulumi(tmp_path)
    outcome = script("up", root, "--dry-run", env=env_for(exe, PULUMI_CONFIG_PASSPHRASE="hunter2"))
    assert outcome.code == 0, outcome.stderr
    assert "secretvalue" not in outcome.stdout + outcome.stderr
    assert "hunter2" not in outcome.stdout + outcome.stderr


def test_dry_run_with_create_stacks_says_the_backend_was_not_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path, env="dev")
    exe, marker = fake_pulumi(tmp_path)
    for k, v in env_for(exe).items():
        monkeypatch.setenv(k, v)
    for outcome in (
        cli("up", root, "--dry-run", "--create-stacks"),
        script("up", root, "--dry-run", "--create-stacks"),
    ):
        assert outcome.code == 0, outcome.stderr
        assert (
            "stackgraph: note: --dry-run does not ask the backend: with --create-stacks, the stacks it lacks would "
            "first be created (pulumi stack init)\n"
        ) in outcome.stderr
        assert outcome.stdout.startswith("# stackgraph up --dry-run: 2 stacks")
    assert not marker.exists()
