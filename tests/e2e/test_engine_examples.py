"""Ground truth with the real engine: the examples deploy with the plain `pulumi` CLI, in order.

The session shares one file backend: networking/dev is deployed once, then each dependent reads
its outputs through a StackReference. Dependents deployed first, on a fresh backend, fail with the
engine's own "unknown stack" error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import engine

pytestmark = pytest.mark.engine

STACK = "dev"
VPC_ID = "vpc-dev-10-0"  # networking/dev computes this from its cidr config (10.0.0.0/16)


@pytest.fixture(scope="module")
def networking(engine_env: dict[str, str], examples_copy: Path) -> dict[str, Any]:
    """networking/dev (YAML), deployed once for the session's backend; its outputs."""
    return engine.deploy(engine_env, examples_copy / "networking", STACK)


@pytest.fixture(scope="module")
def cluster(engine_env: dict[str, str], examples_copy: Path, networking: dict[str, Any]) -> dict[str, Any]:
    """cluster/dev (TypeScript), deployed after networking/dev; its outputs."""
    return engine.deploy(engine_env, examples_copy / "cluster", STACK)


@pytest.fixture(scope="module")
def database(engine_env: dict[str, str], examples_copy: Path, networking: dict[str, Any]) -> dict[str, Any]:
    """database/dev (Python), deployed after networking/dev; its outputs."""
    return engine.deploy(engine_env, examples_copy / "database", STACK)


def test_yaml_upstream_deploys_its_outputs(networking: dict[str, Any]) -> None:
    assert networking["vpcId"] == VPC_ID
    assert networking["env"] == STACK
    assert networking["privateSubnetIds"] == [f"{VPC_ID}-private-{z}" for z in "abc"]


def test_python_dependent_reads_the_upstream_output(database: dict[str, Any]) -> None:
    assert database["dbHost"] == f"shop-{STACK}.{VPC_ID}.db.internal"
    assert database["dbPassword"] == "[secret]"  # a secret output stays masked


def test_typescript_dependent_reads_the_upstream_output(cluster: dict[str, Any]) -> None:
    assert cluster["networkVpcId"] == VPC_ID
    assert cluster["clusterEndpoint"] == f"https://k8s-{STACK}.{VPC_ID}.k8s.internal:6443"


def test_the_whole_dev_environment_deploys_in_dependency_order(
    engine_env: dict[str, str], examples_copy: Path, database: dict[str, Any], cluster: dict[str, Any]
) -> None:
    api = engine.deploy(engine_env, examples_copy / "api", STACK)  # python: database + cluster
    web = engine.deploy(engine_env, examples_copy / "web", STACK)  # typescript: cluster
    monitoring = engine.deploy(engine_env, examples_copy / "monitoring", STACK)  # yaml: api + web

    assert [check["url"] for check in monitoring["checks"]] == [api["apiUrl"], web["webUrl"]]
    assert cluster["clusterName"] in web["webUrl"]


@pytest.mark.parametrize(
    ("project", "missing"),
    [
        ("database", "networking"),  # python
        ("cluster", "networking"),  # typescript
        ("monitoring", "api"),  # yaml
    ],
)
def test_a_dependent_deployed_first_fails_with_unknown_stack(
    project: str,
    missing: str,
    tmp_path: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
) -> None:
    env = make_engine_env(tmp_path / "engine")  # a fresh, empty backend
    project_dir = make_examples_copy(tmp_path / "examples") / project
    engine.select_stack(env, project_dir, STACK)

    proc = engine.up(env, project_dir, STACK)

    assert proc.returncode != 0
    assert f'unknown stack "organization/{missing}/{STACK}"' in proc.stdout + proc.stderr
