"""A cache write that fails (a full disk, a folder in the way) leaves no temporary file in the cache folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stackgraph.cache.store import write_atomic

# A file size limit makes write() fail with EFBIG, for root too (a full disk cannot be made in a test).
WRITE_PAST_LIMIT = """
import resource, signal, sys
from pathlib import Path
from stackgraph.cache.store import write_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    write_atomic(Path(sys.argv[1]), b"x" * 100_000, own_name=sys.argv[2] == "own")
except OSError as exc:
    print(exc.errno)
"""


@pytest.mark.parametrize("own_name", [True, False], ids=["own-name", "mkstemp"])
def test_a_write_that_fails_removes_its_temporary_file(tmp_path: Path, own_name: bool) -> None:
    folder = tmp_path / "cache"
    flag = "own" if own_name else "unique"
    proc = subprocess.run(
        [sys.executable, "-c", WRITE_PAST_LIMIT, str(folder / "entry.json"), flag],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert proc.stdout.strip() == "27", proc.stderr  # EFBIG: the write did fail
    assert sorted(p.name for p in folder.iterdir()) == []


@pytest.mark.parametrize("own_name", [True, False], ids=["own-name", "mkstemp"])
def test_a_rename_that_fails_removes_its_temporary_file(tmp_path: Path, own_name: bool) -> None:
    folder = tmp_path / "cache"
    (folder / "entry.json" / "inside").mkdir(parents=True)  # a non-empty folder where the entry goes
    with pytest.raises(OSError):
        write_atomic(folder / "entry.json", "{}", own_name=own_name)
    assert sorted(p.name for p in folder.iterdir()) == ["entry.json"]
