"""JUnit XML of a run: one testsuite, one testcase per stack, so CI systems show one test per stack.

Mapping: succeeded -> a passing testcase; failed -> `<failure>`; cancelled (interrupted
or timed out) -> `<error>`; skipped (a dependency failed) and not-started -> `<skipped>`.
`classname` is the project, `name` the stack id. Pure: the same result renders the same
bytes; log paths are relative to `root` when given.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from stackgraph.results import RunResult, StackResult, Status, cause_text, printable


def render_junit(result: RunResult, *, root: Path | None = None) -> str:
    """Render `result` as a JUnit XML document (with declaration and trailing newline)."""
    cases = [_case(result, s, root) for s in result.stacks]
    counts = {st: sum(1 for s in result.stacks if s.status is st) for st in Status}
    suite = ET.Element(
        "testsuite",
        {
            "name": f"stackgraph {result.command}",
            "tests": str(len(result.stacks)),
            "failures": str(counts[Status.FAILED]),
            "errors": str(counts[Status.CANCELLED]),
            "skipped": str(counts[Status.SKIPPED] + counts[Status.NOT_STARTED]),
            "time": f"{result.wall_s:.3f}",
            "timestamp": datetime.fromtimestamp(result.started_at, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
        },
    )
    suite.extend(cases)
    suites = ET.Element("testsuites", {"name": "stackgraph"})
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _case(result: RunResult, s: StackResult, root: Path | None) -> ET.Element:
    project, _, _ = s.id.rpartition("/")
    duration = s.duration_s
    case = ET.Element("testcase", {"classname": project or s.id, "name": s.id, "time": f"{duration or 0.0:.3f}"})
    log = _log(s, root)
    if s.status is Status.FAILED:
        _child(case, "failure", s.error or "failed", log)
    elif s.status is Status.CANCELLED:
        _child(case, "error", f"cancelled: {s.error or 'interrupted'}", log)
    elif s.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", {"message": printable(f"skipped: {cause_text(result, s)}")})
    elif s.status is Status.NOT_STARTED:
        ET.SubElement(case, "skipped", {"message": printable(f"not started: {cause_text(result, s)}")})
    if log and s.status is Status.SUCCEEDED:
        ET.SubElement(case, "system-out").text = f"log: {log}"
    return case


def _child(case: ET.Element, tag: str, message: str, log: str | None) -> None:
    el = ET.SubElement(case, tag, {"message": printable(message), "type": tag})  # XML 1.0 allows no C0 control
    if log:
        el.text = f"log: {log}"


def _log(s: StackResult, root: Path | None) -> str | None:
    if s.log is None or s.started_at is None:
        return None
    if root is not None:
        try:
            return printable(s.log.relative_to(root).as_posix())
        except ValueError:
            pass
    return printable(s.log.as_posix())
