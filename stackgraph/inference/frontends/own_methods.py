"""Methods a Go or Java file declares under the name of Pulumi's own (`Stack()`, `stackName()`): when a file declares
one, a call of that name is the current stack only on a receiver the file declares as Pulumi's context
(`ctx *pulumi.Context`, `Context ctx`); on any other it is the program's method (a guess that gave a wrong target)."""

from __future__ import annotations

import re
from typing import Any

from stackgraph.inference.frontends.treesitter import Node, text

DECLARED = {
    "go": re.compile(r"\bfunc\s*\([^)]*\)\s*(Stack|Project|Organization)\s*\("),
    "java": re.compile(r"\b(stackName|projectName|organizationName)\s*\(\s*\)\s*(?:throws\s+[\w.,\s]+)?\{"),
}


def own_methods(root: Node, language: str) -> frozenset[str]:
    """The names of Pulumi's context methods that the file rooted at `root` declares itself."""
    source = text(root)
    if not any(word in source for word in HINTS[language]):  # most files: no such declaration, no regex
        return frozenset()
    return frozenset(m.group(1) for m in DECLARED[language].finditer(source))


HINTS = {
    "go": (") Stack(", ") Project(", ") Organization("),
    "java": (" stackName(", " projectName(", " organizationName("),
}
"""What a declaration holds that a call does not (`func (c Cfg) Stack(`, `String stackName(`): a cheap test first."""
CONTEXT = {"go": r"\b{}\s+\*?(?:\w+\.)?Context\b", "java": r"\b(?:\w+\.)?Context\s+{}\b"}


def on_context(finder: Any, language: str, name: str, receiver: str) -> bool:
    """Whether `receiver.name()` (`ctx.Stack()`) may be Pulumi's: not a Go package's function, and, when the file
    declares a method of that name itself, called on a receiver the file declares as Pulumi's Context."""
    if not receiver or receiver in getattr(finder, "modules", {}):
        return False
    own: frozenset[str] = finder.__dict__.setdefault("_own_methods", own_methods(finder.root, language))
    if name not in own:
        return True
    return re.search(CONTEXT[language].format(re.escape(receiver)), text(finder.root)) is not None
