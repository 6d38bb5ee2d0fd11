"""The scan cache: a warm scan equals a cold one, sees every change, keeps no secret, never fails a scan."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stackgraph.cache import files as filecache
from stackgraph.cache import store
from stackgraph.discovery.scan import scan
from stackgraph.errors import InputError
from tests.helpers.repo_builder import Content, project, stack, write_repo

SECRET_VALUE = "AAABAHNlY3JldC1pbi10aGUtY2FjaGU="
N = 12  # 36 files: above the MIN_FILES of these tests


def big_spec() -> dict[str, Content]:
    spec: dict[str, Content] = {"stackgraph.yaml": {"org": "acme"}}
    for i in range(N):
        name = f"p{i:02d}"
        spec[f"{name}/Pulumi.yaml"] = project(
            name, runtime={"name": "python", "options": {"virtualenv": "venv"}}, config={"x": {"default": 1}}
        )
        for env in ("dev", "demo.eu"):
            spec[f"{name}/Pulumi.{env}.yaml"] = (
                "config:\n"
                f"  {name}:size: {i}\n"
                f"  {name}:ratio: 0.5\n"
                f"  {name}:flag: true\n"
                f"  {name}:nothing: null\n"
                f"  {name}:token:\n    secure: {SECRET_VALUE}\n"
                f"  {name}:list: [a, {{secure: {SECRET_VALUE}}}]\n"
                + (f"  stackgraph:dependsOn: [p{i - 1:02d}/{env}, acme/ext/{env}]\n" if i else "")
                + "environment: [acme/common]\n"
            )
    return spec


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(folder))
    monkeypatch.setattr(filecache, "MIN_FILES", 20)
    return folder / "scan"


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_warm_scan_equals_cold_scan(tmp_path: Path, cache_dir: Path) -> None:
    root = write_repo(tmp_path / "repo", big_spec())
    cold = scan(root, infer=False)
    [cached] = cache_files(cache_dir)
    warm = scan(root, infer=False)
    assert warm == cold
    assert len(warm.stacks) == 2 * N and len(warm.edges) == 4 * (N - 1)
    raw = cached.read_bytes()
    assert b"AAABA" not in raw
    assert b'"p01:size"' in raw  # it really holds the parsed files
    # The warm scan read the cache, not the files: a cache entry with other content is believed...
    data = json.loads(raw)
    entry = data["entries"]["p05/Pulumi.dev.yaml"]
    entry[2]["config"]["p05:size"] = 555
    cached.write_text(json.dumps(data))
    assert scan(root, infer=False).stack_by_id()["p05/dev"].config["p05:size"] == 555
    # ...but only while the file is unchanged: the hash covers the content.
    text = (root / "p05/Pulumi.dev.yaml").read_text()
    (root / "p05/Pulumi.dev.yaml").write_text(text.replace("p05:size: 5\n", "p05:size: 6\n"))  # same size
    assert scan(root, infer=False).stack_by_id()["p05/dev"].config["p05:size"] == 6


def test_changes_are_seen(tmp_path: Path, cache_dir: Path) -> None:
    root = write_repo(tmp_path / "repo", big_spec())
    scan(root, infer=False)
    last = f"p{N - 1:02d}"
    (root / last / "Pulumi.yaml").write_text("name: renamed\nruntime: go\n")  # the project's stacks change id
    (root / last / "Pulumi.demo.eu.yaml").unlink()
    (root / "p07/Pulumi.dev.yaml").write_text("config: {}\n")  # the dependency goes away
    (root / "p09/Pulumi.prod.yaml").write_text("config: {}\n")  # a new stack
    warm = scan(root, infer=False)
    assert len(cache_files(cache_dir)) == 1
    ids = {s.id for s in warm.stacks}
    assert {"renamed/dev", "p09/prod"} <= ids
    assert {f"{last}/dev", f"{last}/demo.eu", "renamed/demo.eu"}.isdisjoint(ids)
    assert warm.stack_by_id()["renamed/dev"].project_path == last
    assert [e.dependency for e in warm.edges if e.dependent == "p07/dev"] == []


def test_invalid_file_after_caching_is_an_error(tmp_path: Path, cache_dir: Path) -> None:
    root = write_repo(tmp_path / "repo", big_spec())
    scan(root, infer=False)
    (root / "p04/Pulumi.dev.yaml").write_text("config: [\n")
    with pytest.raises(InputError, match=r"p04/Pulumi\.dev\.yaml:1: invalid YAML"):
        scan(root, infer=False)
    (root / "p04/Pulumi.dev.yaml").write_bytes(b"config:\n  a: \xff\n")
    with pytest.raises(InputError, match=r"p04/Pulumi\.dev\.yaml: not valid UTF-8"):
        scan(root, infer=False)


def test_values_json_cannot_hold_are_read_every_time(tmp_path: Path, cache_dir: Path) -> None:
    spec = big_spec()
    spec["p01/Pulumi.dev.yaml"] = "config:\n  p01:when: 2024-05-01\n  p01:blob: !!binary aGk=\n"
    root = write_repo(tmp_path / "repo", spec)
    cold = scan(root, infer=False)
    warm = scan(root, infer=False)
    assert warm == cold
    entries = json.loads(cache_files(cache_dir)[0].read_text())["entries"]
    assert "p01/Pulumi.dev.yaml" not in entries
    assert "p03/Pulumi.dev.yaml" in entries


def test_a_broken_cache_never_fails_a_scan(tmp_path: Path, cache_dir: Path) -> None:
    root = write_repo(tmp_path / "repo", big_spec())
    cold = scan(root, infer=False)
    [cached] = cache_files(cache_dir)
    for junk in ("{not json", "[]", '{"version": "x", "entries": {}}', '{"entries": 3}'):
        cached.write_text(junk)
        assert scan(root, infer=False) == cold
    data = json.loads(cached.read_text())
    data["entries"]["p01/Pulumi.dev.yaml"][2] = {"kind": "stack"}  # a damaged entry
    cached.write_text(json.dumps(data))
    assert scan(root, infer=False) == cold


def test_unwritable_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filecache, "MIN_FILES", 20)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(blocker))
    root = write_repo(tmp_path / "repo", big_spec())
    assert len(scan(root, infer=False).stacks) == 2 * N


def test_switched_off_and_small_repositories_leave_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(folder))
    small = write_repo(tmp_path / "small", {"a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack()})
    scan(small, infer=False)
    assert not folder.exists()
    assert filecache.MIN_FILES > 2
    monkeypatch.setattr(filecache, "MIN_FILES", 20)
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    assert store.cache_dir("scan") is None
    scan(write_repo(tmp_path / "repo", big_spec()), infer=False)
    assert not folder.exists()


def test_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STACKGRAPH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.cache_dir("scan") == tmp_path / "stackgraph" / "scan"


def test_least_recently_used_caches_are_pruned(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filecache, "MAX_CACHES", 2)
    roots = [write_repo(tmp_path / f"repo{i}", big_spec()) for i in range(3)]
    scan(roots[0], infer=False)
    before = scan(roots[1], infer=False)
    first = cache_files(cache_dir)
    assert len(first) == 2
    for path in first:  # make the clock visible: both caches are old
        os.utime(path, ns=(10**18, 10**18))
    scan(roots[0], infer=False)  # unchanged: its cache is only marked as used
    scan(roots[2], infer=False)  # a third cache: the least recently used one (roots[1]) goes
    paths = [filecache.FileCache(root.resolve(), filecache.MIN_FILES).path for root in roots]
    assert set(cache_files(cache_dir)) == {paths[0], paths[2]}
    assert scan(roots[1], infer=False) == before  # scanned anew, the same result
    assert paths[1] in cache_files(cache_dir)  # and its cache comes back


def test_a_value_orjson_would_not_give_back_leaves_only_its_own_file_out(tmp_path: Path, cache_dir: Path) -> None:
    """orjson writes NaN as null: such a file is read every time, the others still come from the cache. (An
    integer beyond 64 bits, which orjson refuses, is read as a float, as Go's yaml.v3 reads it: cached.)"""
    spec = big_spec()
    for name, value in (("p00", "18446744073709551616"), ("p01", ".nan")):
        text = str(spec[f"{name}/Pulumi.dev.yaml"])
        spec[f"{name}/Pulumi.dev.yaml"] = text.replace("flag: true\n", f"flag: true\n  {name}:odd: {value}\n")
    root = write_repo(tmp_path / "repo", spec)
    cold = scan(root, infer=False)
    [cached] = cache_files(cache_dir)
    entries = json.loads(cached.read_bytes())["entries"]
    assert len(entries) == 3 * N - 1 and "p00/Pulumi.dev.yaml" in entries and "p01/Pulumi.dev.yaml" not in entries
    warm = scan(root, infer=False)
    assert repr(warm) == repr(cold)  # repr: NaN is not equal to itself
    assert warm.stack_by_id()["p00/dev"].config["p00:odd"] == 1.8446744073709552e19
