"""Methods a Go or Java file declares under the name of Pulumi's own (`Stack()`, `stackName()`): when a file declares
one, a call of that name is the current stack only on a receiver the file declares as Pulumi's context
(`ctx *pulumi.Context`, `Context ctx`); on any other it is the program's method (a guess that gave a wrong target)."""

from __future__ import annotations

import re

from stackgraph.inference.frontends.treesitter import Node, text

DECLARED = {
    "go": re.compile(r"\bfunc\s*\([^)]*\)\s*(Stack|Project|Organization)\s*\("),
    "java": re.compile(r"\b(stackName|projectName|organizationName)\s*\(\s*\)\s*(?:throws\s+[\w.,\s]+)?\{"),
}


def own_methods(root: Node, language: str) -> frozenset[str]:
    """The names of Pulumi's context methods that the file rooted at `root` declares itself."""
    source = text(root)
    if not any(word in source for word in ("Stack", "Project", "Organization", "stackName", "projectName")):
        return frozenset()
    return frozenset(m.group(1) for m in DECLARED[language].finditer(source))


CONTEXT = {"go": r"\b{}\s+\*?(?:\w+\.)?Context\b", "java": r"\b(?:\w+\.)?Context\s+{}\b"}


def pulumis(root: Node, language: str, name: str, receiver: str, own: frozenset[str]) -> bool:
    """Whether `receiver.name()` is Pulumi's (`ctx.Stack()`), given the methods `own` the file declares."""
    if name not in own:
        return True
    return re.search(CONTEXT[language].format(re.escape(receiver)), text(root)) is not None
