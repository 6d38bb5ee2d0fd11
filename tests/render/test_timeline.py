"""The run timeline: reading `stackgraph.run/v1`, the slots used over time, and the drawing Graphviz makes of it."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from stackgraph.errors import InputError
from stackgraph.model import StackId
from stackgraph.render.graph_formats import run_dot
from stackgraph.render.timeline import changes, fmt_s, parse_run, slot_use, tick_step, timeline_dot
from stackgraph.run.pulumi.jobs import summarize


def entry(sid: str, status: str, start: str | None, end: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "status": status,
        "cause": extra.pop("cause", None),
        "started_at": start,
        "ended_at": end,
        "duration_s": None,
        "log": None if start is None else f".stackgraph/logs/R/{sid}.log",
        "summary": extra,
    }


REPORT = {
    "schema": "stackgraph.run/v1",
    "command": "up",
    "started_at": "2025-01-01T12:00:00.000Z",
    "ended_at": "2025-01-01T12:00:10.000Z",
    "wall_s": 10.0,
    "parallelism": 3,
    "stacks": [
        entry(
            "net/dev",
            "succeeded",
            "2025-01-01T12:00:00.000Z",
            "2025-01-01T12:00:04.000Z",
            changes={"create": 2, "update": 1},
            duration_s=4,
            result="succeeded",
            maybe_corrupt=False,
        ),
        entry("db/dev", "failed", "2025-01-01T12:00:04.000Z", "2025-01-01T12:00:06.500Z", error="up exited with 255"),
        entry("app/dev", "skipped", None, None, cause="db/dev"),
        entry("web/dev", "succeeded", "2025-01-01T12:00:04.000Z", "2025-01-01T12:00:10.000Z"),
    ],
}


def test_parse_run_reads_times_relative_to_the_start_and_the_changes() -> None:
    view = parse_run(REPORT, "r.json")
    by = {s.id: s for s in view.stacks}
    assert (by["net/dev"].start, by["net/dev"].end, by["net/dev"].changes) == (0.0, 4.0, "+2 ~1")
    assert (by["db/dev"].start, by["db/dev"].end, by["db/dev"].error) == (4.0, 6.5, "up exited with 255")
    assert (by["app/dev"].start, by["app/dev"].cause, by["app/dev"].log) == (None, "db/dev", None)
    assert (view.command, view.wall_s, view.parallelism) == ("up", 10.0, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema": "stackgraph.plan/v1"}, "r.json: not a stackgraph run report (schema stackgraph.run/v1)"),
        ([], "r.json: not a stackgraph run report"),
        ({**REPORT, "started_at": "yesterday"}, "r.json: a broken run report (ValueError"),
        ({**REPORT, "stacks": [{"id": "a/dev"}]}, "r.json: a broken run report (KeyError"),
        ({**REPORT, "stacks": [entry("a/dev", "exploded", None, None)]}, "unknown status 'exploded' of a/dev"),
    ],
)
def test_a_document_that_is_no_run_report_is_bad_input(data: Any, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_run(data, "r.json")
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_slot_use_counts_running_stacks_between_consecutive_events() -> None:
    assert slot_use(parse_run(REPORT, "r")) == [(0.0, 4.0, 1), (4.0, 6.5, 2), (6.5, 10.0, 1)]


def test_small_helpers() -> None:
    assert changes({"changes": {"create": 1, "delete": 3, "same": 5}, "duration_s": 2, "error": "x"}) == "+1 -3 same 5"
    assert changes({}) == ""
    assert changes({"changes": {}, "duration_s": 1, "result": "succeeded"}) == ""


def test_the_changes_are_those_the_pulumi_summarizer_writes_not_its_other_numbers(tmp_path: Path) -> None:
    """The report's summary holds the counts under `changes`, beside `duration_s`: the timeline and the HTML
    report's "resource changes" showed `duration_s 1` for every stack of a real run, and never the counts."""
    log = tmp_path / "dev.events.jsonl"
    summary_event = {"resourceChanges": {"create": 1, "same": 2}, "durationSeconds": 1, "result": "succeeded"}
    log.write_text(json.dumps({"sequence": 9, "summaryEvent": summary_event}) + "\n")
    assert changes(summarize(log)) == "+1 same 2"
    assert [tick_step(w) for w in (0, 0.3, 10, 61, 3600)] == [1.0, 0.05, 2, 20, 1000]
    assert [fmt_s(s) for s in (0.44, 12.5, 185)] == ["0.4s", "12.5s", "3m05s"]


def test_the_timeline_marks_bars_critical_path_idle_slots_and_skips() -> None:
    view = dataclasses.replace(parse_run(REPORT, "r"), critical=(StackId("net/dev"), StackId("web/dev")))
    source = timeline_dot(view)
    assert source == timeline_dot(view)  # deterministic
    bars = re.findall(r'tooltip="([^"]*)"[^\]]*\]', source)
    assert "net/dev: succeeded in 4.0s; +2 ~1" in bars
    assert "db/dev: failed in 2.5s; up exited with 255" in bars
    assert "web/dev: succeeded in 6.0s" in bars
    critical = [line for line in source.splitlines() if 'penwidth="2.4"' in line and "tooltip" in line]
    assert len(critical) == 2  # net/dev and web/dev outlined (the legend's swatch has no tooltip)
    assert 'label="skipped: db/dev failed\\l"' in source
    assert "0.0s-4.0s: 2 idle" in source and "4.0s-6.5s: 1 idle" in source  # parallelism 3
    svg = run_dot(source, "svg", args=("-Kneato", "-n2")).decode()
    assert svg.count("<title>") > 20 and "net/dev" in svg
    png = run_dot(source, "png", args=("-Kneato", "-n2"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
