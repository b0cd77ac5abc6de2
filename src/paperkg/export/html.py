"""The HTML views: four pages that render compact data shards in the browser.

``index.html`` (the report), ``graph.html`` (the overview), ``paper.html#ID`` and
``concept.html#ID`` are written once; what they show is in ``data/`` as
JavaScript files (``paperkg.receive(name, {...})``, loadable from ``file://``
where ``fetch`` is not): ``index.js`` (search, tables, filters), ``overview.js``
and the paper and concept records in shards of ~200 (``p-NNN.js``, ``c-NNN.js``).
A 30k-paper corpus makes a few hundred files instead of 60k pages. Assets are
copied into ``assets/`` (vis-network from the pyvis package; no CDN, offline).

Titles and abstracts are untrusted text: the data is JSON with ``<``, ``>`` and
``&`` escaped, and the page scripts put every string into the DOM with
``textContent``; link targets are checked to be http(s) or one of the views.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from paperkg.atomic import write_atomic
from paperkg.export.views import ViewData, shard_of, shards_for, view_data
from paperkg.model import Corpus
from paperkg.processes import no_cycle_collection

__all__ = ["NODE_STYLES", "template_environment", "write_views"]

#: Colour and shape per node group: the Okabe-Ito palette (told apart under every
#: common colour blindness) and a shape of its own for each, in legend and graph.
NODE_STYLES = {
    "paper": ("#0072B2", "square"),
    "method": ("#E69F00", "dot"),
    "architecture": ("#CC79A7", "triangle"),
    "dataset": ("#009E73", "diamond"),
    "task": ("#D55E00", "hexagon"),
    "repository": ("#000000", "star"),
    "project-page": ("#666666", "triangleDown"),
    "community": ("#56B4E9", "dot"),
}
_PAGES = ("index.html", "graph.html", "paper.html", "concept.html")
_ASSETS = (
    "paperkg.js",
    "paperkg-report.js",
    "paperkg-paper.js",
    "paperkg-concept.js",
    "paperkg-overview.js",
    "paperkg.css",
)


def template_environment() -> Environment:
    """The Jinja environment of the project's page templates (HTML autoescaped)."""
    return Environment(
        loader=PackageLoader("paperkg.export", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def safe_json(value: object) -> str:
    """Sorted, compact JSON that cannot end a ``<script>`` element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _data_file(path: Path, name: str, value: object) -> Path:
    return write_atomic(
        path, f"paperkg.receive({json.dumps(name)},{safe_json(value)});\n", durable=False
    )


def _copy_assets(out_dir: Path) -> list[Path]:
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    vis = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    static = resources.files("paperkg.export") / "static"
    copied = []
    for source in (
        vis / "vis-network.min.js",
        vis / "vis-network.css",
        *(static / name for name in _ASSETS),
    ):
        with resources.as_file(source) as path:
            target, data = assets / path.name, path.read_bytes()
            if not target.exists() or target.read_bytes() != data:
                write_atomic(target, data)
            copied.append(target)
    return copied


def _write_shards(out_dir: Path, prefix: str, records: dict[str, dict]) -> tuple[int, list[Path]]:
    count = shards_for(len(records))
    shards: list[dict[str, dict]] = [{} for _ in range(count)]
    for identifier, record in records.items():
        shards[shard_of(identifier, count)][identifier] = record
    return count, [
        _data_file(out_dir / "data" / f"{prefix}-{n:03d}.js", f"{prefix}-{n:03d}", shard)
        for n, shard in enumerate(shards)
    ]


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def write_views(
    corpus: Corpus, graph: nx.MultiDiGraph, out_dir: Path, files: list[str]
) -> list[Path]:
    """Write the four pages, their data shards and assets; ``files`` are the other
    exports the report links."""
    with no_cycle_collection():
        return _write_views(corpus, graph, out_dir, files)


def _write_views(
    corpus: Corpus, graph: nx.MultiDiGraph, out_dir: Path, files: list[str]
) -> list[Path]:
    data = view_data(corpus, graph)
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    paper_shards, written = _write_shards(out_dir, "p", data.papers)
    concept_shards, concept_files = _write_shards(out_dir, "c", data.concepts)
    written += concept_files
    written.append(_data_file(out_dir / "data" / "index.js", "index", data.index))
    written.append(_data_file(out_dir / "data" / "overview.js", "overview", data.overview))
    environment = template_environment()
    common = {
        "shards": {"papers": paper_shards, "concepts": concept_shards},
        "pages": data.index["pages"],
        "summary": _summary(data),
        "styles": json.dumps(NODE_STYLES, sort_keys=True),
    }
    for name, view, graph_page, extra in (  # the report last: it is the one made durable
        ("index.html", "report", False, _report_parts(corpus, data, files)),
        ("graph.html", "overview", True, {}),
        ("paper.html", "paper", True, {}),
        ("concept.html", "concept", True, {}),
    ):
        html = environment.get_template(f"{view}.html").render(
            view=view, graph=graph_page, **common, **extra
        )
        written.append(write_atomic(out_dir / name, html, durable=name == "index.html"))
    return [*written, *_copy_assets(out_dir)]


def _summary(data: ViewData) -> str:
    types = {t: 0 for t in data.index["types"]}
    for concept in data.index["concepts"]:
        types[concept[2]] += 1
    named = ", ".join(_plural(n, t) for t, n in types.items())
    return (
        f"{_plural(len(data.papers), 'paper')} from "
        f"{_plural(len(data.index['pages']), 'listing page')}; "
        f"{_plural(len(data.concepts), 'concept')} named by them ({named}); "
        f"{_plural(len(data.index['links']) // 3, 'link')} between them."
    )


def _report_parts(corpus: Corpus, data: ViewData, files: list[str]) -> dict:
    kinds = {"repository": 0, "project-page": 0}
    for repository in corpus.repositories.values():
        kinds[repository.kind] += 1
    counts = [
        ("papers", len(data.papers)),
        ("concepts named by papers", len(data.concepts)),
        (
            "broader vocabulary concepts no paper names (in the RDF only)",
            data.index["vocabularyOnly"],
        ),
        ("code repositories", kinds["repository"]),
        ("project pages", kinds["project-page"]),
        ("links to concepts", len(data.index["links"]) // 3),
        ("links in all (code and pages too)", len(corpus.links)),
        ("listing pages read", len(data.index["pages"])),
        ("records skipped", len(corpus.skipped)),
    ]
    return {
        "counts": counts,
        "files": ["graph.html", *[f for f in files if f not in _PAGES]],
        "skipped": [(str(s.origin), s.reason) for s in corpus.skipped],
    }
