"""The Pulumi adapter without the engine: finding the CLI, backend and passphrase, parsing, classifying.

Fake `pulumi` executables here are only files to be found, never run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.errors import InputError, ToolMissingError, UsageError
from stackgraph.model import Stack, StackId
from stackgraph.run import pulumi as pl
from tests.helpers.repo_builder import project, stack, write_repo


def fake_cli(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "pulumi"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    return exe


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack([]),
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
        },
    )


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with no backend, no passphrase, no pulumi on PATH, and an empty home."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"PATH": str(tmp_path / "empty-path"), "HOME": str(home), **extra}


# --- finding the CLI ---


def test_bin_env_names_the_folder(tmp_path: Path, repo_dir: Path) -> None:
    exe = fake_cli(tmp_path / "bin")
    fake_cli(tmp_path / "onpath")
    env = clean_env(tmp_path, STACKGRAPH_PULUMI_BIN=str(tmp_path / "bin"), PATH=str(tmp_path / "onpath"))
    assert pl.find_pulumi(repo_dir, env) == (exe.resolve(), "STACKGRAPH_PULUMI_BIN")


def test_bin_env_may_name_the_executable(tmp_path: Path, repo_dir: Path) -> None:
    exe = fake_cli(tmp_path / "bin")
    env = clean_env(tmp_path, STACKGRAPH_PULUMI_BIN=str(exe))
    assert pl.find_pulumi(repo_dir, env)[0] == exe.resolve()


def test_bin_env_pointing_nowhere_is_an_error_not_a_fallback(tmp_path: Path, repo_dir: Path) -> None:
    fake_cli(tmp_path / "onpath")
    env = clean_env(tmp_path, STACKGRAPH_PULUMI_BIN=str(tmp_path / "nothing"), PATH=str(tmp_path / "onpath"))
    with pytest.raises(ToolMissingError) as err:
        pl.find_pulumi(repo_dir, env)
    assert str(err.value) == (
        f"STACKGRAPH_PULUMI_BIN={tmp_path / 'nothing'}: no pulumi executable there; point it at the folder "
        "that holds `pulumi`, or unset it (scripts/install-pulumi prints that folder)"
    )
    assert err.value.exit_code == 2


def test_setup_note_comes_before_path(tmp_path: Path, repo_dir: Path) -> None:
    exe = fake_cli(tmp_path / "cached" / "bin")
    fake_cli(tmp_path / "onpath")
    (repo_dir / ".stackgraph").mkdir()
    (repo_dir / ".stackgraph" / "pulumi-bin").write_text(f"{exe.parent}\n")
    env = clean_env(tmp_path, PATH=str(tmp_path / "onpath"))
    assert pl.find_pulumi(repo_dir, env) == (exe.resolve(), str(repo_dir.resolve() / ".stackgraph" / "pulumi-bin"))


def test_path_is_the_last_resort(tmp_path: Path, repo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pl.engine, "_bin_file_bases", lambda root: [root])
    exe = fake_cli(tmp_path / "onpath")
    env = clean_env(tmp_path, PATH=str(tmp_path / "onpath"))
    assert pl.find_pulumi(repo_dir, env) == (exe, "PATH")


def test_no_engine_anywhere_names_the_installer(
    tmp_path: Path, repo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pl.engine, "_bin_file_bases", lambda root: [root])
    with pytest.raises(ToolMissingError) as err:
        pl.find_pulumi(repo_dir, clean_env(tmp_path))
    assert str(err.value) == (
        "the Pulumi CLI was not found: run scripts/install-pulumi (or scripts/setup), put `pulumi` on PATH, "
        "or set STACKGRAPH_PULUMI_BIN to the folder that holds it"
    )


# --- backend and passphrase ---


def test_backend_env_var_wins(tmp_path: Path) -> None:
    env = clean_env(tmp_path, PULUMI_BACKEND_URL="s3://bucket", PULUMI_ACCESS_TOKEN="t")
    assert pl.detect_backend(tmp_path, env) == pl.Backend("s3://bucket", "PULUMI_BACKEND_URL")


def test_logged_in_backend_from_credentials(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    (tmp_path / "home" / ".pulumi").mkdir()
    (tmp_path / "home" / ".pulumi" / "credentials.json").write_text(json.dumps({"current": "file:///srv/state"}))
    assert pl.detect_backend(tmp_path, env) == pl.Backend("file:///srv/state", "credentials")


def test_pulumi_home_holds_the_credentials(tmp_path: Path) -> None:
    (tmp_path / "ph").mkdir()
    (tmp_path / "ph" / "credentials.json").write_text(json.dumps({"current": "https://api.pulumi.com"}))
    env = clean_env(tmp_path, PULUMI_HOME=str(tmp_path / "ph"))
    assert pl.detect_backend(tmp_path, env).source == "credentials"


def test_logged_out_credentials_mean_no_backend(tmp_path: Path) -> None:
    (tmp_path / "ph").mkdir()
    (tmp_path / "ph" / "credentials.json").write_text(json.dumps({"current": "", "accounts": {}}))
    env = clean_env(tmp_path, PULUMI_HOME=str(tmp_path / "ph"))
    assert pl.detect_backend(tmp_path, env).embedded


def test_access_token_means_pulumi_cloud(tmp_path: Path) -> None:
    env = clean_env(tmp_path, PULUMI_ACCESS_TOKEN="pul-x")
    assert pl.detect_backend(tmp_path, env) == pl.Backend("https://api.pulumi.com", "PULUMI_ACCESS_TOKEN")


def test_nothing_configured_means_the_embedded_backend(tmp_path: Path) -> None:
    backend = pl.detect_backend(tmp_path, clean_env(tmp_path))
    assert backend == pl.Backend((tmp_path / ".stackgraph" / "state").as_uri(), "embedded")
    assert backend.embedded and backend.diy


def prepare(repo_dir: Path, tmp_path: Path, **env: str) -> pl.Engine:
    exe = fake_cli(tmp_path / "bin")
    repo = scan(repo_dir)
    environ = clean_env(tmp_path, PATH=str(exe.parent), STACKGRAPH_PULUMI_BIN=str(exe), **env)
    return pl.prepare(repo, [s.id for s in repo.stacks], environ=environ)


def test_embedded_backend_is_created_and_announced_with_the_default_passphrase(tmp_path: Path, repo_dir: Path) -> None:
    engine = prepare(repo_dir, tmp_path)
    url = (repo_dir / ".stackgraph" / "state").as_uri()
    assert (repo_dir / ".stackgraph" / "state").is_dir()
    assert engine.env["PULUMI_BACKEND_URL"] == url
    assert engine.env["PULUMI_CONFIG_PASSPHRASE"] == "stackgraph-local"
    assert engine.env["PATH"].split(os.pathsep)[0] == str((tmp_path / "bin").resolve())
    assert engine.notices == (
        "no Pulumi backend is configured (no PULUMI_BACKEND_URL, no `pulumi login`): using the embedded local "
        f"file backend {url}; set PULUMI_BACKEND_URL to use another",
        "no PULUMI_CONFIG_PASSPHRASE is set: the embedded backend encrypts secrets with the default passphrase "
        "'stackgraph-local', which anyone can read; set PULUMI_CONFIG_PASSPHRASE for secrets you care about",
    )


def test_users_passphrase_is_kept_with_the_embedded_backend(tmp_path: Path, repo_dir: Path) -> None:
    engine = prepare(repo_dir, tmp_path, PULUMI_CONFIG_PASSPHRASE="mine")
    assert engine.env["PULUMI_CONFIG_PASSPHRASE"] == "mine"
    assert len(engine.notices) == 1


def test_passphrase_file_counts_as_a_passphrase(tmp_path: Path, repo_dir: Path) -> None:
    engine = prepare(repo_dir, tmp_path, PULUMI_BACKEND_URL="file:///x", PULUMI_CONFIG_PASSPHRASE_FILE="/p")
    assert "PULUMI_CONFIG_PASSPHRASE" not in engine.env
    assert engine.notices == ()


def test_users_diy_backend_without_passphrase_is_bad_input(tmp_path: Path, repo_dir: Path) -> None:
    with pytest.raises(UsageError) as err:
        prepare(repo_dir, tmp_path, PULUMI_BACKEND_URL="file:///srv/state")
    assert str(err.value) == (
        "the backend file:///srv/state keeps the secrets of app/dev, net/dev with a passphrase, and none is set: "
        "export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and run again"
    )


def test_stacks_with_another_secrets_provider_need_no_passphrase(tmp_path: Path) -> None:
    repo_dir = write_repo(
        tmp_path / "repo",
        {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack([], secretsprovider="awskms://alias/x")},
    )
    engine = prepare(repo_dir, tmp_path, PULUMI_BACKEND_URL="s3://bucket")
    assert engine.backend == pl.Backend("s3://bucket", "PULUMI_BACKEND_URL")


def test_cloud_backend_needs_no_passphrase(tmp_path: Path, repo_dir: Path) -> None:
    engine = prepare(repo_dir, tmp_path, PULUMI_ACCESS_TOKEN="pul-x")
    assert "PULUMI_CONFIG_PASSPHRASE" not in engine.env and "PULUMI_BACKEND_URL" not in engine.env


def test_project_backend_url_beats_the_embedded_backend(tmp_path: Path) -> None:
    repo_dir = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("net", backend={"url": "s3://team"}),
            "net/Pulumi.dev.yaml": stack([]),
            "app/Pulumi.yaml": project("app"),
            "app/Pulumi.dev.yaml": stack(["net/dev"]),
        },
    )
    engine = prepare(repo_dir, tmp_path)
    assert engine.backend.embedded
    assert "PULUMI_BACKEND_URL" not in engine.env_for("net")
    assert engine.env_for("app")["PULUMI_BACKEND_URL"] == engine.backend.url


def test_every_project_with_its_own_backend_means_no_embedded_one(tmp_path: Path) -> None:
    repo_dir = write_repo(
        tmp_path / "repo",
        {"net/Pulumi.yaml": project("net", backend={"url": "s3://team"}), "net/Pulumi.dev.yaml": stack([])},
    )
    engine = prepare(repo_dir, tmp_path)
    assert engine.backend == pl.Backend(None, "project")
    assert engine.notices == ()
    assert not (repo_dir / ".stackgraph").exists()


@pytest.mark.parametrize("name", ["--yes", "dev prod", "a/b", "ü"])
def test_unsafe_stack_names_are_refused(name: str) -> None:
    bad = Stack(project="net", name=name, file=f"net/Pulumi.{name}.yaml", project_path="net")
    with pytest.raises(InputError) as err:
        pl.validate_names(bad)
    assert str(err.value) == (
        f"net/Pulumi.{name}.yaml: stack name {name!r} is not a valid Pulumi name: "
        "use letters, digits, '-', '_' and '.' (not '-' first)"
    )


# --- jobs ---


def test_up_job_runs_the_cli_directly_with_an_event_log(tmp_path: Path, repo_dir: Path) -> None:
    engine = prepare(repo_dir, tmp_path)
    app = scan(repo_dir).stack_by_id()[StackId("app/dev")]
    job = pl.make_job(engine, app, pl.Operation.UP, events_dir=tmp_path / "events")
    (step,) = job.steps
    events = tmp_path / "events" / "app" / "dev.events.jsonl"
    assert step.argv == (
        str(engine.pulumi),
        "up",
        "--non-interactive",
        "--yes",
        "--skip-preview",
        "--show-secrets=false",
        "--suppress-progress",
        "--color=never",
        "--stack",
        "dev",
        "--cwd",
        str(repo_dir.resolve() / "app"),
        "--event-log",
        str(step.live_events),  # a private file (tests/run/test_private_events.py), copied filtered to `events`
    )
    assert step.live_events is not None and step.live_events.name == "dev.events.jsonl"
    assert step.cwd == repo_dir.resolve() / "app"
    assert step.event_log == events and events.parent.is_dir()
    assert job.id == "app/dev"
    assert job.transient is pl.transient
    url = engine.env["PULUMI_BACKEND_URL"]
    assert job.recovery == (
        f"PULUMI_BACKEND_URL={url} PULUMI_CONFIG_PASSPHRASE=stackgraph-local {engine.pulumi} cancel --yes -s dev "
        f"--cwd {repo_dir.resolve() / 'app'}",
        f"PULUMI_BACKEND_URL={url} PULUMI_CONFIG_PASSPHRASE=stackgraph-local {engine.pulumi} refresh "
        f"--clear-pending-creates --yes -s dev --cwd {repo_dir.resolve() / 'app'}",
    )


@pytest.mark.parametrize(
    ("op", "flags"),
    [
        (pl.Operation.PREVIEW, ("--show-secrets=false",)),
        (pl.Operation.REFRESH, ("--yes", "--skip-preview")),
        (pl.Operation.DESTROY, ("--yes", "--skip-preview")),
    ],
)
def test_other_operations(tmp_path: Path, repo_dir: Path, op: pl.Operation, flags: tuple[str, ...]) -> None:
    engine = prepare(repo_dir, tmp_path)
    net = scan(repo_dir).stack_by_id()[StackId("net/dev")]
    (step,) = pl.make_job(engine, net, op, events_dir=tmp_path).steps
    assert step.argv[1 : 3 + len(flags)] == (op.value, "--non-interactive", *flags)
    assert step.name == op.value


# --- parsing and classifying engine output ---


def test_parse_stack_ls() -> None:
    text = json.dumps(
        [
            {"name": "dev", "current": False, "resourceCount": 3},
            {"name": "organization/app/prod", "current": True, "updateInProgress": True},
            {"name": "acme/app/qa", "resourceCount": 0},
        ]
    )
    assert pl.parse_stack_ls(text) == {
        "dev": pl.StackState(True, 3, False),
        "prod": pl.StackState(True, 0, True),
        "qa": pl.StackState(True, 0, False),
    }
    assert pl.parse_stack_ls("[]") == {}
    assert pl.StackState(True, 3).deployed and not pl.StackState(True, 0).deployed


def test_parse_stack_ls_refuses_garbage() -> None:
    with pytest.raises(pl.EngineError) as err:
        pl.parse_stack_ls("warning: something\n[]")
    assert str(err.value).startswith("`pulumi stack ls --json` printed something that is not JSON")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end",
            "the stack is locked by another update",
        ),
        ("error: [409] Conflict: Another update is currently in progress.", "the stack is locked by another update"),
        ("error: dial tcp 10.0.0.1:443: connect: connection refused", "network error"),
        ("read tcp: connection reset by peer", "network error"),
        ("error: Get https://api.pulumi.com: net/http: TLS handshake timeout", "network error"),
        ("dial tcp: lookup api.pulumi.com: no such host", "network error"),
        ("error: [503] Service Unavailable", "network error"),
    ],
)
def test_transient_errors(text: str, reason: str) -> None:
    got = pl.transient(f"Updating (dev):\n{text}\n")
    assert got == f"{reason}: {text}"


@pytest.mark.parametrize(
    "text",
    [
        "error: Program failed with an unhandled exception: ValueError: boom",
        "error: unknown stack organization/networking/dev",
        "error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE",
        "",
    ],
)
def test_permanent_errors(text: str) -> None:
    assert pl.transient(text) is None


def test_summarize_reads_the_summary_event(tmp_path: Path) -> None:
    log = tmp_path / "e.jsonl"
    events = [
        {"sequence": 0, "preludeEvent": {"config": {}}},
        {"sequence": 1, "diagnosticEvent": {"severity": "info", "message": "hi"}},
        {
            "sequence": 2,
            "summaryEvent": {
                "resourceChanges": {"same": 2, "create": 1},
                "durationSeconds": 3,
                "result": "succeeded",
                "maybeCorrupt": False,
            },
        },
    ]
    log.write_text("".join(json.dumps(e) + "\n" for e in events) + '{"torn')
    assert pl.summarize(log) == {
        "changes": {"create": 1, "same": 2},
        "duration_s": 3,
        "result": "succeeded",
        "maybe_corrupt": False,
    }


def test_summarize_names_the_first_error(tmp_path: Path) -> None:
    log = tmp_path / "e.jsonl"
    events = [
        {"diagnosticEvent": {"severity": "error", "message": "Program failed:\n  ValueError: boom\n"}},
        {"diagnosticEvent": {"severity": "error", "message": "update failed"}},
    ]
    log.write_text("".join(json.dumps(e) + "\n" for e in events))
    assert pl.summarize(log) == {"engine_error": "Program failed: ValueError: boom"}
    assert pl.summarize(tmp_path / "missing.jsonl") == {}


def test_summarize_falls_back_to_the_last_cli_error_of_the_last_attempt(tmp_path: Path) -> None:
    log = tmp_path / "dev.log"
    log.write_text(
        "# stackgraph 2026-01-01T00:00:00Z db/dev: step up (attempt 1): pulumi up\n"
        "error: the stack is currently locked by 1 lock(s). Either wait\n"
        "  file:///state/.pulumi/locks/x.json: created by me\n"
        "# stackgraph 2026-01-01T00:00:02Z db/dev: step up (attempt 2): pulumi up\n"
        "error: network is down\n"
        "  details\n"
        "# stackgraph 2026-01-01T00:00:03Z db/dev: step up exited with code 1 after 0.3s\n"
    )
    assert pl.summarize(tmp_path / "no-events.jsonl", log) == {"engine_error": "network is down"}
    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps({"diagnosticEvent": {"severity": "error", "message": "from the engine"}}) + "\n")
    assert pl.summarize(events, log) == {"engine_error": "from the engine"}
