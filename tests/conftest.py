"""Shared pytest fixtures."""

from __future__ import annotations

# --- the real Pulumi engine (tests/helpers/engine.py; mark tests with @pytest.mark.engine) ---
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.required import in_ci

_CACHE_TMP: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Caches go to a temporary folder for the whole session, not ~/.cache (tests scan thousands of trees).

    A STACKGRAPH_CACHE_DIR set by the caller wins; tests of the caches point at their own folders.
    """
    if "STACKGRAPH_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="stackgraph-test-cache-")
        _CACHE_TMP.append(folder)
        os.environ["STACKGRAPH_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _CACHE_TMP:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("STACKGRAPH_CACHE_DIR") == folder:
            del os.environ["STACKGRAPH_CACHE_DIR"]
    _CACHE_TMP.clear()


def _engine_missing(reason: str) -> None:
    """In CI a missing engine fails the run; elsewhere the test skips with a one-line reason."""
    if in_ci():
        pytest.fail(f"the real Pulumi engine is required in CI: {reason}", pytrace=False)
    pytest.skip(f"real Pulumi engine unavailable: {reason} (run scripts/install-pulumi)")


_ENGINE: dict[str, Path | engine.EngineUnavailable] = {}


def _locate_engine_once() -> Path:
    if "bin" not in _ENGINE:
        try:
            _ENGINE["bin"] = engine.locate_engine(progress=sys.stderr)
        except engine.EngineUnavailable as exc:
            _ENGINE["bin"] = exc
    found = _ENGINE["bin"]
    if isinstance(found, engine.EngineUnavailable):
        raise found
    return found


def pytest_collection_finish(session: pytest.Session) -> None:
    """Install the engine before the first engine test runs, outside any per-test timeout.

    A cold build takes minutes; doing it here keeps pytest-timeout from cutting it short.
    """
    if not any(item.get_closest_marker("engine") for item in session.items):
        return
    capture = session.config.pluginmanager.getplugin("capturemanager")
    show_progress = capture.global_and_fixture_disabled() if capture else contextlib.nullcontext()
    with show_progress, contextlib.suppress(engine.EngineUnavailable):  # reported by pulumi_bin
        _locate_engine_once()


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    """The folder holding `pulumi` and its language hosts ($STACKGRAPH_PULUMI_BIN or scripts/install-pulumi)."""
    try:
        return _locate_engine_once()
    except engine.EngineUnavailable as exc:
        _engine_missing(str(exc))
        raise  # unreachable: fail/skip raise


@pytest.fixture(scope="session")
def engine_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per session for the shared backend, PULUMI_HOME and examples copy."""
    return tmp_path_factory.mktemp("engine")


@pytest.fixture(scope="session")
def engine_env(pulumi_bin: Path, engine_root: Path) -> dict[str, str]:
    """An isolated environment for `pulumi`: own PULUMI_HOME, a file:// backend, one passphrase.

    Shared by the whole session (deployments see each other); use `make_engine_env` for a fresh backend.
    """
    return engine.engine_environ(pulumi_bin, engine_root)


@pytest.fixture(scope="session")
def make_engine_env(pulumi_bin: Path) -> Callable[[Path], dict[str, str]]:
    """Factory: an isolated engine environment with a fresh backend under the given folder."""
    return lambda root: engine.engine_environ(pulumi_bin, root)


@pytest.fixture(scope="session")
def examples_node_modules() -> Path:
    """node_modules for the TypeScript examples, installed once (examples/node_modules or a cache)."""
    try:
        return engine.examples_node_modules()
    except engine.EngineUnavailable as exc:
        _engine_missing(str(exc))
        raise


@pytest.fixture(scope="session")
def make_examples_copy(examples_node_modules: Path) -> Callable[[Path], Path]:
    """Factory: copy examples/ to the given folder, with node_modules linked in."""
    return lambda dest: engine.copy_examples(dest, examples_node_modules)


@pytest.fixture(scope="session")
def examples_copy(make_examples_copy: Callable[[Path], Path], engine_root: Path) -> Path:
    """The session's copy of examples/, deployed to by `engine_env` (never run pulumi in the repo)."""
    return make_examples_copy(engine_root / "examples")


# --- CI systems: stackgraph speaks GitHub's or GitLab's language when it detects one -------------
_CI_SYSTEM_VARS = ("GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE")


@pytest.fixture(autouse=True)
def _no_ci_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as outside any CI system, even inside a GitHub or GitLab job: the tests of the CI
    output set these variables themselves (in-process and in the environment of the processes they start)."""
    for name in _CI_SYSTEM_VARS:
        monkeypatch.delenv(name, raising=False)
