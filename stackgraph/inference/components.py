"""Source-based components of the repository a project uses through `packages:` in its Pulumi.yaml.

`pulumi package add ../components/vpc` records `packages: {vpc: ../components/vpc}` (or `{source: ..., version:
...}`; ManagedKube/devops-with-ai writes `../../../../components/aws/vpc@0.0.0`). Pulumi runs the component's code
in its own plugin process, for the stack of the program that uses it, so a StackReference there is a dependency of
that stack. stackgraph does not read a component's code as part of the program: when a code file of such a folder
constructs a StackReference, the `packages` entry gets a warning `not-followed` naming that file and line (what
`--strict` fails on), never silence. A package from a registry or a Git URL, or a schema file, is not the
repository's code and says nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping

from stackgraph import yamlio
from stackgraph.errors import InputError
from stackgraph.inference.projectfiles import NotFollowed
from stackgraph.inference.sources import MARKERS, code_language
from stackgraph.model import Project

SCHEMA_SUFFIXES = (".json", ".yaml", ".yml")
"""A local package given as a schema file: no code of the repository runs."""


def component_notes(
    read: Callable[[str], str | None], project: Project, files: Mapping[str, list[str]]
) -> list[NotFollowed]:
    """A warning for each local component package of `project` whose code constructs a StackReference; `files`:
    the files of the repository, folder by folder (`Tree.files`)."""
    text = read(project.file)
    if text is None or "packages" not in text:
        return []
    try:
        doc = yamlio.loads(text, project.file)
    except InputError:  # said by discovery, which read it first
        return []
    packages = doc.data.get("packages") if isinstance(doc.data, dict) else None
    if not isinstance(packages, dict):
        return []
    out: list[NotFollowed] = []
    for name, entry in packages.items():
        source = entry.get("source") if isinstance(entry, dict) else entry
        folder = _local_folder(project, source) if isinstance(source, str) else None
        found = _stack_reference(read, folder, files) if folder is not None else None
        if found is not None:
            why = (
                f"uses the local component package {source} (packages.{name}), whose code runs for this program's "
                f"stacks in a plugin of its own and is not read: {found} constructs a StackReference, so the stack "
                "it names is not known; declare it with stackgraph:dependsOn in the stack files"
            )
            out.append(NotFollowed(project.file, doc.line_of_key("packages", str(name)), why))
    return out


def _local_folder(project: Project, source: str) -> str | None:
    """The folder of the repository a `packages` source names (relative to the root), or None: not a local path, a
    schema file, or a path out of the repository."""
    path, at, version = source.rpartition("@")
    if not at or "/" in version:  # `../comp@0.0.0`: the version after the last `@`
        path = source
    if not path.startswith(("./", "../", "/")) and path not in (".", ".."):
        return None  # a plugin name (`aws@6.0.0`), a Git or registry URL
    if path.endswith(SCHEMA_SUFFIXES) or path.startswith("/"):
        return None
    base = "" if project.path == "." else project.path
    folder = posixpath.normpath(posixpath.join(base, path))
    return None if folder == ".." or folder.startswith("../") else folder


def _stack_reference(read: Callable[[str], str | None], folder: str, files: Mapping[str, list[str]]) -> str | None:
    """`file:line` of the first StackReference in the code files under `folder` (tests aside), or None."""
    for where in sorted(files):
        if folder not in (where, ".") and not where.startswith(folder + "/"):
            continue
        for name in files[where]:
            rel = name if where == "." else f"{where}/{name}"
            if code_language(rel, folder) is None:
                continue
            text = read(rel)
            at = min((i for i in (text.find(m) for m in MARKERS) if i >= 0), default=-1) if text else -1
            if text and at >= 0:
                return f"{rel}:{text.count(chr(10), 0, at) + 1}"
    return None
