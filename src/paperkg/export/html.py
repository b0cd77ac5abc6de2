"""Interactive HTML overview of the graph (vis-network, inlined: works offline).

Node and edge data are assembled in linear time (pyvis' ``add_node`` and
``add_edge`` check membership in lists, which is quadratic) and rendered with
the project's own template, which inlines the vis-network build that ships with
pyvis instead of linking a CDN. Titles and abstracts are untrusted: all of it
reaches the page as JSON with ``<``, ``>`` and ``&`` escaped, and vis-network
shows string tooltips as text, never as HTML.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from paperkg.export.atomic import write_atomic

__all__ = ["write_overview", "NODE_COLORS", "EDGE_COLORS"]

#: Fill colour per node kind / concept type (also the legend).
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
    "uses": "#999999",
    "evaluatedOn": "#17becf",
    "addresses": "#2ca02c",
    "hasCode": "#8c564b",
    "hasProjectPage": "#c7c7c7",
    "broader": "#bcbd22",
}
_OPTIONS = {
    "nodes": {"font": {"size": 12}, "scaling": {"min": 6, "max": 40}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "smooth": False},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -40, "springLength": 80},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150},
    "layout": {"randomSeed": 7, "improvedLayout": False},
}


def _vis_asset(name: str) -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / name
    return lib.read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    """JSON that cannot close a ``<script>`` element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tooltip(data: dict) -> str:
    kind = data["kind"]
    if kind == "paper":
        abstract = data["abstract"]
        lead = abstract[:300] + ("..." if len(abstract) > 300 else "")
        return f"{data['title']}\n{data['date'] or 'date unknown'} | pages: " \
               f"{', '.join(data['pages'])}\n\n{lead}"
    if kind == "concept":
        aliases = ", ".join(data["aliases"][:8]) or "none"
        return f"{data['label']} ({data['type']})\npapers: {data['paper_count']}\naliases: {aliases}"
    return f"{data['url']} ({kind})"


def overview_data(graph: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge records for the whole graph, in graph order."""
    degree = dict(graph.degree())
    nodes = []
    for node_id, data in graph.nodes(data=True):
        group = data["type"] if data["kind"] == "concept" else data["kind"]
        label = data["label"]
        nodes.append({
            "id": node_id,
            "label": label if len(label) <= 40 else label[:37] + "...",
            "title": _tooltip(data),
            "group": group,
            "color": NODE_COLORS[group],
            "shape": NODE_SHAPES.get(group, "dot"),
            "value": 1 + degree.get(node_id, 0),
        })
    edges = [
        {"from": source, "to": target, "color": EDGE_COLORS[key], "title": key}
        for source, target, key in graph.edges(keys=True)
    ]
    return nodes, edges


def write_overview(graph: nx.MultiDiGraph, path: Path, *, title: str = "paperkg") -> Path:
    """Write the offline overview page to ``path`` atomically."""
    env = Environment(loader=PackageLoader("paperkg.export", "templates"),
                      autoescape=select_autoescape(["html"]))
    nodes, edges = overview_data(graph)
    kinds = {data["kind"] for _, data in graph.nodes(data=True)}
    papers = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "paper")
    concepts = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "concept")
    html = env.get_template("overview.html").render(
        title=title,
        summary=f"{papers} papers, {concepts} concepts, {graph.number_of_edges()} links",
        legend=[(name, color) for name, color in NODE_COLORS.items()
                if name in kinds or name in {"method", "architecture", "dataset", "task"}],
        vis_css=_vis_asset("vis-network.css"),
        vis_js=_vis_asset("vis-network.min.js"),
        nodes_json=_safe_json(nodes),
        edges_json=_safe_json(edges),
        options_json=_safe_json(_OPTIONS),
    )
    return write_atomic(path, html)
