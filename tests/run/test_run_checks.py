"""What a running command checks before anything runs, and how a timeout ends a stack (issue 15, rough edges).

Tests run as root, who can write any file: an unwritable state folder is made with a regular FILE named
`.stackgraph` (no one can create a folder inside a file), an unwritable report folder is /sys (refused to
root as well: sysfs takes no new files).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, both, cli, script
from tests.helpers.repo_builder import project, stack, write_repo
from tests.helpers.run_harness import Bench


def _repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})


def _one_line(out: Outcome, message: str) -> None:
    assert (out.code, out.stdout, out.stderr) == (2, "", f"stackgraph: error: {message}\n")


@pytest.mark.parametrize("command", [("run",), ("up",), ("preview",), ("destroy",)])
def test_a_state_folder_that_cannot_be_written_is_one_line_before_anything_runs(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    root = _repo(tmp_path)
    (root / ".stackgraph").write_text("a file where the folder should be\n")
    marker = tmp_path / "ran"
    tail = ("--", "touch", str(marker)) if command == ("run",) else ()
    for out in both(*command, root, *tail):
        _one_line(
            out,
            f"{root / '.stackgraph'}: cannot write stackgraph's state folder (File exists); set "
            "STACKGRAPH_STATE_DIR to a writable folder (e.g. STACKGRAPH_STATE_DIR=/tmp/stackgraph) to keep "
            "logs, run reports and state there",
        )
    assert not marker.exists()


def test_stackgraph_state_dir_moves_logs_and_reports(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / ".stackgraph").write_text("read-only checkout\n")
    moved = tmp_path / "elsewhere"
    out = script("run", root, "--", "true", env={"STACKGRAPH_STATE_DIR": str(moved)})
    assert out.code == 0, out.stderr
    report = json.loads((moved / "runs" / "last.json").read_text())
    assert [s["status"] for s in report["stacks"]] == ["succeeded"]
    assert Path(report["stacks"][0]["log"]).is_file()
    assert (moved / ".gitignore").is_file()
    assert (root / ".stackgraph").read_text() == "read-only checkout\n"


@pytest.mark.parametrize("flag", ["--report", "--junit", "--markdown"])
def test_report_paths_that_are_folders_or_unwritable_are_refused_before_anything_runs(
    tmp_path: Path, flag: str
) -> None:
    root = _repo(tmp_path)
    marker = tmp_path / "ran"
    folder = tmp_path / "out"
    folder.mkdir()
    example = {"--report": "run.json", "--junit": "junit.xml", "--markdown": "summary.md"}[flag]
    cases = [
        (folder, f"{flag} {folder}: is a folder; name a file in it, like {folder / example}"),
        (Path("/sys/r.out"), f"{flag} /sys/r.out: cannot write in /sys: Permission denied; choose another file"),
        (tmp_path / "nope" / "r", f"{flag} {tmp_path / 'nope' / 'r'}: the folder {tmp_path / 'nope'} does not exist"),
    ]
    for target, message in cases:
        for out in both("run", root, flag, target, "--", "touch", marker):
            _one_line(out, message)
    assert not marker.exists()
    assert list(folder.iterdir()) == []
    assert not (root / ".stackgraph").exists()


@pytest.mark.parametrize("flag", ["--report", "--junit", "--markdown"])
@pytest.mark.parametrize("command", ["run", "up", "destroy"])
def test_a_dash_for_a_report_is_refused_not_written_as_a_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str, command: str
) -> None:
    """`-o -` is stdout; a run's reports are files (written after the run, three could share stdout): refused."""
    root = _repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    tail = ("--", "touch", marker) if command == "run" else ("--yes",)
    example = {"--report": "run.json", "--junit": "junit.xml", "--markdown": "summary.md"}[flag]
    _one_line(
        cli(command, root, flag, "-", *tail),
        f"{flag} -: name a file, like {example}; a run's reports are written to files, not stdout",
    )
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]
    assert not (root / ".stackgraph").exists()


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--timeout", "nan", "--timeout nan: give a finite number of seconds above 0"),
        ("--timeout", "inf", "--timeout inf: give a finite number of seconds above 0"),
        ("--timeout", "-1", "--timeout -1: give a finite number of seconds above 0"),
        ("--kill-grace", "nan", "--kill-grace nan: give a finite number of seconds, 0 or more"),
        ("--kill-grace", "inf", "--kill-grace inf: give a finite number of seconds, 0 or more"),
        ("--kill-grace", "-1", "--kill-grace -1: give a finite number of seconds, 0 or more"),
        ("--retry-backoff", "nan", "--retry-backoff nan: give a finite number of seconds, 0 or more"),
    ],
)
def test_seconds_reject_nan_inf_and_negatives(tmp_path: Path, flag: str, value: str, message: str) -> None:
    root = _repo(tmp_path)
    for command in (("run",), ("up",)):
        tail = ("--", "true") if command == ("run",) else ()
        for out in both(*command, root, f"{flag}={value}", *tail):
            _one_line(out, message)
    assert not (root / ".stackgraph").exists()


def test_a_timed_out_stack_that_ignores_sigint_and_ends_on_its_own_is_cancelled(tmp_path: Path) -> None:
    """It exits 0 later, inside the kill grace: still cancelled, with the reason in the log and report."""
    bench = Bench(tmp_path, {"a/dev": [], "b/dev": ["a/dev"]}, {"a/dev": {"sleep": 1.5, "on_sigint": "ignore"}})
    done = bench.run("--timeout", "0.5", "--kill-grace", "20")
    assert done.code == 1, done.stderr
    ends = [e["code"] for e in bench.events() if e["id"] == "a/dev" and e["event"] == "end"]
    assert ends == [0]  # it did end on its own, with success
    report = {s["id"]: s for s in bench.report()["stacks"]}
    assert (report["a/dev"]["status"], report["a/dev"]["summary"]) == ("cancelled", {"error": "timed out after 0.5s"})
    assert report["b/dev"]["status"] == "skipped"
    log = (bench.root / report["a/dev"]["log"]).read_text()
    assert "a/dev: cancelled: timed out after 0.5s\n" in log
    assert "done a/dev (cancelled, " in done.stderr


def test_the_runner_and_the_script_agree_on_a_good_run(tmp_path: Path) -> None:
    """The checks above refuse bad input only: a writable repository runs."""
    root = _repo(tmp_path)
    report = tmp_path / "r.json"
    out = cli("run", root, "--report", report, "--timeout", "30", "--kill-grace", "0", "--", "true")
    assert out.code == 0, out.stderr
    assert json.loads(report.read_text())["stacks"][0]["status"] == "succeeded"


def test_a_read_only_checkout_for_an_unprivileged_user(tmp_path: Path) -> None:
    """The real situation: a user who may read the repository but not write in it (as root: `setpriv` to nobody)."""
    base = Path(tempfile.mkdtemp(prefix="stackgraph-ro-"))  # pytest's tmp_path is private to root
    try:
        root = _repo(base)
        for p in [base, *base.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        prefix: tuple[str, ...] = ()
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv: no user to whom the checkout is read-only")
            prefix = (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")
        env = {"STACKGRAPH_LOG_DIR": str(tmp_path), "STACKGRAPH_CACHE_DIR": "off", "HOME": str(base)}
        out = script("run", root, "--", "true", prefix=prefix, env=env)
        _one_line(
            out,
            f"{root / '.stackgraph'}: cannot write stackgraph's state folder (Permission denied); set "
            "STACKGRAPH_STATE_DIR to a writable folder (e.g. STACKGRAPH_STATE_DIR=/tmp/stackgraph) to keep "
            "logs, run reports and state there",
        )
        moved = Path(tempfile.mkdtemp(prefix="stackgraph-state-"))
        moved.chmod(0o777)
        out = script("run", root, "--", "true", prefix=prefix, env={**env, "STACKGRAPH_STATE_DIR": str(moved)})
        assert out.code == 0, out.stderr
        assert json.loads((moved / "runs" / "last.json").read_text())["stacks"][0]["status"] == "succeeded"
        shutil.rmtree(moved)
    finally:
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755)
        shutil.rmtree(base)


def test_a_state_dir_that_cannot_be_made_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc takes no new folder, from root either."""
    root = _repo(tmp_path)
    monkeypatch.setenv("STACKGRAPH_STATE_DIR", "/proc/stackgraph-state")
    for out in both("run", root, "--", "true"):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr.startswith(
            "stackgraph: error: /proc/stackgraph-state: cannot write stackgraph's state folder ("
        )
    assert not (root / ".stackgraph").exists()
