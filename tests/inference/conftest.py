"""Fixtures shared by the inference tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.benchplan import bench_plan


@pytest.fixture(scope="session")
def bench_estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 projects of bench/bench_plan.py (Python, TypeScript, Go and YAML programs, 3 stacks each): below the
    pre-parse worker's PARALLEL_MIN, so a scan of it runs in one process unless a test lowers it. Shared:
    copy it before changing it."""
    root = tmp_path_factory.mktemp("bench-estate") / "repo"
    bench_plan.generate(root, 24)
    return root
