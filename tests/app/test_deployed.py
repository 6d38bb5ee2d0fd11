"""What deployed state adds to a scanned repository (`add_state`, `resolve_sites`) and what `verify` finds
(`compare`), on real temporary repositories and hand-made states: no engine here."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from stackgraph.app.deployed import add_state, namer, parse_name
from stackgraph.app.verify import compare
from stackgraph.deployed import DeployedReference, DeployedState, FindingCode, StateStatus
from stackgraph.discovery.scan import scan
from stackgraph.graph.build import build_graph
from stackgraph.model import EdgeKind, Repo, Severity, StackId, Target
from tests.helpers.repo_builder import project, stack, write_repo

THREE = {  # net/dev, db/dev and web/dev, the stacks of every repository here (web's program added by each)
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "db/Pulumi.yaml": project("db"),
    "db/Pulumi.dev.yaml": stack(),
    "web/Pulumi.yaml": project("web", "python"),
    "web/Pulumi.dev.yaml": stack(),
}

WEB = """import os

import pulumi

net = pulumi.StackReference("organization/net/dev")
other = pulumi.StackReference(os.environ["OTHER"])
"""
TWO_OPEN = """import os

import pulumi

a = pulumi.StackReference(os.environ["A"])
b = pulumi.StackReference(os.environ["B"])
"""


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return scan(
        write_repo(
            tmp_path / "repo",
            {
                **THREE,
                "web/__main__.py": WEB,
                "two/Pulumi.yaml": project("two", "python"),
                "two/Pulumi.dev.yaml": stack(),
                "two/__main__.py": TWO_OPEN,
            },
        )
    )


def deployed(repo: Repo, sid: str, *names: str, at: str | None = None) -> DeployedState:
    """A deployed state of `sid` reading `names` (made at `at`, a repository-relative file:line, if given)."""
    name = namer(repo)
    refs = [name(DeployedReference(StackId(sid), n, f"urn:x::{n}", (at,) if at else ())) for n in names]
    return DeployedState(StackId(sid), StateStatus.DEPLOYED, tuple(sorted(refs)), resources=len(refs) + 1)


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("dev", Target(None, "web", "dev")),
        ("organization/dev", Target("organization", "web", "dev")),
        ("acme/net/prod", Target("acme", "net", "prod")),
        ("", None),
        ("a//b", None),
        ("a/b/c/d", None),
    ],
)
def test_names_are_read_as_the_engine_reads_them(name: str, target: Target | None) -> None:
    assert parse_name(name, "web") == target


def test_state_confirms_adds_and_places_outside_nodes(repo: Repo) -> None:
    web = deployed(
        repo, "web/dev", "organization/net/dev", "organization/db/dev", "acme/shared/prod", "organization/net/prod"
    )
    merged = add_state(repo, {web.stack: web})
    kinds = {(e.dependent, e.dependency): e.kinds for e in merged.edges}
    assert kinds == {
        ("web/dev", "net/dev"): (EdgeKind.CODE, EdgeKind.STATE),
        ("web/dev", "db/dev"): (EdgeKind.STATE,),
        ("web/dev", "acme/shared/prod"): (EdgeKind.STATE,),
        ("web/dev", "net/prod"): (EdgeKind.STATE,),
    }
    assert (merged.external, merged.dangling) == (("acme/shared/prod",), ("net/prod",))
    [db] = [e for e in merged.edges if e.dependency == "db/dev"]
    assert [(ev.kind, ev.file, ev.line, ev.detail) for ev in db.evidence] == [
        (EdgeKind.STATE, "state:web/dev", None, "urn:x::organization/db/dev")
    ]


def test_the_one_unexplained_reference_resolves_the_one_open_site(repo: Repo) -> None:
    web = deployed(repo, "web/dev", "organization/net/dev", "organization/db/dev")  # no positions
    merged = add_state(repo, {web.stack: web})
    [site] = [r for r in merged.references if r.site == "web/__main__.py:6"]
    assert (site.resolved, site.target_id, site.detail) == (
        True, "db/dev", "from the deployed state of web/dev: urn:x::organization/db/dev",
    )  # fmt: skip
    [note] = [d for d in merged.diagnostics if d.file == "web/__main__.py"]
    assert note.severity is Severity.INFO and note.message.startswith(
        "StackReference resolved from deployed state (--with-state): db/dev; was: StackReference for dev:"
    )


def test_two_open_sites_are_resolved_only_by_position(repo: Repo) -> None:
    loose = deployed(repo, "two/dev", "organization/net/dev", "organization/db/dev")
    assert all(not r.resolved for r in add_state(repo, {loose.stack: loose}).references if r.project == "two")
    placed = deployed(repo, "two/dev", "organization/net/dev", at="two/__main__.py:6")
    merged = add_state(repo, {placed.stack: placed})
    assert {r.site: r.target_id for r in merged.references if r.project == "two"} == {
        "two/__main__.py:5": None,
        "two/__main__.py:6": "net/dev",
    }


def test_one_site_that_read_two_stacks_stays_unresolved(repo: Repo) -> None:
    both = deployed(repo, "two/dev", "organization/net/dev", "organization/db/dev", at="two/__main__.py:5")
    merged = add_state(repo, {both.stack: both})
    assert [r.resolved for r in merged.references if r.site == "two/__main__.py:5"] == [False]
    assert {e.dependency for e in merged.edges if e.dependent == "two/dev"} == {"net/dev", "db/dev"}


def test_the_result_does_not_depend_on_the_order_states_come_in(repo: Repo) -> None:
    states = [
        deployed(repo, "web/dev", "organization/db/dev", "organization/net/dev"),
        deployed(repo, "two/dev", "organization/net/dev", at="two/__main__.py:5"),
        deployed(repo, "db/dev", "organization/net/dev"),
    ]
    first = add_state(repo, {s.stack: s for s in states})
    for seed in range(5):
        random.Random(seed).shuffle(states)
        assert add_state(repo, {s.stack: s for s in states}) == first


def test_compare_outside_unnamed_and_not_deployed(repo: Repo) -> None:
    web = deployed(repo, "web/dev", "organization/net/dev", "acme/shared/prod", "")
    db = DeployedState(StackId("db/dev"), StateStatus.NOT_DEPLOYED, problem="db/dev: not in the backend file:///x")
    found = compare(repo, build_graph(repo), {web.stack: web, db.stack: db})
    assert [(f.severity, f.code, f.stack, f.target) for f in found] == [
        (Severity.WARNING, FindingCode.UNNAMED, "web/dev", None),
        (Severity.WARNING, FindingCode.MISSING_OUTSIDE, "web/dev", "acme/shared/prod"),
        (Severity.INFO, FindingCode.NOT_DEPLOYED, "db/dev", None),
    ]
    assert found[2].message == (
        "db/dev is not deployed (not in the backend file:///x): nothing to compare, so it is not verified"
    )


NO_SITE_MAIN = """import pulumi

net = pulumi.StackReference("organization/net/dev")
"""
NO_SITE_HELPER = """import pulumi
ref = pulumi.StackReference("organization/net/dev")
def f(:
    pass
"""
DB_URN = "urn:x::organization/db/dev"
MISSED = (
    f"web/dev reads db/dev in its deployed state ({DB_URN}), but the graph has no edge web/dev -> db/dev: {{why}}; "
    "the order may be wrong: make the name static, declare it (stackgraph:dependsOn: [db/dev] in "
    "web/Pulumi.dev.yaml), or order with --with-state"
)


@pytest.fixture
def unread(tmp_path: Path) -> Repo:
    """web/dev reads net/dev at __main__.py:3; bad.py cannot be decoded (skipped), helper.py cannot be parsed."""
    root = write_repo(
        tmp_path / "unread",
        {
            **THREE,
            "web/__main__.py": NO_SITE_MAIN,
            "web/helper.py": NO_SITE_HELPER,
            "web/other.py": "x = 1\n",
        },
    )
    (root / "web" / "bad.py").write_bytes(b"import pulumi\n\xff\xfe = 1\n")
    return scan(root)


@pytest.mark.parametrize(
    ("at", "why"),
    [
        (
            "web/bad.py:2",
            "it is made at web/bad.py:2, in a file the scan skipped (unreadable: web/bad.py)",
        ),
        (
            "web/helper.py:2",
            "it is made at web/helper.py:2; the scan said about web/helper.py: cannot parse: invalid syntax (line 3); "
            "its StackReferences are not read",
        ),
        ("web/other.py:1", "it is made at web/other.py:1, where the scan found no StackReference"),
        (
            "web/__main__.py:3",
            "the scan resolved web/__main__.py:3 to net/dev, but the deployed reference made there reads another",
        ),
    ],
    ids=["skipped-file", "scan-diagnostic", "no-reference-there", "resolved-to-another"],
)
def test_a_missed_reference_says_why_the_scan_missed_it(unread: Repo, at: str, why: str) -> None:
    web = deployed(unread, "web/dev", "organization/net/dev", "organization/db/dev", at=at)
    found = [f for f in compare(unread, build_graph(unread), {web.stack: web}) if f.code is FindingCode.MISSING_EDGE]
    assert [(f.severity, f.stack, f.target, f.sites) for f in found] == [(Severity.ERROR, "web/dev", "db/dev", (at,))]
    assert found[0].message == MISSED.format(why=why)
