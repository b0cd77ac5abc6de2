"""The NetworkX graph for graph tools: GraphML, GEXF, node-link JSON, Neo4j CSV.

GraphML (Cytoscape, yEd) and GEXF (Gephi) hold typed scalar attributes only,
so list attributes (aliases, pages, authors) are joined with ``"; "`` rather
than written as Python reprs. The node-link JSON (notebooks, D3) keeps lists.
The CSV pair follows ``neo4j-admin database import``: ``:ID``/``:LABEL`` for
nodes, ``:START_ID``/``:END_ID``/``:TYPE`` for relationships, typed columns
(``paper_count:int``, ``confidence:float``) and ``;``-separated arrays. A text
value (or array item) that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, so that a spreadsheet opening the CSV
shows it as text instead of running it as a formula; Neo4j imports the apostrophe
as part of the value (strip one before such a character to get the text back).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import networkx as nx

from paperkg.atomic import write_atomic

__all__ = [
    "write_graphml",
    "write_gexf",
    "write_node_link",
    "write_neo4j_csv",
    "flat_graph",
    "xml_text",
]

_LIST_SEPARATOR = "; "


#: Characters XML 1.0 does not allow (GraphML and GEXF are XML): controls but tab and
#: line ends, surrogates, U+FFFE and U+FFFF. The readers drop them from every field;
#: file names and anything else that reaches a graph are cleaned here too.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold.

    >>> xml_text("Bad\ufffe Title\x01")
    'Bad Title'
    """
    return _NOT_XML.sub("", value) if not value.isprintable() else value


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are str, int, float or bool (lists joined) and
    whose text is XML text (:func:`xml_text`)."""

    def flat(attributes: dict) -> dict:
        return {k: _flat_value(v) for k, v in attributes.items()}

    copy: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    copy.add_nodes_from((xml_text(n), flat(d)) for n, d in graph.nodes(data=True))
    copy.add_edges_from(
        # types-networkx lacks MultiGraph's (u, v, key, data) edges, which networkx takes
        (xml_text(u), xml_text(v), xml_text(k), flat(d))  # type: ignore[misc]
        for u, v, k, d in graph.edges(keys=True, data=True)
    )
    return copy


def _flat_value(value: object) -> object:
    if isinstance(value, list | tuple):
        value = _LIST_SEPARATOR.join(map(str, value))
    return xml_text(value) if isinstance(value, str) else value


def _text(write, graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    write(graph, buffer)
    return buffer.getvalue()


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML for Cytoscape and yEd; each edge's id is its own (the link statement's
    IRI, or ``source relation target`` for a ``broader`` edge)."""
    flat = flat_graph(graph)
    for source, target, key, data in flat.edges(keys=True, data=True):
        data["id"] = data.get("iri") or f"{source} {key} {target}"
    return write_atomic(
        path,
        _text(
            lambda g, f: nx.write_graphml(g, f, encoding="utf-8", edge_id_from_attribute="id"),
            flat,
        ),
    )


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GEXF 1.2 for Gephi (node ``kind``/``type`` become attributes to colour by)."""
    flat = flat_graph(graph)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data.setdefault("label", key)
    return write_atomic(path, _text(lambda g, f: nx.write_gexf(g, f, encoding="utf-8"), flat))


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> Path:
    """NetworkX node-link JSON (``nx.node_link_graph`` reads it back)."""
    data = nx.node_link_data(graph, edges="edges")
    return write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))


_NODE_COLUMNS = [
    ("iri", "string"),
    ("label", "string"),
    ("type", "string"),
    ("title", "string"),
    ("date", "string"),
    ("arxiv_id", "string"),
    ("author_count", "int"),
    ("paper_count", "int"),
    ("aliases", "string[]"),
    ("pages", "string[]"),
    ("url", "string"),
    ("record_id", "string"),
    ("venue", "string"),
    ("host", "string"),
    ("vocabulary_id", "string"),
    ("value", "float"),
    ("value_as_written", "string"),
    ("unit", "string"),
    ("result_kind", "string"),
    ("change", "string"),
    ("confidence", "float"),
    ("rule", "string"),
    ("evidence", "string"),
    ("sentence_index", "int"),
]
_EDGE_COLUMNS = [
    ("confidence", "float"),
    ("rule", "string"),
    ("surface", "string"),
    ("evidence", "string"),
    ("sentence_index", "int"),
    ("pages", "string[]"),
]
_LABELS = {
    "paper": "Paper",
    "concept": "Concept",
    "repository": "Repository",
    "project-page": "ProjectPage",
    "result": "Result",
}


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: injection"): such a text value is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_value(value: object) -> str:
    """A text value for a cell, an apostrophe before a formula's first character.

    >>> print(_text_value('=HYPERLINK("http://x.example","click")'), _text_value("GNNs"))
    '=HYPERLINK("http://x.example","click") GNNs
    """
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: object, kind: str) -> str:
    if value is None or value == "" or value == []:
        return ""
    if kind.endswith("[]"):
        items = cast(Iterable[object], value)  # an array column's value is a list
        return ";".join(_text_value(v).replace(";", ",") for v in items)
    return _text_value(value) if kind == "string" else str(value)


def relationship_type(relation: str) -> str:
    """A relation as Neo4j names relationship types: upper snake case.

    >>> relationship_type("evaluatedOn"), relationship_type("proposes")
    ('EVALUATED_ON', 'PROPOSES')
    """
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", relation).upper()


def write_neo4j_csv(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import full``."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", ":LABEL", *(f"{name}:{kind}" for name, kind in _NODE_COLUMNS)])
    for node, data in graph.nodes(data=True):
        labels = [_LABELS[data["kind"]]]
        if data["kind"] == "concept":
            labels.append(data["type"].capitalize())
        writer.writerow(
            [node, ";".join(labels), *(_cell(data.get(name), kind) for name, kind in _NODE_COLUMNS)]
        )
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(
        [":START_ID", ":END_ID", ":TYPE", *(f"{name}:{kind}" for name, kind in _EDGE_COLUMNS)]
    )
    for source, target, key, data in graph.edges(keys=True, data=True):
        writer.writerow(
            [
                source,
                target,
                relationship_type(key),
                *(_cell(data.get(name), kind) for name, kind in _EDGE_COLUMNS),
            ]
        )
    return [
        write_atomic(out_dir / "nodes.csv", nodes.getvalue()),
        write_atomic(out_dir / "relationships.csv", edges.getvalue()),
    ]
