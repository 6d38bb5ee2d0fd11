"""Which stacks the backend holds, asked of the real engine: one listing for the projects that share a backend.

`stack_states` runs before every deploy command's first stack; one `pulumi stack ls` per project was most of
the time a run spent before it started anything. Projects on the run's own self-managed backend are now
answered by one `pulumi stack ls --all --json`; a project with its own backend.url is still asked alone.
A wrapper in front of the real CLI records every command line it is given.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import StackId
from stackgraph.run import pulumi as pl
from tests.helpers import engine

pytestmark = pytest.mark.engine


def _wrapper(folder: Path, real: Path, log: Path) -> Path:
    folder.mkdir(parents=True)
    exe = folder / "pulumi"
    exe.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}/pulumi" "$@"\n')
    exe.chmod(0o755)
    return exe


def _project(root: Path, name: str, *stacks: str, backend: str | None = None) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    extra = f"backend:\n  url: {backend}\n" if backend else ""
    (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: yaml\n{extra}")
    for s in stacks:
        (folder / f"Pulumi.{s}.yaml").write_text("config: {}\n")


def test_projects_on_one_self_managed_backend_are_listed_once(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    env = make_engine_env(tmp_path / "engine")
    env.pop("PULUMI_BACKEND_URL")  # the embedded backend, as a user with nothing configured has
    repo_dir = tmp_path / "repo"
    other = tmp_path / "other-state"
    other.mkdir()
    _project(repo_dir, "net", "dev", "prod")
    _project(repo_dir, "db", "dev", "prod")
    _project(repo_dir, "app", "dev", "prod")
    _project(repo_dir, "own", "dev", backend=other.as_uri())
    log = tmp_path / "argv.log"
    exe = _wrapper(tmp_path / "bin", pulumi_bin, log)
    repo = scan(repo_dir)
    ids = [s.id for s in repo.stacks]
    eng = pl.prepare(repo, ids, environ={**env, "STACKGRAPH_PULUMI_BIN": str(exe)})
    assert eng.backend.embedded and "own" in eng.project_backends
    for folder, stack in (("net", "dev"), ("net", "prod"), ("db", "dev"), ("own", "dev")):
        cmd = [str(exe), "stack", "init", stack, "--non-interactive", "--no-select", "--cwd", str(repo_dir / folder)]
        engine.check(subprocess.run(cmd, env=eng.env_for(folder), capture_output=True, text=True, check=False))
    log.unlink()

    states = pl.stack_states(eng, repo, ids)

    assert {sid for sid, st in states.items() if st.exists} == {
        StackId("net/dev"),
        StackId("net/prod"),
        StackId("db/dev"),
        StackId("own/dev"),
    }
    assert set(states) == set(ids)
    calls = log.read_text().splitlines()
    assert sorted(c.split(" --cwd")[0] for c in calls) == [
        "stack ls --all --json --non-interactive",  # net, db and app: one engine start
        "stack ls --json --non-interactive",  # own, on its own backend
    ]
    assert any(c.endswith(str((repo_dir / "own").resolve())) for c in calls)


def test_a_single_project_is_asked_as_before(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    env = make_engine_env(tmp_path / "engine")
    repo_dir = tmp_path / "repo"
    _project(repo_dir, "net", "dev")
    log = tmp_path / "argv.log"
    exe = _wrapper(tmp_path / "bin", pulumi_bin, log)
    repo = scan(repo_dir)
    eng = pl.prepare(repo, [StackId("net/dev")], environ={**env, "STACKGRAPH_PULUMI_BIN": str(exe)})
    states = pl.stack_states(eng, repo, [StackId("net/dev")])
    assert states == {StackId("net/dev"): pl.StackState(exists=False)}
    assert [c.split(" --cwd")[0] for c in log.read_text().splitlines()] == ["stack ls --json --non-interactive"]
