"""The report page, ``DIR/index.html``: counts, charts, pages read, what was skipped.

Charts are inline SVG drawn here (bars with escaped labels): no plotting
library, no network, nothing to execute.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from pathlib import Path

import networkx as nx

from paperkg.atomic import write_atomic
from paperkg.export.html import NODE_COLORS, template_environment, view_paths
from paperkg.model import CONCEPT_TYPES, Corpus

__all__ = ["bar_chart", "write_report"]


def bar_chart(
    title: str, rows: list[tuple[str, int, str | None]], color: str, *, width: int = 340
) -> str:
    """A horizontal bar chart as inline SVG; labels link to ``href`` when given."""
    bar_height, label_width = 18, 150
    height = 28 + bar_height * max(len(rows), 1)
    top = max((value for _, value, _ in rows), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, value, href) in enumerate(rows):
        y = 22 + index * bar_height
        length = max(1, round((width - label_width - 40) * value / top))
        text = escape(label if len(label) <= 22 else label[:21] + "\u2026")
        name = (
            f'<a href="{escape(href)}"><text x="0" y="{y + 12}" font-size="12">{text}</text></a>'
            if href
            else f'<text x="0" y="{y + 12}" font-size="12">{text}</text>'
        )
        parts += [
            name,
            f'<rect x="{label_width}" y="{y + 2}" width="{length}" height="{bar_height - 5}" '
            f'fill="{color}"><title>{escape(label)}: {value}</title></rect>',
            f'<text x="{label_width + length + 4}" y="{y + 12}" font-size="11">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def write_report(corpus: Corpus, graph: nx.MultiDiGraph, out_dir: Path, files: list[str]) -> Path:
    """Write ``index.html`` linking every view and exported file."""
    paths = view_paths(graph)
    concepts = [
        (n, d) for n, d in graph.nodes(data=True) if d["kind"] == "concept" and d["paper_count"] > 0
    ]
    charts, lists = [], []
    for concept_type in CONCEPT_TYPES:
        of_type = sorted(
            (d["paper_count"], d["label"], n) for n, d in concepts if d["type"] == concept_type
        )
        top = sorted(of_type, key=lambda t: (-t[0], t[1]))[:10]
        charts.append(
            bar_chart(
                f"{concept_type}s named by most papers",
                [(label, count, paths[n]) for count, label, n in top],
                NODE_COLORS[concept_type],
            )
        )
        lists.append(
            (
                f"{concept_type}s",
                [
                    (n.split(":", 1)[1], label, count)
                    for count, label, n in sorted(of_type, key=lambda t: t[1].lower())
                ],
            )
        )
    by_year: dict[int, Counter] = defaultdict(Counter)
    papers_in_year: Counter = Counter()
    for paper in corpus.papers.values():
        if paper.date and paper.date.year:
            papers_in_year[paper.date.year] += 1
    links_of: dict[str, set[str]] = defaultdict(set)
    for link in corpus.links:
        if link.target_key in corpus.concepts:
            links_of[link.paper_key].add(link.target_key)
    for key, paper in corpus.papers.items():
        if paper.date and paper.date.year:
            by_year[paper.date.year].update(links_of[key])
    years = [
        (
            year,
            papers_in_year[year],
            [
                (k, corpus.concepts[k].label, c)
                for k, c in sorted(by_year[year].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            ],
        )
        for year in sorted(papers_in_year)
    ]
    timeline = (
        bar_chart(
            "papers and distinct concepts per year",
            [(f"{y}: {n} papers", len(by_year[y]), None) for y, n, _ in years],
            NODE_COLORS["paper"],
            width=420,
        )
        if years
        else ""
    )
    pages = Counter(o.page.name for p in corpus.papers.values() for o in p.origins)
    listing = {
        o.page.name: o.page.listing_date
        for p in corpus.papers.values()
        for o in p.origins
        if o.page.listing_date
    }
    kinds = Counter(r.kind for r in corpus.repositories.values())
    types = Counter(d["type"] for _, d in concepts)
    counts = [
        ("papers", len(corpus.papers)),
        *[(f"{t}s", types[t]) for t in CONCEPT_TYPES],
        ("code repositories", kinds["repository"]),
        ("project pages", kinds["project-page"]),
        ("links", len(corpus.links)),
        ("pages read", len(pages)),
        ("records skipped", len(corpus.skipped)),
    ]
    html = (
        template_environment()
        .get_template("report.html")
        .render(
            summary=(
                f"{len(corpus.papers)} papers, {len(concepts)} concepts, {len(corpus.links)} links"
            ),
            counts=counts,
            charts=charts,
            timeline=timeline,
            years=years,
            files=["graph.html", *[f for f in files if f not in {"graph.html", "index.html"}]],
            pages=[
                (name, listing[name].isoformat() if name in listing else "", n)
                for name, n in sorted(pages.items())
            ],
            skipped=[(str(s.origin), s.reason) for s in corpus.skipped],
            concept_lists=lists,
            papers=sorted(
                (
                    (Path(paths[n]).stem, d["title"])
                    for n, d in graph.nodes(data=True)
                    if d["kind"] == "paper"
                ),
                key=lambda t: t[1].lower(),
            ),
        )
    )
    return write_atomic(out_dir / "index.html", html)
