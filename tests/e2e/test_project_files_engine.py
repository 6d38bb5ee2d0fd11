"""Which project file and which stack file the real engine reads, and stackgraph with it.

A folder's project file is the first of `Pulumi.json`, `Pulumi.yaml`, `Pulumi.yml` (by name); its stack files
have its extension. Each stack file below holds its own marker value, and `pulumi config` names the one the
engine read: it must be the file `stackgraph scan` says the stack comes from (and the project, its name). Of a
file of two YAML documents, both read the first.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, show, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine


def marker(name: str, file: str) -> str:
    project = name.split("/", maxsplit=1)[0]
    if file.endswith(".json"):
        return json.dumps({"config": {f"{project}:from": file}})
    return f"config:\n  {project}:from: {file}\n"


REPO = {
    "a/Pulumi.yml": "name: pa\nruntime: yaml\n",
    "a/Pulumi.dev.yml": marker("pa", "a/Pulumi.dev.yml"),
    "a/Pulumi.dev.yaml": marker("pa", "a/Pulumi.dev.yaml"),
    "b/Pulumi.json": '{"name": "pb", "runtime": "yaml"}',
    "b/Pulumi.dev.json": marker("pb", "b/Pulumi.dev.json"),
    "b/Pulumi.dev.yaml": marker("pb", "b/Pulumi.dev.yaml"),
    "c/Pulumi.json": '{"name": "pc", "runtime": "yaml"}',
    "c/Pulumi.yaml": "name: pc-yaml\nruntime: yaml\n",
    "c/Pulumi.dev.json": marker("pc", "c/Pulumi.dev.json"),
    "c/Pulumi.dev.yaml": marker("pc-yaml", "c/Pulumi.dev.yaml"),
    "d/Pulumi.yaml": "name: pd\nruntime: yaml\n",
    "d/Pulumi.dev.yaml": marker("pd", "d/Pulumi.dev.yaml") + "---\nconfig:\n  pd:from: the second document\n",
}


def test_stackgraph_reads_the_project_and_stack_files_the_engine_reads(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    scanned = stackgraph("scan", root, "-f", "json", env=env)
    assert scanned.returncode == 0, show(scanned)
    ours = {s["file"].split("/")[0]: (s["project"], s["file"]) for s in json.loads(scanned.stdout)["stacks"]}
    assert set(ours) == {"a", "b", "c", "d"}
    assert "d/Pulumi.dev.yaml:3: a second YAML document starts here" in scanned.stderr
    pulumi = str(pulumi_bin / "pulumi")
    for folder, (project, file) in sorted(ours.items()):
        cwd = root / folder
        init = subprocess.run([pulumi, "stack", "init", "dev", "--non-interactive"], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert init.returncode == 0, init.stderr
        shown = subprocess.run([pulumi, "config", "--stack", "dev", "--json"], cwd=cwd, env=env,
                               capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        config = json.loads(shown.stdout)
        assert config == {f"{project}:from": {"value": file, "secret": False}}, (folder, config)
