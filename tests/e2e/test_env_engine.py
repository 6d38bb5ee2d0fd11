"""The real engine: ephemeral environments (`env up`, `env down`, `env ls`) on a copy of examples/.

The tests of this module run in order on ONE copy and ONE file backend, where `dev` is deployed
once. In the copy, `cluster` and `database` read the name of their networking stack from config
(`networkStack`, set to `dev` in their dev stack files, the current stack otherwise), so that
`--share networking/dev` can keep them reading networking/dev; every other reference is built
from the current stack name, as in examples/.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.helpers import engine
from tests.helpers.deploy import (
    STACKGRAPH,
    deploy_env,
    files_containing,
    leftover_processes,
    show,
    stack_list,
    stackgraph,
)

pytestmark = pytest.mark.engine

PROJECTS = ("api", "cluster", "database", "monitoring", "networking", "web")
STATE_FILES = "state/.pulumi/stacks"
SECRET = "s3cr3t-api-key-4711"  # a secure config value of database/dev


class Estate:
    def __init__(self, root: Path, copy: Path, env: dict[str, str], pulumi_env: dict[str, str]) -> None:
        self.root, self.copy, self.env, self.pulumi_env = root, copy, env, pulumi_env

    def outputs(self, project: str, stack: str) -> dict[str, object]:
        return engine.stack_outputs(self.pulumi_env, self.copy / project, stack)

    def stacks(self, name: str) -> list[str]:
        """The projects that have a stack `name` in the backend."""
        return [p for p in PROJECTS if name in stack_list(self.pulumi_env, self.copy / p)]

    def stack_files(self, name: str) -> list[str]:
        return sorted(str(f.relative_to(self.copy)) for f in self.copy.glob(f"*/Pulumi.{name}.yaml"))

    def dev_state(self) -> dict[str, str]:
        """Digest of each dev checkpoint and the number of its updates: any deploy of dev changes them."""
        out = {}
        for project in PROJECTS:
            checkpoint = self.root / STATE_FILES / project / "dev.json"
            history = engine.check(
                engine.run_pulumi(self.pulumi_env, self.copy / project, "stack", "history", "--json", "-s", "dev")
            )
            digest = hashlib.sha256(checkpoint.read_bytes()).hexdigest()
            out[project] = f"{digest} {len(json.loads(history.stdout))}"
        return out


def _read_network_from_config(copy: Path) -> None:
    """cluster and database: the networking stack's name from config `networkStack`, else the current stack."""
    ts = copy / "cluster" / "index.ts"
    ts.write_text(
        ts.read_text().replace(
            "const network = new pulumi.StackReference(`${pulumi.getOrganization()}/networking/${pulumi.getStack()}`);",
            'const networkStack = config.get("networkStack") ?? pulumi.getStack();\n'
            "const network = new pulumi.StackReference(`${pulumi.getOrganization()}/networking/${networkStack}`);",
        )
    )
    py = copy / "database" / "__main__.py"
    py.write_text(
        py.read_text().replace(
            'network = pulumi.StackReference(f"{pulumi.get_organization()}/networking/{stack}")',
            'network_stack = config.get("networkStack") or stack\n'
            'network = pulumi.StackReference(f"{pulumi.get_organization()}/networking/{network_stack}")',
        )
    )
    assert "networkStack" in ts.read_text() and "network_stack" in py.read_text()
    for project in ("cluster", "database"):
        path = copy / project / "Pulumi.dev.yaml"
        path.write_text(path.read_text().replace("config:\n", f"config:\n  {project}:networkStack: dev\n", 1))


@pytest.fixture(scope="module")
def estate(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Estate:
    root = tmp_path_factory.mktemp("envs")
    copy = make_examples_copy(root / "examples")
    _read_network_from_config(copy)
    pulumi_env = make_engine_env(root)
    env = deploy_env(pulumi_bin, pulumi_env)
    engine.check(engine.run_pulumi(pulumi_env, copy / "database", "stack", "init", "dev"))
    secret = ("config", "set", "--secret", "database:apiKey", SECRET, "-s", "dev")
    engine.check(engine.run_pulumi(pulumi_env, copy / "database", *secret))
    proc = stackgraph("up", copy, "--env", "dev", "--create-stacks", env=env)
    assert proc.returncode == 0, show(proc)
    return Estate(root, copy, env, pulumi_env)


def test_env_up_copies_dev_and_the_outputs_flow_through_the_pr_stacks(estate: Estate) -> None:
    before = estate.dev_state()
    report, junit = estate.root / "pr-7-report.json", estate.root / "pr-7-junit.xml"
    args = ("--ttl", "3h", "--report", report, "--junit", junit)
    proc = stackgraph("env", "up", "pr-7", "--from", "dev", estate.copy, *args, env=estate.env)
    assert proc.returncode == 0, show(proc)
    # The reports of `up`, with the environment's stacks in the order they ran.
    doc = json.loads(report.read_text())
    assert (doc["schema"], doc["command"]) == ("stackgraph.run/v1", "up")
    ran = [s["id"] for s in doc["stacks"]]
    assert sorted(ran) == [f"{p}/pr-7" for p in PROJECTS]
    assert (
        ran.index("networking/pr-7") < ran.index("database/pr-7") < ran.index("api/pr-7") < ran.index("monitoring/pr-7")
    )
    assert {s["status"] for s in doc["stacks"]} == {"succeeded"}
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("6", "0", "0")
    assert [c.get("name") for c in suite.findall("testcase")] == ran
    err = proc.stderr
    plan = err[err.index("environment pr-7 from dev") : err.index("stackgraph: created stack")]
    assert plan.startswith("environment pr-7 from dev: 6 stack(s) to create, 9 config value(s) rewritten, 0 shared\n")
    assert "  1  networking/pr-7  with the config of networking/dev\n" in plan
    assert "  cluster/pr-7  cluster:networkStack  dev -> pr-7  (cluster/Pulumi.dev.yaml)\n" in plan  # read in code
    assert "  api/pr-7  stackgraph:dependsOn[0]  database/dev -> database/pr-7  (api/Pulumi.dev.yaml)\n" in plan
    assert estate.stacks("pr-7") == list(PROJECTS)
    # The values that flowed: networking/pr-7's vpc through cluster/pr-7 and database/pr-7 into api/pr-7,
    # and api/pr-7 and web/pr-7 into monitoring/pr-7.
    assert estate.outputs("cluster", "pr-7")["networkVpcId"] == "vpc-pr-7-10-0"
    api_url = "https://k8s-pr-7.vpc-pr-7-10-0.k8s.internal:6443/shop/api/healthz?db=shop-pr-7.vpc-pr-7-10-0.db.internal"
    assert estate.outputs("api", "pr-7")["apiUrl"] == api_url
    checks = estate.outputs("monitoring", "pr-7")["checks"]
    assert [c["url"] for c in checks] == [api_url, "https://web.apps.k8s-pr-7.example.com"]
    assert estate.outputs("database", "pr-7")["dbPassword"] == "[secret]"
    assert before == estate.dev_state()  # dev was read, never deployed
    # The secret config came along, encrypted for pr-7 (its own ciphertext), and was never shown.
    get = ("config", "get", "database:apiKey", "-s", "pr-7")
    assert engine.check(engine.run_pulumi(estate.pulumi_env, estate.copy / "database", *get)).stdout.strip() == SECRET
    ciphertexts = [
        yaml.safe_load((estate.copy / "database" / f"Pulumi.{s}.yaml").read_text())["config"]["database:apiKey"]
        for s in ("dev", "pr-7")
    ]
    assert all("secure" in c for c in ciphertexts) and ciphertexts[0] != ciphertexts[1]
    assert SECRET not in proc.stdout + proc.stderr
    assert files_containing(estate.copy / ".stackgraph", SECRET) == []
    tags = json.loads(
        engine.run_pulumi(estate.pulumi_env, estate.copy / "api", "stack", "tag", "ls", "--json", "-s", "pr-7").stdout
    )
    assert (tags["stackgraph:env"], tags["stackgraph:from"], tags["stackgraph:ttl"]) == ("pr-7", "dev", "3h")
    shown = stackgraph("env", "outputs", "pr-7", estate.copy, env=estate.env)
    assert shown.returncode == 0, show(shown)
    assert shown.stdout.startswith("<!-- stackgraph:env pr-7 -->\n## Environment pr-7: 6 stack(s)\n")
    assert f"| api/pr-7 | apiUrl | `{api_url}` |\n" in shown.stdout
    assert "| database/pr-7 | dbPassword | `[secret]` |\n" in shown.stdout
    assert "dev-seed-7f3a-pr-7-shop-pw" not in shown.stdout + shown.stderr  # the secret's value never shows
    listed = stackgraph("env", "ls", estate.copy, "-f", "json", env=estate.env)
    assert listed.returncode == 0, show(listed)
    (env,) = json.loads(listed.stdout)["environments"]
    assert (env["name"], env["from"], env["ttl_s"], env["expired"]) == ("pr-7", "dev", 10800, False)
    assert [s["id"] for s in env["stacks"]] == [f"{p}/pr-7" for p in PROJECTS]


def test_env_up_refuses_a_name_that_is_a_permanent_stack(estate: Estate) -> None:
    proc = stackgraph("env", "up", "prod", "--from", "dev", estate.copy, env=estate.env)
    assert proc.returncode == 2, show(proc)
    assert proc.stderr.splitlines()[-1].startswith(
        "stackgraph: error: prod is a permanent stack of a chosen project: "
        "api/prod (its stack file api/Pulumi.prod.yaml exists)"
    )
    assert estate.stacks("prod") == []


def test_env_down_removes_every_pr_stack_and_file_and_leaves_dev(estate: Estate) -> None:
    before = estate.dev_state()
    proc = stackgraph("env", "down", "pr-7", estate.copy, env=estate.env)
    assert proc.returncode == 0, show(proc)
    order = [ln.split()[2] for ln in proc.stderr.splitlines() if " done " in ln]
    assert order.index("monitoring/pr-7") < order.index("api/pr-7") < order.index("database/pr-7")
    assert order.index("cluster/pr-7") < order.index("networking/pr-7")
    assert estate.stacks("pr-7") == []
    assert estate.stack_files("pr-7") == []
    assert not (estate.copy / ".stackgraph" / "envs" / "pr-7.json").exists()
    assert before == estate.dev_state()
    assert estate.outputs("cluster", "dev")["networkVpcId"] == "vpc-dev-10-0"
    again = stackgraph("env", "down", "pr-7", estate.copy, env=estate.env)
    assert again.returncode == 0, show(again)
    assert "nothing to take down" in again.stderr


def test_env_up_with_share_keeps_reading_the_shared_stack_and_gc_takes_it_down_once_expired(estate: Estate) -> None:
    args = ("-s", "networking/dev", "-s", "database/dev", "--share", "networking/dev", "--ttl", "1s")
    proc = stackgraph("env", "up", "pr-8", "--from", "dev", estate.copy, *args, env=estate.env)
    assert proc.returncode == 0, show(proc)
    shared = "shared (read as they are, never copied nor changed):\n  networking/dev  read by database/pr-8\n"
    assert shared in proc.stderr
    assert estate.stacks("pr-8") == ["database"]
    assert estate.outputs("database", "pr-8")["dbHost"] == "shop-pr-8.vpc-dev-10-0.db.internal"
    time.sleep(1)
    gc = stackgraph("env", "gc", estate.copy, env=estate.env)
    assert gc.returncode == 0, show(gc)
    assert "stackgraph: pr-8 has expired: taking it down" in gc.stderr
    assert estate.stacks("pr-8") == [] and estate.stack_files("pr-8") == []
    assert estate.stacks("dev") == list(PROJECTS)


def test_env_down_names_a_tagged_stack_of_a_project_the_checkout_does_not_have(estate: Estate) -> None:
    ghost = estate.root / "ghost"
    ghost.mkdir()
    (ghost / "Pulumi.yaml").write_text("name: ghost\nruntime: yaml\n")
    engine.check(engine.run_pulumi(estate.pulumi_env, ghost, "stack", "init", "pr-6"))
    engine.check(
        engine.run_pulumi(estate.pulumi_env, ghost, "stack", "tag", "set", "stackgraph:env", "pr-6", "-s", "pr-6")
    )
    proc = stackgraph("env", "down", "pr-6", estate.copy, env=estate.env)
    assert proc.returncode == 1, show(proc)
    assert (
        f"stackgraph: warning: ghost/pr-6 carries stackgraph:env=pr-6 but its project is not in {estate.copy}: "
        in proc.stderr
    )
    assert proc.stderr.splitlines()[-1] == (
        "stackgraph: error: 1 stack(s) of pr-6 are in projects this checkout does not have: ghost/pr-6; "
        "they were not taken down"
    )
    assert "pr-6" in stack_list(estate.pulumi_env, ghost)  # not touched


SLOW = """import os, pathlib, time
if os.environ.get("SG_TEST_MARKER"):
    pathlib.Path(os.environ["SG_TEST_MARKER"]).write_text("started")
    time.sleep(300)
"""


def test_an_env_up_interrupted_by_ctrl_c_is_cleaned_up_by_env_down(estate: Estate) -> None:
    program = estate.copy / "database" / "__main__.py"
    original = program.read_text()
    program.write_text(SLOW + original)
    marker, err = estate.root / "database-started", estate.root / "interrupted.err"
    try:
        with err.open("wb") as e:
            proc = subprocess.Popen(
                [str(STACKGRAPH), "env", "up", "pr-9", "--from", "dev", str(estate.copy)],
                env={**estate.env, "SG_TEST_MARKER": str(marker)}, stdout=subprocess.DEVNULL, stderr=e,
                start_new_session=True,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 120
                while not marker.exists():
                    assert proc.poll() is None and time.monotonic() < deadline, err.read_text()
                    time.sleep(0.1)
                os.killpg(proc.pid, signal.SIGINT)
                rc = proc.wait(timeout=60)
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    finally:
        program.write_text(original)
    assert rc == 130, err.read_text()
    assert leftover_processes(estate.copy) == []
    assert estate.stacks("pr-9") == list(PROJECTS)  # every stack was created and tagged before the deploy
    down = stackgraph("env", "down", "pr-9", estate.copy, env=estate.env)
    assert down.returncode == 0, show(down)
    assert estate.stacks("pr-9") == [] and estate.stack_files("pr-9") == []
    assert estate.outputs("database", "dev")["dbHost"] == "shop-dev.vpc-dev-10-0.db.internal"


def _tags(estate: Estate, project: str, stack: str) -> dict[str, str]:
    ls = ("stack", "tag", "ls", "--json", "-s", stack)
    return dict(json.loads(engine.check(engine.run_pulumi(estate.pulumi_env, estate.copy / project, *ls)).stdout))


def _killed_between_init_and_tags(estate: Estate, name: str) -> None:
    """Run `env up NAME --from dev -s networking/dev` with a `pulumi` that SIGKILLs stackgraph when asked to tag
    the stack it has just created: the window a Ctrl-C cannot reach (it is held), an error or a SIGKILL can."""
    real = Path(estate.env["STACKGRAPH_PULUMI_BIN"]) / "pulumi"
    folder = estate.root / "killing-pulumi"
    folder.mkdir(exist_ok=True)
    wrapper = folder / "pulumi"
    wrapper.write_text(
        f'#!/bin/sh\ncase "$*" in *"stack tag set"*) kill -KILL "$PPID"; exit 1;; esac\nexec {real} "$@"\n'
    )
    wrapper.chmod(0o755)
    args = ("env", "up", name, "--from", "dev", estate.copy, "-s", "networking/dev")
    killed = stackgraph(*args, env={**estate.env, "STACKGRAPH_PULUMI_BIN": str(folder)})
    assert killed.returncode == -signal.SIGKILL, show(killed)
    assert estate.stacks(name) == ["networking"]
    assert not any(k.startswith("stackgraph:") for k in _tags(estate, "networking", name))  # created, never tagged
    assert (estate.copy / ".stackgraph" / "envs" / f"{name}.json").is_file()  # recorded before creation


def test_a_stack_an_env_up_killed_before_tagging_is_removed_by_env_down(estate: Estate) -> None:
    _killed_between_init_and_tags(estate, "pr-5")
    down = stackgraph("env", "down", "pr-5", estate.copy, env=estate.env)
    assert down.returncode == 0, show(down)
    assert (
        "stackgraph: removed stack networking/pr-5 (an interrupted env up created it, and it was never tagged nor "
        "deployed)\n"
    ) in down.stderr
    assert "nothing to take down" not in down.stderr
    assert estate.stacks("pr-5") == [] and estate.stack_files("pr-5") == []
    assert not (estate.copy / ".stackgraph" / "envs" / "pr-5.json").exists()


def test_a_stack_an_env_up_killed_before_tagging_is_adopted_by_the_next_env_up(estate: Estate) -> None:
    _killed_between_init_and_tags(estate, "pr-5")
    up = stackgraph("env", "up", "pr-5", "--from", "dev", estate.copy, "-s", "networking/dev", env=estate.env)
    assert up.returncode == 0, show(up)
    assert (
        "stackgraph: networking/pr-5 is in the backend without its tag, recorded in .stackgraph/envs/pr-5.json and "
        "never deployed: an earlier env up stopped while creating it; env up adopts it (tags it stackgraph:env=pr-5)\n"
    ) in up.stderr
    assert _tags(estate, "networking", "pr-5")["stackgraph:env"] == "pr-5"
    assert estate.outputs("networking", "pr-5")["vpcId"] == "vpc-pr-5-10-0"
    down = stackgraph("env", "down", "pr-5", estate.copy, env=estate.env)
    assert down.returncode == 0, show(down)
    assert estate.stacks("pr-5") == [] and estate.stack_files("pr-5") == []


def test_untagged_stacks_called_name_that_no_env_up_recorded_are_never_touched(estate: Estate) -> None:
    """A deployed permanent stack pr-3 of networking (no stack file in the checkout), and a never-deployed pr-4
    (what an env up killed in a CI job whose checkout is gone would leave): env up refuses both names; env down
    leaves pr-3 in silence and names pr-4 with the command that removes it (exit 1)."""
    net, env = estate.copy / "networking", estate.pulumi_env
    engine.check(engine.run_pulumi(env, net, "stack", "init", "pr-3", "--no-select"))
    engine.check(engine.run_pulumi(env, net, "config", "set", "cidr", "10.3.0.0/16", "-s", "pr-3"))
    engine.check(engine.run_pulumi(env, net, "up", "--yes", "--skip-preview", "-s", "pr-3"))
    engine.check(engine.run_pulumi(env, net, "stack", "init", "pr-4", "--no-select"))
    for name in ("pr-3", "pr-4"):
        (net / f"Pulumi.{name}.yaml").unlink()  # only in the backend
    permanent = engine.check(engine.run_pulumi(env, net, "stack", "export", "-s", "pr-3")).stdout
    refused = stackgraph("env", "up", "pr-3", "--from", "dev", estate.copy, env=estate.env)
    assert refused.returncode == 2, show(refused)
    assert refused.stderr.splitlines()[-1] == (
        "stackgraph: error: pr-3 is a permanent stack of a chosen project: networking/pr-3 (in the backend, without "
        "the tag stackgraph:env, deployed); env up never touches a stack it did not create: choose another NAME"
    )
    remove = f"{estate.env['STACKGRAPH_PULUMI_BIN']}/pulumi stack rm pr-4 --yes --cwd {net.resolve()}"
    refused = stackgraph("env", "up", "pr-4", "--from", "dev", estate.copy, env=estate.env)
    assert refused.returncode == 2, show(refused)
    assert refused.stderr.splitlines()[-1] == (
        "stackgraph: error: pr-4 is a permanent stack of a chosen project: networking/pr-4 (in the backend without "
        "the tag stackgraph:env, never deployed, not in .stackgraph/envs/pr-4.json: if an interrupted env up left "
        f"it, remove it with `{remove}`); env up never touches a stack it did not create: choose another NAME"
    )
    down = stackgraph("env", "down", "pr-3", estate.copy, env=estate.env)
    assert down.returncode == 0, show(down)
    assert "stackgraph: no stack carries stackgraph:env=pr-3" in down.stderr
    down = stackgraph("env", "down", "pr-4", estate.copy, env=estate.env)
    assert down.returncode == 1, show(down)
    assert (
        "stackgraph: warning: networking/pr-4 has no tag stackgraph:env=pr-4 and was never deployed: not touched, "
        "as no record of env up here names it; if an interrupted env up left it (in a checkout that is gone), "
        f"remove it with `{remove}`\n"
    ) in down.stderr
    assert down.stderr.splitlines()[-1] == (
        "stackgraph: error: 1 stack(s) called pr-4 have no tag stackgraph:env=pr-4: networking/pr-4 (see the "
        "warnings above); they were not taken down"
    )
    assert estate.stacks("pr-3") == ["networking"] and estate.stacks("pr-4") == ["networking"]
    assert engine.check(engine.run_pulumi(env, net, "stack", "export", "-s", "pr-3")).stdout == permanent
    assert estate.stack_files("pr-3") == estate.stack_files("pr-4") == []
    assert not list((estate.copy / ".stackgraph" / "envs").glob("pr-[34].json"))
    subprocess.run(remove, shell=True, env=env, check=True, capture_output=True)  # the command named works
    assert estate.stacks("pr-4") == []


def test_env_down_leaves_the_deployed_permanent_stacks_of_that_name_alone(estate: Estate) -> None:
    before = estate.dev_state()
    down = stackgraph("env", "down", "dev", estate.copy, env=estate.env)
    assert down.returncode == 0, show(down)
    assert down.stderr.splitlines()[-1].startswith("stackgraph: no stack carries stackgraph:env=dev in ")
    assert before == estate.dev_state() and estate.stacks("dev") == list(PROJECTS)
    assert len(estate.stack_files("dev")) == len(PROJECTS)


def test_env_up_from_a_base_missing_in_the_backend_is_one_line_and_creates_nothing(estate: Estate) -> None:
    proc = stackgraph("env", "up", "pr-2", "--from", "prod", estate.copy, "-s", "networking/prod", env=estate.env)
    assert proc.returncode == 2, show(proc)
    assert proc.stderr.splitlines()[-1] == (
        f"stackgraph: error: networking/prod: not in the backend {estate.pulumi_env['PULUMI_BACKEND_URL']}; the "
        "environment copies the config of its stacks from there: deploy prod first, or leave these out (--exclude)"
    )
    assert [ln for ln in proc.stderr.splitlines() if ln.startswith("stackgraph: error:")] == [
        proc.stderr.splitlines()[-1]
    ]
    assert estate.stacks("pr-2") == [] and estate.stack_files("pr-2") == []
    assert not (estate.copy / ".stackgraph" / "envs" / "pr-2.json").exists()
