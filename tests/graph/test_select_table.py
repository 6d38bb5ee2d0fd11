"""Every atom and operator of the selection language, as one table over one fixture graph.

The estate (tests/helpers/estate.py) lives in a real git repository: tag `base`, then a
commit that changes the web program. Each row runs on the graph as scanned and on the same
graph built in shuffled order (files written in another order, every collection shuffled);
the answer and the plan order must be the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stackgraph.app.choose import Chosen, choose
from stackgraph.app.settings import Selection
from stackgraph.graph.dag import StackGraph
from stackgraph.model import Repo
from stackgraph.plan import make_plan
from tests.helpers.estate import ALL_IDS, commit_all, edit, git, git_estate, load, shuffled

N, D, C, A, W, M = "networking", "database", "cluster", "api", "web", "monitoring"


def dev(*projects: str) -> list[str]:
    return [f"{p}/dev" for p in projects]


def prod(*projects: str) -> list[str]:
    return [f"{p}/prod" for p in projects]


SANDBOX = ["api/sandbox"]
ALL6 = (N, D, C, A, W, M)


def row(select: list[str], exclude: list[str], expected: list[str], id: str, **kw: Any) -> Any:
    return pytest.param(select, exclude, expected, kw, id=id)


CASES = [
    # project/stack ids, with globs
    row(["api/dev"], [], dev(A), "id"),
    row(["api/*"], [], [*dev(A), *prod(A), *SANDBOX], "id-glob-stack"),
    row(["*/prod"], [], prod(*ALL6), "id-glob-project"),
    row(["*/d?v"], [], dev(*ALL6), "id-glob-question"),
    row(["[nw]*/prod"], [], prod(N, W), "id-glob-class"),
    row(["[a,w]*/dev"], [], dev(A, W), "id-glob-class-with-comma"),
    # project:NAME
    row(["project:api"], [], [*dev(A), *prod(A), *SANDBOX], "project"),
    row(["project:*ing"], [], [*dev(N, M), *prod(N, M)], "project-glob"),
    # stack:NAME (an environment)
    row(["stack:prod"], [], prod(*ALL6), "stack"),
    row(["stack:sand*"], [], SANDBOX, "stack-glob"),
    row(["stack:[dp]*"], [], [*dev(*ALL6), *prod(*ALL6)], "stack-glob-class"),
    # path:DIR, relative to the scanned root
    row(["path:infra"], [], [*dev(N, D, C), *prod(N, D, C)], "path-folder"),
    row(["path:services/api"], [], [*dev(A), *prod(A), *SANDBOX], "path-project"),
    row(["path:./infra/"], [], [*dev(N, D, C), *prod(N, D, C)], "path-normalized"),
    row(["path:."], [], ALL_IDS, "path-root"),
    row(["path:*/web"], [], [*dev(W), *prod(W)], "path-glob"),
    # tag:NAME: stack tags, else the project's
    row(["tag:core"], [], [*dev(N, D), *prod(N, D)], "tag-project"),
    row(["tag:critical"], [], prod(A), "tag-stack"),
    row(["tag:backend"], [], [*dev(A), *prod(A)], "tag-stack-overrides-project"),
    row(["tag:ops"], [], prod(M), "tag-project-only-where-stack-has-none"),
    row(["tag:debug"], [], dev(M), "tag-stack-only"),
    row(["tag:front*"], [], [*dev(W), *prod(W)], "tag-glob"),
    # +x, x+, N+x, x+N, +x+
    row(["+api/dev"], [], dev(A, D, C, N), "ancestors"),
    row(["api/dev+"], [], dev(A, M), "descendants"),
    row(["cluster/dev+"], [], dev(C, A, W, M), "descendants-fan-out"),
    row(["1+api/dev"], [], dev(A, D, C), "ancestors-depth-1"),
    row(["2+monitoring/dev"], [], dev(M, A, W, D, C), "ancestors-depth-2"),
    row(["0+api/dev"], [], dev(A), "ancestors-depth-0"),
    row(["cluster/dev+1"], [], dev(C, A, W), "descendants-depth-1"),
    row(["networking/prod+2"], [], prod(N, D, C, A, W), "descendants-depth-2"),
    row(["+web/prod"], [], prod(W, C, N), "ancestors-never-external"),
    row(["+api/dev+"], [], dev(N, D, C, A, M), "both-ways"),
    row(["+project:web"], [], [*dev(W, C, N), *prod(W, C, N)], "operator-on-method"),
    # @x
    row(["@cluster/dev"], [], dev(*ALL6), "at"),
    row(["@api/dev"], [], dev(A, M, D, C, N, W), "at-adds-ancestors-of-descendants"),
    row(["@api/sandbox"], [], SANDBOX, "at-alone"),
    # a,b intersection
    row(["project:api,stack:prod"], [], prod(A), "intersection"),
    row(["+monitoring/dev,path:infra"], [], dev(N, D, C), "intersection-with-operator"),
    row(["tag:core,*/dev,path:infra"], [], dev(N, D), "intersection-three"),
    # union: spaces in one --select, and repeated --select
    row(["project:web project:api"], [], [*dev(A, W), *prod(A, W), *SANDBOX], "union-spaces"),
    row(["project:web", "stack:sandbox"], [], [*dev(W), *prod(W), *SANDBOX], "union-repeated"),
    # --exclude
    row(["stack:dev"], ["project:monitoring"], dev(N, D, C, A, W), "exclude"),
    row([], ["stack:prod"], [*dev(*ALL6), *SANDBOX], "exclude-only"),
    row(["*/*"], ["+api/dev"], [*dev(W, M), *prod(*ALL6), *SANDBOX], "exclude-operator"),
    row(["stack:dev"], ["api/dev+ web/dev"], dev(N, D, C), "exclude-union"),
    row(["stack:dev"], ["project:api", "project:web"], dev(N, D, C, M), "exclude-repeated"),
    # --env with a selection
    row(["project:api"], [], prod(A), "env-and-select", env="prod"),
    row([], [], dev(*ALL6), "env-only", env="dev"),
    # [REF]: changed since the merge base (web's program changed after tag `base`), and dependents
    row(["[base]"], [], [*dev(W, M), *prod(W, M)], "changed"),
    row(["[base]"], [], [*dev(W), *prod(W)], "changed-no-dependents", no_dependents=True),
    row(["[base],stack:dev"], [], dev(W, M), "changed-intersection"),
    row(["+[base]"], [], [*dev(W, C, N), *prod(W, C, N)], "changed-ancestors", no_dependents=True),
    row(["[base] api/sandbox"], [], [*dev(W, M), *prod(W, M), *SANDBOX], "changed-union"),
    row(["[HEAD]"], [], [], "changed-nothing"),
    # --changed-since REF: intersected with --select, minus --exclude
    row([], [], [*dev(W, M), *prod(W, M)], "changed-since", changed_since="base"),
    row(["stack:prod"], [], prod(W, M), "changed-since-and-select", changed_since="base"),
    row([], ["project:monitoring"], [*dev(W), *prod(W)], "changed-since-exclude", changed_since="base"),
    row([], [], [*dev(W), *prod(W)], "changed-since-no-dependents", changed_since="base", no_dependents=True),
]


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Repo, StackGraph]]:
    """The estate as scanned, and written and built in shuffled order, each in its own git repo."""
    out = {}
    for name, seed in (("sorted", None), ("shuffled", 7)):
        root = git_estate(tmp_path_factory.mktemp(name), seed=seed)
        git(root, "tag", "base")
        edit(root, "services/web/__main__.py")
        commit_all(root, "web: change the program")
        repo, graph = load(root)
        out[name] = (repo, graph) if seed is None else shuffled(repo, seed)
    return out


def choose_stacks(repo: Repo, graph: StackGraph, **options: Any) -> Chosen:
    """Choose with the options of a command line; warnings are collected, never printed."""
    return choose(repo, graph, Selection.of(**options), [].append)


@pytest.mark.parametrize("variant", ["sorted", "shuffled"])
@pytest.mark.parametrize(("select", "exclude", "expected", "kw"), CASES)
def test_selection_table(
    variants: dict[str, tuple[Repo, StackGraph]],
    variant: str,
    select: list[str],
    exclude: list[str],
    expected: list[str],
    kw: dict[str, Any],
) -> None:
    repo, graph = variants[variant]
    ids, why = choose_stacks(repo, graph, select=select, exclude=exclude, **kw)
    assert ids is not None
    assert sorted(ids) == sorted(expected)
    assert list(why) == sorted(expected)
    assert all(why[sid] for sid in ids)
    order = make_plan(repo, graph, ids).stack_ids
    base_repo, base_graph = variants["sorted"]
    assert order == make_plan(base_repo, base_graph, ids).stack_ids


def test_no_selection_is_none(variants: dict[str, tuple[Repo, StackGraph]]) -> None:
    repo, graph = variants["sorted"]
    assert choose_stacks(repo, graph) == (None, {})


def test_a_subset_keeps_the_order_of_the_full_graph(variants: dict[str, tuple[Repo, StackGraph]]) -> None:
    for repo, graph in variants.values():
        ids, _ = choose_stacks(repo, graph, select=["networking/dev monitoring/dev api/sandbox"])
        plan = make_plan(repo, graph, ids)
        assert plan.levels == (("api/sandbox", "networking/dev"), ("monitoring/dev",))


def test_why_names_the_atom_the_change_and_the_changed_dependency(variants: dict[str, tuple[Repo, StackGraph]]) -> None:
    repo, graph = variants["shuffled"]
    _, why = choose_stacks(repo, graph, select=["[base],stack:dev", "+api/dev"], changed_since="base")
    assert why == {  # --changed-since keeps only what changed; +api/dev's stacks did not
        "monitoring/dev": ("matches '[base],stack:dev'", "dependent of web/dev"),
        "web/dev": ("matches '[base],stack:dev'", "changed: services/web/__main__.py"),
    }
    _, why = choose_stacks(repo, graph, select=["[base],stack:dev", "+web/dev"])
    assert why == {
        "cluster/dev": ("matches '+web/dev'",),
        "monitoring/dev": ("matches '[base],stack:dev'", "dependent of web/dev"),
        "networking/dev": ("matches '+web/dev'",),
        "web/dev": ("matches '[base],stack:dev'", "changed: services/web/__main__.py", "matches '+web/dev'"),
    }
    _, why = choose_stacks(repo, graph, changed_since="base", env="prod")
    assert why == {
        "monitoring/prod": ("dependent of web/prod",),
        "web/prod": ("changed: services/web/__main__.py",),
    }


def test_a_changed_stack_names_its_nearest_changed_dependency(tmp_path: Path) -> None:
    root = git_estate(tmp_path)
    edit(root, "infra/networking/__main__.py")
    edit(root, "infra/cluster/Pulumi.dev.yaml")
    repo, graph = load(root)
    _, why = choose_stacks(repo, graph, changed_since="HEAD", env="dev")
    assert why == {
        "api/dev": ("dependent of cluster/dev",),
        "cluster/dev": ("changed: infra/cluster/Pulumi.dev.yaml",),
        "database/dev": ("dependent of networking/dev",),
        "monitoring/dev": ("dependent of cluster/dev",),
        "networking/dev": ("changed: infra/networking/__main__.py",),
        "web/dev": ("dependent of cluster/dev",),
    }
