"""The typer application: thin commands that parse, call one library function, render, exit.

Heavy modules (networkx, graphviz, rich tables, pulumi) are imported inside the
commands so that `stackgraph --help` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stackgraph import __version__
from stackgraph.cli.handler import eprint, handle_errors
from stackgraph.cli.options import EnvOpt, OutOpt, PathArg
from stackgraph.cli.selection import ChangedSinceOpt, ExcludeOpt, NoDependentsOpt, SelectOpt, choose_stacks

if TYPE_CHECKING:
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo

app = typer.Typer(
    name="stackgraph",
    help="Find the dependency graph of the Pulumi stacks in a repository, and deploy them in order.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help panels cost ~0.2 s of start-up
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"stackgraph {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """stackgraph: the order of your Pulumi stacks, found from their files and code."""


def _load(path: Path, env: str | None = None) -> tuple[Repo, StackGraph]:
    from stackgraph.discovery.scan import scan  # noqa: PLC0415
    from stackgraph.graph.build import build_graph  # noqa: PLC0415

    repo = scan(path, env=env)
    graph = build_graph(repo)
    _warn(repo)
    return repo, graph


def _load_repo(path: Path) -> Repo:
    """Scan `path` for a command that lists rather than orders: a cycle is still an error, and
    networkx is never imported unless there is one."""
    from stackgraph.discovery.scan import scan  # noqa: PLC0415
    from stackgraph.graph.build import check_acyclic  # noqa: PLC0415

    repo = scan(path)
    check_acyclic(repo)
    _warn(repo)
    return repo


def _stackless_note(repo: Repo) -> None:
    """Projects without any stack file plan nothing unless an environment is named: say how."""
    with_stacks = {s.project_path for s in repo.stacks}
    warned = {d.file for d in repo.diagnostics if d.code == "no-stack-config-dir"}  # said already
    bare = sorted(p.name for p in repo.projects if p.path not in with_stacks and p.file not in warned)
    if bare:
        shown = ", ".join(bare[:5]) + (f" and {len(bare) - 5} more" if len(bare) > 5 else "")
        eprint(
            f"stackgraph: note: {len(bare)} project{'s' * (len(bare) != 1)} "
            f"{'have' if len(bare) != 1 else 'has'} no stack file ({shown}); "
            "pass --env NAME to plan a stack NAME for each"
        )


def _warn(repo: Repo) -> None:
    from stackgraph.render.diagnostics import diagnostic_lines, skipped_summary  # noqa: PLC0415

    for line in diagnostic_lines(repo.diagnostics):
        eprint(line)
    summary = skipped_summary(repo.skipped)
    if summary is not None:
        eprint(summary)


def _emit(data: str | bytes, output: Path | None) -> None:
    """Write machine output to `output`, or to stdout."""
    if output is not None:
        from stackgraph.errors import UsageError  # noqa: PLC0415

        try:
            if isinstance(data, bytes):
                output.write_bytes(data)
            else:
                output.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {exc.strerror}; choose another --output") from None
        eprint(f"stackgraph: wrote {output}")
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


@app.command()
@handle_errors
def scan(
    path: PathArg = Path(),
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when a stack reference cannot be resolved or a program file cannot be read (for CI).",
        ),
    ] = False,
    output: OutOpt = None,
) -> None:
    """List the projects, stacks, references and dependencies found in PATH, with their evidence."""
    from stackgraph.discovery.scan import scan_rendered  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.graph.build import check_acyclic  # noqa: PLC0415
    from stackgraph.render import scan_formats  # noqa: PLC0415
    from stackgraph.render.diagnostics import diagnostic_lines, strict_counts, strict_line  # noqa: PLC0415

    if format not in ("text", "json"):
        raise UsageError(f"--format {format}: choose text or json")
    to_text = scan_formats.render_json if format == "json" else scan_formats.render_text

    def render(repo: Repo) -> tuple[str, dict[str, Any]]:
        check_acyclic(repo)
        unresolved, unread = strict_counts(repo)
        meta = {"warnings": diagnostic_lines(repo.diagnostics)}  # skipped files: listed in the output itself
        return to_text(repo), {**meta, "unresolved": unresolved, "unread": unread}

    # An unchanged repository prints what it printed the last time, neither decoded nor rendered again.
    def valid(meta: dict[str, Any]) -> bool:
        warnings = meta.get("warnings")
        return (
            isinstance(warnings, list)
            and all(isinstance(w, str) for w in warnings)
            and (type(meta.get("unresolved")) is int)
            and (type(meta.get("unread")) is int)
        )

    text, meta = scan_rendered(path, f"scan-{format}", scan_formats.version(), render, valid)
    for line in meta["warnings"]:
        eprint(line)
    _emit(text, output)
    failed = strict_line(meta["unresolved"], meta["unread"]) if strict else None
    if failed is not None:
        eprint(failed)
        raise typer.Exit(1)


@app.command()
@handle_errors
def plan(
    path: PathArg = Path(),
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="table (default on a terminal), text, json or markdown."),
    ] = None,
    env: EnvOpt = None,
    destroy: Annotated[bool, typer.Option("--destroy", help="Show the order of destroy (reversed).")] = False,
    output: OutOpt = None,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    no_dependents: NoDependentsOpt = False,
) -> None:
    """Show the deployment order of the stacks in PATH, as levels that can run in parallel."""
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.plan import Direction, make_plan, why_empty  # noqa: PLC0415
    from stackgraph.render.plan_formats import RENDERERS, PlanFormat  # noqa: PLC0415

    if format is None:
        format = "table" if output is None and sys.stdout.isatty() else "text"
    try:
        fmt = PlanFormat(format)
    except ValueError:
        raise UsageError(f"--format {format}: choose one of {', '.join(f.value for f in PlanFormat)}") from None
    repo, graph = _load(path, env)
    empty = why_empty(repo)
    if empty is not None:
        raise UsageError(f"{path}: {empty}")
    chosen = choose_stacks(
        repo, graph, select=select, exclude=exclude, changed_since=changed_since, no_dependents=no_dependents, env=env
    ).ids
    the_plan = make_plan(repo, graph, chosen, direction=Direction.DESTROY if destroy else Direction.UP)
    if env is None:
        _stackless_note(repo)
    rendered = RENDERERS[fmt](the_plan)
    if fmt is PlanFormat.TABLE:
        from rich.console import Console  # noqa: PLC0415

        if output is None:
            Console(file=sys.stdout).print(rendered)
            return
        import io  # noqa: PLC0415

        console = Console(file=io.StringIO(), record=True, width=120)  # -o FILE: the table as plain text
        console.print(rendered)
        rendered = console.export_text()
    _emit(rendered, output)


@app.command()
@handle_errors
def graph(
    path: PathArg = Path(),
    format: Annotated[
        str, typer.Option("--format", "-f", help="dot, mermaid, json, svg, png or html (one interactive page).")
    ] = "dot",
    output: OutOpt = None,
    env: EnvOpt = None,
    cluster: Annotated[str, typer.Option("--cluster", help="Group nodes by env, project, or none.")] = "env",
    reduce: Annotated[
        bool, typer.Option("--reduce", help="Draw the transitive reduction (fewest edges, same order).")
    ] = False,
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    no_dependents: NoDependentsOpt = False,
) -> None:
    """Export the stack graph as DOT, Mermaid, JSON, SVG, PNG or an interactive HTML page (to stdout, or -o FILE)."""
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.render import graph_formats as gf  # noqa: PLC0415

    try:
        fmt = gf.GraphFormat(format)
    except ValueError:
        raise UsageError(f"--format {format}: choose one of {', '.join(f.value for f in gf.GraphFormat)}") from None
    try:
        grouping = gf.Cluster(cluster)
    except ValueError:
        raise UsageError(f"--cluster {cluster}: choose one of {', '.join(c.value for c in gf.Cluster)}") from None
    if fmt is gf.GraphFormat.PNG and output is None and sys.stdout.isatty():
        raise UsageError("--format png writes binary data: pass -o FILE.png or redirect stdout")
    repo, full = _load(path, env)
    chosen = choose_stacks(
        repo, full, select=select, exclude=exclude, changed_since=changed_since, no_dependents=no_dependents, env=env
    ).ids
    if chosen is not None:
        keep = set(chosen)
        outside = set(repo.external) | set(repo.dangling)  # drawn with the stacks that depend on them
        for sid in chosen:
            keep.update(d for d in full.dependencies(sid) if d in outside)
        full = full.subset(keep)
    view = gf.make_view(repo, full, reduce=reduce, cluster=grouping)
    _emit(gf.RENDERERS[fmt](view), output)


def _register_commands() -> None:
    from stackgraph.cli import cmd_run  # noqa: PLC0415 - light: typer and the shared options only

    cmd_run.register(app)
    from stackgraph.cli import cmd_deploy  # noqa: PLC0415 - light: typer and the shared options only

    cmd_deploy.register(app)
    from stackgraph.cli.cmd_ls import ls  # noqa: PLC0415 - light: typer and the shared options only

    app.command("ls")(ls)
    from stackgraph.cli.cmd_why import why  # noqa: PLC0415 - light: typer and the shared options only

    app.command("why")(why)
    from stackgraph.cli.cmd_diff import diff  # noqa: PLC0415 - light: typer and the shared options only

    app.command("diff")(diff)
    from stackgraph.cli.cmd_ci import ci  # noqa: PLC0415 - light: typer and the shared options only

    app.command("ci")(ci)
    from stackgraph.cli.cmd_report import report  # noqa: PLC0415 - light: typer and the shared options only

    app.command("report")(report)


_register_commands()
