"""One base error with an exit code; one subclass per kind of problem.

The CLI's top-level handler prints `str(error)` as one line and exits with
`error.exit_code`. Messages say what is wrong and how to fix it, naming the file
(and line) when there is one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class StackgraphError(Exception):
    """An expected problem: printed as one line, no traceback."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(self._format())

    def _format(self) -> str:
        if self.file is None:
            return self.message
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class UsageError(StackgraphError):
    """The command line asks for something impossible (exit 2)."""


class InputError(StackgraphError):
    """A file in the repository is invalid (exit 2)."""


class GraphError(StackgraphError):
    """The stacks cannot be ordered: a cycle, an unknown stack, a duplicate id (exit 2)."""


class ContractError(StackgraphError):
    """With --strict-contracts: a stack reads an output its producer does not export; nothing ran (exit 2)."""


class ToolMissingError(StackgraphError):
    """A program stackgraph needs (dot, pulumi, git) is not installed (exit 2)."""


class DeploymentFailed(StackgraphError):
    """At least one stack failed or was skipped because of a failure (exit 1)."""

    exit_code = 1


class Cancelled(StackgraphError):
    """The user answered no at the confirmation prompt: nothing ran (exit 1, as Terraform and Pulumi do)."""

    exit_code = 1


class Interrupted(StackgraphError):
    """The run was interrupted by Ctrl-C or SIGTERM (exit 130)."""

    exit_code = 130


def closest(word: str, names: Iterable[str]) -> str | None:
    """The name `word` most likely meant, for a "did you mean": one equal to it but for case first (`-e DEV`
    for `dev`: difflib finds 'DEV' close to nothing), else difflib's closest (cutoff 0.6); None when none is."""
    known = list(names)
    folded = word.casefold()
    same = [n for n in known if n.casefold() == folded]
    if same:
        return same[0]
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None
