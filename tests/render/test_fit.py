"""Static pictures stay readable: direction and row width by the graph's shape; a shrunk raster or a strip is said."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from stackgraph.model import StackId
from stackgraph.render.fit import choose, estimate, rows_of
from stackgraph.render.picture import Picture, warning
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo
from tests.helpers.required import dot


def ids(prefix: str, n: int) -> list[StackId]:
    return [StackId(f"{prefix}{i:03d}/dev") for i in range(n)]


def test_a_small_graph_keeps_top_to_bottom_and_no_rows() -> None:
    assert choose([ids("a", 2), ids("b", 2), ids("c", 1)]) == ("TB", None)


def test_a_long_chain_turns_left_to_right() -> None:
    assert choose([[s] for s in ids("a", 12)])[0] == "LR"


def test_a_wide_level_is_cut_into_rows_of_a_screens_shape() -> None:
    direction, wrap = choose([ids("a", 400), ids("b", 3)])
    assert direction == "TB" and wrap is not None and 10 <= wrap <= 60
    w, h = estimate([ids("a", 400), ids("b", 3)], "TB", wrap)
    assert 0.5 < w / h < 4


def test_what_the_user_gives_is_kept() -> None:
    levels = [ids("a", 400)]
    assert choose(levels, rankdir="LR", wrap=7) == ("LR", 7)
    assert rows_of([ids("a", 5)], 2) == [ids("a", 5)[:2], ids("a", 5)[2:4], ids("a", 5)[4:]]


def test_warnings_name_the_problem_and_the_way_out() -> None:
    shrunk = warning(Picture(b"", 32766, 346, 0.2589), "png")
    assert shrunk is not None and shrunk.startswith(
        "stackgraph: warning: the picture would be 126,559 x 1,336 pixels, more than Graphviz's 32,767: it was shrunk"
    )
    assert "-f html" in shrunk and "--select" in shrunk and "--max-width" in shrunk
    strip = warning(Picture(b"", 12389, 324), "png")
    assert strip is not None and "12,389 x 324 pixels, a strip hard to read" in strip
    assert warning(Picture(b"", 1200, 800), "png") is None


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    dot()
    spec: dict[str, object] = {"top/Pulumi.yaml": project("top")}
    deps = []
    for i in range(60):
        spec[f"p{i:02d}/Pulumi.yaml"] = project(f"p{i:02d}")
        spec[f"p{i:02d}/Pulumi.dev.yaml"] = stack()
        deps.append(f"p{i:02d}/dev")
    spec["top/Pulumi.dev.yaml"] = stack(deps)
    return write_repo(tmp_path / "repo", spec)  # type: ignore[arg-type]


def png_size(path: Path) -> tuple[int, int]:
    w, h = struct.unpack(">II", path.read_bytes()[16:24])
    return int(w), int(h)


def test_png_of_a_wide_graph_is_cut_into_rows_unless_told_otherwise(wide: Path, tmp_path: Path) -> None:
    for out in both("graph", wide, "-f", "png", "-o", tmp_path / "auto.png"):
        assert out.code == 0 and "warning" not in out.stderr, out.stderr
    w, h = png_size(tmp_path / "auto.png")
    assert w / h < 4, (w, h)
    forced = cli("graph", wide, "-f", "png", "--rankdir", "TB", "--max-width", "1000", "-o", tmp_path / "strip.png")
    assert forced.code == 0
    w, h = png_size(tmp_path / "strip.png")
    assert w / h > 8
    assert re.search(
        r"warning: the picture is [0-9,]+ x [0-9,]+ pixels, a strip hard to read; .*-f html", forced.stderr
    )


def test_dot_output_is_unchanged_unless_asked_and_bad_options_are_usage_errors(wide: Path) -> None:
    plain = cli("graph", wide).stdout
    assert "rankdir=TB" in plain and "style=invis" not in plain
    rows = cli("graph", wide, "--max-width", "10").stdout
    assert rows.count("style=invis") == 6  # 6 rows of p00..p59, then top/dev
    assert "rankdir=LR" in cli("graph", wide, "--rankdir", "lr").stdout
    assert cli("graph", wide, "-f", "mermaid", "--rankdir", "LR").stdout.startswith("flowchart LR\n")
    bad = cli("graph", wide, "--rankdir", "up")
    assert (bad.code, bad.stderr) == (2, "stackgraph: error: --rankdir up: choose one of auto, TB, LR, BT, RL\n")
    zero = cli("graph", wide, "--max-width", "0")
    assert (zero.code, zero.stderr) == (2, "stackgraph: error: --max-width 0: give a number of stacks, 1 or more\n")
