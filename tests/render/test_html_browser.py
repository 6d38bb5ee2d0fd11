"""The HTML graph in a real browser: Debian's headless Chromium over the DevTools protocol.

Loads with no console error and no request but its own file, holds one node per stack, a
click highlights exactly what the stack needs and what needs it (as the graph wrapper says),
search finds a stack, filters dim the others, and a screenshot is a picture, not a blank.
In CI (CI=true) a missing browser fails these tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.graph.build import build_graph
from stackgraph.model import StackId
from tests.helpers.browser import Browser, Page, png_pixels
from tests.helpers.clirun import cli
from tests.helpers.html_repo import OUTSIDE, STACKS, html_repo
from tests.helpers.run_harness import Bench


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("html")
    root = html_repo(tmp)
    out = cli("graph", "-f", "html", "-o", tmp / "graph.html", root)
    if out.code != 0:
        pytest.fail(out.stderr)
    return root, tmp / "graph.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser.start(tmp_path_factory.mktemp("browser")) as b:
        yield b


@pytest.fixture
def page(browser: Browser, site: tuple[Path, Path]) -> Page:
    return browser.open(site[1])


def marked(page: Page, cls: str) -> list[str]:
    return sorted(page.eval(f"Array.from(document.querySelectorAll('g.node.{cls}')).map(e => e.dataset.stack)"))


def test_page_loads_clean_and_offline_with_one_node_per_stack(page: Page, site: tuple[Path, Path]) -> None:
    assert page.eval("document.getElementById('sg-graph').dataset.ready") == str(len(STACKS) + len(OUTSIDE))
    assert page.errors() == []
    assert page.requests == [site[1].resolve().as_uri()]
    drawn = page.eval("Array.from(document.querySelectorAll('svg g.node')).map(e => e.dataset.stack)")
    assert sorted(drawn) == sorted([*STACKS, *OUTSIDE])
    kinds = page.eval(
        "Object.fromEntries(['external', 'dangling'].map(k => "
        "[k, Array.from(document.querySelectorAll('g.node.sg-' + k)).map(e => e.dataset.stack)]))"
    )
    assert kinds == {"external": ["acme/shared/prod"], "dangling": ["db/prod"]}
    assert page.eval("document.getElementById('sg-shown').textContent") == "10 of 10 stacks"


@pytest.mark.parametrize("sid", ["api/dev", "net/dev", "mon/dev", "api/prod"])
def test_a_click_highlights_what_the_stack_needs_and_what_needs_it(
    page: Page, site: tuple[Path, Path], sid: str
) -> None:
    graph = build_graph(scan(site[0]))
    page.click(f'g.node[data-stack="{sid}"]')
    assert marked(page, "sg-sel") == [sid]
    assert marked(page, "sg-up") == sorted(graph.ancestors(StackId(sid)))
    assert marked(page, "sg-down") == sorted(graph.descendants(StackId(sid)))
    panel = page.eval("document.getElementById('sg-details').innerText")
    assert panel.splitlines()[0] == sid
    proj, name = sid.split("/")
    assert f"stack file\n{proj}/Pulumi.{name}.yaml" in panel
    assert page.errors() == []


def test_the_panel_shows_evidence_and_level(page: Page) -> None:
    page.click('g.node[data-stack="api/dev"]')
    panel = page.eval("document.getElementById('sg-details').innerText")
    assert "level\n2" in panel
    assert "api/__main__.py:3" in panel  # the StackReference that makes api/dev need db/dev
    assert "api/Pulumi.dev.yaml:3" in panel and "stackgraph:dependsOn: cache/dev" in panel
    kinds = page.eval("[...document.querySelectorAll('#sg-details .sg-kind')].map(e => e.textContent)")
    assert sorted(set(kinds)) == ["code", "explicit"]  # each dependency's kind, and its evidence's
    page.click("#sg-graph svg", corner=True)  # the background: clears the selection
    assert marked(page, "sg-sel") == []


def test_search_finds_a_stack(page: Page) -> None:
    page.type_text("#sg-search", "mon/")
    assert marked(page, "sg-sel") == ["mon/dev"]
    assert page.eval("document.getElementById('sg-found').textContent") == "1 match"
    page.eval("document.getElementById('sg-search').value = ''")
    page.type_text("#sg-search", "prod")
    assert marked(page, "sg-hit") == ["acme/shared/prod", "api/prod", "db/prod", "net/prod"]


def test_filters_dim_what_does_not_match(page: Page) -> None:
    def choose(name: str, value: str) -> list[str]:
        page.eval(
            f"(() => {{ const s = document.getElementById('sg-filter-{name}'); s.value = {json.dumps(value)};"
            " s.dispatchEvent(new Event('change')); })()"
        )
        return sorted((set(STACKS) | set(OUTSIDE)) - set(marked(page, "sg-out")))

    assert choose("env", "prod") == ["acme/shared/prod", "api/prod", "db/prod", "net/prod"]
    assert choose("env", "") == sorted([*STACKS, *OUTSIDE])
    assert choose("tag", "core") == ["net/dev", "net/prod"]
    assert choose("project", "db") == []  # tag core and project db: nothing
    assert page.eval("document.getElementById('sg-shown').textContent") == "0 of 10 stacks"


def test_wheel_zooms_and_a_screenshot_is_not_blank(page: Page) -> None:
    before = page.eval("document.querySelector('#sg-graph svg').getAttribute('viewBox')")
    page.send("Input.dispatchMouseEvent", type="mouseWheel", x=300, y=300, deltaX=0, deltaY=-300)
    after = page.eval("document.querySelector('#sg-graph svg').getAttribute('viewBox')")
    assert float(after.split()[2]) < float(before.split()[2])  # narrower view: zoomed in
    page.send("Input.dispatchMouseEvent", type="mousePressed", x=400, y=400, button="left", buttons=1, clickCount=1)
    page.send("Input.dispatchMouseEvent", type="mouseMoved", x=300, y=350, button="left", buttons=1)
    page.send("Input.dispatchMouseEvent", type="mouseReleased", x=300, y=350, button="left", buttons=0, clickCount=1)
    dragged = page.eval("document.querySelector('#sg-graph svg').getAttribute('viewBox')")
    assert float(dragged.split()[0]) > float(after.split()[0])  # dragged left: the view moved right
    assert dragged.split()[2:] == after.split()[2:]  # panning keeps the zoom
    width, height, pixels = png_pixels(page.screenshot(scale=0.25))
    assert width == 320 and height > 150
    inked = sum(1 for p in pixels if p != (255, 255, 255))
    assert inked > len(pixels) * 0.05, "the page looks blank"
    assert len(set(pixels)) > 50


def test_the_run_report_page_loads_clean_with_the_graph_coloured_by_status(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("run")
    bench = Bench(tmp, {"net/dev": [], "db/dev": ["net/dev"], "api/dev": ["db/dev"]}, {"db/dev": {"exit": 2}})
    assert bench.run().code == 1
    out = cli("report", bench.root, "-o", tmp / "run.html")
    assert out.code == 0, out.stderr
    page = browser.open(tmp / "run.html")
    assert page.errors() == []
    assert page.requests == [(tmp / "run.html").resolve().as_uri()]
    status = page.eval(
        "Object.fromEntries(Array.from(document.querySelectorAll('#sg-graph g.node')).map(e => "
        "[e.dataset.stack, Array.from(e.classList).filter(c => c.startsWith('sg-st-')).join()]))"
    )
    assert status == {"net/dev": "sg-st-succeeded", "db/dev": "sg-st-failed", "api/dev": "sg-st-skipped"}
    assert page.eval("document.querySelectorAll('.sg-runs tbody tr').length") == 3
    assert page.eval("document.querySelectorAll('.sg-timeline svg g.node').length") > 10
    page.eval("document.querySelector('.sg-viewer').scrollIntoView()")
    page.click('g.node[data-stack="db/dev"]')
    assert (marked(page, "sg-up"), marked(page, "sg-down")) == (["net/dev"], ["api/dev"])
