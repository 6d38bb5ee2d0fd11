"""A failure inside inference is loud: exit 3 with a crash log, never a scan with fewer edges.

Each case runs `python -m stackgraph scan` on a copy of the package with one defect put in (a broken
import, a crash in a front-end, a crash in the forked pre-parse worker), and the real package on the
same repository for contrast: exit 0 with the inferred edge.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stackgraph
from tests.helpers.repo_builder import project, stack, write_repo

PACKAGE = Path(stackgraph.__file__).resolve().parent
REF = 'pulumi.StackReference(f"{pulumi.get_organization()}/net/{pulumi.get_stack()}")'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two projects; only the code of `app` says that it needs `net` (plus files for the worker to parse)."""
    spec: dict[str, object] = {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": f"import pulumi\n\nnet = {REF}\n" + "".join(f"import part{i}\n" for i in range(3)),
    }
    for i in range(3):
        spec[f"app/part{i}.py"] = f"import pulumi\n\nref{i} = {REF}\n"
    return write_repo(tmp_path / "repo", spec)


def _scan(repo: Path, tmp_path: Path, package_parent: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(STACKGRAPH_CACHE_DIR="off", STACKGRAPH_LOG_DIR=str(tmp_path / "logs"))
    if package_parent is not None:
        env["PYTHONPATH"] = str(package_parent)
    return subprocess.run(
        [sys.executable, "-m", "stackgraph", "scan", str(repo), "-f", "json"],
        cwd=tmp_path,  # not the checkout: `-m` puts the working folder first on the path
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _broken_copy(tmp_path: Path, module: str, old: str, new: str) -> Path:
    """A copy of the package with `old` replaced by `new` (once) in `module` (a path below stackgraph/)."""
    parent = tmp_path / "copy"
    shutil.copytree(PACKAGE, parent / "stackgraph", ignore=shutil.ignore_patterns("__pycache__"))
    path = parent / "stackgraph" / module
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{module} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return parent


def _assert_crash(out: subprocess.CompletedProcess[str], tmp_path: Path, expected: str) -> None:
    assert out.returncode == 3, out.stderr
    assert "stackgraph: unexpected error: " in out.stderr and "the traceback is in " in out.stderr
    [log] = (tmp_path / "logs").glob("crash-*.log")
    assert str(log) in out.stderr
    # under -f json the error is also a JSON object on stdout, naming the crash log; no partial document
    error = json.loads(out.stdout)["error"]
    assert error["exit_code"] == 3 and error["file"] == str(log), error
    assert expected in log.read_text(encoding="utf-8")


def test_the_real_package_infers_the_edge(repo: Path, tmp_path: Path) -> None:
    out = _scan(repo, tmp_path, None)
    assert out.returncode == 0, out.stderr
    edges = json.loads(out.stdout)["edges"]
    assert [(e["from"], e["to"], e["kind"]) for e in edges] == [("app/dev", "net/dev", "code")]


@pytest.mark.parametrize(
    "module",
    ["inference/link.py", "inference/frontends/python/lower.py", "inference/evaluate.py"],
)
def test_a_broken_import_in_inference_exits_3(repo: Path, tmp_path: Path, module: str) -> None:
    copy = _broken_copy(tmp_path, module, "from __future__ import annotations\n",
                        "from __future__ import annotations\n\nimport stackgraph.no_such_module\n")  # fmt: skip
    out = _scan(repo, tmp_path, copy)
    _assert_crash(out, tmp_path, "No module named 'stackgraph.no_such_module'")
    assert "ModuleNotFoundError" in out.stderr


def test_a_crash_in_a_front_end_exits_3(repo: Path, tmp_path: Path) -> None:
    copy = _broken_copy(
        tmp_path,
        "inference/frontends/python/finder.py",
        "    def facts(self) -> ir.FileFacts:\n",
        "    def facts(self) -> ir.FileFacts:\n        raise RuntimeError('a bug in the Python front-end')\n",
    )
    out = _scan(repo, tmp_path, copy)
    _assert_crash(out, tmp_path, "RuntimeError: a bug in the Python front-end")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pre-parse worker runs only on two cores or more")
def test_a_crash_in_the_pre_parse_worker_exits_3(repo: Path, tmp_path: Path) -> None:
    """Only the worker calls `parse_job`: the crash happens there alone, and comes back here."""
    copy = _broken_copy(
        tmp_path,
        "inference/prefetch.py",
        '    """The worker\'s work on one job: read it if need be, parse it, and encode the facts for the parse '
        'cache."""\n',
        "    raise RuntimeError('a bug seen only in the worker')\n",
    )
    prefetch = copy / "stackgraph" / "inference" / "prefetch.py"
    prefetch.write_text(prefetch.read_text().replace("PARALLEL_MIN = 200", "PARALLEL_MIN = 1"))
    # this process claims a job only once the worker has claimed one: else, on a loaded machine, it may parse every
    # file before the worker starts, and the worker, never running `parse_job`, has nothing to fail on (exit 0)
    worker = copy / "stackgraph" / "inference" / "worker.py"
    claiming = "        return claim(self.claims, front=front)\n"
    waiting = (
        "        while not front and self.claims[0] == 0 and self.process.is_alive():\n"
        "            __import__('time').sleep(0.001)\n"
    )
    assert claiming in worker.read_text(), "worker.py no longer claims so: update this test"
    worker.write_text(worker.read_text().replace(claiming, waiting + claiming, 1))
    out = _scan(repo, tmp_path, copy)
    _assert_crash(out, tmp_path, "RuntimeError: a bug seen only in the worker")
    assert "WorkerCrash: the pre-parse worker failed" in out.stderr
