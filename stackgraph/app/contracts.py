"""Check output contracts: for `stackgraph check`, and before `plan` and every deploy command runs.

`check_path` loads a repository, applies the selection and checks the chosen stacks' reads;
`gate` is what plan, preview, up, refresh and destroy call once their stacks are chosen: every error
is said as a warning, and with `strict` they refuse (ContractError, exit 2) before anything runs.
The `contracts.ignore` entries of stackgraph.yaml are checked against the repository's projects.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.app.choose import choose
from stackgraph.app.load import Say, load, locate

if TYPE_CHECKING:
    from stackgraph.app.settings import Selection
    from stackgraph.contracts import CheckResult
    from stackgraph.model import Repo, StackId


def check_path(path: Path, selection: Selection, say: Say, *, unused: bool = False) -> CheckResult:
    """Load `path`, choose the selection's stacks and check their reads (`unused`: and unread exports)."""
    from stackgraph.contracts import check

    root, scope = locate(path, say)
    repo, full = load(root, say, selection.env, verbose=selection.verbose)
    chosen = choose(repo, full, selection.within(scope), say)
    return check(repo, chosen.ids, ignore=ignored(repo), unused=unused)


def gate(repo: Repo, ids: frozenset[StackId] | None, say: Say, *, strict: bool = False) -> None:
    """Say every contract error of the chosen stacks as a warning; with `strict`, raise ContractError."""
    from stackgraph.contracts import check
    from stackgraph.errors import ContractError
    from stackgraph.render.check_formats import finding_line

    result = check(repo, ids, ignore=ignored(repo))
    for f in result.errors:
        say(f"stackgraph: warning: {finding_line(f)}")
    if result.errors and strict:
        n = len(result.errors)
        what = f"{n} outputs read that their producers do" if n != 1 else "1 output read that its producer does"
        raise ContractError(
            f"--strict-contracts: {what} not export (above); nothing ran. Fix the names, or list a finding "
            "under `contracts.ignore` in stackgraph.yaml"
        )


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
