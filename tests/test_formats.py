"""Every output format reads back with the library the tool behind it uses."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from paperkg.export import WRITERS
from paperkg.namespaces import PKG
from support import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def every_format(tmp_path_factory, seed_paths):
    out = tmp_path_factory.mktemp("formats")
    result = run_cli("build", *seed_paths, "--out", str(out), "--format", ",".join(WRITERS))
    assert result.returncode == 0, result.stderr.decode()
    return out


def test_help_lists_every_format():
    text = run_cli("build", "--help").stdout.decode()
    for name in WRITERS:
        assert f"{name} =" in " ".join(text.split())


@pytest.mark.parametrize(("name", "parser"), [("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_rdf_formats_are_isomorphic_to_the_turtle(every_format, name, parser):
    turtle = rdflib.Graph().parse(every_format / "graph.ttl", format="turtle")
    other = rdflib.Graph().parse(every_format / name, format=parser)
    assert len(turtle) > 10_000
    assert isomorphic(turtle, other)


def test_jsonld_has_a_context(every_format):
    document = json.loads((every_format / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["pkg"] == "https://w3id.org/paperkg/ontology#"
    assert any(node["@id"].startswith("concept:") for node in document["@graph"])


@pytest.mark.parametrize("reader", ["graphml", "gexf"])
def test_graph_formats_read_back_with_networkx(every_format, reader):
    original = nx.node_link_graph(
        json.loads((every_format / "graph.json").read_text(encoding="utf-8")), edges="edges"
    )
    read = nx.read_graphml if reader == "graphml" else nx.read_gexf
    graph = read(every_format / f"graph.{reader}")
    assert set(graph.nodes) == set(original.nodes)
    assert {(u, v) for u, v in graph.edges()} == {(u, v) for u, v, _ in original.edges(keys=True)}
    for node, data in graph.nodes(data=True):
        assert data["kind"] == original.nodes[node]["kind"]
        if data["kind"] == "concept":
            assert data["type"] == original.nodes[node]["type"]
            assert isinstance(data.get("aliases", ""), str) and "[" not in data.get("aliases", "")
            assert int(data["paper_count"]) == original.nodes[node]["paper_count"]


def test_neo4j_csv_headers_and_endpoints(every_format):
    with open(every_format / "nodes.csv", encoding="utf-8", newline="") as stream:
        nodes = list(csv.reader(stream))
    with open(every_format / "relationships.csv", encoding="utf-8", newline="") as stream:
        edges = list(csv.reader(stream))
    assert nodes[0][:2] == ["id:ID", ":LABEL"]
    assert edges[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert all(":" in header for header in nodes[0][2:] + edges[0][3:])
    ids = {row[0] for row in nodes[1:]}
    assert len(ids) == len(nodes) - 1
    assert all(row[0] in ids and row[1] in ids for row in edges[1:])
    assert {row[2] for row in edges[1:]} >= {
        "USES",
        "PROPOSES",
        "EVALUATED_ON",
        "HAS_CODE",
        "BROADER",
    }


def test_export_writes_the_network_formats_build_wrote(every_format, tmp_path):
    """One identifier and one number per thing: ``export`` from ``graph.ttl`` gives the
    build's own GraphML, GEXF, JSON and Neo4j CSV byte for byte (confidences as the RDF
    states them, every node with its IRI)."""
    names = ["graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "relationships.csv"]
    result = run_cli(
        "export",
        str(every_format / "graph.ttl"),
        "--format",
        "graphml,gexf,json,csv",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr.decode()
    for name in names:
        assert (tmp_path / name).read_bytes() == (every_format / name).read_bytes(), name
    assert b"0000000000" not in (every_format / "graph.graphml").read_bytes()


def test_results_reach_every_network_format_as_the_rdf_states_them(every_format):
    """A result is a node of its own in GraphML, GEXF, JSON and Neo4j CSV: the same IRI,
    value and kind as its pkg:Result, linked from its paper and to its metric, and a
    metric's paper count is that of the RDF (the papers reporting on it)."""
    rdf = rdflib.Graph().parse(every_format / "graph.ttl", format="turtle")
    stated = {
        str(row.result): (float(row.value), str(row.kind), str(row.paper), str(row.metric or ""))
        for row in rdf.query(
            "SELECT ?result ?value ?kind ?paper ?metric WHERE {"
            " ?paper pkg:reportsResult ?result . ?result pkg:value ?value ; pkg:resultKind ?kind ."
            " OPTIONAL { ?result pkg:metric ?metric } }"
        )
    }
    assert len(stated) > 100
    graph = nx.node_link_graph(
        json.loads((every_format / "graph.json").read_text(encoding="utf-8")), edges="edges"
    )
    iri_of = {node: data["iri"] for node, data in graph.nodes(data=True)}
    found = {}
    for node, data in graph.nodes(data=True):
        if data["kind"] == "result":
            [paper] = [iri_of[p] for p, _, key in graph.in_edges(node, keys=True)]
            metrics = [
                iri_of[m] for _, m, key in graph.out_edges(node, keys=True) if key == "metric"
            ]
            found[data["iri"]] = (data["value"], data["result_kind"], paper, "".join(metrics))
    assert found == stated
    counts = {str(c): int(n) for c, n in rdf.subject_objects(PKG.paperCount)}
    for _, data in graph.nodes(data=True):
        if data["kind"] == "concept" and data["type"] == "metric":
            assert data["paper_count"] == counts[data["iri"]] > 0
    graphml = nx.read_graphml(every_format / "graph.graphml")
    assert sum(1 for _, d in graphml.nodes(data=True) if d["kind"] == "result") == len(stated)
    with open(every_format / "nodes.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    results = [row for row in rows if row[":LABEL"] == "Result"]
    assert {row["iri:string"] for row in results} == set(stated)
    assert all(row["evidence:string"] and row["value:float"] for row in results)
    with open(every_format / "relationships.csv", encoding="utf-8", newline="") as stream:
        types = [row[":TYPE"] for row in csv.DictReader(stream)]
    assert types.count("REPORTS_RESULT") == len(stated) and "ON_DATASET" in types
