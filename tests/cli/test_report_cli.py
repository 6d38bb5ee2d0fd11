"""`stackgraph report`: a run of the fake engine shown as a page, an SVG and a PNG; bad input exits 2."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.clirun import both, cli, script
from tests.helpers.html_repo import CANARY
from tests.helpers.run_harness import FAKE, Bench

GRAPH = {"net/dev": [], "db/dev": ["net/dev"], "cache/dev": ["net/dev"], "api/dev": ["db/dev", "cache/dev"]}
SCRIPT = {"net/dev": {"sleep": 0.3}, "db/dev": {"sleep": 0.2, "exit": 3, "config": True}, "cache/dev": {"sleep": 0.1}}
SHOWN = "config db:password=[secret], db:user=admin"
"""How the fake engine names db/dev's config in its error line: as an engine does, the `secure:` value masked."""


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Bench:
    """One run: net/dev and cache/dev succeed, db/dev fails, api/dev is skipped.

    db/dev holds a `secure:` value (the canary) and a plain one; the fake engine reads its stack file
    and prints both as an engine does (the secure one as [secret]), in its log and in its error line,
    which the report shows. The canary must still appear in no output: stackgraph never reads a
    `secure:` value. An engine that printed a secret in plain text would be shown as it printed it:
    stackgraph cannot know that text is secret (Pulumi masks secrets in its own output).
    """
    bench = Bench(tmp_path_factory.mktemp("report"), GRAPH, SCRIPT)
    db = bench.root / "db" / "Pulumi.dev.yaml"
    doc = yaml.safe_load(db.read_text())
    doc["config"]["db:password"] = {"secure": CANARY}
    doc["config"]["db:user"] = "admin"
    db.write_text(yaml.safe_dump(doc))
    done = bench.run("-p", "2")
    assert done.code == 1, done.stderr
    assert SHOWN in done.stderr and CANARY not in done.stdout + done.stderr  # the terminal summary
    return bench


def runs(bench: Bench) -> list[Path]:
    return sorted(p for p in (bench.root / ".stackgraph" / "runs").glob("2*.json"))


def test_report_of_the_newest_run_is_one_page_with_timeline_table_logs_and_graph(ran: Bench, tmp_path: Path) -> None:
    out = tmp_path / "site" / "run.html"
    out.parent.mkdir()
    for result in both("report", ran.root, "-o", out):
        assert result.code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "stackgraph run: 2 succeeded, 1 failed, 1 skipped in" in text
        assert "Critical path (the chain of dependent stacks that took longest): net/dev &rarr; db/dev" in text
        rows = re.findall(r"<tr><td>([^<]+)</td><td><span class=\"sg-pill st-([a-z-]+)\"", text)
        assert sorted(rows) == [
            ("api/dev", "skipped"),
            ("cache/dev", "succeeded"),
            ("db/dev", "failed"),
            ("net/dev", "succeeded"),
        ]
        assert "<td>db/dev failed</td>" in text  # why api/dev did not run
        assert f"command exited with code 3: error: db/dev failed on purpose; {SHOWN}" in text  # the first error
        links = re.findall(r'<a href="([^"]+)">log</a>', text)
        assert len(links) == 3
        assert all((out.parent / link).is_file() for link in links)  # relative to the page, and there
        data = json.loads(re.search(r'id="sg-data">(.*?)</script>', text, re.S).group(1))  # type: ignore[union-attr]
        assert {n["id"]: n["status"] for n in data["nodes"]} == {
            "api/dev": "skipped",
            "cache/dev": "succeeded",
            "db/dev": "failed",
            "net/dev": "succeeded",
        }
        assert CANARY not in text


def test_report_of_a_given_file_and_the_timeline_as_svg_and_png(ran: Bench, tmp_path: Path) -> None:
    report = runs(ran)[-1]
    page = cli("report", report)  # the repository is found from the report's place
    assert page.code == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>") and "net/dev &rarr; db/dev" in page.stdout
    assert page.stdout == cli("report", report).stdout  # deterministic
    svg = cli("report", report, "-f", "svg")
    assert svg.code == 0 and svg.stdout.lstrip().startswith("<?xml") and "<svg" in svg.stdout
    assert "db/dev: failed in" in svg.stdout and CANARY not in svg.stdout
    assert SHOWN in svg.stdout  # the engine's error line is in the timeline, its masked config with it
    for result in both("report", report, "-f", "png", "-o", tmp_path / "t.png"):
        assert result.code == 0, result.stderr
        assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_secure_value_is_in_no_report_file_though_the_engine_output_is(ran: Bench) -> None:
    """The run's report files and db/dev's log: the engine's lines are there, the canary is not."""
    for report in runs(ran):
        text = report.read_text(encoding="utf-8")
        assert SHOWN in text and CANARY not in text
    log = next((ran.root / ".stackgraph" / "logs").rglob("db/dev.log")).read_text(encoding="utf-8")
    assert "    db:password=[secret]\n" in log and CANARY not in log


def test_report_without_runs_or_with_a_bad_file_is_bad_input(tmp_path: Path) -> None:
    for result in both("report", tmp_path):
        assert result.code == 2
        assert result.stderr == (
            f"stackgraph: error: {tmp_path / '.stackgraph' / 'runs'}: no run report; run `stackgraph up` "
            f"(or preview, run, ...) in {tmp_path} first, or pass a report file\n"
        )
    (tmp_path / "x.json").write_text("{nope")
    bad = cli("report", tmp_path / "x.json")
    assert bad.code == 2 and bad.stderr.startswith(f"stackgraph: error: {tmp_path / 'x.json'}: not JSON (")
    (tmp_path / "plan.json").write_text('{"schema": "stackgraph.plan/v1"}')
    other = cli("report", tmp_path / "plan.json")
    assert other.code == 2 and "not a stackgraph run report (schema stackgraph.run/v1)" in other.stderr
    missing = cli("report", tmp_path / "nope.json")
    assert missing.code == 2 and "no such file or folder" in missing.stderr
    fmt = cli("report", tmp_path / "x.json", "-f", "jpeg")
    assert (fmt.code, fmt.stderr) == (2, "stackgraph: error: --format jpeg: choose one of html, svg, png\n")


def test_report_from_inside_a_project_folder_shows_the_run_made_from_there(tmp_path: Path) -> None:
    """`cd app && stackgraph run -- CMD` keeps its run under the repository root (the project is taken
    with the repository around it); `stackgraph report` from the same folder finds that run, as every
    other command finds the repository, instead of saying no run was made in `.`."""
    bench = Bench(tmp_path, {"net/dev": [], "app/dev": ["net/dev"]}, {})
    (bench.root / ".git").mkdir()  # the top of a work tree: the repository seen from app/
    app = bench.root / "app"
    ran = script("run", "--", sys.executable, FAKE, module=True, env=bench.env(), cwd=app)
    assert ran.code == 0, ran.stderr
    assert not (app / ".stackgraph").exists() and len(runs(bench)) == 1  # written at the root
    note = (
        f"stackgraph: note: . is inside a project: the repository is {bench.root} (the top of the git work "
        "tree above it); showing its newest run\n"
    )
    for result in (
        script("report", "-o", tmp_path / "run.html", cwd=app),
        cli("report", app, "-o", tmp_path / "run.html"),
    ):
        assert result.code == 0, result.stderr
        page = (tmp_path / "run.html").read_text(encoding="utf-8")
        assert "stackgraph run: 1 succeeded in" in page and "app/dev" in page
    assert script("report", cwd=app).stderr.startswith(note)
    # A report written with --report in that folder: its log paths are relative to the repository, so the
    # repository is the default --repo there too (the log link works, the graph has app/dev's upstream).
    again = script("run", "--report", "r.json", "--", sys.executable, FAKE, module=True, env=bench.env(), cwd=app)
    assert again.code == 0, again.stderr
    page = script("report", "r.json", "-o", "page.html", cwd=app)
    assert page.code == 0, page.stderr
    assert "the repository is" in page.stderr and "taking its graph and logs for the report" in page.stderr
    text = (app / "page.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">log</a>', text) == [f"../.stackgraph/logs/{runs(bench)[-1].stem}/app/dev.log"]


def test_report_of_a_binary_file_says_it_is_no_run_report(tmp_path: Path) -> None:
    """`report run.png` (the picture `report -f png` wrote) is a likely slip: one line with the fix, not a codec's."""
    png = tmp_path / "run.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for result in both("report", png):
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr == (
            f"stackgraph: error: {png}: not a run report (not UTF-8 text, so not JSON); pass a run report that "
            "`up --report` wrote, or the repository of a run\n"
        )
