"""The pre-parse worker: a forked process that parses jobs from the front of a list while the scanning process
claims them from the back, answers a question or two for it, and sends back what it made (see prefetch.py).

The worker gets its jobs and pipes as arguments (inherited through fork, never pickled) and sends back
either what it made or the traceback of what went wrong in it: a crash in the worker is raised in the
scanning process as `WorkerCrash` (exit 3 with a crash log), never a scan with fewer edges.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from stackgraph.inference import ir


class WorkerCrash(RuntimeError):
    """An exception in the pre-parse worker; the message holds the worker's traceback."""


@dataclass(frozen=True)
class ParseJob:
    """One file to parse: its path (relative to the root), language and text; None for a file the worker reads
    itself, and then parses only when it mentions a StackReference or may export an output (early, below)."""

    file: str
    language: str
    text: str | None


Parsed = tuple[str | None, str | None, ir.FileFacts | None, str, bytes | None]
"""What the worker made of a job: the text it read (None when the job gave it, or it could not be read), why
it could not be read, the facts (None when there was no need to parse), the file's parse-cache key, and the
facts as a parse-cache entry (None when JSON cannot hold them, or without a cache)."""
Parse = Callable[[ParseJob], Parsed]


Question = tuple[Callable[..., Any], tuple[Any, ...]]
"""A call the worker makes for this process: a module-level function (pickled by name) and its arguments."""


def can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and hasattr(os, "fork") and not _threads_running()


class Worker:
    """A forked process parsing `jobs` from the front while this process claims them from the back.

    Until `streaming` is called the worker keeps its facts (this process is reading stack files and would
    not read the pipe, whose buffer would stop the worker); then it sends what it has and, from then on,
    every CHUNK jobs, so that inference can read the projects those complete.
    """

    def __init__(
        self, jobs: list[ParseJob], parse: Parse, *, question: bool = False, first: Question | None = None
    ) -> None:
        """`question`: this process will ask the worker one question (`ask`), or say it has none (`ask(None)`),
        which the worker answers before its next job; it does not end before it was asked. `first`: a call the
        worker makes before its first job (its answer comes before the question's)."""
        context = multiprocessing.get_context("fork")
        self.claims: Any = context.Array("l", [0, len(jobs)])
        self.stream: Any = context.Value("b", 0)
        self._receive, send = context.Pipe(duplex=False)
        self._ask: Connection | None = None
        asked: Connection | None = None
        if question:
            asked, self._ask = context.Pipe(duplex=False)
        self.done = False
        target = functools.partial(_work, stream=self.stream, asked=asked, first=first)
        self.process = context.Process(target=target, args=(jobs, parse, self.claims, send), daemon=True)
        with _interrupts_held():  # Ctrl-C is this process's to handle: the worker ignores it from its first step
            self.process.start()  # forks now: the worker has the jobs, the parser and the pipes as they are
        send.close()
        if asked is not None:
            asked.close()

    def ask(self, question: Question | None) -> bool:
        """Ask the worker to call `function(*args)` (a module-level function: it is pickled by name) and send the
        result back (`answer`); None: no question. False when the worker cannot be asked (it is gone)."""
        if self._ask is None:
            return False
        try:
            self._ask.send(question)
            return question is not None
        except (OSError, ValueError):  # a broken pipe: the worker died
            return False
        finally:
            self._ask.close()
            self._ask = None

    def answer(self, meanwhile: Callable[[], bool]) -> Any:
        """The answer to the question asked, calling `meanwhile()` while none came (until it returns False: then
        it waits); None when the worker died without a word. Raises `WorkerCrash` when it raised."""
        while not self.done:
            if not self._receive.poll() and meanwhile():
                continue
            status, payload = self._message()
            if status == "answer":
                return payload
            if status != "gone":
                raise RuntimeError(f"the pre-parse worker sent {status!r} before its answer")  # never: facts come after
        return None

    def claim(self, *, front: bool) -> int | None:
        """Take the next job from the back (this process); None when none is left."""
        return claim(self.claims, front=front)

    def streaming(self) -> None:
        """Ask the worker to send its facts now and as it goes (this process reads the pipe from now on)."""
        self.stream.value = 1

    def next_facts(self, *, wait: bool) -> dict[int, Parsed] | None:
        """The next facts the worker sent, by job index; None when it has sent its last (or died without a
        word), or when none is waiting and `wait` is False. Raises `WorkerCrash` when it raised."""
        if self.done or (not wait and not self._receive.poll()):
            return None
        status, payload = self._message()
        if status != "facts":
            self.done = True  # "done", or "gone"
            return None
        facts: dict[int, Parsed] = payload
        return facts

    def _message(self) -> tuple[str, Any]:
        """The next message of the worker: ("facts" | "answer" | "done", payload), or ("gone", None) when it died
        without a word. Raises `WorkerCrash` when it raised."""
        try:
            status, payload = self._receive.recv()
        except (EOFError, OSError):
            self.done = True
            return "gone", None
        if status == "crash":
            self.done = True
            raise WorkerCrash(f"the pre-parse worker failed:\n{payload}")
        return status, payload

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self._receive.close()


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT back while the worker is forked: a Ctrl-C at that moment reaches this process just after (as a
    KeyboardInterrupt, as ever) and the worker never (it starts with SIGINT held, ignores it, then lets it in)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


CHUNK = 32
"""Jobs the worker parses between two sends once this process reads the pipe (a few milliseconds of work)."""


def _work(
    jobs: list[ParseJob],
    parse: Parse,
    claims: Any,
    send: Connection,
    *,
    stream: Any,
    asked: Connection | None,
    first: Question | None = None,
) -> None:
    """In the worker: answer `first`, then parse the jobs claimed from the front, answering the question `asked`
    as soon as it comes (and before the end); send the facts (all at once until `stream` is set, then every CHUNK
    jobs), then "done", or the traceback of a failure."""
    with contextlib.suppress(ValueError):  # forked from another thread than Python's main: SIGINT stays held
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the scanning process stops this one (`stop`)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork: now ignored
    try:
        if first is not None:
            function, args = first
            send.send(("answer", function(*args)))
        out = {}
        while (i := claim(claims, front=True)) is not None:
            if asked is not None and asked.poll():
                _answer(asked, send)
                asked = None
            out[i] = parse(jobs[i])
            if stream.value and len(out) >= CHUNK:
                send.send(("facts", out))
                out = {}
        if asked is not None:
            _answer(asked, send)  # waits for the question (or for None)
        send.send(("facts", out))
        message: tuple[str, object] = ("done", None)
    except Exception:  # every failure goes back to the scanning process, which raises it (Ctrl-C is its own)
        message = ("crash", traceback.format_exc())
    send.send(message)
    send.close()


def _answer(asked: Connection, send: Connection) -> None:
    """In the worker: read the one question and send its answer (nothing when there is none)."""
    try:
        question = asked.recv()
    except (EOFError, OSError):  # the scan asked nothing and went on (or ended)
        question = None
    asked.close()
    if question is not None:
        function, args = question
        send.send(("answer", function(*args)))


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
