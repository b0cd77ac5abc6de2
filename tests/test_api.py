"""The library: build from records and files, extract, SPARQL joined to NetworkX by IRI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import networkx as nx
import pytest

import paperkg
from paperkg.errors import InputError, UsageError
from support import FIXTURES, ROOT, run_cli

RECORDS = [
    {
        "title": "Graph Attention Networks",
        "abstract": "We present graph attention networks (GATs), a new neural network "
        "architecture for graph-structured data. GATs reach state of the art on the Cora "
        "and Citeseer datasets. Code: https://github.com/PetarV-/GAT",
        "authors": ["Petar Velickovic", "Guillem Cucurull"],
        "date": "2017-10-30",
        "id": "1710.10903",
    },
    {
        "title": "Semi-Supervised Classification with Graph Convolutional Networks",
        "abstract": "We present graph convolutional networks (GCNs) for semi-supervised node "
        "classification, evaluated on Cora, Citeseer and Pubmed.",
    },
]


@pytest.fixture(scope="module")
def kg() -> paperkg.KnowledgeGraph:
    return paperkg.build(RECORDS)


def test_importing_paperkg_is_cheap_and_lists_the_api():
    code = "import sys, paperkg; print(sorted(dir(paperkg)), 'spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == (
        "['Entity', 'KnowledgeGraph', 'Paper', '__version__', 'build', 'extract'] False"
    )


def test_a_graph_from_dicts(kg):
    assert len(kg) == 2
    assert set(kg.papers) == {
        "arxiv:1710.10903",
        "title:semisupervisedclassificationwithgraphconvolutionalnetworks",
    }
    assert kg.concepts["cora"].type == "dataset"
    proposed = {
        (link.paper_key, link.target_key) for link in kg.links if link.relation == "proposes"
    }
    assert ("arxiv:1710.10903", "graph-attention-network") in proposed
    assert kg.papers["arxiv:1710.10903"].authors == ("Petar Velickovic", "Guillem Cucurull")
    assert repr(kg).startswith("<KnowledgeGraph: 2 papers, ")


def test_a_sparql_answer_joins_the_networkx_graph_by_iri(kg):
    rows = kg.query(
        "SELECT ?paper ?dataset WHERE { ?paper pkg:evaluatedOn ?dataset . "
        "?dataset a pkg:Dataset } ORDER BY ?paper ?dataset"
    )
    assert rows, "both papers are evaluated on datasets"
    graph = kg.to_networkx()
    node_of = {iri: node for node, iri in graph.nodes(data="iri") if iri}
    assert len(node_of) == graph.number_of_nodes()  # every node has an IRI, each its own
    for row in rows:
        paper, dataset = node_of[row["paper"]], node_of[row["dataset"]]
        assert graph.nodes[dataset]["type"] == "dataset"
        assert graph.has_edge(paper, dataset, key="evaluatedOn")
    answered = {(node_of[r["paper"]], node_of[r["dataset"]]) for r in rows}
    in_graph = {(u, v) for u, v, relation in graph.edges(keys=True) if relation == "evaluatedOn"}
    assert answered == in_graph


def test_query_rows_leave_unbound_variables_out_and_ask_answers(kg):
    rows = kg.query(
        "SELECT ?paper ?date WHERE { ?paper a pkg:Paper OPTIONAL { ?paper dcterms:issued ?date } }"
    )
    assert sorted(len(row) for row in rows) == [1, 2]  # the second record has no date
    assert kg.query("ASK { ?s pkg:proposes concept:graph-attention-network }") == [{"ask": "true"}]


def test_rdflib_and_networkx_hold_the_same_graph(kg, tmp_path):
    rdf = kg.to_rdflib()
    written = kg.write(tmp_path, formats=["nt", "graphml"])
    assert sorted(p.name for p in written) == ["graph.graphml", "graph.nt"]
    lines = [line for line in (tmp_path / "graph.nt").read_text().splitlines() if line]
    assert len(rdf) == len(lines)
    assert nx.is_isomorphic(nx.read_graphml(tmp_path / "graph.graphml"), kg.to_networkx())


def test_write_keeps_files_paperkg_did_not_write(kg, tmp_path):
    (tmp_path / "graph.ttl").write_text("my own notes\n")
    with pytest.raises(UsageError):
        kg.write(tmp_path, formats=["ttl"])
    assert (tmp_path / "graph.ttl").read_text() == "my own notes\n"


def test_files_records_and_failures_together(tmp_path):
    missing = tmp_path / "missing.jsonl"
    with pytest.warns(UserWarning, match="missing.jsonl"):
        kg = paperkg.build([FIXTURES / "records.jsonl", RECORDS[0], str(missing)])
    assert [failure.location for failure in kg.failures] == [str(missing)]
    assert "arxiv:1710.10903" in kg.papers
    assert len(kg) > 1


def test_extract_gives_what_the_command_line_prints(tmp_path):
    entities = paperkg.extract(RECORDS[0]["title"], RECORDS[0]["abstract"])
    page = tmp_path / "one.jsonl"
    page.write_text(
        json.dumps({"title": RECORDS[0]["title"], "abstract": RECORDS[0]["abstract"]}) + "\n"
    )
    printed = json.loads(run_cli("extract", str(page)).stdout)["entities"]
    assert [(e.key, e.type, e.proposed) for e in entities] == [
        (e["key"], e["kind"], e["proposed"]) for e in printed
    ]
    with pytest.raises(InputError, match="no title"):
        paperkg.extract("", "an abstract")


def test_bad_options_are_usage_errors():
    with pytest.raises(UsageError):
        paperkg.build(RECORDS, jobs=0)
    with pytest.raises(UsageError, match="full, compact, none"):
        paperkg.build(RECORDS, provenance="some")


def test_results_and_the_provenance_mode_reach_the_library():
    record = {
        "title": "Faster Attention",
        "abstract": "Our method reaches 91.2% accuracy on CIFAR-10 and is 3x faster than "
        "the Transformer baseline.",
    }
    kg = paperkg.build([record], provenance="compact")
    values = {(r.result.number, r.result.kind) for r in kg.results}
    assert values == {("91.2", "absolute"), ("3", "speedup")}
    assert {r.dataset_key for r in kg.results} == {"cifar-10"}
    assert kg.query("ASK { ?link a pkg:ExtractedLink }") == [{"ask": "false"}]
    assert kg.query("ASK { ?node pkg:evidenceOf ?paper }") == [{"ask": "true"}]


def test_a_sparql_answer_joins_graphml_and_the_neo4j_csv_by_iri(kg, tmp_path):
    kg.write(tmp_path, formats=["graphml", "csv"])
    rows = kg.query("SELECT ?paper ?concept WHERE { ?paper pkg:proposes ?concept }")
    assert rows
    graphml = nx.read_graphml(tmp_path / "graph.graphml")
    in_graphml = {data["iri"]: node for node, data in graphml.nodes(data=True)}
    with (tmp_path / "nodes.csv").open(newline="", encoding="utf-8") as stream:
        in_neo4j = {row["iri:string"]: row["id:ID"] for row in csv.DictReader(stream)}
    for row in rows:
        for iri in (row["paper"], row["concept"]):
            assert in_graphml[iri] == in_neo4j[iri]


def test_edges_carry_their_link_statements_iri_and_graphml_ids_are_unique(kg, tmp_path):
    statements = {
        row["link"] for row in kg.query("SELECT ?link WHERE { ?link a pkg:ExtractedLink }")
    }
    graph = kg.to_networkx()
    edge_iris = {iri for _, _, iri in graph.edges(data="iri") if iri}
    assert edge_iris == statements
    kg.write(tmp_path, formats=["graphml"])
    read = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    ids = [key for _, _, key in read.edges(keys=True)]
    assert len(ids) == len(set(ids)) == graph.number_of_edges()


def test_query_csv_and_json_give_the_same_full_iris(seeds_build):
    out, _ = seeds_build
    query = "SELECT ?paper ?concept WHERE { ?paper pkg:proposes ?concept } ORDER BY ?paper ?concept"
    as_csv = run_cli("query", str(out), query, "--format", "csv")
    as_json = run_cli("query", str(out), query, "--format", "json")
    assert as_csv.returncode == as_json.returncode == 0, as_csv.stderr.decode()
    rows = list(csv.DictReader(as_csv.stdout.decode().splitlines()))
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert [(r["paper"], r["concept"]) for r in rows] == [
        (b["paper"]["value"], b["concept"]["value"]) for b in bindings
    ]
    assert all(r["paper"].startswith("https://w3id.org/paperkg/paper/") for r in rows)


def test_rdfs_and_owl_are_predeclared_and_construct_answers_triples(seeds_build):
    out, _ = seeds_build
    labels = run_cli(
        "query",
        str(out),
        "SELECT ?label WHERE { concept:mamba skos:prefLabel ?label "
        "FILTER NOT EXISTS { concept:mamba rdfs:label ?label } "
        "FILTER NOT EXISTS { concept:mamba owl:deprecated true } }",
        "--format",
        "csv",
    )
    assert labels.returncode == 0, labels.stderr.decode()
    assert labels.stdout.decode().splitlines() == ["label", "Mamba"]
    built = run_cli(
        "query",
        str(out),
        "CONSTRUCT { ?p pkg:uses concept:mamba } WHERE { ?p pkg:uses concept:mamba }",
        "--format",
        "json",
    )
    assert built.returncode == 0, built.stderr.decode()
    answer = json.loads(built.stdout)
    assert answer["head"]["vars"] == ["subject", "predicate", "object"]
    rows = answer["results"]["bindings"]
    assert rows and all(row["object"]["value"].endswith("/concept/mamba") for row in rows)
