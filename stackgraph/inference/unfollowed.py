"""Imports of another project's package that no import path stackgraph reads leads to: said, never silent.

A Python program may import the folder of another project as a package through a PYTHONPATH set outside
the program (`from main_stack import get_main_stack_output`, where `main_stack/` is the folder of the
project `main`, or `from net.refs import get_ref`). stackgraph does not follow such an import (nothing it
reads leads there), so a StackReference in that package is not the importing program's: each such import
of a package holding one gets a warning `not-followed` on its line. Found by the text of the imports, with
the package named by the project's folder (a cheap search, made only for folders whose name is a Python
identifier and whose files hold a StackReference); an import the program resolves to a module of its own
(`utils`) is no such import. A program importing its own folder by that name (`from main_stack import ..` in
main_stack/__main__.py) needs the same PYTHONPATH: said the same way.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping

from stackgraph.discovery.types import InferResult
from stackgraph.inference.sources import Sources
from stackgraph.model import Diagnostic, DiagnosticCode, Severity


def module_names(file: str, folder: str) -> list[str]:
    """The dotted names that reach `file` (of the project in `folder`) as the package named by the folder:
    `main_stack`, `main_stack.refs` for main_stack/refs.py; none when a name is not an identifier."""
    if folder in ("", ".") or not file.startswith(folder + "/"):
        return []
    parts = [posixpath.basename(folder), *file[len(folder) + 1 : -len(".py")].split("/")]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not all(p.isidentifier() for p in parts):
        return []
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def say_unfollowed(result: InferResult, sources: Mapping[str, Sources], python: Iterable[str]) -> None:
    """Warn on each import, in the Python projects `python` (paths), of a project's package (named by its folder,
    its own or another's) holding a StackReference that the importing program does not run as its own."""
    sited = {(r.project_path, r.file) for r in result.references if r.file.endswith(".py")}
    sited |= set(_lonely(result, sources))
    targets: dict[str, tuple[str, str]] = {}  # module name -> (the project's folder, the file)
    for folder, file in sorted(sited):
        for name in module_names(file, folder):
            targets.setdefault(name, (folder, file))
    if not targets:
        return
    alternatives = "|".join(re.escape(n) for n in sorted(targets, key=len, reverse=True))
    pattern = re.compile(rf"^[ \t]*(?:from[ \t]+({alternatives})[ \t]+import\b|import[ \t]+({alternatives})\b)", re.M)
    followed = {(r.project_path, r.file) for r in result.references}
    for path in sorted(python):
        own = sources[path]
        mine = set(own.files)
        for file in own.files:
            text = (own.text(file) if file.endswith(".py") else None) or ""
            for m in pattern.finditer(text):
                name = m.group(1) or m.group(2)
                folder, target = targets[name]
                if (path, target) in followed or _own_module(name, path, mine):
                    continue
                whose = "this project's own folder" if folder == path else "the folder of another project"
                why = (
                    f"imports {name}, the package of {whose} ({folder}), which holds a "
                    f"StackReference in {target}: no import path stackgraph reads leads there (a PYTHONPATH set "
                    "outside the program is not read), so it is not followed for this project; add the folder "
                    "above it to sys.path in the program"
                )
                line = text.count("\n", 0, m.start()) + 1
                result.diagnostics.append(Diagnostic(Severity.WARNING, DiagnosticCode.NOT_FOLLOWED, why, file, line))


def _lonely(result: InferResult, sources: Mapping[str, Sources]) -> Iterable[tuple[str, str]]:
    """The `not-imported` Python sites (their own program never runs them): (the folder of their project, file)."""
    for d in result.diagnostics:
        if d.code is DiagnosticCode.NOT_IMPORTED and d.file is not None and d.file.endswith(".py"):
            holders = [p for p in sources if p == "." or d.file.startswith(p + "/")]
            if holders:
                yield max(holders, key=len), d.file


def _own_module(name: str, path: str, mine: set[str]) -> bool:
    """Whether the project in `path` has a module of that name of its own (`utils.py`, `utils/__init__.py`)."""
    base = "" if path == "." else path + "/"
    stem = base + name.replace(".", "/")
    return stem + ".py" in mine or posixpath.join(stem, "__init__.py") in mine
