"""`bench/bench_plan.py` as a module: its generator makes the synthetic estates the scan tests read (Python,
TypeScript, Go and YAML programs with StackReferences, 3 stacks each), the same the benchmarks time."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_plan_for_tests", HERE / "bench" / "bench_plan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_plan = _load()
