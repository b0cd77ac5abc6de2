"""The HTML views in a real headless Chromium (Debian's chromium, driven by Playwright).

The four questions a researcher opens the views for are asked as a user would (search,
click, filter) and their answers read from the page text and links; the expected
answers come from the build's own graph (SPARQL over graph.ttl). Each defect the
views once had is a test of its own. Chromium is installed by the test setup when it
is missing (CI runs as root on a Debian machine); Playwright only drives it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import rdflib

from paperkg.model import PartialDate
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
PREFIXES = """
PREFIX pkg: <https://w3id.org/paperkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


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


@pytest.fixture(scope="module")
def seeds_rdf(seeds_build) -> rdflib.Graph:
    out, _ = seeds_build
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


class Page:
    """A page with its console errors and dialogs recorded, waited for until its
    data is rendered (and its graph laid out, where it has one)."""

    def __init__(self, browser, target: str | Path, width: int = 1400) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(target.as_uri() if isinstance(target, Path) else target)
        self.wait()

    def until(self, expression: str, what: str) -> float:
        """Seconds until a JavaScript expression holds in the page.

        Polled from here with `evaluate`, which the pages' CSP allows: Playwright's own
        `wait_for_function` re-evaluates a string with `eval` in the page, which the CSP
        (rightly) refuses whenever the first check fails."""
        start = time.perf_counter()
        while not self.page.evaluate(expression):
            assert time.perf_counter() - start < 60, f"the page never {what}"
            time.sleep(0.05)
        return time.perf_counter() - start

    def wait(self) -> float:
        """Seconds until the page says it is rendered and laid out."""
        return self.until(
            "document.body.dataset.ready === 'true' && (!document.querySelector('.network')"
            " || document.body.dataset.stabilized === 'true')",
            "became ready",
        )

    def search(self, text: str) -> list[tuple[str, str]]:
        """Type into the search box; the suggestions as (text, href)."""
        # the status of an earlier search is cleared first, so that the wait below is
        # for this one's
        self.page.evaluate("document.getElementById('search-status').textContent = ''")
        self.page.fill("#search", text)
        self.until(
            "document.getElementById('search-status').textContent !== ''"
            " && !document.getElementById('search-status').textContent.startsWith('Loading')",
            f"answered the search {text!r}",
        )
        return [
            (a.inner_text(), a.get_attribute("href"))
            for a in self.page.query_selector_all("#suggestions a")
        ]

    def open(self, href: str) -> None:
        self.page.evaluate("document.body.dataset.ready = 'false'")
        self.page.click(f'#suggestions a[href="{href}"]')
        self.wait()

    def __getattr__(self, name):
        return getattr(self.page, name)


def _url(out: Path, view: str) -> str:
    """The address of a view: "concept.html#mamba" -> file:///.../concept.html#mamba."""
    name, _, anchor = view.partition("#")
    return (out / name).as_uri() + (f"#{anchor}" if anchor else "")


def _paper_concept_graph(browser, out: Path) -> Page:
    """The overview on its paper-concept tab, laid out."""
    page = Page(browser, out / "graph.html")
    page.click("#tab-papers")
    page.wait()
    return page


def _rows(graph: rdflib.Graph, query: str) -> list[tuple]:
    return [tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)]


def _table_column(page: Page, container: str, column: int) -> list[str]:
    """Every row of a paged table, one column, following its "next" button."""
    cells: list[str] = []
    while True:
        cells += [
            cell.inner_text()
            for cell in page.query_selector_all(f"{container} tbody tr td:nth-child({column})")
        ]
        next_button = page.query_selector(f"{container} .table-tools button:nth-of-type(2)")
        if next_button is None or next_button.is_disabled():
            return cells
        next_button.click()


# ---- the four questions ---------------------------------------------------------


def test_which_datasets_are_used_with_diffusion_models(browser, seeds_build, seeds_rdf):
    out, _ = seeds_build
    expected = {
        f"{label} ({count})"
        for label, count in _rows(
            seeds_rdf,
            """SELECT ?label (COUNT(DISTINCT ?paper) AS ?n) WHERE {
                 ?paper ?uses <https://w3id.org/paperkg/concept/diffusion-model> .
                 ?paper ?named ?dataset . ?dataset a pkg:Dataset ; skos:prefLabel ?label .
               } GROUP BY ?dataset ?label""",
        )
    }
    assert expected, "the seeds name datasets with diffusion models"
    page = Page(browser, out / "index.html")
    suggestions = page.search("diffusion mod")
    assert suggestions[0] == ("diffusion model", "concept.html#diffusion-model")
    page.open("concept.html#diffusion-model")
    shown = page.query_selector_all('.together-type[data-type="dataset"] li')
    assert {item.inner_text() for item in shown} == expected
    assert "Datasets its papers name" in page.inner_text("#concept")
    assert page.errors == []


def test_what_a_paper_proposes_and_where_its_code_is(browser, seeds_build, seeds_rdf):
    out, _ = seeds_build
    rows = _rows(
        seeds_rdf,
        """SELECT ?title ?label ?code WHERE {
             ?paper dcterms:title ?title ; pkg:proposes ?concept ; pkg:hasCode ?code .
             ?concept skos:prefLabel ?label .
           } ORDER BY ?title""",
    )
    title = rows[0][0]
    proposed = {label for t, label, _ in rows if t == title}
    code = {c for t, _, c in rows if t == title}
    page = Page(browser, out / "graph.html")
    suggestions = page.search(title[:20].lower())
    href = next(h for text, h in suggestions if text == title)
    page.open(href)
    text = page.inner_text("#paper")
    assert title in text and "Proposes" in text and "Code" in text
    assert {
        a.inner_text() for a in page.query_selector_all('[data-relation="proposes"] li > a')
    } == (proposed)
    links = {
        a.get_attribute("href") for a in page.query_selector_all('[data-relation="code"] li > a')
    }
    assert links == code
    # the URL inside the abstract is a link, and each link's evidence is one click away
    assert page.query_selector(f'p.abstract a[href="{sorted(code)[0]}"]') is not None
    page.click('[data-relation="proposes"] li details summary')
    evidence = page.inner_text('[data-relation="proposes"] li details blockquote')
    assert evidence and evidence in page.inner_text("p.abstract") + title
    assert "confidence" in page.inner_text('[data-relation="proposes"] li details')
    assert page.errors == []


def test_which_papers_use_the_same_architecture(browser, seeds_build, seeds_rdf):
    out, _ = seeds_build
    (concept, label, count), *_ = _rows(
        seeds_rdf,
        """SELECT ?concept ?label (COUNT(DISTINCT ?paper) AS ?n) WHERE {
             ?concept a pkg:Architecture ; skos:prefLabel ?label . ?paper pkg:uses ?concept .
           } GROUP BY ?concept ?label ORDER BY DESC(?n) ?label LIMIT 1""",
    )
    titles = {
        title
        for (title,) in _rows(
            seeds_rdf,
            f"""SELECT DISTINCT ?title WHERE {{
                  ?paper ?relation <{concept}> ; dcterms:title ?title .
                  FILTER (?relation IN (pkg:uses, pkg:proposes, pkg:evaluatedOn, pkg:addresses))
                }}""",
        )
    }
    assert int(count) > 25, "more papers than one page of the table"
    page = Page(browser, _url(out, f"concept.html#{concept.rsplit('/', 1)[1]}"))
    assert page.inner_text("h1") == label
    assert f"of {len(titles)}" in page.inner_text(".concept-papers .table-tools")
    assert set(_table_column(page, ".concept-papers", 1)) == titles  # whole titles, every page
    assert page.errors == []


def test_what_was_popular_this_week(browser, seeds_build, seeds_rdf):
    out, _ = seeds_build
    pages = dict(
        _rows(
            seeds_rdf, "SELECT ?page ?date WHERE { ?page a pkg:SourcePage ; pkg:listingDate ?date }"
        )
    )
    days = {page: PartialDate.parse(date) for page, date in pages.items()}
    newest = max((d.month, d.day) for d in days.values())
    week = {p for p, d in days.items() if (newest[0] - d.month) * 31 + newest[1] - d.day < 7}
    assert 0 < len(week) < len(pages)
    counts: Counter[tuple[str, str]] = Counter()
    listed = _rows(
        seeds_rdf,
        """SELECT DISTINCT ?paper ?page WHERE { ?paper pkg:listedOn ?page }""",
    )
    this_week = {paper for paper, page in listed if page in week}
    for paper, concept_type, label in _rows(
        seeds_rdf,
        """SELECT DISTINCT ?paper ?type ?label WHERE {
             ?paper ?relation ?concept . ?concept a ?type ; skos:prefLabel ?label .
             FILTER (?type IN (pkg:Method, pkg:Architecture, pkg:Dataset, pkg:Task))
           }""",
    ):
        if paper in this_week:
            counts[concept_type.rsplit("#", 1)[1].lower(), label] += 1
    page = Page(browser, out / "index.html")
    page.select_option("#filter-page", "week")
    assert f"{len(this_week)} papers" in page.inner_text("#filter-status")
    for concept_type in ("method", "architecture", "dataset", "task"):
        shown = [
            item.inner_text()
            for item in page.query_selector_all(f'.top-list[data-type="{concept_type}"] li')
        ]
        ranked = sorted(
            ((n, label) for (t, label), n in counts.items() if t == concept_type),
            key=lambda nl: (-nl[0], nl[1]),
        )
        assert len(shown) == min(10, len(ranked))
        for item in shown:  # each shown with this week's count, and none left out above it
            label, count = item.rsplit(" (", 1)
            assert counts[concept_type, label] == int(count.rstrip(")"))
        assert [int(s.rsplit("(", 1)[1].rstrip(")")) for s in shown] == [n for n, _ in ranked][
            : len(shown)
        ]
    assert page.evaluate("document.getElementById('papers-table').dataset.rows") == str(
        len(this_week)
    )
    assert page.errors == []


# ---- the defects, each reproduced once ---------------------------------------------


def test_a_type_turned_off_and_on_comes_back_where_it_was(browser, seeds_build):
    out, _ = seeds_build
    page = _paper_concept_graph(browser, out)
    ids = page.evaluate("paperkg.graph.nodes.get().filter(n => n.kind === 'method').map(n => n.id)")
    before = page.evaluate(f"paperkg.graph.network.getPositions({json.dumps(ids[:20])})")
    total = page.evaluate("paperkg.graph.view.length")
    page.click('.legend input[data-group="method"]')
    assert page.evaluate("paperkg.graph.view.length") == total - len(ids)
    page.click('.legend input[data-group="method"]')
    after = page.evaluate(f"paperkg.graph.network.getPositions({json.dumps(ids[:20])})")
    assert page.evaluate("paperkg.graph.view.length") == total
    for node, at in before.items():
        assert abs(after[node]["x"] - at["x"]) < 1 and abs(after[node]["y"] - at["y"]) < 1


def test_a_phone_gets_the_graph_at_full_width(browser, seeds_build):
    out, _ = seeds_build
    for view in ("graph.html", "concept.html#transformer"):
        page = Page(browser, _url(out, view), 400)
        width = page.evaluate("document.querySelector('.network').getBoundingClientRect().width")
        assert width >= 360, (view, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, view
        page.close()


def test_the_overview_filters_by_listing_page(browser, seeds_build, seeds_rdf):
    out, _ = seeds_build
    listed = Counter(
        name
        for _, name in _rows(
            seeds_rdf,
            "SELECT DISTINCT ?paper ?name WHERE { ?paper pkg:listedOn ?p . ?p pkg:fileName ?name }",
        )
    )
    page = _paper_concept_graph(browser, out)
    visible = "paperkg.graph.view.get().filter(n => n.kind === 'paper').length"
    assert page.evaluate(visible) == sum(
        1 for _ in _rows(seeds_rdf, "SELECT ?p WHERE { ?p a pkg:Paper }")
    )
    options = page.evaluate(
        "Array.from(document.querySelectorAll('#filter-page option'))"
        ".map(o => [o.value, o.textContent])"
    )
    value, label = next((v, t) for v, t in options if t == "Daily Papers of Oct 29")
    page.select_option("#filter-page", value)
    assert page.evaluate(visible) == listed["002_4912bb44d1561801.txt"], label
    shown_concepts = page.evaluate(
        "paperkg.graph.view.get().filter(n => n.kind === 'dataset').length"
    )
    assert (
        0
        < shown_concepts
        < page.evaluate("paperkg.graph.nodes.get().filter(n => n.kind === 'dataset').length")
    )


def test_search_finds_prefixes_substrings_aliases_and_says_when_nothing(browser, seeds_build):
    out, _ = seeds_build
    page = Page(browser, _url(out, "concept.html#mamba"))  # any page searches everything
    assert ("diffusion model", "concept.html#diffusion-model") in page.search("DPM")
    assert any(href.startswith("paper.html#") for _, href in page.search("state space models"))
    assert ("Transformer", "concept.html#transformer") in page.search("ransforme")
    assert page.search("zzqx no such thing") == []
    assert "No paper, concept or alias matches" in page.inner_text("#search-status")
    page.search("diffusion mod")
    page.press("#search", "ArrowDown")
    page.evaluate("document.body.dataset.ready = 'false'")
    page.press("#search", "Enter")
    page.wait()
    assert page.inner_text("h1") == "diffusion model"


def test_a_paper_titled_like_a_concept_is_found_beside_it(browser, tmp_path):
    records = tmp_path / "papers.jsonl"
    records.write_text(
        json.dumps({"title": "Transformer", "abstract": "We study the Transformer architecture."})
        + "\n"
        + json.dumps({"title": "A Second Paper", "abstract": "We use a Transformer for MT."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_cli("build", str(records), "--out", str(out)).returncode == 0
    page = Page(browser, out / "index.html")
    hrefs = {href for text, href in page.search("Transformer") if text == "Transformer"}
    assert "concept.html#transformer" in hrefs
    assert any(href.startswith("paper.html#") for href in hrefs)


def test_details_stay_reachable_and_a_highlight_greys_edges_too(browser, seeds_build):
    out, _ = seeds_build
    page = _paper_concept_graph(browser, out)
    titles = page.evaluate("paperkg.graph.nodes.get().map(n => typeof n.title)")
    assert set(titles) == {"string"}, "tooltips are plain text; links live in the panel"
    page.evaluate("paperkg.graph.highlight('transformer')")
    page.mouse.move(5, 5)  # the pointer leaves the graph: the panel and its link stay
    assert page.get_attribute(".details a", "href") == "concept.html#transformer"
    colours = page.evaluate(
        "paperkg.graph.edges.get().map(e => [e.from === 'transformer' || e.to === 'transformer',"
        " e.color.color === e.base])"
    )
    assert all(touching == kept for touching, kept in colours)
    assert any(not touching for touching, _ in colours)


def test_the_legend_shows_the_kinds_of_the_view_in_their_shapes(browser, seeds_build):
    out, _ = seeds_build
    page = Page(
        browser, _url(out, "paper.html#title:graphmambatowardslearningongraphswithstatespacemodels")
    )
    kinds = set(page.evaluate("paperkg.graph.nodes.get().map(n => n.kind)"))
    legend = page.evaluate(
        "Array.from(document.querySelectorAll('.legend input')).map(i => i.dataset.group)"
    )
    assert set(legend) == kinds and "dataset" not in kinds
    shapes = page.evaluate(
        "Object.fromEntries(paperkg.graph.nodes.get().map(n => [n.kind, [n.color, n.shape]]))"
    )
    styles = json.loads(page.evaluate("document.body.dataset.styles"))
    assert all(shapes[kind] == styles[kind] for kind in kinds)
    icons = page.evaluate(
        "Array.from(document.querySelectorAll('.legend svg path')).map(p => p.getAttribute('fill'))"
    )
    assert icons == [styles[kind][0] for kind in legend]


def test_counts_dates_pages_and_plurals_read_right(browser, seeds_build, seeds_rdf):
    out, result = seeds_build
    linked = (
        "SELECT ?c WHERE { ?c pkg:paperCount ?n FILTER (?n > 0)"
        " FILTER NOT EXISTS { ?c a pkg:Metric } }"
    )
    named = len(_rows(seeds_rdf, linked))  # metrics are counted by the papers reporting on them
    summary = f"{named:,} concepts named by them"
    report = Page(browser, out / "index.html")
    overview = Page(browser, out / "graph.html")
    assert summary in report.inner_text(".lead") and summary in overview.inner_text(".lead")
    assert f"concepts: {named} named by papers" in result.stdout.decode()
    text = report.inner_text("main")
    assert "Daily Papers of Oct 30" in text and "--10-30" not in text
    # the report is paged: a screenful of rows per table, not every paper at once
    assert report.evaluate("document.querySelectorAll('main a').length") < 200
    assert report.evaluate("document.documentElement.scrollHeight") < 8000
    assert "1 papers" not in text and "1 concepts" not in text
    hesso = next(
        href for label, href in report.search("HESSO: Towards") if label.startswith("HESSO")
    )
    report.open(hesso)
    paper = report.inner_text("#paper")
    assert "10 authors" in paper and "Daily Papers of Oct 30" in paper and "2024" in paper
    assert "unknown" not in paper
    lonely = Page(browser, _url(out, "concept.html#neighborhood-tokenization"))
    assert "1 paper" in lonely.inner_text("dl.facts") and "1 papers" not in lonely.inner_text(
        "main"
    )


def test_the_overview_at_scale_groups_every_concept_and_says_so(browser, seeds_corpus, tmp_path):
    from paperkg.export import views
    from paperkg.export.html import write_views
    from paperkg.graph import build_graph

    saved = views.WHOLE_OVERVIEW, views.MAP_LIMIT
    views.WHOLE_OVERVIEW, views.MAP_LIMIT = 100, 100  # the seeds drawn as a large corpus is
    try:
        write_views(seeds_corpus, build_graph(seeds_corpus), tmp_path, [])
    finally:
        views.WHOLE_OVERVIEW, views.MAP_LIMIT = saved
    page = Page(browser, tmp_path / "graph.html")
    note = page.inner_text("#overview-note")
    communities = page.evaluate("paperkg.graph.nodes.get().length")
    assert f"grouped into {communities} communities" in note
    sizes = [
        int(item.inner_text().split(" — ")[1].split(" ")[0].replace(",", ""))
        for item in page.query_selector_all("ol.communities li")
    ]
    assert sum(sizes) == len([c for c in seeds_corpus.concepts if _named(seeds_corpus, c)])
    page.evaluate("document.querySelector('ol.communities li button').click()")
    shown = page.evaluate("paperkg.graph.nodes.get().filter(n => n.kind !== 'community').length")
    assert 0 < shown <= 60
    assert f"of {sizes[0]}" in page.inner_text("#overview-list .table-tools")
    page.click("#tab-papers")
    assert "too large to draw whole" in page.inner_text("#overview-note")


def _named(corpus, key: str) -> bool:
    return any(link.target_key == key for link in corpus.links)


def test_hostile_titles_show_as_text_and_run_nothing(browser, tmp_path):
    out = tmp_path / "hostile"
    result = run_cli("build", str(FIXTURES / "hostile_titles.jsonl"), "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    report = Page(browser, out / "index.html")
    papers = [a.get_attribute("href") for a in report.query_selector_all("#papers-table a")]
    assert papers
    for target in ["index.html", "graph.html", *papers, "concept.html#transformer"]:
        page = Page(browser, _url(out, target))
        assert page.evaluate("window.__pwned") is None, target
        assert page.dialogs == [] and page.errors == [], (target, page.errors)
        assert page.evaluate("document.querySelectorAll('main img').length") == 0, target
        page.close()
    evil = next(h for t, h in report.search("Evil Transformers") if "Evil" in t)
    report.open(evil)
    assert "<script>window.__pwned = 1</script>Evil Transformers" in report.inner_text("h1")


def test_a_dataset_page_ranks_the_results_stated_on_it_by_the_metric_s_direction(
    browser, seeds_build
):
    out, _ = seeds_build
    page = Page(browser, _url(out, "concept.html#imagenet"))
    assert not page.errors
    rows = [
        [cell.inner_text() for cell in row.query_selector_all("td")]
        for row in page.query_selector_all(".leaderboard tbody tr")
    ]
    assert len(rows) >= 5 and page.query_selector("h2:text-matches('Results stated on it')")
    groups: dict[tuple[str, str], list[float]] = {}
    for place, metric, value, kind, _method, _paper in rows:
        number = float(re.search(r"[\d.]+", value.replace(",", "")).group())
        groups.setdefault((metric, kind), []).append(number)
        assert int(place) == len(groups[metric, kind])  # "#": the place within its metric
    ranked = {key: numbers for key, numbers in groups.items() if key[1] == "score"}
    assert ranked, "no scores on ImageNet"
    for (metric, _), numbers in ranked.items():
        if "higher is better" in metric:
            assert numbers == sorted(numbers, reverse=True), metric
        elif "lower is better" in metric:
            assert numbers == sorted(numbers), metric
    # each row links its paper, the sentence shown on hover
    first = page.query_selector(".leaderboard tbody tr td:last-child a")
    assert first.get_attribute("href").startswith("paper.html#") and first.get_attribute("title")
