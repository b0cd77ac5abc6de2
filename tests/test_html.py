"""The HTML views in a real headless Chromium (Debian's chromium, driven by Playwright).

Chromium is installed by the test setup when it is missing (CI runs as root on a
Debian machine); Playwright only drives it, it downloads no browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from support import FIXTURES, run_cli

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _ensure_chromium() -> str:
    if shutil.which("chromium") or Path(CHROMIUM).exists():
        return shutil.which("chromium") or CHROMIUM
    if os.geteuid() != 0:
        pytest.fail(
            "Debian's chromium is missing and these tests are not root: apt-get install chromium"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return CHROMIUM


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _ensure_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield chromium
        chromium.close()


class Page:
    """A page with its console errors, dialogs and load-to-stable time recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        self.stable_after = None
        if self.page.evaluate("!!document.getElementById('network')"):
            while self.page.evaluate("document.body.dataset.stabilized") != "true":
                assert time.perf_counter() - start < 60, "the network never stabilised"
                time.sleep(0.05)
            self.stable_after = time.perf_counter() - start

    def __getattr__(self, name):
        return getattr(self.page, name)


def _painted_pixels(page: Page) -> int:
    """Pixels of the graph canvas that are not blank."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#network canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 16) if (data[i] > 0) painted++;
        return painted;
    }""")


def test_overview_loads_stabilises_and_draws(browser, seeds_build, tmp_path):
    out, _ = seeds_build
    page = Page(browser, out / "graph.html")
    print(f"seeds overview stable after {page.stable_after:.2f} s")
    assert page.errors == []
    assert page.evaluate("paperkg.view.length") > 100
    assert _painted_pixels(page) > 5000
    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert "This overview shows" in page.inner_text("body")


def test_type_filter_hides_and_shows_a_type(browser, seeds_build):
    out, _ = seeds_build
    page = Page(browser, out / "graph.html")
    total = page.evaluate("paperkg.view.length")
    papers = page.evaluate("paperkg.nodes.get().filter(n => n.group === 'paper').length")
    page.click('input[data-group="paper"]')
    assert page.evaluate("paperkg.view.length") == total - papers
    page.click('input[data-group="paper"]')
    assert page.evaluate("paperkg.view.length") == total


def test_search_selects_focuses_and_explains_a_node(browser, seeds_build):
    out, _ = seeds_build
    page = Page(browser, out / "graph.html")
    page.fill("#search", "transformer")
    page.press("#search", "Enter")
    assert page.evaluate("paperkg.network.getSelectedNodes()") == ["concept:transformer"]
    details = page.inner_text("#details")
    assert "Transformer" in details and "architecture" in details
    assert page.get_attribute("#details a", "href") == "concepts/transformer.html"
    greyed = page.evaluate("paperkg.nodes.get().filter(n => n.color !== n.base).length")
    assert greyed > 0


def test_views_and_report_load_and_link_up(browser, seeds_build):
    out, _ = seeds_build
    concept = Page(browser, out / "concepts" / "mamba.html")
    assert concept.errors == [] and concept.stable_after is not None
    assert "named by" in concept.inner_text("body")
    papers = sorted((out / "papers").glob("*.html"))
    paper = Page(browser, papers[0])
    assert paper.errors == [] and _painted_pixels(paper) > 500
    report = Page(browser, out / "index.html")
    assert report.errors == []
    hrefs = report.evaluate(
        "Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))"
    )
    assert "graph.html" in hrefs and "graph.ttl" in hrefs and "concepts/mamba.html" in hrefs
    assert sum(h.startswith("papers/") for h in hrefs) == len(papers)
    assert report.evaluate("document.querySelectorAll('svg rect').length") > 20


def test_hostile_titles_show_as_text_and_run_nothing(browser, tmp_path):
    out = tmp_path / "hostile"
    result = run_cli("build", str(FIXTURES / "hostile_titles.jsonl"), "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    pages = [
        out / "graph.html",
        out / "index.html",
        *sorted((out / "papers").glob("*.html")),
        *sorted((out / "concepts").glob("*.html"))[:5],
    ]
    for path in pages:
        page = Page(browser, path)
        assert page.evaluate("window.__pwned") is None, path.name
        assert page.dialogs == [] and page.errors == [], (path.name, page.errors)
        assert page.evaluate("document.querySelectorAll('img').length") == 0, path.name
        page.close()
    overview = Page(browser, out / "graph.html")
    evil = overview.evaluate(
        "paperkg.nodes.get().find(n => n.kind === 'paper' && n.full.includes('Evil')).id"
    )
    overview.evaluate(f"paperkg.highlight({evil!r})")
    assert "<script>window.__pwned = 1</script>Evil Transformers" in overview.inner_text("#details")
