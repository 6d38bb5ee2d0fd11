"""Run inference's per-project work in two processes on a large cold repository.

Once the stack files are read and the programs parsed, inference reads each project on its own: the
sites of its files, the values they name for each stack, the outputs it exports. `Split.run` forks a
child that takes projects from the front of the list while this process takes them from the back
(each claimed under a lock on a shared pair of indexes, as the pre-parse worker does: prefetch.py),
and then takes the child's results. The caller merges every project's result in project order, so the
scan is the same as when one process reads them all, byte for byte.

What the child learns beyond its results comes back with them (`Split.extra`): the files it read
beside the programs (the result cache is keyed on them), the problems of files outside every
project, and the facts it parsed for the parse cache. A failure in the child is raised here as
`WorkerCrash` (exit 3 with a crash log); a child that could not start or died without a word leaves
its projects to this process. Below SPLIT_MIN projects, on one core, without fork, or while other
threads run, every project is read here.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from stackgraph.inference.prefetch import WorkerCrash, claim, threads_running

SPLIT_MIN = 200
"""Projects from which a second process pays for itself (a fork and its results sent back: ~0.05 s)."""

T = TypeVar("T")


class Split(Generic[T]):
    """`one(i)` for every `i < n`, in this process and, on a large repository, in a forked child.

    `extra()` is called in the child once its share is done; what it returns comes back as `extra`
    (None when no child ran, or it died without a word).
    """

    def __init__(self, n: int, one: Callable[[int], T], extra: Callable[[], Any]) -> None:
        self.n = n
        self.one = one
        self.make_extra = extra
        self.extra: Any = None

    def run(self, *, parallel: bool = True) -> list[T]:
        """The result of every index, in order."""
        child = self._start() if parallel and _can_fork(self.n) else None
        if child is None:
            return [self.one(i) for i in range(self.n)]
        claims, receive, process = child
        done: dict[int, T] = {}
        try:
            while (i := claim(claims, front=False)) is not None:
                done[i] = self.one(i)
            theirs, self.extra = _receive(receive)
        finally:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
        done.update(theirs)
        return [done[i] if i in done else self.one(i) for i in range(self.n)]  # a silent death: redone here

    def _start(self) -> tuple[Any, Connection, Any] | None:
        context = multiprocessing.get_context("fork")
        claims: Any = context.Array("l", [0, self.n])
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=self._child, args=(claims, send), daemon=True)
        try:
            process.start()  # forks now: the child has everything this process read so far
        except (OSError, ValueError):
            receive.close()
            send.close()
            return None
        send.close()
        return claims, receive, process

    def _child(self, claims: Any, send: Connection) -> None:
        try:
            out = {}
            while (i := claim(claims, front=True)) is not None:
                out[i] = self.one(i)
            message: tuple[str, object] = ("done", (out, self.make_extra()))
        except Exception:  # every failure goes back to the parent, which raises it (Ctrl-C is its own)
            message = ("crash", traceback.format_exc())
        send.send(message)
        send.close()


def _receive(receive: Connection) -> tuple[dict[int, Any], Any]:
    try:
        status, payload = receive.recv()
    except (EOFError, OSError):
        return {}, None
    if status == "crash":
        raise WorkerCrash(f"the inference worker failed:\n{payload}")
    out, extra = payload
    return out, extra


def _can_fork(n: int) -> bool:
    return n >= SPLIT_MIN and (os.cpu_count() or 1) >= 2 and hasattr(os, "fork") and not threads_running()
