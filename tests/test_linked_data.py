"""Linked data: ontology, IRIs, canonical concepts, SHACL and the example SPARQL queries."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SDO, SKOS, VOID

from paperkg.extract.registry import declared
from paperkg.identifiers import concept_iri, paper_iri
from paperkg.knowledge import vocabulary_at
from paperkg.link import link_corpus, pending_entities, resolve_entities
from paperkg.model import ExtractedPaper, Mention, Origin, Paper, SourcePage
from paperkg.namespaces import PKG, PREFIXES, RULE
from paperkg.store.query import load_store, parse_binding, run_query
from paperkg.store.validate import validate_graph
from support import ROOT, run_cli

pytestmark = pytest.mark.slow

ONTOLOGY = ROOT / "ontology"
QUERIES = sorted((ONTOLOGY / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "paperkg.ttl")


@pytest.fixture(scope="module")
def seeds_graph(seeds_build) -> rdflib.Graph:
    out, _ = seeds_build
    return rdflib.Graph().parse(out / "graph.ttl")


@pytest.fixture(scope="module")
def seeds_store(seeds_build):
    out, _ = seeds_build
    return load_store(out)


def test_every_namespace_term_is_declared(ontology):
    declared = set(ontology.subjects(RDF.type, None))
    for name in PKG.__annotations__:
        assert PKG[name] in declared, name


def test_a_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        PKG.propose  # noqa: B018 - the attribute access is the test


def test_every_rule_is_an_ontology_individual(ontology):
    for rule in declared():
        assert (RULE[rule.name], RDF.type, PKG.ExtractionRule) in ontology, rule.name


def test_every_term_used_in_the_data_is_declared(ontology, seeds_graph):
    declared = set(ontology.subjects(RDF.type, None))
    namespace = str(PKG._NS)
    used = {p for p in seeds_graph.predicates() if str(p).startswith(namespace)}
    used |= {o for o in seeds_graph.objects(None, RDF.type) if str(o).startswith(namespace)}
    assert used and used <= declared, used - declared


def test_ontology_aligns_with_standard_vocabularies(ontology):
    targets = {str(o) for o in ontology.objects(None, rdflib.RDFS.subClassOf)}
    targets |= {str(o) for o in ontology.objects(None, rdflib.RDFS.subPropertyOf)}
    for expected in (
        "https://schema.org/ScholarlyArticle",
        "http://www.w3.org/ns/mls#Algorithm",
        "https://linkedpaperswithcode.com/property/hasRepository",
        "http://www.w3.org/ns/prov#Entity",
    ):
        assert expected in targets, expected
    assert (None, RDF.type, OWL.Ontology) in ontology


@pytest.mark.parametrize(
    "variants",
    [
        {"GNN", "GNNs", "graph neural networks", "Graph Neural Networks", "graph neural network"},
        {"Transformer", "Transformers", "transformer", "transformers"},
        {"RNN", "RNNs", "recurrent neural networks", "Recurrent Neural Networks"},
        {"LSTM", "LSTMs", "long short-term memory", "Long Short-Term Memory"},
        {"SSM", "SSMs", "state space models", "State Space Models", "state-space models"},
        {
            "MLP",
            "MLPs",
            "multi-layer perceptron",
            "multilayer perceptron",
            "Multi-layer Perceptron",
        },
        {"CIFAR-10", "CIFAR10"},
        {"large language models", "LLMs", "LLM", "Large Language Models"},
    ],
)
def test_variants_of_a_concept_are_one_node(seeds_corpus, variants):
    holders = {
        key for key, c in seeds_corpus.concepts.items() if variants & ({c.label} | set(c.aliases))
    }
    assert len(holders) == 1, holders


def test_concept_iris_are_stable_functions_of_the_key(seeds_corpus):
    assert (
        concept_iri("graph-neural-network")
        == "https://w3id.org/paperkg/concept/graph-neural-network"
    )
    paper = next(p for p in seeds_corpus.papers.values() if p.title.startswith("Graph Mamba"))
    assert paper_iri(paper).endswith(
        "/paper/graph-mamba-towards-learning-on-graphs-with-state-space-models"
    )


def _mention(surface, *, acronym=None, long_form=None, type_="method"):
    return Mention(
        surface,
        type_,
        1,
        f"... {surface} ...",
        "acronym-definition",
        0.9,
        acronym=acronym,
        long_form=long_form,
    )


def _paper(title):
    return Paper(title, "abstract", (Origin(SourcePage("t.txt"), 1),))


def test_ambiguous_acronyms_stay_apart_and_unambiguous_ones_link():
    vocabulary = vocabulary_at("")
    extracted = [
        ExtractedPaper(
            _paper("A"),
            (
                _mention("sparse sampling method", acronym="SSX"),
                _mention("SSX", long_form="sparse sampling method"),
            ),
        ),
        ExtractedPaper(
            _paper("B"),
            (
                _mention("self supervised xformer", acronym="SSX"),
                _mention("SSX", long_form="self supervised xformer"),
            ),
        ),
        ExtractedPaper(_paper("C"), (Mention("SSX", "method", 1, "s", "novel-name", 0.6),)),
        ExtractedPaper(
            _paper("D"),
            (
                _mention("quantum gradient flow", acronym="QGF"),
                _mention("QGF", long_form="quantum gradient flow"),
            ),
        ),
        ExtractedPaper(_paper("E"), (Mention("QGF", "method", 1, "s", "novel-name", 0.6),)),
    ]
    corpus = link_corpus(extracted, vocabulary)
    keys = {p: {e.key for e in entities} for p, entities in corpus.entities.items()}
    assert keys["title:c"] == {"ssx"}
    assert keys["title:a"] != keys["title:b"] and "ssx" not in keys["title:a"] | keys["title:b"]
    assert keys["title:e"] == keys["title:d"] == {"quantum-gradient-flow"}


def test_a_bare_acronym_keeps_its_key_open_until_the_corpus_defines_it():
    """What a streamed partition stores: entities whose bare acronyms are keyed later;
    an entity that then meets another key of the paper merges with it."""
    paper = ExtractedPaper(
        _paper("E"),
        (
            Mention("QGF", "method", 1, "s", "novel-name", 0.6),
            Mention("quantum gradient flow", "method", 2, "t", "method-phrase", 0.55),
        ),
    )
    pending = pending_entities(paper, vocabulary_at(""))
    assert [e.key for e in pending.entities] == ["qgf", "quantum-gradient-flow"]
    assert pending.acronyms == ("QGF", "quantum gradient flow")
    assert [e.key for e in resolve_entities(pending, {})] == ["qgf", "quantum-gradient-flow"]
    merged = resolve_entities(pending, {"QGF": "quantum-gradient-flow"})
    assert [(e.key, e.surfaces, e.mentions) for e in merged] == [
        ("quantum-gradient-flow", ("QGF", "quantum gradient flow"), 2)
    ]


def test_lexical_heads_give_broader_concepts(seeds_corpus):
    # "Graph Mamba" (the title) and "Graph Mamba Networks (GMNs)" are one concept
    graph_mamba = seeds_corpus.concepts["graph-mamba-network"]
    assert "Graph Mamba" in graph_mamba.aliases and "mamba" in graph_mamba.broader
    spiking = next(
        c for c in seeds_corpus.concepts.values() if c.label == "Spiking Diffusion Models"
    )
    assert spiking.broader == ("diffusion-model",)


def test_seeds_graph_conforms_to_the_shapes(seeds_build):
    out, _ = seeds_build
    report = validate_graph(out)
    assert report.conforms, [str(v) for v in report.violations[:5]]
    result = run_cli("validate", str(out))
    assert result.returncode == 0 and b"conforms: 0 violations" in result.stdout


def test_a_broken_graph_fails_with_a_readable_report(seeds_build, tmp_path):
    out, _ = seeds_build
    graph = rdflib.Graph().parse(out / "graph.ttl")
    paper = next(graph.subjects(RDF.type, PKG.Paper))
    graph.remove((paper, rdflib.namespace.DCTERMS.title, None))
    link = next(graph.subjects(RDF.type, PKG.ExtractedLink))
    graph.set((link, PKG.confidence, rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)))
    method = next(graph.subjects(RDF.type, PKG.Method))
    graph.add((paper, PKG.evaluatedOn, method))
    graph.add((method, SKOS.broader, next(graph.subjects(RDF.type, PKG.Dataset))))
    graph.remove((next(graph.subjects(RDF.type, PKG.Task)), SKOS.inScheme, None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    report = validate_graph(broken)
    assert not report.conforms
    messages = " | ".join(str(v) for v in report.violations)
    assert "title" in messages and "confidence" in messages and "Dataset" in messages
    assert "within one concept scheme" in messages and "exactly one concept scheme" in messages
    result = run_cli("validate", str(broken))
    assert result.returncode == 1
    assert b"does not conform" in result.stdout


def test_turtle_uses_the_project_prefixes(seeds_build):
    out, _ = seeds_build
    head = (out / "graph.ttl").read_text(encoding="utf-8")[:2000]
    for prefix, iri in PREFIXES.items():
        if prefix in {"pkg", "concept", "paper", "skos"}:
            assert f"@prefix {prefix}: <{iri}>" in head


# --------------------------------------------------------------------------- queries


def _rows(store, path: Path, **bindings: str) -> list[dict[str, str]]:
    """The query's rows, its variables given IRIs (``concept="concept:mamba"``)."""
    given = dict(parse_binding(f"{name}={value}") for name, value in bindings.items())
    result = run_query(store, path.read_text(encoding="utf-8"), bindings=given)
    return [
        {
            v: (t.value if t is not None else None)
            for v, t in zip(result.variables, row, strict=True)
        }
        for row in result.rows
    ]


def _query(name: str) -> Path:
    return ONTOLOGY / "queries" / f"{name}.rq"


def _papers_naming(corpus, keys: set[str], relations=("uses", "proposes")) -> set[str]:
    return {
        link.paper_key
        for link in corpus.links
        if link.target_key in keys and link.relation in relations
    }


def _narrower(corpus, root: str) -> set[str]:
    children = defaultdict(set)
    for key, concept in corpus.concepts.items():
        for broader in concept.broader:
            children[broader].add(key)
    found, pending = {root}, [root]
    while pending:
        for child in children[pending.pop()]:
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def test_there_are_at_least_twelve_documented_queries():
    assert len(QUERIES) >= 12
    for path in QUERIES:
        assert path.read_text(encoding="utf-8").startswith("# Question:"), path.name


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_runs_from_the_cli(seeds_build, path):
    out, _ = seeds_build
    result = run_cli("query", str(out), "--file", str(path), "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) >= 2, f"{path.name} answered nothing"


def test_papers_using_a_concept(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("papers-using-a-concept"), concept="concept:mamba")
    expected = _papers_naming(seeds_corpus, _narrower(seeds_corpus, "mamba"))
    titles = {seeds_corpus.papers[k].title for k in expected}
    assert {r["title"] for r in rows} == titles
    assert "Graph Mamba: Towards Learning on Graphs with State Space Models" in titles


def test_architectures_used_with_a_concept(seeds_store, seeds_corpus):
    rows = _rows(
        seeds_store, _query("architectures-used-with-a-concept"), concept="concept:diffusion-model"
    )
    diffusion = _narrower(seeds_corpus, "diffusion-model")
    papers = _papers_naming(seeds_corpus, diffusion)
    counts = defaultdict(set)
    for link in seeds_corpus.links:
        concept = seeds_corpus.concepts.get(link.target_key)
        if (
            link.paper_key in papers
            and link.relation in {"uses", "proposes"}
            and concept
            and concept.type == "architecture"
            and link.target_key not in diffusion
        ):
            counts[link.target_key].add(link.paper_key)
    top = max(len(v) for v in counts.values())
    assert int(rows[0]["papers"]) == top
    assert {r["architecture"].rsplit("/", 1)[-1] for r in rows} <= set(counts)


def test_datasets_per_task_pairs_a_dataset_with_its_own_task(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("datasets-per-task"))
    by_paper = defaultdict(lambda: defaultdict(dict))
    for link in seeds_corpus.links:
        by_paper[link.paper_key][link.relation][link.target_key] = link.sentence_index
    pairs = {
        (seeds_corpus.concepts[t].label, seeds_corpus.concepts[d].label)
        for rel in by_paper.values()
        for t, task_sentence in rel["addresses"].items()
        for d, dataset_sentence in rel["evaluatedOn"].items()
        if len(rel["addresses"]) == 1 or task_sentence == dataset_sentence
    }
    every_pair = {
        (seeds_corpus.concepts[t].label, seeds_corpus.concepts[d].label)
        for rel in by_paper.values()
        for t in rel["addresses"]
        for d in rel["evaluatedOn"]
    }
    assert {(r["task"], r["dataset"]) for r in rows} == pairs
    assert ("image classification", "ImageNet") in pairs
    assert len(pairs) < len(every_pair), "a paper on two tasks pairs each with its own data"


def test_proposed_with_code(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("proposed-with-code"))
    with_code = {link.paper_key for link in seeds_corpus.links if link.relation == "hasCode"}
    expected = {
        (seeds_corpus.concepts[link.target_key].label, link.paper_key)
        for link in seeds_corpus.links
        if link.relation == "proposes"
        and link.paper_key in with_code
        and seeds_corpus.concepts[link.target_key].type in {"method", "architecture"}
    }
    titles = {k: p.title for k, p in seeds_corpus.papers.items()}
    assert {(r["label"], r["title"]) for r in rows} == {(c, titles[p]) for c, p in expected}


def test_co_occurring_with_a_concept(seeds_store, seeds_corpus):
    rows = _rows(
        seeds_store, _query("co-occurring-with-a-concept"), concept="concept:graph-neural-network"
    )
    gnn = _narrower(seeds_corpus, "graph-neural-network")
    papers = {link.paper_key for link in seeds_corpus.links if link.target_key in gnn}
    counts = defaultdict(set)
    for link in seeds_corpus.links:
        if (
            link.paper_key in papers
            and link.target_key in seeds_corpus.concepts
            and link.target_key not in gnn
        ):
            counts[link.target_key].add(link.paper_key)
    assert int(rows[0]["papers"]) == max(len(v) for v in counts.values())
    assert len(rows) == min(20, len(counts))


def test_two_hops_from_a_paper(seeds_store, seeds_corpus):
    start = next(k for k, p in seeds_corpus.papers.items() if p.title.startswith("Graph Mamba:"))
    rows = _rows(
        seeds_store,
        _query("two-hops-from-a-paper"),
        start=f"<{paper_iri(seeds_corpus.papers[start])}>",
    )
    concepts = defaultdict(set)
    for link in seeds_corpus.links:
        if link.target_key in seeds_corpus.concepts:
            concepts[link.paper_key].add(link.target_key)
    expected = {
        seeds_corpus.papers[k].title: len(concepts[k] & concepts[start])
        for k in concepts
        if k != start and concepts[k] & concepts[start]
    }
    assert {r["title"]: int(r["shared"]) for r in rows} == expected


def test_link_evidence(seeds_store, seeds_corpus):
    start = next(k for k, p in seeds_corpus.papers.items() if p.title.startswith("Graph Mamba:"))
    paper = f"<{paper_iri(seeds_corpus.papers[start])}>"
    rows = _rows(seeds_store, _query("link-evidence"), paper=paper, concept="concept:mamba")
    link = next(
        link
        for link in seeds_corpus.links
        if link.paper_key == start and link.target_key == "mamba"
    )
    assert rows and rows[0]["evidence"] == link.evidence
    assert float(rows[0]["confidence"]) == pytest.approx(link.confidence, abs=1e-3)
    assert rows[0]["rule"].endswith(f"/rule/{link.rule}")


@pytest.mark.parametrize("name", ["top-concepts", "top-concepts-aggregate"])
def test_top_concepts(seeds_store, seeds_corpus, name):
    rows = _rows(seeds_store, _query(name))
    counts = defaultdict(set)
    for link in seeds_corpus.links:
        if link.target_key in seeds_corpus.concepts:
            counts[link.target_key].add(link.paper_key)
    if name == "top-concepts":  # pkg:paperCount: a metric's papers report results in it
        for reported in seeds_corpus.results:
            if reported.metric_key:
                counts[reported.metric_key].add(reported.paper_key)
    assert len(rows) == 20
    assert [int(r["papers"]) for r in rows] == sorted(
        (len(v) for v in counts.values()), reverse=True
    )[:20]


def test_papers_per_page(seeds_store, seed_paths):
    rows = _rows(seeds_store, _query("papers-per-page"))
    assert {r["file"]: int(r["papers"]) for r in rows} == {
        "000_1779345dfb13af61.txt": 76,
        "001_13ce6d5bfa65581b.txt": 47,
        "002_4912bb44d1561801.txt": 42,
        "003_92c5e037833aae9f.txt": 93,
        "004_476a1d6c8b9e1457.txt": 54,
    }
    assert {r["date"] for r in rows} == {"--05-07", "--07-29", "--10-29", "--10-30", "--03-14"}


def test_papers_on_several_pages(seeds_store):
    rows = _rows(seeds_store, _query("papers-on-several-pages"))
    assert len(rows) == 43
    assert rows[0]["title"] == "Forward Learning of Graph Neural Networks"
    assert int(rows[0]["pages"]) == 5


def test_what_an_acronym_stands_for(seeds_store):
    rows = _rows(seeds_store, _query("what-an-acronym-stands-for"), acronym="GNN")
    assert [r["label"] for r in rows] == ["graph neural network"]


def test_narrower_concepts(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("narrower-concepts"), concept="concept:state-space-model")
    expected = _narrower(seeds_corpus, "state-space-model") - {"state-space-model"}
    assert {r["narrower"].rsplit("/", 1)[-1] for r in rows} == expected
    assert {"mamba", "graph-mamba-network"} <= expected


def test_links_to_review(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("links-to-review"))
    assert len(rows) == sum(1 for link in seeds_corpus.links if link.confidence < 0.6)
    assert all(float(r["confidence"]) < 0.6 for r in rows)


def test_links_per_rule(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("links-per-rule"))
    counts = defaultdict(int)
    for link in seeds_corpus.links:
        counts[link.rule] += 1
    assert {r["rule"].rsplit("/", 1)[-1]: int(r["links"]) for r in rows} == dict(counts)


def test_code_hosts(seeds_store, seeds_corpus):
    rows = _rows(seeds_store, _query("code-hosts"))
    hosts = defaultdict(int)
    for repository in seeds_corpus.repositories.values():
        if repository.kind == "repository":
            hosts[repository.host] += 1
    assert {r["host"]: int(r["repositories"]) for r in rows} == dict(hosts)


def test_query_errors_are_reported(seeds_build):
    out, _ = seeds_build
    result = run_cli("query", str(out), "SELECT WHERE {")
    assert result.returncode == 2 and b"not valid SPARQL" in result.stderr
    result = run_cli("query", str(out / "missing.ttl"), "ASK {}")
    assert result.returncode == 3 and b"no such graph file" in result.stderr


def test_record_ids_and_venues_are_stated_and_keep_papers_apart(tmp_path):
    records = tmp_path / "anthology.jsonl"
    rows = [
        {
            "id": "2020.acl-tutorials.4",
            "title": "Reviewing Natural Language Processing Research",
            "abstract": "This tutorial covers the theory of peer review.",
            "venue": "ACL 2020",
        },
        {
            "id": "2021.eacl-tutorials.4",
            "title": "Reviewing Natural Language Processing Research",
            "abstract": "The reviewing procedure is identified as a problem.",
            "venue": "EACL 2021",
        },
    ]
    records.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("build", str(records), "--out", str(out), "--format", "ttl").returncode == 0
    graph = rdflib.Graph().parse(out / "graph.ttl")
    papers = sorted(graph.subjects(RDF.type, PKG.Paper))
    assert len(papers) == 2
    assert {str(graph.value(p, DCTERMS.identifier)) for p in papers} == {r["id"] for r in rows}
    venues = {str(graph.value(graph.value(p, SDO.isPartOf), SDO.name)) for p in papers}
    assert venues == {"ACL 2020", "EACL 2021"}
    assert all(str(p).endswith(f"--id-{graph.value(p, DCTERMS.identifier)}") for p in papers)
    assert validate_graph(out).conforms
    again = run_cli("build", str(records), "--update", str(out), "--format", "ttl")
    assert again.returncode == 0, again.stderr.decode()
    updated = rdflib.Graph().parse(out / "graph.ttl")
    assert sorted(updated.subjects(RDF.type, PKG.Paper)) == papers, "an update keeps both"


def test_broader_links_stay_within_a_type_and_every_concept_is_in_its_scheme(seeds_build):
    out, _ = seeds_build
    graph = rdflib.Graph().parse(out / "graph.ttl")
    types = {PKG.Method, PKG.Architecture, PKG.Dataset, PKG.Task, PKG.Metric}
    type_of = {c: t for t in types for c in graph.subjects(RDF.type, t)}
    assert len(set(graph.subjects(RDF.type, PKG.Metric))) >= 10  # results name metrics
    crossing = [
        (c, b) for c, b in graph.subject_objects(SKOS.broader) if type_of.get(b) != type_of[c]
    ]
    assert crossing == []
    assert sum(1 for _ in graph.subject_objects(SKOS.broader)) > 50
    for concept, concept_type in type_of.items():
        scheme = graph.value(concept, SKOS.inScheme)
        assert str(scheme).endswith(f"/scheme/{concept_type.split('#')[-1].lower()}s")
    assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == len(types)
    preferred = {str(label).casefold(): c for c, label in graph.subject_objects(SKOS.prefLabel)}
    clashes = [
        (c, str(alias))
        for c, alias in graph.subject_objects(SKOS.altLabel)
        if preferred.get(str(alias).casefold(), c) != c
    ]
    assert clashes == [], "no alias is another concept's preferred label"


def test_the_graph_describes_itself_with_void_and_dcat(seeds_build, seed_paths, tmp_path):
    out, _ = seeds_build
    graph = rdflib.Graph().parse(out / "graph.ttl")
    [dataset] = graph.subjects(RDF.type, VOID.Dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    described = sum(1 for _ in graph.triples((None, None, None)))
    own = len(set(graph.triples((dataset, None, None))))
    parts = {p for p in graph.objects(dataset, VOID.classPartition)}
    own += sum(len(set(graph.triples((p, None, None)))) for p in parts)
    distribution = graph.value(dataset, DCAT.distribution)
    own += len(set(graph.triples((distribution, None, None))))
    assert int(graph.value(dataset, VOID.triples)) == described - own
    counts = {
        str(graph.value(p, VOID["class"])).rsplit("#")[-1]: int(graph.value(p, VOID.entities))
        for p in parts
    }
    assert counts["Paper"] == 257 == len(set(graph.subjects(RDF.type, PKG.Paper)))
    assert counts["Method"] == len(set(graph.subjects(RDF.type, PKG.Method)))
    assert len(set(graph.objects(dataset, DCTERMS.source))) == 5
    assert graph.value(dataset, DCTERMS.license) is None and graph.value(dataset, DCTERMS.rights)
    licensed = tmp_path / "licensed"
    result = run_cli("build", seed_paths[0], "--out", str(licensed), "--license", "CC-BY-4.0")
    assert result.returncode == 0, result.stderr.decode()
    assert run_cli("build", seed_paths[1], "--update", str(licensed)).returncode == 0
    updated = rdflib.Graph().parse(licensed / "graph.ttl")
    [again] = updated.subjects(RDF.type, VOID.Dataset)
    assert str(updated.value(again, DCTERMS.license)) == "https://spdx.org/licenses/CC-BY-4.0"
    assert validate_graph(licensed).conforms
    wrong = run_cli("build", seed_paths[0], "--out", str(tmp_path / "x"), "--license", "no such")
    assert wrong.returncode == 2 and b"--license" in wrong.stderr
