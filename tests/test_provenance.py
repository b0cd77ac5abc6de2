"""``build --provenance full|compact|none``: how much of each link's provenance the graph
states, on real builds of the seed pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, VOID

from paperkg.model import RELATIONS
from paperkg.namespaces import PKG
from paperkg.store.query import load_store, run_query
from paperkg.store.reload import corpus_from_graph
from paperkg.store.validate import validate_graph
from support import ROOT, run_cli

pytestmark = pytest.mark.slow

_DIRECT = {str(PKG[relation]) for relation in RELATIONS}


def _build(out: Path, *args: str) -> Path:
    result = run_cli("build", *args, "--out", str(out), "--format", "ttl,nt", "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, seed_paths, seeds_build) -> dict[str, Path]:
    """The seeds' graph.ttl in each mode (full: the session's default build)."""
    built = {"full": seeds_build[0] / "graph.ttl"}
    for mode in ("compact", "none"):
        out = _build(tmp_path_factory.mktemp(mode), *seed_paths, "--provenance", mode)
        built[mode] = out / "graph.ttl"
    return built


def _triples(path: Path) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in rdflib.Graph().parse(path)}


def test_compact_keeps_under_three_quarters_of_full_and_none_the_direct_links(graphs):
    full, compact, none = (len(_triples(graphs[mode])) for mode in ("full", "compact", "none"))
    # measured on the seeds: 32,700 / 23,634 / 14,085 (see README, "Provenance modes")
    assert compact < 0.75 * full
    assert none < compact
    for mode in ("compact", "none"):
        store = ox.Store()
        store.load(path=str(graphs[mode].with_suffix(".nt")), format=ox.RdfFormat.N_TRIPLES)
        assert len(store) == len(_triples(graphs[mode])), f"{mode}: Turtle and N-Triples differ"


def _evidence_rows(path: Path) -> set[tuple[str, ...]]:
    """link-evidence.rq's rows for every paper of the graph."""
    store = load_store(path)
    query = (ROOT / "ontology" / "queries" / "link-evidence.rq").read_text(encoding="utf-8")
    papers = [row[0] for row in run_query(store, "SELECT ?p WHERE { ?p a pkg:Paper }").rows]
    rows = set()
    for paper in papers:
        found = run_query(store, query, bindings={"paper": paper})
        rows |= {tuple(str(term) for term in row) for row in found.rows}
    return rows


def test_the_evidence_query_gives_the_same_rows_in_full_and_compact(graphs, seeds_corpus):
    full = _evidence_rows(graphs["full"])
    assert len({row[:3] for row in full}) == len(seeds_corpus.links)
    assert _evidence_rows(graphs["compact"]) == full


@pytest.mark.parametrize("name", ["links-per-rule", "links-to-review"])
def test_the_provenance_queries_answer_alike_in_full_and_compact(graphs, name):
    query = (ROOT / "ontology" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    answers = {
        mode: [
            tuple(str(t) for t in row) for row in run_query(load_store(graphs[mode]), query).rows
        ]
        for mode in ("full", "compact")
    }
    assert len(answers["full"]) > 10
    assert answers["compact"] == answers["full"]


def test_reload_gives_the_same_links_in_compact_as_in_full(graphs):
    def links(mode: str) -> list:
        corpus = corpus_from_graph(graphs[mode])
        # compact keeps no surface form: the words as written are in the evidence sentence
        return sorted(map(repr, (replace(link, surface="") for link in corpus.links)))

    assert links("compact") == links("full")
    assert corpus_from_graph(graphs["compact"]).provenance == "compact"


def test_none_has_no_provenance_nodes_and_every_direct_link_of_full(graphs):
    none = _triples(graphs["none"])
    predicates = {p for _, p, _ in none}
    assert not predicates & {str(PKG.evidenceOf), str(RDF.subject), str(PKG.surfaceForm)}
    assert (str(RDF.type), str(PKG.ExtractedLink)) not in {(p, o) for _, p, o in none}
    # what provenance is left is the results' own (a result is its sentence's claim)
    with_evidence = {s for s, p, _ in none if p == str(PKG.evidence)}
    results = {s for s, p, o in none if p == str(RDF.type) and o == str(PKG.Result)}
    assert with_evidence == results
    direct = {t for t in _triples(graphs["full"]) if t[1] in _DIRECT}
    assert direct and direct == {t for t in none if t[1] in _DIRECT}
    assert corpus_from_graph(graphs["none"]).provenance == "none"


@pytest.mark.parametrize("mode", ["full", "compact", "none"])
def test_each_modes_graph_conforms_to_the_shapes(graphs, mode):
    report = validate_graph(graphs[mode])
    assert report.conforms, [str(v) for v in report.violations]


def test_the_shapes_catch_a_compact_evidence_node_without_confidence(graphs, tmp_path):
    lines = graphs["compact"].with_suffix(".nt").read_text(encoding="utf-8").splitlines()
    node = next(line.split()[0] for line in lines if f"<{PKG.evidenceOf}>" in line)
    broken = tmp_path / "broken.nt"
    broken.write_text(
        "\n".join(line for line in lines if not line.startswith(f"{node} <{PKG.confidence}>")),
        encoding="utf-8",
    )
    messages = [str(v) for v in validate_graph(broken).violations]
    assert len(messages) == 1 and "exactly one confidence" in messages[0]
    assert node[1:-1] in messages[0]


def test_the_shapes_catch_provenance_the_stated_mode_does_not_write(graphs, tmp_path):
    text = graphs["compact"].with_suffix(".nt").read_text(encoding="utf-8")
    mislabelled = tmp_path / "mislabelled.nt"
    mislabelled.write_text(text.replace('> "compact" .', '> "none" .'), encoding="utf-8")
    messages = [str(v) for v in validate_graph(mislabelled).violations]
    assert len(messages) == 1 and "provenance its mode does not write" in messages[0]


@pytest.mark.parametrize("mode", ["compact", "none"])
def test_the_stream_engine_writes_the_memory_engines_graph(graphs, seed_paths, tmp_path, mode):
    result = run_cli(
        "build", *seed_paths[:2], "--out", str(tmp_path / "stream"), "--engine", "stream",
        "--jobs", "1", "--provenance", mode, "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    memory = _build(tmp_path / "memory", *seed_paths[:2], "--provenance", mode)
    shards = sorted((tmp_path / "stream" / "nt").glob("*.nt"))
    streamed = sorted(line for shard in shards for line in shard.read_text("utf-8").splitlines())
    assert streamed == sorted((memory / "graph.nt").read_text("utf-8").splitlines())


def test_an_update_of_a_compact_graph_stays_compact(graphs, seed_paths, tmp_path):
    out = _build(tmp_path / "out", *seed_paths[:-1], "--provenance", "compact")
    result = run_cli("build", seed_paths[-1], "--update", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    graph = rdflib.Graph().parse(out / "graph.ttl")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    assert str(graph.value(dataset, PKG.provenanceMode)) == "compact"
    assert (out / "graph.ttl").read_bytes() == graphs["compact"].read_bytes()
