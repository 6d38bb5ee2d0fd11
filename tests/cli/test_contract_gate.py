"""`plan`, the deploy commands and `run` check output contracts before anything runs: errors are warnings,
and `--strict-contracts` refuses with exit 2 (nothing started)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers.clirun import both, cli, script
from tests.helpers.repo_builder import project, stack, write_repo

WARNING = (
    "stackgraph: warning: app/Pulumi.yaml:9: reads output 'vpcID' of net/dev (the StackReference at line 4), "
    "which does not export it "
    "(it exports vpcId); did you mean 'vpcId'?"
)
REFUSAL = (
    "stackgraph: error: --strict-contracts: 1 output read that its producer does not export (above); nothing "
    "ran. Fix the names, or list a finding under `contracts.ignore` in stackgraph.yaml"
)


def write(root: Path, read: str = "vpcID") -> Path:
    return write_repo(
        root,
        {
            "stackgraph.yaml": "org: acme\n",
            "net/Pulumi.yaml": {**project("net"), "outputs": {"vpcId": "vpc-1"}},
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": {
                **project("app"),
                "resources": {
                    "net": {
                        "type": "pulumi:pulumi:StackReference",
                        "properties": {"name": "${pulumi.organization}/net/dev"},
                    }
                },
                "outputs": {"v": '${net.outputs["' + read + '"]}'},
            },
            "app/Pulumi.dev.yaml": stack(),
        },
    )


def test_plan_warns_and_still_prints_the_plan(tmp_path: Path) -> None:
    root = write(tmp_path)
    for out in both("plan", root, "-f", "text"):
        assert out.code == 0, out.stderr
        assert WARNING in out.stderr.splitlines()
        assert out.stdout.startswith("deploy order: 2 stacks in 2 levels\n")


def test_plan_with_strict_contracts_refuses(tmp_path: Path) -> None:
    root = write(tmp_path)
    for out in both("plan", root, "-f", "text", "--strict-contracts"):
        assert out.code == 2
        assert out.stderr.splitlines()[-2:] == [WARNING, REFUSAL]
        assert out.stdout == ""


def test_no_warning_when_the_contracts_hold(tmp_path: Path) -> None:
    root = write(tmp_path, read="vpcId")
    out = cli("plan", root, "-f", "text", "--strict-contracts")
    assert out.code == 0
    assert "warning" not in out.stderr


def test_only_the_chosen_stacks_are_checked(tmp_path: Path) -> None:
    root = write(tmp_path)
    out = cli("plan", root, "-f", "text", "--strict-contracts", "-s", "net/dev")
    assert out.code == 0, out.stderr
    assert "vpcID" not in out.stderr


MARK = "import pathlib; pathlib.Path('ran').write_text('x')"


def test_run_warns_before_it_runs(tmp_path: Path) -> None:
    root = write(tmp_path)
    out = cli("run", root, "--", sys.executable, "-c", MARK)
    assert out.code == 0, out.stderr
    assert WARNING in out.stderr.splitlines()
    assert (root / "app" / "ran").is_file()


def test_strict_contracts_refuses_before_anything_runs(tmp_path: Path) -> None:
    root = write(tmp_path)
    for out in both("run", root, "--strict-contracts", "--", sys.executable, "-c", MARK):
        assert out.code == 2
        assert out.stderr.splitlines()[-2:] == [WARNING, REFUSAL]
    assert not list(root.rglob("ran"))
    assert not (root / ".stackgraph" / "runs").exists()  # no run was recorded


def test_up_dry_run_warns_first_and_strict_refuses(tmp_path: Path) -> None:
    root = write(tmp_path)
    out = cli("up", root, "--dry-run")
    assert out.code == 0, out.stderr
    lines = out.stderr.splitlines()
    assert WARNING in lines
    refused = cli("up", root, "--dry-run", "--strict-contracts")
    assert refused.code == 2
    assert refused.stderr.splitlines()[-1] == REFUSAL
    assert "app/dev" not in refused.stdout


def test_in_github_actions_each_warning_is_also_an_annotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "repo")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    out = cli("run", root, "--ci", "github", "--", sys.executable, "-c", MARK)
    assert out.code == 0, out.stderr
    annotation = (
        "::warning file=repo/app/Pulumi.yaml,line=9,title=stackgraph%3A contract::reads output 'vpcID' of net/dev "
        "(the StackReference at line 4), which does not export it (it exports vpcId); did you mean 'vpcId'?"
    )
    assert annotation in (out.stdout + out.stderr).splitlines(), out.stdout + out.stderr


def write_env_repo(root: Path) -> Path:
    """`write`, with app reading net of its own stack name (so that an environment copies both)."""
    write(root)
    app = root / "app" / "Pulumi.yaml"
    app.write_text(app.read_text().replace("/net/dev", "/net/${pulumi.stack}"))
    return root


ENV_WARNING = WARNING.replace("net/dev", "net/pr-1")


def test_env_up_warns_before_it_asks_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_env_repo(tmp_path / "repo")
    monkeypatch.setenv("STACKGRAPH_PULUMI_BIN", str(tmp_path / "nothing"))  # the next step needs the engine
    out = cli("env", "up", "pr-1", "--from", "dev", root)
    assert out.code == 2
    lines = out.stderr.splitlines()
    assert ENV_WARNING in lines
    assert lines[-1].startswith(f"stackgraph: error: STACKGRAPH_PULUMI_BIN={tmp_path / 'nothing'}: no pulumi")
    assert lines.index(ENV_WARNING) < len(lines) - 1


def test_env_up_with_strict_contracts_refuses_before_anything_is_created(tmp_path: Path) -> None:
    root = write_env_repo(tmp_path / "repo")
    for out in both("env", "up", "pr-1", "--from", "dev", root, "--strict-contracts"):
        assert out.code == 2
        assert out.stderr.splitlines()[-2:] == [ENV_WARNING, REFUSAL]
    assert not (root / ".stackgraph" / "envs").exists()  # no record, no stack file, no backend asked
    assert not list(root.glob("*/Pulumi.pr-1.yaml"))
    assert not (root / ".stackgraph" / "state").exists()
    fixed = write(tmp_path / "fixed", read="vpcId")
    app = fixed / "app" / "Pulumi.yaml"
    app.write_text(app.read_text().replace("/net/dev", "/net/${pulumi.stack}"))
    out = cli("env", "up", "pr-1", "--from", "dev", fixed, "--strict-contracts", "--dry-run")
    assert "--strict-contracts" not in out.stderr and "warning: app" not in out.stderr


@pytest.mark.parametrize("command", [("env", "down", "pr-1"), ("env", "gc")], ids=" ".join)
def test_env_teardown_rejects_strict_contracts(command: tuple[str, ...], tmp_path: Path) -> None:
    root = write(tmp_path / "repo")
    for out in both(*command, root, "--strict-contracts"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr.splitlines()[-1] == (
            f"stackgraph: error: --strict-contracts: `{' '.join(command[:2])}` destroys what `env up` made and "
            "checks no output contract (`env up` does); drop it"
        )


def recording_pulumi(folder: Path) -> dict[str, str]:
    """A `pulumi` that records that it ran, then fails (the gate must come first)."""
    folder.mkdir(parents=True)
    exe = folder / "pulumi"
    exe.write_text(f"#!{sys.executable}\nimport pathlib\npathlib.Path('{folder}/ran').touch()\nraise SystemExit(7)\n")
    exe.chmod(0o755)
    return {
        "STACKGRAPH_PULUMI_BIN": str(folder),
        "PULUMI_BACKEND_URL": f"file://{folder}/state",
        "PULUMI_CONFIG_PASSPHRASE": "",
    }


def test_preview_warns_before_the_engine_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "repo")
    env = recording_pulumi(tmp_path / "bin")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = cli("preview", root)
    lines = out.stderr.splitlines()
    assert WARNING in lines
    assert (tmp_path / "bin" / "ran").exists()  # then the engine was asked (and failed: exit 2)
    assert out.code == 2
    assert lines.index(WARNING) < next(i for i, ln in enumerate(lines) if ln.startswith("stackgraph: error:"))


def test_preview_with_strict_contracts_refuses_before_the_engine_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(tmp_path / "repo")
    env = recording_pulumi(tmp_path / "bin")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for out in (cli("preview", root, "--strict-contracts"), script("preview", root, "--strict-contracts", env=env)):
        assert out.code == 2
        assert out.stderr.splitlines()[-2:] == [WARNING, REFUSAL]
        assert out.stdout == ""
    assert not (tmp_path / "bin" / "ran").exists()
    assert not (root / ".stackgraph" / "runs").exists()
