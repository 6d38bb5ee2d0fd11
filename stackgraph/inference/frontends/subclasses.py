"""Subclasses of StackReference in C#, Java and F#, which are not read: each is reported as a site whose name is
unknown, so that it is never silent (Python and TypeScript/JavaScript read their subclasses: see their finders)."""

from __future__ import annotations

import dataclasses
import re

from stackgraph.inference import ir

PATTERNS: dict[str, re.Pattern[str]] = {
    "csharp": re.compile(r"\bclass\s+(\w+)(?:\s*<[^>{]*>)?\s*:\s*(?:global::)?(?:Pulumi\.)?StackReference\b"),
    "java": re.compile(r"\bclass\s+(\w+)(?:\s*<[^>{]*>)?\s+extends\s+(?:com\.pulumi\.resources\.)?StackReference\b"),
    "fsharp": re.compile(r"\binherit\s+()(?:Pulumi\.)?StackReference\b"),
}


def with_unread_subclasses(facts: ir.FileFacts, source: str) -> ir.FileFacts:
    """`facts` with one unresolved site per subclass of StackReference its file declares (C#, Java, F#)."""
    pattern = PATTERNS.get(facts.language)
    if pattern is None or "StackReference" not in source:
        return facts
    extra = []
    for m in pattern.finditer(source):
        what = f"class {m.group(1)}" if m.group(1) else "a type that inherits StackReference"
        why = f"a subclass of StackReference ({what}): the name its constructor passes on is not read"
        at = source.count("\n", 0, m.start()) + 1
        extra.append(
            ir.Site(
                facts.file,
                at,
                ir.Unknown(why),
                what,
                facts.language,
                reads_open=f"the instances of {what} (not followed)",
            )
        )
    return dataclasses.replace(facts, sites=facts.sites + tuple(extra)) if extra else facts
