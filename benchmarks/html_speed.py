"""HTML views: build time, size and time to interactive in Chromium (run by hand).

    python benchmarks/html_speed.py [--sizes seeds,10000,30000] [--runs 3]

For each corpus (the five seed pages, or the first N ACL abstracts) the graph is
built once, then ``write_views`` alone is timed into a fresh folder; it reports
graph nodes and edges, seconds, megabytes and files written, and, in headless
Chromium (Playwright, viewport 1400x900), the median over ``--runs`` fresh pages of
the time from navigation until the overview (``graph.html``) and the concept page
of the concept most papers name are ready and their layout has stabilised, and
until the report (``index.html``) is ready. The extracted ACL corpora are pickled
to ``acl{N}.pkl`` in the temp folder and reused (extraction is not what is timed);
delete them after changing the extractor. Targets: 30k views in 20 s and 150 MB,
every page interactive in 2 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import pickle
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, ConsoleMessage, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from paperkg.engines.memory import extract_and_link
from paperkg.export.html import write_views
from paperkg.graph import build_graph
from paperkg.model import Corpus
from paperkg.read.corpus import read_corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 900}
POLL_MS = 50
TIMEOUT_MS = 60_000
TARGET_SIZE = 30_000
TARGET_SECONDS, TARGET_MB, TARGET_PAGE = 20.0, 150.0, 2.0


def load_corpus(size: str) -> Corpus:
    """The seeds (``"seeds"``), or the first ``size`` ACL records, extracted and linked;
    ACL corpora come from (or go to) the pickle cache."""
    if size == "seeds":
        seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
        return extract_and_link(read_corpus(seeds).merge.papers, jobs=2)
    count = int(size)
    cache = Path(tempfile.gettempdir()) / f"acl{count}.pkl"
    if cache.exists():
        with cache.open("rb") as stream:
            return pickle.load(stream)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"acl{count}.jsonl"
        with (
            gzip.open(SHARED / "bench" / "acl_abstracts.jsonl.gz", "rt", encoding="utf-8") as lines,
            path.open("w", encoding="utf-8") as out,
        ):
            for number, line in enumerate(lines):
                if number == count:
                    break
                out.write(line)
        corpus = extract_and_link(read_corpus([str(path)]).merge.papers, jobs=2)
    with cache.open("wb") as stream:
        pickle.dump(corpus, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return corpus


def top_concept(out: Path) -> str:
    """The id of the concept named by the most papers, from ``data/index.js``."""
    text = (out / "data" / "index.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index(",") + 1 : text.rindex(");")])
    return max(index["concepts"], key=lambda row: row[4])[0]


def time_to_interactive(browser: Browser, url: str, stabilized: bool, problems: list[str]) -> float:
    """Seconds from navigation to ``body.dataset.ready`` (and ``stabilized``) in a fresh
    page; ``inf`` after 60 s. Console errors and failures are added to ``problems``."""
    page = browser.new_page(viewport=VIEWPORT)
    name = url.rsplit("/", 1)[-1]

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"{name}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{name}: uncaught {error}"))
    condition = "document.body && document.body.dataset.ready === 'true'"
    if stabilized:
        condition += " && document.body.dataset.stabilized === 'true'"
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => {condition}", polling=POLL_MS, timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    except PlaywrightTimeout:
        try:
            state = page.evaluate("() => JSON.stringify(document.body && document.body.dataset)")
        except PlaywrightError as error:
            state = str(error)
        problems.append(f"{name}: not interactive after {TIMEOUT_MS // 1000} s ({state})")
        return math.inf
    finally:
        page.close()


def measure(corpus: Corpus, browser: Browser, runs: int, problems: list[str]) -> dict:
    """Graph size, ``write_views`` seconds, output size and the three pages' median times."""
    graph = build_graph(corpus)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        write_views(corpus, graph, out, ["graph.ttl"])
        seconds = time.perf_counter() - start
        files = [p for p in out.rglob("*") if p.is_file()]
        written = sum(p.stat().st_size for p in files)
        concept = quote(top_concept(out), safe="!~*'()")
        pages = {
            "overview": (out / "graph.html").as_uri(),
            "concept": f"{(out / 'concept.html').as_uri()}#{concept}",
            "report": (out / "index.html").as_uri(),
        }
        times = {
            view: statistics.median(
                time_to_interactive(browser, url, view != "report", problems) for _ in range(runs)
            )
            for view, url in pages.items()
        }
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "seconds": seconds,
        "mb": written / 1e6,
        "files": len(files),
        **times,
    }


def _page_time(seconds: float) -> str:
    return "never" if math.isinf(seconds) else f"{seconds:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="seeds,10000,30000")
    parser.add_argument("--runs", type=int, default=3, help="browser loads per page (median)")
    args = parser.parse_args()
    header = (
        f"{'corpus':>7} {'nodes':>7} {'edges':>8} {'views s':>8} {'MB':>7} {'files':>6} "
        f"{'overview s':>10} {'concept s':>9} {'report s':>8}"
    )
    problems: list[str] = []
    missed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        print(header, flush=True)
        for size in args.sizes.split(","):
            row = measure(load_corpus(size), browser, args.runs, problems)
            label = size if size == "seeds" else f"{int(size) // 1000}k"
            print(
                f"{label:>7} {row['nodes']:>7,} {row['edges']:>8,} {row['seconds']:>8.1f} "
                f"{row['mb']:>7.1f} {row['files']:>6,} {_page_time(row['overview']):>10} "
                f"{_page_time(row['concept']):>9} {_page_time(row['report']):>8}",
                flush=True,
            )
            if size != "seeds" and int(size) == TARGET_SIZE:
                if row["seconds"] > TARGET_SECONDS:
                    missed.append(f"{label} views {row['seconds']:.1f} s")
                if row["mb"] > TARGET_MB:
                    missed.append(f"{label} views {row['mb']:.1f} MB")
            missed += [
                f"{label} {view} {_page_time(row[view])} s"
                for view in ("overview", "concept", "report")
                if row[view] > TARGET_PAGE
            ]
        browser.close()
    print(
        f"targets: {TARGET_SIZE // 1000}k views <= {TARGET_SECONDS:.0f} s and "
        f"<= {TARGET_MB:.0f} MB, every page interactive <= {TARGET_PAGE:.0f} s: "
        + ("met" if not missed else "missed: " + "; ".join(missed))
    )
    for problem in dict.fromkeys(problems):
        print(f"page problem: {problem}")


if __name__ == "__main__":
    main()
