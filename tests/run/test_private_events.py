"""The engine's own event log is written in a private folder; only its filtered copy reaches `.stackgraph/logs`.

The engine writes debug events into its `--event-log` file (the Node.js SDK logs each StackReference's raw
response there: the outputs it reads, secrets in clear). stackgraph drops them once the step's process
exited; a stackgraph killed with SIGKILL during a step never gets there, so the engine writes its events
in a private folder (0700, outside the repository, removed when stackgraph exits, or by the watchdog when
it is killed) and only the filtered copy is written under `.stackgraph/logs`.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stackgraph.model import Stack
from stackgraph.run.pulumi.engine import Backend, Engine
from stackgraph.run.pulumi.jobs import Operation, make_step, read_events

SECRET = "kill-canary-s3cr3t-77"
DEBUG = {
    "sequence": 1,
    "diagnosticEvent": {"message": f"ReadResource RPC finished: resp: {SECRET}", "severity": "debug"},
}
KEPT = [{"sequence": 0, "cancelEvent": {}}, {"sequence": 2, "summaryEvent": {"resourceChanges": {"create": 1}}}]

# A `pulumi` that answers `stack ls`, and for `up` writes a debug event with the secret into its
# --event-log file, says so in a file beside it, and waits (SIGINT ends it, as a cancel does).
_PULUMI = """#!{python}
import json, signal, sys, time
from pathlib import Path
args = sys.argv[1:]
if args[:2] == ["stack", "ls"]:
    print(json.dumps([{{"name": "dev", "resourceCount": 1}}]))
    sys.exit(0)
log = Path(args[args.index("--event-log") + 1])
with log.open("w") as out:
    out.write(json.dumps({debug}) + "\\n")
    out.flush()
    Path({said!r}).write_text(str(log))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    time.sleep(60)
"""


def _write_repo(root: Path) -> None:
    (root / "net").mkdir(parents=True)
    (root / "net" / "Pulumi.yaml").write_text("name: net\nruntime: yaml\n")
    (root / "net" / "Pulumi.dev.yaml").write_text("config: {}\n")


def _files_with(folder: Path, needle: str) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the watchdog runs on Linux only")
def test_a_killed_stackgraph_leaves_no_unfiltered_event_log(tmp_path: Path) -> None:
    repo, said = tmp_path / "repo", tmp_path / "engine-log-path"
    _write_repo(repo)
    exe = tmp_path / "bin" / "pulumi"
    exe.parent.mkdir()
    exe.write_text(_PULUMI.format(python=sys.executable, debug=DEBUG, said=str(said)))
    exe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM", "GITHUB_ACTIONS")} | {
        "STACKGRAPH_PULUMI_BIN": str(exe),
        "STACKGRAPH_CACHE_DIR": "off",
        "PULUMI_CONFIG_PASSPHRASE": "test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "TMPDIR": str(tmp_path / "tmp"),
    }
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stackgraph", "up", str(repo), "-y"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd="/",
    )  # fmt: skip
    try:
        end = time.monotonic() + 30
        while not said.exists() and time.monotonic() < end:
            time.sleep(0.05)
        assert said.exists(), "the engine never started"
        engine_log = Path(said.read_text())
        assert repo not in engine_log.parents  # the engine writes its events outside the repository
        assert stat.S_IMODE(engine_log.parent.stat().st_mode) & 0o077 == 0  # in a folder only its owner reads
        proc.kill()  # SIGKILL: nothing of stackgraph runs after this
        proc.wait(timeout=10)
        # the watchdog removes the whole private folder (rmtree: the file goes before its folder)
        end = time.monotonic() + 10
        while engine_log.parent.exists() and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not engine_log.parent.exists()  # the private folder, event log and all, removed by the watchdog
    assert _files_with(repo, SECRET) == []
    assert _files_with(tmp_path / "tmp", SECRET) == []


def test_the_engine_writes_its_events_in_a_private_folder_and_after_it_the_filtered_copy_is_published(
    tmp_path: Path,
) -> None:
    engine = Engine(Path("/bin/pulumi"), "test", Backend("file:///state", "PULUMI_BACKEND_URL"), tmp_path, {})
    stack = Stack("net", "dev", "net/Pulumi.dev.yaml", "net")
    logs = tmp_path / ".stackgraph" / "logs" / "RUN"
    step = make_step(engine, stack, Operation.UP, events_dir=logs)
    written = Path(step.argv[step.argv.index("--event-log") + 1])
    public = logs / "net" / "dev.events.jsonl"
    assert step.event_log == public  # where the summaries read the events once the step ended
    assert step.live_events == written  # where the display follows them while it runs
    assert tmp_path not in written.parents
    assert stat.S_IMODE(written.parent.parent.stat().st_mode) == 0o700
    written.write_text("".join(json.dumps(e) + "\n" for e in [KEPT[0], DEBUG, KEPT[1]]) + '{"sequence": 3, "di')
    assert step.after is not None
    step.after()
    assert read_events(public) == KEPT
    assert SECRET not in public.read_text()
    assert not written.exists()  # the unfiltered copy is gone at once
    assert sorted(p.name for p in public.parent.iterdir()) == ["dev.events.jsonl"]  # no scratch file left
    step.after()  # again (nothing written since): the published copy stays
    assert read_events(public) == KEPT
