"""The CLI end to end: CliRunner, the installed console script and `python -m stackgraph`.

Happy paths, stdout/stderr separation, -o FILE, real Graphviz rendering, the missing-`dot`
message, unexpected errors (exit 3 and a log), and what start-up imports.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stackgraph import __version__
from tests.helpers.clirun import BIN, Outcome, both, cli, script
from tests.helpers.repo_builder import project, stack, write_repo
from tests.helpers.required import in_ci

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def all_entry_points(*args: str | Path) -> list[Outcome]:
    return [*both(*args), script(*args, module=True)]


def test_help() -> None:
    for out in all_entry_points("--help"):
        assert out.code == 0, out.stderr
        assert "Usage: stackgraph" in out.stdout
        for command in ("scan", "plan", "graph"):
            assert re.search(rf"^\W*{command}\s", out.stdout, re.M), command
        assert out.stderr == ""
    plan_help = cli("plan", "--help")
    assert plan_help.code == 0
    for option in ("--format", "--env", "--destroy", "--output"):
        assert option in plan_help.stdout


def test_no_arguments_shows_help() -> None:
    out = script()
    assert out.code == 2
    assert "Usage: stackgraph" in out.stdout + out.stderr


def test_version() -> None:
    for out in all_entry_points("--version"):
        assert (out.code, out.stdout, out.stderr) == (0, f"stackgraph {__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (("scan",), "6 projects, 12 stacks, 14 dependencies, "),
        (("scan", "-f", "json"), '{\n  "schema": "stackgraph.scan/v1",\n'),
        (("plan",), "deploy order: 12 stacks in 4 levels\n1\tnetworking/dev\n"),
        (("plan", "-f", "json"), '{\n  "schema": "stackgraph.plan/v1",\n  "direction": "up",\n'),
        (("plan", "-f", "markdown", "-e", "prod"), "**stackgraph** deploy order: 6 stacks in 4 levels\n"),
        (("plan", "--destroy"), "destroy order: 12 stacks in 4 levels\n1\tmonitoring/dev\n"),
        (("graph",), "digraph stackgraph {\n"),
        (("graph", "-f", "mermaid"), "flowchart TD\n"),
        (("graph", "-f", "json"), '{\n  "schema": "stackgraph.graph/v1",\n'),
    ],
)
def test_happy_paths_write_stdout_only(args: tuple[str, ...], start: str) -> None:
    out = cli(args[0], EXAMPLES, *args[1:])
    assert (out.code, out.stderr) == (0, ""), out.stderr
    assert out.stdout.startswith(start)


@pytest.mark.parametrize("command", ["scan", "plan", "graph"])
def test_entry_points_agree(command: str) -> None:
    runs = all_entry_points(command, EXAMPLES, "-f", "json")
    for out in runs:
        assert (out.code, out.stderr) == (0, ""), out.stderr
        assert out.stdout.startswith('{\n  "schema": "stackgraph.')
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    out = script("plan", EXAMPLES, "-f", "json", "-o", target)
    assert (out.code, out.stdout, out.stderr) == (0, "", f"stackgraph: wrote {target}\n")
    assert target.read_text() == cli("plan", EXAMPLES, "-f", "json").stdout
    for fmt in ("markdown", "text"):
        target = tmp_path / f"plan.{fmt}"
        out = cli("plan", EXAMPLES, "-f", fmt, "-o", target)
        assert (out.code, out.stdout, out.stderr) == (0, "", f"stackgraph: wrote {target}\n")
        assert target.read_text() == cli("plan", EXAMPLES, "-f", fmt).stdout
    target = tmp_path / "graph.mmd"
    out = cli("graph", EXAMPLES, "-f", "mermaid", "--output", target)
    assert (out.code, out.stdout, out.stderr) == (0, "", f"stackgraph: wrote {target}\n")
    assert target.read_text() == cli("graph", EXAMPLES, "-f", "mermaid").stdout


def test_plan_table_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    out = cli("plan", EXAMPLES, "-f", "table", "-o", target, "-e", "dev")
    assert (out.code, out.stdout) == (0, "")
    lines = target.read_text().splitlines()
    assert lines[0].rstrip() == "deploy order: 6 stacks in 4 levels"
    assert re.match(r"│\s+1 │ networking/dev\s+│ networking\s+│\s+│", lines[4])


@pytest.mark.skipif(shutil.which("dot") is None and not in_ci(), reason="Graphviz `dot` is not installed")
def test_svg_and_png_with_real_dot(tmp_path: Path) -> None:
    svg = script("graph", EXAMPLES, "-f", "svg")
    assert (svg.code, svg.stderr) == (0, "")
    assert svg.stdout.startswith("<?xml") and "</svg>" in svg.stdout
    titles = re.findall(r"<title>([^<]+)</title>", svg.stdout)
    assert {"networking/dev", "monitoring/prod", "networking/dev&#45;&gt;cluster/dev"} <= set(titles)
    png = tmp_path / "g.png"
    out = script("graph", EXAMPLES, "-f", "png", "-o", png, "--cluster", "project", "--reduce")
    assert (out.code, out.stderr) == (0, f"stackgraph: wrote {png}\n")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # The DOT source itself renders too, without a warning.
    dot = subprocess.run(
        ["dot", "-Tsvg"], input=script("graph", EXAMPLES).stdout_bytes, capture_output=True, check=True
    )
    assert dot.stderr == b""


def test_missing_dot_is_one_line(tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # a PATH without dot
    bare.mkdir()
    message = (
        "stackgraph: error: Graphviz's `dot` is not installed, so SVG/PNG cannot be drawn; install it "
        "(`apt-get install graphviz` or `brew install graphviz`) or use --format dot\n"
    )
    for fmt in ("svg", "png"):
        out = script("graph", EXAMPLES, "-f", fmt, "-o", tmp_path / f"g.{fmt}", env={"PATH": str(bare)})
        assert (out.code, out.stdout, out.stderr) == (2, "", message)
    out = script("graph", EXAMPLES, "-f", "dot", env={"PATH": str(bare)})
    assert out.code == 0 and out.stdout.startswith("digraph")


def test_png_refuses_a_terminal() -> None:
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [str(BIN), "graph", str(EXAMPLES), "-f", "png"],
            stdout=secondary,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert proc.returncode == 2
    assert proc.stderr == b"stackgraph: error: --format png writes binary data: pass -o FILE.png or redirect stdout\n"


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    spec = {f"p{i:03}/Pulumi.yaml": project(f"p{i:03}") for i in range(300)}
    spec.update({f"p{i:03}/Pulumi.dev.yaml": stack([f"p{i - 1:03}/dev"] if i else []) for i in range(300)})
    root = write_repo(tmp_path, spec)
    proc = subprocess.run(
        f"'{BIN}' plan '{root}' -f json | head -c 100 >/dev/null; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_unexpected_error_exit_3_with_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stackgraph.discovery.scan as scan_module

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in the scanner")

    monkeypatch.setattr(scan_module, "_scan", boom)  # behind scan() and scan_rendered()
    monkeypatch.setenv("STACKGRAPH_LOG_DIR", str(tmp_path / "logs"))
    for command in ("scan", "plan", "graph"):
        out = cli(command, EXAMPLES)
        m = re.fullmatch(
            r"stackgraph: unexpected error: RuntimeError: boom in the scanner; the traceback is in (\S+); "
            r"please report it\n",
            out.stderr,
        )
        assert (out.code, out.stdout, bool(m)) == (3, "", True), out.stderr
        assert m is not None
        log = Path(m.group(1))
        assert log.parent == tmp_path / "logs"
        text = log.read_text()
        assert "Traceback (most recent call last)" in text and "RuntimeError: boom in the scanner" in text
        assert "Traceback" not in out.stderr


def test_unexpected_error_without_a_writable_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stackgraph.discovery.scan as scan_module

    monkeypatch.setattr(scan_module, "_open", lambda *a, **k: 1 / 0)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("STACKGRAPH_LOG_DIR", str(blocker / "logs"))  # below a file: cannot be created
    out = cli("plan", EXAMPLES)
    assert (out.code, out.stdout, out.stderr) == (
        3,
        "",
        "stackgraph: unexpected error: ZeroDivisionError: division by zero; and no log could be written; "
        "please report it\n",
    )


def _imported(*args: str) -> set[str]:
    """The modules a real `python -m stackgraph ARGS` process imports (from -X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "stackgraph", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")} - {
        "package"
    }


def test_help_and_plan_import_no_heavy_modules() -> None:
    heavy = {"pulumi", "graphviz", "grpc", "google.protobuf"}
    help_mods = _imported("--help")
    assert "stackgraph.cli.app" in help_mods  # the check sees our own modules
    assert {m for m in help_mods if m.split(".")[0] in heavy | {"networkx", "yaml"}} == set()
    env_help = _imported("env", "up", "--help")  # the env commands load the Automation API only when they run
    assert "stackgraph.cli.cmd_env" in env_help
    assert {m for m in env_help if m.split(".")[0] in heavy | {"networkx", "yaml"}} == set()
    plan_mods = _imported("plan", str(EXAMPLES), "-f", "json")
    assert "yaml" in plan_mods and "stackgraph.graph.dag" in plan_mods
    # plan orders with the wrapper's own walks: networkx only for a cycle's message or a reduction.
    assert {m for m in plan_mods if m.split(".")[0] in heavy | {"networkx"} or m in heavy} == set()
    assert "networkx" in _imported("graph", str(EXAMPLES), "-f", "json", "--reduce")
    for args in (("scan", str(EXAMPLES), "-f", "json"), ("why", str(EXAMPLES), "api/dev", "networking/dev")):
        mods = _imported(*args)
        assert "stackgraph.discovery.scan" in mods
        assert {m for m in mods if m.split(".")[0] in heavy | {"networkx"}} == set(), args


def test_a_scan_loads_only_the_front_ends_of_its_languages(tmp_path: Path) -> None:
    """A Python program's scan (a site in a function another module calls, whose callers are read) imports the Python
    front-end only: each front-end loads when a file of its language is read (was: the TS/JS one for every held
    site, 19 modules)."""
    files = {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": "name: app\nruntime: python\n",
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": 'import pulumi\nimport stacks\n\nif pulumi.get_stack() == "dev":\n    stacks.net()\n',
        "app/stacks.py": 'import pulumi\n\n\ndef net():\n    pulumi.StackReference("organization/net/dev")\n',
    }
    mods = _imported("scan", str(write_repo(tmp_path, files)), "-f", "json")
    assert "stackgraph.inference.frontends.python.call_guards" in mods
    assert {m for m in mods if m.startswith("stackgraph.inference.frontends.typescript")} == set()


def test_scan_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "one", {"net/Pulumi.yaml": project("net")})
    assert cli("scan", root).stdout.splitlines()[0] == "1 project, 0 stacks, 0 dependencies, 0 stack references"
    root = write_repo(
        tmp_path / "two",
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": "name: app\nruntime: yaml\nresources:\n  net:\n    type: pulumi:pulumi:StackReference\n"
            "    properties:\n      name: acme/net/dev\n",
            "app/Pulumi.dev.yaml": stack(),
        },
    )
    assert cli("scan", root).stdout.splitlines()[0] == "2 projects, 2 stacks, 1 dependency, 1 stack reference"
