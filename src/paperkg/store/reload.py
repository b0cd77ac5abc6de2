"""Read a graph paperkg exported back into a :class:`~paperkg.model.Corpus`.

``paperkg export GRAPH --format X`` converts a built graph to any format of the
writer registry without the original listings: the Turtle (or N-Triples) is
loaded into Oxigraph and the papers, concepts, repositories and reified links
are read back with SPARQL. Keys and IRIs are the same functions of the text as
in a build, so a round trip gives the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from paperkg.export.rdf import STATES, plain_decimal
from paperkg.identifiers import result_iri
from paperkg.knowledge import vocabulary_at
from paperkg.model import (
    RELATIONS,
    Concept,
    Corpus,
    Link,
    Origin,
    Paper,
    PartialDate,
    ReportedResult,
    Repository,
    Result,
    SourcePage,
)
from paperkg.namespaces import PREFIXES
from paperkg.store.query import load_store, run_query

__all__ = ["corpus_from_graph"]

_TYPES = {
    f"{PREFIXES['pkg']}{name}": name.lower()
    for name in ("Method", "Architecture", "Dataset", "Task", "Metric")
}
_DIRECTIONS = {
    f"{PREFIXES['pkg']}HigherIsBetter": "higher",
    f"{PREFIXES['pkg']}LowerIsBetter": "lower",
}


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT by variable; one left unbound (an OPTIONAL one) is absent."""
    result = run_query(store, query)
    return [
        {v: t.value for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]


def _local(iri: str, namespace: str) -> str:
    return iri[len(PREFIXES[namespace]) :]


def corpus_from_graph(path: str | Path) -> Corpus:
    """The corpus held by a paperkg graph file (or build folder)."""
    store = load_store(path)
    pages = {}
    for row in _rows(
        store,
        "SELECT ?page ?name ?date WHERE { ?page a pkg:SourcePage ; "
        "pkg:fileName ?name OPTIONAL { ?page pkg:listingDate ?date } }",
    ):
        date = PartialDate.parse(row["date"]) if row.get("date") else None
        pages[row["page"]] = SourcePage(row["name"], date)
    listed, authors = defaultdict(list), defaultdict(list)
    for row in _rows(store, "SELECT ?paper ?page WHERE { ?paper pkg:listedOn ?page }"):
        listed[row["paper"]].append(Origin(pages[row["page"]], 0))
    for row in _rows(store, "SELECT ?paper ?name WHERE { ?paper pkg:authorName ?name }"):
        authors[row["paper"]].append(row["name"])
    corpus = Corpus()
    key_of = {}
    for row in _rows(
        store,
        """
        SELECT ?paper ?title ?abstract ?date ?arxiv ?count ?upvotes ?org ?url ?id ?venue
        WHERE {
          ?paper a pkg:Paper ; dcterms:title ?title ; dcterms:abstract ?abstract .
          OPTIONAL { ?paper dcterms:issued ?date } OPTIONAL { ?paper pkg:arxivId ?arxiv }
          OPTIONAL { ?paper pkg:authorCount ?count } OPTIONAL { ?paper pkg:upvotes ?upvotes }
          OPTIONAL { ?paper pkg:submittedBy ?org } OPTIONAL { ?paper schema:url ?url }
          OPTIONAL { ?paper dcterms:identifier ?id }
          OPTIONAL { ?paper schema:isPartOf ?v . ?v schema:name ?venue } }""",
    ):
        paper = Paper(
            title=row["title"],
            abstract=row["abstract"],
            origins=tuple(sorted(listed[row["paper"]], key=lambda o: o.page.path)),
            arxiv_id=row.get("arxiv"),
            date=PartialDate.parse(row["date"]) if row.get("date") else None,
            authors=tuple(sorted(authors[row["paper"]])),
            author_count=int(row["count"]) if row.get("count") else None,
            upvotes=int(row["upvotes"]) if row.get("upvotes") else None,
            organization=row.get("org"),
            url=row.get("url"),
            record_id=row.get("id"),
            venue=row.get("venue"),
        )
        key_of[row["paper"]] = paper.key
        corpus.papers[paper.key] = paper
    for row in _rows(
        store,
        "SELECT ?license WHERE { ?d a void:Dataset ; dcterms:license ?license } "
        "ORDER BY ?license LIMIT 1",
    ):
        corpus.license = row["license"]
    aliases, broader = defaultdict(list), defaultdict(list)
    for row in _rows(store, "SELECT ?c ?alias WHERE { ?c skos:altLabel ?alias }"):
        aliases[row["c"]].append(row["alias"])
    for row in _rows(store, "SELECT ?c ?b WHERE { ?c skos:broader ?b }"):
        broader[row["c"]].append(_local(row["b"], "concept"))
    vocabulary = vocabulary_at("")
    for row in _rows(
        store,
        "SELECT ?c ?label ?type ?direction WHERE { ?c a ?type ; skos:prefLabel ?label "
        "VALUES ?type { pkg:Method pkg:Architecture pkg:Dataset pkg:Task pkg:Metric } "
        "OPTIONAL { ?c pkg:direction ?direction } }",
    ):
        key = _local(row["c"], "concept")
        known = row["c"] in vocabulary.entries or row["c"] in vocabulary.metrics
        corpus.concepts[key] = Concept(
            key,
            row["label"],
            _TYPES[row["type"]],
            tuple(sorted(aliases[row["c"]])),
            tuple(sorted(broader[row["c"]])),
            row["c"] if known else None,
            _DIRECTIONS.get(row.get("direction", "")),
        )
    for row in _rows(
        store,
        "SELECT ?r ?kind ?host WHERE { ?r a ?kind ; pkg:host ?host "
        "VALUES ?kind { pkg:Repository pkg:ProjectPage } }",
    ):
        kind = "repository" if row["kind"].endswith("Repository") else "project-page"
        corpus.repositories[row["r"]] = Repository(row["r"], kind, row["host"])
    for row in _rows(store, "SELECT ?mode WHERE { ?d a void:Dataset ; pkg:provenanceMode ?mode }"):
        corpus.provenance = row["mode"]
    paper_pages = {iri: _by_path(o.page for o in origins) for iri, origins in listed.items()}
    for row, link_pages in _LINK_ROWS[corpus.provenance](store, pages, paper_pages):
        target = row["target"]
        if target.startswith(PREFIXES["concept"]):
            target = _local(target, "concept")
        corpus.links.append(
            Link(
                paper_key=key_of[row["paper"]],
                target_key=target,
                relation=row["relation"],
                confidence=float(row.get("confidence", 0)),
                rule=_local(row["rule"], "rule") if "rule" in row else "",
                surface=row.get("surface")
                or (corpus.concepts[target].label if target in corpus.concepts else target),
                sentence_index=int(row.get("index", 0)),
                evidence=row.get("evidence", ""),
                pages=link_pages,
            )
        )
    corpus.results = _results(store, key_of, pages, corpus.concepts)
    return corpus


def _by_path(pages: Iterable[SourcePage]) -> tuple[SourcePage, ...]:
    """Distinct pages in the order a build gives a link's: by path."""
    return tuple(sorted(set(pages), key=lambda page: page.path))


#: A link read back: its row of terms by variable, and its pages.
_LinkRow = tuple[dict[str, str], tuple[SourcePage, ...]]


def _reified_links(
    store: ox.Store, pages: dict[str, SourcePage], paper_pages: dict[str, tuple[SourcePage, ...]]
) -> list[_LinkRow]:
    """A full graph's links: one pkg:ExtractedLink each, with its own pages."""
    link_pages: defaultdict[str, set[SourcePage]] = defaultdict(set)
    for row in _rows(store, "SELECT ?link ?page WHERE { ?link pkg:fromPage ?page }"):
        link_pages[row["link"]].add(pages[row["page"]])
    rows = _rows(
        store,
        """
        SELECT ?link ?paper ?relation ?target ?confidence ?rule ?surface ?index ?evidence WHERE {
          ?link a pkg:ExtractedLink ; rdf:subject ?paper ; rdf:predicate ?relation ;
                rdf:object ?target ; pkg:confidence ?confidence ; pkg:extractedBy ?rule ;
                pkg:surfaceForm ?surface ; pkg:sentenceIndex ?index ; pkg:evidence ?evidence }""",
    )
    return [
        ({**row, "relation": _local(row["relation"], "pkg")}, _by_path(link_pages[row["link"]]))
        for row in rows
    ]


def _compact_links(
    store: ox.Store, pages: dict[str, SourcePage], paper_pages: dict[str, tuple[SourcePage, ...]]
) -> list[_LinkRow]:
    """A compact graph's links: each relation and target an evidence node states, with
    the node's evidence; a link's pages are its paper's, its surface form not kept."""
    relation_of = {iri: relation for relation, iri in STATES.items()}
    rows = _rows(
        store,
        """
        SELECT ?paper ?states ?target ?confidence ?rule ?index ?evidence WHERE {
          ?node pkg:evidenceOf ?paper ; ?states ?target ; pkg:confidence ?confidence ;
                pkg:extractedBy ?rule ; pkg:sentenceIndex ?index ; pkg:evidence ?evidence .
          VALUES ?states { """
        + " ".join(f"<{iri}>" for iri in relation_of)
        + " } }",
    )
    return [
        ({**row, "relation": relation_of[row["states"]]}, paper_pages.get(row["paper"], ()))
        for row in rows
    ]


def _direct_links(
    store: ox.Store, pages: dict[str, SourcePage], paper_pages: dict[str, tuple[SourcePage, ...]]
) -> list[_LinkRow]:
    """A graph without provenance: the direct links, with their papers' pages only."""
    rows = _rows(
        store,
        "SELECT ?paper ?relation ?target WHERE { ?paper a pkg:Paper ; ?relation ?target "
        "VALUES ?relation { " + " ".join(f"pkg:{r}" for r in RELATIONS) + " } }",
    )
    return [
        ({**row, "relation": _local(row["relation"], "pkg")}, paper_pages.get(row["paper"], ()))
        for row in rows
    ]


#: How each provenance mode's links are read back.
_LINK_ROWS = {"full": _reified_links, "compact": _compact_links, "none": _direct_links}


def _results(
    store: ox.Store,
    key_of: dict[str, str],
    pages: dict[str, SourcePage],
    concepts: dict[str, Concept],
) -> list[ReportedResult]:
    """The papers' results in the order each paper states them (their IRIs number them)."""
    result_pages = defaultdict(list)
    for row in _rows(store, "SELECT ?r ?page WHERE { ?r a pkg:Result ; pkg:fromPage ?page }"):
        result_pages[row["r"]].append(pages[row["page"]])
    rows = _rows(
        store,
        """
        SELECT ?r ?paper ?value ?written ?unit ?kind ?change ?metric ?dataset ?task ?method
               ?confidence ?evidence ?index ?rule WHERE {
          ?paper pkg:reportsResult ?r .
          ?r pkg:value ?value ; pkg:valueAsWritten ?written ; pkg:resultKind ?kind ;
             pkg:confidence ?confidence ; pkg:evidence ?evidence ; pkg:sentenceIndex ?index ;
             pkg:extractedBy ?rule .
          OPTIONAL { ?r pkg:unit ?unit } OPTIONAL { ?r pkg:change ?change }
          OPTIONAL { ?r pkg:metric ?metric } OPTIONAL { ?r pkg:onDataset ?dataset }
          OPTIONAL { ?r pkg:forTask ?task } OPTIONAL { ?r pkg:ofMethod ?method } }""",
    )
    by_paper = defaultdict(list)
    for row in rows:
        by_paper[key_of[row["paper"]]].append(row)
    results = []
    for paper_key in sorted(by_paper):
        stated = by_paper[paper_key]
        position = {result_iri(paper_key, n): n for n in range(len(stated))}
        for row in sorted(stated, key=lambda row: position.get(row["r"], len(stated))):
            keys = {
                role: _local(row[role], "concept") if row.get(role) else None
                for role in ("metric", "dataset", "task", "method")
            }
            words = {
                role: concepts[key].label if key in concepts else None
                for role, key in keys.items()
                if key
            }
            metric = keys["metric"]
            result = Result(
                value=row["written"],
                number=plain_decimal(row["value"]),
                unit=row.get("unit", ""),
                kind=row["kind"],
                sentence_index=int(row["index"]),
                evidence=row["evidence"],
                rule=_local(row["rule"], "rule"),
                confidence=float(row["confidence"]),
                metric=words.get("metric"),
                metric_id=concepts[metric].vocabulary_id if metric in concepts else None,
                dataset=words.get("dataset"),
                task=words.get("task"),
                method=words.get("method"),
                change=row.get("change"),
            )
            results.append(
                ReportedResult(
                    paper_key,
                    result,
                    keys["metric"],
                    keys["dataset"],
                    keys["task"],
                    keys["method"],
                    tuple(sorted(result_pages[row["r"]], key=lambda p: p.path)),
                )
            )
    return results
