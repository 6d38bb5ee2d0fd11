"""Scan a repository: projects, stacks, and the edges between stacks with their evidence.

`scan(path)` is the one entry point. It reads files and never runs project code.
Raises `StackgraphError` subclasses for bad input; the result is deterministic
(everything sorted), whatever order the file system lists entries in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackgraph.cache.files import FileCache, fresh
from stackgraph.cache.results import ResultCache
from stackgraph.config import Settings, load_settings
from stackgraph.discovery import backend, esc, shared_dirs
from stackgraph.discovery import projects as pj
from stackgraph.discovery.envstacks import env_stacks
from stackgraph.discovery.resolve import Resolver, parse_declared, substitute
from stackgraph.discovery.settings_check import check_watch_globs, exclude_warnings
from stackgraph.discovery.types import InferResult, RawEdge
from stackgraph.discovery.unread import missing_config_dir, unread
from stackgraph.discovery.walk import PROJECT_FILES, PULUMI_FILE_RE, Tree, stack_folder, walk
from stackgraph.errors import GraphError, InputError, StackgraphError, UsageError
from stackgraph.model import (
    SKIP_REASONS,
    Declared,
    Diagnostic,
    DiagnosticCode,
    Edge,
    EdgeKind,
    Evidence,
    Project,
    Repo,
    Severity,
    Skipped,
    Stack,
    StackId,
)

if TYPE_CHECKING:
    from stackgraph.inference.prefetch import Early, Prefetch
    from stackgraph.inference.worker import Question


def scan(path: str | Path, *, infer: bool = True, env: str | None = None, embedded: bool = False) -> Repo:
    """Scan the repository at `path` and return what it holds.

    With `env`, a project that has no stack file at all gets a stack of that name
    (see envstacks.py), so one environment can be planned from the code alone. With `embedded` (a deploy
    command), a project with no backend configured runs against stackgraph's embedded file backend, and
    its stack names are read as a self-managed backend reads them (discovery/backend.py).
    """
    return scan_with_inputs(path, infer=infer, env=env, embedded=embedded)[0]


@dataclasses.dataclass(frozen=True)
class ScanInputs:
    """What a scan read: the walk's tree (every file it listed, folder by folder) and the files read
    outside it (by inference: a tsconfig.json it extends, go.mod, package.json; relative, sorted)."""

    tree: Tree
    read: tuple[str, ...]


def scan_with_inputs(
    path: str | Path, *, infer: bool = True, env: str | None = None, embedded: bool = False
) -> tuple[Repo, ScanInputs]:
    """`scan`, and what it read (for digests of each stack's inputs: app/inputs.py)."""
    root, settings, tree, stored = _open(path, infer, env, embedded)
    repo = _scan(root, settings, tree, stored, infer, env, embedded)
    return repo, ScanInputs(tree, stored.read_files())


def scan_planned(path: str | Path, extra: Iterable[Stack], *, embedded: bool = False) -> Repo:
    """Scan as if the stack files of `extra` were written (a planned environment, before anything is created).

    The stacks of `extra` are read with the rest (their references inferred, their `dependsOn` resolved);
    the result is never cached: it describes files that do not exist.
    """
    root, settings, tree, stored = _open(path, True, None, embedded)
    return _with_walk(_read(root, settings, tree, stored, True, None, embedded, tuple(extra)), tree, settings)


def scan_rendered(
    path: str | Path,
    kind: str,
    version: str,
    render: Callable[[Repo], tuple[str, dict[str, Any]]],
    valid: Callable[[dict[str, Any]], bool] = lambda meta: True,
    *,
    env: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """`render(scan(path, env=env))`: a text and its metadata (what else the command prints), or the ones
    stored the last time when nothing the result depends on changed and `version` (of the code behind
    `render`) is the same. `kind` names the rendering (e.g. `scan-json`, or a digest of a command's
    options); stored metadata that `valid` refuses is rendered anew. `render` may raise; then nothing
    is stored."""
    root, settings, tree, stored = _open(path, True, env)
    hit = stored.load_output(kind, version)
    if hit is not None and valid(hit[0]):
        meta, text = hit
        return text, meta
    text, meta = render(_scan(root, settings, tree, stored, True, env))
    stored.save_output(kind, version, text, meta)
    return text, meta


def _open(
    path: str | Path, infer: bool, env: str | None, embedded: bool = False
) -> tuple[Path, Settings, Tree, ResultCache]:
    """Check `path`, read the settings, walk the tree and take its fingerprint."""
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{path}: no such folder; pass the folder that holds your Pulumi projects")
    if not root.is_dir():
        raise UsageError(f"{path}: not a folder; pass the folder that holds your Pulumi projects")
    root = root.resolve()
    settings = load_settings(root)
    check_watch_globs(settings)
    tree = walk(root, settings.exclude)
    default = backend.default_backend() or (backend.EMBEDDED if embedded else None)
    kind = backend.kind(default)  # a name means another stack in another kind of backend
    return root, settings, tree, ResultCache(root, tree, _count_pulumi_files(tree), infer, env=env, backend=kind)


def _scan(
    root: Path,
    settings: Settings,
    tree: Tree,
    stored: ResultCache,
    infer: bool,
    env: str | None,
    embedded: bool = False,
) -> Repo:
    repo = stored.load()
    if repo is None:
        with _collector_paused():
            repo = _read(root, settings, tree, stored, infer, env, embedded)
            stored.save(repo)
    return _with_walk(repo, tree, settings)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a scan reads and stores: a scan allocates millions of objects
    that live until it ends and makes next to no cycles (the peak memory is the same without the collector),
    yet each full collection walks them all, so its cost grows faster than the repository: 5-6% of a cold
    plan of 10,000 projects (13.3 s -> 12.5 s, two pairs), about 2% at 2,000.

    Then the objects made so far are frozen (`gc.freeze`: moved where no collection looks): the first
    collection after `enable` would otherwise walk every one of them, 0.1 s of a cold plan at 2,000 projects.
    They are the scan's result and the modules; what refcounts free is freed all the same."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _read(
    root: Path,
    settings: Settings,
    tree: Tree,
    stored: ResultCache,
    infer: bool,
    env: str | None,
    embedded: bool,
    extra: tuple[Stack, ...] = (),
) -> Repo:
    cache = FileCache(root, stored.n_files)
    entries, theirs = cache.wants(), tree.project_dirs[len(tree.project_dirs) - int(len(tree.project_dirs) * SHARE) :]
    first = (_project_files_read, (root, tree, theirs, bool(entries))) if entries is not None and theirs else None
    early = _start_early(root, tree, first) if infer else None  # parses program files while project files are read
    prefetch = None
    try:
        given_projects = _Answer(early.worker.answer, frozenset(theirs)) if early is not None and first else None
        projects, skipped = [], []
        for folder in tree.project_dirs:
            try:
                projects.append(_read_project(root, folder, cache, tree.files.get(folder, []), given_projects))
            except pj.TemplateProject as template:
                skipped.append(Skipped(str(template), "template", "its name is a placeholder"))
            skipped.extend(_second_project_file(tree, folder))
        stored.add_config_dirs(projects)
        asked = _ask_for_stacks(early, root, tree, projects, cache) if early is not None else frozenset()
        if infer:
            prefetch, early = _prefetch(root, tree, projects, early), None
            stored.add_reads(prefetch.reads)  # the result is keyed on the files inference reads, as it reads them
        given = _Answer(lambda _: prefetch.answer(), asked) if asked and prefetch is not None else None
        stacks, never_opened, not_stacks = _read_stacks(root, tree, projects, cache, given)
        read = tuple(stacks)  # from files (env stacks come below)
        cache.save()
        if extra:  # a planned stack replaces the file of the same stack (an environment made before)
            planned = {s.id for s in extra}
            stacks = [s for s in stacks if s.id not in planned] + list(extra)
        if env is not None:
            stacks.extend(env_stacks(projects, stacks, env))
        resolver = Resolver((s.id for s in stacks), (p.name for p in projects), settings.org, _diy(projects, embedded))
        hidden = [k for k in tree.skipped if posixpath.basename(k.file) in PROJECT_FILES]
        raw = list(_explicit_edges(projects, stacks, resolver, hidden))
        found = _infer(root, tree, projects, stacks, resolver, settings, prefetch) if infer else InferResult()
    finally:
        if prefetch is not None:
            prefetch.close()
        if early is not None:  # the scan failed before the projects were read
            early.worker.stop()
    raw.extend(found.edges)
    found.diagnostics.extend(map(_walk_warning, never_opened))
    found.skipped.extend((*never_opened, *not_stacks))
    _add_unread(root, tree, projects, read, skipped, found)
    return _assemble(root, projects, stacks, raw, found)


def _add_unread(
    root: Path, tree: Tree, projects: list[Project], read: Iterable[Stack], skipped: list[Skipped], found: InferResult
) -> None:
    """Add to `found` what the scan did not read, with its warnings: the project files of `skipped` (templates,
    duplicates), the stack files no project reads, misnamed files, and each `stackConfigDir` that is no folder."""
    missing = [p for p in projects if p.stack_config_dir and not (root / p.path / p.stack_config_dir).is_dir()]
    found.diagnostics.extend(missing_config_dir(p, tree) for p in missing)
    found.diagnostics.extend(_template_note(k.file) for k in skipped if k.reason == "template")
    templates = {posixpath.dirname(k.file) or "." for k in skipped if k.reason == "template"}
    stray = unread(tree, projects, read, templates, {p.path for p in missing})
    found.diagnostics.extend(stray.diagnostics)
    found.skipped.extend((*skipped, *stray.skipped))
    found.diagnostics.extend(shared_dirs.notes(shared_dirs.sharing(root, projects), read))
    found.diagnostics.extend(esc.notes(read))
    files: list[Project | Stack] = [*projects, *read]
    found.diagnostics.extend(_second_document(f.file, f.second_document) for f in files if f.second_document)


def _second_document(file: str, line: int) -> Diagnostic:
    """The warning for a project or stack file of several YAML documents: Pulumi reads the first, and so does the
    scan; what follows is in no stack's config (a `---` pasted by mistake, or files joined)."""
    return Diagnostic(
        Severity.WARNING,
        DiagnosticCode.SECOND_DOCUMENT,
        "a second YAML document starts here; Pulumi reads only the first document of a file (and so does "
        "stackgraph), so what follows is ignored: merge it into the first or delete it",
        file,
        line,
    )


def _diy(projects: list[Project], embedded: bool) -> list[str]:
    """The projects whose programs run against a self-managed backend (what their stack names mean);
    `embedded`: those with no backend configured run against stackgraph's embedded file backend."""
    fallback = backend.EMBEDDED if embedded else None
    unnamed = backend.project_backend(None) or fallback  # read once (credentials.json), not once per project
    return [
        p.name
        for p in projects
        if backend.is_diy((backend.project_backend(p.backend_url) or fallback) if p.backend_url else unnamed)
    ]


def _second_project_file(tree: Tree, folder: str) -> list[Skipped]:
    """`Pulumi.yml` beside `Pulumi.yaml`, either beside `Pulumi.json`: the engine reads the first of them by name
    (`Pulumi.json`, then `Pulumi.yaml`), and so does the scan; the others are skipped as duplicates."""
    names = tree.files.get(folder, [])
    first, *others = [n for n in PROJECT_FILES if n in names] or [""]
    return [
        Skipped(name if folder == "." else f"{folder}/{name}", "duplicate", f"{first} beside it is the project file")
        for name in others
    ]


WALK_WARNINGS = {
    "non-regular": "{detail}, not a regular file: skipped, never opened",
    "outside-root": "a link that leads outside the scanned folder ({detail}): not followed",
    "link-loop": "a link to a folder above it ({detail}): not followed; that folder is read where it is",
    "linked": "a link to a project folder read at its own path ({detail}): not followed; its projects are read there",
}


def _with_walk(repo: Repo, tree: Tree, settings: Settings) -> Repo:
    """Add what the walk skipped (never stored in the result cache: the walk is done anew every time),
    with a warning naming each file that is not a regular file or a link leading outside the root, and
    each `exclude` entry of the settings that skipped nothing.

    A stack file of a `stackConfigDir` in a hidden, ignored or excluded folder is read all the same (as
    Pulumi reads it): the walk's skip of it does not count, nor does it when the scan, listing that folder,
    found it never to be opened (then the scan's reason stands)."""
    unused = exclude_warnings(settings, tree)
    if not tree.skipped and not unused:
        return repo
    judged = {s.file for s in repo.stacks} | {k.file for k in repo.skipped if k.reason in WALK_WARNINGS}
    walked = [k for k in tree.skipped if k.file not in judged or k in repo.skipped]
    warnings = [_walk_warning(k) for k in walked if k.reason in WALK_WARNINGS] + unused
    return dataclasses.replace(
        repo,
        skipped=tuple(sorted({*repo.skipped, *walked})),
        diagnostics=tuple(sorted({*repo.diagnostics, *warnings})),
    )


def _walk_warning(skipped: Skipped) -> Diagnostic:
    """The warning naming a file never opened: not a regular file, or a link leading outside the root."""
    text = WALK_WARNINGS[skipped.reason].format(detail=skipped.detail)
    severity = Severity.INFO if skipped.reason == "linked" else Severity.WARNING  # a link: nothing is lost
    return Diagnostic(severity, DiagnosticCode(skipped.reason), text, skipped.file)


def _template_note(rel: str) -> Diagnostic:
    """A template is no project to deploy: skipped, with its folder, and said so."""
    return Diagnostic(
        Severity.INFO,
        DiagnosticCode.TEMPLATE,
        "a project template (its name is a placeholder such as '${PROJECT}' or '{{ name }}'): skipped with its folder",
        rel,
    )


def _count_pulumi_files(tree: Tree) -> int:
    return sum(1 for names in tree.files.values() for n in names if PULUMI_FILE_RE.match(n))


def _read_project(root: Path, folder: str, cache: FileCache, names: list[str], given: _Answer | None = None) -> Project:
    """The project in `folder`; `given`: those the early worker read (the others are read here)."""
    path, rel = pj.project_file(root, folder, names)
    read = given.get(folder) if given is not None else None
    if read is not None:
        taken: Project = cache.take(rel, *read)
        return taken
    project: Project = cache.read(path, rel, "project", functools.partial(pj.read_project, root, folder, names=names))
    return project


def _project_files_read(
    root: Path, tree: Tree, folders: list[str], entries: bool
) -> dict[str, tuple[Project, bytes | None]]:
    """In the early worker: the project in each of `folders` (with its file-cache entry), by folder, up to the first
    that cannot be read here (a template, an error): that one, and those after it, are read by the scan itself."""
    out: dict[str, tuple[Project, bytes | None]] = {}
    for folder in folders:
        names = tree.files.get(folder, [])
        path, _ = pj.project_file(root, folder, names)
        try:
            read = fresh(path, "project", functools.partial(pj.read_project, root, folder, names=names), entries)
        except (StackgraphError, pj.TemplateProject):
            break
        if read is None:
            break
        out[folder] = read
    return out


SHARE = 0.5
"""The share of the stack files the early worker reads (the last ones), while this process reads the others."""


def _ask_for_stacks(
    early: Early, root: Path, tree: Tree, projects: list[Project], cache: FileCache
) -> frozenset[tuple[str, str]]:
    """Ask the early worker to read the last SHARE of the stack files (`_stack_files_read`) while this process reads
    the first ones, unless the file cache holds entries to reuse; the files asked for, by project folder and
    file (none: the worker is told there is no question)."""
    entries = cache.wants()
    listed: list[tuple[Project, str, str]] = []
    shared = shared_dirs.sharing(root, projects)
    if entries is not None:
        try:
            for project in projects:
                names = _stack_files(root, tree, project, shared)[0]
                listed.extend((project, name, rel) for name, rel in names)
        except InputError:
            pass  # a stack file name that is no stack name: `_read_stacks` says so, in its turn
    theirs = listed[len(listed) - int(len(listed) * SHARE) :]
    question = (_stack_files_read, (root, theirs, bool(entries))) if theirs else None
    if not early.worker.ask(question):
        return frozenset()
    return frozenset((project.path, rel) for project, _, rel in theirs)


class _Answer:
    """The files the early worker read (projects by folder, stacks by project folder and file), waited for when
    the first of those `asked` is needed (`Worker.answer`: None when the worker died; then all are read here)."""

    def __init__(self, answer: Callable[..., Any], asked: frozenset[Any]) -> None:
        self._answer: Callable[..., Any] | None = answer
        self.asked = asked
        self._read: Mapping[Any, Any] = {}

    def get(self, key: Any) -> Any:
        if key not in self.asked:
            return None
        if self._answer is not None:
            answer, self._answer = self._answer, None
            self._read = answer(_nothing_meanwhile) or {}
        return self._read.get(key)


def _nothing_meanwhile() -> bool:
    return False


def _stack_files_read(
    root: Path, listed: list[tuple[Project, str, str]], entries: bool
) -> dict[tuple[str, str], tuple[Stack, bytes | None]]:
    """In the early worker: each stack file of `listed` read (with its file-cache entry), by relative path, up
    to the first that cannot be read here: that one, and those after it, are read by the scan itself (which
    raises the error in its turn, in the order of a scan in one process). Keyed by project folder and file: two
    projects may share a `stackConfigDir`."""
    out: dict[tuple[str, str], tuple[Stack, bytes | None]] = {}
    for project, name, rel in listed:
        context = f"stack of {project.name} at {project.path}"
        try:
            read = fresh(root / rel, context, functools.partial(pj.read_stack, root, project, name, rel), entries)
        except (StackgraphError, pj.DeploymentSettings):
            break
        if read is None:
            break
        out[(project.path, rel)] = read
    return out


def _read_stacks(
    root: Path,
    tree: Tree,
    projects: list[Project],
    cache: FileCache,
    given: _Answer | None = None,
) -> tuple[list[Stack], list[Skipped], list[Skipped]]:
    """Every stack file of `projects`, in order, the files of their `stackConfigDir` folders never opened, and the
    files named like stack files that are a stack's deployment settings (sorted); `given`: those the early worker
    read (the others are read here)."""
    stacks: list[Stack] = []
    owner: dict[str, Stack] = {}
    twice: list[str] = []
    never_opened: list[Skipped] = []
    settings: dict[str, Skipped] = {}  # by file: a folder several projects read holds it once
    shared = shared_dirs.sharing(root, projects)
    for project in projects:
        context = f"stack of {project.name} at {project.path}"
        files, skipped = _stack_files(root, tree, project, shared)
        never_opened.extend(skipped)
        for name, rel in files:
            read = given.get((project.path, rel)) if given is not None else None
            try:
                if read is not None:
                    stack: Stack = cache.take(rel, *read)
                else:
                    parse = functools.partial(pj.read_stack, root, project, name, rel)
                    stack = cache.read(root / rel, rel, context, parse)
            except pj.DeploymentSettings:
                detail = f"written by `pulumi deployment settings` for stack '{name.removesuffix(pj.DEPLOY_SUFFIX)}'"
                settings[rel] = Skipped(rel, "deployment-settings", detail)
                continue
            first = owner.setdefault(stack.id, stack)
            if first is not stack:
                twice.append(pj.defined_twice(first, stack))
                continue
            stacks.append(stack)
    if twice:
        raise GraphError("\n".join(twice))
    return stacks, never_opened, sorted(settings.values())


def _stack_files(
    root: Path, tree: Tree, project: Project, shared: Mapping[str, Sequence[Project]]
) -> tuple[list[tuple[str, str]], list[Skipped]]:
    """The stack files of `project` (`(name, file)`, sorted), and those of its `stackConfigDir` that are never
    opened (links leading outside the root, FIFOs: walk.py `stack_folder`). The walk's listing serves a project
    without `stackConfigDir`; that folder is listed anew, since Pulumi reads it even when hidden or ignored.
    In a folder several projects read (`shared`), a file named for another of them is not this one's."""
    folder, ext = pj.stack_folder(root, project), pj.stack_ext(project)
    if folder is None:
        files, skipped = pj.stack_files(project.path, tree.files.get(project.path, []), ext), list[Skipped]()
    else:
        names, skipped = stack_folder(root, folder)
        files = pj.stack_files(folder, names, ext)
    sharers = shared.get(folder or project.path)
    if sharers:
        files = [(name, rel) for name, rel in files if shared_dirs.takes(project, name, sharers)]
    return files, skipped


def _explicit_edges(
    projects: list[Project], stacks: list[Stack], resolver: Resolver, hidden: Sequence[Skipped] = ()
) -> Iterable[RawEdge]:
    """The edges `stackgraph:dependsOn` declares; `hidden`: the project files the walk skipped, named when a
    declared stack is in no project read (it may be in one of them)."""
    by_name = {p.path: p for p in projects}
    for stack in stacks:
        declared = stack.depends_on
        if declared is None:
            declared = by_name[stack.project_path].depends_on
        for item in declared:
            yield _explicit_edge(stack, item, resolver, hidden)


def _explicit_edge(stack: Stack, item: Declared, resolver: Resolver, hidden: Sequence[Skipped] = ()) -> RawEdge:
    text = substitute(item.value, stack=stack.name, project=stack.project)
    target = parse_declared(text, project=stack.project)
    if target is None:
        raise InputError(
            f"'{pj.DEPENDS_ON}' entry {item.value!r} is not a stack name; write `project/stack` or `org/project/stack`",
            file=item.file,
            line=item.line,
        )
    evidence = Evidence(EdgeKind.EXPLICIT, item.file, item.line, f"{pj.DEPENDS_ON}: {item.value}")
    local = resolver.local_id(target)  # stackgraph's own declaration: `org:` decides, whatever the backend
    if local is not None and local in resolver.stacks:
        return stack.id, local, evidence
    if local is None and target.org is not None:
        return stack.id, resolver.external_id(target), evidence
    skipped = ""
    if hidden:  # the stack may be in a project the walk skipped: say which, or the user hunts a typo that is none
        shown = [f"{k.file} ({SKIP_REASONS.get(k.reason, k.reason)})" for k in sorted(hidden)[:3]]
        more = f" and {len(hidden) - 3} more" if len(hidden) > 3 else ""
        if len(hidden) == 1:
            skipped = f"; it may be in {shown[0]}, a project file the scan skipped"
        else:
            skipped = f"; it may be in one of the project files the scan skipped: {', '.join(shown)}{more}"
    raise GraphError(
        f"'{pj.DEPENDS_ON}' names '{text}', which is no stack in this repository"
        f"{resolver.suggest(local or text)}{skipped}; fix the name, or write `org/project/stack` "
        "for a stack outside the repository",
        file=item.file,
        line=item.line,
    )


def _start_early(root: Path, tree: Tree, first: Question | None) -> Early | None:
    """On a first scan of a large repository, start parsing program files in a second process right after the
    walk (inference/prefetch.py `start_early`), before the project files are read.

    Inference is imported here, not at the top, so that a scan without it (`--no-infer`) does not load
    the parsers; an error in it is not caught: a scan with fewer edges would be a wrong order with exit 0.
    """
    from stackgraph.inference.prefetch import start_early  # noqa: PLC0415 - the parsers load only when inference runs

    return start_early(root, tree, first)


def _prefetch(root: Path, tree: Tree, projects: list[Project], early: Early | None) -> Prefetch:
    """Start parsing program files (in a second process on a large cold repository, unless `early` does already)
    while stacks are read (see `_start_early` for why the import is here)."""
    from stackgraph.inference.prefetch import Prefetch  # noqa: PLC0415 - the parsers load only when inference runs

    return Prefetch(root, tree, projects, early=early)


def _infer(
    root: Path,
    tree: Tree,
    projects: list[Project],
    stacks: list[Stack],
    resolver: Resolver,
    settings: Settings,
    prefetch: Prefetch | None = None,
) -> InferResult:
    """Find StackReferences in program code (see `_prefetch` for why the import is here)."""
    from stackgraph.inference import infer  # noqa: PLC0415 - the parsers load only when inference runs

    return infer(root, tree, projects, stacks, resolver, settings, prefetch)


def _assemble(
    root: Path,
    projects: list[Project],
    stacks: list[Stack],
    raw: list[RawEdge],
    found: InferResult,
) -> Repo:
    ids = {s.id for s in stacks}
    grouped: dict[tuple[StackId, StackId], set[Evidence]] = defaultdict(set)
    for dependent, dependency, evidence in raw:
        grouped[(dependent, dependency)].add(evidence)
    edges = tuple(
        Edge(a, b, tuple(sorted({e.kind for e in ev})), tuple(sorted(ev))) for (a, b), ev in sorted(grouped.items())
    )
    others = {e.dependency for e in edges} - ids
    external = tuple(sorted(o for o in others if o not in found.dangling))
    dangling_ids = tuple(sorted(o for o in others if o in found.dangling))
    return Repo(
        root=str(root),
        projects=tuple(sorted(projects, key=lambda p: p.path)),
        stacks=tuple(sorted(stacks, key=lambda s: s.id)),
        edges=edges,
        external=external,
        dangling=dangling_ids,
        references=tuple(sorted(found.references, key=lambda r: (r.file, r.line, r.stack or ""))),
        diagnostics=tuple(sorted(set(found.diagnostics))),  # a file two projects read says it once
        skipped=tuple(sorted(found.skipped)),
        exports=tuple(sorted(found.exports, key=lambda x: x.project_path)),
        imports=tuple(sorted(found.imports)),
    )


def severity_counts(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    """Count diagnostics by severity."""
    counts: dict[Severity, int] = defaultdict(int)
    for d in diagnostics:
        counts[d.severity] += 1
    return dict(counts)
