"""Parse program files ahead of inference, in a second process on a large cold repository.

The scanner starts a `Prefetch` once the projects are read. It holds the `Sources` of every
project; when enough files that mention a StackReference or may export an output are not in the
parse cache, a forked
worker parses them from the front of the job list while this process reads the stack files. In
`finish` the worker sends its facts as it goes (every CHUNK jobs) while this process takes them,
parses from the back whenever none is waiting, and has inference read each project as soon as all
its files are parsed, by either process: inference runs while the worker still parses. Each job is
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
        """Take the worker's facts as it sends them, parsing from the back whenever none is waiting.

        `ready(project)` is called as soon as every file of `project` to parse is parsed (here or by the
        worker), so that inference reads that project while the worker still parses others; projects with
        nothing to parse, and those of a worker that died, are read after this returns. Raises `WorkerCrash`
        when the worker raised; a worker that died without a word leaves its files to be parsed on demand.
        """
        worker, self.worker = self.worker, None
        if worker is None:
            return
        left: dict[str, int] = {}  # a project -> its jobs not parsed yet
        for sources, _ in self.jobs:
            left[sources.project.path] = left.get(sources.project.path, 0) + 1

        def parsed(i: int) -> None:
            project = self.jobs[i][0].project
            left[project.path] -= 1
            if not left[project.path] and ready is not None:
                ready(project)

        try:
            worker.streaming()
            self._take_sent(worker, parsed, wait=False)
            while (i := worker.claim(front=False)) is not None:
                sources, file = self.jobs[i]
                sources.parse(file)  # ahead: an error counts when inference asks for the facts
                parsed(i)
                self._take_sent(worker, parsed, wait=False)  # reading a project beats parsing another here
            self._take_sent(worker, parsed, wait=True)
        finally:
            worker.stop()

    def _take_sent(self, worker: Worker, parsed: Callable[[int], None], *, wait: bool) -> None:
        """Keep the facts the worker sent (for inference and the parse cache), and call `parsed` for each of
        their jobs; `wait`: until its last, else only those waiting in the pipe."""
        while (facts := worker.next_facts(wait=wait)) is not None:
            for index, found in sorted(facts.items()):
                sources, file = self.jobs[index]
                sources.parsed(file, found)
                if self.cache is not None:
                    self.cache.remember(file, sources.language[file], sources.text(file) or "", found)
                parsed(index)

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
    """A forked process parsing `jobs` from the front while this process claims them from the back.

    Until `streaming` is called the worker keeps its facts (this process is reading stack files and would
    not read the pipe, whose buffer would stop the worker); then it sends what it has and, from then on,
    every CHUNK jobs, so that inference can read the projects those complete.
    """

    def __init__(self, jobs: list[ParseJob], parse: Parse) -> None:
        context = multiprocessing.get_context("fork")
        self.claims: Any = context.Array("l", [0, len(jobs)])
        self.stream: Any = context.Value("b", 0)
        self._receive, send = context.Pipe(duplex=False)
        self.done = False
        target = functools.partial(_work, stream=self.stream)
        self.process = context.Process(target=target, args=(jobs, parse, self.claims, send), daemon=True)
        self.process.start()  # forks now: the worker has the jobs, the parser and the pipe as they are
        send.close()

    def claim(self, *, front: bool) -> int | None:
        """Take the next job from the back (this process); None when none is left."""
        return claim(self.claims, front=front)

    def streaming(self) -> None:
        """Ask the worker to send its facts now and as it goes (this process reads the pipe from now on)."""
        self.stream.value = 1

    def next_facts(self, *, wait: bool) -> dict[int, ir.FileFacts] | None:
        """The next facts the worker sent, by job index; None when it has sent its last (or died without a
        word), or when none is waiting and `wait` is False. Raises `WorkerCrash` when it raised."""
        if self.done or (not wait and not self._receive.poll()):
            return None
        try:
            status, payload = self._receive.recv()
        except (EOFError, OSError):
            self.done = True
            return None
        if status == "crash":
            self.done = True
            raise WorkerCrash(f"the pre-parse worker failed:\n{payload}")
        if status == "done":
            self.done = True
            return None
        facts: dict[int, ir.FileFacts] = payload
        return facts

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self._receive.close()


CHUNK = 32
"""Jobs the worker parses between two sends once this process reads the pipe (a few milliseconds of work)."""


def _work(jobs: list[ParseJob], parse: Parse, claims: Any, send: Connection, *, stream: Any) -> None:
    """In the worker: parse the jobs claimed from the front; send the facts (all at once until `stream` is
    set, then every CHUNK jobs), then "done", or the traceback of a failure."""
    try:
        out = {}
        while (i := claim(claims, front=True)) is not None:
            out[i] = parse(jobs[i])
            if stream.value and len(out) >= CHUNK:
                send.send(("facts", out))
                out = {}
        send.send(("facts", out))
        message: tuple[str, object] = ("done", None)
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
