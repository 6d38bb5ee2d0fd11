"""`stackgraph verify` against a scripted `pulumi stack export`: what it reports, its exit codes, bad input,
and that no secret of the state reaches any output. Through typer's runner and the console script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, cli, script
from tests.helpers.fake_state import calls, fake_pulumi, state_doc
from tests.helpers.repo_builder import project, stack, write_repo

APP_PROGRAM = """import os

import pulumi

ref = pulumi.StackReference(os.environ["NET_STACK"])
pulumi.export("vpc", ref.get_output("vpc"))
"""
WEB_PROGRAM = """import pulumi

net = pulumi.StackReference("organization/net/dev")
"""
REPO = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "db/Pulumi.yaml": project("db"),
    "db/Pulumi.dev.yaml": stack(),
    "app/Pulumi.yaml": project("app", "python"),
    "app/Pulumi.dev.yaml": stack(),
    "app/__main__.py": APP_PROGRAM,
    "web/Pulumi.yaml": project("web", "python"),
    "web/Pulumi.dev.yaml": stack(["db/dev"]),
    "web/__main__.py": WEB_PROGRAM,
}
STATES = {
    "app/dev": state_doc("dev", "app", {"organization/net/dev": "__main__.py#5"}),
    "net/dev": state_doc("dev", "net"),
    "web/dev": state_doc("dev", "web"),
}  # db/dev: never deployed
APP_URN = "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/net/dev"
MISSING = (
    f"error: app/dev reads net/dev in its deployed state ({APP_URN}), but the graph has no edge app/dev -> net/dev: "
    "the scan left app/__main__.py:5 unresolved (cannot resolve '<?>': environment variable NET_STACK, read at run "
    "time); the order may be wrong: make the name static, declare it (stackgraph:dependsOn: [net/dev] in "
    "app/Pulumi.dev.yaml), or order with --with-state"
)


def run(args: list[str | Path], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[Outcome]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return [cli(*args), script(*args, env=env)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", REPO)


def test_verify_names_the_reference_the_graph_lacks_and_why(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    backend = env["PULUMI_BACKEND_URL"]
    for out in run(["verify", root], env, monkeypatch):
        assert out.code == 2, out.stderr  # db/dev is not deployed: verify is incomplete (exit 2 before 1)
        assert out.stdout.splitlines() == [
            f"verify: 4 stacks (3 deployed, 1 not deployed) in {backend}: 1 error, 0 warnings, 3 infos",
            MISSING,
            f"info: db/dev is not deployed (not in the backend {backend}): nothing to compare, so it is not verified",
            "info: web/dev -> db/dev is declared (web/Pulumi.dev.yaml:3), not a StackReference: the deployed state "
            "cannot confirm it",
            "info: web/dev -> net/dev is in the graph (web/__main__.py:3) but not in the deployed state of web/dev: "
            "not deployed since the reference was added, or the reference was removed",
        ]
        assert out.stderr.splitlines()[-3:] == [
            "stackgraph: 1 reference(s) in deployed state that the graph does not order (see above)",
            f"stackgraph: error: db/dev: not deployed (not in the backend {backend}): nothing to verify; deploy it "
            "first, or leave it out of the selection (-s, --exclude, --env)",
            "stackgraph: error: verify is incomplete: 1 of 4 stack(s) not verified",
        ]
        assert "CANARY" not in out.stdout + out.stderr
    out = run(["verify", root, "--exclude", "db/dev"], env, monkeypatch)[0]  # what the line says to do
    assert out.code == 1, out.stderr
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: 1 reference(s) in deployed state that the graph does not order (see above)"
    )


def test_verify_json_is_a_verify_v1_document(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    for out in run(["verify", root, "-f", "json"], env, monkeypatch):
        assert out.code == 2  # db/dev is not deployed
        doc = json.loads(out.stdout)
        assert (doc["schema"], doc["complete"]) == ("stackgraph.verify/v1", False)
        assert doc["summary"] == {
            "stacks": 4, "deployed": 3, "not-deployed": 1, "unreadable": 0, "error": 1, "warning": 0, "info": 3,
        }  # fmt: skip
        [error] = [f for f in doc["findings"] if f["severity"] == "error"]
        assert (error["code"], error["stack"], error["target"], error["urn"], error["sites"]) == (
            "missing-edge", "app/dev", "net/dev", APP_URN, ["app/__main__.py:5"],
        )  # fmt: skip
        [app] = [s for s in doc["stacks"] if s["id"] == "app/dev"]
        assert app["references"] == [
            {"name": "organization/net/dev", "target": "net/dev", "urn": APP_URN, "positions": ["app/__main__.py:5"]}
        ]
        assert "CANARY" not in out.stdout + out.stderr


def test_verify_reads_only_the_selected_stacks_and_passes_when_state_agrees(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    out = run(["verify", root, "-s", "net/dev", "-o", tmp_path / "v.txt"], env, monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert (tmp_path / "v.txt").read_text().startswith("verify: 1 stack (1 deployed, 0 not deployed)")
    assert [(c[c.index("--stack") + 1], Path(c[-1]).name) for c in calls(tmp_path / "bin")] == [("dev", "net")] * 2
    out = run(["verify", root, "-s", "net/dev", "-f", "json"], env, monkeypatch)[0]
    assert (out.code, json.loads(out.stdout)["complete"]) == (0, True)


def test_a_reference_ordered_through_a_chain_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", {**REPO, "db/Pulumi.dev.yaml": stack(["net/dev"])})
    states = {**STATES, "web/dev": state_doc("dev", "web", {"organization/net/dev": None, "organization/db/dev": None})}
    out = run(["verify", root, "-s", "web/dev"], fake_pulumi(tmp_path / "bin", states), monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert out.stdout.splitlines()[1:] == []  # web/dev reads both directly: confirmed
    root2 = write_repo(tmp_path / "repo2", {**REPO, "db/Pulumi.dev.yaml": stack(["net/dev"]), "web/__main__.py": ""})
    states = {"web/dev": state_doc("dev", "web", {"organization/net/dev": None})}
    out = run(["verify", root2, "-s", "web/dev"], fake_pulumi(tmp_path / "bin2", states), monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert out.stdout.splitlines()[1] == (
        "warning: web/dev reads net/dev in its deployed state (urn:pulumi:dev::web::pulumi:pulumi:StackReference::"
        "organization/net/dev); the graph orders it only through web/dev -> db/dev -> net/dev, not directly: the "
        "scan found no StackReference in the program of project web that names it; the order holds while that "
        "chain does"
    )


def test_an_unreadable_stack_is_exit_2_and_the_others_are_still_verified(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = {**STATES, "net/dev": state_doc("dev", "net", version=4)}
    env = fake_pulumi(tmp_path / "bin", states)
    for out in run(["verify", root], env, monkeypatch):
        assert out.code == 2
        assert MISSING in out.stdout.splitlines()
        assert out.stderr.splitlines()[-4:] == [
            "stackgraph: 1 reference(s) in deployed state that the graph does not order (see above)",
            "stackgraph: error: net/dev: its state is in deployment format 4 (written by Pulumi v3.274.1), newer "
            "than stackgraph reads (up to 3): upgrade stackgraph to a release that reads it",
            f"stackgraph: error: db/dev: not deployed (not in the backend {env['PULUMI_BACKEND_URL']}): nothing to "
            "verify; deploy it first, or leave it out of the selection (-s, --exclude, --env)",
            "stackgraph: error: verify is incomplete: 2 of 4 stack(s) not verified",
        ]
        assert "Traceback" not in out.stderr
    out = run(["verify", root, "-f", "json"], env, monkeypatch)[0]
    doc = json.loads(out.stdout)  # one document: the error lines go to stderr only
    assert (out.code, doc["complete"], doc["summary"]["unreadable"]) == (2, False, 1)


def test_a_backend_that_cannot_be_reached_is_one_line_for_every_stack(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = 'error: unable to open state directory "file:///nowhere": stat /nowhere: no such file or directory'
    env = fake_pulumi(tmp_path / "bin", {f"{p}/dev": {"error": said} for p in ("app", "db", "net", "web")})
    out = run(["verify", root], env, monkeypatch)[0]
    assert out.code == 2
    assert out.stderr.splitlines()[-2:] == [
        f"stackgraph: error: app/dev, db/dev, net/dev, web/dev: cannot read its state from the backend "
        f"{env['PULUMI_BACKEND_URL']} ({said}): check that the backend can be reached (PULUMI_BACKEND_URL, "
        "`pulumi login`) and run again",
        "stackgraph: error: verify is incomplete: 4 of 4 stack(s) not verified",
    ]


def test_stacks_not_deployed_are_named_with_what_to_do_and_the_others_still_verified(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = {"version": 3, "deployment": {"manifest": {"version": "v3.274.1"}, "resources": []}}  # destroyed
    env = fake_pulumi(tmp_path / "bin", {"net/dev": state_doc("dev", "net"), "web/dev": empty})
    backend = env["PULUMI_BACKEND_URL"]
    for out in run(["verify", root, "-s", "net/dev", "-s", "db/dev", "-s", "web/dev"], env, monkeypatch):
        assert out.code == 2, out.stderr
        assert out.stdout.splitlines() == [
            f"verify: 3 stacks (1 deployed, 2 not deployed) in {backend}: 0 errors, 0 warnings, 2 infos",
            f"info: db/dev is not deployed (not in the backend {backend}): nothing to compare, so it is not verified",
            "info: web/dev is not deployed (in the backend, without resources): nothing to compare, so it is not "
            "verified; its 2 edge(s) in the graph are not confirmed",
        ]
        assert out.stderr.splitlines()[-3:] == [
            f"stackgraph: error: db/dev: not deployed (not in the backend {backend}): nothing to verify; deploy it "
            "first, or leave it out of the selection (-s, --exclude, --env)",
            "stackgraph: error: web/dev: not deployed (in the backend, without resources): nothing to verify; deploy "
            "it first, or leave it out of the selection (-s, --exclude, --env)",
            "stackgraph: error: verify is incomplete: 2 of 3 stack(s) not verified",
        ]
        assert "Traceback" not in out.stderr


def test_a_backend_where_no_selected_stack_is_deployed_is_named(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", {})  # reachable, but empty: the wrong backend?
    backend = env["PULUMI_BACKEND_URL"]
    for out in run(["verify", root, "-f", "json"], env, monkeypatch):
        assert out.code == 2, out.stderr
        doc = json.loads(out.stdout)
        assert (doc["complete"], doc["summary"]["deployed"], doc["summary"]["not-deployed"]) == (False, 0, 4)
        assert out.stderr.splitlines()[-2:] == [
            f"stackgraph: error: app/dev, db/dev, net/dev, web/dev: not deployed (not in the backend {backend}): "
            "nothing to verify; deploy them first, or leave them out of the selection (-s, --exclude, --env)",
            f"stackgraph: error: none of the 4 selected stack(s) is deployed in the backend {backend}: nothing was "
            "verified; check that PULUMI_BACKEND_URL (or `pulumi login`) points at the backend they were deployed to",
        ]


def test_bad_options_are_one_line_exit_2(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    out = run(["verify", root, "-f", "yaml"], env, monkeypatch)[0]
    assert (out.code, out.stderr) == (2, "stackgraph: error: --format yaml: choose one of text, json\n")
    out = run(["verify", root, "-p", "0"], env, monkeypatch)[0]
    assert (out.code, out.stderr) == (2, "stackgraph: error: --parallelism 0: read at least 1 stack at a time\n")
    assert calls(tmp_path / "bin") == []


def test_no_engine_is_one_line_exit_2(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"STACKGRAPH_PULUMI_BIN": str(tmp_path / "nothing")}
    for out in run(["verify", root], env, monkeypatch):
        assert out.code == 2
        assert out.stderr.splitlines()[-1] == (
            f"stackgraph: error: STACKGRAPH_PULUMI_BIN={tmp_path / 'nothing'}: no pulumi executable there; point it "
            "at the folder that holds `pulumi`, or unset it (scripts/install-pulumi prints that folder)"
        )
        assert out.stdout == ""
