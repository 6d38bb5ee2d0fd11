"""Saved plans with the real engine: `preview --save-plan DIR`, then `up --plan DIR` applies it or refuses.

A small git repository of two YAML programs (fast: no language host but the YAML one, no plugin):
`net` exports `zone` and `note` from its config (and a secret); `app` reads them through a
StackReference into `pulumi:index:Stash` resources: `zone` (replaced when its input changes),
`mirror` (`<note>-<suffix>`, updated) and `label` (its own config); `secretbox` and `tokencopy` hold
the secret config value and net's secret output, changed with `size`, so that the update plan carries
them. dev is deployed once per module; each test starts from a copy of the repository and of the file
backend, changes files, saves a plan, and applies it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import deploy_env, load_report, show, stackgraph
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

CONFIG_CANARY = "pw-canary-5b1e"  # app's `secure:` config value
OUTPUT_CANARY = "out-canary-9d2c"  # net's secret output
NET = f"""name: net
runtime: yaml
config:
  zone:
    type: string
  note:
    type: string
resources:
  marker:
    type: pulumi:index:Stash
    properties:
      input: ${{zone}}
outputs:
  zone: ${{zone}}
  note: ${{note}}
  token:
    fn::secret: {OUTPUT_CANARY}
"""
APP = """name: app
runtime: yaml
config:
  size:
    type: string
  suffix:
    type: string
  pw:
    type: string
    secret: true
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: organization/net/dev
  label:
    type: pulumi:index:Stash
    properties:
      input: ${size}
  mirror:
    type: pulumi:index:Stash
    properties:
      input: ${net.outputs["note"]}-${suffix}
  zone:
    type: pulumi:index:Stash
    properties:
      input: ${net.outputs["zone"]}
    options:
      replaceOnChanges: ["input"]
  secretbox:
    type: pulumi:index:Stash
    properties:
      input: ${pw}-${size}
  tokencopy:
    type: pulumi:index:Stash
    properties:
      input: ${net.outputs["token"]}-${size}
outputs:
  label: ${label.input}
  mirror: ${mirror.input}
  zone: ${zone.input}
"""


@dataclass(frozen=True)
class Estate:
    repo: Path
    bundle: Path
    env: dict[str, str]

    def set(self, rel: str, old: str, new: str) -> None:
        path = self.repo / rel
        text = path.read_text()
        assert old in text, (rel, old, text)
        path.write_text(text.replace(old, new))

    def outputs(self, project: str) -> dict[str, object]:
        return engine.stack_outputs(self.env, self.repo / project, "dev")

    def history(self, project: str) -> int:
        proc = engine.check(engine.run_pulumi(self.env, self.repo / project, "stack", "history", "--json", "-s", "dev"))
        return len(json.loads(proc.stdout))


@pytest.fixture(scope="module")
def deployed(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Once per module: net/dev and app/dev deployed from a committed git repository (app with a `secure:` value)."""
    root = tmp_path_factory.mktemp("saved-plan")
    repo = write_repo(
        root / "repo",
        {
            "net/Pulumi.yaml": NET,
            "net/Pulumi.dev.yaml": "config:\n  net:zone: zone-a\n  net:note: note-1\n",
            "app/Pulumi.yaml": APP,
            "app/Pulumi.dev.yaml": "config:\n  app:size: small\n  app:suffix: s1\n",
            ".gitignore": ".stackgraph/\n",
        },
    )
    env = deploy_env(pulumi_bin, make_engine_env(root / "engine"), STACKGRAPH_CACHE_DIR="off")
    engine.check(engine.run_pulumi(env, repo / "app", "stack", "init", "dev"))
    engine.check(engine.run_pulumi(env, repo / "app", "config", "set", "--secret", "pw", CONFIG_CANARY, "-s", "dev"))
    up = stackgraph("up", repo, "--create-stacks", env=env)
    assert up.returncode == 0, show(up)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "dev deployed")
    return root


@pytest.fixture
def estate(
    deployed: Path, pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> Estate:
    """A copy of the deployed repository and of its file backend: each test starts from the same state."""
    shutil.copytree(deployed / "repo", tmp_path / "repo", symlinks=True)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    shutil.rmtree(tmp_path / "engine" / "state")
    shutil.copytree(deployed / "engine" / "state", tmp_path / "engine" / "state", symlinks=True)
    return Estate(tmp_path / "repo", tmp_path / "bundle", env)


def save(estate: Estate) -> None:
    proc = stackgraph("preview", estate.repo, "--save-plan", estate.bundle, env=estate.env)
    assert proc.returncode == 0, show(proc)
    assert f"saved the plan of 2 stack(s) in {estate.bundle}" in proc.stderr, show(proc)


def apply(estate: Estate, *extra: str | Path) -> tuple[int, str]:
    proc = stackgraph("up", estate.repo, "--plan", estate.bundle, *extra, env=estate.env)
    return proc.returncode, show(proc)


def test_preview_then_up_with_the_plan_applies_it_and_no_secret_is_in_the_bundle(estate: Estate) -> None:
    estate.set("app/Pulumi.dev.yaml", "small", "large")
    save(estate)
    doc = json.loads((estate.bundle / "plan.json").read_text())
    assert doc["schema"] == "stackgraph.saved-plan/v1"
    assert doc["order"] == [["net/dev"], ["app/dev"]]
    assert doc["repository"]["dirty"] is True
    app = doc["stacks"]["app/dev"]
    assert [(r["op"], r["name"]) for r in app["resources"]] == [
        ("update", "label"),
        ("update", "secretbox"),
        ("update", "tokencopy"),
    ]
    assert app["resources"][0] == {
        "name": "label",
        "op": "update",
        "type": "pulumi:index:Stash",
        "urn": "urn:pulumi:dev::app::pulumi:index:Stash::label",
    }
    assert app["upstreams_in_plan"] == ["net/dev"]
    assert {"app/Pulumi.yaml", "app/Pulumi.dev.yaml"} <= set(app["files"])
    assert "net/Pulumi.dev.yaml" not in app["files"]
    assert (estate.bundle / app["update_plan"]).is_file()
    for path in estate.bundle.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert CONFIG_CANARY not in text and OUTPUT_CANARY not in text, path
    report = estate.repo / "run.json"
    code, out = apply(estate, "--report", report)
    assert code == 0, out
    assert "app/dev: applied exactly what was approved" in out
    assert CONFIG_CANARY not in out and OUTPUT_CANARY not in out
    stacks = load_report(report)
    assert stacks["app/dev"]["summary"]["approval"] == "matched"
    assert estate.outputs("app")["label"] == "large"


def test_an_edit_after_the_preview_is_refused_naming_the_file_and_stack(estate: Estate) -> None:
    estate.set("app/Pulumi.dev.yaml", "small", "large")
    save(estate)
    before = estate.history("app")
    estate.set("app/Pulumi.yaml", "name: app\n", "name: app\n# edited after the preview\n")
    (estate.repo / "app" / "extra.txt").write_text("a new file in the project")
    (estate.bundle / "stacks" / "net" / "dev.plan.json").unlink()
    code, out = apply(estate)
    assert code == 2, out
    assert "stackgraph: refused: app/dev: app/Pulumi.yaml changed since the preview" in out
    assert "stackgraph: refused: app/dev: app/extra.txt added since the preview" in out
    assert f"stackgraph: refused: net/dev: {estate.bundle}/stacks/net/dev.plan.json is missing" in out
    assert "3 difference(s) since the preview" in out
    assert "nothing was deployed" in out
    assert estate.history("app") == before


def test_a_deploy_by_someone_else_between_preview_and_apply_is_refused(estate: Estate) -> None:
    estate.set("net/Pulumi.dev.yaml", "note-1", "note-2")
    save(estate)
    engine.check(engine.up(estate.env, estate.repo / "net", "dev"))  # someone else deploys net/dev
    before = estate.history("app")
    code, out = apply(estate)
    assert code == 2, out
    assert "stackgraph: refused: net/dev: its deployed state changed since the plan was saved" in out
    assert "app/dev:" not in out.split("stackgraph: error:")[0].replace("net/dev", "")  # only net/dev moved
    assert estate.history("app") == before


def test_an_upstream_change_that_turns_an_approved_update_into_a_replace_is_stopped(estate: Estate) -> None:
    estate.set("net/Pulumi.dev.yaml", "zone-a", "zone-b")
    estate.set("app/Pulumi.dev.yaml", "small", "large")
    save(estate)
    approved = json.loads((estate.bundle / "plan.json").read_text())["stacks"]["app/dev"]["resources"]
    assert [(r["op"], r["name"]) for r in approved] == [  # previewed with net's OLD zone
        ("update", "label"),
        ("update", "secretbox"),
        ("update", "tokencopy"),
    ]
    code, out = apply(estate)
    assert code == 1, out
    assert "replace pulumi:index:Stash zone (approved: no change)" in out
    assert "nothing was applied to app/dev" in out
    assert f"--save-plan {estate.bundle}" in out  # how to re-approve
    assert estate.outputs("net")["zone"] == "zone-b"  # the upstream was applied
    assert estate.outputs("app") == {"label": "small", "mirror": "note-1-s1", "zone": "zone-a"}  # app untouched


def test_an_upstream_change_within_the_approved_update_is_applied(estate: Estate) -> None:
    estate.set("net/Pulumi.dev.yaml", "note-1", "note-2")
    estate.set("app/Pulumi.dev.yaml", "suffix: s1", "suffix: s2")
    save(estate)
    approved = json.loads((estate.bundle / "plan.json").read_text())["stacks"]["app/dev"]["resources"]
    assert [(r["op"], r["name"]) for r in approved] == [("update", "mirror")]
    code, out = apply(estate)
    assert code == 0, out
    assert "app/dev: applied exactly what was approved" in out
    assert estate.outputs("app")["mirror"] == "note-2-s2"  # the NEW upstream output, not the previewed one


SOLO = """import os

import pulumi

# What the program does depends on the environment, which no file digest can see.
box = pulumi.Stash("box", input=os.environ.get("SOLO_INPUT", "a"))
pulumi.export("box", box.input)
"""


def test_an_update_beyond_the_engine_plan_is_refused_by_the_engine_and_named(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    repo = write_repo(
        tmp_path / "repo",
        {
            "solo/Pulumi.yaml": "name: solo\nruntime: python\n",
            "solo/Pulumi.dev.yaml": "config: {}\n",
            "solo/__main__.py": SOLO,
        },
    )
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    up = stackgraph("up", repo, "--create-stacks", env=env)
    assert up.returncode == 0, show(up)
    preview = stackgraph("preview", repo, "--save-plan", tmp_path / "bundle", env={**env, "SOLO_INPUT": "b"})
    assert preview.returncode == 0, show(preview)
    applied = stackgraph("up", repo, "--plan", tmp_path / "bundle", env={**env, "SOLO_INPUT": "c"})
    assert applied.returncode == 1, show(applied)
    assert "the engine refused to go beyond the approved update plan: resource" in applied.stderr, show(applied)
    assert "violates plan" in applied.stderr and "pulumi/pulumi#11587" in applied.stderr
    assert engine.stack_outputs(env, repo / "solo", "dev") == {"box": "a"}
