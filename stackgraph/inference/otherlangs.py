"""StackReferences in the sources of a JVM or .NET program that are in a language of the platform stackgraph does
not read (Kotlin, Scala, Groovy, Clojure; Visual Basic: `exports.UNREAD_SOURCES`).

Their code is not parsed, and their exports are open (exports.py). A StackReference there is not left out without
a word either: each line that constructs one (`StackReference(`, `new StackReference(`, `New StackReference(`,
outside a comment) is a site whose name is unknown, so the project's stacks have an unresolved reference naming the
file and the line, and `--strict` fails on it (dkittle/dm-seer-infra, a Pulumi Java program written in Kotlin).
"""

from __future__ import annotations

import posixpath
import re

from stackgraph.inference import ir
from stackgraph.inference.exports import UNREAD_SOURCES
from stackgraph.inference.sources import Sources, code_language
from stackgraph.model import Project

CONSTRUCTION = re.compile(r"\bStackReference\s*(?:\(|\[|<|\(Of\b)")
"""A StackReference made (`StackReference(`, Scala `StackReference[`, C#-like `StackReference<`), not its type
named in an import or a signature."""
COMMENT = ("//", "/*", "*", "'", "#", ";")
"""How a comment line starts in these languages (Visual Basic `'`, Clojure `;`)."""


def unread_sites(project: Project, sources: Sources) -> list[ir.Site]:
    """The sites of the project's sources in a language we do not read, each with an unknown name."""
    known = UNREAD_SOURCES.get(project.runtime)
    if known is None:
        return []
    other = known[1]
    out: list[ir.Site] = []
    for file in sorted(sources.listed):
        suffix = posixpath.splitext(file)[1]
        if suffix not in other or _is_test(file, project):
            continue
        text = sources.read_side(file)
        if text is None or "StackReference" not in text:
            continue
        why = (
            f"a StackReference in a {suffix} source, which stackgraph does not read: the stack it names is not "
            "known; declare it with stackgraph:dependsOn in the stack files"
        )
        for number, line in enumerate(text.splitlines(), 1):
            if CONSTRUCTION.search(line) and not line.lstrip().startswith(COMMENT):
                shown, unread = line.strip()[:80], f"a {suffix} source (not read)"
                out.append(ir.Site(file, number, ir.Unknown(why), shown, "java", reads_open=unread))
    return out


def _is_test(file: str, project: Project) -> bool:
    """Whether `file` is a test source (`src/test/...`), by the same rule as the sources we read."""
    return code_language(posixpath.splitext(file)[0] + ".java", project.path) is None
