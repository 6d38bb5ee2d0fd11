"""Check output contracts: for `stackgraph check`, and before `plan` and every deploy command runs.

`check_path` loads a repository, applies the selection and checks the chosen stacks' reads;
`gate` is what plan, preview, up, refresh and destroy call once their stacks are chosen: every error
is said as a warning, and with `strict` they refuse (ContractError, exit 2) before anything runs.
The `contracts.ignore` entries of stackgraph.yaml are checked against the repository's projects.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.app.choose import choose
from stackgraph.app.load import load, locate, refuse_without_stacks
from stackgraph.app.settings import Say

if TYPE_CHECKING:
    from stackgraph.app.settings import Selection
    from stackgraph.contracts import CheckResult
    from stackgraph.model import Diagnostic, Repo, StackId


def check_path(path: Path, selection: Selection, say: Say, *, unused: bool = False) -> CheckResult:
    """Load `path`, choose the selection's stacks and check their reads (`unused`: and unread exports)."""
    from stackgraph.contracts import check

    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose)
    refuse_without_stacks(path, repo)
    chosen = choose(repo, full, selection.within(scope), say)
    return with_read_lines(Path(repo.root), check(repo, chosen.ids, ignore=ignored(repo), unused=unused))


def gate(repo: Repo, ids: frozenset[StackId] | None, say: Say, *, strict: bool = False) -> tuple[Diagnostic, ...]:
    """Say every contract error of the chosen stacks as a warning; with `strict`, raise ContractError.

    Returns the warnings as diagnostics (code `contract`), for the CI annotations of a run.
    """
    from stackgraph.contracts import check
    from stackgraph.errors import ContractError
    from stackgraph.model import Diagnostic, DiagnosticCode, Severity
    from stackgraph.render.check_formats import finding_line

    result = check(repo, ids, ignore=ignored(repo))
    if result.errors:
        result = with_read_lines(Path(repo.root), result)
    for f in result.errors:
        say(f"stackgraph: warning: {finding_line(f)}")
    if result.errors and strict:
        n = len(result.errors)
        what = f"{n} outputs read that their producers do" if n != 1 else "1 output read that its producer does"
        raise ContractError(
            f"--strict-contracts: {what} not export (above); nothing ran. Fix the names, or list a finding "
            "under `contracts.ignore` in stackgraph.yaml"
        )
    return tuple(
        Diagnostic(Severity.WARNING, DiagnosticCode.CONTRACT, finding_line(f).split(": ", 1)[1], f.file, f.line)
        for f in result.errors
    )


def with_read_lines(root: Path, result: CheckResult) -> CheckResult:
    """Point each finding about a read at the line of the consumer's file that reads the output, when one
    line surely does (contracts.read_line); else it stays at the StackReference's line (for a read in another
    file than the StackReference's: at the line recorded there, that of the first read or of the call read on)."""
    from stackgraph.contracts import Finding, FindingKind, read_line

    texts: dict[str, list[str]] = {}
    out = []
    for f in result.findings:
        if f.kind is FindingKind.UNUSED:
            out.append(f)
            continue
        if f.file not in texts:
            texts[f.file] = _lines(root / f.file)
        at = read_line(texts[f.file], f.output, f.line)
        if at is None or at == f.line:
            out.append(f)
        elif f.site_file is not None:  # read in another file, at or after the line recorded there
            out.append(dataclasses.replace(f, line=at))
        else:
            out.append(dataclasses.replace(f, line=at, site_line=f.line))
    return dataclasses.replace(result, findings=tuple(sorted(out, key=Finding.sort_key)))


def _lines(path: Path) -> list[str]:
    """The lines of a program file; none when it cannot be read (the finding keeps its site's line)."""
    from stackgraph import files

    try:
        return files.read_text(path).splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def ignored(repo: Repo) -> tuple[str, ...]:
    """The `contracts.ignore` entries of the repository's settings; one naming no project is bad input."""
    from stackgraph.config import load_settings
    from stackgraph.errors import InputError

    entries = load_settings(Path(repo.root)).contracts_ignore
    names = {p.name for p in repo.projects}
    for entry in entries:
        project = entry.value.split(":", 1)[0]
        if project not in names:
            raise InputError(
                f"'contracts.ignore' names project '{project}', which is not in this repository; "
                "write PROJECT:OUTPUT with the producer's project name",
                file=entry.file,
                line=entry.line,
            )
    return tuple(e.value for e in entries)
