"""Load a repository: scan a folder, build its graph, and say what the scan warned about.

`load` is for commands that order stacks (plan, ls, graph, up, ...): it builds the
`StackGraph` (networkx). `load_listing` is for commands that only list or explain
(scan, why): it checks the edges for a cycle without networkx (see graph/dag.py).
Both raise `GraphError` (exit 2) on a cycle and `InputError` on bad files.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stackgraph.app.settings import Say
from stackgraph.model import DiagnosticCode

if TYPE_CHECKING:
    from stackgraph.app.settings import Selection
    from stackgraph.discovery.scan import ScanInputs
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo


def load(
    path: Path,
    say: Say,
    env: str | None = None,
    *,
    verbose: bool | None = False,
    deploying: bool = False,
    with_state: Selection | None = None,
) -> tuple[Repo, StackGraph]:
    """Scan `path` (with stacks made for `env`), build the graph, then say the scan's warnings (`verbose`:
    and every skipped file; None: the command has no --verbose, see `warn`). `deploying`: for a Pulumi
    command, which uses the embedded file backend when nothing else is configured; stack names are then read
    as that backend reads them. `with_state`: the
    selection (with its scope) whose stacks' deployed state to add (app/deployed.py: the chosen stacks and
    their upstreams); only then is the backend asked anything."""
    from stackgraph.discovery.scan import scan

    return _graph(scan(path, env=env, embedded=deploying), say, verbose=verbose, with_state=with_state)


def load_scanned(
    path: Path,
    say: Say,
    env: str | None = None,
    *,
    verbose: bool | None = False,
    deploying: bool = False,
    with_state: Selection | None = None,
) -> tuple[Repo, StackGraph, ScanInputs]:
    """`load`, and what the scan read (the files each stack's inputs are digested from: app/inputs.py)."""
    from stackgraph.discovery.scan import scan_with_inputs

    repo, scanned = scan_with_inputs(path, env=env, embedded=deploying)
    return (*_graph(repo, say, verbose=verbose, with_state=with_state), scanned)


def graph_of(repo: Repo, say: Say, *, verbose: bool = False) -> tuple[Repo, StackGraph]:
    """The graph of a repository scanned already; the scan's warnings said (`verbose`: each skipped file)."""
    return _graph(repo, say, verbose=verbose, with_state=None)


def _graph(repo: Repo, say: Say, *, verbose: bool | None, with_state: Selection | None) -> tuple[Repo, StackGraph]:
    """The repository with what deployed state adds (`with_state`), its graph; the scan's warnings said."""
    from stackgraph.graph.build import build_graph

    check_settings(Path(repo.root))
    if with_state is not None:
        from stackgraph.app.deployed import with_deployed_state

        repo = with_deployed_state(repo, say, with_state)
    graph = build_graph(repo)
    warn(repo, say, verbose=verbose)
    return repo, graph


def locate(path: Path, say: Say, *, whole: str | None = None) -> tuple[Path, str | None]:
    """The repository root to scan for `path`, and the folder to take the stacks of (None: every stack).

    Run from inside a project folder (`cd examples/api && stackgraph plan`), the root is found above it
    (discovery/rootfind.py) and said in a note; any other folder is its own root. A command that works
    on the whole repository whatever the folder (`env down`) passes `whole`: what the note says instead
    of "taking the stacks under" the folder.
    """
    from stackgraph.discovery.rootfind import locate as find
    from stackgraph.errors import UsageError

    if not path.is_dir():
        raise UsageError(
            f"{path}: {'not a folder' if path.exists() else 'no such folder'}; pass the folder that "
            "holds your Pulumi projects"
        )
    found = find(path)
    if found.scope is not None:
        say(
            f"stackgraph: note: {path} is inside a project: the repository is {found.root} ({found.how} "
            f"above it); {whole or f'taking the stacks under {found.scope}'}"
        )
    return found.root, found.scope


def refuse_without_stacks(path: Path, repo: Repo) -> None:
    """Raise a `UsageError` saying why when `repo` (scanned for `path`) holds no stack at all: most likely the
    wrong folder, which `plan`, `ls`, `check` and `graph` must not answer with an empty result and exit 0."""
    from stackgraph.discovery.rootfind import settings_above
    from stackgraph.errors import UsageError
    from stackgraph.plan import why_empty

    empty = why_empty(repo, None if repo.projects else settings_above(path))
    if empty is not None:
        raise UsageError(f"{path}: {empty}")


def load_listing(path: Path, say: Say) -> tuple[Repo, StackGraph]:
    """Scan `path` for a command that lists or explains rather than orders; a cycle is still an error.

    The graph answers walks (`reach`, `shortest_path`) without networkx.
    """
    from stackgraph.discovery.scan import scan
    from stackgraph.graph.build import check_acyclic

    repo = scan(path)
    check_settings(Path(repo.root))
    graph = check_acyclic(repo)
    warn(repo, say, verbose=None)  # `why` has no --verbose
    return repo, graph


def check_settings(root: Path) -> None:
    """Parse the selectors of `watch` and `pools` in the settings file of `root` (its shape, globs and `exclude`
    are checked by the scan); raises InputError with the file and line of a wrong one."""
    from stackgraph.config import load_settings
    from stackgraph.graph.select import check_pool_selectors, check_watch_selectors

    settings = load_settings(root)
    check_watch_selectors(settings)
    check_pool_selectors(settings)


def warn(repo: Repo, say: Say, *, verbose: bool | None = False) -> None:
    """Say every diagnostic of the scan, one line each, and one line counting what was skipped
    (`verbose`: then one line per skipped file; None: the command has no `--verbose`, so the line names one that
    lists them)."""
    from stackgraph.config import SKIPPED_CODE
    from stackgraph.render.diagnostics import diagnostic_lines, skipped_lines, skipped_summary

    silence = silenced(repo)
    for line in diagnostic_lines(repo.diagnostics, silence):
        say(line)
    summary = skipped_summary(repo.skipped, "--verbose" if verbose is not None else "`stackgraph ls --verbose`")
    if summary is not None and (verbose or SKIPPED_CODE not in silence):
        say(summary.replace("; --verbose lists them", ":") if verbose else summary)
    if verbose:
        for line in skipped_lines(repo.skipped):
            say(f"stackgraph:   {line}")


def silenced(repo: Repo) -> frozenset[str]:
    """The warning codes `silence:` of the repository's stackgraph.yaml names (the scan has validated it)."""
    from stackgraph.config import load_settings

    return load_settings(Path(repo.root)).silence


def stackless_note(repo: Repo, say: Say) -> None:
    """Say how to plan projects without any stack file (they plan nothing unless an env is named)."""
    with_stacks = {s.project_path for s in repo.stacks}
    warned = {d.file for d in repo.diagnostics if d.code is DiagnosticCode.NO_STACK_CONFIG_DIR}  # said already
    stackless = [p for p in repo.projects if p.path not in with_stacks and p.file not in warned]
    counts = Counter(p.name for p in stackless)
    twice = {name for name, n in counts.items() if n > 1}  # named by their folders too
    bare = sorted(f"{p.name} at {p.path}" if p.name in twice else p.name for p in stackless)
    if bare:
        shown = ", ".join(bare[:5]) + (f" and {len(bare) - 5} more" if len(bare) > 5 else "")
        say(
            f"stackgraph: note: {len(bare)} project{'s' * (len(bare) != 1)} "
            f"{'have' if len(bare) != 1 else 'has'} no stack file ({shown}); "
            "pass --env NAME to plan a stack NAME for each"
        )


class Rendered(NamedTuple):
    """The output of `scan` in one format, the warning lines to print, the unresolved references and
    the program files that could not be read (what `--strict` fails on)."""

    text: str
    warnings: list[str]
    unresolved: int
    unread: int
    listed: list[str] = []  # noqa: RUF012 - never mutated; the warnings the text itself says (unresolved ones)


def load_rendered(path: Path, fmt: str, *, with_state: Say | None = None) -> Rendered:
    """Scan `path` and render it as `fmt` ("text" or "json"); a cycle is an error.

    An unchanged repository gives what it gave the last time, neither decoded nor rendered again
    (the scan cache keeps the rendering with its warnings). The caller prints the warnings.
    `with_state`: add what the deployed state says (never cached), saying what was read there.
    """
    from stackgraph.discovery.scan import scan_rendered
    from stackgraph.graph.build import check_acyclic
    from stackgraph.render import scan_formats
    from stackgraph.render.diagnostics import diagnostic_lines, strict_counts

    to_text = scan_formats.render_json if fmt == "json" else scan_formats.render_text
    if with_state is not None:
        from stackgraph.app.deployed import with_deployed_state
        from stackgraph.discovery.scan import scan

        repo = with_deployed_state(scan(path), with_state)
        check_acyclic(repo)
        return Rendered(to_text(repo), diagnostic_lines(repo.diagnostics), *strict_counts(repo))

    def render(repo: Repo) -> tuple[str, dict[str, Any]]:
        check_acyclic(repo)
        unresolved, unread = strict_counts(repo)
        silence = silenced(repo)
        warnings = diagnostic_lines(repo.diagnostics, silence)  # skipped files: listed in the output itself
        said = [d for d in repo.diagnostics if d.code == DiagnosticCode.UNRESOLVED and fmt != "json"]
        meta = {"warnings": warnings, "listed": diagnostic_lines(said, silence)}
        return to_text(repo), {**meta, "unresolved": unresolved, "unread": unread}

    def valid(meta: dict[str, Any]) -> bool:
        lists = (meta.get("warnings"), meta.get("listed"))
        return (
            all(isinstance(x, list) and all(isinstance(w, str) for w in x) for x in lists)
            and (type(meta.get("unresolved")) is int)
            and (type(meta.get("unread")) is int)
        )

    text, meta = scan_rendered(path, f"scan-{fmt}", scan_formats.version(), render, valid)
    check_settings(path.resolve())
    return Rendered(text, list(meta["warnings"]), int(meta["unresolved"]), int(meta["unread"]), list(meta["listed"]))
