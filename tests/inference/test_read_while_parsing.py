"""Inference reads the projects this process parsed while the pre-parse worker still parses the others
(`Prefetch.finish(ready)`): the scan is the same, byte for byte, as when every project is read after."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest

import stackgraph.inference as inference
from stackgraph.discovery.scan import scan
from stackgraph.inference import prefetch, worker

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pre-parse worker runs only on two cores or more")


def _program_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".py", ".ts", ".go"))


def _with_a_stale_parse_cache(root: Path, cache: Path) -> None:
    """Fill a parse cache for `root`, then change every program file: a pack exists (so the worker starts only
    once texts are read, on the files the pack lacks) and holds none of them."""
    os.environ["STACKGRAPH_CACHE_DIR"] = str(cache)
    scan(root)
    for path in _program_files(root):
        path.write_text(path.read_text() + ("\n// changed\n" if path.suffix != ".py" else "\n# changed\n"))


@pytest.mark.parametrize("start", ["off", "cold", "stale"])
def test_projects_are_read_while_the_worker_parses(
    bench_estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    """`off` (no parse cache) and `cold` (none on disk yet): the worker starts right after the walk and reads
    the files itself (`start_early`); `stale`: a pack exists, so it starts once this process read the texts."""
    root = Path(shutil.copytree(bench_estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    if start == "stale":
        _with_a_stale_parse_cache(root, tmp_path / "stale")
        monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    alone = scan(root)  # 24 projects: below PARALLEL_MIN, no worker: every project read after parsing
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off" if start == "off" else str(tmp_path / start))

    real_job = prefetch.parse_job

    def slow_job(*a, **k):  # type: ignore[no-untyped-def]
        time.sleep(0.01)  # only the worker calls parse_job: it is still parsing when this process reads
        return real_job(*a, **k)

    read_during: list[str] = []
    real_one = inference._one_project
    started: list[bool] = []
    real_early = prefetch.start_early

    def early(*a, **k):  # type: ignore[no-untyped-def]
        made = real_early(*a, **k)
        started.append(made is not None)
        return made

    def one(project, *a, **k):  # type: ignore[no-untyped-def]
        if multiprocessing.active_children():  # the worker still runs
            read_during.append(project.path)
        return real_one(project, *a, **k)

    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(prefetch, "parse_job", slow_job)
    monkeypatch.setattr(prefetch, "start_early", early)
    monkeypatch.setattr(inference, "_one_project", one)
    assert scan(root) == alone
    assert started == [start != "stale"]
    assert read_during, "no project was read while the worker parsed"


@pytest.mark.parametrize("dies_after", [0, 5])
def test_a_worker_that_dies_without_a_word_leaves_its_files_here(
    bench_estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dies_after: int
) -> None:
    """Killed before or after it sent some facts (one job per send here): the files it had claimed are
    parsed on demand and their projects read after; the scan is the same."""
    root = Path(shutil.copytree(bench_estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    alone = scan(root)
    parent = os.getpid()
    real_job = prefetch.parse_job
    calls: list[int] = []

    def dying_job(*a, **k):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            calls.append(1)
            if len(calls) > dies_after:
                os._exit(9)  # no message, no traceback
            time.sleep(0.01)
        return real_job(*a, **k)

    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(worker, "CHUNK", 1)
    monkeypatch.setattr(prefetch, "parse_job", dying_job)
    assert scan(root) == alone


def test_facts_sent_one_job_at_a_time_give_the_same_scan(
    bench_estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(shutil.copytree(bench_estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    alone = scan(root)
    sent: list[int] = []
    real_take = prefetch.Prefetch._take

    def take(self, index, done):  # type: ignore[no-untyped-def]
        sent.append(index)
        return real_take(self, index, done)

    real_job = prefetch.parse_job

    def slow_job(*a, **k):  # type: ignore[no-untyped-def]
        time.sleep(0.005)
        return real_job(*a, **k)

    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(worker, "CHUNK", 1)
    monkeypatch.setattr(prefetch, "parse_job", slow_job)
    monkeypatch.setattr(prefetch.Prefetch, "_take", take)
    assert scan(root) == alone
    assert sent, "the worker parsed nothing: the test proves nothing"
