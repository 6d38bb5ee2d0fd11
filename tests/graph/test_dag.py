"""The graph wrapper: levels, critical path, subsets, reduction, cycles; the same answers in any insertion order."""

from __future__ import annotations

import random

import pytest

from stackgraph.errors import GraphError
from stackgraph.graph.build import build_graph, check_acyclic
from stackgraph.graph.dag import ALL, StackGraph
from stackgraph.model import Edge, Evidence, Repo, Stack, StackId
from stackgraph.plan import Direction, make_plan

# (dependent, dependency): the shape of examples/ for one environment, plus a side chain.
EDGES = [
    ("db", "net"),
    ("cluster", "net"),
    ("api", "db"),
    ("api", "cluster"),
    ("web", "cluster"),
    ("mon", "api"),
    ("mon", "web"),
    ("mon", "net"),  # implied by mon -> api -> db -> net: the reduction drops it
    ("z-tool", "a-base"),
]
NODES = ["net", "db", "cluster", "api", "web", "mon", "a-base", "z-tool", "lonely"]
SEEDS = range(8)


def graphs() -> list[StackGraph]:
    """The same graph built from nodes and edges in several shuffled orders."""
    out = []
    for seed in SEEDS:
        rng = random.Random(seed)
        nodes, edges = list(NODES), list(EDGES)
        rng.shuffle(nodes)
        rng.shuffle(edges)
        out.append(StackGraph(map(StackId, nodes), edges))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_levels(g: StackGraph) -> None:
    assert g.levels() == [
        ["a-base", "lonely", "net"],
        ["cluster", "db", "z-tool"],
        ["api", "web"],
        ["mon"],
    ]


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_order_queries(g: StackGraph) -> None:
    assert g.topological_order() == ["a-base", "lonely", "net", "cluster", "db", "api", "web", "mon", "z-tool"]
    assert g.nodes == sorted(NODES)
    assert g.edges() == sorted(EDGES)
    assert g.dependencies(StackId("mon")) == ["api", "net", "web"]
    assert g.dependents(StackId("net")) == ["cluster", "db", "mon"]
    assert g.ancestors(StackId("api")) == {"cluster", "db", "net"}
    assert g.descendants(StackId("cluster")) == {"api", "mon", "web"}


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_critical_path_ties_go_to_the_smallest_ids(g: StackGraph) -> None:
    # net -> cluster -> api -> mon and net -> db -> api -> mon (and ... -> web -> mon) all have 4 stacks.
    assert g.critical_path() == ["net", "cluster", "api", "mon"]


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_critical_path_with_weights(g: StackGraph) -> None:
    weights = {StackId("db"): 10.0, StackId("a-base"): 3.0, StackId("z-tool"): 9.0}
    assert g.critical_path(weights) == ["net", "db", "api", "mon"]
    assert g.remaining_path_lengths(weights)[StackId("net")] == 13.0
    assert g.remaining_path_lengths(weights)[StackId("a-base")] == 12.0


def test_critical_path_of_nothing() -> None:
    assert StackGraph([], []).critical_path() == []


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_subset_keeps_transitive_order(g: StackGraph) -> None:
    sub = g.subset(map(StackId, ["net", "mon", "web", "lonely", "not-there"]))
    assert sub.nodes == ["lonely", "mon", "net", "web"]
    # web still waits for net through cluster, which is not kept; mon for net directly and through api.
    assert sub.edges() == [("mon", "net"), ("mon", "web"), ("web", "net")]
    assert sub.levels() == [["lonely", "net"], ["web"], ["mon"]]


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_reduced(g: StackGraph) -> None:
    red = g.reduced()
    assert red.edges() == sorted(e for e in EDGES if e != ("mon", "net"))
    assert red.levels() == g.levels()


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_reversed(g: StackGraph) -> None:
    rev = g.reversed()
    assert rev.edges() == sorted((b, a) for a, b in EDGES)
    assert rev.levels() == [["lonely", "mon", "z-tool"], ["a-base", "api", "web"], ["cluster", "db"], ["net"]]


CYCLIC = [("b", "c"), ("c", "a"), ("a", "b"), ("x", "y"), ("y", "x"), ("a", "x"), ("d", "d")]


@pytest.mark.parametrize("seed", SEEDS)
def test_cycle_is_deterministic(seed: int) -> None:
    edges = list(CYCLIC)
    random.Random(seed).shuffle(edges)
    g = StackGraph([], edges)  # type: ignore[arg-type]
    assert g.find_cycle() == ["a", "b", "c", "a"]
    with pytest.raises(ValueError, match="the graph has a cycle"):
        g.levels()


def test_self_loop_and_no_cycle() -> None:
    assert StackGraph([], [("d", "d")]).find_cycle() == ["d", "d"]  # type: ignore[list-item]
    assert StackGraph([], EDGES).find_cycle() is None  # type: ignore[arg-type]


def _repo(edges: list[tuple[str, str]], order: int) -> Repo:
    names = sorted({n for e in edges for n in e})
    stacks = [Stack(project=n, name="dev", file=f"{n}/Pulumi.dev.yaml", project_path=n) for n in names]
    model_edges = [
        Edge(
            StackId(f"{a}/dev"), StackId(f"{b}/dev"), ("explicit",), (Evidence("explicit", f"{a}/Pulumi.dev.yaml", 3),)
        )
        for a, b in edges
    ]
    rng = random.Random(order)
    rng.shuffle(stacks)
    rng.shuffle(model_edges)
    return Repo(root="/r", projects=(), stacks=tuple(stacks), edges=tuple(model_edges))


@pytest.mark.parametrize("seed", SEEDS)
def test_plan_of_a_shuffled_repo(seed: int) -> None:
    repo = _repo(EDGES, seed)
    full = build_graph(repo)
    up = make_plan(repo, full)
    assert up.levels == (
        ("a-base/dev", "net/dev"),
        ("cluster/dev", "db/dev", "z-tool/dev"),
        ("api/dev", "web/dev"),
        ("mon/dev",),
    )
    assert up.critical_path == ("net/dev", "cluster/dev", "api/dev", "mon/dev")
    down = make_plan(repo, full, direction=Direction.DESTROY)
    assert down.levels == (
        ("mon/dev", "z-tool/dev"),
        ("a-base/dev", "api/dev", "web/dev"),
        ("cluster/dev", "db/dev"),
        ("net/dev",),
    )
    assert down.critical_path == ("mon/dev", "api/dev", "cluster/dev", "net/dev")
    only = make_plan(repo, full, frozenset(map(StackId, ["mon/dev", "net/dev", "z-tool/dev"])))
    assert only.levels == (("net/dev", "z-tool/dev"), ("mon/dev",))


@pytest.mark.parametrize("seed", range(40))
def test_check_acyclic_agrees_with_the_graph(seed: int) -> None:
    """The networkx-free check of scan and why: a cycle raises exactly what build_graph raises."""
    rng = random.Random(seed)
    names = [f"n{i}" for i in range(rng.randint(2, 12))]
    edges = sorted({(rng.choice(names), rng.choice(names)) for _ in range(rng.randint(1, 20))})
    repo = _repo(edges, seed)
    try:
        build_graph(repo)
    except GraphError as exc:
        with pytest.raises(GraphError) as caught:
            check_acyclic(repo)
        assert str(caught.value) == str(exc)
    else:
        check_acyclic(repo)  # no error


def test_check_acyclic_on_the_examples_shapes() -> None:
    check_acyclic(_repo(EDGES, 0))
    with pytest.raises(GraphError, match=r"^dependency cycle: a/dev -> b/dev -> c/dev -> a/dev; "):
        check_acyclic(_repo([*EDGES, ("b", "c"), ("c", "a"), ("a", "b")], 0))


def _nearest_kept(edges: list[tuple[str, str]], kept: set[str]) -> set[tuple[str, str]]:
    """The edges subset() must give, by a plain search from every kept node (the definition)."""
    deps: dict[str, list[str]] = {}
    for a, b in edges:
        deps.setdefault(a, []).append(b)
    out = set()
    for node in kept:
        todo, seen = list(deps.get(node, [])), set()
        while todo:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            if cur in kept:
                out.add((node, cur))
            else:
                todo.extend(deps.get(cur, []))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_subset_matches_its_definition_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    nodes = [f"n{i:02d}" for i in range(n)]
    edges = [(nodes[i], nodes[j]) for i in range(n) for j in range(i) if rng.random() < 0.15]
    kept = {x for x in nodes if rng.random() < 0.4} or {nodes[0]}
    sub = StackGraph(map(StackId, nodes), edges).subset(map(StackId, kept))  # type: ignore[arg-type]
    assert set(sub.edges()) == _nearest_kept(edges, kept)
    assert sub.nodes == sorted(kept)


def test_subset_of_a_cyclic_graph() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")]
    sub = StackGraph([], edges).subset(map(StackId, ["a", "d"]))  # type: ignore[arg-type]
    assert sub.edges() == [("a", "d")]


def test_subset_through_a_long_chain() -> None:
    # 3,000 kept stacks on top of a 3,000-long chain of stacks left out (quadratic for a per-stack search).
    n = 6000
    nodes = [StackId(f"c{i:05d}") for i in range(n)]
    edges = [(nodes[i], nodes[i - 1]) for i in range(1, n // 2)]
    edges += [(nodes[i], nodes[n // 2 - 1]) for i in range(n // 2, n)]
    sub = StackGraph(nodes, edges).subset([nodes[0], *nodes[n // 2 :]])
    assert sub.edges() == [(nodes[i], nodes[0]) for i in range(n // 2, n)]


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_reach_up_and_down_with_a_depth(g: StackGraph) -> None:
    api = StackId("api")
    assert g.reach([api], 0, up=True) == {"api"}
    assert g.reach([api], 1, up=True) == {"api", "db", "cluster"}
    assert g.reach([api], 2, up=True) == {"api", "db", "cluster", "net"}
    assert g.reach([StackId("net")], 1, up=False) == {"net", "db", "cluster", "mon"}
    assert g.reach([StackId("net"), StackId("a-base")], ALL, up=False) == set(NODES) - {"lonely"}
    assert g.ancestors(StackId("mon")) == {"api", "web", "db", "cluster", "net"}
    assert g.descendants(StackId("cluster")) == {"api", "web", "mon"}


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_nearest_roots_names_the_closest_root_and_the_smallest_among_ties(g: StackGraph) -> None:
    roots = frozenset({StackId("net"), StackId("cluster")})
    # mon: via net directly (1 edge) and via cluster -> web (2): net wins; api: cluster and net->db tie at 1
    # and 2 edges: cluster is nearer; db: only net.
    assert g.nearest_roots(roots) == {"db": "net", "api": "cluster", "web": "cluster", "mon": "net"}


@pytest.mark.parametrize("g", graphs(), ids=[f"seed{s}" for s in SEEDS])
def test_shortest_path_follows_dependencies_through_the_smallest_ids(g: StackGraph) -> None:
    assert g.shortest_path(StackId("mon"), StackId("net")) == ["mon", "net"]  # the direct edge
    assert g.shortest_path(StackId("api"), StackId("net")) == ["api", "cluster", "net"]  # cluster < db
    assert g.shortest_path(StackId("net"), StackId("api")) is None  # the other direction
    assert g.shortest_path(StackId("api"), StackId("api")) is None
    assert g.shortest_path(StackId("lonely"), StackId("net")) is None


def test_is_acyclic_without_networkx() -> None:
    chain = StackGraph(map(StackId, "abc"), [(StackId("b"), StackId("a")), (StackId("c"), StackId("b"))])
    assert chain.is_acyclic()
    looped = StackGraph(map(StackId, "abc"), [*chain.edges(), (StackId("a"), StackId("c"))])
    assert not looped.is_acyclic()
    assert not StackGraph([StackId("a")], [(StackId("a"), StackId("a"))]).is_acyclic()
    assert "_g" not in vars(chain) and "_g" not in vars(looped)  # networkx was never asked


def _brute_longest(g: StackGraph, weights: dict[StackId, float]) -> list[StackId]:
    """The heaviest chain by brute force over every path (ties to the smallest path), for small graphs."""
    best: tuple[float, tuple[StackId, ...]] = (0.0, ())

    def walk(node: StackId, path: tuple[StackId, ...], total: float) -> None:
        nonlocal best
        best = min(best, (total, path))
        for after in g.dependents(node):
            walk(after, (*path, after), total - weights[after])

    for node in g.nodes:
        if not g.dependencies(node):
            walk(node, (node,), -weights[node])
    return list(best[1])


@pytest.mark.parametrize("seed", range(30))
def test_walks_without_networkx_agree_with_networkx(seed: int) -> None:
    import networkx as nx

    rng = random.Random(seed)
    n = rng.randint(1, 14)
    nodes = [StackId(f"n{rng.randint(0, 99):02d}{i}") for i in range(n)]
    edges = [(nodes[i], nodes[j]) for i in range(n) for j in range(i) if rng.random() < 0.3]
    rng.shuffle(nodes)
    g = StackGraph(nodes, edges)
    ref: nx.DiGraph[StackId] = nx.DiGraph()
    ref.add_nodes_from(nodes)
    ref.add_edges_from((b, a) for a, b in edges)
    assert g.levels() == [sorted(gen) for gen in nx.topological_generations(ref)]
    assert g.topological_order() == list(nx.lexicographical_topological_sort(ref))
    weights = {node: float(rng.randint(1, 4)) for node in nodes}
    assert g.critical_path(weights) == _brute_longest(g, weights)
    tails = g.remaining_path_lengths(weights)
    for node in nodes:
        below = [tails[d] for d in g.dependents(node)]
        assert tails[node] == weights[node] + max(below, default=0.0)
    assert "_g" not in vars(g)  # none of these built the networkx graph


def test_levels_and_orders_refuse_a_cycle() -> None:
    looped = StackGraph(map(StackId, "ab"), [(StackId("a"), StackId("b")), (StackId("b"), StackId("a"))])
    with pytest.raises(ValueError, match="cycle"):
        looped.levels()
    with pytest.raises(ValueError, match="cycle"):
        looped.topological_order()
