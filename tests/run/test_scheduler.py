"""The ready queue: order, priority, waves, failure propagation, fail-fast, terminal statuses."""

from __future__ import annotations

import random

import pytest

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import Status
from stackgraph.run.scheduler import Change, Scheduler

S, F, C = Status.SUCCEEDED, Status.FAILED, Status.CANCELLED

# A diamond (net -> db, cluster -> api) beside an independent chain (dns -> cdn), and a long tail on cluster.
EDGES = {
    "net/dev": [],
    "db/dev": ["net/dev"],
    "cluster/dev": ["net/dev"],
    "api/dev": ["db/dev", "cluster/dev"],
    "web/dev": ["cluster/dev"],
    "mon/dev": ["web/dev"],
    "dns/dev": [],
    "cdn/dev": ["dns/dev"],
}


def graph(edges: dict[str, list[str]] = EDGES, seed: int | None = None) -> StackGraph:
    pairs = [(StackId(a), StackId(b)) for a, deps in edges.items() for b in deps]
    nodes = [StackId(n) for n in edges]
    if seed is not None:
        random.Random(seed).shuffle(pairs)
        random.Random(seed).shuffle(nodes)
    return StackGraph(nodes, pairs)


def drain(sched: Scheduler, outcome: dict[str, Status] | None = None, width: int = 1) -> list[str]:
    """Run to the end, `width` at a time, finishing in the order taken; return the start order."""
    order: list[str] = []
    while not sched.done:
        batch = sched.take(width)
        assert batch, f"stalled: {sched.status}"
        for sid in batch:
            order.append(sid)
            sched.finish(sid, (outcome or {}).get(sid, S))
    return order


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_longest_remaining_path_first_then_id_whatever_the_insertion_order(seed: int | None) -> None:
    sched = Scheduler(graph(seed=seed))
    # net heads the longest chain (net, cluster, web, mon = 4); dns's chain is 2.
    assert sched.ready() == ["net/dev", "dns/dev"]
    assert drain(sched) == ["net/dev", "cluster/dev", "db/dev", "dns/dev", "web/dev", "api/dev", "cdn/dev", "mon/dev"]


def test_weights_change_the_priority() -> None:
    sched = Scheduler(graph(), weights={"dns/dev": 10.0, "cdn/dev": 10.0})
    assert sched.take(1) == ["dns/dev"]


def test_eager_a_stack_is_ready_when_its_own_dependencies_succeeded() -> None:
    sched = Scheduler(graph())
    assert sched.take(2) == ["net/dev", "dns/dev"]
    sched.finish(StackId("dns/dev"), S)
    # cdn/dev is ready although net/dev (same level as dns/dev) still runs.
    assert sched.ready() == ["cdn/dev"]


def test_waves_open_the_next_level_only_when_the_current_one_ended() -> None:
    sched = Scheduler(graph(), strategy="waves")
    assert sched.take(5) == ["net/dev", "dns/dev"]
    sched.finish(StackId("dns/dev"), S)
    assert sched.ready() == []
    sched.finish(StackId("net/dev"), S)
    assert sched.ready() == ["cluster/dev", "db/dev", "cdn/dev"]


def test_waves_a_failure_skips_downstream_and_the_next_wave_still_opens() -> None:
    sched = Scheduler(graph(), strategy="waves")
    sched.take(2)
    sched.finish(StackId("net/dev"), F)
    sched.finish(StackId("dns/dev"), S)
    assert sched.ready() == ["cdn/dev"]


def test_a_failure_skips_every_stack_downstream_with_the_root_cause() -> None:
    sched = Scheduler(graph())
    order = drain(sched, {"cluster/dev": F})
    assert sched.status == {
        "net/dev": S,
        "db/dev": S,
        "cluster/dev": F,
        "api/dev": Status.SKIPPED,
        "web/dev": Status.SKIPPED,
        "mon/dev": Status.SKIPPED,
        "dns/dev": S,
        "cdn/dev": S,
    }
    assert {s: sched.cause[s] for s in ("api/dev", "web/dev", "mon/dev")} == dict.fromkeys(
        ("api/dev", "web/dev", "mon/dev"), "cluster/dev"
    )
    assert "api/dev" not in order


def test_finish_reports_the_skips_it_caused() -> None:
    sched = Scheduler(graph())
    sched.take(1)
    changes = sched.finish(StackId("net/dev"), C)
    assert changes == [
        Change(StackId(s), Status.SKIPPED, StackId("net/dev"))
        for s in ("api/dev", "cluster/dev", "db/dev", "mon/dev", "web/dev")
    ]


def test_a_skipped_stack_keeps_its_first_cause() -> None:
    sched = Scheduler(graph())
    sched.take(1)
    sched.finish(StackId("net/dev"), S)
    assert sched.take(2) == ["cluster/dev", "db/dev"]
    sched.finish(StackId("db/dev"), F)
    assert sched.cause["api/dev"] == "db/dev"
    sched.finish(StackId("cluster/dev"), F)
    assert sched.cause["api/dev"] == "db/dev"
    assert sched.cause["web/dev"] == "cluster/dev"


def test_fail_fast_stops_scheduling_and_lets_running_stacks_finish() -> None:
    sched = Scheduler(graph(), fail_fast=True)
    assert sched.take(2) == ["net/dev", "dns/dev"]
    changes = sched.finish(StackId("dns/dev"), F)
    assert changes == [Change(StackId("cdn/dev"), Status.SKIPPED, StackId("dns/dev"))] + [
        Change(StackId(s), Status.NOT_STARTED) for s in ("api/dev", "cluster/dev", "db/dev", "mon/dev", "web/dev")
    ]
    assert sched.status["net/dev"] is Status.RUNNING
    assert not sched.done
    assert sched.take(4) == []
    sched.finish(StackId("net/dev"), S)
    assert sched.done
    assert sched.status["cluster/dev"] is Status.NOT_STARTED


def test_stop_leaves_running_stacks_running_and_nothing_new_starts() -> None:
    sched = Scheduler(graph())
    sched.take(1)
    sched.stop()
    assert sched.running == ["net/dev"]
    assert sched.take(10) == []
    sched.finish(StackId("net/dev"), S)
    assert sched.take(10) == []
    assert sched.done
    assert sched.status["db/dev"] is Status.NOT_STARTED


def test_a_terminal_status_never_changes() -> None:
    sched = Scheduler(graph())
    sched.take(1)
    sched.finish(StackId("net/dev"), F)
    with pytest.raises(ValueError, match="net/dev is not running"):
        sched.finish(StackId("net/dev"), S)
    with pytest.raises(ValueError, match="db/dev is not running"):
        sched.finish(StackId("db/dev"), S)
    sched.stop()
    assert sched.status["db/dev"] is Status.SKIPPED


def test_a_stack_is_handed_out_once() -> None:
    sched = Scheduler(graph())
    taken = drain(sched, width=3)
    assert sorted(taken) == sorted(EDGES)


@pytest.mark.parametrize("status", [Status.PENDING, Status.RUNNING, Status.SKIPPED, Status.NOT_STARTED])
def test_finish_accepts_only_outcomes_of_a_run(status: Status) -> None:
    sched = Scheduler(graph())
    sched.take(1)
    with pytest.raises(ValueError, match="is not an outcome of a run"):
        sched.finish(StackId("net/dev"), status)


def test_unknown_strategy() -> None:
    with pytest.raises(ValueError, match="unknown strategy 'level'; choose eager or waves"):
        Scheduler(graph(), strategy="level")
