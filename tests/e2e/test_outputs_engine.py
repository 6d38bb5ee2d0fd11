"""A stack's outputs after `up`, read from the update's own event log, digest as `pulumi stack output` does.

`--resume` records the digest of each succeeded stack's outputs; reading them from the event log the
update already wrote saves an engine start per stack. The real engine decides whether both agree.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from stackgraph.cache.fingerprint import outputs_digest
from stackgraph.run.pulumi.jobs import stack_outputs_in
from tests.helpers import engine

PROGRAM = """\
name: outs
runtime: yaml
config:
  label:
    type: string
outputs:
  plain: ${label}
  nested:
    k: [1, 2]
    deeper: { a: "${label}" }
  password:
    fn::secret: canary-s3cr3t
"""


@pytest.mark.engine
def test_outputs_in_the_event_log_digest_as_stack_output_does(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    env = make_engine_env(tmp_path / "engine") | {"PULUMI_DEBUG_COMMANDS": "true"}
    project = tmp_path / "outs"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(PROGRAM)
    (project / "Pulumi.dev.yaml").write_text("config:\n  outs:label: first\n")
    pulumi = str(pulumi_bin / "pulumi")
    cwd = ["--stack", "dev", "--cwd", str(project), "--non-interactive"]
    init = [pulumi, "stack", "init", *cwd]
    engine.check(subprocess.run(init, env=env, capture_output=True, text=True, check=False))
    for n, label in enumerate(["first", "first", "second"]):  # a create, a `same` update, a change
        (project / "Pulumi.dev.yaml").write_text(f"config:\n  outs:label: {label}\n")
        log = tmp_path / f"events-{n}.jsonl"
        argv = [pulumi, "up", "--yes", "--skip-preview", *cwd, "--event-log", str(log)]
        engine.check(subprocess.run(argv, env=env, capture_output=True, text=True, check=False))
        shown = engine.check(
            subprocess.run(
                [pulumi, "stack", "output", "--json", *cwd], env=env, capture_output=True, text=True, check=False
            )
        )
        found = stack_outputs_in(log)
        assert found is not None, n
        assert outputs_digest(found) == outputs_digest(json.loads(shown.stdout)), n
        assert "canary-s3cr3t" not in json.dumps(found)


def test_an_event_log_without_the_stack_outputs_gives_none(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    assert stack_outputs_in(log) is None  # no file
    other = {"resOutputsEvent": {"metadata": {"new": {"type": "random:index:Pet", "outputs": {"id": "x"}}}}}
    log.write_text(json.dumps({"sequence": 1}) + "\n" + json.dumps(other) + "\n{torn")
    assert stack_outputs_in(log) is None
