"""The whole-result cache: a cached scan equals an uncached one byte for byte, sees every change, keeps no secret."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from stackgraph.cache import fingerprint, values
from stackgraph.cache import results as resultcache
from stackgraph.discovery import scan as scan_module
from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.benchplan import bench_plan
from tests.helpers.clirun import cli

N = 24  # projects: Python, TypeScript, Go and YAML programs with StackReferences, 3 stacks each


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("estate") / "repo"
    bench_plan.generate(root, N)
    return root


@pytest.fixture
def repo(estate: Path, tmp_path: Path) -> Path:
    """A fresh copy of the estate (tests edit it)."""
    import shutil

    return Path(shutil.copytree(estate, tmp_path / "repo"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(folder))
    monkeypatch.setattr(resultcache, "MIN_FILES", 0)
    return folder / "result"


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Wrap `owner.name` so that each call appends to the returned list."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*a, **k):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(owner, name, counted)
    return calls


@pytest.fixture
def inferences(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the scans that ran inference (a cache hit runs none)."""
    return _count_calls(monkeypatch, scan_module, "_infer")


def outputs(root: Path) -> tuple[bytes, bytes, Repo]:
    """`scan -f json` and `plan -f json` (byte for byte), and the whole result (config values too)."""
    s = cli("scan", root, "-f", "json")
    p = cli("plan", root, "-f", "json")
    assert s.code == 0 and p.code == 0, (s.stderr, p.stderr)
    return s.stdout_bytes, p.stdout_bytes, scan(root)


def uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, Repo]:
    with monkeypatch.context() as m:
        m.setenv("STACKGRAPH_CACHE_DIR", "off")
        return outputs(root)


def test_a_cached_result_equals_an_uncached_one_byte_for_byte(
    repo: Path, cache: Path, inferences: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan(repo)
    assert len(inferences) == 1 and len(list(cache.glob("*.json"))) == 1
    assert scan(repo) == first
    assert len(inferences) == 1, "the second scan came from the cache"
    cached = outputs(repo)
    assert len(inferences) == 1
    assert cached == uncached(repo, monkeypatch)
    assert b"code+explicit" in cached[0]


def _edit_program(root: Path) -> None:
    path = next(p for p in sorted(root.rglob("__main__.py")) if "StackReference" in p.read_text())
    path.write_text('"""No references any more."""\nimport pulumi\n')


def _edit_stack(root: Path) -> None:
    path = sorted(root.rglob("Pulumi.dev.yaml"))[5]
    path.write_text(path.read_text().replace("logLevel: debug", "logLevel: trace"))


def _add_stack(root: Path) -> None:
    path = sorted(root.rglob("Pulumi.dev.yaml"))[7]
    path.with_name("Pulumi.qa.yaml").write_text(path.read_text())


def _remove_stack(root: Path) -> None:
    last = f"-{N - 1:04d}"  # the last project: in the last layer, no stack depends on it
    next(p for p in root.rglob("Pulumi.prod.yaml") if p.parent.name.endswith(last)).unlink()


def _add_program_file(root: Path) -> None:
    main = next(p for p in sorted(root.rglob("__main__.py")) if "StackReference" in p.read_text())
    target = re.search(r'StackReference\(f"\{org\}/([^/]+)/', main.read_text())
    assert target is not None
    other = next(p for p in sorted(root.rglob("Pulumi.yaml")) if p.parent.name != target.group(1))
    name = re.search(r"^name: (\S+)", other.read_text(), re.MULTILINE)
    assert name is not None
    (main.parent / "extra.py").write_text(f'import pulumi\nx = pulumi.StackReference("acme/{name.group(1)}/dev")\n')
    main.write_text(main.read_text() + "import extra\n")


def _change_settings(root: Path) -> None:
    (root / "stackgraph.yaml").write_text("org: other\n")


def _same_size_same_mtime(root: Path) -> None:
    path = sorted(root.rglob("Pulumi.staging.yaml"))[2]
    st = path.stat()
    text = path.read_text()
    assert "eu-west-1" in text or "us-east-1" in text or "ap-south-1" in text
    new = text.replace("eu-west-1", "eu-west-2").replace("us-east-1", "us-east-2").replace("ap-south-1", "ap-south-2")
    path.write_text(new)
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


CHANGES = {
    "edit a program file": _edit_program,
    "add a program file": _add_program_file,
    "edit a stack file": _edit_stack,
    "add a stack file": _add_stack,
    "remove a stack file": _remove_stack,
    "change the settings": _change_settings,
    "same size, same mtime": _same_size_same_mtime,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_change_is_seen(repo: Path, cache: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if change == "change the settings":
        _add_program_file(repo)  # a reference naming org acme: local under `org: acme`, external under another
    before = outputs(repo)
    assert outputs(repo) == before
    CHANGES[change](repo)
    after = outputs(repo)
    assert after != before
    assert after == uncached(repo, monkeypatch)
    assert outputs(repo) == after  # and the new result is cached in turn


def test_the_racy_rule_sees_an_edit_that_stat_data_cannot(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system with coarse timestamps and no ctime, size and mtime are all there is: hash recent files."""
    real = fingerprint.stat

    def coarse(path: str) -> tuple[str, int]:
        text, mtime = real(path)
        return (text if text == "-" else ":".join(text.split(":")[:2])), mtime

    monkeypatch.setattr(fingerprint, "stat", coarse)
    for path in repo.rglob("Pulumi.staging.yaml"):
        path.write_bytes(path.read_bytes())  # written just now: within 2 s of the scan, so hashed
    before = outputs(repo)
    _same_size_same_mtime(repo)
    after = outputs(repo)
    assert after != before and after == uncached(repo, monkeypatch)


def test_an_old_unchanged_file_is_trusted_without_being_read(
    repo: Path, cache: Path, inferences: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = 1_600_000_000_000_000_000
    for path in repo.rglob("*"):
        os.utime(path, ns=(old, old))
    scan(repo)
    digests: list[str] = []
    real = fingerprint.digest
    monkeypatch.setattr(fingerprint, "digest", lambda p: digests.append(p) or real(p))
    scan(repo)
    assert len(inferences) == 1 and digests == []


def test_the_cache_can_be_switched_off(repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    scan(repo)
    assert not cache.exists()


def test_a_corrupt_or_unwritable_cache_never_fails_a_scan(
    repo: Path, cache: Path, inferences: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached(repo, monkeypatch)
    scan(repo)
    [stored] = cache.glob("*.json")
    broken = stored.read_bytes().replace(b'"stacks":[', b'"stacks":[7,')
    for garbage in (b"{not json", b"[]", b'{"version": 1}', broken):
        stored.write_bytes(garbage)
        assert outputs(repo) == expected
    stored.write_bytes(b'{"version":"' + resultcache.code_version().encode() + b'","stat":"x","dirs":[],"racy":{}}')
    assert outputs(repo) == expected
    blocked = cache.parent / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(blocked))
    assert outputs(repo) == expected


def test_no_secret_reaches_the_cache(repo: Path, cache: Path) -> None:
    secrets = set(re.findall(r"secure: (\S+)", "".join(p.read_text() for p in repo.rglob("Pulumi.*.yaml"))))
    assert secrets
    first = scan(repo)
    [stored] = cache.glob("*.json")
    text = stored.read_text()
    assert not any(s in text for s in secrets)
    assert scan(repo) == first


def _prefetches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, list[str]]]:
    """Each Prefetch made: whether a worker parses for it (started early, after the walk, or by the Prefetch),
    and the files the worker sent facts of (filled as the scan goes)."""
    from stackgraph.inference import prefetch, worker

    made: list[tuple[bool, list[str]]] = []
    real_init, real_next = prefetch.Prefetch.__init__, worker.Worker.next_facts
    current: list[prefetch.Prefetch] = []

    def init(self, *a, **k):  # type: ignore[no-untyped-def]
        real_init(self, *a, **k)
        current[:] = [self]
        made.append((self.worker is not None, []))

    def next_facts(self, *a, **k):  # type: ignore[no-untyped-def]
        sent = real_next(self, *a, **k)
        if sent is not None:
            [pre] = current
            files = pre.early or [file for _, file in pre.jobs]
            made[-1][1].extend(files[i] for i, (_, _, facts, _, _) in sent.items() if facts is not None)
        return sent

    monkeypatch.setattr(prefetch.Prefetch, "__init__", init)
    monkeypatch.setattr(worker.Worker, "next_facts", next_facts)
    return made


def test_parsing_in_a_second_process_gives_the_same_result(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackgraph.inference import prefetch

    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    serial = outputs(repo)
    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    made = _prefetches(monkeypatch)
    for cache in ("off", str(tmp_path / "cold")):
        monkeypatch.setenv("STACKGRAPH_CACHE_DIR", cache)
        assert outputs(repo) == serial
    # without a cache every scan forks; with one, only the first (the others find every file parsed)
    assert [forked for forked, _ in made] == [True, True, True, True, False, False]


def test_config_values_json_cannot_hold_exactly_are_never_stored() -> None:
    import datetime

    from stackgraph.model import SECRET

    plain = {"a": [1, 2.5, None, True, {"b": "c"}], "s": SECRET}
    assert values.masked(plain) == {"a": [1, 2.5, None, True, {"b": "c"}], "s": {values.SECRET_TAG: True}}
    limits = [2**64 - 1, -(2**63), 1e308]  # orjson writes 64-bit integers, signed or not, and finite floats
    assert values.masked({"n": limits}) == {"n": limits}
    for bad in ({1: "a"}, {"d": datetime.date(2024, 1, 1)}, {"t": (1, 2)}, {values.SECRET_TAG: 1}, [b"x"]):
        with pytest.raises(values.Uncacheable):
            values.masked(bad)
    for number in (2**64, -(2**63) - 1, float("nan"), float("inf"), -float("inf")):  # orjson: an error, or null
        with pytest.raises(values.Uncacheable):
            values.masked({"k": [number]})
    stored = values.masked(plain)
    assert values.unmasked(json.loads(json.dumps(stored))) == plain


def test_new_stackgraph_code_or_an_upgraded_parser_is_a_miss(
    repo: Path, cache: Path, inferences: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(repo)
    scan(repo)
    assert len(inferences) == 1
    monkeypatch.setattr(resultcache, "_VERSION", [])
    monkeypatch.setattr(resultcache, "package_stat", lambda name: "upgraded" if name == "tree_sitter_go" else "-")
    scan(repo)
    assert len(inferences) == 2
    monkeypatch.setattr(resultcache, "_VERSION", ["another stackgraph"])
    scan(repo)
    assert len(inferences) == 3


def test_no_fork_while_other_threads_run(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from stackgraph.inference import prefetch

    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    made = _prefetches(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        scan(repo)
    finally:
        stop.set()
        other.join()
    scan(repo)
    assert [forked for forked, _ in made] == [False, True]


# Renderings: `scan` of an unchanged repository prints what it printed the last time.


def _add_unresolved_and_a_warning(root: Path) -> None:
    """A reference whose config key is set nowhere (unresolved), and a stackConfigDir that is no folder (a warning)."""
    (root / "odd").mkdir()
    (root / "odd" / "Pulumi.yaml").write_text("name: odd\nruntime: python\nstackConfigDir: nowhere\n")
    (root / "odd" / "__main__.py").write_text(
        'import pulumi\nref = pulumi.StackReference(pulumi.Config().require("upstream"))\n'
    )


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the cached results decoded into a Repo (a stored rendering needs none)."""
    return _count_calls(monkeypatch, resultcache, "_decode_repo")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_unchanged_repository_prints_its_stored_rendering(
    repo: Path, cache: Path, fmt: str, inferences: list[int], decodes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_unresolved_and_a_warning(repo)
    with monkeypatch.context() as m:
        m.setenv("STACKGRAPH_CACHE_DIR", "off")
        expected = cli("scan", repo, "-f", fmt, "--strict")
    assert expected.code == 1 and "warning: odd/Pulumi.yaml" in expected.stderr
    assert "1 stack reference(s) could not be resolved (--strict)" in expected.stderr
    inferences.clear()
    first = cli("scan", repo, "-f", fmt, "--strict")
    assert (len(inferences), len(decodes), len(list(cache.glob(f"*.scan-{fmt}.out")))) == (1, 0, 1)
    again = [cli("scan", repo, "-f", fmt, "--strict") for _ in range(2)]
    assert (len(inferences), len(decodes)) == (1, 0), "neither scanned nor decoded again"
    for out in (first, *again):
        assert (out.code, out.stdout_bytes, out.stderr) == (expected.code, expected.stdout_bytes, expected.stderr)
    # Without --strict the same rendering serves, exit 0; other code behind the output renders anew.
    assert cli("scan", repo, "-f", fmt).code == 0
    monkeypatch.setattr("stackgraph.render.scan_formats.version", lambda: "other renderer")
    assert cli("scan", repo, "-f", fmt, "--strict").stdout_bytes == expected.stdout_bytes
    assert (len(inferences), len(decodes)) == (1, 1)


def test_a_rendering_follows_every_change(repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = cli("scan", repo, "-f", "json").stdout_bytes
    assert cli("scan", repo, "-f", "json").stdout_bytes == before
    for change in sorted(CHANGES):
        if change != "change the settings":
            CHANGES[change](repo)
            with monkeypatch.context() as m:
                m.setenv("STACKGRAPH_CACHE_DIR", "off")
                expected = cli("scan", repo, "-f", "json").stdout_bytes
            assert cli("scan", repo, "-f", "json").stdout_bytes == expected, change
            assert cli("scan", repo, "-f", "json").stdout_bytes == expected, change


def test_a_corrupt_rendering_is_ignored(repo: Path, cache: Path, decodes: list[int]) -> None:
    expected = cli("scan", repo, "-f", "json").stdout_bytes
    [stored] = cache.glob("*.scan-json.out")
    header, body = stored.read_bytes().split(b"\n", 1)
    for garbage in (
        b"",
        b"{not json\n" + body,
        header + b"\n" + body[:-10],
        b"[]\n" + body,
        header.replace(b'"meta":{', b'"meta":[{') + b"\n" + body,
        header.replace(b'"warnings":[]', b'"warnings":"oops"') + b"\n" + body,
        header.replace(b'"unresolved":0', b'"unresolved":"0"') + b"\n" + body,
    ):
        stored.write_bytes(garbage)
        assert cli("scan", repo, "-f", "json").stdout_bytes == expected
        stored.write_bytes(garbage)  # the scan above stored a good one again
    assert len(decodes) == 7


def test_renderings_of_pruned_results_go_with_them(repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resultcache, "MAX_CACHES", 1)
    cli("scan", repo, "-f", "json")
    [old] = cache.glob("*.scan-json.out")
    cli("scan", repo / "projects", "-f", "json")  # another root: another result, the first one pruned
    assert not old.exists() and len(list(cache.glob("*.scan-json.out"))) == 1


def test_the_worker_and_this_process_claim_every_parse_job_once() -> None:
    """The split of parse jobs: the worker from the front, this process from the back, until they meet."""
    import multiprocessing

    from stackgraph.inference import worker

    claims = multiprocessing.get_context("fork").Array("l", [0, 7])
    taken = []
    for front in (True, True, False, True, False, False, True, True, False):
        i = worker.claim(claims, front=front)
        if i is not None:
            taken.append((front, i))
    assert taken == [(True, 0), (True, 1), (False, 6), (True, 2), (False, 5), (False, 4), (True, 3)]
    assert worker.claim(claims, front=True) is None and worker.claim(claims, front=False) is None


# Renderings of `plan`: an unchanged repository and the same options print what they printed the last time.


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_an_unchanged_repository_plans_from_its_stored_rendering(
    repo: Path, cache: Path, fmt: str, inferences: list[int], decodes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_unresolved_and_a_warning(repo)
    args = ("plan", repo, "-f", fmt, "--strict", "--select", "stack:dev", "--exclude", "project:vault-core-0003")
    with monkeypatch.context() as m:
        m.setenv("STACKGRAPH_CACHE_DIR", "off")
        expected = cli(*args)
    assert expected.code == 1 and "warning: odd/Pulumi.yaml" in expected.stderr
    assert "could not be resolved (--strict)" in expected.stderr and "vault-core-0003" not in expected.stdout
    inferences.clear()
    first = cli(*args)
    assert (len(inferences), len(decodes), len(list(cache.glob("*.plan-*.out")))) == (1, 0, 1)
    again = [cli(*args) for _ in range(2)]
    assert (len(inferences), len(decodes)) == (1, 0), "neither scanned nor decoded again"
    for out in (first, *again):
        assert (out.code, out.stdout_bytes, out.stderr) == (expected.code, expected.stdout_bytes, expected.stderr)
    monkeypatch.setattr("stackgraph.app.planning._version", lambda: "other planner")
    assert cli(*args).stdout_bytes == expected.stdout_bytes
    assert (len(inferences), len(decodes)) == (1, 1), "other code behind the plan plans anew"


def test_each_set_of_options_has_its_own_rendering(repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    variants = [
        ("-e", "dev"),
        ("-e", "prod"),
        ("-e", "prod", "--destroy"),
        ("--select", "project:dns-core-0001+"),
        ("--select", "project:dns-core-0001+", "--no-dependents"),
        ("--exclude", "stack:staging", "--verbose"),
        (),
    ]
    with monkeypatch.context() as m:
        m.setenv("STACKGRAPH_CACHE_DIR", "off")
        expected = [cli("plan", repo, "-f", "json", *v) for v in variants]
    assert len({(e.code, e.stdout, e.stderr) for e in expected}) == len(variants), "the variants differ"
    for _ in range(2):
        for v, e in zip(variants, expected, strict=True):
            got = cli("plan", repo, "-f", "json", *v)
            assert (got.code, got.stdout_bytes, got.stderr) == (e.code, e.stdout_bytes, e.stderr), v
    assert len(list(cache.glob("*.plan-*.out"))) == sum(e.code == 0 for e in expected) == len(variants) - 1


def test_a_plan_that_fails_is_never_stored(repo: Path, cache: Path) -> None:
    for args in (("--select", "project:nothing-named-so"), ("--no-dependents",), ("-e", "dev", "--select", "x:y")):
        first = cli("plan", repo, "-f", "json", *args)
        again = cli("plan", repo, "-f", "json", *args)
        assert first.code == 2 and "stackgraph: error:" in first.stderr, first.stderr
        assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    assert list(cache.glob("*.plan-*.out")) == []


def test_a_git_ref_is_asked_again_on_every_plan(repo: Path, cache: Path) -> None:
    """What changed since a ref moves with git, not with the files: `[REF]` and --changed-since are never stored."""
    import subprocess

    def git(*a: str) -> None:
        subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "estate")
    for args in (("--select", "[HEAD~1]"), ("--changed-since", "HEAD~1")):
        before = cli("plan", repo, "-f", "json", "-e", "dev", *args)
        assert before.code == 0 and '"network-core-0000/dev"' in before.stdout, before.stderr
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "nothing")
    for args in (("--select", "[HEAD~1]"), ("--changed-since", "HEAD~1")):
        after = cli("plan", repo, "-f", "json", "-e", "dev", *args)
        assert after.code == 0 and '"network-core-0000/dev"' not in after.stdout, after.stderr
    assert list(cache.glob("*.plan-*.out")) == []


def test_a_file_that_only_exports_is_parsed_ahead_too(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract check asks for the facts of every file that may export: the worker parses those as well."""
    from stackgraph.inference import prefetch, worker

    main = next(p for p in sorted(repo.rglob("__main__.py")) if "StackReference" in p.read_text())
    (main.parent / "outputs.py").write_text('import pulumi\n\npulumi.export("extraOutput", 1)\n')
    rel = (main.parent / "outputs.py").relative_to(repo).as_posix()
    (main.parent / "plain.py").write_text("SIZE = 1\n")  # neither exports nor references: parsed on demand only
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(worker.Worker, "claim", lambda self, *, front: None)  # the worker parses every job
    made = _prefetches(monkeypatch)
    result = scan(repo)
    [(_, ahead)] = made
    assert rel in ahead and main.relative_to(repo).as_posix() in ahead
    assert (main.parent / "plain.py").relative_to(repo).as_posix() not in ahead
    [exports] = [e for e in result.exports if e.project_path == main.parent.relative_to(repo).as_posix()]
    assert ("extraOutput", rel) in {(n.name, n.file) for n in exports.names}


def test_the_cycle_collector_is_paused_for_a_scan_and_runs_again_after_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    during: list[bool] = []
    real = scan_module._read

    def read(*a, **k):  # type: ignore[no-untyped-def]
        during.append(gc.isenabled())
        if len(during) == 2:
            raise RuntimeError("a scan that fails")
        return real(*a, **k)

    monkeypatch.setattr(scan_module, "_read", read)
    assert gc.isenabled()
    gc.unfreeze()
    scan(repo)
    assert during == [False] and gc.isenabled()
    assert gc.get_freeze_count() > 0, "what the scan made is frozen: no collection walks it again"
    with pytest.raises(RuntimeError):
        scan(repo)
    assert gc.isenabled(), "a failed scan leaves the collector running"
    gc.disable()
    try:
        scan(repo)
        assert not gc.isenabled(), "a caller's own pause is left as it was"
    finally:
        gc.enable()


def test_a_file_name_that_is_not_utf8_is_fingerprinted_not_a_crash(
    repo: Path, cache: Path, inferences: list[int]
) -> None:
    """Linux file names are bytes: one that is not UTF-8 (a README from an old tool) is walked and counted in
    the fingerprint like any other file; it used to raise UnicodeEncodeError (exit 3). Its edit is seen."""
    odd = os.fsencode(repo) + b"/notes-\xff.txt"
    with open(odd, "wb") as f:
        f.write(b"old\n")
    os.mkdir(os.fsencode(repo) + b"/folder-\xfe")
    long_ago = 1_600_000_000
    for path in (odd, os.fsencode(repo) + b"/folder-\xfe"):
        os.utime(path, (long_ago, long_ago))  # not racy: the result is stored with its name in the fingerprint
    first = outputs(repo)
    assert outputs(repo) == first and len(inferences) == 1  # served from the cache
    assert any(cache.iterdir())
    with open(odd, "wb") as f:
        f.write(b"edited, and longer\n")
    assert outputs(repo) == first and len(inferences) >= 2  # the edit is seen: read again
    # (while the edited name is racy its digest cannot be stored in JSON as orjson writes it: read every time)


def test_every_mapping_of_a_project_or_stack_is_stored_masked() -> None:
    """A mapping field holds config (SECRET, values JSON would not give back): the result cache masks the fields it
    names; a new mapping field must be named there, or a secret's tag and a NaN would be written unchecked."""
    import collections.abc
    import dataclasses
    import typing

    from stackgraph.model import Project, Stack

    for cls in (Project, Stack):
        hints = typing.get_type_hints(cls)
        mappings = {
            f.name
            for f in dataclasses.fields(cls)
            if typing.get_origin(hints[f.name]) in (dict, collections.abc.Mapping)
        }
        assert mappings == set(resultcache.MASKED_FIELDS[cls]), cls.__name__
