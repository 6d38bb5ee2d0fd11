"""The selection options every command shares, and the one function that applies them.

    def cmd(path: PathArg = Path(), select: SelectOpt = None, exclude: ExcludeOpt = None,
            changed_since: ChangedSinceOpt = None, no_dependents: NoDependentsOpt = False,
            env: EnvOpt = None) -> None:
        repo, graph = _load(path)
        ids, why = choose_stacks(repo, graph, select=select, exclude=exclude,
                                 changed_since=changed_since, no_dependents=no_dependents, env=env)
        plan = make_plan(repo, graph, ids)

Commands built on run/commands.py pass `select=stack_selector(select=select, ..., env=env)`.
`ids` is None when nothing was asked for (every stack). The language is in docs/selection.md.
This module stays light: the evaluator and git are imported only when a selection is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stackgraph.cli.handler import eprint

if TYPE_CHECKING:
    from collections.abc import Sequence

    from stackgraph.discovery.changes import GitChanges
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo, StackId

SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        "-s",
        metavar="EXPR",
        help="Take the stacks EXPR matches: 'api/dev', 'project:api', 'stack:prod', 'path:DIR', 'tag:T', "
        "'[REF]', with +x (x and what it needs), x+ (x and what needs it), @x, a,b (both). "
        "Repeatable; spaces and repeats add up. See docs/selection.md.",
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="EXPR", help="Leave out the stacks EXPR matches (same language, repeatable)."),
]
ChangedSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="REF",
        help="Take only stacks whose files changed since the merge base of REF and HEAD (uncommitted and "
        "untracked files included), and every stack that depends on them.",
    ),
]
NoDependentsOpt = Annotated[
    bool,
    typer.Option("--no-dependents", help="With --changed-since or [REF]: leave out the dependents of what changed."),
]


class Chosen(NamedTuple):
    """The selected stack ids (None: every stack) and, for each, why it was selected."""

    ids: frozenset[StackId] | None
    why: dict[StackId, tuple[str, ...]]


def choose_stacks(
    repo: Repo,
    graph: StackGraph,
    *,
    select: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    changed_since: str | None = None,
    no_dependents: bool = False,
    env: str | None = None,
) -> Chosen:
    """Apply --select, --exclude, --changed-since, --no-dependents and --env; print warnings to stderr.

    Raises `UsageError` (exit 2) for a selector or ref that is wrong or matches nothing.
    """
    env_ids = _env(repo, env)
    if not (select or exclude or changed_since is not None):
        if no_dependents:
            _no_changes()
        if env_ids is None:
            return Chosen(None, {})
        return Chosen(env_ids, dict.fromkeys(sorted(env_ids), (f"--env {env}",)))
    from stackgraph.graph.select import select as evaluate  # noqa: PLC0415 - only when selecting

    result = evaluate(
        repo,
        graph,
        select=tuple(select or ()),
        exclude=tuple(exclude or ()),
        changed_since=changed_since,
        dependents=not no_dependents,
        changes=_git_changes(repo),
    )
    if no_dependents and not result.used_changes:
        _no_changes()
    for warning in result.warnings:
        eprint(f"stackgraph: warning: {warning}")
    ids = result.ids if env_ids is None else result.ids & env_ids
    return Chosen(ids, {sid: result.why[sid] for sid in sorted(ids)})


@dataclass(frozen=True)
class StackSelector:
    """The selection options of one command, bound: the `select=` of run/commands.py (its `Selector`)."""

    select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    changed_since: str | None = None
    no_dependents: bool = False
    env: str | None = None  # also names the stacks made for projects without stack files

    @property
    def from_changes(self) -> bool:
        """Chosen by change detection: an empty selection then means nothing changed (and succeeds)."""
        return self.changed_since is not None or any("[" in term for term in self.select)

    def __call__(self, repo: Repo, graph: StackGraph) -> frozenset[StackId] | None:
        return choose_stacks(
            repo,
            graph,
            select=self.select,
            exclude=self.exclude,
            changed_since=self.changed_since,
            no_dependents=self.no_dependents,
            env=self.env,
        ).ids


def stack_selector(
    *,
    select: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    changed_since: str | None = None,
    no_dependents: bool = False,
    env: str | None = None,
) -> StackSelector:
    """Bind the selection options of a command."""
    return StackSelector(tuple(select or ()), tuple(exclude or ()), changed_since, no_dependents, env)


def _no_changes() -> None:
    from stackgraph.errors import UsageError  # noqa: PLC0415

    raise UsageError("--no-dependents works with --changed-since REF or a [REF] selector; add one or drop it")


def _git_changes(repo: Repo) -> GitChanges:
    """The change-detection callback: git is run only if a ref is actually asked for."""
    from pathlib import Path  # noqa: PLC0415

    from stackgraph.config import load_settings  # noqa: PLC0415
    from stackgraph.discovery import changes  # noqa: PLC0415

    return changes.GitChanges(repo, load_settings(Path(repo.root)))


def _env(repo: Repo, env: str | None) -> frozenset[StackId] | None:
    """The stacks named `env` across projects; the same message as before selection existed."""
    if env is None:
        return None
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.plan import select_env  # noqa: PLC0415

    chosen = select_env(repo, env)
    if not chosen:
        import difflib  # noqa: PLC0415

        names = sorted({s.name for s in repo.stacks})
        close = difflib.get_close_matches(env, names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(
            f"--env {env}: no stack has that name; {hint}the stack names are: {', '.join(names) or 'none'}"
        )
    return chosen
