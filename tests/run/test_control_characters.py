"""Control characters a process prints (OSC, BEL, C0, C1, bidi) reach neither the JUnit XML nor the terminal summary.

The JUnit file is parsed by a real XML parser (expat, through ElementTree): XML 1.0 allows no C0 control
character at all, so one in an attribute makes the file unreadable to every CI system.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from stackgraph.results import printable
from tests.helpers.clirun import cli, script
from tests.helpers.repo_builder import project, stack, write_repo

EVIL = (
    "\x1b]0;pwned title\x07"  # OSC: sets the terminal title, ended by BEL
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink, ended by ST
    "error:\x07 disk\x00 \x1b[31mfull\x1b[0m"  # BEL, NUL, CSI colours
    "\x01\x08\x0b\x0c\x1f\x7f"  # C0 and DEL
    "\x9b2J\x9d0;t\x9c\x85\x90x"  # C1: 8-bit CSI, OSC, NEL, DCS
    " \u202eevil\u202c end"  # a bidirectional override
)
CLEAN = "linkerror: disk fullx evil end"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def test_printable_strips_every_kind() -> None:
    assert printable(EVIL) == CLEAN
    assert printable("tab\there\r\nünïcode ✓") == "tab here  ünïcode ✓"


def test_junit_and_summary_hold_no_control_character(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})
    program = tmp_path / "evil.py"
    program.write_text(f"import sys\nsys.stdout.write({EVIL!r} + '\\n')\nsys.exit(1)\n")
    for run in (cli, script):  # the typer runner and the console script, one JUnit file each
        junit = tmp_path / f"{run.__name__}.xml"
        out = run("run", root, "--junit", junit, "--", sys.executable, program)
        assert out.code == 1, out.stderr
        assert not CONTROL.search(out.stderr), repr(out.stderr)
        assert "  failed net/dev after " in out.stderr
        assert f": command exited with code 1: {CLEAN}\n" in out.stderr
        suite = ET.parse(junit).getroot()  # raises on a file that is not well-formed
        failure = suite.find("testsuite/testcase/failure")
        assert failure is not None
        assert failure.get("message") == f"command exited with code 1: {CLEAN}"
        assert not CONTROL.search(junit.read_text())
