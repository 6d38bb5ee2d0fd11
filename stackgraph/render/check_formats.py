"""Render a contract check: one line per finding (text) or the `stackgraph.check/v1` JSON document."""

from __future__ import annotations

from typing import Any

from stackgraph.contracts import CheckResult, Finding, FindingKind, OpenReads
from stackgraph.model import Severity
from stackgraph.render import jsonfmt

CHECK_SCHEMA = "stackgraph.check/v1"
SHOWN_EXPORTS = 10
"""Exports listed in a line; more are counted ("and 12 more")."""
SHOWN_OPEN = 3
"""Sites whose reads are open named in the summary line; more are counted."""
UNCHECKED_TEXT = {
    "outside": "read from a stack outside the repository",
    "no-stack-file": "read from a stack that has no stack file here",
    "unresolved": "read through an unresolved reference",
    "unread-exports": "read from a project whose program is not read",
}
"""How the summary line says each reason a read is not checked (contracts.UNCHECKED)."""


def finding_line(f: Finding) -> str:
    """`<file:line>: <what>`: one finding, without its severity."""
    return f"{f.location()}: {finding_text(f)}"


def finding_text(f: Finding) -> str:
    """What one finding says, without its place or severity."""
    stacks = ", ".join(f.producer_stacks) or f.producer
    if f.site_file is not None:
        stacks += f" (the StackReference at {f.site_file}:{f.site_line})"
    elif f.site_line is not None:
        stacks += f" (the StackReference at line {f.site_line})"
    if f.kind is FindingKind.MISSING:
        has = f"it exports {_listed(f.exports)}" if f.exports else "it exports nothing"
        hint = f"; did you mean '{f.suggestion}'?" if f.suggestion else ""
        return f"reads output '{f.output}' of {stacks}, which does not export it ({has}){hint}"
    if f.kind is FindingKind.OPEN:
        why = "; ".join(f"{d.value} at {d.file}:{d.line}" if d.line else f"{d.value} ({d.file})" for d in f.why_open)
        return f"reads output '{f.output}' of {stacks}, whose exports cannot all be read ({why}); not checked"
    return f"output '{f.output}' of {f.producer} is read by no stack of this repository"


def _listed(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:SHOWN_EXPORTS])
    more = len(names) - SHOWN_EXPORTS
    return f"{shown} and {more} more" if more > 0 else shown


def summary_line(result: CheckResult) -> str:
    """`2 errors, 1 info; 14 reads checked; 3 not (...)`: what could not be checked is said, never dropped."""
    errors = len(result.errors)
    infos = len(result.findings) - errors
    line = (
        f"{errors} error{'s' * (errors != 1)}, {infos} info{'s' * (infos != 1)}; "
        f"{result.checked} read{'s' * (result.checked != 1)} checked"
    )
    why = [f"{count} {UNCHECKED_TEXT[reason]}" for reason, count in result.unchecked_why]
    if not result.open_reads:
        return line + (f"; {result.unchecked} not ({'; '.join(why)})" if result.unchecked else "")
    n = len(result.open_reads)
    sites = ", ".join(f"{o.location()} ({_short_reason(o)})" for o in result.open_reads[:SHOWN_OPEN])
    more = f" and {n - SHOWN_OPEN} more" if n > SHOWN_OPEN else ""
    why.append(
        f"{n} StackReference{'s' * (n != 1)} whose outputs are used where the scan cannot read them, "
        f"so {'their' if n != 1 else 'its'} reads are not all known: {sites}{more}"
    )
    return f"{line}; {result.unchecked} not ({'; '.join(why)})"


def _short_reason(o: OpenReads) -> str:
    """The reason of an open site, with `at <its own file>:N` said as `at line N`."""
    head, sep, line = o.reason.rpartition(f" at {o.file}:")
    return f"{head} at line {line}" if sep and line.isdigit() else o.reason


def render_text(result: CheckResult) -> str:
    """Every finding as `<severity>: <file:line>: <what>`, then the summary line."""
    lines = [f"{f.severity.value}: {finding_line(f)}" for f in result.findings]
    return "\n".join([*lines, summary_line(result)]) + "\n"


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    """The `stackgraph.check/v1` document (docs/formats.md)."""
    return {
        "schema": CHECK_SCHEMA,
        "checked": result.checked,
        "unchecked": result.unchecked,
        "unchecked_why": dict(result.unchecked_why),
        "errors": len(result.errors),
        "infos": sum(1 for f in result.findings if f.severity is Severity.INFO),
        "findings": [_finding(f) for f in result.findings],
        "open_reads": [
            {
                "file": o.file,
                "line": o.line,
                "reason": o.reason,
                "producer_stacks": list(o.producer_stacks),
                "consumer_stacks": list(o.consumer_stacks),
            }
            for o in result.open_reads
        ],
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity.value,
        "kind": f.kind,
        "output": f.output,
        "file": f.file,
        "line": f.line,
        "site_line": f.site_line,
        "site_file": f.site_file,
        "producer": f.producer,
        "producer_stacks": list(f.producer_stacks),
        "consumer_stacks": list(f.consumer_stacks),
        "exports": list(f.exports),
        "suggestion": f.suggestion,
        "open": [{"reason": d.value, "file": d.file, "line": d.line} for d in f.why_open],
        "message": finding_line(f),
    }


def render_json(result: CheckResult) -> str:
    return jsonfmt.dumps(check_to_dict(result))
