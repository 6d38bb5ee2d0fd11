"""The run report (stackgraph.run/v1), the run history, durations reused next time, and JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers.run_harness import Bench

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
GRAPH = {"net/dev": [], "app/dev": ["net/dev"], "web/dev": ["app/dev"], "dns/dev": []}
SCRIPT = {"app/dev": {"exit": 4}, "dns/dev": {"sleep": 0.2}}


def test_the_report_follows_the_contract(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, SCRIPT)
    out = tmp_path / "report.json"
    done = bench.run("-p", "3", "--report", str(out))
    assert done.code == 1
    assert f"stackgraph: wrote {out}" in done.lines
    data = json.loads(out.read_text())
    assert list(data) == ["schema", "command", "started_at", "ended_at", "wall_s", "parallelism", "stacks"]
    assert (data["schema"], data["command"], data["parallelism"]) == ("stackgraph.run/v1", "run", 3)
    assert ISO.match(data["started_at"]) and ISO.match(data["ended_at"])
    assert data["wall_s"] > 0.2
    stacks = {s["id"]: s for s in data["stacks"]}
    assert [s["id"] for s in data["stacks"]] == ["dns/dev", "net/dev", "app/dev", "web/dev"]  # the plan's order
    for s in data["stacks"]:
        assert list(s)[:8] == ["id", "status", "cause", "started_at", "ended_at", "duration_s", "log", "summary"]
        # Additive: what a stack that ran started with (digests), and its outputs' digest when it wrote any.
        assert list(s)[8:] == (["inputs"] if s["started_at"] else [])
        if s["started_at"]:
            assert list(s["inputs"]) == ["project", "stack_file", "upstreams"]
    run_id = Path(stacks["net/dev"]["log"]).parts[2]
    assert stacks["app/dev"] == {
        "id": "app/dev",
        "status": "failed",
        "cause": None,
        "started_at": stacks["app/dev"]["started_at"],
        "ended_at": stacks["app/dev"]["ended_at"],
        "duration_s": stacks["app/dev"]["duration_s"],
        "log": f".stackgraph/logs/{run_id}/app/dev.log",
        "summary": {"error": "command exited with code 4: error: app/dev failed on purpose"},
        "inputs": stacks["app/dev"]["inputs"],
    }
    assert stacks["web/dev"] == {
        "id": "web/dev",
        "status": "skipped",
        "cause": "app/dev",
        "started_at": None,
        "ended_at": None,
        "duration_s": None,
        "log": None,
        "summary": {},
    }
    dns = stacks["dns/dev"]
    assert ISO.match(dns["started_at"]) and ISO.match(dns["ended_at"])
    assert 0.2 <= dns["duration_s"] < 5
    assert (bench.root / dns["log"]).is_file()
    # The same document is kept as the run's history.
    runs = bench.root / ".stackgraph" / "runs"
    assert (runs / "last.json").read_text() == out.read_text() == (runs / f"{run_id}.json").read_text()


def test_durations_of_the_last_run_order_the_ready_queue(tmp_path: Path) -> None:
    graph = {"a/dev": [], "z/dev": []}
    bench = Bench(tmp_path, graph, {"z/dev": {"sleep": 0.4}})
    assert bench.run("-p", "1").code == 0
    assert bench.started() == ["a/dev", "z/dev"]  # no history: a tie, broken by id
    bench.record.unlink()
    assert bench.run("-p", "1").code == 0
    assert bench.started() == ["z/dev", "a/dev"]  # z/dev took longer last time: it goes first


def test_junit_has_one_testcase_per_stack(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, SCRIPT)
    out = tmp_path / "junit.xml"
    done = bench.run("--junit", str(out))
    assert done.code == 1
    assert out.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stackgraph">')
    suite = ET.parse(out).getroot().find("testsuite")
    assert suite is not None
    assert {k: suite.get(k) for k in ("name", "tests", "failures", "errors", "skipped")} == {
        "name": "stackgraph run",
        "tests": "4",
        "failures": "1",
        "errors": "0",
        "skipped": "1",
    }
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ["dns/dev", "net/dev", "app/dev", "web/dev"]
    assert cases["app/dev"].get("classname") == "app"
    failure = cases["app/dev"].find("failure")
    assert failure is not None
    assert failure.get("message") == "command exited with code 4: error: app/dev failed on purpose"
    assert re.fullmatch(r"log: \.stackgraph/logs/[^/]+/app/dev\.log", failure.text or "")
    skipped = cases["web/dev"].find("skipped")
    assert skipped is not None and skipped.get("message") == "skipped: app/dev failed"
    assert list(cases["net/dev"]) == [cases["net/dev"].find("system-out")]


def _old_runs(root: Path, count: int) -> list[str]:
    """`count` earlier runs (report and logs), oldest first, plus files that are no runs."""
    from stackgraph.run.executor import new_run_id

    ids = [new_run_id(1_700_000_000 + 60 * i) for i in range(count)]
    for run_id in ids:
        (root / ".stackgraph" / "runs").mkdir(parents=True, exist_ok=True)
        (root / ".stackgraph" / "runs" / f"{run_id}.json").write_text("{}")
        (root / ".stackgraph" / "logs" / run_id / "net").mkdir(parents=True)
        (root / ".stackgraph" / "logs" / run_id / "net" / "dev.log").write_text("old\n")
    (root / ".stackgraph" / "runs" / "notes.json").write_text("mine")
    (root / ".stackgraph" / "logs" / "keep-me").mkdir()
    return ids


def test_only_the_newest_runs_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = Bench(tmp_path, {"net/dev": []}, {})
    old = _old_runs(bench.root, 55)
    assert bench.run().code == 0
    runs, logs = bench.root / ".stackgraph" / "runs", bench.root / ".stackgraph" / "logs"
    current = json.loads((runs / "last.json").read_text())["stacks"][0]["log"].split("/")[2]
    kept = sorted(p.name for p in logs.iterdir())
    assert kept == sorted([*old[6:], current, "keep-me"])  # 49 old + this one = KEEP_RUNS
    assert sorted(p.name for p in runs.iterdir()) == sorted(
        [*(f"{r}.json" for r in old[6:]), f"{current}.json", "last.json", "notes.json"]
    )
    monkeypatch.setenv("STACKGRAPH_KEEP_RUNS", "3")
    assert bench.run().code == 0
    assert len([p for p in logs.iterdir() if p.name != "keep-me"]) == 3
    assert (runs / "notes.json").read_text() == "mine" and (logs / "keep-me").is_dir()
    monkeypatch.setenv("STACKGRAPH_KEEP_RUNS", "0")  # keep all
    assert bench.run().code == 0
    assert len([p for p in logs.iterdir() if p.name != "keep-me"]) == 4
