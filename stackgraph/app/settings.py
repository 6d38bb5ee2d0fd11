"""What a command asks for, as typed objects: which stacks (`Selection`), how to run them (`RunSettings`).

The CLI declares the options once (cli/options.py) and builds these; the application
layer reads them. Light on purpose: no import beyond the standard library, so the CLI
can build them at start-up. `RunSettings.validated` checks the values and raises
`UsageError` with one line naming the option.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.errors import UsageError

if TYPE_CHECKING:
    from stackgraph.run.types import RunOptions

Say = Callable[[str], None]
"""Where a use case sends its one-line messages (the CLI passes its stderr printer)."""


@dataclass(frozen=True)
class Selection:
    """The five selection options of a command: `--select`, `--exclude`, `--changed-since`,
    `--no-dependents` and `--env` (the language is in docs/selection.md); `--verbose`, which lists
    what the scan skipped (every command that selects says how many files it skipped); and
    `--with-state`, which adds the stack references of deployed state to the graph (app/deployed.py)."""

    select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    changed_since: str | None = None
    no_dependents: bool = False
    env: str | None = None  # also names the stacks made for projects without stack files
    verbose: bool = False
    scope: str | None = None
    """Not an option: the folder stackgraph ran in, relative to the repository root found above it
    (discovery/rootfind.py); only the stacks under it are taken, their upstreams are context."""
    with_state: bool = False  # read the backend: without it, nothing touches the backend
    since_deployed: bool = False  # take what changed since each stack's last deployment (app/since_deployed.py)
    deployed_dependents: bool = False
    """Not an option: set for `destroy --with-state`, whose refusal needs every deployed dependent, so that
    the state of every deployed stack outside the selection is read too (app/deployed.py)."""

    def within(self, scope: str | None) -> Selection:
        """This selection, limited to the stacks under `scope` (None: unchanged)."""
        return self if scope is None else replace(self, scope=scope)

    def state_needed(self, scope: str | None, *, dependents: bool = False) -> Selection | None:
        """With `--with-state`, this selection within `scope`: what `load` reads deployed state for; else None.
        `dependents` (destroy): also every deployed stack outside the selection, the possible dependents."""
        if not self.with_state:
            return None
        return replace(self.within(scope), deployed_dependents=dependents)

    @classmethod
    def of(
        cls,
        *,
        select: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        changed_since: str | None = None,
        no_dependents: bool = False,
        env: str | None = None,
        verbose: bool = False,
        with_state: bool = False,
        since_deployed: bool = False,
    ) -> Selection:
        """Build from option values as typer gives them (None for a repeatable option not given)."""
        return cls(
            tuple(select or ()),
            tuple(exclude or ()),
            changed_since,
            no_dependents,
            env,
            verbose,
            with_state=with_state,
            since_deployed=since_deployed,
        )

    @property
    def from_changes(self) -> bool:
        """Chosen by change detection: an empty selection then means nothing changed (and succeeds)."""
        return self.changed_since is not None or self.since_deployed or any("[" in term for term in self.select)


@dataclass(frozen=True)
class RunSettings:
    """The shared options of every command that runs stacks (up, preview, refresh, destroy, run)."""

    parallelism: int = 4
    strategy: str = "eager"
    fail_fast: bool = False
    timeout: float | None = None
    retries: int = 0
    retry_backoff: float = 2.0  # before retry k (1-based): retry_backoff * 2 ** (k - 1)
    kill_grace: float = 10.0
    report: Path | None = None
    junit: Path | None = None
    markdown: Path | None = None  # the markdown summary (render/markdown_summary.py)
    ci: str | None = None  # github, gitlab or none; None: detected from the environment (app/ci_output.py)
    dry_run: bool = False  # print what would run, in order, and run nothing (app/safety.py)
    yes: bool = False  # never ask for confirmation (destroy, up of protected stacks)
    strict_contracts: bool = False  # refuse (exit 2) when a stack reads an output its producer does not export
    resume: str | None = None  # --resume: "last" (the newest run of the command) or a run id (app/resume.py)

    def validated(self) -> RunSettings:
        """Return self when every value is usable; raises UsageError with one line naming the option."""
        from stackgraph.run.scheduler import STRATEGIES

        if self.parallelism < 1:
            raise UsageError(f"--parallelism {self.parallelism}: run at least 1 stack at a time")
        if self.strategy not in STRATEGIES:
            raise UsageError(f"--strategy {self.strategy}: choose {' or '.join(STRATEGIES)}")
        if self.timeout is not None and not (math.isfinite(self.timeout) and self.timeout > 0):
            raise UsageError(f"--timeout {self.timeout:g}: give a finite number of seconds above 0")
        if self.retries < 0:
            raise UsageError(f"--retries {self.retries}: give 0 or more")
        _seconds("--retry-backoff", self.retry_backoff)
        _seconds("--kill-grace", self.kill_grace)
        if self.ci is not None and self.ci.strip().lower() not in ("github", "gitlab", "none"):
            raise UsageError(f"--ci {self.ci}: choose one of github, gitlab, none")
        for flag, path in (("--report", self.report), ("--junit", self.junit), ("--markdown", self.markdown)):
            if path is not None:
                _writable(flag, path)
        return self

    def not_resumed(self, command: str) -> RunSettings:
        """Return self unless `--resume` was given to a command that cannot resume (`env up`, ...): UsageError."""
        if self.resume is not None:
            raise UsageError(
                f"--resume: `{command}` cannot resume a run; use it with up, refresh, destroy or run, or run "
                f"`{command}` again without it"
            )
        return self

    def unchecked(self, command: str) -> RunSettings:
        """Return self unless `--strict-contracts` was given to a command that only tears down (`env down`,
        `env gc`): it checks no contract, and a teardown refused for one would leave the stacks running."""
        if self.strict_contracts:
            raise UsageError(
                f"--strict-contracts: `{command}` destroys what `env up` made and checks no output contract "
                "(`env up` does); drop it"
            )
        return self

    def options(self) -> RunOptions:
        """Return the executor's options for these settings."""
        from stackgraph.run.types import RunOptions

        return RunOptions(
            self.parallelism,
            self.strategy,
            self.fail_fast,
            self.timeout,
            self.retries,
            retry_backoff_s=self.retry_backoff,
            kill_grace_s=self.kill_grace,
        )


def _seconds(flag: str, value: float) -> None:
    """Raise UsageError unless `value` is a finite number of seconds, 0 or more (nan and inf are not)."""
    if not (math.isfinite(value) and value >= 0):
        raise UsageError(f"{flag} {value:g}: give a finite number of seconds, 0 or more")


_EXAMPLE = {"--report": "run.json", "--junit": "junit.xml", "--markdown": "summary.md"}


def _writable(flag: str, path: Path) -> None:
    """Raise UsageError unless a file can be written at `path` (`-`, stdout, is refused): checked before anything runs.

    The probe is the way the report is written (a temporary file in the same folder, then renamed),
    so a folder that even root cannot write (/sys, a read-only mount) is caught too.
    """
    import os
    import tempfile

    if str(path) == "-":  # `-o -` is stdout elsewhere; these are written after the run, and three would share it
        raise UsageError(
            f"{flag} -: name a file, like {_EXAMPLE[flag]}; a run's reports are written to files, not stdout"
        )
    if path.is_dir():
        raise UsageError(f"{flag} {path}: is a folder; name a file in it, like {path / _EXAMPLE[flag]}")
    if not path.parent.is_dir():
        raise UsageError(f"{flag} {path}: the folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"{flag} {path}: cannot write in {path.parent}: {exc.strerror}; choose another file") from None
    os.close(fd)
    Path(tmp).unlink()
