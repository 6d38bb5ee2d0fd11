"""Errors the engine reports in its event log although it exits 0.

Pulumi 3.274 with pulumi-yaml: `fn::readFile: ${ref.outputs["token"]}` (a path that is another
resource's output) fails inside the program; the engine prints "creating failed ... 1 error" and
"1 errored", writes the error as a diagnostic event, ends with a summary event whose `result` is
"succeeded", and `pulumi up` exits 0 (`pulumi preview` too). The exact signal is the diagnostic
event of severity "error" (the engine's own display counts a resource as errored from it): the
summary's counts have no "errored" entry and its result says "succeeded". A failed resource
operation (`resOpFailedEvent`) and a summary whose result is "failed" count as well, for the
cases that have no error diagnostic. Nothing here keeps the errors' text: it can hold secret
values the engine does not mask (docs/deploying.md, "Secrets never leave").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def reported_errors(events: Iterable[Mapping[str, Any]]) -> int:
    """How many errors the engine reported: its error diagnostics; else its failed resource operations;
    else 1 for a summary whose result is "failed"; 0 when it reported none."""
    diagnostics = failed_operations = 0
    failed = False
    for event in events:
        diag = event.get("diagnosticEvent")
        if isinstance(diag, dict) and diag.get("severity") == "error":
            diagnostics += 1
        if isinstance(event.get("resOpFailedEvent"), dict):
            failed_operations += 1
        summary = event.get("summaryEvent")
        if isinstance(summary, dict) and summary.get("result") == "failed":
            failed = True
    return diagnostics or failed_operations or int(failed)


def exited_0_text(count: int) -> str:
    """Why a stack whose engine exited 0 failed: `count` errors in its event log."""
    return f"the engine exited 0 but reported {count} error{'' if count == 1 else 's'} (see its log)"
