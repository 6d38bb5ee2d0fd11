"""Pools in the ready queue: at most `limit` running stacks per pool; a stack waiting for a pool holds no slot."""

from __future__ import annotations

import random

import pytest

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import Status
from stackgraph.run.scheduler import Scheduler

S, F = Status.SUCCEEDED, Status.FAILED


def flat(*names: str) -> StackGraph:
    return StackGraph([StackId(n) for n in names], [])


def ids(*names: str) -> frozenset[StackId]:
    return frozenset(StackId(n) for n in names)


def test_a_full_pool_holds_its_stacks_back_and_the_next_ready_stacks_start() -> None:
    sched = Scheduler(
        flat("a/prod", "b/prod", "c/prod", "z/dev"), pools=[("acct", 1, ids("a/prod", "b/prod", "c/prod"))]
    )
    assert sched.take(4) == ["a/prod", "z/dev"]  # b and c wait; z, in no pool, takes the slot
    assert sched.ready() == []
    assert sched.waiting_for_pools() == {"b/prod": ["acct"], "c/prod": ["acct"]}
    sched.finish(StackId("a/prod"), S)
    assert sched.take(4) == ["b/prod"]
    sched.finish(StackId("b/prod"), F)  # a failure frees its place as a success does
    assert sched.take(4) == ["c/prod"]


def test_a_stack_in_two_pools_waits_for_room_in_both() -> None:
    pools = [("acct", 2, ids("a/x", "b/x", "c/x")), ("db", 1, ids("c/x", "d/x"))]
    sched = Scheduler(flat("a/x", "b/x", "c/x", "d/x"), pools=pools)
    assert sched.take(4) == ["a/x", "b/x", "d/x"]  # c: acct is full (a, b) and db is full (d)
    sched.finish(StackId("a/x"), S)
    assert sched.take(4) == []  # acct has room now, db still not
    sched.finish(StackId("d/x"), S)
    assert sched.take(4) == ["c/x"]


def test_a_stack_passed_over_frees_its_place_and_skips_do_not_count() -> None:
    g = StackGraph([StackId(n) for n in ("a/p", "b/p", "c/p")], [(StackId("c/p"), StackId("a/p"))])  # c needs a
    sched = Scheduler(g, pools=[("acct", 1, ids("a/p", "b/p", "c/p"))])
    assert sched.take(3) == ["a/p"]
    sched.pass_over(StackId("a/p"))  # --resume: it succeeded before
    assert sched.take(3) == ["b/p"]
    sched.finish(StackId("b/p"), S)
    assert sched.take(3) == ["c/p"]
    sched.finish(StackId("c/p"), F)
    assert sched.done


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="limit 0"):
        Scheduler(flat("a/x"), pools=[("acct", 0, ids("a/x"))])


@pytest.mark.parametrize("seed", range(20))
def test_random_graphs_and_pools_never_exceed_a_limit_and_always_finish(seed: int) -> None:
    rng = random.Random(seed)
    names = [StackId(f"p{i}/s") for i in range(rng.randint(3, 14))]
    edges = [(names[i], names[j]) for i in range(len(names)) for j in range(i) if rng.random() < 0.2]
    pools = [
        (f"pool{k}", rng.randint(1, 3), frozenset(rng.sample(names, rng.randint(1, len(names))))) for k in range(3)
    ]
    sched = Scheduler(StackGraph(names, edges), pools=pools, strategy=rng.choice(["eager", "waves"]))
    running: set[StackId] = set()
    width = rng.randint(1, 5)
    while not sched.done:
        running.update(sched.take(width - len(running)))
        for name, limit, members in pools:
            assert len(running & members) <= limit, (name, running)
        assert running, f"stalled: {sched.status}"
        done = rng.choice(sorted(running))
        running.discard(done)
        sched.finish(done, S if rng.random() < 0.85 else F)
