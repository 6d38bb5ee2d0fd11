"""Inference's projects read in two processes (`inference/split.py`): the same scan, byte for byte, as one
process gives; what the child reads beside the programs keys the result cache; a failure in it is loud."""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest

from stackgraph.discovery import scan as scan_module
from stackgraph.discovery.scan import scan
from stackgraph.inference import split
from stackgraph.inference.prefetch import Prefetch, WorkerCrash

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the second process runs only on two cores or more")

HERE = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_plan_for_split", HERE / "bench" / "bench_plan.py")
assert _spec is not None and _spec.loader is not None
bench_plan = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_plan)


def _slow_pid(i: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that both processes take some
    return i, os.getpid()


def test_every_index_once_in_order_and_both_processes_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    run = split.Split(40, _slow_pid, lambda: ("extra", os.getpid()))
    out = run.run()
    assert [i for i, _ in out] == list(range(40))
    pids = {pid for _, pid in out}
    assert os.getpid() in pids and len(pids) == 2  # the parent took some from the back, the child from the front
    child = (pids - {os.getpid()}).pop()
    assert run.extra == ("extra", child)
    assert [pid for _, pid in out] == sorted((pid for _, pid in out), key=lambda p: p != child)  # front: child


def test_no_second_process_below_the_minimum_or_when_not_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "SPLIT_MIN", 10)
    assert {pid for _, pid in split.Split(9, _slow_pid, lambda: None).run()} == {os.getpid()}
    assert {pid for _, pid in split.Split(12, _slow_pid, lambda: None).run(parallel=False)} == {os.getpid()}


def test_a_failure_in_the_child_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    parent = os.getpid()

    def one(i: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("a bug seen only in the child")
        time.sleep(0.005)
        return i

    with pytest.raises(WorkerCrash, match="a bug seen only in the child"):
        split.Split(20, one, lambda: None).run()


def test_a_child_that_dies_without_a_word_leaves_its_projects_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    parent = os.getpid()

    def one(i: int) -> int:
        if os.getpid() != parent:
            os._exit(9)  # killed: no message, no traceback
        time.sleep(0.005)
        return i * i

    run = split.Split(20, one, lambda: "never")
    assert run.run() == [i * i for i in range(20)]
    assert run.extra is None


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("split") / "repo"
    bench_plan.generate(root, 24)  # Python, TypeScript, Go and YAML programs, 3 stacks each
    return root


def _scan_keeping_prefetch(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, Prefetch]:
    kept: list[Prefetch] = []
    real = scan_module._prefetch

    def keep(*a, **k):  # type: ignore[no-untyped-def]
        kept.append(real(*a, **k))
        return kept[-1]

    with monkeypatch.context() as m:
        m.setattr(scan_module, "_prefetch", keep)
        repo = scan(root)
    return repo, kept[0]


def test_a_split_scan_equals_one_process_and_keeps_what_the_child_read(
    estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(shutil.copytree(estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    serial, one = _scan_keeping_prefetch(root, monkeypatch)  # 24 projects: below SPLIT_MIN
    forks: list[int] = []
    real_start = split.Split._start

    def start(self, *a, **k):  # type: ignore[no-untyped-def]
        forks.append(self.n)
        return real_start(self, *a, **k)

    monkeypatch.setattr(split.Split, "_start", start)
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    for cache in ("off", str(tmp_path / "cold")):
        monkeypatch.setenv("STACKGRAPH_CACHE_DIR", cache)
        parted, two = _scan_keeping_prefetch(root, monkeypatch)
        assert parted == serial
        # go.mod, package.json, tsconfig.json: read by whichever process read the project, all recorded here
        assert two.reads.stamps.keys() == one.reads.stamps.keys()
        assert any(rel.endswith("go.mod") for rel in two.reads.stamps)
    assert forks == [24, 24]


def test_a_side_file_only_the_child_read_still_invalidates_the_result(
    estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child takes projects from the front, and this process is slowed down so that it surely does. A
    tsconfig.json or package.json of the first project (read by inference, after the fork; recorded when
    missing too) is then read only there. Editing or making it must make the next scan read everything again."""
    import stackgraph.inference as inference
    from stackgraph.cache import results as resultcache

    root = Path(shutil.copytree(estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(resultcache, "MIN_FILES", 0)
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    parent = os.getpid()
    real_one = inference._one_project

    def one(*a, **k):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            time.sleep(0.02)
        return real_one(*a, **k)

    monkeypatch.setattr(inference, "_one_project", one)
    before: list[set[str]] = []
    real_learner = Prefetch.learner

    def learner(self: Prefetch):  # type: ignore[no-untyped-def]
        before.append(set(self.reads.stamps))  # what this process had read when the child was forked
        return real_learner(self)

    monkeypatch.setattr(Prefetch, "learner", learner)
    with monkeypatch.context() as m:
        m.setattr(split, "SPLIT_MIN", 10_000)
        m.setenv("STACKGRAPH_CACHE_DIR", "off")
        _, alone = _scan_keeping_prefetch(root, monkeypatch)
    rel = min(set(alone.reads.stamps) - before[0])  # read by inference, for the first project
    assert rel.endswith(("tsconfig.json", "package.json"))
    _, prefetch = _scan_keeping_prefetch(root, monkeypatch)  # split: the child reads the first project
    assert rel not in before[1] and rel in prefetch.reads.stamps
    inferred: list[int] = []
    real = scan_module._infer

    def counted(*a, **k):  # type: ignore[no-untyped-def]
        inferred.append(1)
        return real(*a, **k)

    monkeypatch.setattr(scan_module, "_infer", counted)
    scan(root)
    assert inferred == []  # a hit
    side = root / rel
    side.write_text(side.read_text() + " " if side.exists() else "{}\n")  # edited, or made where it was missing
    scan(root)
    assert inferred == [1]


def _pack_keys(folder: Path) -> set[str]:
    import json

    (pack,) = folder.glob("parse/*/*.json")
    return set(json.loads(pack.read_bytes())["entries"])


def test_the_parse_cache_holds_what_the_child_parsed(
    estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files inference parses on demand (modules a program imports that mention no StackReference) in the
    child are in the parse cache the scan writes, as when one process reads every project."""
    root = Path(shutil.copytree(estate, tmp_path / "repo"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "alone"))
    scan(root)
    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "split"))
    scan(root)
    assert _pack_keys(tmp_path / "split") == _pack_keys(tmp_path / "alone")
