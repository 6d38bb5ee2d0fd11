"""Parse program files ahead of inference, in a second process on a large cold repository.

Two ways to start the worker, one way to finish:

- On a first scan of a root (no parse cache of it on disk, or the cache switched off), the scanner starts it
  right after the walk (`start_early`), before the project files are read: its jobs are the files of every
  project folder the walk alone tells are program code (not YAML programs, whose language depends on the
  project's runtime, nor the modules a .NET or Java build references: those are parsed on demand). The
  worker reads each file itself (the scan's one read of it), and parses it when it mentions a StackReference
  or may export an output; it sends the text back with the facts, and the parse-cache entry it encoded.
- Otherwise the scanner makes a `Prefetch` once the projects are read. It holds the `Sources` of every
  project; when enough files that mention a StackReference or may export an output are not in the
  parse cache, a worker forked then parses them (the texts read here) from the front of the job list.

The early worker also reads files for the scanner (discovery/scan.py): first the last half of the project
files (`start_early`'s `first`), then, asked once the projects are read, the last half of the stack files
(`Worker.ask`; this process parses from the back while it waits for the answer, `Prefetch.answer`).

Either way this process reads (its share of) the stack files meanwhile. In `finish` it first has inference read the
projects with nothing to wait for; the worker sends its facts as it goes (every CHUNK jobs) while this
process takes them, parses from the back whenever none is waiting, and has inference read each project
as soon as all its files are done, by either process: inference runs while the worker still parses.
Each job is claimed under a lock on a shared pair of indexes, so the split follows how fast each side
really is (a loaded core, a slow stack-file read) rather than a fixed share. Below PARALLEL_MIN such
files, on one core, without fork, or while other threads run, files are parsed on demand.

A text the worker read is taken only where this process has not read the same file already (then both
must be the same text, else the worker's facts are dropped and the file parsed here): every fact comes
from the text inference sees.

The worker gets its jobs and a pipe as arguments (inherited through fork, never pickled) and sends
back either its facts or the traceback of what went wrong in it: a crash of a front-end in the worker
is raised here as `WorkerCrash` (exit 3 with a crash log), never a scan with fewer edges. Only a
worker that could not run or died without a word (an OSError, a closed pipe) makes this process
parse its files itself.
"""

from __future__ import annotations

import functools
import posixpath
from collections import defaultdict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stackgraph.cache.fingerprint import ReadLog
from stackgraph.discovery.walk import Tree
from stackgraph.inference.cache import Cache, default_dir, encode
from stackgraph.inference.components import component_notes
from stackgraph.inference.exports import WORDS as EXPORT_WORDS
from stackgraph.inference.javabuild import JavaBuilds, Unfollowed
from stackgraph.inference.projectfiles import (
    DOTNET_PROJECTS,
    DOTNET_SOURCES,
    NotFollowed,
    Read,
    project_references,
    sources_under,
)
from stackgraph.inference.reach import program_folder
from stackgraph.inference.sources import MARKERS, Outside, Sources, code_language, finder, outside_files, read_program
from stackgraph.inference.targets import READ_RUNTIMES, Folders, local_notes, unread_runtime
from stackgraph.inference.worker import (
    Parsed,
    ParseJob,
    Question,
    Worker,
    can_fork,
)
from stackgraph.model import Project

PARALLEL_MIN = 200
"""Files to parse (not in the parse cache) from which a second process pays for itself."""


def parse_job(cache: Cache | None, job: ParseJob, *, root: Path = Path()) -> Parsed:
    """The worker's work on one job: read it if need be, parse it, and encode the facts for the parse cache."""
    text, problem, read, language = job.text, None, job.text is None, job.language
    if text is None:
        text, problem = read_program(root / job.file)
        if text is None or not _worth_parsing(language, text):
            return text, problem, None, "", None
    facts = finder(language)(text, job.file)
    if cache is None:
        return (text if read else None), None, facts, "", None
    try:
        entry: bytes | None = encode(facts)
    except TypeError:  # facts JSON cannot hold (inference/cache.py): parsed again next time
        entry = None
    return (text if read else None), None, facts, cache.key(job.file, language, text), entry


def _worth_parsing(language: str, text: str) -> bool:
    """Whether a file's facts will be asked for: it mentions a StackReference or may export an output
    (inference/exports.py); the others are parsed only on demand."""
    words = EXPORT_WORDS.get(language, ())
    return any(w in text for w in MARKERS) or any(w in text for w in words)


@dataclass(frozen=True)
class Early:
    """A worker started right after the walk, before the projects are read: it reads and parses the program files
    the walk alone tells (`files`, by job index), while this process reads project and stack files."""

    worker: Worker
    files: list[str]
    owned: dict[str, list[str]]
    """`Tree.files_by_project`, as computed for the jobs."""


def start_early(root: Path, tree: Tree, first: Question | None = None) -> Early | None:
    """Start the pre-parse worker on the program files of every project folder of `tree`, when there are enough
    of them and no parse cache of this root exists: a first scan (a fresh CI runner), or the cache switched off.
    `first`: a call it makes before it parses (its answer is the first `Worker.answer`).

    With a parse cache only the files it lacks are parsed: they are known once texts are read (`Prefetch`).
    The YAML programs (whose language depends on the project's runtime), and the files of other modules a .NET
    or Java build references, are parsed on demand. (Project files as YAML-program jobs were measured: 0.2 s more
    of the worker's CPU for 400 YAML programs of 2,000 projects, and no faster.)
    """
    if not can_fork():
        return None
    folder = default_dir()
    if folder is not None and Cache(folder, root).on_disk():
        return None
    owned = tree.files_by_project()
    jobs = [
        ParseJob(f, language, None)
        for path in tree.project_dirs
        for f in owned.get(path, [])
        if (language := code_language(f, path)) is not None
    ]
    if len(jobs) < PARALLEL_MIN:
        return None
    cache = Cache(folder, root) if folder is not None else None  # the worker's: keys and entries, never written
    try:
        worker = Worker(jobs, functools.partial(parse_job, cache, root=root), question=True, first=first)
    except (OSError, ValueError):
        return None  # no second process: parsed on demand instead
    return Early(worker, [j.file for j in jobs], owned)


def _build_notes(
    read: Read,
    project: Project,
    files: dict[str, list[str]],
    tree: Tree,
    folders: Folders,
    outside: Outside,
    java: JavaBuilds,
) -> tuple[list[str], Sequence[Unfollowed | NotFollowed]]:
    """The files of other folders a .NET or Java program compiles, and the targets of the project's files that are
    not followed (targets.py; a program of a runtime not read that mentions a StackReference). `files`: those of
    each project; `tree`: every file of the repository, folder by folder."""
    if project.runtime == "dotnet":  # `dotnet run` builds the project file of the `main` folder
        folder = _dotnet_folder(project, tree)
        extra, notes = project_references(read, folder, tree.files)
        if folder != project.path and not (folder + "/").startswith("" if project.path == "." else project.path + "/"):
            extra += sources_under(folder, tree.files)  # `main: ../app`: its sources are not the project's own
        return extra, notes
    if project.runtime == "java":
        return java.modules(project.path)
    own = files.get(project.path, [])
    notes = local_notes(read, project, own, folders, outside.pyprojects, outside.gomods)
    if project.runtime not in READ_RUNTIMES:  # `runtime: scala` (Besom), ...: said when it references
        notes = [*notes, *unread_runtime(read, project, own)]
    return [], notes


def _dotnet_folder(project: Project, tree: Tree) -> str:
    """The folder whose project file `dotnet run` builds: the one `main` names (or holds the project file it
    names), else the project's."""
    folder = program_folder(project)
    if folder.endswith(DOTNET_PROJECTS):
        folder = posixpath.dirname(folder) or "."
    return folder if folder in tree.files else project.path


def dotnet_uncompiled(project: Project, own: list[str], extra: list[str], tree: Tree) -> dict[str, str]:
    """The C#/F# files of a .NET project that `dotnet run` does not compile, and why: when `main` names a folder
    holding a project file (or names one), the SDK compiles the sources under that folder, those the project file
    includes (`<Compile Include>`) and its references (`extra`), not a stale Program.cs beside Pulumi.yaml."""
    folder = _dotnet_folder(project, tree)
    if project.runtime != "dotnet" or folder == project.path:
        return {}
    runs = sorted(n for n in tree.files.get(folder, []) if n.endswith(DOTNET_PROJECTS))
    if not runs:  # no project file there: which one `dotnet run` builds is not known, every file counts
        return {}
    named = posixpath.join(folder, runs[0]) if len(runs) == 1 else f"{folder}/"
    compiled = set(extra) if folder == "." else {*extra, *(f for f in own if f.startswith(folder + "/"))}
    why = (
        f"outside `main: {project.main}`: dotnet builds {named}, which compiles the files under {folder}/, those "
        "it includes and those of the projects it references, not this one"
    )
    return {f: why for f in own if f.endswith(DOTNET_SOURCES) and f not in compiled}


def held_program(project: Project, files: Mapping[str, list[str]]) -> list[str]:
    """The files of the folder `main` names that a project this one holds owns (`main: inner` beside
    `inner/Pulumi.yaml`): the runtime runs them as this project's program too, so they are read for both."""
    folder = program_folder(project)
    if folder == project.path:
        return []
    base = "" if project.path == "." else project.path + "/"
    if not folder.startswith(base) or folder.startswith("../") or folder == "..":
        return []  # a `main` out of the project's folder: said where the entry is looked for
    others = [f for path, owned in files.items() if path != project.path for f in owned]
    if folder in others:  # `main: inner/app.py`, `main: inner/index.ts`: the modules beside it too
        folder = posixpath.dirname(folder)
    inside = folder + "/"
    return [f for f in others if f.startswith(inside)] if folder != project.path else []


class Prefetch:
    """The program files of every project, and, on a large cold repository, a worker parsing them."""

    def __init__(
        self, root: Path, tree: Tree, projects: list[Project], *, parallel: bool = True, early: Early | None = None
    ) -> None:
        folder = default_dir()
        cache = Cache(folder, root) if folder is not None else None
        self.cache = cache
        files = dict(early.owned) if early is not None else tree.files_by_project()
        self.reads = ReadLog(root, tree.started_ns)
        """Every file read beside the programs, for the result cache (see `Sources.read_side`)."""
        outside = outside_files(root, tree, files, self.reads)
        self.unfollowed: dict[str, Sequence[Unfollowed | NotFollowed]] = {}
        """Per project: the modules of its build it depends on whose sources are not read (Java), the local targets
        of its project files that are not read (targets.py), and why."""
        self.folders = Folders(tree.files)
        read = self.reads.read_text
        java = JavaBuilds(read, tree.files)
        uncompiled: dict[str, dict[str, str]] = {}  # per project: a .NET source `dotnet run` does not compile, why
        for project in projects:  # a .NET or Java program compiles the modules its build files reference
            extra, self.unfollowed[project.path] = _build_notes(read, project, files, tree, self.folders, outside, java)
            uncompiled[project.path] = dotnet_uncompiled(project, files.get(project.path, []), extra, tree)
            extra = [*extra, *held_program(project, files)]
            components = component_notes(read, project, tree.files)  # `packages:` of the repository's code
            if components:
                self.unfollowed[project.path] = [*self.unfollowed[project.path], *components]
            if extra:
                files[project.path] = sorted(set(files.get(project.path, [])) | set(extra))
        self.outside = outside
        self.sources = {
            p.path: Sources(root, p, files.get(p.path, []), cache, outside, self.reads, uncompiled.get(p.path))
            for p in projects
        }
        self.worker: Worker | None = None
        self.jobs: list[tuple[Sources, str]] = []
        """The worker's jobs, by index: a project's sources and a file to parse (a worker started here)."""
        self.early: list[str] = []
        """The worker's jobs, by index, when it was started early (`start_early`): files it reads and parses."""
        self.here: list[int] = []
        """The jobs this process did before `finish` (waiting for `answer`)."""
        self.holders: dict[int, list[Sources]] = {}
        """The sources of the projects whose program an early job's file is (none: no project's, a template's)."""
        if early is not None:
            self.worker, self.early = early.worker, early.files
            index = {f: i for i, f in enumerate(early.files)}
            holders = defaultdict(list)
            for sources in self.sources.values():
                for f in sources.files:
                    if (i := index.get(f)) is not None:
                        holders[i].append(sources)
            self.holders = dict(holders)
            return
        if not parallel or not can_fork():
            return
        jobs = [(s, f) for s in self.sources.values() for f in s.files if _to_parse(s, f, cache)]
        if len(jobs) < PARALLEL_MIN:
            return
        work = [ParseJob(f, s.language[f], s.text(f) or "") for s, f in jobs]
        try:
            self.worker = Worker(work, functools.partial(parse_job, cache))  # the worker's own copy after fork
        except (OSError, ValueError):
            return  # no second process: parsed on demand instead
        self.jobs = jobs

    def finish(self, ready: Callable[[Project], None] | None = None) -> None:
        """Take the worker's facts as it sends them, parsing from the back whenever none is waiting.

        `ready(project)` is called for each project with nothing to wait for, and as soon as every file of a
        project to parse is parsed (here or by the worker), so that inference reads that project while the
        worker still parses others; the projects of a worker that died are read after this returns. Raises
        `WorkerCrash` when the worker raised; a worker that died without a word leaves its files to be parsed
        on demand.
        """
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.ask(None)  # nothing (more) to ask: the worker may end
        left: dict[str, int] = {}  # a project -> its jobs not done yet
        for sources in self._holders_of_jobs():
            left[sources.project.path] = left.get(sources.project.path, 0) + 1

        readable: deque[Project] = deque()  # projects whose files are all done, to read (`ready`) here

        def parsed(i: int) -> None:
            for sources in self.holders.get(i, ()) if self.early else (self.jobs[i][0],):
                path = sources.project.path
                left[path] -= 1
                if not left[path]:
                    readable.append(sources.project)

        readable.extend(s.project for s in self.sources.values() if not left.get(s.project.path))  # none to wait for
        for done in self.here:  # done while the worker answered a question
            parsed(done)
        try:
            worker.streaming()
            self._take_turns(worker, parsed, readable, ready)
        finally:
            worker.stop()

    def _take_turns(
        self,
        worker: Worker,
        parsed: Callable[[int], None],
        readable: deque[Project],
        ready: Callable[[Project], None] | None,
    ) -> None:
        """Until the worker sent its last: take what it sent (at once: the pipe must not stop it), else read one
        project that is ready, else parse a job from the back, else wait for the worker."""
        while True:
            while (sent := worker.next_facts(wait=False)) is not None:
                for index, done in sorted(sent.items()):
                    self._take(index, done)
                    parsed(index)
            if readable and ready is not None:
                ready(readable.popleft())
            elif (i := worker.claim(front=False)) is not None:
                self._parse_here(i)  # ahead: an error counts when inference asks for the facts
                parsed(i)
            elif (sent := worker.next_facts(wait=True)) is not None:
                for index, done in sorted(sent.items()):
                    self._take(index, done)
                    parsed(index)
            else:
                return

    def answer(self) -> Any:
        """The answer of the early worker to the question the scan asked it (`Worker.ask`), parsing files from the
        back while none came; None when the worker died without a word. Raises `WorkerCrash` when it raised."""
        if self.worker is None:
            return None
        return self.worker.answer(self._claim_here)

    def _claim_here(self) -> bool:
        """Claim a job from the back and do it here (before `finish`); False when none is left."""
        assert self.worker is not None
        i = self.worker.claim(front=False)
        if i is None:
            return False
        self._parse_here(i)
        self.here.append(i)
        return True

    def _holders_of_jobs(self) -> list[Sources]:
        """The sources each job is parsed for, one entry per job and project."""
        if self.early:
            return [s for i in range(len(self.early)) for s in self.holders.get(i, ())]
        return [s for s, _ in self.jobs]

    def _parse_here(self, i: int) -> None:
        """Do job `i` in this process (claimed from the back)."""
        if not self.early:
            sources, file = self.jobs[i]
            sources.parse(file)
            return
        file = self.early[i]
        for sources in self.holders.get(i, ()):
            if _to_parse(sources, file, self.cache):
                sources.parse(file)

    def _take(self, index: int, done: Parsed) -> None:
        """Keep what the worker sent of job `index`: the text it read, the facts for inference, the entry for the
        parse cache."""
        text, problem, found, key, entry = done
        taken = False
        if self.early:
            file = self.early[index]
            for sources in self.holders.get(index, ()):
                if sources.given(file, text, problem) and found is not None:  # else read here: parsed here
                    sources.parsed(file, found)
                    taken = True
        elif found is not None:
            sources, file = self.jobs[index]
            sources.parsed(file, found)
            taken = True
        if taken and self.cache is not None:
            self.cache.keep_encoded(key, entry)

    def save(self) -> None:
        """Write the parse cache: the facts of every program file parsed or read from it; never raises."""
        if self.cache is not None:
            self.cache.save()

    def close(self) -> None:
        """Stop the worker, if one still runs (the scan failed before `finish`)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def _to_parse(sources: Sources, file: str, cache: Cache | None) -> bool:
    """Whether the facts of `file` will be asked for (`_worth_parsing`) and are not in the parse cache."""
    text, language = sources.text(file), sources.language[file]
    if text is None or not _worth_parsing(language, text):
        return False
    return cache is None or not cache.has(file, language, text)
