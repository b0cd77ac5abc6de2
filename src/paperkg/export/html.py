"""Interactive HTML views: the overview, one view per concept and per paper.

Every page uses the vis-network build that ships with pyvis and the project's
script and style, copied once into ``DIR/assets/`` (no CDN, works offline).
Node and edge records are assembled in linear time from the NetworkX graph
(pyvis' ``add_node``/``add_edge`` check membership in lists, which is
quadratic on large graphs). Large graphs get a bounded overview -- the
concepts most papers name and the papers around them, said so on the page --
while the per-node views carry the detail.

Titles and abstracts are untrusted text: the page data is JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
escaped, and the page script puts every string into the DOM with
``textContent``; link targets are checked to be http(s) or a local view.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from paperkg.atomic import write_atomic
from paperkg.identifiers import short_hash, slugify
from paperkg.processes import default_jobs, fork_pool

__all__ = ["NODE_COLORS", "EDGE_COLORS", "view_paths", "overview_nodes", "write_graph_views"]

#: Fill colour per node group (paper, concept type, link kind); also the legend.
NODE_COLORS = {
    "paper": "#4e79a7",
    "method": "#f28e2b",
    "architecture": "#e15759",
    "dataset": "#76b7b2",
    "task": "#59a14f",
    "repository": "#9c755f",
    "project-page": "#bab0ac",
}
NODE_SHAPES = {"paper": "square", "repository": "diamond", "project-page": "diamond"}
EDGE_COLORS = {
    "proposes": "#d62728",
    "uses": "#9d9d9d",
    "evaluatedOn": "#17becf",
    "addresses": "#2ca02c",
    "hasCode": "#8c564b",
    "hasProjectPage": "#c7c7c7",
    "broader": "#bcbd22",
}
#: Graphs up to this many nodes are shown whole in the overview.
FULL_OVERVIEW = 700
#: Above it, the overview shows this many concepts (most papers first) ...
OVERVIEW_CONCEPTS = 200
#: ... and at most this many papers around them.
OVERVIEW_PAPERS = 400
#: A view of one node shows at most this many neighbours of each kind.
EGO_LIMIT = 60
_RELATED_SCAN = 200
_PHYSICS: dict[str, Any] = {  # vis-network's physics options
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {"gravitationalConstant": -45, "springLength": 90, "avoidOverlap": 0.2},
    "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50, "fit": True},
}


def template_environment() -> Environment:
    """The Jinja environment of the project's page templates (HTML autoescaped)."""
    return Environment(
        loader=PackageLoader("paperkg.export", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def _safe_json(value: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment there."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _group(data: dict) -> str:
    return data["type"] if data["kind"] == "concept" else data["kind"]


def view_paths(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each paper and concept node's view, relative to the output folder."""
    paths, taken = {}, set()
    for node, data in graph.nodes(data=True):
        if data["kind"] == "concept":
            paths[node] = f"concepts/{node.split(':', 1)[1]}.html"
        elif data["kind"] == "paper":
            slug = slugify(data["title"], max_length=70)
            if slug in taken:
                slug = f"{slug}-{short_hash(node, 6)}"
            taken.add(slug)
            paths[node] = f"papers/{slug}.html"
    return paths


def _http(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _record(
    graph: nx.MultiDiGraph, node: str, paths: dict[str, str], root: str, degree: int
) -> dict:
    data = graph.nodes[node]
    group = _group(data)
    label = data["label"]
    record = {
        "id": node,
        "kind": data["kind"],
        "group": group,
        "full": label,
        "label": label if len(label) <= 32 else label[:30] + "\u2026",
        "color": NODE_COLORS[group],
        "shape": NODE_SHAPES.get(group, "dot"),
        "value": 1 + degree,
        "links": [],
    }
    if node in paths:
        record["page"] = root + paths[node]
    if data["kind"] == "paper":
        abstract = data["abstract"]
        record["lines"] = [
            f"date: {data['date'] or 'unknown'}",
            f"authors: {data['author_count'] or 'unknown'}",
            f"pages: {', '.join(data['pages'])}",
        ]
        record["text"] = abstract[:320] + ("\u2026" if len(abstract) > 320 else "")
        record["links"] = [u for u in [data["url"]] if u and _http(u)]
    elif data["kind"] == "concept":
        record["lines"] = [f"{data['type']}, named by {data['paper_count']} paper(s)"]
        if data["aliases"]:
            record["lines"].append("also: " + ", ".join(data["aliases"][:8]))
    else:
        record["lines"] = [data["kind"]]
        record["links"] = [data["url"]] if _http(data["url"]) else []
    return record


def _page_data(
    graph: nx.MultiDiGraph,
    nodes: Iterable[str],
    paths: dict[str, str],
    root: str,
    *,
    iterations: int,
) -> dict:
    chosen = list(dict.fromkeys(nodes))
    keep = set(chosen)
    edges = [
        {
            "from": source,
            "to": target,
            "color": EDGE_COLORS[key],
            "title": key,
            "arrows": "to",
            "width": 2 if key == "proposes" else 1,
        }
        for source, target, key in graph.edges(chosen, keys=True)
        if target in keep
    ]
    degree = Counter(end for edge in edges for end in (edge["from"], edge["to"]))  # on this page
    physics = dict(_PHYSICS, stabilization=dict(_PHYSICS["stabilization"], iterations=iterations))
    options = {
        "nodes": {
            "font": {"size": 12, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 6, "max": 36, "label": {"enabled": True, "min": 10, "max": 22}},
        },
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.4}}},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
        "layout": {"randomSeed": 7, "improvedLayout": len(chosen) <= 150},
    }
    return {
        "nodes": [_record(graph, n, paths, root, degree[n]) for n in chosen],
        "edges": edges,
        "options": options,
    }


def overview_nodes(graph: nx.MultiDiGraph) -> tuple[list[str], str | None]:
    """The nodes of the overview, and a note when it is a bounded selection."""
    shown = [n for n, d in graph.nodes(data=True) if d["kind"] != "concept" or d["paper_count"] > 0]
    if len(shown) <= FULL_OVERVIEW:
        return shown, None
    concepts = sorted(
        (n for n in shown if graph.nodes[n]["kind"] == "concept"),
        key=lambda n: (-graph.nodes[n]["paper_count"], n),
    )[:OVERVIEW_CONCEPTS]
    chosen = set(concepts)
    papers = Counter(
        source
        for concept in concepts
        for source in graph.predecessors(concept)
        if graph.nodes[source]["kind"] == "paper"
    )
    top_papers = [p for p, _ in sorted(papers.items(), key=lambda kv: (-kv[1], kv[0]))]
    nodes = concepts + top_papers[:OVERVIEW_PAPERS]
    papers_total = sum(1 for n in shown if graph.nodes[n]["kind"] == "paper")
    note = (
        f"This overview shows {len(nodes)} of {graph.number_of_nodes()} nodes: the "
        f"{len(chosen)} concepts named by the most papers and "
        f"{min(len(top_papers), OVERVIEW_PAPERS)} "
        f"of the {papers_total} papers around them. Every concept and paper has its own view "
        f"(see the report) with the rest."
    )
    return nodes, note


def _ego_nodes(graph: nx.MultiDiGraph, node: str) -> list[str]:
    kind = graph.nodes[node]["kind"]
    if kind == "paper":
        targets = list(dict.fromkeys(graph.successors(node)))
        # related papers: looked for among the first papers of each concept only, so
        # that a concept named by thousands of papers keeps this linear in the graph
        shared = Counter(
            other
            for t in targets
            if graph.nodes[t]["kind"] == "concept"
            for other in islice(graph.predecessors(t), _RELATED_SCAN)
            if other != node and graph.nodes[other]["kind"] == "paper"
        )
        related = [p for p, c in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 2][
            : EGO_LIMIT // 4
        ]
        return [node, *targets[:EGO_LIMIT], *related]
    papers = sorted(p for p in graph.predecessors(node) if graph.nodes[p]["kind"] == "paper")
    papers = papers[:EGO_LIMIT]
    related = [
        c
        for c in [*graph.successors(node), *graph.predecessors(node)]
        if graph.nodes[c]["kind"] == "concept"
    ][: EGO_LIMIT // 3]
    together = Counter(
        c
        for p in papers
        for c in graph.successors(p)
        if c != node and graph.nodes[c]["kind"] == "concept"
    )
    common = [c for c, n in sorted(together.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 2]
    return [node, *papers, *related, *common[: EGO_LIMIT // 3]]


def _intro(graph: nx.MultiDiGraph, node: str) -> list[str]:
    data = graph.nodes[node]
    if data["kind"] == "paper":
        lines = [
            f"Date: {data['date'] or 'unknown'} · authors: {data['author_count'] or 'unknown'}"
            f" · listed on: {', '.join(data['pages'])}",
            data["abstract"],
        ]
        return lines
    broader = [
        graph.nodes[t]["label"] for _, t, k in graph.out_edges(node, keys=True) if k == "broader"
    ]
    lines = [f"{data['type'].capitalize()} named by {data['paper_count']} paper(s)."]
    if data["aliases"]:
        lines.append("Also written: " + ", ".join(data["aliases"]))
    if broader:
        lines.append("Broader: " + ", ".join(broader))
    return lines


def _copy_assets(out_dir: Path) -> list[Path]:
    assets = out_dir / "assets"
    copied = []
    assets.mkdir(parents=True, exist_ok=True)
    vis = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    static = resources.files("paperkg.export") / "static"
    for source in (
        vis / "vis-network.min.js",
        vis / "vis-network.css",
        static / "paperkg-graph.js",
        static / "paperkg.css",
    ):
        with resources.as_file(source) as path:
            target, data = assets / path.name, path.read_bytes()
            if not target.exists() or target.read_bytes() != data:
                write_atomic(target, data)
            copied.append(target)
    return copied


_view_renderer: Callable[[tuple[str, str]], Path] | None = None


def _render_chunk(items: list[tuple[str, str]]) -> list[Path]:
    render = _view_renderer
    assert render is not None, "set by _map_views before the pool forks"
    return [render(item) for item in items]


def _map_views(render: Callable[[tuple[str, str]], Path], items: list) -> list[Path]:
    """Render the views, in forked processes when there are many (each view is
    independent; a thousand views took a second in one process)."""
    global _view_renderer
    jobs = min(default_jobs(), len(items) // 200)
    pool = fork_pool(jobs) if jobs > 1 else None
    if pool is None:
        return [render(item) for item in items]
    _view_renderer = render
    try:
        with pool:
            done = list(pool.map(_render_chunk, [items[start::jobs] for start in range(jobs)]))
    finally:
        _view_renderer = None
    return sorted(path for paths in done for path in paths)


def write_graph_views(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Write ``graph.html``, ``concepts/*.html``, ``papers/*.html`` and the assets."""
    assets = _copy_assets(out_dir)
    template = template_environment().get_template("graph.html")
    paths = view_paths(graph)
    groups = {_group(d) for _, d in graph.nodes(data=True)}
    legend = [(g, c, g.replace("-", " ")) for g, c in NODE_COLORS.items() if g in groups]
    edge_legend = [(r, c) for r, c in EDGE_COLORS.items()]
    papers = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "paper")
    concepts = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "concept")

    def render(
        path: Path, title: str, nodes: list[str], root: str, intro: list[str], iterations: int
    ) -> Path:
        """One view; only the overview is forced to disk (see ``atomic_writer``)."""
        data = _page_data(graph, nodes, paths, root, iterations=iterations)
        summary = f"{len(data['nodes'])} nodes, {len(data['edges'])} links shown"
        return write_atomic(
            path,
            template.render(
                title=title,
                summary=summary,
                root=root,
                legend=legend,
                edge_legend=edge_legend,
                intro=intro,
                data_json=_safe_json(data),
            ),
            durable=not root,
        )

    nodes, note = overview_nodes(graph)
    written = [
        render(
            out_dir / "graph.html",
            f"{papers} papers, {concepts} concepts",
            nodes,
            "",
            [note] if note else [],
            120,
        )
    ]

    def render_view(item: tuple[str, str]) -> Path:
        node, relative = item
        label, intro = graph.nodes[node]["label"], _intro(graph, node)
        return render(out_dir / relative, label, _ego_nodes(graph, node), "../", intro, 150)

    written.extend(_map_views(render_view, sorted(paths.items(), key=lambda kv: kv[1])))
    return [*written, *assets]
