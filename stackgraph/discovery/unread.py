"""Name every stack file no project reads, and every file named almost like a Pulumi file, each with why.

A stack file (`Pulumi.<stack>.yaml`) is read when it lies beside the project file of a project that sets no
`stackConfigDir`, or in a project's `stackConfigDir`. Any other one the walk listed is skipped:
- in the folder of a template project (`template`);
- beside a project whose `stackConfigDir` is another folder (`outside-config-dir`, with a warning; when that
  folder does not exist, the project's `no-stack-config-dir` warning names the files instead);
- beside a project, or in its `stackConfigDir`, with another extension than the project file's
  (`other-extension`, with a warning: Pulumi reads `Pulumi.dev.yml` for `Pulumi.yml`, never `Pulumi.dev.yaml`);
- anywhere else (`no-project`, with a warning);
- whose stack part is no stack name, wherever it lies (`invalid-stack-name`, with a warning: `Pulumi.dev copy 2.yaml`,
  a copy a file manager made, names no stack Pulumi can select).
A file named like a Pulumi file in all but case or shape (`pulumi.yaml`, `Pulumi.dev.YAML`, `Pulumi..yaml`) is
skipped as `misnamed`: Pulumi reads none of them (on a case-sensitive file system).

Cost: one pass over the names the walk listed, a set lookup per folder; nothing is opened or stat'ed.
Deterministic: entries sorted.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from stackgraph.discovery.projects import NAME_RE, STACK_FILE_RE, stack_ext
from stackgraph.discovery.walk import PROJECT_FILES, Tree
from stackgraph.model import Diagnostic, DiagnosticCode, Project, Severity, Skipped, Stack

NEAR_MISS_RE = re.compile(r"^pulumi(\..*)?\.(ya?ml|json)$", re.IGNORECASE)
"""A name Pulumi would read on a case-insensitive file system, or nearly its own: `pulumi.yaml`, `Pulumi..yaml`."""
NO_PROJECT = "a stack file with no Pulumi.yaml beside it, in no project's stackConfigDir: not read"
MISNAMED_STACK = "looks like a Pulumi stack file but the name is not `Pulumi.<stack>.yaml`: Pulumi does not read it"
MISNAMED_PROJECT = "looks like a Pulumi project file but the name is not `Pulumi.yaml`: Pulumi does not read it"


@dataclass(frozen=True)
class Unread:
    """What `unread` found: the skipped files and the warnings about them (both sorted)."""

    skipped: tuple[Skipped, ...]
    diagnostics: tuple[Diagnostic, ...]


def unread(
    tree: Tree,
    projects: Sequence[Project],
    stacks: Iterable[Stack],
    templates: Collection[str],
    missing: Collection[str],
) -> Unread:
    """The stack files of `tree` that no project reads, and its misnamed Pulumi files.

    `stacks`: the stacks read from files; `templates`: the folders of template projects; `missing`: the folders of
    the projects whose `stackConfigDir` is not a folder (their warning names their stray files instead).
    """
    configured = {p.path: p for p in projects if p.stack_config_dir}
    by_path = {p.path: p for p in projects}
    read: dict[str, Project] = {p.path: p for p in projects if not p.stack_config_dir}
    read.update((_config_dir(p), p) for p in configured.values())
    # A stackConfigDir through a link: its stack files are named by the resolved folder.
    linked = [s for s in stacks if s.project_path in configured]
    read.update((s.file.rpartition("/")[0] or ".", by_path[s.project_path]) for s in linked)
    skipped: list[Skipped] = []
    warnings: list[Diagnostic] = []
    kinds: dict[str, str | None] = {}  # names repeat across folders (Pulumi.dev.yaml, index.ts): one match per name
    for folder, names in tree.files.items():
        for name in names:
            kind = kinds.get(name, "")
            if kind == "":
                kind = kinds[name] = _kind(name)
            if kind is None:
                continue
            reader = read.get(folder) if kind == STACK else None
            rel = name if folder == "." else f"{folder}/{name}"
            if kind == STACK and _invalid_name(rel, name, skipped, warnings):
                continue
            if reader is not None and name.endswith(stack_ext(reader)):
                continue
            if reader is not None:
                _other_extension(rel, reader, skipped, warnings)
            elif kind == STACK:
                _stray(rel, folder, configured.get(folder), templates, missing, skipped, warnings)
            else:
                skipped.append(Skipped(rel, "misnamed", f"{kind}; rename it"))
    return Unread(tuple(sorted(skipped)), tuple(sorted(warnings)))


STACK = "stack"


def _kind(name: str) -> str | None:
    """STACK for a stack file's name, the detail of a misnamed one, None for any other name."""
    if name in PROJECT_FILES or not NEAR_MISS_RE.match(name):
        return None
    if STACK_FILE_RE.match(name):
        return STACK
    return MISNAMED_PROJECT if name.lower() in ("pulumi.json", "pulumi.yaml", "pulumi.yml") else MISNAMED_STACK


def _invalid_name(rel: str, name: str, skipped: list[Skipped], warnings: list[Diagnostic]) -> bool:
    """A stack file whose stack part is no stack name (a copy a file manager made, `Pulumi.dev copy 2.yaml`):
    Pulumi never selects that stack, so never reads the file. Skipped with a warning, the other stacks read."""
    m = STACK_FILE_RE.match(name)
    stack = m.group("stack") if m else ""
    if NAME_RE.match(stack):
        return False
    detail = f"{stack!r} is not a stack name (letters, digits, '_', '.' and '-'): Pulumi never reads this file"
    skipped.append(Skipped(rel, "invalid-stack-name", detail))
    fix = "; rename it to Pulumi.<stack>.yaml with a valid name (or delete it)"
    warnings.append(Diagnostic(Severity.WARNING, DiagnosticCode.INVALID_STACK_NAME, detail + fix, rel))
    return True


def _other_extension(rel: str, project: Project, skipped: list[Skipped], warnings: list[Diagnostic]) -> None:
    """A stack file in a folder `project` reads, whose extension is not its project file's: Pulumi does not read it."""
    ext, file = stack_ext(project), posixpath.basename(project.file)
    stem = posixpath.basename(rel).rpartition(".")[0]
    detail = f"Pulumi reads {stem}{ext} for the project file {file}, not this file"
    skipped.append(Skipped(rel, "other-extension", detail))
    fix = f"; rename it to {stem}{ext} (or delete it)"
    warnings.append(Diagnostic(Severity.WARNING, DiagnosticCode.OTHER_EXTENSION, detail + fix, rel))


def _stray(
    rel: str,
    folder: str,
    project: Project | None,
    templates: Collection[str],
    missing: Collection[str],
    skipped: list[Skipped],
    warnings: list[Diagnostic],
) -> None:
    """Record one stack file that no project reads, with its reason (and its warning, unless said otherwise)."""
    if folder in templates:
        skipped.append(Skipped(rel, "template", "in a template project"))
    elif project is not None:
        detail = f"beside a project whose stackConfigDir is {_shown(project)}: Pulumi does not read it"
        skipped.append(Skipped(rel, "outside-config-dir", detail))
        if folder not in missing:
            fix = f"; move it into {_shown(project)} or delete it"
            warnings.append(Diagnostic(Severity.WARNING, DiagnosticCode.OUTSIDE_CONFIG_DIR, detail + fix, rel))
    else:
        skipped.append(Skipped(rel, "no-project", NO_PROJECT))
        fix = "; move it beside its project's Pulumi.yaml, or point that project's stackConfigDir at its folder"
        warnings.append(Diagnostic(Severity.WARNING, DiagnosticCode.NO_PROJECT, NO_PROJECT + fix, rel))


def _config_dir(project: Project) -> str:
    """The folder `stackConfigDir` names, relative to the root as the walk spells it (links not resolved)."""
    return posixpath.normpath(posixpath.join(project.path, project.stack_config_dir or "."))


def _shown(project: Project) -> str:
    """`config/`: the project's stackConfigDir as a folder."""
    return (project.stack_config_dir or ".").rstrip("/") + "/"


def missing_config_dir(project: Project, tree: Tree) -> Diagnostic:
    """The warning for a project whose `stackConfigDir` is not a folder: it has no stacks, and the stack files
    beside its project file (if any) are not read either."""
    message = (
        f"'stackConfigDir' {project.stack_config_dir!r} is not a folder, so project '{project.name}' has no stacks"
    )
    beside = [n for n in tree.files.get(project.path, ()) if STACK_FILE_RE.match(n)]
    if beside:
        verb = "is" if len(beside) == 1 else "are"
        file = posixpath.basename(project.file)
        message += f"; {', '.join(sorted(beside))} beside its {file} {verb} not read (Pulumi reads stackConfigDir only)"
    return Diagnostic(Severity.WARNING, DiagnosticCode.NO_STACK_CONFIG_DIR, message, project.file)
