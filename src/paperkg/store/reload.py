"""Read a graph paperkg exported back into a :class:`~paperkg.model.Corpus`.

``paperkg export GRAPH --format X`` converts a built graph to any format of the
writer registry without the original listings: the Turtle (or N-Triples) is
loaded into Oxigraph and the papers, concepts, repositories and reified links
are read back with SPARQL. Keys and IRIs are the same functions of the text as
in a build, so a round trip gives the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from paperkg.knowledge import vocabulary_at
from paperkg.model import Concept, Corpus, Link, Origin, Paper, PartialDate, Repository, SourcePage
from paperkg.namespaces import PREFIXES
from paperkg.store.query import load_store, run_query

__all__ = ["corpus_from_graph"]

_TYPES = {
    f"{PREFIXES['pkg']}{name}": name.lower()
    for name in ("Method", "Architecture", "Dataset", "Task")
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
        "SELECT ?c ?label ?type WHERE { ?c a ?type ; skos:prefLabel ?label "
        "VALUES ?type { pkg:Method pkg:Architecture pkg:Dataset pkg:Task } }",
    ):
        key = _local(row["c"], "concept")
        corpus.concepts[key] = Concept(
            key,
            row["label"],
            _TYPES[row["type"]],
            tuple(sorted(aliases[row["c"]])),
            tuple(sorted(broader[row["c"]])),
            row["c"] if row["c"] in vocabulary.entries else None,
        )
    for row in _rows(
        store,
        "SELECT ?r ?kind ?host WHERE { ?r a ?kind ; pkg:host ?host "
        "VALUES ?kind { pkg:Repository pkg:ProjectPage } }",
    ):
        kind = "repository" if row["kind"].endswith("Repository") else "project-page"
        corpus.repositories[row["r"]] = Repository(row["r"], kind, row["host"])
    link_pages = defaultdict(list)
    for row in _rows(store, "SELECT ?link ?page WHERE { ?link pkg:fromPage ?page }"):
        link_pages[row["link"]].append(pages[row["page"]])
    for row in _rows(
        store,
        """
        SELECT ?link ?paper ?relation ?target ?confidence ?rule ?surface ?index ?evidence WHERE {
          ?link a pkg:ExtractedLink ; rdf:subject ?paper ; rdf:predicate ?relation ;
                rdf:object ?target ; pkg:confidence ?confidence ; pkg:extractedBy ?rule ;
                pkg:surfaceForm ?surface ; pkg:sentenceIndex ?index ; pkg:evidence ?evidence }""",
    ):
        target = row["target"]
        if target.startswith(PREFIXES["concept"]):
            target = _local(target, "concept")
        corpus.links.append(
            Link(
                paper_key=key_of[row["paper"]],
                target_key=target,
                relation=_local(row["relation"], "pkg"),
                confidence=float(row["confidence"]),
                rule=_local(row["rule"], "rule"),
                surface=row["surface"],
                sentence_index=int(row["index"]),
                evidence=row["evidence"],
                pages=tuple(sorted(link_pages[row["link"]], key=lambda p: p.path)),
            )
        )
    return corpus
