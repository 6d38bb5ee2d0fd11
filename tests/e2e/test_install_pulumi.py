"""scripts/install-pulumi: its last stdout line is the bin directory of a working, pinned-or-newer pulumi."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import engine

pytestmark = pytest.mark.engine


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.lstrip("v").split("-")[0].split("."))


def test_install_script_prints_the_bin_directory_last(pulumi_bin: Path) -> None:
    # pulumi_bin guarantees an engine exists, so this run only reuses it (PATH or cache): fast.
    proc = subprocess.run(
        ["bash", str(engine.INSTALL_SCRIPT)],
        capture_output=True,
        text=True,
        timeout=engine.INSTALL_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    bin_dir = Path(proc.stdout.strip().splitlines()[-1])
    assert bin_dir.is_absolute()

    version = subprocess.run(
        [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout.strip()
    assert _version_tuple(version) >= _version_tuple(engine.pinned_version())
    for host in ("pulumi-language-yaml", "pulumi-language-python", "pulumi-language-nodejs"):
        assert os.access(bin_dir / host, os.X_OK), host
    assert os.access(bin_dir / "pulumi-language-python-exec", os.X_OK)
