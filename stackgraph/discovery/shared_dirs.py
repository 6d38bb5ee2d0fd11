"""Stack files in a folder that several projects read (a `stackConfigDir` they share).

Pulumi reads `Pulumi.<stack>.yaml` of a project's stack folder for the stack of that name, whichever project
asks: a file in a folder two projects read is the config of a stack of either. Repositories that share a folder
(hyperledger-labs/splice: `stackConfigDir: ../../stacks` for several projects) name their files
`Pulumi.<project>.<stack>.yaml`, the only way two projects can both have a stack `main` there. So a file whose
stack name begins with a sharing project's name and a dot is that project's stack (the longest such name wins),
said once per folder by an info; a file whose name begins with none of them is a stack of each, with a warning,
as Pulumi would read it for any of them. Nothing is dropped: every file is some project's stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from stackgraph.discovery import projects as pj
from stackgraph.model import Diagnostic, DiagnosticCode, Project, Severity, Stack


def sharing(root: Path, projects: Iterable[Project]) -> dict[str, list[Project]]:
    """The folders read by more than one project (the `stackConfigDir`, else the project's folder), with them."""
    readers: dict[str, list[Project]] = {}
    for project in projects:
        readers.setdefault(pj.stack_folder(root, project) or project.path, []).append(project)
    return {folder: found for folder, found in readers.items() if len(found) > 1}


def owner(stack: str, sharers: Sequence[Project]) -> Project | None:
    """The project a stack name of a shared folder belongs to by its prefix (`infra.cimain`: project `infra`)."""
    named = [p for p in sharers if stack.startswith(p.name + ".") and len(stack) > len(p.name) + 1]
    return max(named, key=lambda p: len(p.name)) if named else None


def takes(project: Project, stack: str, sharers: Sequence[Project]) -> bool:
    """Whether `project` reads the file of `stack` in a folder `sharers` share."""
    found = owner(stack, sharers)
    return found is None or found.path == project.path


def notes(shared: Mapping[str, Sequence[Project]], stacks: Iterable[Stack]) -> list[Diagnostic]:
    """An info per shared folder (how its files were given out) and a warning per file taken by every sharer."""
    out: list[Diagnostic] = []
    by_file: dict[str, list[Stack]] = {}
    for stack in stacks:
        by_file.setdefault(stack.file, []).append(stack)
    for folder, sharers in sorted(shared.items()):
        names = ", ".join(sorted({p.name for p in sharers}))
        shown = folder.rstrip("/") + "/"
        out.append(
            Diagnostic(
                Severity.INFO,
                DiagnosticCode.SHARED_CONFIG_DIR,
                f"{shown} is the stack folder of projects {names}: a file Pulumi.<project>.<stack>.yaml there is a "
                "stack of the project its name begins with; any other file is a stack of each of them",
                sharers[0].file,
            )
        )
        base = "" if folder == "." else folder + "/"
        for file, taken in sorted(by_file.items()):
            if file.startswith(base) and "/" not in file[len(base) :] and len(taken) > 1:
                name = taken[0].name
                out.append(
                    Diagnostic(
                        Severity.WARNING,
                        DiagnosticCode.SHARED_CONFIG_DIR,
                        f"a stack '{name}' of each of projects {names}, which share this folder (Pulumi reads it for "
                        f"any of them that has a stack '{name}'); name it Pulumi.<project>.{name}.yaml to say whose",
                        file,
                    )
                )
    return out
