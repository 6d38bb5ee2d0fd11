"""A C# or Java program that declares a class of its own named StackReference (`class StackReference :
Pulumi.StackReference`, whose constructor may build the name: `base($"acme/{project}/{stack}")`).

An unqualified `StackReference` in a file of such a program may name that class, not Pulumi's (C#: from its
namespace or a `using` of it; Java: from its package or an import): the argument of `new StackReference(..)` there is
not known to be the stack's name, so the site is unknown, naming the class, never read as Pulumi's. A site written
`new Pulumi.StackReference(..)` (or through a `using` alias), or in a Java file that imports
`com.pulumi.resources.StackReference` by name (a single-type import shadows a class of the file's own package), is
Pulumi's. The class itself is said as a subclass (frontends/subclasses.py).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from stackgraph.inference import ir

LANGUAGES = frozenset({"csharp", "java"})
DECLARED = re.compile(r"\b(?:class|record|struct|interface)\s+StackReference\b(?!\s*<)")
UNQUALIFIED = re.compile(r"(?<![\w.:])StackReference\b(?!\s*<)")
PULUMIS = re.compile(r"^\s*import\s+com\.pulumi\.resources\.StackReference\s*;", re.MULTILINE)


class OwnClass:
    """The program's own classes named StackReference (listed and read only when a C# or Java site asks)."""

    def __init__(
        self, files: Callable[[], list[str]], lang: Callable[[str], str | None], text: Callable[[str], str | None]
    ) -> None:
        self._files = files
        self._lang = lang
        self._text = text

    @functools.cached_property
    def declared(self) -> dict[str, str]:
        """`file:line` of the first class named StackReference of each language, in sorted file order."""
        out: dict[str, str] = {}
        for file in sorted(self._files()):
            language = self._lang(file)
            if language not in LANGUAGES or language in out:
                continue
            source = self._text(file) or ""
            found = DECLARED.search(source) if "StackReference" in source else None
            if found is not None:
                out[language] = f"{file}:{source.count(chr(10), 0, found.start()) + 1}"
        return out

    def site(self, site: ir.Site) -> ir.Site:
        """`site`, unknown when its `StackReference` may be the program's own class."""
        if site.language not in LANGUAGES or isinstance(site.name, ir.Unknown):
            return site
        where = self.declared.get(site.language)
        source = self._text(site.file) if where else None
        if where is None or source is None or (site.language == "java" and PULUMIS.search(source)):
            return site
        lines = source.splitlines()
        written = lines[site.line - 1] if 0 < site.line <= len(lines) else ""
        if not UNQUALIFIED.search(written):
            return site
        why = f"`StackReference` here may be the program's own class StackReference ({where}), not Pulumi's: not read"
        return dataclasses.replace(site, name=ir.Unknown(why), func=None, params=(), defaults=())
