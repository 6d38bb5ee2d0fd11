"""The ready queue: which stacks may start now, and what a finished stack means for the others.

Pure bookkeeping, no threads and no I/O: the executor asks `take(n)` for the next stacks
to start and reports each outcome with `finish`. The graph comes already oriented (for
destroy the caller passes the reversed graph): a stack may start once every stack it
depends on has SUCCEEDED.

Policy, in one place:
- eager (default): a stack is ready as soon as its own dependencies succeeded;
  `waves`: only the stacks of the current level are ready, and the next level opens
  when every stack of this one has ended (a barrier).
- among ready stacks the one with the longest remaining path (by weight) goes first;
  ties break by id, so the order never depends on timing of equal stacks.
- pools (`stackgraph.yaml`, config.Pool): a ready stack of a pool whose `limit` stacks are running
  waits, without holding a slot of the parallelism, and the next ready stack goes first; it starts
  when a stack of that pool ends. A stack may be in several pools: it waits for room in each.
- a stack that did not succeed (FAILED or CANCELLED) makes every stack downstream
  SKIPPED, with `cause` the root failure (the first one to reach it).
- a stack passed over (`--resume`: it succeeded before) ends SKIPPED, and counts as succeeded
  for its dependents.
- fail-fast and `stop()` turn every PENDING stack into NOT_STARTED; running stacks
  are left to finish (the executor decides whether to signal them).
- a terminal status never changes; a stack is handed out by `take` at most once, so
  two operations never run on one stack.
Not thread-safe: the executor calls it from one thread.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import Status

STRATEGIES = ("eager", "waves")


@dataclass(frozen=True)
class Change:
    """A status change the scheduler made on its own (a skip or a stack that will not start)."""

    id: StackId
    status: Status
    cause: StackId | None = None


class Scheduler:
    """The ready queue over one oriented graph."""

    def __init__(
        self,
        graph: StackGraph,
        *,
        strategy: str = "eager",
        fail_fast: bool = False,
        weights: Mapping[StackId, float] | None = None,
        pools: Iterable[tuple[str, int, Iterable[StackId]]] = (),
    ) -> None:
        """Raises ValueError for an unknown strategy, a pool limit below 1 or a graph with a cycle."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}; choose {' or '.join(STRATEGIES)}")
        self._graph = graph
        self._fail_fast = fail_fast
        self._priority = graph.remaining_path_lengths(weights)
        levels = graph.levels()
        self._gate_of = {s: (i if strategy == "waves" else 0) for i, level in enumerate(levels) for s in level}
        self._open = [0] * max(len(levels), 1)  # non-terminal stacks per gate
        for gate in self._gate_of.values():
            self._open[gate] += 1
        self._gate = 0
        self.status: dict[StackId, Status] = dict.fromkeys(graph.nodes, Status.PENDING)
        self._left = len(self.status)  # stacks without a terminal status
        self.cause: dict[StackId, StackId | None] = dict.fromkeys(graph.nodes)
        self._waiting = {s: len(graph.dependencies(s)) for s in graph.nodes}
        self._heaps: dict[int, list[tuple[float, StackId]]] = {}
        self.stopped = False
        self._limit: dict[str, int] = {}
        self._pools_of: dict[StackId, list[str]] = {}
        for name, limit, members in pools:
            if limit < 1:
                raise ValueError(f"pool {name!r}: limit {limit} is below 1")
            self._limit[name] = limit
            for sid in members:
                if sid in self.status:
                    self._pools_of.setdefault(sid, []).append(name)
        self._busy = dict.fromkeys(self._limit, 0)  # running stacks per pool
        for s in graph.nodes:
            if self._waiting[s] == 0:
                self._push(s)

    @property
    def done(self) -> bool:
        """True when every stack has a terminal status."""
        return self._left == 0

    @property
    def running(self) -> list[StackId]:
        return sorted(s for s, st in self.status.items() if st is Status.RUNNING)

    def ready(self) -> list[StackId]:
        """Return the stacks that may start now, best first (does not take them; a stack waiting for room in
        a pool is not ready)."""
        return [s for _, s in sorted(self._heaps.get(self._gate, [])) if self._room(s)]

    def waiting_for_pools(self) -> dict[StackId, list[str]]:
        """The stacks whose dependencies are done that wait for room in a pool, with the full pools."""
        heap = self._heaps.get(self._gate, [])
        return {
            s: [p for p in self._pools_of.get(s, ()) if self._busy[p] >= self._limit[p]]
            for _, s in sorted(heap)
            if not self._room(s)
        }

    def take(self, n: int) -> list[StackId]:
        """Mark up to `n` ready stacks RUNNING and return them, best first (a stack whose pool is full stays)."""
        heap = self._heaps.get(self._gate, [])
        out: list[StackId] = []
        held: list[tuple[float, StackId]] = []
        while heap and len(out) < n:
            item = heapq.heappop(heap)
            s = item[1]
            if not self._room(s):
                held.append(item)
                continue
            self.status[s] = Status.RUNNING
            for pool in self._pools_of.get(s, ()):
                self._busy[pool] += 1
            out.append(s)
        for item in held:
            heapq.heappush(heap, item)
        return out

    def _room(self, sid: StackId) -> bool:
        return all(self._busy[p] < self._limit[p] for p in self._pools_of.get(sid, ()))

    def finish(self, sid: StackId, status: Status) -> list[Change]:
        """Record the end of a RUNNING stack; return the skips and non-starts it caused.

        Raises ValueError if `sid` is not running or `status` is not terminal.
        """
        if self.status.get(sid) is not Status.RUNNING:
            raise ValueError(f"{sid} is not running")
        if not status.terminal or status in (Status.SKIPPED, Status.NOT_STARTED):
            raise ValueError(f"{status.value} is not an outcome of a run")
        self._set(sid, status)
        if status is Status.SUCCEEDED:
            self._release(sid)
            changes: list[Change] = []
        else:
            changes = self._skip_downstream(sid)
            if self._fail_fast:
                changes += self.stop()
        self._advance()
        return changes

    def pass_over(self, sid: StackId) -> None:
        """Record that a RUNNING stack was passed over without running (`--resume`: it succeeded in an
        earlier run): it ends SKIPPED and its dependents go on as if it had succeeded.

        Raises ValueError if `sid` is not running.
        """
        if self.status.get(sid) is not Status.RUNNING:
            raise ValueError(f"{sid} is not running")
        self._set(sid, Status.SKIPPED)
        self._release(sid)
        self._advance()

    def _release(self, sid: StackId) -> None:
        for dep in self._graph.dependents(sid):
            self._waiting[dep] -= 1
            if self._waiting[dep] == 0 and self.status[dep] is Status.PENDING:
                self._push(dep)

    def stop(self) -> list[Change]:
        """Stop scheduling: every PENDING stack becomes NOT_STARTED. Idempotent."""
        self.stopped = True
        self._heaps.clear()
        changes = []
        for s in sorted(self.status):
            if self.status[s] is Status.PENDING:
                self._set(s, Status.NOT_STARTED)
                changes.append(Change(s, Status.NOT_STARTED))
        return changes

    def _skip_downstream(self, root: StackId) -> list[Change]:
        changes = []
        for s in sorted(self._graph.descendants(root)):
            if self.status[s] is Status.PENDING:
                self._set(s, Status.SKIPPED)
                self.cause[s] = root
                changes.append(Change(s, Status.SKIPPED, root))
        if changes:
            skipped = {c.id for c in changes}
            for gate, heap in list(self._heaps.items()):
                self._heaps[gate] = [item for item in heap if item[1] not in skipped]
                heapq.heapify(self._heaps[gate])
        return changes

    def _set(self, sid: StackId, status: Status) -> None:
        if status.terminal and self.status[sid] is Status.RUNNING:
            for pool in self._pools_of.get(sid, ()):
                self._busy[pool] -= 1
        if status.terminal:
            self._open[self._gate_of[sid]] -= 1
            self._left -= 1
        self.status[sid] = status

    def _push(self, sid: StackId) -> None:
        heap = self._heaps.setdefault(self._gate_of[sid], [])
        heapq.heappush(heap, (-self._priority[sid], sid))

    def _advance(self) -> None:
        """Open the next wave once every stack of the current one has ended."""
        while self._gate < len(self._open) - 1 and self._open[self._gate] == 0:
            self._gate += 1
