"""Parse program files ahead of inference, in a second process on a large cold repository.

The scanner starts a `Prefetch` once the projects are read. It holds the `Sources` of every
project; when enough files that mention a StackReference or may export an output are not in the
parse cache, a forked
worker parses them from the front of the job list while this process reads the stack files, and
`finish` then parses from the back until the two meet and takes the worker's facts. Each job is
claimed under a lock on a shared pair of indexes, so the split follows how fast each side really
is (a loaded core, a slow stack-file read) rather than a fixed share. Below PARALLEL_MIN such
files, on one core, without fork, or while other threads run, files are parsed on demand.

The worker gets its jobs and a pipe as arguments (inherited through fork, never pickled) and sends
back either its facts or the traceback of what went wrong in it: a crash of a front-end in the worker
is raised here as `WorkerCrash` (exit 3 with a crash log), never a scan with fewer edges. Only a
worker that could not run or died without a word (an OSError, a closed pipe) makes this process
parse its files itself.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from stackgraph.cache.fingerprint import ReadLog
from stackgraph.discovery.walk import Tree
from stackgraph.inference import ir
from stackgraph.inference.cache import Cache, default_dir
from stackgraph.inference.exports import WORDS as EXPORT_WORDS
from stackgraph.inference.javabuild import JavaBuilds, Unfollowed
from stackgraph.inference.projectfiles import NotFollowed, project_references
from stackgraph.inference.sources import MARKERS, Sources, finder, outside_files
from stackgraph.inference.targets import Folders, local_notes
from stackgraph.model import Project

PARALLEL_MIN = 200
"""Files to parse (not in the parse cache) from which a second process pays for itself."""


class WorkerCrash(RuntimeError):
    """An exception in the pre-parse worker; the message holds the worker's traceback."""


@dataclass(frozen=True)
class ParseJob:
    """One file to parse: its path (relative to the root), language and text."""

    file: str
    language: str
    text: str


Parse = Callable[[ParseJob], ir.FileFacts]


def parse_job(cache: Cache | None, job: ParseJob) -> ir.FileFacts:
    """The facts of one job, through the parse cache when there is one (which is then written)."""
    if cache is not None:  # kept by the scanning process, which writes the cache (`Prefetch.save`)
        return cache.facts(job.file, job.language, job.text, finder, keep=False)
    return finder(job.language)(job.text, job.file)


class Prefetch:
    """The program files of every project, and, on a large cold repository, a worker parsing them."""

    def __init__(self, root: Path, tree: Tree, projects: list[Project], *, parallel: bool = True) -> None:
        folder = default_dir()
        cache = Cache(folder, root) if folder is not None else None
        self.cache = cache
        files = tree.files_by_project()
        self.reads = ReadLog(root, tree.started_ns)
        """Every file read beside the programs, for the result cache (see `Sources.read_side`)."""
        outside = outside_files(root, tree, files, self.reads)
        self.unfollowed: dict[str, Sequence[Unfollowed | NotFollowed]] = {}
        """Per project: the modules of its build it depends on whose sources are not read (Java), the local targets
        of its project files that are not read (targets.py), and why."""
        self.folders = Folders(tree.files)
        read = self.reads.read_text
        java = JavaBuilds(read, tree.files)
        for project in projects:  # a .NET or Java program compiles the modules its build files reference
            extra: list[str] = []
            if project.runtime == "dotnet":
                extra, self.unfollowed[project.path] = project_references(read, project.path, tree.files)
            elif project.runtime == "java":
                extra, self.unfollowed[project.path] = java.modules(project.path)
            else:
                own = files.get(project.path, [])
                self.unfollowed[project.path] = local_notes(read, project, own, self.folders)
            if extra:
                files[project.path] = sorted(set(files.get(project.path, [])) | set(extra))
        self.outside = outside
        self.sources = {p.path: Sources(root, p, files.get(p.path, []), cache, outside, self.reads) for p in projects}
        self.worker: Worker | None = None
        self.jobs: list[tuple[Sources, str]] = []
        if not parallel or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork") or _threads_running():
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
        """Parse this process's share, then take the worker's facts.

        `ready(project)` is called as soon as this process has parsed every file of `project` it was to
        parse (its jobs are the last of the list, taken from the back), so that inference reads that
        project while the worker is still parsing; other projects are read after this returns.
        Raises `WorkerCrash` when the worker raised; a worker that died without a word leaves its files
        to be parsed on demand.
        """
        worker, self.worker = self.worker, None
        if worker is None:
            return
        first: dict[str, int] = {}  # a project -> the index of its first job (its jobs are consecutive)
        for index in range(len(self.jobs) - 1, -1, -1):
            first[self.jobs[index][0].project.path] = index
        try:
            while (i := worker.claim(front=False)) is not None:
                sources, file = self.jobs[i]
                sources.parse(file)  # ahead: an error counts when inference asks for the facts
                if ready is not None and first[sources.project.path] == i:
                    ready(sources.project)  # every job of it was taken from the back: all parsed here
            for i, facts in worker.results().items():
                sources, file = self.jobs[i]
                sources.parsed(file, facts)
                if self.cache is not None:
                    self.cache.remember(file, sources.language[file], sources.text(file) or "", facts)
        finally:
            worker.stop()

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
    """Whether `file` mentions a StackReference or may export an output (then its facts are asked for,
    inference/exports.py), and is not in the parse cache."""
    words = EXPORT_WORDS.get(sources.language[file], ())
    if not (sources.mentions(file, MARKERS) or (words and sources.mentions(file, words))):
        return False
    return cache is None or not cache.has(file, sources.language[file], sources.text(file) or "")


class Worker:
    """A forked process parsing `jobs` from the front while this process claims them from the back."""

    def __init__(self, jobs: list[ParseJob], parse: Parse) -> None:
        context = multiprocessing.get_context("fork")
        self.claims: Any = context.Array("l", [0, len(jobs)])
        self._receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_work, args=(jobs, parse, self.claims, send), daemon=True)
        self.process.start()  # forks now: the worker has the jobs, the parser and the pipe as they are
        send.close()

    def claim(self, *, front: bool) -> int | None:
        """Take the next job from the back (this process); None when none is left."""
        return claim(self.claims, front=front)

    def results(self) -> dict[int, ir.FileFacts]:
        """The facts the worker parsed, by job index; raises `WorkerCrash` when it raised ({} if it died)."""
        try:
            status, payload = self._receive.recv()
        except (EOFError, OSError):
            return {}
        if status == "crash":
            raise WorkerCrash(f"the pre-parse worker failed:\n{payload}")
        facts: dict[int, ir.FileFacts] = payload
        return facts

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self._receive.close()


def _work(jobs: list[ParseJob], parse: Parse, claims: Any, send: Connection) -> None:
    """In the worker: parse the jobs claimed from the front; send the facts, or the traceback of a failure."""
    try:
        out = {}
        while (i := claim(claims, front=True)) is not None:
            out[i] = parse(jobs[i])
        message: tuple[str, object] = ("facts", out)
    except Exception:  # every failure goes back to the scanning process, which raises it (Ctrl-C is its own)
        message = ("crash", traceback.format_exc())
    send.send(message)
    send.close()


def claim(claims: Any, *, front: bool) -> int | None:
    """Take the next job from the front (the worker) or the back (this process); None when none is left."""
    with claims.get_lock():
        if claims[0] >= claims[1]:
            return None
        if front:
            claims[0] += 1
            return int(claims[0] - 1)
        claims[1] -= 1
        return int(claims[1])


def _threads_running() -> bool:
    """Whether other threads run: forking then may copy a lock some thread holds (never fork then)."""
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1
