"""The pre-parse worker started right after the walk (`prefetch.start_early`), before the project files are read.

It reads the program files itself (the scan's one read of each), so what it sends must agree with what this
process read of the same file, and it must never outlive a scan that fails. Every case compares with a scan
in one process (no worker), which is the reference."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.discovery.walk import walk
from stackgraph.errors import InputError
from stackgraph.inference import ir, prefetch, worker
from stackgraph.inference.sources import Sources
from stackgraph.model import Repo
from tests.helpers.benchplan import bench_plan

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pre-parse worker runs only on two cores or more")


@pytest.fixture
def repo(bench_estate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    return Path(shutil.copytree(bench_estate, tmp_path / "repo"))


def _alone(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The scan in one process (the reference)."""
    with monkeypatch.context() as m:
        m.setattr(prefetch, "PARALLEL_MIN", 10**9)
        return scan(root)


def _early_started(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each call of start_early: whether it started a worker."""
    started: list[bool] = []
    real = prefetch.start_early

    def early(*a: Any, **k: Any) -> prefetch.Early | None:
        made = real(*a, **k)
        started.append(made is not None)
        return made

    monkeypatch.setattr(prefetch, "PARALLEL_MIN", 1)
    monkeypatch.setattr(prefetch, "start_early", early)
    return started


def _program(root: Path, runtime_file: str) -> Path:
    return next(p for p in sorted(root.rglob(runtime_file)) if "StackReference" in p.read_text())


def test_the_early_worker_gives_the_same_scan_with_and_without_a_parse_cache(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _alone(repo, monkeypatch)
    started = _early_started(monkeypatch)
    assert scan(repo) == alone  # no cache
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    assert scan(repo) == alone  # none on disk yet: early; its entries are written by this process
    assert list((tmp_path / "cache" / "parse").rglob("*.json"))
    assert scan(repo) == alone  # a pack now: no early worker (the result cache answers anyway)
    assert started == [True, True, False]


def test_a_template_project_and_a_file_that_is_not_utf8(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template's files are among the early jobs (the walk cannot tell it is one) and are dropped; a file the
    worker cannot read as UTF-8 is reported as when this process reads it."""
    template = repo / "templates" / "starter"
    template.mkdir(parents=True)
    (template / "Pulumi.yaml").write_text("name: ${PROJECT}\nruntime: nodejs\n")
    (template / "index.ts").write_text('new pulumi.StackReference("org/other/dev");\n')
    program = _program(repo, "__main__.py")
    (program.parent / "latin1.py").write_bytes(b"# caf\xe9\nimport pulumi\npulumi.export('x', 1)\n")
    alone = _alone(repo, monkeypatch)
    assert any(d.file.endswith("latin1.py") for d in alone.diagnostics)
    started = _early_started(monkeypatch)
    assert scan(repo) == alone
    assert started == [True]


def test_a_scan_that_fails_before_the_projects_are_read_stops_the_worker(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = sorted(repo.rglob("Pulumi.yaml"))[-1]
    project.write_text("name: [not, a, name]\nruntime: python\n")
    started = _early_started(monkeypatch)
    real_job = prefetch.parse_job

    def slow_job(*a: Any, **k: Any) -> worker.Parsed:
        time.sleep(0.2)  # the worker is still parsing when the scan fails: it is stopped, not left running
        return real_job(*a, **k)

    monkeypatch.setattr(prefetch, "parse_job", slow_job)
    with pytest.raises(InputError):
        scan(repo)
    assert started == [True]
    assert multiprocessing.active_children() == []


class _Sender:
    """A worker that does nothing itself: every job is claimed here, except those `sent` answers for."""

    def __init__(self, sent: dict[int, worker.Parsed]) -> None:
        self.sent: dict[int, worker.Parsed] | None = sent
        self.stopped = False

    def claim(self, *, front: bool) -> int | None:
        return None

    def streaming(self) -> None:
        pass

    def ask(self, question: object) -> bool:
        return False

    def next_facts(self, *, wait: bool) -> dict[int, worker.Parsed] | None:
        sent, self.sent = self.sent, None
        return sent

    def stop(self) -> None:
        self.stopped = True


def _with_sender(root: Path, make: Callable[[list[str]], dict[int, worker.Parsed]]) -> prefetch.Prefetch:
    """A Prefetch of `root` whose early worker is a `_Sender` of what `make(files)` says, before `finish`."""
    from stackgraph.discovery import projects as pj

    tree = walk(root, ())
    projects = [pj.read_project(root, folder) for folder in tree.project_dirs]
    owned = tree.files_by_project()
    files = [f for path in tree.project_dirs for f in owned[path] if prefetch.code_language(f, path)]
    early = prefetch.Early(_Sender(make(files)), files, owned)  # type: ignore[arg-type]
    return prefetch.Prefetch(root, tree, projects, early=early)


def _sending(repo: Path, text: str) -> tuple[prefetch.Prefetch, Sources, str, ir.FileFacts]:
    """A Prefetch whose early worker sends, for a Python program of `repo`, `text` and its facts (before `finish`)."""
    rel = _program(repo, "__main__.py").relative_to(repo).as_posix()
    facts = prefetch.finder("python")(text, rel)
    pre = _with_sender(repo, lambda files: {files.index(rel): (text, None, facts, "", None)})
    [sources] = [s for s in pre.sources.values() if rel in s.files]
    return pre, sources, rel, facts


def test_facts_of_a_text_other_than_the_one_read_here_are_not_taken(repo: Path) -> None:
    """This process read the file before the worker's text came (another project's inference asked): the worker
    read it at another moment and got another text; its facts are not taken, the file is parsed here."""
    pre, sources, rel, wrong = _sending(repo, 'import pulumi\npulumi.StackReference("org/someone-else/dev")\n')
    here = sources.text(rel)  # read here first
    pre.finish()
    assert sources.text(rel) == here and sources.facts(rel) != wrong
    assert sources.facts(rel) == prefetch.finder("python")(here or "", rel)


def test_the_text_the_worker_read_is_the_scan_s_text(repo: Path) -> None:
    """Not read here yet: the worker's read is the one read of the file (its text, facts and problem are kept)."""
    seen = 'import pulumi\npulumi.StackReference("org/seen-by-the-worker/dev")\n'
    pre, sources, rel, facts = _sending(repo, seen)
    waiting = {s.project.path for held in pre.holders.values() for s in held}
    assert sources.project.path in waiting and len(waiting) > 1
    ready: list[str] = []
    pre.finish(lambda project: ready.append(project.path))
    assert sources.text(rel) == seen and sources.facts(rel) is facts
    # read in `finish`: the projects with no file to wait for (first), and the one whose only file was sent
    assert sorted(ready) == sorted({*pre.sources} - waiting | {sources.project.path})


# The stack files: the early worker reads the last half of them while this process reads the others.


def _file_cache(cache: Path) -> bytes:
    [stored] = (cache / "scan").glob("*.json")
    return stored.read_bytes()


def test_stack_files_the_worker_read_fill_the_file_cache_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """70 projects: 280 project and stack files, above the file cache's MIN_FILES: the entries the worker made are
    the ones this process makes, and the next scan (its result cache gone) reads them back."""
    from stackgraph.discovery import scan as scanning

    root = tmp_path / "repo"
    bench_plan.generate(root, 70)
    asked: list[int] = []
    real_ask = scanning._ask_for_stacks

    def counted(*a: Any) -> frozenset[tuple[str, str]]:
        files = real_ask(*a)
        asked.append(len(files))
        return files

    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "alone"))
    alone = _alone(root, monkeypatch)
    started = _early_started(monkeypatch)
    monkeypatch.setattr(scanning, "_ask_for_stacks", counted)
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "early"))
    assert scan(root) == alone
    assert started == [True] and asked == [105]  # half of the 210 stack files, in the worker
    assert _file_cache(tmp_path / "early") == _file_cache(tmp_path / "alone")
    shutil.rmtree(tmp_path / "early" / "result")
    assert scan(root) == alone
    assert started == [True, False] and asked == [105]  # a parse cache now: no early worker to ask
    shutil.rmtree(tmp_path / "early" / "result")
    shutil.rmtree(tmp_path / "early" / "parse")  # as after an upgrade of the parsers: the file cache stays
    assert scan(root) == alone
    assert started == [True, False, True] and asked == [105, 0]  # the file cache answers: nothing asked


def _same_error(repo: Path, monkeypatch: pytest.MonkeyPatch, expected: str) -> None:
    """A scan in one process raises an InputError saying `expected`; a scan with the early worker raises the same."""
    with pytest.raises(InputError) as serial:
        _alone(repo, monkeypatch)
    assert expected in str(serial.value)
    started = _early_started(monkeypatch)
    with pytest.raises(InputError) as early:
        scan(repo)
    assert started == [True]
    assert str(early.value) == str(serial.value)


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_broken_stack_file_is_the_error_a_scan_in_one_process_gives(
    repo: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A broken stack file in this process's half or in the worker's, and a stack file name that is no stack
    name after it: the first error in the order of the files is the one raised."""
    stacks = sorted(repo.rglob("Pulumi.dev.yaml"))
    broken = stacks[1] if where == "first" else stacks[-2]
    broken.write_text("config: [not, a, mapping]\n")
    (stacks[-1].parent / "Pulumi.bad name.yaml").write_text("config: {}\n")
    _same_error(repo, monkeypatch, "'config' must be a mapping")


def test_two_projects_sharing_a_stack_config_dir(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same stack file read for two projects: each project has its own stack of it."""
    shared = repo / "shared-config"
    shared.mkdir()
    (shared / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    for name in ("one", "two"):
        folder = repo / "shared" / name
        folder.mkdir(parents=True)
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\nstackConfigDir: ../../shared-config\n")
        (folder / "__main__.py").write_text("import pulumi\npulumi.export('x', 1)\n")
    alone = _alone(repo, monkeypatch)
    assert {"one/dev", "two/dev"} <= {s.id for s in alone.stacks}
    started = _early_started(monkeypatch)
    assert scan(repo) == alone
    assert started == [True]


def test_a_crash_while_the_worker_reads_stack_files_is_a_crash(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackgraph.discovery import projects as pj

    def broken(*a: Any, **k: Any) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("a bug in reading a stack file, in the worker")
        return real(*a, **k)

    parent, real = os.getpid(), pj.read_stack
    monkeypatch.setattr(pj, "read_stack", broken)
    _early_started(monkeypatch)
    with pytest.raises(worker.WorkerCrash, match="a bug in reading a stack file, in the worker"):
        scan(repo)


def test_a_parse_cache_that_cannot_be_looked_at_is_not_a_first_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder this user may not enter (another user's STACKGRAPH_CACHE_DIR): no early worker, no error."""
    from stackgraph.inference.cache import Cache

    def denied(self: Path, *a: Any, **k: Any) -> bool:
        raise PermissionError(13, "Permission denied", str(self))

    cache = Cache(tmp_path, tmp_path)
    monkeypatch.setattr(Path, "exists", denied)
    assert cache.on_disk() is True


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_broken_project_file_is_the_error_a_scan_in_one_process_gives(
    repo: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The early worker reads the last half of the project files: an error in either half, with another error
    after it, is the error of a scan in one process."""
    files = sorted(repo.rglob("Pulumi.yaml"))
    broken = files[1] if where == "first" else files[-3]
    broken.write_text("name: [not, a, name]\nruntime: python\n")
    files[-1].write_text("runtime: python\n")  # no name: another error, after it
    _same_error(repo, monkeypatch, "invalid project name")


def test_ctrl_c_stops_the_worker_without_a_word_from_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A terminal's Ctrl-C reaches every process of the group: this one stops the scan (exit 130 in the CLI) and
    the worker; the worker ignores it (it used to die printing a KeyboardInterrupt traceback) and is stopped."""
    real_job = prefetch.parse_job

    def slow_job(*a: Any, **k: Any) -> worker.Parsed:
        time.sleep(0.05)
        return real_job(*a, **k)

    monkeypatch.setattr(prefetch, "parse_job", slow_job)
    monkeypatch.setattr(worker.Worker, "claim", lambda self, *, front: None)  # the worker parses every job
    started = _early_started(monkeypatch)
    signalled: list[int] = []

    def ctrl_c(signum: int, frame: object) -> None:
        for child in multiprocessing.active_children():
            os.kill(child.pid or 0, signal.SIGINT)  # as the terminal does, to the whole group
            signalled.append(child.pid or 0)
        time.sleep(0.2)  # time for a worker that does not ignore it to print its traceback
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, ctrl_c)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            scan(repo)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert started == [True] and signalled, "the worker was not running: the test proves nothing"
    assert multiprocessing.active_children() == []
    err = capfd.readouterr().err
    assert "KeyboardInterrupt" not in err and "Traceback" not in err, err


def test_files_the_worker_cannot_read_are_read_here(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project file, a stack file and a program file the worker's reads fail on (a permission that changed, a
    file being replaced): the scanner reads each itself, and the scan is the one of a single process."""
    from stackgraph import files

    alone = _alone(repo, monkeypatch)
    project = sorted(repo.rglob("Pulumi.yaml"))[-2]  # in the worker's half
    stack = sorted(repo.rglob("Pulumi.prod.yaml"))[-2]
    program = sorted(p for p in repo.rglob("*.ts") if "StackReference" in p.read_text())[-1]
    parent, real = os.getpid(), files.read_bytes

    def flaky(path: Path) -> bytes:
        if os.getpid() != parent and Path(path) in (project, stack, program):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files, "read_bytes", flaky)
    started = _early_started(monkeypatch)
    monkeypatch.setattr(worker.Worker, "claim", lambda self, *, front: None)  # the worker reads every program file
    early = scan(repo)
    assert started == [True]
    assert early.projects == alone.projects and early.stacks == alone.stacks  # read here after the worker failed
    program_rel = program.relative_to(repo).as_posix()  # the worker's read is the scan's read of a program file:
    [said] = [d for d in early.diagnostics if d.file == program_rel]  # it failed, and the scan says so
    assert "Permission denied" in said.message and said not in alone.diagnostics


def test_a_project_that_holds_another_and_shares_code_with_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`nest/` is a project holding `nest/app/`; the app imports `../lib/refs.ts` of the outer project's folder (a
    file both read, kept once for every project): the early worker's texts and facts give the one-process scan."""
    files = {
        "nest/Pulumi.yaml": "name: nest\nruntime: nodejs\n",
        "nest/Pulumi.dev.yaml": "config: {}\n",
        "nest/index.ts": 'import * as pulumi from "@pulumi/pulumi";\nexport const url = "https://nest";\n',
        "nest/lib/refs.ts": (
            'import * as pulumi from "@pulumi/pulumi";\n'
            "export const net = new pulumi.StackReference(`acme/network-core-0000/${pulumi.getStack()}`);\n"
        ),
        "nest/app/Pulumi.yaml": "name: nest-app\nruntime: nodejs\n",
        "nest/app/Pulumi.dev.yaml": "config: {}\n",
        "nest/app/index.ts": 'import { net } from "../lib/refs";\nexport const vpc = net.getOutput("vpcId");\n',
    }
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    alone = _alone(repo, monkeypatch)
    assert any(e.dependent == "nest-app/dev" for e in alone.edges)  # the shared file's reference, for the app
    started = _early_started(monkeypatch)
    assert scan(repo) == alone
    monkeypatch.setattr(worker.Worker, "claim", lambda self, *, front: None)  # the worker reads every file
    assert scan(repo) == alone
    assert started == [True, True]


@pytest.mark.parametrize("claims", ["both", "worker", "cached"])
def test_the_labelled_corpus_gives_the_same_scan_with_the_early_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claims: str
) -> None:
    """Every language, .NET and Java builds that compile other modules, workspace packages, shared files outside
    the projects, YAML programs (tests/inference/corpus, 169 program files: below PARALLEL_MIN, so one process
    unless lowered): the same scan when the early worker reads and parses, alone or with this process, and
    from the parse cache it filled."""
    corpus = Path(shutil.copytree(Path(__file__).parent / "corpus", tmp_path / "corpus"))
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")
    alone = _alone(corpus, monkeypatch)
    assert len(alone.references) > 100
    started = _early_started(monkeypatch)
    if claims == "worker":
        monkeypatch.setattr(worker.Worker, "claim", lambda self, *, front: None)
    if claims == "cached":
        monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    assert scan(corpus) == alone
    assert started == [True]
    if claims == "cached":  # the files were just copied (racy): no result is stored, the scan is made again
        from stackgraph.inference import sources

        parsed: list[str] = []
        real_finder = sources.finder
        monkeypatch.setattr(sources, "finder", lambda language: parsed.append(language) or real_finder(language))
        assert scan(corpus) == alone  # its facts from the parse-cache entries the worker (and this process) made
        assert started == [True, False] and parsed == []
